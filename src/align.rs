//! Paragraph and sentence alignment of translation pairs (Gale–Church with
//! anchors), and figure checks between aligned beads.

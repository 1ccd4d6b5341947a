//! Dataset writers (JSONL, CoNLL, brat, CSV, TMX) and importers.

//! How other annotators' layers look when shown read-only beside one's
//! own (team mode, not blind): a solid chip of the layer's colour with
//! white text, so that they cannot be taken for one's own annotations
//! (tints) or suggestions (coloured italics), and no underline, which would
//! cut through the dots below Arabic letters.

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;

/// Colours of other annotators' layers shown read-only (team mode), by
/// their order in the team, with the text colour drawn on them: blue and
/// magenta, the two ANSI colours that no label, flag or search match uses
/// even at 8 colours (docs/CONFIG.md), so that another layer is never taken
/// for one's own annotation. White on blue is 8.6:1 in xterm's colours;
/// white on magenta only 3.8:1, so that text is bold.
const LAYER_COLORS: [(Color, &str, Modifier); 2] = [
    (Color::Blue, "blue", Modifier::empty()),
    (Color::Magenta, "magenta", Modifier::BOLD),
];

/// The colour of the `i`-th other layer.
pub fn layer_color(i: usize) -> Color {
    LAYER_COLORS[i % LAYER_COLORS.len()].0
}

/// The name of that colour, for the status line.
pub fn layer_mark(i: usize) -> &'static str {
    LAYER_COLORS[i % LAYER_COLORS.len()].1
}

impl Theme {
    /// A cell covered by another annotator's annotation (and none of one's
    /// own): white on that layer's colour; without colour, dim italic.
    pub fn other_layer(&self, base: Style, i: usize) -> Style {
        if self.color {
            let (bg, _, bold) = LAYER_COLORS[i % LAYER_COLORS.len()];
            base.fg(Color::White).bg(bg).add_modifier(bold)
        } else {
            base.add_modifier(Modifier::DIM | Modifier::ITALIC)
        }
    }
}

//! How other annotators' layers look when shown read-only beside one's
//! own (team mode, not blind): a solid chip of the layer's colour with
//! black text, so that they cannot be taken for one's own annotations
//! (tints) or suggestions (coloured italics), and no underline, which would
//! cut through the dots below Arabic letters.

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;

/// Colours of other annotators' layers shown read-only (team mode), by
/// their order in the team: named ANSI colours, so that they stay distinct
/// at 8 colours.
/// Each carries black text readably (WCAG ≥ 4.5:1 with xterm's values).
const LAYER_COLORS: [(Color, &str); 4] = [
    (Color::Cyan, "cyan"),
    (Color::Yellow, "yellow"),
    (Color::Green, "green"),
    (Color::LightMagenta, "pink"),
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
    /// own): black on that layer's colour; without colour, dim italic.
    pub fn other_layer(&self, base: Style, i: usize) -> Style {
        if self.color {
            base.fg(Color::Black).bg(layer_color(i))
        } else {
            base.add_modifier(Modifier::DIM | Modifier::ITALIC)
        }
    }
}

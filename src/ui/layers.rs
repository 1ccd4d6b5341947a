//! How other annotators' layers look when shown read-only beside one's
//! own (team mode, not blind): a colour per layer, italic.

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;

/// Colours of other annotators' layers shown read-only (team mode), by
/// their order in the team: named ANSI colours, so that they stay distinct
/// at 8 colours.
const LAYER_COLORS: [(Color, &str); 4] = [
    (Color::Cyan, "cyan"),
    (Color::Magenta, "magenta"),
    (Color::Yellow, "yellow"),
    (Color::Green, "green"),
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
    /// own): that layer's colour, italic; without colour, dim italic.
    pub fn other_layer(&self, base: Style, i: usize) -> Style {
        if self.color {
            base.fg(layer_color(i)).add_modifier(Modifier::ITALIC)
        } else {
            base.add_modifier(Modifier::DIM | Modifier::ITALIC)
        }
    }
}

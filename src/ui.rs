//! ratatui views that borrow the state and draw it; keymap; themes.

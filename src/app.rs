//! The TUI's state machine: `update(&mut State, Action) -> Vec<Effect>`. No
//! terminal here.

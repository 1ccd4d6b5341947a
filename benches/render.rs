//! Rendering speed; see issue notes. Prints numbers.
fn main() {}

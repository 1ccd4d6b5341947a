//! Git conflict markers: the versions a line merge left in one file.
//!
//! A merge made without hashiya's driver (a web UI ignores merge drivers)
//! leaves `<<<<<<<`, `=======`, `>>>>>>>` blocks, with a `|||||||` base part
//! when `merge.conflictStyle` is `diff3` or `zdiff3`. Taking every ours part
//! with the common text gives our version back, and likewise theirs and the
//! base; `hashiya resolve` merges those as the driver would have.

/// The versions held by a file with conflict markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sides {
    pub ours: String,
    pub theirs: String,
    /// Only when every block has a base part.
    pub base: Option<String>,
}

/// Whether `line` is a marker of `ch` repeated `size` times (then a space
/// and a label, or nothing).
fn is_marker(line: &str, ch: char, size: usize) -> bool {
    let n = line.chars().take_while(|&c| c == ch).count();
    n == size
        && line
            .chars()
            .nth(size)
            .is_none_or(|c| c == ' ' || c == '\r' || c == '\n')
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Common,
    Ours,
    Base,
    Theirs,
}

/// Split a file with conflict markers into its versions; `None` when it has
/// no complete marker block, or a block is malformed. `size` is the marker
/// length (git's default is 7).
pub fn split(text: &str, size: usize) -> Option<Sides> {
    let mut ours = String::with_capacity(text.len());
    let mut theirs = String::with_capacity(text.len());
    let mut base = String::with_capacity(text.len());
    let mut all_have_base = true;
    let mut block_has_base = false;
    let mut blocks = 0;
    let mut part = Part::Common;
    for line in text.split_inclusive('\n') {
        let next = match part {
            Part::Common if is_marker(line, '<', size) => Some(Part::Ours),
            Part::Ours if is_marker(line, '|', size) => Some(Part::Base),
            Part::Ours | Part::Base if is_marker(line, '=', size) => Some(Part::Theirs),
            Part::Theirs if is_marker(line, '>', size) => Some(Part::Common),
            _ => None,
        };
        if let Some(next) = next {
            match next {
                Part::Ours => block_has_base = false,
                Part::Base => block_has_base = true,
                Part::Common => {
                    blocks += 1;
                    all_have_base &= block_has_base;
                }
                Part::Theirs => {}
            }
            part = next;
            continue;
        }
        match part {
            Part::Common => {
                ours.push_str(line);
                theirs.push_str(line);
                base.push_str(line);
            }
            Part::Ours => ours.push_str(line),
            Part::Base => base.push_str(line),
            Part::Theirs => theirs.push_str(line),
        }
    }
    (part == Part::Common && blocks > 0).then(|| Sides {
        ours,
        theirs,
        base: all_have_base.then_some(base),
    })
}

/// Whether `text` holds a line that opens a conflict block.
pub fn has_markers(text: &str, size: usize) -> bool {
    text.split_inclusive('\n').any(|l| is_marker(l, '<', size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_style_and_diff3_style() {
        let t = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> other\nd\n";
        let s = split(t, 7).unwrap();
        assert_eq!(
            (s.ours.as_str(), s.theirs.as_str(), s.base),
            ("a\nb\nd\n", "a\nc\nd\n", None)
        );
        let t = "a\n<<<<<<< HEAD\nb\n||||||| base\nx\n=======\nc\n>>>>>>> other\nd\n";
        let s = split(t, 7).unwrap();
        assert_eq!(s.base.as_deref(), Some("a\nx\nd\n"));
        // Unclosed or absent blocks are not a conflict file.
        assert_eq!(split("a\n<<<<<<< HEAD\nb\n=======\n", 7), None);
        assert_eq!(split("a = \"<<<<<<< not a marker\"\n", 7), None);
        // Eight '<' is not a marker of size 7.
        assert_eq!(split("<<<<<<<< x\n=======\n>>>>>>> y\n", 7), None);
    }
}

//! Fast character properties for the common scripts (below U+0800), from
//! the generated `tables::LOW`; everything else goes to the crates.

use unicode_bidi::BidiClass;

use super::shape::Joining;
use super::tables::{LOW, LOW_CLASSES};

const OTHER: u16 = 1 << 8;
const EXTEND: u16 = 1 << 9;

#[inline]
fn low(c: char) -> Option<u16> {
    LOW.get(u32::from(c) as usize).copied()
}

/// The bidi class of `c` (the same as `unicode_bidi::bidi_class`, faster
/// for the common scripts).
#[inline]
pub(crate) fn bidi_class(c: char) -> BidiClass {
    match low(c) {
        Some(v) => LOW_CLASSES
            .get(usize::from(v & 0x1F))
            .copied()
            .unwrap_or(BidiClass::L),
        None => unicode_bidi::bidi_class(c),
    }
}

/// The joining type of `c` below U+0800, if it is there.
#[inline]
pub(crate) fn low_joining(c: char) -> Option<Joining> {
    low(c).map(|v| match (v >> 5) & 7 {
        1 => Joining::Dual,
        2 => Joining::Right,
        3 => Joining::Left,
        4 => Joining::Causing,
        5 => Joining::Transparent,
        _ => Joining::NonJoining,
    })
}

/// How `c` takes part in grapheme clusters, when that is simple: a base
/// (`Some(false)`: Grapheme_Cluster_Break Other, one column wide) or an
/// extending mark (`Some(true)`: Extend, zero width). `None` for anything
/// else (controls, prepend, Hangul, emoji, characters above U+0800, ...),
/// which needs the full UAX #29 rules.
#[inline]
pub(crate) fn simple_cluster_part(c: char) -> Option<bool> {
    let v = low(c)?;
    if v & OTHER != 0 {
        Some(false)
    } else if v & EXTEND != 0 {
        Some(true)
    } else {
        None
    }
}

/// `(bidi_class(c), simple_cluster_part(c))` with one table lookup.
#[inline]
pub(crate) fn class_and_cluster_part(c: char) -> (BidiClass, Option<bool>) {
    match low(c) {
        Some(v) => {
            let class = LOW_CLASSES
                .get(usize::from(v & 0x1F))
                .copied()
                .unwrap_or(BidiClass::L);
            let part = if v & OTHER != 0 {
                Some(false)
            } else if v & EXTEND != 0 {
                Some(true)
            } else {
                None
            };
            (class, part)
        }
        None => (unicode_bidi::bidi_class(c), None),
    }
}

/// The bidi data source handed to `unicode-bidi`: the same classes, with
/// the fast table in front.
pub(crate) struct FastBidiData;

impl unicode_bidi::BidiDataSource for FastBidiData {
    fn bidi_class(&self, c: char) -> BidiClass {
        bidi_class(c)
    }
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthChar;

    use super::*;

    #[test]
    fn low_table_agrees_with_the_crates() {
        for cp in 0u32..0x800 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(
                bidi_class(c),
                unicode_bidi::bidi_class(c),
                "bidi class of U+{cp:04X}"
            );
            assert_eq!(
                low_joining(c),
                Some(super::super::shape::joining_from_ranges(c)),
                "U+{cp:04X}"
            );
            assert_eq!(
                class_and_cluster_part(c),
                (bidi_class(c), simple_cluster_part(c)),
                "U+{cp:04X}"
            );
            match simple_cluster_part(c) {
                Some(false) => {
                    assert_eq!(c.width(), Some(1), "width of base U+{cp:04X}");
                    // A base starts a new cluster after a base.
                    assert_eq!(format!("a{c}").graphemes(true).count(), 2, "U+{cp:04X}");
                }
                Some(true) => {
                    assert_eq!(c.width(), Some(0), "width of mark U+{cp:04X}");
                    assert_eq!(format!("a{c}").graphemes(true).count(), 1, "U+{cp:04X}");
                    assert_eq!(format!("{c}{c}").graphemes(true).count(), 1, "U+{cp:04X}");
                }
                None => {}
            }
        }
    }
}

//! Arabic joining (ArabicShaping.txt), contextual forms, lam-alef ligatures
//! and bidi mirroring (BidiMirroring.txt), from the generated `tables`.

use super::tables::{FORMS, JOINING, LAM_ALEF, MIRRORING};

/// Unicode joining type (ArabicShaping.txt, column 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joining {
    /// D: joins on both sides.
    Dual,
    /// R: joins to the preceding (right-hand) letter only.
    Right,
    /// L: joins to the following letter only.
    Left,
    /// C: join-causing (ZWJ, tatweel): makes both neighbours join.
    Causing,
    /// T: transparent (harakat and other marks); skipped when joining.
    Transparent,
    /// U: non-joining.
    NonJoining,
}

impl Joining {
    /// Can join to the letter before it (logically)?
    #[inline]
    fn joins_before(self) -> bool {
        matches!(self, Joining::Dual | Joining::Right | Joining::Causing)
    }
    /// Can join to the letter after it (logically)?
    #[inline]
    fn joins_after(self) -> bool {
        matches!(self, Joining::Dual | Joining::Left | Joining::Causing)
    }
}

/// The joining type of `c`.
#[inline]
pub fn joining(c: char) -> Joining {
    super::props::low_joining(c).unwrap_or_else(|| joining_from_ranges(c))
}

/// The joining type of `c` from the range table (any code point).
pub(crate) fn joining_from_ranges(c: char) -> Joining {
    let cp = u32::from(c);
    match JOINING.binary_search_by(|&(lo, hi, _)| {
        if hi < cp {
            std::cmp::Ordering::Less
        } else if lo > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => JOINING.get(i).map_or(Joining::NonJoining, |e| e.2),
        Err(_) => Joining::NonJoining,
    }
}

/// The Bidi_Mirroring_Glyph of `c` (rule L4), if it has one.
#[inline]
pub fn mirror(c: char) -> Option<char> {
    // Every character of BidiMirroring.txt has bidi class ON; the fast
    // class table rules out the letters of the common scripts at once.
    if u32::from(c) < 0x800 && super::props::bidi_class(c) != unicode_bidi::BidiClass::ON {
        return None;
    }
    MIRRORING
        .binary_search_by_key(&c, |&(a, _)| a)
        .ok()
        .and_then(|i| MIRRORING.get(i))
        .map(|&(_, b)| b)
}

/// `FORMS` for the letters U+0600..U+07FF, indexed directly.
const DENSE_FORMS: [[u32; 4]; 0x200] = {
    let mut table = [[0u32; 4]; 0x200];
    let mut i = 0;
    while i < FORMS.len() {
        let (base, forms) = FORMS[i];
        if base >= 0x600 && base < 0x800 {
            table[(base - 0x600) as usize] = forms;
        }
        i += 1;
    }
    table
};

/// A contextual form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Isolated = 0,
    Final = 1,
    Initial = 2,
    Medial = 3,
}

/// The presentation form of letter `c`, if Unicode has one.
#[inline]
pub fn form(c: char, f: Form) -> Option<char> {
    let cp = u32::from(c);
    let forms = if (0x600..0x800).contains(&cp) {
        *DENSE_FORMS.get((cp - 0x600) as usize)?
    } else {
        let i = FORMS.binary_search_by_key(&cp, |&(b, _)| b).ok()?;
        FORMS.get(i)?.1
    };
    let shaped = *forms.get(f as usize)?;
    if shaped == 0 {
        None
    } else {
        char::from_u32(shaped)
    }
}

/// The lam-alef ligature for `alef` (isolated or final form), if `alef` is one
/// of the alefs that form a ligature with lam.
#[inline]
pub fn lam_alef(alef: char, final_form: bool) -> Option<char> {
    let cp = u32::from(alef);
    let &(_, iso, fin) = LAM_ALEF.iter().find(|&&(a, _, _)| a == cp)?;
    char::from_u32(if final_form { fin } else { iso })
}

/// ARABIC LETTER LAM.
pub const LAM: char = '\u{0644}';

/// What shaping does to one character of the logical text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shaped {
    /// Draw this character (a presentation form or the original).
    Char(char),
    /// An alef that went into the lam-alef ligature drawn for the lam before it.
    Ligated,
}

/// Shape `chars` (one paragraph, logical order) with their bidi `levels`:
/// joining forms, joining never across a change of level, transparent marks
/// skipped, and (when `ligatures`) lam-alef ligatures. A ligature is made
/// only when the alef directly follows the lam (as fribidi does): with a
/// haraka between them (لًا) the two letters keep their own cells. The result has one
/// entry per input character; no character disappears: an alef merged into a
/// ligature is reported as [`Shaped::Ligated`].
pub fn shape(
    chars: &[char],
    levels: &[u8],
    ligatures: bool,
    types: &mut Vec<Joining>,
    out: &mut Vec<Shaped>,
) {
    out.clear();
    out.extend(chars.iter().map(|&c| Shaped::Char(c)));
    types.clear();
    types.extend(chars.iter().map(|&c| joining(c)));
    let level_at = |i: usize| levels.get(i).copied().unwrap_or(0);
    // Index of the previous non-transparent character, if on the same level.
    let mut prev: Option<usize> = None;
    for i in 0..chars.len() {
        let t = types.get(i).copied().unwrap_or(Joining::NonJoining);
        if t == Joining::Transparent {
            continue;
        }
        let p = prev.filter(|&p| level_at(p) == level_at(i));
        prev = Some(i);
        if !matches!(t, Joining::Dual | Joining::Right | Joining::Left) {
            // Not a letter with forms (space, digit, ZWJ, ...): only a
            // neighbour for the letters around it.
            continue;
        }
        let next = (i + 1..chars.len())
            .find(|&j| types.get(j) != Some(&Joining::Transparent))
            .filter(|&j| level_at(j) == level_at(i));
        let before = t.joins_before()
            && p.and_then(|p| types.get(p))
                .is_some_and(|pt| pt.joins_after());
        let after = t.joins_after()
            && next
                .and_then(|n| types.get(n))
                .is_some_and(|nt| nt.joins_before());
        let c = chars.get(i).copied().unwrap_or(' ');
        let f = match (before, after) {
            (true, true) => Form::Medial,
            (true, false) => Form::Final,
            (false, true) => Form::Initial,
            (false, false) => Form::Isolated,
        };
        if let Some(slot) = out.get_mut(i) {
            if *slot == Shaped::Ligated {
                continue;
            }
            if let Some(s) = form(c, f) {
                *slot = Shaped::Char(s);
            }
        }
        if ligatures
            && c == LAM
            && let Some(n) = next.filter(|&n| n == i + 1)
            && let Some(lig) = chars.get(n).and_then(|&alef| lam_alef(alef, before))
        {
            if let Some(slot) = out.get_mut(i) {
                *slot = Shaped::Char(lig);
            }
            if let Some(slot) = out.get_mut(n) {
                *slot = Shaped::Ligated;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(s: &str, lig: bool) -> String {
        let chars: Vec<char> = s.chars().collect();
        let levels = vec![1u8; chars.len()];
        let mut out = Vec::new();
        shape(&chars, &levels, lig, &mut Vec::new(), &mut out);
        out.iter()
            .filter_map(|s| match s {
                Shaped::Char(c) => Some(*c),
                Shaped::Ligated => None,
            })
            .collect()
    }

    #[test]
    fn joining_types_from_the_ucd() {
        assert_eq!(joining('\u{0628}'), Joining::Dual); // beh
        assert_eq!(joining('\u{0627}'), Joining::Right); // alef
        assert_eq!(joining('\u{064E}'), Joining::Transparent); // fatha
        assert_eq!(joining('\u{200D}'), Joining::Causing); // ZWJ
        assert_eq!(joining('\u{200C}'), Joining::NonJoining); // ZWNJ
        assert_eq!(joining('a'), Joining::NonJoining);
    }

    #[test]
    fn forms_follow_neighbours() {
        // beh beh beh: initial, medial, final (FE91, FE92, FE90).
        assert_eq!(shaped("ببب", true), "\u{FE91}\u{FE92}\u{FE90}");
        // A fatha between two behs does not stop the joining.
        assert_eq!(shaped("بَب", true), "\u{FE91}\u{064E}\u{FE90}");
        // ZWNJ breaks it; ZWJ forces it.
        assert_eq!(shaped("ب\u{200C}ب", true), "\u{FE8F}\u{200C}\u{FE8F}");
        assert_eq!(shaped("ب\u{200D}", true), "\u{FE91}\u{200D}");
        // Alef does not join to what follows.
        assert_eq!(shaped("اب", true), "\u{FE8D}\u{FE8F}");
    }

    #[test]
    fn lam_alef_ligature_is_optional() {
        assert_eq!(shaped("لا", true), "\u{FEFB}");
        assert_eq!(shaped("بلا", true), "\u{FE91}\u{FEFC}");
        assert_eq!(shaped("لا", false), "\u{FEDF}\u{FE8E}");
        assert_eq!(shaped("لأ", true), "\u{FEF7}");
    }

    #[test]
    fn no_joining_across_levels() {
        let chars: Vec<char> = "بب".chars().collect();
        let mut out = Vec::new();
        shape(&chars, &[1, 3], true, &mut Vec::new(), &mut out);
        assert_eq!(
            out,
            vec![Shaped::Char('\u{FE8F}'), Shaped::Char('\u{FE8F}')]
        );
    }

    /// The layout asks for a mirror only for class ON characters.
    #[test]
    fn every_mirrored_character_is_class_on() {
        for &(a, _) in MIRRORING {
            assert_eq!(
                unicode_bidi::bidi_class(a),
                unicode_bidi::BidiClass::ON,
                "U+{:04X}",
                u32::from(a)
            );
        }
    }

    #[test]
    fn mirroring() {
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror('\u{2265}'), Some('\u{2264}'));
        assert_eq!(mirror('«'), Some('»'));
        assert_eq!(mirror('a'), None);
    }

    fn ucd(name: &str) -> String {
        let path = format!("/usr/share/unicode/{name}");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}; install the Debian package `unicode-data`"))
    }

    fn records(text: &str) -> impl Iterator<Item = Vec<&str>> {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.split(';').map(str::trim).collect())
    }

    fn cp(field: &str) -> char {
        u32::from_str_radix(field, 16)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or_else(|| panic!("bad code point {field:?}"))
    }

    /// The generated tables match the UCD installed on this machine
    /// (regenerate with tools/gen_unicode_tables.py when this fails).
    #[test]
    fn tables_match_the_installed_ucd() {
        let mirroring: Vec<(char, char)> = records(&ucd("BidiMirroring.txt"))
            .map(|f| (cp(f[0]), cp(f[1])))
            .collect();
        assert!(mirroring.len() > 400);
        assert_eq!(MIRRORING.len(), mirroring.len(), "BidiMirroring.txt pairs");
        for (a, b) in &mirroring {
            assert_eq!(mirror(*a), Some(*b), "mirror of U+{:04X}", *a as u32);
        }

        let mut listed = 0;
        for f in records(&ucd("ArabicShaping.txt")) {
            let want = match f[2] {
                "D" => Joining::Dual,
                "R" => Joining::Right,
                "L" => Joining::Left,
                "C" => Joining::Causing,
                "T" => Joining::Transparent,
                "U" => Joining::NonJoining,
                other => panic!("unknown joining type {other}"),
            };
            assert_eq!(joining(cp(f[0])), want, "joining type of U+{}", f[0]);
            listed += 1;
        }
        assert!(listed > 500);

        let mut forms = 0;
        for f in records(&ucd("UnicodeData.txt")) {
            if f[2] == "Cs" {
                continue; // surrogates are not characters
            }
            let c = cp(f[0]);
            let parts: Vec<&str> = f[5].split_whitespace().collect();
            if f[2] == "Mn" && joining(c) != Joining::Transparent {
                panic!("U+{} (Mn) should be transparent", f[0]);
            }
            if !('\u{FE70}'..='\u{FEFF}').contains(&c) || parts.len() != 2 {
                continue;
            }
            let form_kind = match parts[0] {
                "<isolated>" => Form::Isolated,
                "<final>" => Form::Final,
                "<initial>" => Form::Initial,
                "<medial>" => Form::Medial,
                _ => continue,
            };
            assert_eq!(form(cp(parts[1]), form_kind), Some(c), "U+{}", f[0]);
            forms += 1;
        }
        assert!(forms > 100, "only {forms} Presentation Forms-B letters");
    }

    /// The committed tables are exactly what the generator writes today.
    #[test]
    fn tables_rs_is_what_the_generator_writes() {
        let root = env!("CARGO_MANIFEST_DIR");
        let out = std::process::Command::new("python3")
            .arg(format!("{root}/tools/gen_unicode_tables.py"))
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run python3 ({e}); install the Debian package `python3`")
            });
        assert!(
            out.status.success(),
            "generator failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let generated = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(
            generated == include_str!("tables.rs"),
            "src/text/tables.rs is stale: run python3 tools/gen_unicode_tables.py > src/text/tables.rs"
        );
    }
}

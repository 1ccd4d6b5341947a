//! Bidi levels for the common paragraph, without `unicode-bidi`'s per-byte
//! buffers: no explicit embeddings, overrides or isolates, no BN, and no
//! paragraph or segment separator inside. Such a paragraph is a single
//! isolating run sequence at the paragraph level, so UAX #9 reduces to the
//! weak (W1–W7), bracket (N0), neutral (N1–N2) and implicit (I1–I2) rules
//! on one array. Anything else goes through `unicode-bidi`. The property
//! test below and the BidiCharacterTest conformance test hold the two
//! paths to the same levels.

use unicode_bidi::BidiClass::{self, *};
use unicode_bidi::{BidiDataSource, HardcodedBidiData};

/// Can [`resolve`] handle a paragraph containing this class?
#[inline]
pub(crate) fn simple_class(class: BidiClass) -> bool {
    !matches!(
        class,
        LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI | BN | B | S
    )
}

/// Paragraph level by rules P2/P3 (first strong character; 0 when none),
/// for a paragraph of simple classes.
pub(crate) fn first_strong_level(classes: &[BidiClass]) -> u8 {
    for &c in classes {
        match c {
            L => return 0,
            R | AL => return 1,
            _ => {}
        }
    }
    0
}

/// Strong direction of a resolved type for N0/N1 (EN and AN count as R).
#[inline]
fn strong(t: BidiClass) -> Option<BidiClass> {
    match t {
        L => Some(L),
        R | AL | EN | AN => Some(R),
        _ => None,
    }
}

/// Resolve the embedding level of every character. `classes` are the
/// original classes (all `simple_class`), `para` the paragraph level;
/// `types` is scratch space.
pub(crate) fn resolve(
    chars: &[char],
    classes: &[BidiClass],
    para: u8,
    types: &mut Vec<BidiClass>,
    levels: &mut Vec<u8>,
) {
    let n = classes.len();
    let e = if para % 2 == 1 { R } else { L };
    types.clear();
    types.extend_from_slice(classes);
    let t = types.as_mut_slice();

    // W1: a mark takes the type of what precedes it (sos at the start).
    // W2: EN after AL (as last strong) is AN. W3: AL is R. One pass: `prev`
    // keeps the type after W1 only, as W1 sees it.
    let mut prev = e;
    let mut last = e;
    for x in t.iter_mut() {
        if *x == NSM {
            *x = prev;
        }
        prev = *x;
        match *x {
            L | R => last = *x,
            AL => {
                last = AL;
                *x = R;
            }
            EN if last == AL => *x = AN,
            _ => {}
        }
    }
    // W4: a single separator between two numbers of the same kind.
    for i in 1..n.saturating_sub(1) {
        let (Some(&a), Some(&x), Some(&b)) = (t.get(i - 1), t.get(i), t.get(i + 1)) else {
            continue;
        };
        let joined = match x {
            ES => a == EN && b == EN,
            CS => a == b && (a == EN || a == AN),
            _ => false,
        };
        if joined && let Some(slot) = t.get_mut(i) {
            *slot = a;
        }
    }
    // W5: terminators next to a European number are EN.
    let mut i = 0;
    while i < n {
        if t.get(i) != Some(&ET) {
            i += 1;
            continue;
        }
        let mut j = i;
        while t.get(j) == Some(&ET) {
            j += 1;
        }
        let touches = (i > 0 && t.get(i - 1) == Some(&EN)) || t.get(j) == Some(&EN);
        if touches && let Some(run) = t.get_mut(i..j) {
            run.fill(EN);
        }
        i = j;
    }
    // W6: remaining separators and terminators are neutral. W7: EN after
    // L (as last strong, sos included) is L.
    let mut last = e;
    for x in t.iter_mut() {
        match *x {
            ES | ET | CS => *x = ON,
            L | R => last = *x,
            EN if last == L => *x = L,
            _ => {}
        }
    }

    // N0: paired brackets (BD16), in order of their opening bracket.
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        // Below U+0800 the only paired brackets are ( ) [ ] { }.
        if t.get(i) != Some(&ON)
            || (c < '\u{800}' && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}'))
        {
            continue;
        }
        let Some(b) = HardcodedBidiData.bidi_matched_opening_bracket(c) else {
            continue;
        };
        if b.is_open {
            if stack.len() == 63 {
                break;
            }
            stack.push((b.opening, i));
        } else if let Some(k) = stack.iter().rposition(|&(o, _)| o == b.opening) {
            if let Some(&(_, open)) = stack.get(k) {
                pairs.push((open, i));
            }
            stack.truncate(k);
        }
    }
    pairs.sort_unstable();
    for (open, close) in pairs {
        let mut found_e = false;
        let mut found_other = false;
        for x in t.get(open + 1..close).unwrap_or_default() {
            match strong(*x) {
                Some(d) if d == e => {
                    found_e = true;
                    break;
                }
                Some(_) => found_other = true,
                None => {}
            }
        }
        let dir = if found_e {
            e
        } else if found_other {
            let context = t
                .get(..open)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|&x| strong(x))
                .unwrap_or(e);
            if context != e { context } else { e }
        } else {
            continue;
        };
        for at in [open, close] {
            if let Some(slot) = t.get_mut(at) {
                *slot = dir;
            }
            let mut k = at + 1;
            while classes.get(k) == Some(&NSM) {
                if let Some(slot) = t.get_mut(k) {
                    *slot = dir;
                }
                k += 1;
            }
        }
    }

    // N1/N2: a run of neutrals between two of the same direction takes it;
    // otherwise the embedding direction.
    let mut i = 0;
    while i < n {
        if !matches!(t.get(i), Some(ON | WS)) {
            i += 1;
            continue;
        }
        let mut j = i;
        while matches!(t.get(j), Some(ON | WS)) {
            j += 1;
        }
        let before = if i == 0 {
            e
        } else {
            t.get(i - 1).and_then(|&x| strong(x)).unwrap_or(e)
        };
        let after = t.get(j).and_then(|&x| strong(x)).unwrap_or(e);
        let dir = if before == after { before } else { e };
        if let Some(run) = t.get_mut(i..j) {
            run.fill(dir);
        }
        i = j;
    }

    // I1/I2.
    levels.clear();
    levels.extend(t.iter().map(|&x| {
        if para.is_multiple_of(2) {
            match x {
                R => para + 1,
                AN | EN => para + 2,
                _ => para,
            }
        } else {
            match x {
                L | EN | AN => para + 1,
                _ => para,
            }
        }
    }));
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_bidi::{Level, ParagraphBidiInfo};

    use super::*;

    fn text() -> impl Strategy<Value = String> {
        let pool: Vec<char> =
            "ابت אב ab 012 ٠١ ()[]{}«»<> .,:;+-%$#/ !\"' \u{064E}\u{0651}\u{0300}\u{06F1}"
                .chars()
                .collect();
        proptest::collection::vec(proptest::sample::select(pool), 0..30)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn same_levels_as_unicode_bidi(s in text(), dir in 0u8..3) {
            let chars: Vec<char> = s.chars().collect();
            let classes: Vec<BidiClass> = chars.iter().map(|&c| unicode_bidi::bidi_class(c)).collect();
            prop_assume!(classes.iter().all(|&c| simple_class(c)));
            let (para, level) = match dir {
                0 => (0, Some(Level::ltr())),
                1 => (1, Some(Level::rtl())),
                _ => (first_strong_level(&classes), None),
            };
            let info = ParagraphBidiInfo::new(&s, level);
            prop_assert_eq!(info.paragraph_level.number(), para);
            let want: Vec<u8> = s.char_indices().map(|(i, _)| info.levels[i].number()).collect();
            let mut types = Vec::new();
            let mut got = Vec::new();
            resolve(&chars, &classes, para, &mut types, &mut got);
            prop_assert_eq!(got, want);
        }
    }
}

//! Numbers in Arabic and English news text, normalized so that the same
//! figure compares equal however it is written: `5700`, `5,700`, `٥٧٠٠`,
//! `۵۷۰۰`, `5.7 thousand`, `5.7 ألف`; `2٫5٪` = `2.5%` = `2.5 percent`.
//!
//! Used by the aligner (numbers are anchors), by `pair --suggest` and by the
//! figure check (`hashiya qa`). How numbers are written (digit sets,
//! separators, scale and percent words) is [`crate::corpus::numbers`], shared
//! with the suggestion detector; this module only decides what the aligner
//! counts as a figure.

pub use crate::corpus::numbers::{Kind, Number as Figure};

/// Every number of `text` written in digits (what the aligner and `pair
/// --suggest` count): every run of digits (codes like `G20` included: good
/// anchors), with separators, scale words, percents, ordinal suffixes and
/// times read by [`crate::corpus::numbers::numbers`].
pub fn figures(text: &str) -> Vec<Figure> {
    all(text).into_iter().filter(|n| !n.words).collect()
}

/// Every number of `text`, in digits or in words (what the figure check
/// compares).
pub fn all(text: &str) -> Vec<Figure> {
    crate::corpus::numbers::numbers(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        figures(text).iter().map(Figure::key).collect()
    }

    #[test]
    fn digit_sets_and_separators_agree() {
        assert_eq!(keys("5700"), ["5700"]);
        assert_eq!(keys("5,700 dead"), ["5700"]);
        assert_eq!(keys("أكثر من ٥٧٠٠ فلسطيني"), ["5700"]);
        assert_eq!(keys("۵۷۰۰"), ["5700"]);
        assert_eq!(keys("٥٬٧٠٠"), ["5700"]);
        assert_eq!(keys("2٫5 and 2.5"), ["2.5", "2.5"]);
        assert_eq!(keys("1,234,567.25"), ["1234567.25"]);
    }

    #[test]
    fn commas_that_are_not_thousands_separators_split_numbers() {
        assert_eq!(keys("1,2,3"), ["1", "2", "3"]);
        assert_eq!(keys("in 2014, 600 soldiers"), ["2014", "600"]);
        assert_eq!(keys("12,3456"), ["12", "3456"]);
        assert_eq!(keys("end of 2019."), ["2019"]);
    }

    #[test]
    fn scale_words_multiply() {
        assert_eq!(keys("2.5 million people"), ["2500000"]);
        assert_eq!(keys("2.5 مليون شخص"), ["2500000"]);
        assert_eq!(keys("3 ملايين"), ["3000000"]);
        assert_eq!(keys("5 آلاف"), ["5000"]);
        assert_eq!(keys("4 مليارات دولار"), ["4000000000"]);
        assert_eq!(keys("$4 billion"), ["4000000000"]);
        assert_eq!(keys("$4bn"), ["4000000000"]);
        // A word that only starts like a scale word is not one.
        assert_eq!(keys("3 millionaires"), ["3"]);
    }

    #[test]
    fn shared_rules_from_corpus_numbers() {
        // Abbreviations scale only when glued on; `bn` either way.
        assert_eq!(keys("$5m fund, a 5 m wall"), ["5000000", "5"]);
        assert_eq!(keys("20k and 4 bn"), ["20000", "4000000000"]);
        assert_eq!(keys("5 hundred"), ["500"]);
        // Groups only after one to three leading digits.
        assert_eq!(keys("1234,567"), ["1234", "567"]);
        assert_eq!(keys("25 pct, 25 بالمية"), ["25", "25"]);
        assert!(
            figures("25 pct, 25 بالمية")
                .iter()
                .all(|f| f.kind == Kind::Percent)
        );
    }

    #[test]
    fn percents_and_years_are_marked() {
        let f = figures("50% و٥٠٪ و50 بالمئة and 50 percent");
        assert_eq!(f.len(), 4);
        assert!(
            f.iter().all(|f| f.kind == Kind::Percent && f.key() == "50"),
            "{f:?}"
        );
        let f = figures("in 2014 and 1,999 and 20140");
        assert_eq!(
            f.iter().map(|f| f.kind == Kind::Year).collect::<Vec<_>>(),
            [true, false, false]
        );
    }

    #[test]
    fn ranges_cover_digits_and_suffix() {
        let text = "قتل ٥٧٠٠ شخص و2.5 مليون";
        let f = figures(text);
        assert_eq!(text.get(f[0].range.clone()), Some("٥٧٠٠"));
        assert_eq!(text.get(f[1].range.clone()), Some("2.5 مليون"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::corpus::numbers::digit_value;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn figures_never_panic_and_ranges_are_slices(
            v in prop::collection::vec(prop::sample::select(vec![
                "1", "٥", "۷", ",", "٬", ".", "٫", "%", "٪", " ", "million", "مليون", "ألف", "x", "é", "بالمئة",
            ]), 0..30)
        ) {
            let t = v.concat();
            let mut last = 0;
            for f in figures(&t) {
                prop_assert!(f.range.start >= last);
                let s = t.get(f.range.clone());
                prop_assert!(s.is_some());
                prop_assert!(s.unwrap().chars().next().and_then(digit_value).is_some());
                prop_assert!(f.value.to_f64().is_finite() && f.value.to_f64() >= 0.0);
                last = f.range.end;
            }
        }

        #[test]
        fn digit_sets_give_equal_values(n in 0u64..10_000_000) {
            let ascii = n.to_string();
            let indic: String = ascii.chars().map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap()).collect();
            let persian: String = ascii.chars().map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap()).unwrap()).collect();
            // Thousands separators every three digits from the right.
            let mut grouped = String::new();
            for (k, c) in ascii.chars().enumerate() {
                if k > 0 && (ascii.len() - k) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let want = vec![n.to_string()];
            for s in [ascii.clone(), indic, persian, grouped.clone(), grouped.replace(',', "٬")] {
                let keys: Vec<String> = figures(&s).iter().map(Figure::key).collect();
                prop_assert_eq!(&keys, &want, "{}", s);
            }
        }
    }
}

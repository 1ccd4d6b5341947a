//! TMX 1.4 of aligned segments of translation pairs, valid against the TMX
//! 1.4 DTD. One `<tu>` per aligned bead with text on both sides (a bead with
//! several sentences on a side joins them with a space); each `<tu>` carries
//! `srclang`, each `<tuv>` its `xml:lang` and a `x-document` property naming
//! its file. Text is escaped for XML; characters XML 1.0 forbids (C0 controls
//! other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD and are reported;
//! CR is written as `&#13;` so parsers do not fold it.

use std::io::{self, Write};

use super::Problem;
use crate::align::{
    AlignFileError, Alignment, Bead, PairFile, align_sentences, paragraph_ranges, split_sentences,
};

/// The aligned segments of one translation pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignedPair {
    pub source_path: String,
    pub source_lang: String,
    pub target_path: String,
    pub target_lang: String,
    /// (source text, target text) per aligned bead.
    pub segments: Vec<(String, String)>,
}

/// The paragraphs of a text as the aligner sees them (see [`paragraph_ranges`]).
pub fn paragraphs(text: &str) -> Vec<&str> {
    paragraph_ranges(text)
        .into_iter()
        .filter_map(|r| text.get(r))
        .collect()
}

/// The reviewed paragraph alignment of a pair (`src_paras`, `tgt_paras` of
/// the documents at `src`, `tgt`): the confirmed beads saved for the pair,
/// beside either document and in either orientation ([`PairFile::find`]),
/// with the rest aligned.
pub fn reviewed_alignment(
    src: &std::path::Path,
    tgt: &std::path::Path,
    src_paras: &[&str],
    tgt_paras: &[&str],
) -> Result<Alignment, AlignFileError> {
    PairFile::find(src, tgt).load(src_paras, tgt_paras)
}

/// Sentence-level segment pairs of a translation pair, given its paragraph
/// beads (fresh from the aligner or as a reviewer fixed them): within each
/// bead with paragraphs on both sides, the sentences are aligned and every
/// sentence bead with sentences on both sides gives one pair (sentences of a
/// side joined by a space). Beads with one side empty give nothing.
pub fn segments(src_paras: &[&str], tgt_paras: &[&str], beads: &[Bead]) -> Vec<(String, String)> {
    let sentences = |paras: &[&str]| -> Vec<String> {
        paras
            .iter()
            .flat_map(|p| {
                split_sentences(p)
                    .into_iter()
                    // A document's BOM is not text: keep it out of <seg>.
                    .filter_map(|r| {
                        p.get(r)
                            .map(|t| t.trim_start_matches('\u{feff}').to_string())
                    })
            })
            .collect()
    };
    let mut out = Vec::new();
    for b in beads {
        let (Some(sp), Some(tp)) = (src_paras.get(b.src.clone()), tgt_paras.get(b.tgt.clone()))
        else {
            continue;
        };
        if sp.is_empty() || tp.is_empty() {
            continue;
        }
        let (ss, ts) = (sentences(sp), sentences(tp));
        let (sr, tr): (Vec<&str>, Vec<&str>) = (
            ss.iter().map(String::as_str).collect(),
            ts.iter().map(String::as_str).collect(),
        );
        for sb in align_sentences(&sr, &tr) {
            let (Some(a), Some(b)) = (sr.get(sb.src.clone()), tr.get(sb.tgt.clone())) else {
                continue;
            };
            if !a.is_empty() && !b.is_empty() {
                out.push((a.join(" "), b.join(" ")));
            }
        }
    }
    out
}

/// Whether XML 1.0 allows the character in a document.
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape text for element content and double-quoted attributes. Returns the
/// number of forbidden characters replaced.
pub fn escape(s: &str, out: &mut String) -> usize {
    let mut replaced = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_allowed(c) => {
                replaced += 1;
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    replaced
}

fn esc(s: &str, replaced: &mut usize) -> String {
    let mut out = String::with_capacity(s.len());
    *replaced += escape(s, &mut out);
    out
}

/// Write the TMX document for the pairs.
pub fn write(
    out: &mut impl Write,
    pairs: &[AlignedPair],
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let srclang = match pairs.first() {
        Some(first) if pairs.iter().all(|p| p.source_lang == first.source_lang) => {
            first.source_lang.as_str()
        }
        _ => "*all*",
    };
    write_header(out, srclang)?;
    for p in pairs {
        write_pair(out, p, problems)?;
    }
    write_footer(out)
}

/// The XML declaration, `<tmx>`, the header (`srclang`: the source language
/// of every pair, or `*all*`) and `<body>`.
pub fn write_header(out: &mut impl Write, srclang: &str) -> io::Result<()> {
    let mut dummy = 0;
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n");
    s.push_str(&format!(
        "  <header creationtool=\"hashiya\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"hashiya\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\" o-encoding=\"UTF-8\"/>\n  <body>\n",
        esc(env!("CARGO_PKG_VERSION"), &mut dummy),
        esc(srclang, &mut dummy)
    ));
    out.write_all(s.as_bytes())
}

/// The `<tu>` of one pair's segments.
pub fn write_pair(
    out: &mut impl Write,
    p: &AlignedPair,
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let mut replaced = 0;
    let (sl, tl) = (
        esc(&p.source_lang, &mut replaced),
        esc(&p.target_lang, &mut replaced),
    );
    let (sp, tp) = (
        esc(&p.source_path, &mut replaced),
        esc(&p.target_path, &mut replaced),
    );
    let mut s = String::new();
    for (n, (src, tgt)) in p.segments.iter().enumerate() {
        if src.trim().is_empty() || tgt.trim().is_empty() {
            continue;
        }
        s.push_str(&format!(
            "    <tu tuid=\"{sp}:{}\" srclang=\"{sl}\">\n",
            n + 1
        ));
        for (lang, path, text) in [(&sl, &sp, src), (&tl, &tp, tgt)] {
            s.push_str(&format!(
                "      <tuv xml:lang=\"{lang}\"><prop type=\"x-document\">{path}</prop><seg>{}</seg></tuv>\n",
                esc(text, &mut replaced)
            ));
        }
        s.push_str("    </tu>\n");
    }
    if replaced > 0 {
        problems.push(Problem::in_file(
            &p.source_path,
            format!("{replaced} character(s) that XML forbids replaced by U+FFFD in the TMX (pair with {})", p.target_path),
        ).warning());
    }
    out.write_all(s.as_bytes())
}

/// The end of the document.
pub fn write_footer(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"  </body>\n</tmx>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_pair_sentences_inside_paragraph_beads() {
        let src = "الفقرة الأولى. وفيها جملتان.\n\nفقرة ثانية.\n";
        let tgt = "The first paragraph. It has two sentences.\n\nA second paragraph.\n";
        let (sp, tp) = (paragraphs(src), paragraphs(tgt));
        assert_eq!(sp.len(), 2);
        let beads = crate::align::align_paragraphs(&sp, &tp);
        let segs = segments(&sp, &tp, &beads);
        assert_eq!(
            segs,
            [
                (
                    "الفقرة الأولى.".to_string(),
                    "The first paragraph.".to_string()
                ),
                (
                    "وفيها جملتان.".to_string(),
                    "It has two sentences.".to_string()
                ),
                ("فقرة ثانية.".to_string(), "A second paragraph.".to_string()),
            ]
        );
    }

    #[test]
    fn escapes_and_replaces_forbidden_characters() {
        let mut s = String::new();
        assert_eq!(escape("a<b & \"c\"\u{1}\r\n\u{FFFE}ٌ", &mut s), 2);
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot;\u{FFFD}&#13;\n\u{FFFD}ٌ");
    }

    #[test]
    fn one_tu_per_bead_with_both_sides() {
        let pair = AlignedPair {
            source_path: "ar.txt".into(),
            source_lang: "ar".into(),
            target_path: "en.txt".into(),
            target_lang: "en".into(),
            segments: vec![
                ("قالَ «نعم»".into(), "He said <yes>".into()),
                ("وحده".into(), "".into()),
                ("x\u{7}".into(), "y".into()),
            ],
        };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        write(&mut out, &[pair], &mut problems).expect("write to memory");
        let s = String::from_utf8(out).expect("utf-8");
        assert_eq!(s.matches("<tu ").count(), 2);
        assert!(s.contains("srclang=\"ar\" datatype"));
        assert!(s.contains(
            "    <tu tuid=\"ar.txt:1\" srclang=\"ar\">\n      <tuv xml:lang=\"ar\"><prop type=\"x-document\">ar.txt</prop><seg>قالَ «نعم»</seg></tuv>\n      <tuv xml:lang=\"en\"><prop type=\"x-document\">en.txt</prop><seg>He said &lt;yes&gt;</seg></tuv>\n    </tu>\n"
        ));
        assert!(s.contains("<seg>x\u{FFFD}</seg>"));
        assert_eq!(problems.len(), 1);
    }
}

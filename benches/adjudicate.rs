//! Adjudication speed on a 1 MB document (the seed corpus repeated) with
//! 3 layers × 5,000 annotations: amal's spans on words; badr has most of
//! them alike and some with a moved end or another type; huda drops some
//! and adds others, so the units are of every state.
//!
//! Prints: parsing the three layer files alone, then reading them (parse
//! and check against the document) one after the other; opening (gold locked, three layers read and checked, units
//! built) — what the adjudication view does before its first frame; one
//! decision plus finding the next open unit — what a key does before its
//! frame (median over 200); `--auto majority` on the whole document with
//! the save; the stale check of the gold written. Then the adjudication
//! view on a 140×40 ratatui `TestBackend`: the first frame including the
//! opening (what `hashiya adjudicate big.txt` does before the screen shows
//! anything), and key -> frame over 240 keys (next and previous unit,
//! take a version, the majority, reject, defer, scrolling) — the state
//! machine and the drawing, then separately the gold save each decision
//! makes. Run with `cargo bench --bench adjudicate`.

use std::fmt::Write as _;
use std::time::Instant;

use hashiya::adjudicate::{Choice, Session, UnitState};
use hashiya::corpus::{LabelSet, Layer};
use hashiya::sidecar::sha256_hex;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const PER_LAYER: usize = 5000;

fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let mark = matches!(c, '\u{64b}'..='\u{65f}' | '\u{670}');
        match (c.is_alphanumeric() || mark, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn lit(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A layer file of `who` with byte spans `(start, end, label, type)`.
fn layer(text: &str, who: &str, spans: &[(usize, usize, &str, &str)]) -> String {
    let mut out = format!(
        "version = 1\ndocument = \"big.txt\"\nsha256 = \"{}\"\nannotator = \"{who}\"\nstatus = \"done\"\n",
        sha256_hex(text.as_bytes())
    );
    // Code points by a running count: spans are sorted.
    let mut sorted: Vec<_> = spans.to_vec();
    sorted.sort();
    let (mut at_b, mut at_c) = (0, 0);
    for (n, (s, e, label, kind)) in sorted.iter().enumerate() {
        at_c += text.get(at_b..*s).unwrap().chars().count();
        at_b = *s;
        let len = text.get(*s..*e).unwrap().chars().count();
        let _ = write!(
            out,
            "\n[[annotation]]\nid = \"{who}{n}\"\nlabel = \"{label}\"\n"
        );
        if !kind.is_empty() {
            let _ = writeln!(out, "kind = \"{kind}\"");
        }
        let _ = writeln!(
            out,
            "start = {at_c}\nend = {}\nquote = {}\nannotator = \"{who}\"\nstatus = \"accepted\"",
            at_c + len,
            lit(text.get(*s..*e).unwrap())
        );
    }
    out
}

fn main() {
    let mut text = String::new();
    let mut files: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("../shared/corpus beside the repository")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let seed: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    while text.len() < 1_000_000 {
        text.push_str(&seed);
    }
    let ws = words(&text);
    let step = ws.len() / (PER_LAYER + 1);
    let kinds = [
        ("entity", "PER"),
        ("entity", "ORG"),
        ("figure", ""),
        ("claim", ""),
    ];
    let amal: Vec<(usize, usize, &str, &str)> = (0..PER_LAYER)
        .map(|i| {
            let (s, e) = ws[i * step];
            let (l, k) = kinds[i % 4];
            (s, e, l, k)
        })
        .collect();
    let badr: Vec<_> = amal
        .iter()
        .enumerate()
        .map(|(i, &(s, e, l, k))| match i % 10 {
            0 => (s, ws[ws.partition_point(|w| w.0 < s) + 1].1, l, k),
            1 if l == "entity" => (s, e, l, if k == "PER" { "ORG" } else { "PER" }),
            _ => (s, e, l, k),
        })
        .collect();
    let huda: Vec<_> = amal
        .iter()
        .enumerate()
        .map(|(i, &(s, e, l, k))| match i % 7 {
            0 => {
                let (s2, e2) = ws[i * step + step / 2];
                (s2, e2, "figure", "")
            }
            _ => (s, e, l, k),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("big.txt");
    std::fs::write(&doc, &text).unwrap();
    for (who, spans) in [("amal", &amal), ("badr", &badr), ("huda", &huda)] {
        std::fs::write(
            Layer::Annotator(who.into()).path(&doc),
            layer(&text, who, spans),
        )
        .unwrap();
    }
    let names: Vec<String> = ["amal", "badr", "huda"].map(String::from).to_vec();
    let labels = LabelSet::default();
    println!(
        "document: {} bytes, {} layers × {PER_LAYER} annotations",
        text.len(),
        names.len()
    );

    let t = Instant::now();
    for who in &names {
        let p = Layer::Annotator(who.clone()).path(&doc);
        hashiya::sidecar::parse_file(&p).unwrap();
    }
    println!(
        "parsing the 3 layer files: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    for who in &names {
        hashiya::adjudicate::read_layer(&doc, &text, &labels, who).unwrap();
    }
    println!(
        "reading the 3 layers one after the other: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let mut s = Session::open(&doc, &labels, &names).unwrap();
    let open = t.elapsed();
    let count = |st: UnitState| s.units.iter().filter(|u| u.state == st).count();
    println!(
        "open (lock gold, read 3 layers, units): {:.1} ms; {} units: {} unanimous, {} majority, {} disagreement, {} single",
        open.as_secs_f64() * 1e3,
        s.units.len(),
        count(UnitState::Unanimous),
        count(UnitState::Majority),
        count(UnitState::Disagreement),
        count(UnitState::Single)
    );

    // One key: decide the current open unit, find the next one.
    let mut times = Vec::new();
    let mut cur = s.open_units().next();
    for i in 0..200 {
        let Some(u) = cur else { break };
        let t = Instant::now();
        let choice = if i % 2 == 0 {
            Choice::Reject
        } else {
            Choice::Layer(s.units[u].members[0].layer)
        };
        s.decide(u, choice, "lead", "2026-12-01T00:00:00Z").unwrap();
        cur = s.open_units().find(|&v| v > u);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "decide + next open unit: median {:.3} ms, max {:.3} ms ({} keys)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        times.len()
    );
    drop(s);
    std::fs::remove_file(Layer::Gold.path(&doc)).ok();

    let t = Instant::now();
    let mut s = Session::open(&doc, &labels, &names).unwrap();
    let mut n = 0;
    for u in 0..s.units.len() {
        let c = match s.units[u].state {
            UnitState::Unanimous => Choice::Unanimous,
            UnitState::Majority => Choice::Majority,
            _ => continue,
        };
        s.decide(u, c, "lead", "2026-12-01T00:00:00Z").unwrap();
        n += 1;
    }
    s.save().unwrap();
    println!(
        "--auto majority ({n} decisions, open + decide + save): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(s);
    let t = Instant::now();
    let stale = hashiya::adjudicate::stale_count(&doc).unwrap();
    println!(
        "stale check of that gold ({stale} stale): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    std::fs::remove_file(Layer::Gold.path(&doc)).ok();
    view(&doc, &names);
}

/// The adjudication view: first frame, key -> frame.
fn view(doc: &std::path::Path, names: &[String]) {
    use hashiya::app::{self, Action, Browser, Command, Effect, Input, Settings, State};
    use ratatui::{Terminal, backend::TestBackend};
    let ui = hashiya::ui::Ui {
        theme: hashiya::ui::Theme::fallback(),
        keymap: hashiya::ui::Keymap::default(),
    };
    let settings = Settings {
        annotator: "lead".into(),
        ..Settings::default()
    };
    let browser = Browser {
        root: doc.parent().unwrap().to_path_buf(),
        team: Some(hashiya::corpus::Team {
            annotators: names.to_vec(),
            blind: true,
        }),
        ..Browser::default()
    };
    // Five openings (the machine may be busy: the least is the cost).
    let mut firsts = Vec::new();
    let mut cpu = 0.0;
    let mut st = None;
    for _ in 0..5 {
        let c0 = cpu_ms();
        drop(st.take());
        let mut s = State::new(settings.clone(), LabelSet::default(), browser.clone());
        s.size = (140, 40);
        let mut term = Terminal::new(TestBackend::new(140, 40)).unwrap();
        let t = Instant::now();
        let opened = app::io::open_adjudication(&s, doc).unwrap();
        let open = t.elapsed();
        app::update(
            &mut s,
            Action::Adjudicating {
                opened: Box::new(opened),
                quit: false,
            },
        );
        term.draw(|f| hashiya::ui::draw(f, &s, &ui)).unwrap();
        firsts.push((t.elapsed(), open));
        cpu += cpu_ms() - c0;
        st = Some(s);
    }
    let mut st = st.unwrap();
    let mut term = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let show: Vec<String> = firsts
        .iter()
        .map(|(f, o)| {
            format!(
                "{:.1} ({:.1})",
                f.as_secs_f64() * 1e3,
                o.as_secs_f64() * 1e3
            )
        })
        .collect();
    let (best, best_open) = firsts.iter().min().unwrap();
    println!(
        "view: first frame, opening included (of which opening), 140×40, five times: {} ms; least {:.1} ms (opening {:.1} ms)",
        show.join(", "),
        best.as_secs_f64() * 1e3,
        best_open.as_secs_f64() * 1e3
    );
    println!(
        "view: first frame, CPU time of every thread (user + system, /proc/self/stat), mean of five: {:.1} ms; load average now: {}",
        cpu / 5.0,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let keys: Vec<Action> = (0..240)
        .map(|i| match i % 12 {
            0 => Action::Cmd(Command::NextUnit),
            1 => Action::Input(Input::Char('1')),
            2 => Action::Cmd(Command::TakeMajority),
            3 => Action::Cmd(Command::PrevUnit),
            4 => Action::Cmd(Command::Defer),
            5 => Action::Input(Input::Char('2')),
            6 => Action::Cmd(Command::PageDown),
            7 => Action::Cmd(Command::RejectUnit),
            8 => Action::Cmd(Command::NextUnit),
            9 => Action::Input(Input::Char('3')),
            10 => Action::Cmd(Command::LineDown),
            _ => Action::Cmd(Command::NextUnit),
        })
        .collect();
    let (mut frames, mut saves) = (Vec::new(), Vec::new());
    for a in keys {
        let t = Instant::now();
        let fx = app::update(&mut st, a);
        term.draw(|f| hashiya::ui::draw(f, &st, &ui)).unwrap();
        frames.push(t.elapsed());
        if fx.contains(&Effect::SaveGold) {
            let t = Instant::now();
            app::io::save_gold(&mut st).unwrap();
            saves.push(t.elapsed());
        }
    }
    let ms = |v: &mut Vec<std::time::Duration>| {
        v.sort();
        (
            v[v.len() / 2].as_secs_f64() * 1e3,
            v.last().unwrap().as_secs_f64() * 1e3,
        )
    };
    let (med, max) = ms(&mut frames);
    println!(
        "view: key -> frame median {med:.3} ms, max {max:.3} ms ({} keys)",
        frames.len()
    );
    let (med, max) = ms(&mut saves);
    println!(
        "view: gold save after a decision median {med:.2} ms, max {max:.2} ms ({} decisions)",
        saves.len()
    );
}

/// CPU time the process has used so far, in ms (user + system, every
/// thread, finished ones included), from /proc/self/stat in clock ticks
/// (100 per second on Linux): a busy machine lengthens the wall time of a
/// step, not this.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) * 10.0
}

//! TUI speed through ratatui's `TestBackend`, printing numbers:
//! - start to first frame (document built from its text, panes set up,
//!   first frame drawn at 200×50) for Arabic documents of 100 KB, 1 MB and
//!   10 MB made of NTREX-128 sentences — target ≤ 50 ms at 10 MB, and nearly
//!   the same at every size;
//! - one keystroke updated and drawn (scroll a line, move the cursor a word,
//!   tag a selection) at 200×50 with a 1 MB document — target ≤ 2 ms.
//!
//! - a 50 MB Arabic document on one line, opened by the real `hashiya` in
//!   tmux at 140×40: time to the first frame (the status line drawn), then
//!   `G`, a page up and a search; the peak RSS of the `hashiya` process
//!   (VmHWM from /proc) after all that — target ≤ 1 GB.
//!
//! - the corpus browser listing 100,000 documents at 160×45: one keystroke
//!   updated and drawn (move down, type a filter letter, delete it) —
//!   target ≤ 16 ms, a frame at 60 Hz.
//!
//! Run: `cargo bench --bench tui` (`-- huge` or `-- browser` for that part
//! alone).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use hashiya::app::{self, Action, Browser, Command, Document, Settings, State};
use hashiya::corpus::LabelSet;
use hashiya::ui::{self, Keymap, Theme, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 200;
const H: u16 = 50;

fn corpus_text(bytes: usize) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/ntrex/newstest2019-ref.arb.txt"
    );
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // Paragraphs of about five sentences, separated by blank lines.
    let lines: Vec<&str> = src.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while out.len() < bytes {
        for _ in 0..5 {
            out.push_str(lines[i % lines.len()]);
            out.push(' ');
            i += 1;
        }
        out.push_str("\n\n");
    }
    out
}

fn new_state() -> State {
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    st.size = (W, H);
    st
}

fn ui() -> Ui {
    Ui {
        theme: Theme::fallback(),
        keymap: Keymap::default(),
    }
}

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let mean = v.iter().sum::<Duration>() / v.len() as u32;
    let p99 = v[(v.len() * 99 / 100).min(v.len() - 1)];
    format!(
        "mean {:>7.3} ms  median {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms  (n={})",
        mean.as_secs_f64() * 1e3,
        v[v.len() / 2].as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        v[v.len() - 1].as_secs_f64() * 1e3,
        v.len()
    )
}

fn first_frame(text: &str, ui: &Ui) -> Duration {
    let text = text.to_string();
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    let t = Instant::now();
    let mut st = new_state();
    st.docs.push(Document::new(
        PathBuf::from("/bench/doc.txt"),
        "doc.txt".into(),
        text,
        Default::default(),
    ));
    st.show(&[0]);
    term.draw(|f| ui::draw(f, &st, ui)).unwrap();
    t.elapsed()
}

fn main() {
    if std::env::args().any(|a| a == "huge") {
        huge_line();
        return;
    }
    let ui = ui();
    if std::env::args().any(|a| a == "browser") {
        big_browser(&ui);
        return;
    }
    println!("hashiya TUI bench, {W}x{H}, TestBackend");
    for size in [100_000usize, 1_000_000, 10_000_000] {
        let text = corpus_text(size);
        let runs: Vec<Duration> = (0..7).map(|_| first_frame(&text, &ui)).collect();
        println!(
            "start to first frame, {:>5.1} MB: {}",
            text.len() as f64 / 1e6,
            stats(runs)
        );
    }

    let text = corpus_text(1_000_000);
    let mut st = new_state();
    st.docs.push(Document::new(
        PathBuf::from("/bench/doc.txt"),
        "doc.txt".into(),
        text,
        Default::default(),
    ));
    st.show(&[0]);
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    term.draw(|f| ui::draw(f, &st, &ui)).unwrap();
    let mut key = |st: &mut State, cmds: &[Command], timed: bool| -> Option<Duration> {
        let t = Instant::now();
        for c in cmds {
            app::update(st, Action::Cmd(*c));
        }
        term.draw(|f| ui::draw(f, st, &ui)).unwrap();
        timed.then(|| t.elapsed())
    };
    let n = 2000;
    let scroll: Vec<Duration> = (0..n)
        .filter_map(|_| key(&mut st, &[Command::ScrollDown], true))
        .collect();
    println!("keystroke: scroll a line,     1 MB: {}", stats(scroll));
    let word: Vec<Duration> = (0..n)
        .filter_map(|_| key(&mut st, &[Command::WordForward], true))
        .collect();
    println!("keystroke: cursor a word,     1 MB: {}", stats(word));
    let mut tag = Vec::new();
    for _ in 0..500 {
        key(
            &mut st,
            &[
                Command::WordForward,
                Command::ToggleSelect,
                Command::WordEnd,
            ],
            false,
        );
        tag.extend(key(&mut st, &[Command::TagClaim], true));
    }
    println!(
        "keystroke: tag a selection,   1 MB: {} ({} annotations at the end)",
        stats(tag),
        st.docs[0].anns.len()
    );
}

/// Keystrokes in a browser of 100,000 read entries (see the module comment).
fn big_browser(ui: &Ui) {
    use hashiya::app::Entry;
    use hashiya::app::Input;
    let entries: Vec<Entry> = (0..100_000)
        .map(|i| {
            let rel = format!("f{:03}/d{i:06}.txt", i / 1000);
            Entry {
                path: PathBuf::from("/bench").join(&rel),
                rel,
                lang: if i % 2 == 0 { "en" } else { "ar" }.into(),
                rtl: i % 2 == 1,
                partner: Some(i ^ 1),
                scanned: true,
                ..Entry::default()
            }
        })
        .collect();
    let mut st = State::new(
        Settings::default(),
        LabelSet::default(),
        Browser {
            root: PathBuf::from("/bench"),
            entries,
            ..Browser::default()
        },
    );
    st.size = (160, 45);
    let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
    term.draw(|f| ui::draw(f, &st, ui)).unwrap();
    let mut key = |st: &mut State, action: Action| {
        let t = Instant::now();
        app::update(st, action);
        term.draw(|f| ui::draw(f, st, ui)).unwrap();
        t.elapsed()
    };
    let down: Vec<Duration> = (0..200)
        .map(|_| key(&mut st, Action::Cmd(Command::Down)))
        .collect();
    println!("browser, 100,000 documents: move down:     {}", stats(down));
    let mut typed = Vec::new();
    for _ in 0..100 {
        typed.push(key(&mut st, Action::Input(Input::Char('7'))));
        typed.push(key(&mut st, Action::Input(Input::Backspace)));
    }
    println!(
        "browser, 100,000 documents: filter letter: {}",
        stats(typed)
    );
}

/// The 50 MB single-line document in the real binary (see the module
/// comment). Needs tmux; the pane runs `hashiya` itself, so the pane's pid
/// is the process measured.
fn huge_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = corpus_text(50_000_000).replace('\n', " ");
    text.truncate(text.trim_end().len());
    text.push('\n');
    let doc = dir.path().join("huge.txt");
    std::fs::write(&doc, &text).expect("document");
    let socket = format!("hashiya-bench-{}", std::process::id());
    let tmux = |args: &[&str]| {
        let out = std::process::Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux (Debian package tmux)");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let screen = || tmux(&["capture-pane", "-p", "-t", "b"]);
    let wait_for = |what: &dyn Fn(&str) -> bool, secs: u64| {
        let t = Instant::now();
        loop {
            let s = screen();
            if what(&s) {
                return t.elapsed();
            }
            assert!(t.elapsed().as_secs() < secs, "timed out:\n{s}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let t = Instant::now();
    tmux(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "140",
        "-y",
        "40",
        &format!("exec {} {}", env!("CARGO_BIN_EXE_hashiya"), doc.display()),
    ]);
    let pid = tmux(&["display", "-p", "-t", "b", "#{pane_pid}"]);
    let pid = pid.trim().to_string();
    wait_for(&|s| s.contains("¶1/1 0%"), 120);
    let first = t.elapsed();
    let keys = |k: &[&str]| {
        let mut args = vec!["send-keys", "-t", "b"];
        args.extend_from_slice(k);
        tmux(&args);
    };
    keys(&["G"]);
    let end = wait_for(&|s| s.contains("¶1/1 99%"), 120);
    keys(&["pageup", "pageup"]);
    keys(&["/"]);
    keys(&["-l", "MWPs"]);
    keys(&["Enter"]);
    let found = wait_for(&|s| s.contains("SELECT"), 120);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc");
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    keys(&["q"]);
    let _ = tmux(&["kill-server"]);
    println!(
        "{:.1} MB on one line, hashiya in tmux 140x40: first frame {:.2} s, G {:.2} s, search {:.2} s, peak RSS {hwm}",
        text.len() as f64 / 1e6,
        first.as_secs_f64(),
        end.as_secs_f64(),
        found.as_secs_f64()
    );
}

//! `hashiya render` as a program: input, errors, safety, flags.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

fn hashiya() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hashiya"))
}

fn render_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = hashiya()
        .arg("render")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hashiya");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("output");
    writer.join().expect("writer").expect("write stdin");
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn invalid_utf8_is_an_error_naming_file_and_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, b"good line\nbad \xff here\n").expect("write");
    let out = hashiya().arg("render").arg(&path).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing printed: {:?}", stdout(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt"), "{err}");
    assert!(err.contains("byte offset 14"), "{err}");

    let out = render_stdin(&[], b"\xc3");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>"));
}

#[test]
fn control_characters_never_reach_the_output_raw() {
    let mut input: Vec<u8> = Vec::new();
    for b in 0u8..0x20 {
        if b != b'\n' {
            input.extend_from_slice(&[b'a', b, b'b']);
        }
    }
    input.push(b'\n');
    for c in 0x7fu32..0xa0 {
        input.extend_from_slice(char::from_u32(c).expect("char").to_string().as_bytes());
    }
    input.extend_from_slice("\nمرحبا \u{1b}[2J\u{9b}31m عالم\n".as_bytes());
    for args in [
        &["--width", "0"][..],
        &["--width", "7"],
        &["--dir", "rtl", "--reveal"],
    ] {
        let out = render_stdin(args, &input);
        assert!(out.status.success());
        let text = stdout(&out);
        for c in text.chars() {
            let cp = c as u32;
            assert!(
                c == '\n' || !(cp < 0x20 || (0x7f..0xa0).contains(&cp)),
                "raw control U+{cp:04X} in output with {args:?}"
            );
        }
        assert!(text.contains('␛'), "ESC shown as a symbol");
    }
}

#[test]
fn width_zero_gives_one_line_per_input_line_and_default_pads_rtl() {
    let input = "first line\n\nمرحبا بالعالم\r\nlast";
    let out = render_stdin(&["--width", "0"], input.as_bytes());
    assert_eq!(stdout(&out), "first line\n\nﻢﻟﺎﻌﻟﺎﺑ ﺎﺒﺣﺮﻣ\nlast\n");
    // Default width 80: the RTL line is padded on the left to the edge.
    let out = render_stdin(&[], input.as_bytes());
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(lines[2].chars().count(), 80);
    assert!(lines[2].starts_with("       "));
    // --no-pad, reading the file name `-`.
    let out = render_stdin(&["-", "--no-pad", "--no-shape"], input.as_bytes());
    assert_eq!(stdout(&out).lines().nth(2), Some("ملاعلاب ابحرم"));
}

#[test]
fn wrapping_keeps_lines_within_the_width() {
    let text = "هذا نص عربي طويل يحتوي على كلمات كثيرة و English words too, 2024.\n";
    let out = render_stdin(&["--width", "20"], text.repeat(3).as_bytes());
    for line in stdout(&out).lines() {
        assert!(line.chars().count() <= 20, "{line:?}");
    }
}

#[test]
fn help_explains_every_flag() {
    let out = hashiya().args(["render", "--help"]).output().expect("run");
    assert!(out.status.success());
    let help = stdout(&out);
    for flag in [
        "--width",
        "--dir",
        "--no-shape",
        "--no-pad",
        "--reveal",
        "FILE",
        "auto",
        "rtl",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}:\n{help}");
    }
}

#[test]
fn a_closed_pipe_is_quiet() {
    let mut child = hashiya()
        .args(["render", "--width", "40"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hashiya");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let line = "مرحبا بالعالم and some English text here\n".repeat(20_000);
        stdin.write_all(line.as_bytes())
    });
    let mut out = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    out.read_exact(&mut first).expect("some output");
    drop(out);
    let status = child.wait().expect("wait");
    let _ = writer.join();
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(err.is_empty(), "stderr: {err}");
}

/// `render` prints exactly the lines of the library layout (`to_text`).
#[test]
fn render_prints_the_library_layout() {
    use hashiya::text::{DirChoice, LayoutOptions, layout_paragraph, paragraphs};
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let mut input = String::new();
    let mut files: Vec<_> = std::fs::read_dir(corpus)
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in files.iter().take(2) {
        input.push_str(&std::fs::read_to_string(f).expect("read"));
        input.push('\n');
    }
    input.push_str("Plain English text, long enough to wrap at small widths.\n\ta\ttab\n");
    input.push_str("mixed עברית and العربية (with 50% [brackets]) \u{1b}[0m  \n");
    for (width, dir, extra) in [
        (0usize, "auto", &[][..]),
        (13, "auto", &[][..]),
        (40, "rtl", &["--no-pad"][..]),
        (80, "ltr", &["--no-shape", "--reveal"][..]),
    ] {
        let w = width.to_string();
        let mut args = vec!["--width", w.as_str(), "--dir", dir];
        args.extend_from_slice(extra);
        let out = render_stdin(&args, input.as_bytes());
        assert!(out.status.success());
        let opts = LayoutOptions {
            width,
            dir: match dir {
                "rtl" => DirChoice::Rtl,
                "ltr" => DirChoice::Ltr,
                _ => DirChoice::Auto,
            },
            shape: !extra.contains(&"--no-shape"),
            lam_alef: !extra.contains(&"--no-shape"),
            align_rtl: !extra.contains(&"--no-pad"),
            reveal: extra.contains(&"--reveal"),
            tab_width: 8,
        };
        let mut want = String::new();
        for p in paragraphs(&input) {
            for line in layout_paragraph(input.get(p).unwrap_or(""), &opts).lines {
                want.push_str(&line.to_text(!extra.contains(&"--no-pad")));
                want.push('\n');
            }
        }
        assert_eq!(stdout(&out), want, "width {width} {dir} {extra:?}");
    }
}

//! Config files: every file in `tests/invalid_configs/` must fail with the
//! message written on its first line (`# expect: …`); a bad file on disk
//! keeps its good entries and is never rewritten; built-in themes parse and a
//! theme in the config folder overrides the built-in one.

use std::path::Path;

use hashiya::ui::{Config, Theme};

#[test]
fn every_invalid_config_gives_its_message() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/invalid_configs"
    ));
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let want = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: first line must be `# expect: <message>`",
                    path.display()
                )
            });
        let got = Config::parse(&text, Path::new("config.toml"))
            .err()
            .unwrap_or_else(|| panic!("{} parsed without error", path.display()))
            .to_string();
        assert_eq!(got, want, "{}", path.display());
        n += 1;
    }
    assert!(n >= 7, "only {n} invalid configs found");
}

#[test]
fn a_bad_config_on_disk_keeps_its_good_entries_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = "annotator = \"salma\"\ntheme = 3\nshaping = false\ncolour = 1\n";
    std::fs::write(&path, text).unwrap();
    let (config, err) = Config::load(Some(dir.path()));
    let err = err.expect("an error").to_string();
    // Both mistakes, each with its line and column.
    assert!(
        err.starts_with(&format!("{}:2:9: ", path.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:4:1: unknown field `colour`", path.display())),
        "{err}"
    );
    assert_eq!(config.annotator, "salma");
    assert!(!config.shaping);
    assert_eq!(config.theme, Config::defaults().theme);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // No config file at all: defaults, no error, nothing created.
    let empty = tempfile::tempdir().unwrap();
    let (config, err) = Config::load(Some(empty.path()));
    assert!(err.is_none());
    assert_eq!(config, Config::defaults());
    assert!(!empty.path().join("config.toml").exists());
}

#[test]
fn builtin_themes_load_and_the_config_folder_overrides_them() {
    for name in ["dark", "light", "high-contrast"] {
        Theme::load(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let err = Theme::load("neon", None).unwrap_err().to_string();
    assert!(err.contains("dark, light, high-contrast, auto"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    let mine = hashiya::ui::theme::BUILTIN[0]
        .1
        .replace("claim = \"#e5c07b\"", "claim = \"#ff0000\"");
    assert_ne!(mine, hashiya::ui::theme::BUILTIN[0].1);
    std::fs::write(dir.path().join("themes/dark.toml"), mine).unwrap();
    let t = Theme::load("dark", Some(dir.path())).unwrap();
    assert_eq!(
        t.label_color("claim"),
        ratatui::style::Color::Rgb(255, 0, 0)
    );
    // Its highlight is a tint of that red over the dark page.
    assert_eq!(
        t.label("claim").tint.bg,
        ratatui::style::Color::Rgb(102, 0, 0)
    );
}

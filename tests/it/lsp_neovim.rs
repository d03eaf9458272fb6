//! A real client: headless Neovim starts `guidelint lsp`, opens a guideline with accents, CJK and
//! emoji, types more of them before a diagnostic on its line, and reports what it received and what
//! it shows (`tests/it/lsp_neovim.lua`). The positions must be exact before and after the edit.
//!
//! Needs `nvim` (Debian's `neovim`, 0.7 or newer; `.ci/run` installs it). Without it the test fails
//! under CI (`CI=true`) and is skipped with a note elsewhere.

use crate::lsp_diagnostics::{NON_ASCII, expected};
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The diagnostics `check` reports for `text`, as Neovim shows them: 0-based line and UTF-8 byte
/// column of start and end.
fn shown_by_check(text: &str) -> Vec<(u64, u64, u64, u64)> {
    let mut shown: Vec<(u64, u64, u64, u64)> = expected(text, "utf-8", Default::default())
        .iter()
        .map(|diagnostic| {
            let at = |key: &str, field: &str| diagnostic[key][field].as_u64().unwrap();
            (
                at("start", "line"),
                at("start", "character"),
                at("end", "line"),
                at("end", "character"),
            )
        })
        .collect();
    shown.sort();
    shown
}

fn shown_by_neovim(diagnostics: &Value) -> Vec<(u64, u64, u64, u64)> {
    diagnostics
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|diagnostic| {
            let at = |key: &str| diagnostic[key].as_u64().unwrap();
            (at("lnum"), at("col"), at("end_lnum"), at("end_col"))
        })
        .collect()
}

#[test]
fn neovim_shows_diagnostics_at_exact_positions_before_and_after_an_edit() {
    if !nvim_available() {
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!("nvim is not installed; .ci/run installs it with `apt-get install -y neovim`");
        }
        eprintln!("note: skipping the Neovim test: nvim is not installed (apt-get install neovim)");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let document = folder.path().join("hématome.json");
    std::fs::write(&document, NON_ASCII).unwrap();
    let out = folder.path().join("received.json");
    // Type before the unknown reference `echographie`, on its line, after the stethoscope emoji.
    let typed = " 🩸 腰 é";
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!(
            "luafile {}",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/lsp_neovim.lua")
        ))
        .env("GUIDELINT", env!("CARGO_BIN_EXE_guidelint"))
        .env("GUIDELINT_DOC", &document)
        .env("GUIDELINT_OUT", &out)
        .env("GUIDELINT_NEEDLE", "Examen clinique 🩺")
        .env("GUIDELINT_TYPED", typed)
        .current_dir(folder.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("headless Neovim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(&out)
            .unwrap_or_else(|_| panic!("nvim wrote no report ({status})")),
    )
    .unwrap();
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");

    // Before the edit: what Neovim shows is exactly where `check` points.
    let before = shown_by_neovim(&report["before"]);
    assert!(!before.is_empty());
    assert_eq!(before, shown_by_check(NON_ASCII));
    // The unknown reference, independently: after `"next": [` on its line, in UTF-8 bytes.
    let line_of_reference = NON_ASCII
        .lines()
        .position(|l| l.contains("echographie"))
        .unwrap();
    let line = NON_ASCII.lines().nth(line_of_reference).unwrap();
    let column = line.find("\"echographie\"").unwrap() as u64;
    assert!(
        before.contains(&(
            line_of_reference as u64,
            column,
            line_of_reference as u64,
            column + 13
        )),
        "{before:?}"
    );

    // After the edit, the same reference moved right by the typed text's UTF-8 length.
    let text = report["text"].as_str().unwrap();
    assert_eq!(
        text,
        NON_ASCII.replacen(
            "Examen clinique 🩺",
            &format!("Examen clinique 🩺{typed}"),
            1
        ) + "\n"
    );
    let after = shown_by_neovim(&report["after"]);
    assert_eq!(after, shown_by_check(text));
    let moved = column + typed.len() as u64;
    assert!(
        after.contains(&(
            line_of_reference as u64,
            moved,
            line_of_reference as u64,
            moved + 13
        )),
        "{after:?}"
    );

    // What the server sent, in the encoding it negotiated with this Neovim.
    let encoding = report["encoding"]
        .as_str()
        .unwrap_or("utf-16")
        .replace('_', "-");
    let last = report["published"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let sent = crate::lsp_diagnostics::published(last["diagnostics"].as_array().unwrap());
    assert_eq!(
        sent,
        expected(text, &encoding, Default::default()),
        "{encoding}"
    );
}

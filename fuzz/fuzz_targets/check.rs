//! The whole check of one document, bytes in, every report format out: `check_bytes` (UTF-8
//! decoding, parsing with spans, schema, rules, suppressions) and then each reporter on its result.
//!
//! Beyond "no panic", it asserts what any input must give: machine formats that parse back, one line
//! per diagnostic where a format promises it, 1-based positions inside the document, a schema and a
//! model that agree, terminal formats that carry no control characters from the document, one
//! document tree whichever parser builds it and whichever schema validator reads it, and the same
//! reports from the lines and positions the binary keeps as from the whole text.

#![no_main]

use guidelint::report::{github, human, json, junit, sarif, short};
use guidelint::{CheckOptions, FileReport, Report, SourceText};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::path::Path;
use std::sync::LazyLock;

/// Checks to leave out while a bug they find is open, so a run can look for others:
/// `GUIDELINT_FUZZ_SKIP=terminal,model,tree,kept`.
static SKIP: LazyLock<String> =
    LazyLock::new(|| std::env::var("GUIDELINT_FUZZ_SKIP").unwrap_or_default());

fn enabled(check: &str) -> bool {
    !SKIP.split(',').any(|skipped| skipped.trim() == check)
}

const MODEL_MISMATCH: &str = "the document matches the schema but not guidelint's model";

/// A fixed `--today`, so `review-overdue` and `date-order` give the same verdict on every run.
static OPTIONS: LazyLock<CheckOptions> =
    LazyLock::new(|| CheckOptions::on(jiff::civil::date(2026, 11, 26)));

fuzz_target!(|data: &[u8]| {
    if enabled("tree") {
        assert_one_tree(data);
    }
    let file = guidelint::check_bytes("fuzz.json", data, &OPTIONS);
    let diagnostics = file.diagnostics.len();
    if enabled("model") {
        for diagnostic in &file.diagnostics {
            // lib.rs's words for a document the schema admits and the model cannot hold, a bug.
            // The start of the message, where no quoted document text can put them.
            assert!(
                !diagnostic.message.starts_with(MODEL_MISMATCH),
                "{}",
                diagnostic.message
            );
        }
    }
    // Characters per line: a column may point just past the last one.
    let widths: Vec<usize> = file
        .source
        .text()
        .split('\n')
        .map(|line| line.chars().count())
        .collect();
    let report = Report {
        files: vec![file],
        unlisted_clean_files: 0,
        failures: Vec::new(),
    };
    // The tool never fails on document content: 2 is only for problems outside the document.
    assert!(matches!(report.exit_code(), 0 | 1));

    let report_json: Value =
        serde_json::from_str(&json::render(&report)).expect("the JSON report is JSON");
    let entries = report_json["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array");
    assert_eq!(entries.len(), diagnostics);
    for entry in entries {
        assert_within(entry, &widths);
        for label in entry["labels"].as_array().expect("`labels` is an array") {
            assert_within(label, &widths);
        }
    }

    let style = human::Style {
        color: false,
        width: 100,
    };
    let text = human::render(&report, style);
    assert!(text.ends_with('\n'));
    assert_terminal_safe(&text);
    if enabled("kept") {
        // What the binary keeps of a document with diagnostics prints the same reports.
        let keeping = |kept| Report {
            files: report
                .files
                .iter()
                .map(|file| {
                    FileReport {
                        source: file.source.clone(),
                        diagnostics: file.diagnostics.clone(),
                    }
                    .keeping(kept)
                })
                .collect(),
            unlisted_clean_files: 0,
            failures: Vec::new(),
        };
        assert_eq!(human::render(&keeping(SourceText::Excerpts), style), text);
        let positions = keeping(SourceText::Positions);
        assert_eq!(json::render(&positions), json::render(&report));
        assert_eq!(
            sarif::render(&positions, Path::new("/fuzz")),
            sarif::render(&report, Path::new("/fuzz"))
        );
    }

    let text = short::render(&report);
    assert_eq!(text.lines().count(), diagnostics);
    assert_terminal_safe(&text);

    // One workflow command per diagnostic, then the summary line.
    let text = github::render(&report);
    assert_eq!(text.lines().count(), diagnostics + 1);
    assert_terminal_safe(&text);

    let log: Value = serde_json::from_str(&sarif::render(&report, Path::new("/fuzz")))
        .expect("the SARIF log is JSON");
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(diagnostics)
    );

    let xml = junit::render(&report);
    if let Err(error) = roxmltree::Document::parse(&xml) {
        panic!("the JUnit report is XML ({error}):\n{xml}");
    }
});

/// A JSON report position: 1-based, inside the document, not ending before it starts.
/// The strict parser and the span-preserving one build the same tree, and the schema validator on
/// the tree (which decides) agrees with the one on a `serde_json::Value` (which lists errors).
fn assert_one_tree(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = guidelint::source::SourceFile::new("fuzz.json", text);
    let Some(document) = guidelint::parse::parse(&source).document else {
        return;
    };
    let with_spans = guidelint::parse::parse_with_spans(&source).document;
    assert_eq!(
        with_spans.map(|document| document.tree).as_ref(),
        Some(&document.tree)
    );
    assert!(guidelint::schema::validators_agree(&document));
}

fn assert_within(place: &Value, widths: &[usize]) {
    let number = |key: &str| {
        place[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` is a number: {place}")) as usize
    };
    let (line, column) = (number("line"), number("column"));
    let (end_line, end_column) = (number("end_line"), number("end_column"));
    for (line, column) in [(line, column), (end_line, end_column)] {
        assert!(line >= 1 && column >= 1, "1-based: {place}");
        let width = widths.get(line - 1).unwrap_or_else(|| {
            panic!(
                "line {line} of a document of {} lines: {place}",
                widths.len()
            )
        });
        assert!(
            column <= width + 1,
            "column {column} of a line of {width} characters: {place}"
        );
    }
    assert!((line, column) <= (end_line, end_column), "ordered: {place}");
}

/// Text for a terminal (or a CI log that renders ANSI) holds no control character but line feeds
/// and tabs: an escape sequence or carriage return from a document could rewrite what is shown.
fn assert_terminal_safe(text: &str) {
    if !enabled("terminal") {
        return;
    }
    if let Some(control) = text
        .chars()
        .find(|&character| character.is_control() && !matches!(character, '\n' | '\t'))
    {
        panic!(
            "U+{:04X} reaches the terminal:\n{text:?}",
            u32::from(control)
        );
    }
}

//! JSON parser conformance against Nicolas Seriot's JSONTestSuite (tests/data/JSONTestSuite):
//! `y_` files are valid JSON and must never be reported as `invalid-json`, `n_` files are not JSON and
//! must be reported exactly once as `invalid-json`, `i_` files may go either way but must not panic.

use guidelint::CheckOptions;
use std::path::{Path, PathBuf};

const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/JSONTestSuite/test_parsing"
);

/// The suite's files whose names start with `prefix`, sorted.
fn suite_files(prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(SUITE)
        .expect("tests/data/JSONTestSuite/test_parsing exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".json")
        })
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Checks one file through the library and returns its `invalid-json` diagnostics as
/// (line, column, message).
fn invalid_json(path: &Path) -> Vec<(usize, usize, String)> {
    let bytes = std::fs::read(path).expect("readable test file");
    let report = guidelint::check_bytes(&name(path), &bytes, &CheckOptions::default());
    report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL001")
        .map(|diagnostic| {
            assert_eq!(diagnostic.rule.name, "invalid-json");
            let position = report.source.position(diagnostic.primary.span.start);
            (position.line, position.column, diagnostic.message.clone())
        })
        .collect()
}

#[test]
fn the_suite_is_present() {
    // Guards the other tests against passing vacuously on a missing or emptied folder.
    assert_eq!(suite_files("y_").len(), 95);
    assert_eq!(suite_files("n_").len(), 188);
    assert_eq!(suite_files("i_").len(), 35);
}

#[test]
fn valid_json_is_never_reported_as_invalid_json() {
    let wrong: Vec<String> = suite_files("y_")
        .iter()
        .filter_map(|path| {
            let found = invalid_json(path);
            (!found.is_empty()).then(|| format!("{}: {found:?}", name(path)))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "valid JSON reported as invalid-json:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn invalid_json_is_reported_exactly_once() {
    let wrong: Vec<String> = suite_files("n_")
        .iter()
        .filter_map(|path| {
            let found = invalid_json(path);
            (found.len() != 1).then(|| format!("{}: {found:?}", name(path)))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "invalid JSON not reported exactly once as invalid-json:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn implementation_defined_json_never_panics() {
    let mut outcomes = Vec::new();
    for path in suite_files("i_") {
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| {
            guidelint::check_bytes(&name(&path), &bytes, &CheckOptions::default())
                .diagnostics
                .len()
        });
        outcomes.push((name(&path), result.is_ok()));
    }
    let panicked: Vec<&str> = outcomes
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(panicked.is_empty(), "panicked on: {panicked:?}");
}

/// Where the suite's rejections land for the cases a user would actually type: the diagnostic
/// points at the offending character, not at the start of the file.
#[test]
fn rejections_point_at_the_offending_character() {
    let cases: &[(&str, usize, usize)] = &[
        // `["",]`: the trailing comma.
        ("n_array_extra_comma.json", 1, 4),
        // `[1,]`
        ("n_array_number_and_comma.json", 1, 3),
        // `{"id":0,}`
        ("n_object_trailing_comma.json", 1, 8),
        // `['single quote']`
        ("n_string_single_quote.json", 1, 2),
        // `[NaN]`
        ("n_number_NaN.json", 1, 2),
        // `[012]`: the leading zero.
        ("n_number_with_leading_zero.json", 1, 2),
        // `{"a":/*comment*/"b"}`
        ("n_structure_object_with_comment.json", 1, 6),
        // `{"a":"b"}/**/`: the comment after the document.
        ("n_object_trailing_comment.json", 1, 10),
        // `["<TAB>"]`: the raw tab.
        ("n_string_unescaped_tab.json", 1, 3),
        // `["new<LF>line"]`: the raw line feed, at the end of line 1.
        ("n_string_unescaped_newline.json", 1, 6),
        // `["a<NUL>a"]`
        ("n_string_unescaped_ctrl_char.json", 1, 4),
        // `[<FF>]`: form feed is not JSON whitespace.
        ("n_structure_whitespace_formfeed.json", 1, 2),
    ];
    for (file, line, column) in cases {
        let found = invalid_json(&Path::new(SUITE).join(file));
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        assert_eq!(
            (found[0].0, found[0].1),
            (*line, *column),
            "{file}: {found:?}"
        );
    }
}

/// (line, column, end line, end column, message) of each `invalid-json` diagnostic of `text`.
fn invalid_json_text(text: &str) -> Vec<(usize, usize, usize, usize, String)> {
    let report = guidelint::check_bytes("t.json", text.as_bytes(), &CheckOptions::default());
    report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL001")
        .map(|diagnostic| {
            let start = report.source.position(diagnostic.primary.span.start);
            let end = report.source.position(diagnostic.primary.span.end);
            (
                start.line,
                start.column,
                end.line,
                end.column,
                diagnostic.message.clone(),
            )
        })
        .collect()
}

#[test]
fn control_characters_in_strings_are_rejected_at_the_character() {
    assert_eq!(
        invalid_json_text("{\n  \"title\": \"a\tb\"\n}"),
        [(
            2,
            14,
            2,
            15,
            "invalid string: unescaped tab inside a string".to_string()
        )]
    );
    assert_eq!(
        invalid_json_text("{\n  \"title\": \"two\nlines\"\n}"),
        [(
            2,
            16,
            3,
            1,
            "invalid string: line break inside a string".to_string()
        )]
    );
    assert_eq!(
        invalid_json_text("{\"a\u{1}b\": 1}"),
        [(
            1,
            4,
            1,
            5,
            "invalid string: unescaped control character U+0001".to_string()
        )]
    );
    // Escaped, the same characters are fine, and an escaped quote does not end the string early.
    assert_eq!(invalid_json_text("{\"a\\tb\\\"\\u0001\": \"\\n\"}"), []);
}

#[test]
fn only_json_whitespace_is_accepted_between_tokens() {
    // Vertical tab, form feed, no-break space, line separator, ideographic space.
    for (text, column) in [
        ("{\u{b}}", 2),
        ("{\"a\":\u{c}1}", 6),
        ("{\"a\": 1,\u{a0}\"b\": 2}", 9),
        ("\u{2028}{}", 1),
        ("{}\u{3000}", 3),
    ] {
        let found = invalid_json_text(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        assert_eq!((found[0].0, found[0].1), (1, column), "{text:?}: {found:?}");
        assert!(
            found[0].4.ends_with("is not whitespace JSON allows"),
            "{found:?}"
        );
    }
    // Inside strings any of them is just text.
    assert_eq!(invalid_json_text("{\"a\u{a0}\u{3000}\u{c}\": 1}").len(), 1); // only the form feed
    assert_eq!(invalid_json_text("{\"a\u{a0}\u{3000}\": 1}"), []);
}

#[test]
fn the_first_problem_in_the_text_is_the_one_reported() {
    // A raw tab before a trailing comma: the tab comes first.
    assert_eq!(
        invalid_json_text("[\"a\tb\",]"),
        [(
            1,
            4,
            1,
            5,
            "invalid string: unescaped tab inside a string".to_string()
        )]
    );
    // A trailing comma before a raw tab: the comma comes first.
    assert_eq!(
        invalid_json_text("[1,]\n[\"a\tb\"]")
            .iter()
            .map(|found| (found.0, found.1))
            .collect::<Vec<_>>(),
        [(1, 3)]
    );
}

#[test]
fn leading_zeros_are_reported_at_the_zero() {
    assert_eq!(
        invalid_json_text("{\"sequence\": 01}"),
        [(
            1,
            14,
            1,
            15,
            "numbers must not have leading zeros".to_string()
        )]
    );
    assert_eq!(
        invalid_json_text("{\"a\": -007}"),
        [(
            1,
            8,
            1,
            9,
            "numbers must not have leading zeros".to_string()
        )]
    );
    // Exponents may have leading zeros, and `0.5` is fine.
    assert_eq!(invalid_json_text("[1e05, 0.5, -0, 0]"), []);
}

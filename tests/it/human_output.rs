//! The rendered human report, pinned with insta snapshots (tests/snapshots/). The binary runs from
//! the crate root on committed fixtures named by relative paths, without color (`NO_COLOR=1`, and
//! stdout is a pipe) and 100 columns wide, so the snapshots are byte-for-byte what a user sees.

const TODAY: &str = "2026-11-26";

/// Runs `guidelint check ARGS` and returns stdout, insisting on `exit_code` and an empty stderr.
fn human(args: &[&str], exit_code: i32) -> String {
    let output = crate::common::command(crate::common::root())
        .args(["check", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(exit_code), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "no escape sequences without a terminal:\n{stdout}"
    );
    stdout
}

#[test]
fn schema_errors() {
    insta::assert_snapshot!(
        "schema_errors",
        human(&["tests/fixtures/core/schema-errors.json"], 1)
    );
}

#[test]
fn duplicate_key() {
    insta::assert_snapshot!(
        "duplicate_key",
        human(&["tests/fixtures/core/duplicate-key.json"], 1)
    );
}

#[test]
fn parse_error() {
    insta::assert_snapshot!(
        "parse_error",
        human(&["tests/fixtures/core/parse-error.json"], 1)
    );
}

#[test]
fn several_files_then_one_summary() {
    insta::assert_snapshot!(
        "several_files",
        human(
            &[
                "tests/fixtures/core/parse-error.json",
                "tests/fixtures/core/valid-minimal.json",
                "tests/fixtures/core/duplicate-key.json",
            ],
            1
        )
    );
}

#[test]
fn clean_run_prints_only_the_summary() {
    assert_eq!(
        human(&["tests/fixtures/core/valid-minimal.json"], 0),
        "1 file checked: 0 errors, 0 warnings\n"
    );
}

#[test]
fn labels_say_what_is_wrong_at_the_point() {
    // Primary label texts only appear in the human report.
    let output = crate::common::cli(crate::common::root())
        .args(["check", "-", "--stdin-filename", "t.json"])
        .write_stdin("{\"a\" 1}")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("expected `:` after the key"), "{stdout}");
    assert!(stdout.contains("╰── `:` expected before this"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn header_columns_count_characters_like_every_other_format() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("accents.json");
    // `"x"` starts at character 27 (byte 29): `í` and `é` take two bytes each.
    std::fs::write(&path, r#"{"título": "é", "format": "x"}"#).unwrap();
    let path = path.to_str().unwrap();
    let output = human(&[path], 1);
    assert!(
        output.contains(&format!("╭─[{path}:1:27]")),
        "the header of the `format` diagnostic gives column 27:\n{output}"
    );
}

/// Deep in a long document, a snippet quotes the right lines with the right numbers: the report
/// reads only the lines around each diagnostic, whatever the document's length.
#[test]
fn snippets_deep_in_a_long_document_keep_their_line_numbers() {
    use guidelint::report::human;
    // An extension object of 30,000 members, one per line, then an unknown key on line 30,005.
    let mut text = String::from("{\n  \"x-padding\": {\n");
    for index in 0..30_000 {
        text.push_str(&format!("    \"k{index}\": {index},\n"));
    }
    text.push_str("    \"end\": 0\n  },\n  \"unknown\": true\n}\n");
    let file = guidelint::check_bytes(
        "long.json",
        text.as_bytes(),
        &guidelint::CheckOptions::default(),
    );
    let report = guidelint::Report {
        files: vec![file],
        unlisted_clean_files: 0,
        failures: Vec::new(),
    };
    let rendered = human::render(
        &report,
        human::Style {
            color: false,
            width: 100,
        },
    );
    let unknown = rendered
        .split("\n\n")
        .find(|block| block.contains("unexpected key `unknown`"))
        .expect("the unknown key is reported");
    assert!(unknown.contains("╭─[long.json:30005:3]"), "{unknown}");
    assert!(unknown.contains(" 30004 │   },\n"), "{unknown}");
    assert!(
        unknown.contains(" 30005 │   \"unknown\": true\n"),
        "{unknown}"
    );
    assert!(unknown.contains(" 30006 │ }\n"), "{unknown}");
}

//! `guidelint fmt`: the canonical layout, its properties (idempotent, never changes a value), the
//! repository kept in it, and the command line (`--check`, `--diff`, stdin, `[format]`, files it
//! must not write).

use crate::common::{self, options};
use guidelint::config::Format;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Documents of the repository whose text is their point, so `fmt` must leave them as they are,
/// each with the reason.
const EXEMPT: &[(&str, &str)] = &[
    (
        "tests/fixtures/formats/cases/",
        "the output-format tests pin regions and escapes of these exact texts",
    ),
    (
        "tests/fixtures/core/duplicate-key.json",
        "a repeated key on purpose, with its positions pinned by check_cli.rs and the human-output \
         snapshots",
    ),
    (
        "tests/fixtures/fmt/cases/messy.json",
        "the input of the golden fmt test: every way a layout can be off",
    ),
    (
        ".scenarios.json",
        "scenario files are not guideline documents: fmt has no key order for them and leaves them \
         alone",
    ),
    (
        ".fixed.json",
        "what `check --fix` writes, byte for byte: a fix keeps the author's layout (a member it adds \
         goes at the end of its object), and fmt is a separate step",
    ),
];

/// Documents that are not JSON: fmt refuses them, so they need no exemption, but the test says
/// which it expects.
const NOT_JSON: &[&str] = &[
    "tests/fixtures/core/parse-error.json",
    "tests/fixtures/invalid-json/fail.json",
];

fn exemption(path: &str) -> Option<&'static str> {
    EXEMPT
        .iter()
        .find(|(pattern, _)| {
            if let Some(suffix) = pattern.strip_prefix('.') {
                path.ends_with(&format!(".{suffix}"))
            } else {
                path.starts_with(pattern)
            }
        })
        .map(|(_, reason)| *reason)
}

/// Every JSON document of the bundled guidelines and the fixtures, relative to the crate root.
fn repository_documents() -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![PathBuf::from("guidelines"), PathBuf::from("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(common::root().join(&folder)).unwrap() {
            let name = entry.unwrap().file_name();
            let path = folder.join(&name);
            if common::root().join(&path).is_dir() {
                folders.push(path);
            } else if name.to_string_lossy().ends_with(".json") {
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_bundled_guideline_and_every_fixture_are_formatted() {
    let documents = repository_documents();
    let checked: Vec<&str> = documents
        .iter()
        .map(String::as_str)
        .filter(|path| exemption(path).is_none())
        .collect();
    assert!(checked.contains(&"guidelines/iliopsoas-hematoma.json"));
    assert!(checked.len() > 100, "{}", checked.len());
    let run = common::run(
        common::command(common::root())
            .args(["fmt", "--check"])
            .args(&checked),
    );
    assert_eq!(run.stdout, "", "run `guidelint fmt` on these files");
    for path in NOT_JSON {
        assert!(
            run.stderr.contains(&format!("{path}:")),
            "{path} is not JSON: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.ends_with(&format!(
            "0 files would be reformatted, {} already formatted, {} not JSON and left unchanged\n",
            guidelint::text::plural(checked.len() - NOT_JSON.len(), "file"),
            guidelint::text::plural(NOT_JSON.len(), "file")
        )),
        "{}",
        run.stderr
    );
    // Every exemption still names something, and something that fmt would change.
    for (pattern, reason) in EXEMPT {
        let exempt: Vec<&String> = documents
            .iter()
            .filter(|path| exemption(path) == Some(reason))
            .collect();
        assert!(!exempt.is_empty(), "{pattern} names nothing");
    }
}

#[test]
fn the_golden_document_is_laid_out_byte_for_byte() {
    let folder = common::root().join("tests/fixtures/fmt/cases");
    let messy = std::fs::read_to_string(folder.join("messy.json")).unwrap();
    let expected = std::fs::read_to_string(folder.join("messy.formatted.json")).unwrap();
    let formatted = guidelint::formatter::format(&messy, Format::default()).unwrap();
    assert!(
        formatted == expected,
        "{}",
        guidelint::report::diff::unified("expected", &expected, &formatted)
    );
    // A line of 100 characters keeps its array on it; one of 101 does not.
    let widths: Vec<usize> = expected
        .lines()
        .filter(|line| line.starts_with("  \"x-fits\"") || line.starts_with("  \"x-break\""))
        .map(|line| line.chars().count())
        .collect();
    assert_eq!(widths, [100, 14]);
}

#[test]
fn indentation_and_line_width_come_from_the_format_table() {
    let text = r#"{"id": "a", "x-list": ["one", "two", "three"], "lint": {"allow": []}}"#;
    let layout = Format {
        indent_width: 4,
        line_width: 30,
    };
    assert_eq!(
        guidelint::formatter::format(text, layout).unwrap(),
        "{\n    \"id\": \"a\",\n    \"lint\": {\n        \"allow\": []\n    },\n    \"x-list\": [\n        \"one\",\n        \"two\",\n        \"three\"\n    ]\n}\n"
    );
    // Through guidelint.toml.
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("g.json"), text).unwrap();
    std::fs::write(
        folder.path().join("guidelint.toml"),
        "[format]\nindent-width = 4\nline-width = 30\n",
    )
    .unwrap();
    let run = common::run(common::command(folder.path()).args(["fmt", "g.json"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(folder.path().join("g.json")).unwrap(),
        guidelint::formatter::format(text, layout).unwrap()
    );
    std::fs::write(
        folder.path().join("guidelint.toml"),
        "[format]\nline-width = 5\n",
    )
    .unwrap();
    let run = common::run(common::command(folder.path()).args(["fmt", "g.json"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`line-width` is 5; use a number from 20 to 1000"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Properties: fmt(fmt(x)) == fmt(x), and fmt(x) holds what x holds

/// Every scalar and key of a JSON text, exactly as written, in sorted order: a layout that changes
/// none of them, and keeps the tree, changes no value.
fn tokens(text: &str) -> Vec<String> {
    fn walk(value: &jsonc_parser::ast::Value<'_>, text: &str, out: &mut Vec<String>) {
        use jsonc_parser::ast::Value;
        use jsonc_parser::common::Ranged;
        match value {
            Value::Object(object) => {
                for member in &object.properties {
                    let range = member.name.range();
                    out.push(text[range.start..range.end].to_string());
                    walk(&member.value, text, out);
                }
            }
            Value::Array(array) => {
                for element in &array.elements {
                    walk(element, text, out);
                }
            }
            scalar => {
                let range = scalar.range();
                out.push(text[range.start..range.end].to_string());
            }
        }
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    if let Ok(Some(root)) = guidelint::parse::syntax_tree(text) {
        walk(&root, text, &mut out);
    }
    out.sort();
    out
}

/// The document as guidelint reads it (the last of repeated keys wins); objects compare
/// regardless of key order.
fn tree(text: &str) -> serde_json::Value {
    let source = guidelint::source::SourceFile::new("x.json", text);
    guidelint::parse::parse(&source)
        .document
        .expect("the text is JSON")
        .tree
        .root()
        .to_value()
}

/// fmt is idempotent, keeps the tree and every token, and `check` finds the same problems in the
/// formatted text (positions aside). Returns whether `text` was JSON.
fn assert_fmt_properties(name: &str, text: &str) -> bool {
    let Ok(formatted) = guidelint::formatter::format(text, Format::default()) else {
        return false;
    };
    let again = guidelint::formatter::format(&formatted, Format::default()).unwrap();
    assert!(
        again == formatted,
        "{name}: fmt is not idempotent:\n{}",
        guidelint::report::diff::unified(name, &formatted, &again)
    );
    assert_eq!(tree(&formatted), tree(text), "{name}: the tree changed");
    assert_eq!(tokens(&formatted), tokens(text), "{name}: a token changed");
    assert!(formatted.ends_with("}\n") || formatted.ends_with("]\n") || formatted.ends_with('\n'));
    assert!(!formatted.starts_with('\u{feff}') && !formatted.contains('\r'));
    let problems = |text: &str| {
        let mut found: Vec<(String, String)> =
            guidelint::check_source(&guidelint::source::SourceFile::new(name, text), &options())
                .into_iter()
                .map(|diagnostic| (diagnostic.rule.name.to_string(), diagnostic.message))
                .collect();
        found.sort();
        found
    };
    assert_eq!(problems(&formatted), problems(text), "{name}");
    true
}

#[test]
fn fmt_is_idempotent_and_keeps_every_value_of_every_repository_document() {
    let mut formatted = 0;
    for path in repository_documents() {
        let bytes = std::fs::read(common::root().join(&path)).unwrap();
        if let Ok(text) = String::from_utf8(bytes) {
            formatted += usize::from(assert_fmt_properties(&path, &text));
        }
    }
    assert!(formatted > 100, "{formatted}");
}

proptest! {
    #![proptest_config(crate::properties::config(128))]

    #[test]
    fn fmt_is_idempotent_and_keeps_every_value_of_mutants(mutant in crate::properties::mutant()) {
        if let Ok(text) = String::from_utf8(mutant.document()) {
            assert_fmt_properties("mutant.json", &text);
        }
    }

    /// Any layout of a document's values, at any indentation and width, comes out the same.
    #[test]
    fn the_layout_depends_on_the_values_only(
        mutant in crate::properties::mutant(),
        indent_width in 1usize..=8,
        line_width in 20usize..=200,
    ) {
        let Ok(text) = String::from_utf8(mutant.document()) else { return Ok(()) };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return Ok(()) };
        let source = guidelint::source::SourceFile::new("mutant.json", &text);
        // serde_json keeps one of repeated keys, and may spell a number its own way.
        let compact = serde_json::to_string(&value).unwrap();
        if !guidelint::parse::parse(&source).diagnostics.is_empty() || tokens(&compact) != tokens(&text) {
            return Ok(());
        }
        let layout = Format { indent_width, line_width };
        let from_compact = guidelint::formatter::format(&compact, layout).unwrap();
        let from_text = guidelint::formatter::format(&text, layout).unwrap();
        prop_assert_eq!(&from_compact, &from_text);
        // A line wider than the width never holds a whole array of items: such an array is then
        // laid out one item per line.
        for line in from_compact.lines().filter(|line| line.chars().count() > line_width) {
            let line = line.trim_end_matches(',');
            prop_assert!(
                !(line.contains('[') && line.ends_with(']') && !line.ends_with("[]")),
                "{}",
                line
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

fn fmt(folder: &Path, arguments: &[&str]) -> common::Run {
    common::run(common::command(folder).arg("fmt").args(arguments))
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/fixtures").join(path)).unwrap()
}

fn messy() -> Vec<u8> {
    fixture("fmt/cases/messy.json")
}

fn formatted() -> Vec<u8> {
    fixture("fmt/cases/messy.formatted.json")
}

#[test]
fn fmt_writes_the_layout_and_says_how_many_files_changed() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("messy.json"), messy()).unwrap();
    std::fs::write(folder.path().join("tidy.json"), formatted()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(folder.path().join("messy.json"), permissions).unwrap();
    }
    let run = fmt(folder.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "1 file reformatted, 1 file left unchanged\n");
    assert_eq!(
        std::fs::read(folder.path().join("messy.json")).unwrap(),
        formatted()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.path().join("messy.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let names: std::collections::BTreeSet<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["messy.json", "tidy.json"].map(String::from).into());
}

#[test]
fn fmt_check_lists_the_files_that_would_change_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("messy.json"), messy()).unwrap();
    std::fs::write(folder.path().join("tidy.json"), formatted()).unwrap();
    let run = fmt(folder.path(), &["--check", "."]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "would reformat: messy.json\n");
    assert_eq!(
        run.stderr,
        "1 file would be reformatted, 1 file already formatted\n"
    );
    assert_eq!(
        std::fs::read(folder.path().join("messy.json")).unwrap(),
        messy()
    );
    let run = fmt(folder.path(), &["--check", "tidy.json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
}

#[test]
fn fmt_diff_shows_each_change_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let text = "{\"id\": \"a\", \"format\": \"guidelint/1\"}\n";
    std::fs::write(folder.path().join("g.json"), text).unwrap();
    let run = fmt(folder.path(), &["--diff", "g.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "--- g.json\n+++ g.json\n@@ -1 +1,4 @@\n-{\"id\": \"a\", \"format\": \"guidelint/1\"}\n+{\n+  \"format\": \"guidelint/1\",\n+  \"id\": \"a\"\n+}\n"
    );
    assert_eq!(
        std::fs::read_to_string(folder.path().join("g.json")).unwrap(),
        text
    );
}

#[test]
fn a_document_that_is_not_json_is_reported_and_never_written() {
    let folder = tempfile::tempdir().unwrap();
    let broken = b"{\"format\": \"guidelint/1\",\n  \"id\": \"a\",}\n".to_vec();
    let not_utf8 = b"{\"id\": \"\xff\"}".to_vec();
    std::fs::write(folder.path().join("broken.json"), &broken).unwrap();
    std::fs::write(folder.path().join("latin1.json"), &not_utf8).unwrap();
    std::fs::write(folder.path().join("messy.json"), messy()).unwrap();
    let run = fmt(folder.path(), &["."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("× trailing comma before a closing bracket"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken.json:2:12"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "1 file reformatted, 0 files left unchanged, 2 files not JSON and left unchanged\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(folder.path().join("broken.json")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read(folder.path().join("latin1.json")).unwrap(),
        not_utf8
    );
    assert_eq!(
        std::fs::read(folder.path().join("messy.json")).unwrap(),
        formatted()
    );
}

#[test]
fn fmt_reads_stdin_and_prints_the_layout() {
    let folder = tempfile::tempdir().unwrap();
    let output = common::cli(folder.path())
        .args(["fmt", "-"])
        .write_stdin(messy())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, formatted());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    // Not JSON: exit 1, and the text comes back as it was.
    let output = common::cli(folder.path())
        .args(["fmt", "--stdin-filename", "g.json", "-"])
        .write_stdin("{,}")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(output.stdout, b"{,}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("g.json:1:2"));
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
}

#[test]
fn a_read_only_file_is_left_untouched_with_exit_2() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("g.json");
    std::fs::write(&path, messy()).unwrap();
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let run = fmt(folder.path(), &["g.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write g.json: the file is read-only; it was left unchanged\n0 files reformatted, 0 files left unchanged\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), messy());
}

#[test]
fn scenario_files_are_not_guidelines_and_keep_their_layout() {
    let folder = tempfile::tempdir().unwrap();
    let scenarios = b"{\"id\": \"s\",   \"guideline\": \"g.json\"}".to_vec();
    std::fs::write(folder.path().join("g.scenarios.json"), &scenarios).unwrap();
    let run = fmt(folder.path(), &["."]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "0 files reformatted, 0 files left unchanged\n");
    let run = fmt(folder.path(), &["g.scenarios.json"]);
    assert!(
        run.stderr.starts_with(
            "note: g.scenarios.json is a scenario file, not a guideline document; fmt leaves it as it is\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(folder.path().join("g.scenarios.json")).unwrap(),
        scenarios
    );
}

//! `guidelint check` end to end, as a user runs it: exit codes, the exact line:column of every
//! diagnostic, messages and help, the JSON report's shape, several files, stdin and bad arguments.
//!
//! Broken documents are made by textual edits of the bundled guideline, so expected positions are
//! computed from the edited text; the committed fixtures in `tests/fixtures/core/` have their
//! positions written out, to pin them.

use crate::common::Run;
use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TODAY: &str = "2026-11-26";
const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");
const SUMMARY_CLEAN: &str = "1 file checked: 0 errors, 0 warnings\n";
/// The year of the guideline's first source, the iCliniq article (a later source has the same year).
const SOURCE_YEAR: &str = "\"publisher\": \"iCliniq\",\n        \"year\": 2023";
/// The modality of the `ct-scan` step (the repeat CT of the reassessment is a CT as well).
const CT_MODALITY: &str = "\"modality\": \"ct\",\n            \"sequence\": 2,";

// ---------------------------------------------------------------------------------------------
// Helpers

/// The binary, run from the crate root without color.
fn guidelint() -> Command {
    crate::common::cli(crate::common::root())
}

fn run(command: &mut Command) -> Run {
    crate::common::run_cli(command)
}

/// Parses stdout of a `--format json` run, insisting that it holds exactly one JSON document.
fn report(run: &Run) -> Value {
    assert!(
        run.stdout.ends_with('\n'),
        "the report ends with a newline: {:?}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1, "the report is one line");
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", run.stdout))
}

/// Writes `bytes` as `name` into a fresh temporary folder and checks it from there with
/// `--format json`, so the report names the file exactly `name`.
fn check_bytes(name: &str, bytes: impl AsRef<[u8]>) -> (i32, Value) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(name), bytes).unwrap();
    let run = run(guidelint()
        .current_dir(folder.path())
        .args(["check", "--today", TODAY, "--format", "json", name]));
    let report = report(&run);
    assert_eq!(run.stderr, "", "nothing on stderr for a checked document");
    (run.code, report)
}

/// The diagnostics of a report.
fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array")
}

/// (code, rule, line, column, end_line, end_column, pointer) of a diagnostic.
type Place = (&'static str, usize, usize, usize, usize, String);

fn place(diagnostic: &Value) -> Place {
    let code = diagnostic["code"].as_str().unwrap();
    let rule = diagnostic["rule"].as_str().unwrap();
    let (code, expected_rule) = match code {
        "GL001" => ("GL001", "invalid-json"),
        "GL002" => ("GL002", "schema"),
        "GL003" => ("GL003", "duplicate-key"),
        other => panic!("unexpected rule {other} ({rule}) in {diagnostic}"),
    };
    assert_eq!(rule, expected_rule, "rule name of {code}");
    assert_eq!(diagnostic["severity"], "error", "{diagnostic}");
    let number = |key: &str| {
        diagnostic[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` in {diagnostic}")) as usize
    };
    (
        code,
        number("line"),
        number("column"),
        number("end_line"),
        number("end_column"),
        diagnostic["pointer"].as_str().unwrap().to_string(),
    )
}

/// Asserts the report holds exactly one diagnostic, at `expected`, and returns it.
fn only(report: &Value, expected: Place) -> &Value {
    let all = diagnostics(report);
    assert_eq!(all.len(), 1, "exactly one diagnostic: {all:#?}");
    assert_eq!(place(&all[0]), expected, "{:#}", all[0]);
    assert_eq!(report["summary"]["errors"], 1);
    &all[0]
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Byte offset of the only occurrence of `needle`.
fn find_once(text: &str, needle: &str) -> usize {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` occurs exactly once"
    );
    text.find(needle).unwrap()
}

/// (line, column, end line, end column) of the only occurrence of `needle`.
fn span_of(text: &str, needle: &str) -> (usize, usize, usize, usize) {
    let start = find_once(text, needle);
    let (line, column) = position(text, start);
    let (end_line, end_column) = position(text, start + needle.len());
    (line, column, end_line, end_column)
}

fn replace_once(text: &str, old: &str, new: &str) -> String {
    find_once(text, old);
    text.replacen(old, new, 1)
}

fn at(code: &'static str, span: (usize, usize, usize, usize), pointer: &str) -> Place {
    (code, span.0, span.1, span.2, span.3, pointer.to_string())
}

/// Index of the step with `id` in the bundled guideline's first diagnosis path.
fn step_index(id: &str) -> usize {
    let document: Value = serde_json::from_str(GUIDELINE).unwrap();
    document["diagnosis"]["paths"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|step| step["id"] == id)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// The bundled guideline

#[test]
fn bundled_guideline_is_clean() {
    let run = run(guidelint().args(["check", "--today", TODAY]));
    assert_eq!(run.stdout, SUMMARY_CLEAN);
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 0);
}

#[test]
fn bundled_guideline_is_clean_in_json() {
    let run = run(guidelint().args(["check", "--today", TODAY, "--format", "json"]));
    assert_eq!(run.code, 0);
    assert_eq!(
        report(&run),
        serde_json::json!({"version": 1, "diagnostics": [], "summary": {"files": 1, "errors": 0, "warnings": 0}})
    );
}

#[test]
fn schema_example_fixture_is_clean() {
    let run = run(guidelint().args([
        "check",
        "--today",
        TODAY,
        "tests/fixtures/core/valid-minimal.json",
    ]));
    assert_eq!(run.stdout, SUMMARY_CLEAN);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------------------------
// Schema diagnostics, on edits of the bundled guideline

#[test]
fn unexpected_key_is_reported_at_the_key_with_a_suggestion() {
    let text = replace_once(
        GUIDELINE,
        CT_MODALITY,
        &CT_MODALITY.replace("modality", "modalty"),
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let step = format!("/diagnosis/paths/0/steps/{}", step_index("ct-scan"));
    let all = diagnostics(&report);
    // One slip, one diagnostic: the step's missing `modality` is explained by the typo, so it is
    // not reported a second time at the step's brace.
    assert_eq!(all.len(), 1, "{all:#?}");
    let key = &all[0];
    assert_eq!(
        place(key),
        at(
            "GL002",
            span_of(&text, r#""modalty""#),
            &format!("{step}/modalty")
        )
    );
    assert_eq!(key["message"], "unexpected key `modalty` in step `ct-scan`");
    assert_eq!(
        key["help"],
        "Did you mean `modality`? Step `ct-scan` has no `modality` yet."
    );
    assert_eq!(key["labels"], serde_json::json!([]));
}

#[test]
fn unexpected_key_far_from_any_known_key_lists_the_known_keys() {
    let text = replace_once(
        GUIDELINE,
        SOURCE_YEAR,
        &format!(r#"{SOURCE_YEAR}, "zzzzzz": 1"#),
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(
        &report,
        at(
            "GL002",
            span_of(&text, r#""zzzzzz""#),
            "/provenance/sources/0/zzzzzz",
        ),
    );
    assert_eq!(
        diagnostic["message"],
        "unexpected key `zzzzzz` in source `icliniq-iliopsoas-hematoma-2023`"
    );
    assert_eq!(
        diagnostic["help"],
        "Remove it, or prefix it with `x-` to keep it as an extension. Known keys here: `id`, `title`, \
         `publisher`, `year`, `url`."
    );
}

#[test]
fn extension_keys_are_allowed_everywhere() {
    let text = replace_once(
        GUIDELINE,
        SOURCE_YEAR,
        &format!(r#"{SOURCE_YEAR}, "x-isbn": "none""#),
    );
    let text = replace_once(
        &text,
        CT_MODALITY,
        &CT_MODALITY.replace(r#""ct","#, r#""ct", "x-room": 3,"#),
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(diagnostics(&report), &Vec::<Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn missing_property_is_reported_at_the_key_of_the_object() {
    let text = replace_once(GUIDELINE, "    \"name\": \"Iliopsoas hematoma\",\n", "");
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(
        &report,
        at("GL002", span_of(&text, r#""condition""#), "/condition"),
    );
    assert_eq!(
        diagnostic["message"],
        "`condition` is missing the required key `name`"
    );
    assert_eq!(
        diagnostic["help"],
        "Add `name`: Name of the condition, such as \"Iliopsoas hematoma\"."
    );
}

#[test]
fn missing_property_of_the_document_is_reported_at_its_opening_brace() {
    let text = replace_once(
        GUIDELINE,
        "  \"title\": \"Iliopsoas hematoma: diagnosis and management\",\n",
        "",
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(&report, at("GL002", (1, 1, 1, 2), ""));
    assert_eq!(
        diagnostic["message"],
        "the document is missing the required key `title`"
    );
}

#[test]
fn enum_violation_lists_the_allowed_values() {
    let text = replace_once(GUIDELINE, r#""status": "active""#, r#""status": "final""#);
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(
        &report,
        at("GL002", span_of(&text, r#""final""#), "/status"),
    );
    assert_eq!(
        diagnostic["message"],
        "`status` must be one of draft, active, retired, found `final`"
    );
    assert_eq!(diagnostic["help"], "Use one of: draft, active, retired.");
}

#[test]
fn enum_violation_suggests_the_closest_value() {
    let text = replace_once(GUIDELINE, r#""status": "active""#, r#""status": "actve""#);
    let (_, report) = check_bytes("g.json", &text);
    let diagnostic = only(
        &report,
        at("GL002", span_of(&text, r#""actve""#), "/status"),
    );
    assert_eq!(
        diagnostic["help"],
        "Did you mean `active`? Use one of: draft, active, retired."
    );
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    let text = replace_once(
        GUIDELINE,
        SOURCE_YEAR,
        &SOURCE_YEAR.replace("2023", "\"2023\""),
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(
        &report,
        at(
            "GL002",
            span_of(&text, r#""2023""#),
            "/provenance/sources/0/year",
        ),
    );
    assert_eq!(
        diagnostic["message"],
        "`year` must be an integer, found a string"
    );
    assert_eq!(
        diagnostic["help"],
        "Write an integer: Year of publication, four digits."
    );
}

#[test]
fn impossible_date_is_reported_at_the_value() {
    let text = replace_once(
        GUIDELINE,
        r#""published": "2026-11-20""#,
        r#""published": "2023-13-40""#,
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(
        &report,
        at(
            "GL002",
            span_of(&text, r#""2023-13-40""#),
            "/provenance/published",
        ),
    );
    assert_eq!(
        diagnostic["message"],
        "`published` must be a calendar date, found `2023-13-40`"
    );
    assert_eq!(
        diagnostic["help"],
        "Write dates as YYYY-MM-DD, for example 2024-03-15."
    );
}

#[test]
fn malformed_id_is_reported_at_the_value() {
    let text = replace_once(
        GUIDELINE,
        r#""id": "iliopsoas-hematoma""#,
        r#""id": "Bad_Id""#,
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let diagnostic = only(&report, at("GL002", span_of(&text, r#""Bad_Id""#), "/id"));
    assert_eq!(
        diagnostic["message"],
        "`id` must be a lowercase id, found `Bad_Id`"
    );
}

#[test]
fn condition_with_two_alternatives_is_reported_at_the_condition() {
    let old = "{\n          \"finding\": \"hematoma-on-imaging\"\n        }";
    let second = "\"all\": [{\"finding\": \"severe-pain\"}]";
    let new = format!(
        "{{\n          \"finding\": \"hematoma-on-imaging\",\n          {second}\n        }}"
    );
    let text = replace_once(GUIDELINE, old, &new);
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    // Other conditions of the guideline have an `all` too: the span is that of the one added.
    let (line, column) = position(&text, find_once(&text, second));
    let diagnostic = only(
        &report,
        at(
            "GL002",
            (line, column, line, column + "\"all\"".len()),
            "/treatments/0/indications/0/all",
        ),
    );
    assert_eq!(
        diagnostic["message"],
        "indication 1 of `indications` must have exactly one of `finding`, `all`, `any` or `not`, \
         but it has `finding` and `all`"
    );
    assert_eq!(
        diagnostic["labels"][0]["message"], "first alternative",
        "the other alternative is labelled too"
    );
}

#[test]
fn transition_without_target_is_reported_at_its_brace() {
    // The ultrasound's first transition, to CT when the ultrasound is inconclusive.
    let text = replace_once(
        GUIDELINE,
        "\"to\": \"ct-scan\",\n                \"when\": {\n                  \"finding\": \"ultrasound-inconclusive\"",
        "\"when\": {\n                  \"finding\": \"ultrasound-inconclusive\"",
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let transition = text[..find_once(
        &text,
        "\"when\": {\n                  \"finding\": \"ultrasound-inconclusive\"",
    )]
        .rfind('{')
        .unwrap();
    let (line, column) = position(&text, transition);
    let pointer = format!(
        "/diagnosis/paths/0/steps/{}/next/0",
        step_index("ultrasound")
    );
    let diagnostic = only(
        &report,
        at("GL002", (line, column, line, column + 1), &pointer),
    );
    assert_eq!(
        diagnostic["message"],
        "transition 1 of `next` is missing the required key `to`"
    );
    assert_eq!(
        diagnostic["help"],
        "Add `to`: Id of the next step, which must be a step of the same diagnosis path."
    );
}

#[test]
fn every_violation_is_reported_once() {
    // Two unrelated problems give two diagnostics, in line order.
    let text = replace_once(GUIDELINE, r#""status": "active""#, r#""status": "final""#);
    let text = replace_once(&text, SOURCE_YEAR, &SOURCE_YEAR.replace("2023", "\"2023\""));
    let (_, report) = check_bytes("g.json", &text);
    let places: Vec<Place> = diagnostics(&report).iter().map(place).collect();
    assert_eq!(
        places,
        [
            at("GL002", span_of(&text, r#""final""#), "/status"),
            at(
                "GL002",
                span_of(&text, r#""2023""#),
                "/provenance/sources/0/year"
            ),
        ]
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 2, "warnings": 0})
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = replace_once(
        GUIDELINE,
        r#""status": "active""#,
        r#""x-note": "Hämatom — 血腫 🩸", "status": "final""#,
    );
    let (_, report) = check_bytes("g.json", &text);
    let expected = span_of(&text, r#""final""#);
    // 41 characters in, but 51 bytes in.
    assert_eq!(
        expected.1, 41,
        "the value starts at character 41 of its line"
    );
    only(&report, at("GL002", expected, "/status"));
}

/// Every schema problem of the committed fixture, with its position written out.
#[test]
fn schema_fixture_positions_are_pinned() {
    let run = run(guidelint().args([
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "tests/fixtures/core/schema-errors.json",
    ]));
    assert_eq!(run.code, 1);
    let report = report(&run);
    let found: Vec<(Place, String)> = diagnostics(&report)
        .iter()
        .map(|diagnostic| {
            assert_eq!(diagnostic["path"], "tests/fixtures/core/schema-errors.json");
            (
                place(diagnostic),
                diagnostic["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            ("GL002", 4, 9, 4, 17, "/id"),
            "`id` must be a lowercase id, found `Bad_Id`",
        ),
        (
            ("GL002", 8, 13, 8, 20, "/status"),
            "`status` must be one of draft, active, retired, found `final`",
        ),
        (
            ("GL002", 9, 3, 9, 14, "/condition"),
            "`condition` is missing the required key `name`",
        ),
        (
            ("GL002", 20, 18, 20, 30, "/provenance/published"),
            "`published` must be a calendar date, found `2023-13-40`",
        ),
        (
            ("GL002", 28, 17, 28, 23, "/provenance/sources/0/year"),
            "`year` must be an integer, found a string",
        ),
        (
            ("GL002", 47, 5, 47, 6, "/findings/1"),
            "finding `hematoma-on-imaging` is missing the required key `kind`",
        ),
        (
            ("GL002", 72, 15, 72, 16, "/diagnosis/paths/0/steps/1/next/0"),
            "transition 1 of `next` is missing the required key `to`",
        ),
        (
            (
                "GL002",
                112,
                13,
                112,
                22,
                "/diagnosis/paths/0/steps/2/modalty",
            ),
            "unexpected key `modalty` in step `hip-ultrasound`",
        ),
        (
            ("GL002", 139, 11, 139, 16, "/treatments/0/indications/0/all"),
            "indication 1 of `indications` must have exactly one of `finding`, `all`, `any` or `not`, \
             but it has `finding` and `all`",
        ),
    ];
    let expected: Vec<(Place, String)> = expected
        .into_iter()
        .map(
            |((code, line, column, end_line, end_column, pointer), message)| {
                (
                    (
                        code,
                        line,
                        column,
                        end_line,
                        end_column,
                        pointer.to_string(),
                    ),
                    message.to_string(),
                )
            },
        )
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 9, "warnings": 0})
    );
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys

#[test]
fn duplicate_key_labels_both_occurrences() {
    let text = replace_once(
        GUIDELINE,
        "\"display\": \"Hematoma\"",
        "\"display\": \"Hematoma\",\n        \"display\": \"Hematoma\"",
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let first = find_once(GUIDELINE, "\"display\": \"Hematoma\"");
    let (line, column) = position(&text, first);
    let diagnostic = only(
        &report,
        at(
            "GL003",
            (line + 1, 9, line + 1, 18),
            "/condition/codes/1/display",
        ),
    );
    assert_eq!(
        diagnostic["message"],
        "the key `display` appears twice in the same object"
    );
    assert_eq!(
        diagnostic["labels"],
        serde_json::json!([{"message": "first defined here", "line": line, "column": column, "end_line": line, "end_column": column + 9}])
    );
}

#[test]
fn every_repeat_of_a_key_points_back_at_the_first() {
    let text = replace_once(
        GUIDELINE,
        "  \"status\": \"active\",\n",
        "  \"status\": \"active\",\n  \"x-a/b~c\": 1,\n  \"x-a/b~c\": 2,\n  \"x-a/b~c\": 3,\n",
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let line = position(&text, find_once(GUIDELINE, "\"status\"")).0 + 1;
    let places: Vec<Place> = diagnostics(&report).iter().map(place).collect();
    // The pointer escapes `/` and `~` as RFC 6901 says.
    assert_eq!(
        places,
        [
            at("GL003", (line + 1, 3, line + 1, 12), "/x-a~1b~0c"),
            at("GL003", (line + 2, 3, line + 2, 12), "/x-a~1b~0c"),
        ]
    );
    for diagnostic in diagnostics(&report) {
        assert_eq!(diagnostic["labels"][0]["line"], line);
        assert_eq!(diagnostic["labels"][0]["column"], 3);
        // Each repeat gives the whole count, not just "twice".
        assert_eq!(
            diagnostic["message"],
            "the key `x-a/b~c` appears 3 times in the same object"
        );
    }
}

#[test]
fn a_key_without_a_value_says_the_value_is_missing() {
    for (text, span) in [
        (r#"{"id": }"#, (1, 8, 1, 9)),
        (r#"{"id": , "title": "t"}"#, (1, 8, 1, 9)),
        ("{\"ids\": [\"a\"],\n \"id\":\n]", (3, 1, 3, 2)),
    ] {
        let (code, report) = check_bytes("g.json", text);
        assert_eq!(code, 1);
        let diagnostic = only(&report, at("GL001", span, ""));
        assert_eq!(
            diagnostic["message"], "expected a value after `:`",
            "{text}"
        );
        assert_eq!(diagnostic["labels"], serde_json::json!([]));
        assert_eq!(
            diagnostic["help"],
            "Give every key a value, or remove the key."
        );
    }
    // A stray bracket elsewhere is still just unexpected.
    let (_, report) = check_bytes("g.json", "[1, 2}");
    let diagnostic = only(&report, at("GL001", (1, 6, 1, 7), ""));
    assert_eq!(diagnostic["message"], "unexpected `}`");
}

#[test]
fn duplicate_key_fixture_positions_are_pinned() {
    let run = run(guidelint().args([
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "tests/fixtures/core/duplicate-key.json",
    ]));
    assert_eq!(run.code, 1);
    let report = report(&run);
    let diagnostic = only(
        &report,
        (
            "GL003",
            73,
            13,
            73,
            19,
            "/diagnosis/paths/0/steps/0/name".to_string(),
        ),
    );
    assert_eq!(
        diagnostic["labels"],
        serde_json::json!([{"message": "first defined here", "line": 71, "column": 13, "end_line": 71, "end_column": 19}])
    );
}

// ---------------------------------------------------------------------------------------------
// Not JSON

/// Checks `bytes` and asserts one diagnostic at `expected` with `message`, and exit 1.
fn assert_invalid(
    bytes: impl AsRef<[u8]>,
    expected: (usize, usize, usize, usize),
    message: &str,
) -> Value {
    let (code, report) = check_bytes("g.json", bytes);
    let diagnostic = only(&report, at("GL001", expected, "")).clone();
    assert_eq!(diagnostic["message"], message);
    assert_eq!(code, 1, "a document that is not JSON exits 1");
    diagnostic
}

#[test]
fn trailing_comma() {
    let text = replace_once(
        GUIDELINE,
        "\"Retroperitoneal fibrosis\"\n",
        "\"Retroperitoneal fibrosis\",\n",
    );
    let comma =
        find_once(&text, "\"Retroperitoneal fibrosis\",") + "\"Retroperitoneal fibrosis\"".len();
    let (line, column) = position(&text, comma);
    assert_invalid(
        &text,
        (line, column, line, column + 1),
        "trailing comma before a closing bracket",
    );
}

#[test]
fn missing_comma_is_reported_right_after_the_value() {
    let text = replace_once(
        GUIDELINE,
        "\"version\": \"2.0.0\",",
        "\"version\": \"2.0.0\"",
    );
    let (line, column, _, _) = span_of(&text, "\"version\": \"2.0.0\"");
    let end = column + "\"version\": \"2.0.0\"".len();
    assert_invalid(
        &text,
        (line, end, line, end),
        "expected a comma between two items",
    );
}

#[test]
fn line_comment() {
    let text = replace_once(
        GUIDELINE,
        "  \"status\"",
        "  // reviewed yearly\n  \"status\"",
    );
    assert_invalid(
        &text,
        span_of(&text, "// reviewed yearly"),
        "comments are not allowed in JSON",
    );
}

#[test]
fn block_comment() {
    let text = replace_once(
        GUIDELINE,
        "\"status\": \"active\"",
        "\"status\": /* for now */ \"active\"",
    );
    assert_invalid(
        &text,
        span_of(&text, "/* for now */"),
        "comments are not allowed in JSON",
    );
}

#[test]
fn single_quoted_string() {
    let text = replace_once(GUIDELINE, "\"status\": \"active\"", "\"status\": 'active'");
    let (line, column, _, _) = span_of(&text, "'active'");
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    assert_eq!(diagnostics(&report).len(), 1);
    let diagnostic = &diagnostics(&report)[0];
    let (rule, found_line, found_column, ..) = place(diagnostic);
    assert_eq!((rule, found_line, found_column), ("GL001", line, column));
    assert_eq!(
        diagnostic["message"],
        "single-quoted strings are not allowed in JSON"
    );
}

#[test]
fn nan_and_infinity() {
    for word in ["NaN", "Infinity", "-Infinity"] {
        let text = replace_once(
            GUIDELINE,
            "\"review_interval_months\": 24",
            &format!("\"review_interval_months\": {word}"),
        );
        let (line, column, _, _) = span_of(&text, &format!(": {word}"));
        let column = column + 2;
        let diagnostic = assert_invalid(
            &text,
            (line, column, line, column + word.len()),
            "NaN and Infinity are not JSON numbers",
        );
        assert_eq!(
            diagnostic["help"],
            "Use a finite number, or `null` when there is no value."
        );
    }
}

#[test]
fn bare_word_is_named() {
    // The CT step's `contrast` (the repeat CT and angiography have one too).
    let text = replace_once(
        GUIDELINE,
        "\"sequence\": 2,\n            \"contrast\": true\n",
        "\"sequence\": 2,\n            \"contrast\": True\n",
    );
    let diagnostic = assert_invalid(&text, span_of(&text, "True"), "`True` is not a JSON value");
    assert_eq!(
        diagnostic["help"],
        "Strings need double quotes; the only bare words JSON allows are `true`, `false` and `null`."
    );
    // Directly followed by a comma, the parser sees the word differently; the report is the same.
    let text = replace_once(
        GUIDELINE,
        "\"terminal\": true,\n            \"addresses\"",
        "\"terminal\": yes,\n            \"addresses\"",
    );
    let (line, column, _, _) = span_of(&text, "yes,");
    assert_invalid(
        &text,
        (line, column, line, column + 3),
        "`yes` is not a JSON value",
    );
}

#[test]
fn unterminated_object_is_reported_at_the_end_of_the_file() {
    let text = GUIDELINE.trim_end().strip_suffix('}').unwrap();
    let (line, column) = position(text, text.len());
    assert_invalid(
        text,
        (line, column, line, column),
        "unterminated object: the file ends before `}`",
    );
}

#[test]
fn unterminated_array() {
    assert_invalid(
        "{\n  \"findings\": [\n",
        (3, 1, 3, 1),
        "unterminated array: the file ends before `]`",
    );
}

#[test]
fn second_document_in_the_file() {
    let text = format!("{GUIDELINE}{{}}\n");
    let (line, column) = position(&text, GUIDELINE.len());
    assert_invalid(
        &text,
        (line, column, line, column + 1),
        "more than one JSON value in the file",
    );
}

#[test]
fn empty_file() {
    assert_invalid("", (1, 1, 1, 1), "the file is empty");
}

#[test]
fn whitespace_only_file() {
    assert_invalid("  \n\t\n", (1, 1, 1, 1), "the file holds only whitespace");
}

#[test]
fn non_object_roots_are_schema_errors() {
    for (text, found) in [
        ("[1, 2]\n", "an array"),
        ("\"guideline\"\n", "a string"),
        ("42\n", "an integer"),
        ("4.5\n", "a number"),
        ("null\n", "null"),
        ("true\n", "a boolean"),
    ] {
        let (code, report) = check_bytes("g.json", text);
        let width = text.trim_end().chars().count();
        let diagnostic = only(&report, at("GL002", (1, 1, 1, 1 + width), ""));
        assert_eq!(
            diagnostic["message"],
            format!("the document must be an object, found {found}"),
            "{text}"
        );
        assert_eq!(code, 1, "{text}");
    }
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let mut bytes = GUIDELINE.as_bytes().to_vec();
    let offset = find_once(GUIDELINE, "\"display\": \"Hematoma\"") + "\"display\": \"H".len();
    bytes[offset] = 0xE9; // Latin-1 `é` in place of `e`
    let (line, column) = position(GUIDELINE, offset);
    let diagnostic = assert_invalid(
        &bytes,
        (line, column, line, column + 1),
        "the file is not valid UTF-8",
    );
    assert_eq!(
        diagnostic["help"],
        "Save the file as UTF-8; JSON documents must be UTF-8 encoded."
    );
}

#[test]
fn utf16_file_is_not_utf8() {
    assert_invalid(
        b"\xFF\xFE{\x00}\x00",
        (1, 1, 1, 2),
        "the file is not valid UTF-8",
    );
}

#[test]
fn byte_order_mark_is_accepted() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bom.json");
    std::fs::write(&path, [b"\xEF\xBB\xBF", GUIDELINE.as_bytes()].concat()).unwrap();
    let run = run(guidelint().args(["check", "--today", TODAY]).arg(&path));
    assert_eq!(run.stdout, SUMMARY_CLEAN);
    assert_eq!(run.code, 0);
}

#[test]
fn byte_order_mark_is_not_a_column() {
    let (_, report) = check_bytes("g.json", b"\xEF\xBB\xBF[]");
    only(&report, at("GL002", (1, 1, 1, 3), ""));
    let (_, report) = check_bytes("g.json", b"\xEF\xBB\xBF{\"a\": NaN}");
    only(&report, at("GL001", (1, 7, 1, 10), ""));
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_crash() {
    let message = "the document nests more than 256 arrays and objects deep";
    // Unbalanced: the 257th `[` is too deep.
    let diagnostic = assert_invalid("[".repeat(200_000), (1, 257, 1, 258), message);
    assert_eq!(
        diagnostic["help"],
        "A guideline is a few levels deep; check for runaway brackets, or a condition nested \
         further than a reader could follow."
    );
    // Balanced, the same.
    assert_invalid(
        format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)),
        (1, 257, 1, 258),
        message,
    );
    // Objects count as arrays do: the 257th `{` is too deep.
    assert_invalid("{\"a\":".repeat(100_000), (1, 1281, 1, 1282), message);
    // Objects and arrays mixed, balanced, just beyond the limit.
    let mixed = format!("{}1{}", "[{\"a\":".repeat(129), "}]".repeat(129));
    assert_invalid(mixed, (1, 769, 1, 770), message);
}

#[test]
fn nesting_at_the_limit_parses() {
    // 256 nested arrays, or objects, are JSON; the document is only the wrong shape.
    let (_, report) = check_bytes("g.json", format!("{}{}", "[".repeat(256), "]".repeat(256)));
    only(&report, at("GL002", (1, 1, 1, 513), ""));
    let objects = format!("{}1{}", "{\"a\":".repeat(256), "}".repeat(256));
    let (_, report) = check_bytes("g.json", objects);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|diagnostic| diagnostic["code"] != "GL001"),
        "{report}"
    );
}

#[test]
fn huge_string_value_is_reported_briefly() {
    let huge = "x".repeat(30 * 1024 * 1024);
    let text = replace_once(
        GUIDELINE,
        "\"status\": \"active\"",
        &format!("\"status\": \"{huge}\""),
    );
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let (line, column) = position(&text, find_once(&text, "\"status\"") + "\"status\": ".len());
    let diagnostic = only(
        &report,
        at(
            "GL002",
            (line, column, line, column + huge.len() + 2),
            "/status",
        ),
    );
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.starts_with("`status` must be one of draft, active, retired, found `xxx")
            && message.ends_with("…`"),
        "{message}"
    );
    assert!(
        message.len() < 200,
        "the value is shortened in the message: {} bytes",
        message.len()
    );
}

#[test]
fn huge_string_value_does_not_flood_the_human_report() {
    let folder = tempfile::tempdir().unwrap();
    let huge = "x".repeat(30 * 1024 * 1024);
    let text = replace_once(
        GUIDELINE,
        "\"status\": \"active\"",
        &format!("\"status\": \"{huge}\""),
    );
    std::fs::write(folder.path().join("big.json"), &text).unwrap();
    let run = run(guidelint()
        .current_dir(folder.path())
        .args(["check", "--today", TODAY, "big.json"]));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.len() < 2_000,
        "{} bytes of output",
        run.stdout.len()
    );
    // The line is not quoted, so the message says where the problem is.
    let (line, column) = position(&text, find_once(&text, "\"status\"") + "\"status\": ".len());
    assert!(
        run.stdout.contains(&format!("(big.json:{line}:{column})")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 file checked: 1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn huge_unterminated_string() {
    let text = format!("{{\"title\": \"{}", "x".repeat(30 * 1024 * 1024));
    let (code, report) = check_bytes("g.json", &text);
    assert_eq!(code, 1);
    let all = diagnostics(&report);
    assert_eq!(all.len(), 1);
    let (rule, line, column, ..) = place(&all[0]);
    assert_eq!((rule, line, column), ("GL001", 1, 11));
    assert_eq!(
        all[0]["message"],
        "invalid string: unterminated string literal"
    );
}

#[test]
fn parse_error_fixture_position_is_pinned() {
    let run = run(guidelint().args([
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "tests/fixtures/core/parse-error.json",
    ]));
    assert_eq!(run.code, 1);
    let report = report(&run);
    let diagnostic = only(&report, ("GL001", 7, 21, 7, 21, String::new()));
    assert_eq!(diagnostic["message"], "expected a comma between two items");
    assert_eq!(
        diagnostic["help"],
        "Separate object members and array items with commas."
    );
}

// ---------------------------------------------------------------------------------------------
// Several files, missing paths, stdin, arguments

#[test]
fn folders_are_searched_and_reported_in_path_order() {
    let folder = tempfile::tempdir().unwrap();
    let docs = folder.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("z-broken.json"), "{\"a\": 1,}\n").unwrap();
    std::fs::write(docs.join("good.json"), GUIDELINE).unwrap();
    std::fs::write(docs.join("sub/a-broken.json"), "{\n  \"a\": NaN\n}\n").unwrap();
    std::fs::write(docs.join("notes.txt"), "not a guideline {").unwrap();

    let json = run(guidelint()
        .current_dir(folder.path())
        .args(["check", "--today", TODAY, "--format", "json", "docs"]));
    assert_eq!(json.code, 1);
    let report = report(&json);
    let found: Vec<(String, Place)> = diagnostics(&report)
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["path"].as_str().unwrap().to_string(),
                place(diagnostic),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "docs/sub/a-broken.json".to_string(),
                at("GL001", (2, 8, 2, 11), "")
            ),
            (
                "docs/z-broken.json".to_string(),
                at("GL001", (1, 8, 1, 9), "")
            ),
        ]
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 3, "errors": 2, "warnings": 0})
    );

    let human = run(guidelint()
        .current_dir(folder.path())
        .args(["check", "--today", TODAY, "docs"]));
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .ends_with("\n3 files checked: 2 errors, 0 warnings\n"),
        "{}",
        human.stdout
    );
    let first = human
        .stdout
        .find("docs/sub/a-broken.json:2:8")
        .expect("names the first file");
    let second = human
        .stdout
        .find("docs/z-broken.json:1:8")
        .expect("names the second file");
    assert!(first < second, "in path order");
}

/// Checks `args` in a folder holding `a.json` and `b.json` (both `[]`) and returns the reported paths
/// and the file count.
fn paths_reported(args: &[&str]) -> (Vec<String>, Value) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("b.json"), "[]").unwrap();
    std::fs::write(folder.path().join("a.json"), "[]").unwrap();
    let run = run(guidelint()
        .current_dir(folder.path())
        .args(["check", "--format", "json"])
        .args(args));
    let report = report(&run);
    let paths = diagnostics(&report)
        .iter()
        .map(|diagnostic| diagnostic["path"].as_str().unwrap().to_string())
        .collect();
    (paths, report["summary"]["files"].clone())
}

#[test]
fn files_are_sorted_and_counted_once() {
    let (paths, files) = paths_reported(&["b.json", "a.json", "b.json"]);
    assert_eq!(paths, ["a.json", "b.json"]);
    assert_eq!(files, 2);
}

#[test]
fn the_same_file_spelt_two_ways_is_checked_once() {
    let (paths, files) = paths_reported(&["a.json", "./a.json"]);
    assert_eq!(paths, ["a.json"]);
    assert_eq!(files, 1);
    let (paths, files) = paths_reported(&[".", "b.json"]);
    assert_eq!(paths, ["a.json", "b.json"]);
    assert_eq!(files, 2);
}

#[test]
fn a_file_named_on_the_command_line_is_checked_whatever_its_extension() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("guideline.txt"), "[]").unwrap();
    let run = run(guidelint().current_dir(folder.path()).args([
        "check",
        "--format",
        "json",
        "guideline.txt",
    ]));
    assert_eq!(run.code, 1);
    assert_eq!(report(&run)["diagnostics"][0]["path"], "guideline.txt");
}

#[test]
fn missing_path_exits_2_and_the_other_paths_are_still_checked() {
    let run = run(guidelint().args([
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "does-not-exist.json",
        "tests/fixtures/core/parse-error.json",
        "guidelines",
    ]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("does-not-exist.json"),
        "stderr: {}",
        run.stderr
    );
    let report = report(&run);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 2, "errors": 1, "warnings": 0})
    );
    assert_eq!(
        diagnostics(&report)[0]["path"],
        "tests/fixtures/core/parse-error.json"
    );
}

#[test]
fn missing_path_in_human_output() {
    let run = run(guidelint().args(["check", "--today", TODAY, "nowhere/", "guidelines"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, SUMMARY_CLEAN);
}

#[test]
fn path_through_a_file_exits_2() {
    let run = run(guidelint().args([
        "check",
        "--format",
        "json",
        "guidelines/iliopsoas-hematoma.json/inner.json",
    ]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("guidelines/iliopsoas-hematoma.json/inner.json"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn stdin_is_named_by_stdin_filename() {
    let broken =
        std::fs::read(Path::new(ROOT).join("tests/fixtures/core/parse-error.json")).unwrap();
    let json = run(guidelint()
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "foo.json",
        ])
        .write_stdin(broken.clone()));
    assert_eq!(json.code, 1);
    let report = report(&json);
    assert_eq!(diagnostics(&report)[0]["path"], "foo.json");
    only(&report, at("GL001", (7, 21, 7, 21), ""));

    let human = run(guidelint()
        .args([
            "check",
            "--today",
            TODAY,
            "-",
            "--stdin-filename",
            "foo.json",
        ])
        .write_stdin(broken));
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("[foo.json:7:21]"), "{}", human.stdout);
}

#[test]
fn stdin_without_a_name() {
    let run = run(guidelint()
        .args(["check", "--today", TODAY, "--format", "json", "-"])
        .write_stdin("[]"));
    assert_eq!(report(&run)["diagnostics"][0]["path"], "<stdin>");
    assert_eq!(run.code, 1);
}

#[test]
fn clean_stdin_exits_0() {
    let run = run(guidelint()
        .args(["check", "--today", TODAY, "-", "--stdin-filename", "g.json"])
        .write_stdin(GUIDELINE));
    assert_eq!(run.stdout, SUMMARY_CLEAN);
    assert_eq!(run.code, 0);
}

#[test]
fn stdin_and_files_together() {
    let run = run(guidelint()
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "guidelines",
            "-",
            "--stdin-filename",
            "a.json",
        ])
        .write_stdin("[]"));
    let report = report(&run);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 2, "errors": 1, "warnings": 0})
    );
    assert_eq!(diagnostics(&report)[0]["path"], "a.json");
}

#[test]
fn bad_today_exits_2() {
    let run = run(guidelint().args(["check", "--today", "notadate"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("notadate"), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, "");
    // A well-formed but impossible date too.
    assert_eq!(run_args(&["check", "--today", "2026-02-30"]).code, 2);
}

fn run_args(args: &[&str]) -> Run {
    run(guidelint().args(args))
}

#[test]
fn bad_format_exits_2() {
    let run = run_args(&["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("xml"), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------------------------
// The JSON report's shape

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_report_has_exactly_the_documented_shape() {
    let run = run_args(&[
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "tests/fixtures/core/duplicate-key.json",
        "tests/fixtures/core/parse-error.json",
    ]);
    assert_eq!(run.stderr, "");
    let report = report(&run);
    assert_eq!(keys(&report), ["version", "diagnostics", "summary"]);
    assert_eq!(report["version"], 1);
    assert_eq!(keys(&report["summary"]), ["files", "errors", "warnings"]);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 2, "errors": 2, "warnings": 0})
    );
    assert_eq!(diagnostics(&report).len(), 2);
    for diagnostic in diagnostics(&report) {
        assert_eq!(
            keys(diagnostic),
            [
                "path",
                "rule",
                "code",
                "severity",
                "message",
                "help",
                "pointer",
                "line",
                "column",
                "end_line",
                "end_column",
                "labels",
                "fix"
            ]
        );
        assert_eq!(diagnostic["fix"], Value::Null, "neither has a fix");
        for key in [
            "path", "rule", "code", "severity", "message", "help", "pointer",
        ] {
            assert!(
                diagnostic[key].is_string(),
                "`{key}` is a string in {diagnostic}"
            );
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(
                diagnostic[key].as_u64().is_some_and(|n| n >= 1),
                "`{key}` is 1-based in {diagnostic}"
            );
        }
        for label in diagnostic["labels"].as_array().unwrap() {
            assert_eq!(
                keys(label),
                ["message", "line", "column", "end_line", "end_column"]
            );
        }
    }
    let duplicate = &diagnostics(&report)[0];
    assert_eq!(duplicate["path"], "tests/fixtures/core/duplicate-key.json");
    assert_eq!(duplicate["labels"].as_array().unwrap().len(), 1);
}

#[test]
fn json_and_sarif_carry_each_fix_with_its_edits() {
    // `modalty` (line 112, columns 13 to 22, quotes included) is renamed by an unsafe fix.
    let fixture = "tests/fixtures/core/schema-errors.json";
    let json = run_args(&["check", "--today", TODAY, "--format", "json", fixture]);
    let report = report(&json);
    let renamed = diagnostics(&report)
        .iter()
        .find(|diagnostic| diagnostic["pointer"] == "/diagnosis/paths/0/steps/2/modalty")
        .expect("the misspelt key is reported");
    assert_eq!(
        renamed["fix"],
        serde_json::json!({
            "title": "Rename `modalty` to `modality`",
            "applicability": "unsafe",
            "edits": [{"line": 112, "column": 13, "end_line": 112, "end_column": 22,
                       "content": "\"modality\""}]
        })
    );
    let sarif = run_args(&["check", "--today", TODAY, "--format", "sarif", fixture]);
    let log: Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["fixes"].is_array())
        .expect("a result with a fix");
    let fix = &result["fixes"][0];
    assert_eq!(
        fix["description"]["text"],
        "Rename `modalty` to `modality` (a suggestion to review, applied only by `guidelint \
         check --unsafe-fixes`)"
    );
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"],
        result["locations"][0]["physicalLocation"]["artifactLocation"]
    );
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 112, "startColumn": 13, "endLine": 112, "endColumn": 22},
            "insertedContent": {"text": "\"modality\""}
        })
    );
}

#[test]
fn a_scenario_file_named_on_the_command_line_is_left_to_test() {
    let folder = tempfile::tempdir().unwrap();
    let scenarios = folder.path().join("g.scenarios.json");
    std::fs::write(&scenarios, "{\"guideline\": \"g.json\", \"scenarios\": []}").unwrap();
    let alone = run(guidelint()
        .args(["check", "--today", TODAY])
        .arg(&scenarios));
    let shown = scenarios.display();
    assert_eq!(
        alone.stderr,
        format!(
            "note: {shown} is a scenario file, not a guideline document; check leaves it to \
             `guidelint test {shown}`\n"
        )
    );
    assert_eq!(alone.stdout, "0 files checked: 0 errors, 0 warnings\n");
    assert_eq!(alone.code, 0);
    // Beside a guideline, only the guideline is checked; with `--force-exclude` (pre-commit
    // passes every staged file) the scenario file is dropped without a word.
    let guideline = folder.path().join("g.json");
    std::fs::write(&guideline, GUIDELINE).unwrap();
    let run = run(guidelint()
        .args(["check", "--force-exclude", "--today", TODAY])
        .arg(&scenarios)
        .arg(&guideline));
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, SUMMARY_CLEAN);
    assert_eq!(run.code, 0);
}

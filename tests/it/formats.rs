//! The output formats of `guidelint check`: each carries exactly the diagnostics of `--format json`
//! (same files, rules, positions and messages), SARIF validates against the official 2.1.0 schema,
//! GitHub annotations and JUnit XML parse back to what was reported; plus `--output-file`, the warning
//! exit policy, `--statistics`, usage errors, completions and the manual page.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::common;
use common::{guidelint, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// A duplicate key (with a secondary label), a type error spanning three lines, missing keys and an
/// unexpected key whose name holds `%`, `,`, `:` and a line break.
const BROKEN: &str = "tests/fixtures/formats/cases/broken.json";
/// Not JSON.
const INVALID: &str = "tests/fixtures/formats/cases/invalid.json";
/// No diagnostics.
const CLEAN: &str = "guidelines/iliopsoas-hematoma.json";
const TODAY: &str = "2027-01-15";

/// `guidelint check --format FORMAT` on `paths`, from the project folder, with extra arguments.
fn check(format: &str, paths: &[&str], extra: &[&str]) -> Output {
    let mut arguments = vec!["check", "--today", TODAY, "--format", format];
    arguments.extend(extra);
    arguments.extend(paths);
    guidelint(Path::new(ROOT), &arguments)
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

const ALL_FILES: [&str; 3] = [BROKEN, INVALID, CLEAN];

/// The `--format json` report of the three documents: the reference every format is held to.
fn json_report() -> Value {
    let output = check("json", &ALL_FILES, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("the json format is JSON")
}

fn json_diagnostics() -> Vec<Value> {
    let report = json_report();
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .clone();
    // Guards every comparison below against passing on an empty report.
    assert_eq!(diagnostics.len(), 10);
    assert!(
        diagnostics
            .iter()
            .any(|diagnostic| !diagnostic["labels"].as_array().unwrap().is_empty())
    );
    diagnostics
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string")
}

fn number(value: &Value) -> u64 {
    value.as_u64().expect("a number")
}

/// What a format with a single text field says: the message, then the help on its own line.
fn message_with_help(diagnostic: &Value) -> String {
    match diagnostic["help"].as_str() {
        Some(help) => format!("{}\n{help}", text(&diagnostic["message"])),
        None => text(&diagnostic["message"]).to_string(),
    }
}

// ---------------------------------------------------------------------------------------------------
// short

#[test]
fn short_prints_one_exact_line_per_diagnostic() {
    let output = check("short", &ALL_FILES, &[]);
    assert_eq!(output.status.code(), Some(1));
    let expected: String = json_diagnostics()
        .iter()
        .map(|diagnostic| {
            format!(
                "{}:{}:{}: {}[{}] {}: {}\n",
                text(&diagnostic["path"]),
                number(&diagnostic["line"]),
                number(&diagnostic["column"]),
                text(&diagnostic["severity"]),
                text(&diagnostic["code"]),
                text(&diagnostic["rule"]),
                text(&diagnostic["message"]).replace('\n', " ")
            )
        })
        .collect();
    assert_eq!(stdout(&output), expected);
    assert!(stdout(&output).contains(
        "tests/fixtures/formats/cases/broken.json:4:3: error[GL003] duplicate-key: the key `id` appears twice"
    ));
    assert!(
        stdout(&output).contains(
            "tests/fixtures/formats/cases/invalid.json:3:19: error[GL001] invalid-json: "
        )
    );
    // The summary is for the person at the terminal, not for the program reading stdout.
    assert_eq!(stderr(&output), "3 files checked: 10 errors, 0 warnings\n");
}

// ---------------------------------------------------------------------------------------------------
// sarif

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/data/sarif/sarif-2.1.0.json"))
        .expect("tests/data/sarif/sarif-2.1.0.json exists");
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    // The published schema's `language` pattern (of `run` and `toolComponent`) has a stray `]`, a
    // literal in JavaScript regular expressions but an error to the jsonschema crate; escaping it
    // keeps the same meaning.
    let mut schema = schema;
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = Value::from("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$");
    }
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path().as_str()))
        .collect()
}

fn sarif(paths: &[&str]) -> Value {
    let output = check("sarif", paths, &[]);
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&output), "", "machine formats print nothing else");
    serde_json::from_str(&stdout(&output)).expect("the sarif format is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_schema();
    for paths in [&ALL_FILES[..], &[CLEAN][..]] {
        let log = sarif(paths);
        let errors = schema_errors(&validator, &log);
        assert!(
            errors.is_empty(),
            "SARIF output is not valid SARIF 2.1.0:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn sarif_validation_can_fail() {
    // The validation above is real: a log with an unknown result level or a region starting at line 0
    // is rejected by the same validator.
    let validator = sarif_schema();
    let mut log = sarif(&ALL_FILES);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&validator, &log).is_empty());
    let mut log = sarif(&ALL_FILES);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!schema_errors(&validator, &log).is_empty());
}

#[test]
fn sarif_driver_describes_every_rule() {
    let log = sarif(&[CLEAN]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "guidelint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(text(&driver["informationUri"]).starts_with("https://"));
    let rules = driver["rules"].as_array().expect("rules is an array");
    assert_eq!(rules.len(), guidelint::rules::ALL.len());
    for (descriptor, rule) in rules.iter().zip(guidelint::rules::ALL) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
        assert_eq!(descriptor["fullDescription"]["text"], rule.documentation());
        assert_eq!(descriptor["help"]["text"], rule.documentation());
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.default_severity.as_str()
        );
    }
    assert_eq!(run["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

/// (uri, startLine, startColumn, endLine, endColumn, message) of a SARIF location.
fn sarif_location(location: &Value) -> (String, u64, u64, u64, u64, String) {
    let physical = &location["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &physical["region"];
    (
        text(&physical["artifactLocation"]["uri"]).to_string(),
        number(&region["startLine"]),
        number(&region["startColumn"]),
        number(&region["endLine"]),
        number(&region["endColumn"]),
        text(&location["message"]["text"]).to_string(),
    )
}

#[test]
fn sarif_results_match_the_json_diagnostics() {
    let diagnostics = json_diagnostics();
    let log = sarif(&ALL_FILES);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().expect("results is an array");
    assert_eq!(results.len(), diagnostics.len());
    for (result, diagnostic) in results.iter().zip(&diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["code"]);
        let index = number(&result["ruleIndex"]) as usize;
        assert_eq!(
            rules[index]["id"], diagnostic["code"],
            "ruleIndex points at the rule"
        );
        assert_eq!(result["level"], diagnostic["severity"]);
        assert_eq!(
            text(&result["message"]["text"]),
            message_with_help(diagnostic)
        );
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let (uri, line, column, end_line, end_column, _) = sarif_location(&locations[0]);
        assert_eq!(uri, text(&diagnostic["path"]));
        assert_eq!(
            (line, column, end_line, end_column),
            (
                number(&diagnostic["line"]),
                number(&diagnostic["column"]),
                number(&diagnostic["end_line"]),
                number(&diagnostic["end_column"])
            )
        );
        let labels = diagnostic["labels"].as_array().unwrap();
        let related: Vec<_> = result["relatedLocations"]
            .as_array()
            .map(|related| related.iter().map(sarif_location).collect())
            .unwrap_or_default();
        let expected: Vec<_> = labels
            .iter()
            .map(|label| {
                (
                    text(&diagnostic["path"]).to_string(),
                    number(&label["line"]),
                    number(&label["column"]),
                    number(&label["end_line"]),
                    number(&label["end_column"]),
                    text(&label["message"]).to_string(),
                )
            })
            .collect();
        assert_eq!(related, expected);
    }
}

#[test]
fn sarif_uris_are_relative_to_the_current_folder() {
    let absolute = Path::new(ROOT).join(BROKEN);
    let log = sarif(&[absolute.to_str().unwrap()]);
    let location =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], BROKEN);
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
}

// ---------------------------------------------------------------------------------------------------
// github

/// Undoes the runner's escaping, left to right, so `%250A` is `%0A` and not a line break.
fn unescape(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(index) = rest.find('%') {
        decoded.push_str(&rest[..index]);
        let code = &rest[index + 1..index + 3];
        decoded.push(match code {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" => ':',
            "2C" => ',',
            other => panic!("unexpected escape %{other} in {value}"),
        });
        rest = &rest[index + 3..];
    }
    decoded.push_str(rest);
    decoded
}

struct Annotation {
    command: String,
    properties: BTreeMap<String, String>,
    message: String,
}

/// `::command name=value,...::message`, as the Actions runner reads it.
fn parse_annotation(line: &str) -> Option<Annotation> {
    let rest = line.strip_prefix("::")?;
    // Property values escape `:`, so the first `::` ends the properties.
    let (head, data) = rest.split_once("::")?;
    let (command, properties) = head.split_once(' ')?;
    let properties = properties
        .split(',')
        .map(|property| {
            let (name, value) = property.split_once('=').expect("name=value");
            (name.to_string(), unescape(value))
        })
        .collect();
    Some(Annotation {
        command: command.to_string(),
        properties,
        message: unescape(data),
    })
}

fn annotations(output: &Output) -> (Vec<Annotation>, Vec<String>) {
    let mut annotations = Vec::new();
    let mut plain = Vec::new();
    for line in stdout(output).lines() {
        match parse_annotation(line) {
            Some(annotation) => annotations.push(annotation),
            None => plain.push(line.to_string()),
        }
    }
    (annotations, plain)
}

#[test]
fn github_annotations_parse_back_to_the_json_diagnostics() {
    let diagnostics = json_diagnostics();
    let output = check("github", &ALL_FILES, &[]);
    assert_eq!(output.status.code(), Some(1));
    let (annotations, plain) = annotations(&output);
    assert_eq!(
        plain,
        ["3 files checked: 10 errors, 0 warnings"],
        "the summary is one plain line"
    );
    assert_eq!(annotations.len(), diagnostics.len());
    let mut multi_line = 0;
    for (annotation, diagnostic) in annotations.iter().zip(&diagnostics) {
        assert_eq!(annotation.command, text(&diagnostic["severity"]));
        let property = |name: &str| annotation.properties.get(name).map(String::as_str);
        assert_eq!(property("file"), Some(text(&diagnostic["path"])));
        assert_eq!(
            property("line"),
            Some(number(&diagnostic["line"]).to_string().as_str())
        );
        assert_eq!(
            property("endLine"),
            Some(number(&diagnostic["end_line"]).to_string().as_str())
        );
        let title = format!(
            "{} {}",
            text(&diagnostic["code"]),
            text(&diagnostic["rule"])
        );
        assert_eq!(property("title"), Some(title.as_str()));
        if diagnostic["line"] == diagnostic["end_line"] {
            assert_eq!(
                property("col"),
                Some(number(&diagnostic["column"]).to_string().as_str())
            );
            assert_eq!(
                property("endColumn"),
                Some(number(&diagnostic["end_column"]).to_string().as_str())
            );
        } else {
            // GitHub rejects columns on a region that spans lines.
            multi_line += 1;
            assert_eq!((property("col"), property("endColumn")), (None, None));
        }
        assert_eq!(annotation.message, message_with_help(diagnostic));
    }
    assert_eq!(multi_line, 1, "the fixture's three-line type error");
    // The unexpected key's name went through the escaping and came back whole.
    assert!(
        annotations
            .iter()
            .any(|annotation| annotation.message.contains("`odd%,:key\nline2`"))
    );
}

#[test]
fn github_file_property_escapes_percent_comma_and_colon() {
    let folder = tempfile::tempdir().unwrap();
    let name = "odd%,:name.json";
    std::fs::copy(Path::new(ROOT).join(BROKEN), folder.path().join(name)).unwrap();
    let output = guidelint(folder.path(), &["check", "--format", "github", name]);
    assert_eq!(output.status.code(), Some(1));
    let raw = stdout(&output);
    assert!(
        raw.contains("::error file=odd%25%2C%3Aname.json,line="),
        "{raw}"
    );
    let (annotations, _) = annotations(&output);
    assert!(!annotations.is_empty());
    assert!(
        annotations
            .iter()
            .all(|annotation| annotation.properties["file"] == name)
    );
}

#[test]
fn github_marks_warnings_as_warnings() {
    let folder = tempfile::tempdir().unwrap();
    let path = warning_document(folder.path());
    let output = guidelint(
        folder.path(),
        &["check", "--today", TODAY, "--format", "github", path],
    );
    assert_eq!(output.status.code(), Some(0));
    let (annotations, plain) = annotations(&output);
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].command, "warning");
    assert_eq!(annotations[0].properties["title"], "GL601 unused-allow");
    assert_eq!(plain, ["1 file checked: 0 errors, 1 warning"]);
}

// ---------------------------------------------------------------------------------------------------
// junit

#[test]
fn junit_is_xml_with_a_suite_per_file_and_a_failure_per_diagnostic() {
    let diagnostics = json_diagnostics();
    let output = check("junit", &ALL_FILES, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "");
    let xml = stdout(&output);
    let document = roxmltree::Document::parse(&xml).expect("the junit format is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("11"));
    assert_eq!(root.attribute("failures"), Some("10"));
    let suites: Vec<_> = root
        .children()
        .filter(|node| node.has_tag_name("testsuite"))
        .collect();
    let mut paths: Vec<&str> = ALL_FILES.to_vec();
    paths.sort();
    assert_eq!(
        suites
            .iter()
            .map(|suite| suite.attribute("name").unwrap())
            .collect::<Vec<_>>(),
        paths,
        "one suite per file, in path order"
    );
    for suite in suites {
        let path = suite.attribute("name").unwrap();
        let expected: Vec<&Value> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic["path"] == path)
            .collect();
        let cases: Vec<_> = suite
            .children()
            .filter(|node| node.has_tag_name("testcase"))
            .collect();
        let failures: Vec<_> = cases
            .iter()
            .filter_map(|case| case.children().find(|node| node.has_tag_name("failure")))
            .collect();
        assert_eq!(
            suite.attribute("failures"),
            Some(expected.len().to_string().as_str())
        );
        assert_eq!(failures.len(), expected.len(), "{path}");
        if expected.is_empty() {
            assert_eq!(cases.len(), 1, "a clean file is one passing test case");
            assert_eq!(suite.attribute("tests"), Some("1"));
            continue;
        }
        assert_eq!(cases.len(), expected.len());
        for ((case, failure), diagnostic) in cases.iter().zip(&failures).zip(&expected) {
            assert_eq!(case.attribute("classname"), Some(path));
            assert_eq!(
                case.attribute("line"),
                Some(number(&diagnostic["line"]).to_string().as_str())
            );
            let name = format!(
                "{} {} at {}:{}",
                text(&diagnostic["code"]),
                text(&diagnostic["rule"]),
                number(&diagnostic["line"]),
                number(&diagnostic["column"])
            );
            assert_eq!(case.attribute("name"), Some(name.as_str()));
            assert_eq!(
                failure.attribute("type"),
                Some(text(&diagnostic["severity"]))
            );
            // Attribute values keep their line breaks through `&#10;`.
            assert_eq!(
                failure.attribute("message"),
                Some(text(&diagnostic["message"]))
            );
            assert!(
                failure
                    .text()
                    .unwrap()
                    .ends_with(&message_with_help(diagnostic))
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// --output-file

#[test]
fn output_file_holds_the_report_and_the_terminal_gets_the_summary() {
    for format in ["human", "json", "short", "sarif", "github", "junit"] {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("report.out");
        std::fs::write(&target, "an older report that must be replaced whole").unwrap();
        let to_stdout = check(format, &ALL_FILES, &[]);
        let to_file = check(
            format,
            &ALL_FILES,
            &["--output-file", target.to_str().unwrap()],
        );
        assert_eq!(to_file.status.code(), Some(1), "{format}");
        assert_eq!(stdout(&to_file), "", "{format}: nothing on stdout");
        assert_eq!(
            stderr(&to_file),
            "3 files checked: 10 errors, 0 warnings\n",
            "{format}"
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            stdout(&to_stdout),
            "{format}"
        );
        let left: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            ["report.out"],
            "{format}: no temporary file is left behind"
        );
    }
}

#[test]
fn output_file_in_a_missing_folder_is_exit_2() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("missing/report.sarif");
    let output = check(
        "sarif",
        &[CLEAN],
        &["--output-file", target.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write the report to"),
        "{}",
        stderr(&output)
    );
    assert!(!target.exists());
}

// ---------------------------------------------------------------------------------------------------
// exit policy

/// The bundled guideline with a suppression that suppresses nothing: exactly one warning (GL601).
fn warning_document(folder: &Path) -> &'static str {
    let text = std::fs::read_to_string(Path::new(ROOT).join(CLEAN)).unwrap();
    let text = crate::common::with_lint_allow(&text, r#"{"rule": "dead-end", "reason": "x"}"#);
    std::fs::write(folder.join("warning.json"), text).unwrap();
    "warning.json"
}

/// Where the warning of [`warning_document`] is: `warning.json:LINE:`.
fn warning_line(folder: &Path) -> String {
    let text = std::fs::read_to_string(folder.join("warning.json")).unwrap();
    format!(
        "warning.json:{}:",
        crate::common::line_of(&text, "\"rule\": \"dead-end\"")
    )
}

fn exit_code(folder: &Path, path: &str, extra: &[&str]) -> (Option<i32>, String) {
    let mut arguments = vec!["check", "--today", TODAY, "--format", "short"];
    arguments.extend(extra);
    arguments.push(path);
    let output = guidelint(folder, &arguments);
    (output.status.code(), stderr(&output))
}

#[test]
fn warnings_pass_by_default() {
    let folder = tempfile::tempdir().unwrap();
    let path = warning_document(folder.path());
    let output = guidelint(
        folder.path(),
        &["check", "--today", TODAY, "--format", "short", path],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).starts_with(&warning_line(folder.path())),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains(": warning[GL601] unused-allow: "));
}

#[test]
fn deny_warnings_fails_on_any_warning() {
    let folder = tempfile::tempdir().unwrap();
    let path = warning_document(folder.path());
    let (code, stderr) = exit_code(folder.path(), path, &["--deny-warnings"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error: 1 warning; --deny-warnings fails the run on any warning"),
        "{stderr}"
    );
    // Without warnings there is nothing to deny.
    let clean = Path::new(ROOT).join(CLEAN);
    assert_eq!(
        exit_code(folder.path(), clean.to_str().unwrap(), &["--deny-warnings"]).0,
        Some(0)
    );
}

#[test]
fn max_warnings_fails_only_above_the_limit() {
    let folder = tempfile::tempdir().unwrap();
    let path = warning_document(folder.path());
    let (code, stderr) = exit_code(folder.path(), path, &["--max-warnings", "0"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error: 1 warning; --max-warnings 0 allows at most 0"),
        "{stderr}"
    );
    assert_eq!(
        exit_code(folder.path(), path, &["--max-warnings", "1"]).0,
        Some(0)
    );
    assert_eq!(
        exit_code(folder.path(), path, &["--max-warnings", "5"]).0,
        Some(0)
    );
}

#[test]
fn errors_fail_whatever_the_warning_limit() {
    let output = check("short", &[BROKEN], &["--max-warnings", "100"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_warning_policy_also_works_with_machine_formats() {
    let folder = tempfile::tempdir().unwrap();
    let path = warning_document(folder.path());
    for format in ["json", "sarif", "github", "junit"] {
        let output = guidelint(
            folder.path(),
            &[
                "check",
                "--today",
                TODAY,
                "--format",
                format,
                "--deny-warnings",
                path,
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
    }
}

// ---------------------------------------------------------------------------------------------------
// usage errors

#[test]
fn an_unknown_format_is_a_usage_error() {
    let output = check("xml", &[CLEAN], &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{message}"
    );
    assert!(
        message.contains("[possible values: human, json, short, sarif, github, junit]"),
        "{message}"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let output = check("json", &[CLEAN], &["--fail-on-warnings"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("unexpected argument '--fail-on-warnings'"),
        "{message}"
    );
    assert!(message.contains("Usage: guidelint check "), "{message}");
}

#[test]
fn max_warnings_must_be_a_count() {
    let output = check("json", &[CLEAN], &["--max-warnings", "-1"]);
    assert_eq!(output.status.code(), Some(2));
    let output = check("json", &[CLEAN], &["--max-warnings", "some"]);
    assert_eq!(output.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------------
// --statistics

const STATISTICS: &str = "8  GL002  schema\n1  GL001  invalid-json\n1  GL003  duplicate-key\n";

#[test]
fn statistics_follow_the_human_report_on_stdout() {
    let output = check("human", &ALL_FILES, &["--statistics"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.ends_with(&format!(
            "3 files checked: 10 errors, 0 warnings\n\n{STATISTICS}"
        )),
        "{text}"
    );
}

#[test]
fn statistics_go_to_stderr_for_machine_formats() {
    let output = check("json", &ALL_FILES, &["--statistics"]);
    // stdout is still exactly one JSON document.
    let report: Value =
        serde_json::from_str(&stdout(&output)).expect("stdout is only the JSON report");
    assert_eq!(report["summary"]["errors"], 10);
    assert_eq!(stderr(&output), STATISTICS);
}

#[test]
fn statistics_sort_by_count_then_code() {
    let counts = check("json", &ALL_FILES, &[]);
    let report: Value = serde_json::from_str(&stdout(&counts)).unwrap();
    let mut expected: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let entry = expected
            .entry(text(&diagnostic["code"]).to_string())
            .or_insert((0, text(&diagnostic["rule"]).to_string()));
        entry.0 += 1;
    }
    let mut rows: Vec<(u64, String, String)> = expected
        .into_iter()
        .map(|(code, (count, rule))| (count, code, rule))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let rendered: String = rows
        .iter()
        .map(|(count, code, rule)| format!("{count}  {code}  {rule}\n"))
        .collect();
    assert_eq!(rendered, STATISTICS);
}

// ---------------------------------------------------------------------------------------------------
// completions and manual page

#[test]
fn completions_know_the_subcommands_and_formats() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = guidelint(Path::new(ROOT), &["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for word in [
            "guidelint",
            "check",
            "explain",
            "completions",
            "deny-warnings",
            "output-file",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        // These shells also complete option values.
        if ["bash", "zsh", "fish"].contains(&shell) {
            for format in ["human", "json", "short", "sarif", "github", "junit"] {
                assert!(
                    script.contains(format),
                    "{shell} completions lack the format {format}"
                );
            }
        }
    }
    let output = guidelint(Path::new(ROOT), &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn man_prints_roff_pages_for_guidelint_and_its_subcommands() {
    let output = guidelint(Path::new(ROOT), &["man"]);
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains(".TH guidelint 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    assert!(page.contains("guidelint\\-check(1)"), "{page}");
    // The page the overview points to exists and documents the check options.
    let output = guidelint(Path::new(ROOT), &["man", "check"]);
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains(".TH guidelint-check 1"), "{page}");
    assert!(page.contains("\\-\\-deny\\-warnings"), "{page}");
    assert!(page.contains("\\-\\-output\\-file"), "{page}");
    let output = guidelint(Path::new(ROOT), &["man", "chek"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no subcommand is named `chek`"));
}

/// Every fixture checked (dates as in `TODAY`) with whole texts, and again keeping `kept` of each
/// document with diagnostics, which must then hold no whole text.
fn fixtures_whole_and_keeping(
    kept: guidelint::SourceText,
) -> (guidelint::Report, guidelint::Report) {
    let inputs = [guidelint::Input::Path(
        Path::new(ROOT).join("tests/fixtures"),
    )];
    let mut options = crate::common::options();
    let whole = guidelint::check(&inputs, &options);
    options.source_text = kept;
    let reduced = guidelint::check(&inputs, &options);
    assert!(whole.summary().errors > 50, "the fixtures went missing");
    assert!(
        reduced
            .files
            .iter()
            .all(|file| file.source.text().is_empty()),
        "the whole texts were let go"
    );
    (whole, reduced)
}

/// Reports that print positions but never quote the document are the same whether or not the
/// run keeps each document's text (the binary keeps it only for `human`).
#[test]
fn machine_formats_do_not_need_the_documents_text() {
    use guidelint::report::{github, json, junit, sarif, short};
    let (with_text, without_text) = fixtures_whole_and_keeping(guidelint::SourceText::Positions);
    let root = Path::new("/fixtures");
    let renders = |report: &guidelint::Report| {
        [
            json::render(report),
            short::render(report),
            github::render(report),
            junit::render(report),
            sarif::render(report, root),
        ]
    };
    assert_eq!(renders(&without_text), renders(&with_text));
}

/// The human report quotes the same lines, numbered alike, whether the run keeps each document's
/// whole text or only the lines around its diagnostics (what the binary keeps).
#[test]
fn the_human_report_needs_only_the_lines_it_quotes() {
    use guidelint::report::human;
    let (whole, excerpts) = fixtures_whole_and_keeping(guidelint::SourceText::Excerpts {
        lines: guidelint::report::human::CONTEXT_LINES + 1,
    });
    let style = human::Style {
        color: false,
        width: 100,
    };
    let rendered = human::render(&whole, style);
    assert!(
        rendered.matches(" │ ").count() > 500,
        "snippets were quoted"
    );
    assert_eq!(human::render(&excerpts, style), rendered);
}

//! `guidelint rules`, `guidelint explain`, `guidelint.toml` severities and suppressions, end to end
//! through the binary. Documents are the bundled guideline with one textual edit, so every position
//! is computed from the text the test wrote.

use crate::common::Run;
use serde_json::Value;
use std::path::Path;

const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");
const TODAY: &str = "2026-11-26";
/// The `terminal` member of the last step of the workup (the specialist consultation, the only
/// step whose `terminal` is followed by `addresses`).
const LAST_STEP_TERMINAL: &str = "            \"terminal\": true,\n            \"addresses\": [";

fn run(folder: &Path, args: &[&str]) -> Run {
    crate::common::run(crate::common::command(folder).args(args))
}

/// The guideline with its last step no longer terminal: one `dead-end` warning.
fn dead_end_document() -> String {
    assert_eq!(GUIDELINE.matches(LAST_STEP_TERMINAL).count(), 1);
    GUIDELINE.replace(LAST_STEP_TERMINAL, "            \"addresses\": [")
}

/// Writes `document` (and `config`, when given) into a fresh folder and checks it as JSON.
fn check(document: &str, config: Option<&str>, extra: &[&str]) -> (Run, Value) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("g.json"), document).unwrap();
    if let Some(config) = config {
        std::fs::write(folder.path().join("guidelint.toml"), config).unwrap();
    }
    let mut args = vec!["check", "--format", "json", "--today", TODAY, "g.json"];
    args.extend_from_slice(extra);
    let run = run(folder.path(), &args);
    let report = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run, report)
}

fn rules_of(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(rule: &str, severity: &str) -> (String, String) {
    (rule.to_string(), severity.to_string())
}

#[test]
fn rules_lists_every_rule_as_a_table_and_as_json() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = run(here, &["rules"]);
    assert_eq!(table.code, 0);
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        guidelint::rules::ALL.len() + 1,
        "a header and every rule:\n{}",
        table.stdout
    );
    assert!(lines[0].starts_with("code"));
    assert!(
        lines
            .iter()
            .any(|line| line.split_whitespace().collect::<Vec<_>>()[..3]
                == ["GL203", "dead-end", "warning"])
    );

    let json = run(here, &["rules", "--format", "json"]);
    assert_eq!(json.code, 0);
    let rules: Value = serde_json::from_str(&json.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), guidelint::rules::ALL.len());
    assert_eq!(rules[0]["code"], "GL001");
    assert_eq!(rules[0]["name"], "invalid-json");
    let unused_allow = rules
        .iter()
        .find(|rule| rule["code"] == "GL601")
        .expect("GL601 is listed");
    assert_eq!(unused_allow["default_severity"], "warning");
    let last = &rules[rules.len() - 1];
    assert_eq!(last["code"], "GL804");
}

#[test]
fn explain_prints_the_documentation_by_name_or_code() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let by_name = run(here, &["explain", "invasive-without-coagulation-screen"]);
    let by_code = run(here, &["explain", "gl403"]);
    assert_eq!(by_name.code, 0);
    assert_eq!(by_name.stdout, by_code.stdout);
    assert!(
        by_name
            .stdout
            .starts_with("invasive-without-coagulation-screen (GL403), default severity: error\n")
    );
    for section in [
        "## What it does",
        "## Why it matters",
        "## Example",
        "## Use instead",
    ] {
        assert!(
            by_name.stdout.contains(section),
            "{section} in:\n{}",
            by_name.stdout
        );
    }
}

#[test]
fn explain_an_unknown_rule_is_exit_2_with_the_closest_name() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let unknown = run(here, &["explain", "dead-ends"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stdout, "");
    assert!(
        unknown
            .stderr
            .contains("no rule is named `dead-ends`; did you mean `dead-end`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn every_rule_of_the_catalog_has_documentation_with_its_four_sections() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let json = run(here, &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&json.stdout).unwrap();
    for rule in rules.as_array().unwrap() {
        let name = rule["name"].as_str().unwrap();
        let explained = run(here, &["explain", name]);
        assert_eq!(explained.code, 0, "{name}");
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Use instead",
        ] {
            assert!(explained.stdout.contains(section), "{name} lacks {section}");
        }
    }
}

#[test]
fn a_dead_end_is_a_warning_by_default() {
    let (run, report) = check(&dead_end_document(), None, &[]);
    assert_eq!(run.code, 0, "warnings do not fail the run");
    assert_eq!(rules_of(&report), vec![pair("dead-end", "warning")]);
}

#[test]
fn the_configuration_raises_a_rule_to_an_error() {
    let (run, report) = check(
        &dead_end_document(),
        Some("[rules]\ndead-end = \"error\"\n"),
        &[],
    );
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&report), vec![pair("dead-end", "error")]);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn the_configuration_turns_a_rule_off_by_code() {
    let (run, report) = check(
        &dead_end_document(),
        Some("[rules]\nGL203 = \"off\"\n"),
        &[],
    );
    assert_eq!(run.code, 0);
    assert_eq!(rules_of(&report), vec![]);
}

#[test]
fn the_configuration_can_be_named_explicitly() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("strict.toml");
    std::fs::write(&config, "[rules]\ndead-end = \"error\"\n").unwrap();
    let (run, report) = check(
        &dead_end_document(),
        None,
        &["--config", config.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&report), vec![pair("dead-end", "error")]);
}

#[test]
fn an_unknown_rule_in_the_configuration_is_exit_2_naming_file_line_and_closest_name() {
    let (run, _) = check(
        GUIDELINE,
        Some("[rules]\ndead-end = \"off\"\ndead-ends = \"off\"\n"),
        &[],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("guidelint.toml:3:1: unknown rule `dead-ends`; did you mean `dead-end`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_level_in_the_configuration_is_exit_2() {
    let (run, _) = check(GUIDELINE, Some("[rules]\ndead-end = \"warn\"\n"), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "guidelint.toml:2:12: `dead-end` cannot be set to \"warn\": did you mean \"warning\"?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreadable_configuration_is_exit_2() {
    let (run, _) = check(GUIDELINE, None, &["--config", "does-not-exist.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does-not-exist.toml"), "{}", run.stderr);
}

/// Adds `allow` to the last step (just before its closing brace).
fn with_step_allow(document: &str, allow: &str) -> String {
    document.replacen(
        "            ]\n          }\n        ]",
        &format!("            ],\n            \"allow\": [{allow}]\n          }}\n        ]"),
        1,
    )
}

use crate::common::with_lint_allow;

#[test]
fn a_document_wide_suppression_silences_the_rule() {
    let document = with_lint_allow(
        &dead_end_document(),
        r#"{"rule": "dead-end", "reason": "the consultation closes the workup"}"#,
    );
    let (run, report) = check(&document, None, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(rules_of(&report), vec![]);
}

#[test]
fn a_step_suppression_silences_diagnostics_inside_that_step_by_code() {
    let document = with_step_allow(
        &dead_end_document(),
        r#"{"rule": "GL203", "reason": "the consultation closes the workup"}"#,
    );
    let (_, report) = check(&document, None, &[]);
    assert_eq!(rules_of(&report), vec![]);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_reported_at_its_rule() {
    let document = with_lint_allow(
        GUIDELINE,
        r#"{"rule": "cycle", "reason": "kept from an old draft"}"#,
    );
    let (run, report) = check(&document, None, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(rules_of(&report), vec![pair("unused-allow", "warning")]);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["pointer"], "/lint/allow/0/rule");
    assert_eq!(
        diagnostic["message"],
        "this suppression of `cycle` suppresses nothing"
    );
    let line = document
        .lines()
        .position(|line| line.contains("\"lint\""))
        .unwrap()
        + 1;
    let column = document
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"cycle\"")
        .unwrap()
        + 1;
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
}

#[test]
fn a_suppression_naming_no_rule_suggests_the_closest() {
    let document = with_lint_allow(GUIDELINE, r#"{"rule": "dead-ends", "reason": "typo"}"#);
    let (_, report) = check(&document, None, &[]);
    assert_eq!(rules_of(&report), vec![pair("unused-allow", "warning")]);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "no rule is named `dead-ends`, so this suppression suppresses nothing"
    );
    assert!(
        report["diagnostics"][0]["help"]
            .as_str()
            .unwrap()
            .starts_with("Did you mean `dead-end`?")
    );
}

#[test]
fn a_suppression_needs_a_reason() {
    let document = with_lint_allow(
        &dead_end_document(),
        r#"{"rule": "dead-end", "reason": "  "}"#,
    );
    let (run, report) = check(&document, None, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&report), vec![pair("schema", "error")]);
    assert_eq!(report["diagnostics"][0]["pointer"], "/lint/allow/0/reason");
}

#[test]
fn a_rule_turned_off_is_not_held_against_its_suppressions() {
    let document = with_lint_allow(
        GUIDELINE,
        r#"{"rule": "dead-end", "reason": "the consultation closes the workup"}"#,
    );
    let (_, report) = check(&document, Some("[rules]\ndead-end = \"off\"\n"), &[]);
    assert_eq!(rules_of(&report), vec![]);
}

// ---------------------------------------------------------------------------------------------
// A document guidelint cannot read never passes: not by configuration, not by a suppression.

#[test]
fn configuration_cannot_switch_off_or_lower_the_rules_of_unreadable_documents() {
    for (config, column, rule, value) in [
        (
            "[rules]\ninvalid-json = \"off\"\nschema = \"off\"\n",
            16,
            "invalid-json",
            "off",
        ),
        ("[rules]\nGL002 = \"warning\"\n", 9, "GL002", "warning"),
        (
            "[rules]\nduplicate-key = \"off\"\n",
            17,
            "duplicate-key",
            "off",
        ),
    ] {
        let (run, report) = check("{\"format\": ", Some(config), &[]);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert_eq!(report, Value::Null, "no report is printed");
        // The configuration is named by the path it was found at, then line and column.
        let expected = format!(
            "guidelint.toml:2:{column}: `{rule}` cannot be set to \"{value}\": it reports a document guidelint cannot read, and such a document must never pass; remove the line\n"
        );
        assert!(
            run.stderr.starts_with("error: ") && run.stderr.ends_with(&expected),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_suppression_cannot_hide_an_unreadable_document() {
    // The bundled guideline with its `title` written twice and a suppression of `duplicate-key`.
    let document = GUIDELINE.replacen("\"title\":", "\"title\": \"Again\",\n  \"title\":", 1);
    let document = with_lint_allow(
        &document,
        r#"{"rule": "duplicate-key", "reason": "the editor wrote it twice"}"#,
    );
    let (run, report) = check(&document, None, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        rules_of(&report),
        vec![
            pair("duplicate-key", "error"),
            pair("unused-allow", "warning")
        ]
    );
    let unused = &report["diagnostics"][1];
    assert_eq!(
        unused["message"],
        "`duplicate-key` cannot be suppressed, so this suppression suppresses nothing"
    );
    assert_eq!(unused["pointer"], "/lint/allow/0/rule");
}

#[test]
fn explain_says_which_rules_cannot_be_switched_off() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["invalid-json", "GL002", "duplicate-key"] {
        let run = run(here, &["explain", name]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout
                .contains("cannot be switched off, lowered to a warning or suppressed"),
            "{}",
            run.stdout
        );
    }
    let run = run(here, &["explain", "dead-end"]);
    assert!(
        !run.stdout.contains("cannot be switched off"),
        "{}",
        run.stdout
    );
}

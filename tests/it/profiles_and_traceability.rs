//! Rule profiles (`lint.profiles`, `[lint] profiles` in guidelint.toml), the fields that say what
//! confirms a diagnosis and how a treatment starts (`confirms`, `procedure` steps, `empiric`,
//! `first_line`), and traceable content (`basis`, `evidence`, `unsupported-content`), end to end
//! through the binary.

use crate::common::{self, TODAY};
use serde_json::Value;

const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");
/// A document whose angiography has no `when`: `imaging-escalation` reports it in the bleeding
/// profile only.
const ANGIOGRAPHY_WITHOUT_WHEN: &str =
    include_str!("../fixtures/imaging-escalation/fail-no-when.json");

/// Checks `document` (with `config` as guidelint.toml, when given) and returns the exit code and
/// `(code, severity, pointer)` of every diagnostic.
fn check(document: &str, config: Option<&str>) -> (i32, Vec<(String, String, String)>, String) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("g.json"), document).unwrap();
    if let Some(config) = config {
        std::fs::write(folder.path().join("guidelint.toml"), config).unwrap();
    }
    let run = common::run(
        common::command(folder.path())
            .args(["check", "--format", "json", "--today", TODAY, "g.json"]),
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    let found = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap_or_default().to_string(),
                diagnostic["severity"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                diagnostic["pointer"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    (run.code, found, run.stderr)
}

/// The history step of the bundled guideline (its first line and kind), to edit.
const HISTORY_STEP: &str = "\"id\": \"history\",\n            \"kind\": \"history\",";
/// Where the history step is, after the vital-signs step that opens the workup.
const HISTORY_POINTER: &str = "/diagnosis/paths/0/steps/1";

/// The bundled guideline with `members` (each on a line of its own) added to its history step,
/// whose kind becomes `kind`.
fn history_step_as(kind: &str, members: &[&str]) -> String {
    assert_eq!(GUIDELINE.matches(HISTORY_STEP).count(), 1);
    let mut replacement = format!("\"id\": \"history\",\n            \"kind\": \"{kind}\",");
    for member in members {
        replacement.push_str(&format!("\n            {member},"));
    }
    GUIDELINE.replacen(HISTORY_STEP, &replacement, 1)
}

fn codes(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(code, _, _)| code.as_str()).collect()
}

fn without_profiles(document: &str) -> String {
    let lint = ",\n  \"lint\": {\n    \"profiles\": [\"bleeding\"]\n  }";
    assert!(document.contains(lint));
    document.replace(lint, "")
}

#[test]
fn a_profile_rule_runs_only_where_the_document_uses_the_profile() {
    let (code, found, _) = check(ANGIOGRAPHY_WITHOUT_WHEN, None);
    assert_eq!(code, 1);
    assert!(codes(&found).contains(&"GL302"), "{found:?}");
    // `"profiles": []` opts the document out of every profile.
    let opted_out =
        ANGIOGRAPHY_WITHOUT_WHEN.replace("\"profiles\": [\"bleeding\"]", "\"profiles\": []");
    let (_, found, _) = check(&opted_out, Some("[lint]\nprofiles = [\"bleeding\"]\n"));
    assert!(!codes(&found).contains(&"GL302"), "{found:?}");
}

#[test]
fn the_configuration_gives_documents_without_profiles_a_default() {
    let document = without_profiles(ANGIOGRAPHY_WITHOUT_WHEN);
    let (_, found, _) = check(&document, None);
    assert!(!codes(&found).contains(&"GL302"), "core only: {found:?}");
    let (code, found, _) = check(&document, Some("[lint]\nprofiles = [\"bleeding\"]\n"));
    assert_eq!(code, 1);
    assert!(codes(&found).contains(&"GL302"), "{found:?}");
    let (code, found, stderr) = check(&document, Some("[lint]\nprofiles = [\"bleding\"]\n"));
    assert_eq!((code, found), (2, vec![]));
    assert!(stderr.contains("did you mean \"bleeding\"?"), "{stderr}");
}

#[test]
fn a_suppression_of_a_rule_whose_profile_does_not_apply_is_not_reported() {
    let document = common::with_lint_allow(
        &without_profiles(GUIDELINE),
        r#"{"rule": "imaging-escalation", "reason": "angiography is ordered by radiology"}"#,
    );
    let (code, found, _) = check(&document, None);
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn rules_and_explain_show_each_rules_profile() {
    let run = common::run(common::command(common::root()).args(["rules", "--format", "json"]));
    let rules: Value = serde_json::from_str(&run.stdout).unwrap();
    let profile_of = |name: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|rule| rule["name"] == name)
            .map(|rule| rule["profile"].clone())
    };
    assert_eq!(
        profile_of("imaging-escalation"),
        Some(Value::from("bleeding"))
    );
    assert_eq!(
        profile_of("invasive-without-coagulation-screen"),
        Some(Value::from("bleeding"))
    );
    assert_eq!(profile_of("dead-end"), Some(Value::from("core")));
    let explain = common::run(common::command(common::root()).args(["explain", "GL302"]));
    assert!(
        explain.stdout.contains("Profile `bleeding`"),
        "{}",
        explain.stdout
    );
}

#[test]
fn only_examination_laboratory_imaging_and_procedure_steps_confirm() {
    let (code, found, _) = check(&history_step_as("history", &["\"confirms\": true"]), None);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec![(
            "GL002".to_string(),
            "error".to_string(),
            format!("{HISTORY_POINTER}/confirms")
        )]
    );
    let (code, found, _) = check(
        &history_step_as("examination", &["\"confirms\": true"]),
        None,
    );
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn a_procedure_step_says_whether_it_is_invasive() {
    let (_, found, _) = check(&history_step_as("procedure", &[]), None);
    assert_eq!(
        found,
        vec![(
            "GL002".to_string(),
            "error".to_string(),
            HISTORY_POINTER.to_string()
        )]
    );
    let (code, found, _) = check(
        &history_step_as("procedure", &["\"invasive\": false"]),
        None,
    );
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn unsupported_content_is_a_warning_in_a_draft_and_an_error_once_active() {
    let embolization = include_str!("../fixtures/unsupported-content/fail.json");
    let (code, found, _) = check(embolization, None);
    assert_eq!(code, 0);
    assert_eq!(
        found,
        vec![(
            "GL505".to_string(),
            "warning".to_string(),
            "/treatments/0/basis".to_string()
        )]
    );
    let active = embolization.replace("\"status\": \"draft\"", "\"status\": \"active\"");
    let (code, found, _) = check(&active, None);
    assert_eq!(code, 1);
    assert_eq!(found[0].1, "error");
    // The configuration still decides when it names the rule.
    let (code, found, _) = check(
        &active,
        Some("[rules]\nunsupported-content = \"warning\"\n"),
    );
    assert_eq!((code, found[0].1.as_str()), (0, "warning"));
}

#[test]
fn evidence_anywhere_must_name_a_source() {
    // The history step cites the source article first; cite it by a slightly wrong id.
    let cited = "\"evidence\": [\"icliniq-iliopsoas-hematoma-2023\"";
    let history = GUIDELINE.find(HISTORY_STEP).unwrap();
    let evidence = history + GUIDELINE[history..].find(cited).unwrap();
    let mut document = GUIDELINE.to_string();
    document.replace_range(
        evidence..evidence + cited.len(),
        &cited.replace("-2023", ""),
    );
    let (code, found, _) = check(&document, None);
    assert_eq!(code, 1);
    assert_eq!(codes(&found), vec!["GL102"], "{found:?}");
    assert_eq!(
        found[0].2,
        format!("{HISTORY_POINTER}/evidence/0"),
        "{found:?}"
    );
}

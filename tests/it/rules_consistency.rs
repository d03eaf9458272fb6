//! The consistency rules GL301 to GL504 on whole documents: clean guidelines of other conditions
//! raise nothing, and edge cases the fixtures do not show (an angiography entry step, references
//! that resolve to nothing or to the wrong kind of thing, loops) are reported once or left to the
//! rule that owns them.

use guidelint::check_bytes;
use guidelint::diagnostic::Diagnostic;
use serde_json::{Value, json};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The rules this file is about.
const CONSISTENCY_RULES: [&str; 14] = [
    "GL301", "GL302", "GL303", "GL401", "GL402", "GL403", "GL404", "GL405", "GL406", "GL407",
    "GL501", "GL502", "GL503", "GL504",
];

use crate::common::options;

/// A clean rectus sheath hematoma guideline (the base of the consistency fixtures).
fn base() -> Value {
    let path = Path::new(ROOT).join("tests/fixtures/imaging-sequence/pass.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture is readable"))
        .expect("fixture is JSON")
}

fn check(document: &Value) -> Vec<Diagnostic> {
    let text = serde_json::to_string_pretty(document).expect("serializable");
    check_bytes("test.json", text.as_bytes(), &options()).diagnostics
}

/// `(code, pointer)` of the diagnostics of the given rules.
fn found(diagnostics: &[Diagnostic], codes: &[&str]) -> Vec<(&'static str, String)> {
    diagnostics
        .iter()
        .filter(|diagnostic| codes.contains(&diagnostic.rule.code))
        .map(|diagnostic| (diagnostic.rule.code, diagnostic.pointer.to_string()))
        .collect()
}

#[test]
fn clean_documents_raise_no_consistency_diagnostics() {
    let mut documents = Vec::new();
    for folder in ["guidelines", "tests/fixtures/clean"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(folder)).expect("folder exists") {
            let path = entry.expect("readable entry").path();
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                documents.push(path);
            }
        }
    }
    documents.push(Path::new(ROOT).join("tests/fixtures/imaging-sequence/pass.json"));
    for path in documents {
        let bytes = std::fs::read(&path).expect("readable document");
        let report = check_bytes(&path.display().to_string(), &bytes, &options());
        let raised: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| CONSISTENCY_RULES.contains(&diagnostic.rule.code))
            .map(|diagnostic| {
                format!(
                    "{} {}: {}",
                    diagnostic.rule.code, diagnostic.pointer, diagnostic.message
                )
            })
            .collect();
        assert!(
            raised.is_empty(),
            "{}:\n{}",
            path.display(),
            raised.join("\n")
        );
    }
}

#[test]
fn an_angiography_entry_step_is_reported_at_the_entry() {
    let mut document = base();
    document["diagnosis"]["paths"][0]["entry"] = json!("angiography");
    let diagnostics = check(&document);
    let angiography = "/diagnosis/paths/0/steps/6/modality".to_string();
    assert_eq!(
        found(&diagnostics, &["GL302", "GL303", "GL403"]),
        vec![
            ("GL302", angiography.clone()),
            ("GL303", angiography.clone()),
            ("GL403", angiography)
        ]
    );
    for diagnostic in diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL302")
    {
        assert!(
            diagnostic.message.ends_with(": `angiography`"),
            "{}",
            diagnostic.message
        );
        assert_eq!(diagnostic.secondary[0].message, "the path starts here");
    }
}

#[test]
fn references_to_nothing_or_to_the_wrong_kind_are_left_to_unknown_reference() {
    let mut document = base();
    // A treatment that requires a step and a treatment, and escalates from an unknown id and a path.
    document["treatments"][2]["requires"] = json!(["chemistry", "supportive-care"]);
    document["treatments"][2]["escalates_from"] = json!(["nothing-here", "workup"]);
    document["treatments"][3]["requires"] = json!(["no-such-path"]);
    let diagnostics = check(&document);
    assert_eq!(found(&diagnostics, &["GL402", "GL403", "GL405"]), vec![]);
}

#[test]
fn a_path_required_twice_by_one_treatment_is_reported_once() {
    let mut document = base();
    let paths = document["diagnosis"]["paths"]
        .as_array_mut()
        .expect("paths");
    paths.push(json!({
        "id": "bedside",
        "name": "Bedside assessment",
        "entry": "bedside-examination",
        "steps": [{"id": "bedside-examination", "kind": "examination", "name": "Examination", "terminal": true}]
    }));
    document["treatments"][0]["requires"] = json!(["bedside", "bedside"]);
    let diagnostics = check(&document);
    let unconfirmed: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL402")
        .collect();
    assert_eq!(unconfirmed.len(), 1);
    assert_eq!(unconfirmed[0].pointer, "/diagnosis/paths/1/id");
    assert_eq!(unconfirmed[0].secondary.len(), 2);
    assert!(
        unconfirmed[0]
            .message
            .ends_with("but treatment `supportive-care` requires it")
    );
}

#[test]
fn looping_transitions_terminate_and_leave_the_loop_to_cycle() {
    let mut document = base();
    // Every imaging step leads back to the first step: the whole path is one loop.
    for step in [4, 5, 6] {
        let next = &mut document["diagnosis"]["paths"][0]["steps"][step]["next"];
        match next.as_array_mut() {
            Some(transitions) => transitions.push(json!("history")),
            None => *next = json!(["history"]),
        }
    }
    let diagnostics = check(&document);
    assert_eq!(
        found(&diagnostics, &["GL301", "GL302", "GL303", "GL403"]),
        vec![]
    );
}

#[test]
fn an_escalation_loop_within_one_category_is_reported_once() {
    let mut document = base();
    document["treatments"][0]["escalates_from"] = json!(["anticoagulant-review"]);
    document["treatments"][1]["category"] = json!("conservative");
    let diagnostics = check(&document);
    let loops: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL405")
        .collect();
    assert_eq!(loops.len(), 1, "{loops:?}");
    assert_eq!(loops[0].pointer, "/treatments/0/escalates_from/0");
    assert_eq!(loops[0].secondary.len(), 1);
}

#[test]
fn placeholders_are_found_in_every_string_but_keys_and_extensions() {
    let mut document = base();
    document["x-todo"] = json!({"TODO": "TODO"});
    document["risk_factors"][1]["examples"] = json!(["Chronic cough", "XXX"]);
    document["provenance"]["sources"][0]["x-note"] = json!("FIXME");
    document["lint"] = json!({"allow": [{"rule": "dead-end", "reason": "tbd"}]});
    let diagnostics = check(&document);
    assert_eq!(
        found(&diagnostics, &["GL504"]),
        vec![
            ("GL504", "/risk_factors/1/examples/1".to_string()),
            ("GL504", "/lint/allow/0/reason".to_string()),
        ]
    );
}

#[test]
fn every_kind_of_code_is_checked() {
    let mut document = base();
    document["condition"]["codes"][0]["code"] = json!("m79.81");
    document["risk_factors"][0]["codes"][0]["code"] = json!("11289a");
    document["findings"][0]["codes"][0]["code"] = json!("021522001");
    document["diagnosis"]["paths"][0]["steps"][2]["tests"][2]["code"]["code"] = json!("2160-1");
    let diagnostics = check(&document);
    let invalid: Vec<(String, String)> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.code == "GL502")
        .map(|diagnostic| (diagnostic.pointer.to_string(), diagnostic.message.clone()))
        .collect();
    assert_eq!(invalid.len(), 4, "{invalid:#?}");
    assert_eq!(invalid[0].0, "/condition/codes/0/code");
    assert!(
        invalid[0]
            .1
            .starts_with("`m79.81` is not an ICD-10-CM code")
    );
    assert_eq!(invalid[1].0, "/risk_factors/0/codes/0/code");
    assert_eq!(invalid[2].0, "/findings/0/codes/0/code");
    assert!(invalid[2].1.contains("starts with a zero"));
    assert_eq!(invalid[3].0, "/diagnosis/paths/0/steps/2/tests/2/code/code");
    assert_eq!(
        invalid[3].1,
        "LOINC `2160-1` has check digit 1, but its digits give 0"
    );
}

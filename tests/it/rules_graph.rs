//! Edge cases of the reference and path-graph rules (GL101-GL203), each on a clean document of another
//! condition with one defect injected.

use guidelint::check_bytes;
use serde_json::{Value, json};

/// The clean renal colic guideline; its one path `colic-workup` runs history (step 0) -> examination
/// (1) -> urine-and-blood-tests (2) -> ct-kub (3) -> urology-consultation (4).
fn renal_colic() -> Value {
    let text = include_str!("../fixtures/clean/renal-colic.json");
    serde_json::from_str(text).expect("the clean fixture is JSON")
}

/// Sets the member at `pointer`, adding it when its object lacks it.
fn set(document: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    match document.pointer_mut(parent) {
        Some(Value::Object(members)) => {
            members.insert(key.to_string(), value);
        }
        Some(Value::Array(items)) => {
            let index: usize = key.parse().expect("an array index");
            items[index] = value;
        }
        _ => panic!("{parent} is an object or array"),
    }
}

fn step(path: usize, index: usize) -> String {
    format!("/diagnosis/paths/{path}/steps/{index}")
}

/// `(rule, message, pointer)` for each diagnostic, in report order.
fn check(document: &Value) -> Vec<(&'static str, String, String)> {
    let text = serde_json::to_string_pretty(document).expect("serializes");
    let options = crate::common::options();
    check_bytes("test.json", text.as_bytes(), &options)
        .diagnostics
        .into_iter()
        .map(|diagnostic| {
            (
                diagnostic.rule.name,
                diagnostic.message,
                diagnostic.pointer.into(),
            )
        })
        .collect()
}

fn of_rule<'a>(
    found: &'a [(&'static str, String, String)],
    rule: &str,
) -> Vec<&'a (&'static str, String, String)> {
    found.iter().filter(|(name, _, _)| *name == rule).collect()
}

#[test]
fn the_clean_documents_raise_nothing() {
    assert!(check(&renal_colic()).is_empty());
    let text = include_str!("../fixtures/clean/deep-vein-thrombosis.json");
    let document: Value = serde_json::from_str(text).expect("the clean fixture is JSON");
    assert!(check(&document).is_empty());
}

#[test]
fn a_self_loop_is_one_cycle_at_the_transition() {
    let mut document = renal_colic();
    set(
        &mut document,
        &format!("{}/next", step(0, 3)),
        json!(["ct-kub", "urology-consultation"]),
    );
    let found = check(&document);
    assert_eq!(
        of_rule(&found, "cycle"),
        [&(
            "cycle",
            "step `ct-kub` leads back to itself in path `colic-workup`".to_string(),
            format!("{}/next/0", step(0, 3))
        )]
    );
}

#[test]
fn two_separate_loops_are_two_cycles() {
    let mut document = renal_colic();
    set(
        &mut document,
        &format!("{}/next", step(0, 1)),
        json!(["history", "urine-and-blood-tests"]),
    );
    set(
        &mut document,
        &format!("{}/next", step(0, 4)),
        json!(["ct-kub"]),
    );
    let found = check(&document);
    let messages: Vec<&str> = of_rule(&found, "cycle")
        .iter()
        .map(|(_, message, _)| message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "steps `history` -> `examination` -> `history` form a loop in path `colic-workup`",
            "steps `ct-kub` -> `urology-consultation` -> `ct-kub` form a loop in path `colic-workup`",
        ]
    );
}

#[test]
fn a_loop_not_reachable_from_the_entry_is_one_cycle_and_one_unreachable_region() {
    let mut document = renal_colic();
    // history skips to ct-kub; examination <-> urine-and-blood-tests loop on their own.
    set(
        &mut document,
        &format!("{}/next", step(0, 0)),
        json!(["ct-kub"]),
    );
    set(
        &mut document,
        &format!("{}/next", step(0, 2)),
        json!(["examination", "ct-kub"]),
    );
    let found = check(&document);
    assert_eq!(
        of_rule(&found, "unreachable-step"),
        [&(
            "unreachable-step",
            "step `examination` is not reachable from the entry `history` of path `colic-workup`, nor is the \
             step it leads to"
                .to_string(),
            format!("{}/id", step(0, 1))
        )]
    );
    assert_eq!(
        of_rule(&found, "cycle"),
        [&(
            "cycle",
            "steps `examination` -> `urine-and-blood-tests` -> `examination` form a loop in path `colic-workup`"
                .to_string(),
            format!("{}/next/0", step(0, 2))
        )]
    );
}

#[test]
fn an_unresolved_entry_is_reported_once_and_reachability_is_skipped() {
    let mut document = renal_colic();
    set(&mut document, "/diagnosis/paths/0/entry", json!("intake"));
    let found = check(&document);
    assert_eq!(
        found,
        [(
            "unknown-reference",
            "`intake` is not defined".to_string(),
            "/diagnosis/paths/0/entry".to_string()
        )]
    );
}

#[test]
fn an_entry_naming_a_step_of_another_path_is_reported_as_such() {
    let mut document = renal_colic();
    let second = json!({
        "id": "pregnancy-workup",
        "name": "Suspected renal colic in pregnancy",
        "entry": "history",
        "steps": [{"id": "renal-ultrasound", "kind": "imaging", "name": "Renal ultrasound", "modality": "ultrasound",
                   "sequence": 1, "elicits": ["hydronephrosis"], "terminal": true}]
    });
    document["diagnosis"]["paths"]
        .as_array_mut()
        .expect("paths")
        .push(second);
    let found = check(&document);
    assert_eq!(
        of_rule(&found, "unknown-reference"),
        [&(
            "unknown-reference",
            "`entry` names step `history` of path `colic-workup`, but it must name a step of path `pregnancy-workup`"
                .to_string(),
            "/diagnosis/paths/1/entry".to_string()
        )]
    );
    assert!(of_rule(&found, "unreachable-step").is_empty(), "{found:?}");
}

#[test]
fn unreachable_steps_are_each_reported_once() {
    let mut document = renal_colic();
    // history skips to ct-kub, which ends the path; examination and urine-and-blood-tests, which nothing
    // leads to, both lead to urology-consultation, which is then listed with the first of them only.
    set(
        &mut document,
        &format!("{}/next", step(0, 0)),
        json!(["ct-kub"]),
    );
    set(
        &mut document,
        &format!("{}/next", step(0, 1)),
        json!(["urology-consultation"]),
    );
    set(
        &mut document,
        &format!("{}/next", step(0, 2)),
        json!(["urology-consultation"]),
    );
    set(&mut document, &format!("{}/next", step(0, 3)), json!([]));
    let found = check(&document);
    let entry = "is not reachable from the entry `history` of path `colic-workup`";
    assert_eq!(
        of_rule(&found, "unreachable-step"),
        [
            &(
                "unreachable-step",
                format!("step `examination` {entry}, nor is the step it leads to"),
                format!("{}/id", step(0, 1))
            ),
            &(
                "unreachable-step",
                format!("step `urine-and-blood-tests` {entry}"),
                format!("{}/id", step(0, 2))
            ),
        ]
    );
}

#[test]
fn a_second_step_with_the_same_id_is_a_duplicate_not_an_unreachable_step() {
    let mut document = renal_colic();
    let copy = document.pointer(&step(0, 4)).cloned().expect("step 4");
    document["diagnosis"]["paths"][0]["steps"]
        .as_array_mut()
        .expect("steps")
        .push(copy);
    let found = check(&document);
    assert_eq!(
        found,
        [(
            "duplicate-id",
            "`urology-consultation` is defined twice, both times as a step of path `colic-workup`"
                .to_string(),
            format!("{}/id", step(0, 5))
        )]
    );
}

#[test]
fn an_id_defined_three_times_is_reported_at_each_later_definition() {
    let mut document = renal_colic();
    set(&mut document, "/findings/1/id", json!("loin-pain"));
    set(
        &mut document,
        "/provenance/sources/1/id",
        json!("loin-pain"),
    );
    let found = check(&document);
    let duplicates = of_rule(&found, "duplicate-id");
    assert_eq!(duplicates.len(), 2, "{found:?}");
    for (_, message, _) in duplicates {
        assert_eq!(
            message,
            "`loin-pain` is defined 3 times: as a finding, as a finding and as a source"
        );
    }
}

#[test]
fn a_transition_naming_a_finding_is_the_wrong_kind() {
    let mut document = renal_colic();
    set(
        &mut document,
        &format!("{}/next/0/to", step(0, 3)),
        json!("hydronephrosis"),
    );
    let found = check(&document);
    assert_eq!(
        of_rule(&found, "unknown-reference"),
        [&(
            "unknown-reference",
            "`next` names finding `hydronephrosis`, but it must name a step of path `colic-workup`"
                .to_string(),
            format!("{}/next/0/to", step(0, 3))
        )]
    );
}

#[test]
fn a_finding_named_only_in_the_wrong_field_is_still_unused() {
    let mut document = renal_colic();
    // `fever` is now only named where a diagnosis path belongs.
    set(&mut document, &format!("{}/elicits", step(0, 1)), json!([]));
    set(
        &mut document,
        &format!("{}/next/0/when", step(0, 3)),
        json!({"finding": "hydronephrosis"}),
    );
    set(
        &mut document,
        "/treatments/3/indications",
        json!([{"finding": "hydronephrosis"}]),
    );
    set(
        &mut document,
        "/treatments/3/requires",
        json!(["colic-workup", "fever"]),
    );
    set(
        &mut document,
        "/treatments/4/contraindications",
        json!([{"finding": "uncorrected-coagulopathy"}]),
    );
    let found = check(&document);
    let rules: Vec<&str> = found.iter().map(|(rule, _, _)| *rule).collect();
    assert!(rules.contains(&"unknown-reference"), "{found:?}");
    assert!(
        found.contains(&(
            "unused-definition",
            "finding `fever` is never elicited or tested".to_string(),
            "/findings/1/id".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn a_step_allow_suppresses_graph_diagnostics_located_in_that_step() {
    let mut document = renal_colic();
    set(
        &mut document,
        &format!("{}/next", step(0, 4)),
        json!(["ct-kub"]),
    );
    set(
        &mut document,
        &format!("{}/allow", step(0, 4)),
        json!([{"rule": "cycle", "reason": "the urologist may ask for a repeat scan"}]),
    );
    assert!(check(&document).is_empty());
}

#[test]
fn an_empty_next_on_a_non_terminal_step_is_a_dead_end() {
    let mut document = renal_colic();
    set(
        &mut document,
        &format!("{}/terminal", step(0, 4)),
        json!(false),
    );
    set(&mut document, &format!("{}/next", step(0, 4)), json!([]));
    let found = check(&document);
    assert_eq!(
        found,
        [(
            "dead-end",
            "step `urology-consultation` of path `colic-workup` has no `next` and is not terminal"
                .to_string(),
            format!("{}/id", step(0, 4))
        )]
    );
}

//! The semantics on small documents, one rule of docs/format.md (section 8) per test.

use super::*;
use serde::Deserialize;
use serde_json::{Value, json};

/// A whole document around `findings`, `paths` and `treatments`.
fn document(findings: &[&str], paths: Value, treatments: Value) -> Value {
    json!({
        "format": "guidelint/1",
        "id": "test",
        "title": "Test",
        "version": "1.0.0",
        "status": "draft",
        "condition": {"name": "Test"},
        "provenance": {"authors": ["a"], "published": "2026-01-01", "sources": []},
        "findings": findings.iter().map(|id| json!({"id": id, "kind": "sign", "name": id})).collect::<Vec<_>>(),
        "diagnosis": {"paths": paths},
        "treatments": treatments,
    })
}

fn guideline(value: &Value) -> Guideline<'_> {
    Guideline::deserialize(value).expect("a document the model holds")
}

/// The ids of the performed steps of path 0 for a patient with `present`.
fn performed(semantics: &Semantics, present: &[&str]) -> Vec<String> {
    let present = semantics
        .findings_named(present.iter().copied())
        .expect("known findings");
    let play = semantics.play(&present);
    play.paths[0]
        .performed()
        .map(|step| semantics.paths()[0].step_id(step).to_string())
        .collect()
}

fn play(semantics: &Semantics, present: &[&str]) -> Playthrough {
    let present = semantics
        .findings_named(present.iter().copied())
        .expect("known findings");
    semantics.play(&present)
}

fn step<'p>(semantics: &Semantics, playthrough: &'p Playthrough, id: &str) -> &'p StepOutcome {
    let (path, step) = semantics.step_location(id).expect("a step");
    &playthrough.paths[path].steps[step]
}

fn one_path(steps: Value) -> Value {
    json!([{"id": "workup", "name": "Workup", "entry": "a", "steps": steps}])
}

#[test]
fn the_entry_without_when_is_performed_and_unconditional_transitions_are_followed() {
    let value = document(
        &["f"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "next": ["b"]},
            {"id": "b", "kind": "examination", "name": "B", "terminal": true},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let playthrough = play(&semantics, &[]);
    let a = step(&semantics, &playthrough, "a");
    assert_eq!(a.status, StepStatus::Entry);
    assert!(a.followed(0));
    let b = step(&semantics, &playthrough, "b");
    assert_eq!(b.status, StepStatus::Reached);
    assert_eq!(b.arrivals, vec![TransitionRef { from: 0, index: 0 }]);
    // `b` knows what `a` elicited: `f`, absent.
    assert!(b.knowledge.contains(0));
    assert_eq!(
        playthrough.paths[0].ended().collect::<Vec<_>>(),
        vec![(1, Ending::Terminal)]
    );
}

#[test]
fn every_transition_whose_condition_holds_is_followed_in_parallel() {
    let value = document(
        &["f", "g"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f", "g"], "next": [
                {"to": "b", "when": {"finding": "f"}},
                {"to": "c", "when": {"finding": "g"}},
                "d"
            ]},
            {"id": "b", "kind": "imaging", "name": "B", "modality": "ct", "sequence": 1, "terminal": true},
            {"id": "c", "kind": "consultation", "name": "C", "terminal": true},
            {"id": "d", "kind": "examination", "name": "D"},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    assert_eq!(performed(&semantics, &["f", "g"]), ["a", "b", "c", "d"]);
    assert_eq!(performed(&semantics, &["g"]), ["a", "c", "d"]);
    assert_eq!(performed(&semantics, &[]), ["a", "d"]);
    // `d` follows nothing and is not terminal: its branch ends incomplete.
    let playthrough = play(&semantics, &["f"]);
    assert_eq!(
        playthrough.paths[0].ended().collect::<Vec<_>>(),
        vec![(1, Ending::Terminal), (3, Ending::Incomplete)]
    );
}

#[test]
fn a_transition_sees_what_its_step_elicits_but_a_steps_own_when_does_not() {
    let value = document(
        &["f"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "next": ["b"]},
            // `b` elicits `f` but its own `when` tests `f`: judged before `b` elicits anything.
            {"id": "b", "kind": "examination", "name": "B", "elicits": ["f"], "when": {"finding": "f"}, "next": ["c"]},
            {"id": "c", "kind": "examination", "name": "C", "elicits": ["f"], "next": [{"to": "d", "when": {"finding": "f"}}]},
            {"id": "d", "kind": "consultation", "name": "D", "terminal": true},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let playthrough = play(&semantics, &["f"]);
    let b = step(&semantics, &playthrough, "b");
    assert_eq!(b.status, StepStatus::Stopped);
    assert_eq!(b.when, Some(Truth::Unknown));
    // A step reached but not performed stops its branch.
    assert_eq!(
        step(&semantics, &playthrough, "c").status,
        StepStatus::NotReached
    );
    assert_eq!(performed(&semantics, &["f"]), ["a"]);
}

#[test]
fn the_transition_of_a_step_judges_its_own_elicited_findings() {
    let value = document(
        &["f"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "next": [{"to": "b", "when": {"finding": "f"}}], "terminal": true},
            {"id": "b", "kind": "consultation", "name": "B", "terminal": true},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    assert_eq!(performed(&semantics, &["f"]), ["a", "b"]);
    assert_eq!(performed(&semantics, &[]), ["a"]);
}

#[test]
fn an_unknown_finding_neither_satisfies_nor_refutes_even_under_not() {
    let value = document(
        &["f", "g"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["g"], "next": [
                {"to": "b", "when": {"not": {"finding": "f"}}},
                {"to": "c", "when": {"any": [{"finding": "f"}, {"not": {"finding": "g"}}]}}
            ], "terminal": true},
            {"id": "b", "kind": "consultation", "name": "B", "terminal": true},
            {"id": "c", "kind": "consultation", "name": "C", "terminal": true},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    // `f` is never elicited: `not f` stays unknown, so `b` is not reached even though the patient
    // does not have `f`.
    let playthrough = play(&semantics, &[]);
    assert_eq!(
        step(&semantics, &playthrough, "a").transitions,
        vec![Some(Truth::Unknown), Some(Truth::True)]
    );
    assert_eq!(performed(&semantics, &[]), ["a", "c"]);
    // With `g` present the `any` is unknown (`f` unknown, `not g` false).
    assert_eq!(performed(&semantics, &["g"]), ["a"]);
}

#[test]
fn a_joining_step_judges_its_when_on_what_every_arriving_branch_knows() {
    let value = document(
        &["f", "g"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "next": ["b", "c"]},
            {"id": "b", "kind": "examination", "name": "B", "elicits": ["f"], "next": ["d"]},
            {"id": "c", "kind": "laboratory", "name": "C", "elicits": ["g"], "next": [{"to": "d", "when": {"finding": "g"}}]},
            {"id": "d", "kind": "consultation", "name": "D", "when": {"all": [{"finding": "f"}, {"finding": "g"}]}, "terminal": true},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    assert_eq!(performed(&semantics, &["f", "g"]), ["a", "b", "c", "d"]);
    let playthrough = play(&semantics, &["f", "g"]);
    let d = step(&semantics, &playthrough, "d");
    assert_eq!(d.arrivals.len(), 2);
    // With `g` absent only `b` arrives: `d`'s `when` sees `f` but not `g`, which only `c` knows,
    // so it is unknown, not false.
    let playthrough = play(&semantics, &["f"]);
    let d = step(&semantics, &playthrough, "d");
    assert_eq!(
        (d.status, d.when),
        (StepStatus::Stopped, Some(Truth::Unknown))
    );
    // With `f` absent, `b`'s knowledge makes the `all` false.
    let playthrough = play(&semantics, &["g"]);
    assert_eq!(step(&semantics, &playthrough, "d").when, Some(Truth::False));
}

#[test]
fn an_entry_with_a_when_is_never_performed_and_its_treatments_are_not_reached() {
    let value = document(
        &["f"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "when": {"finding": "f"}, "next": ["b"]},
            {"id": "b", "kind": "consultation", "name": "B", "terminal": true},
        ])),
        json!([{"id": "t", "name": "T", "category": "conservative", "requires": ["workup"], "actions": [{"name": "x"}]}]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let playthrough = play(&semantics, &["f"]);
    assert_eq!(
        step(&semantics, &playthrough, "a").status,
        StepStatus::EntryWithWhen
    );
    assert_eq!(
        step(&semantics, &playthrough, "b").status,
        StepStatus::NotReached
    );
    assert_eq!(
        playthrough.treatments[0].status,
        TreatmentStatus::NotReached
    );
    assert_eq!(playthrough.treatments[0].unreached, vec![0]);
}

/// A path eliciting `f`, `g` and `h` at its entry, and `t` with the given indications and
/// contraindications.
fn treatment_document(indications: Value, contraindications: Value) -> Value {
    document(
        &["f", "g", "h", "never"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f", "g", "h"], "terminal": true},
        ])),
        json!([
            {"id": "t", "name": "T", "category": "surgical", "requires": ["workup"], "actions": [{"name": "x"}],
             "indications": indications, "contraindications": contraindications},
            {"id": "u", "name": "U", "category": "conservative", "actions": [{"name": "x"}],
             "indications": [{"finding": "f"}]},
        ]),
    )
}

#[test]
fn treatment_status_is_decided_in_the_documented_order() {
    let value = treatment_document(
        json!([{"finding": "f"}, {"finding": "never"}]),
        json!([{"finding": "g"}, {"not": {"finding": "never"}}]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let status = |present: &[&str]| play(&semantics, present).treatments[0].status;
    // `f` indicates; `never` is unknown and neither indicates nor excludes.
    assert_eq!(status(&["f"]), TreatmentStatus::Eligible);
    assert_eq!(status(&[]), TreatmentStatus::NotIndicated);
    assert_eq!(status(&["f", "g"]), TreatmentStatus::Excluded);
    // Not indicated comes before excluded.
    assert_eq!(status(&["g"]), TreatmentStatus::NotIndicated);
    let playthrough = play(&semantics, &["f"]);
    let outcome = &playthrough.treatments[0];
    assert_eq!(outcome.indications, vec![Truth::True, Truth::Unknown]);
    assert_eq!(
        outcome.contraindications,
        vec![Truth::False, Truth::Unknown]
    );
    // Without `requires`, nothing is known: an indication can never hold.
    assert_eq!(
        playthrough.treatments[1].status,
        TreatmentStatus::NotIndicated
    );
    assert_eq!(playthrough.treatments[1].indications, vec![Truth::Unknown]);
}

#[test]
fn a_treatment_without_indications_is_eligible_unless_excluded() {
    let value = treatment_document(json!([]), json!([{"finding": "h"}]));
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    assert_eq!(
        play(&semantics, &[]).treatments[0].status,
        TreatmentStatus::Eligible
    );
    assert_eq!(
        play(&semantics, &["h"]).treatments[0].status,
        TreatmentStatus::Excluded
    );
}

#[test]
fn a_loop_reaches_its_least_fixed_point() {
    let value = document(
        &["f", "g"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "next": ["b"]},
            {"id": "b", "kind": "examination", "name": "B", "elicits": ["g"], "next": [{"to": "c", "when": {"finding": "g"}}, "a"]},
            {"id": "c", "kind": "consultation", "name": "C", "when": {"finding": "f"}, "next": ["b"]},
        ])),
        json!([]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    assert_eq!(performed(&semantics, &["f", "g"]), ["a", "b", "c"]);
    assert_eq!(performed(&semantics, &["g"]), ["a", "b"]);
    let playthrough = play(&semantics, &["f", "g"]);
    // The entry learns what flows back to it through the loop.
    assert!(step(&semantics, &playthrough, "a").knowledge.contains(1));
}

#[test]
fn eligible_treatments_are_offered_in_escalation_order() {
    let value = document(
        &[],
        one_path(json!([{"id": "a", "kind": "history", "name": "A", "terminal": true}])),
        json!([
            {"id": "surgery", "name": "S", "category": "surgical", "requires": ["workup"], "actions": [{"name": "x"}], "escalates_from": ["drain"]},
            {"id": "drain", "name": "D", "category": "interventional", "requires": ["workup"], "actions": [{"name": "x"}], "escalates_from": ["rest"]},
            {"id": "rest", "name": "R", "category": "conservative", "requires": ["workup"], "actions": [{"name": "x"}]},
            {"id": "loop-a", "name": "A", "category": "conservative", "requires": ["workup"], "actions": [{"name": "x"}], "escalates_from": ["loop-b"]},
            {"id": "loop-b", "name": "B", "category": "conservative", "requires": ["workup"], "actions": [{"name": "x"}], "escalates_from": ["loop-a"]},
        ]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let playthrough = play(&semantics, &[]);
    let order: Vec<&str> = playthrough
        .eligible_in_order(&semantics)
        .into_iter()
        .map(|index| semantics.treatments()[index].id())
        .collect();
    // The loop is cut where the walk meets it again; it does not hang.
    assert_eq!(order, ["rest", "loop-b", "drain", "loop-a", "surgery"]);
}

#[test]
fn findings_elicitable_before_a_step_come_from_every_route_from_the_entry() {
    let value = document(
        &["f", "g", "h", "i"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "next": [{"to": "b", "when": {"finding": "f"}}, "c"]},
            {"id": "b", "kind": "examination", "name": "B", "elicits": ["g"], "next": ["d"]},
            {"id": "c", "kind": "laboratory", "name": "C", "elicits": ["h"], "next": ["d"]},
            {"id": "d", "kind": "consultation", "name": "D", "terminal": true},
            {"id": "orphan", "kind": "consultation", "name": "O", "elicits": ["i"], "next": ["d"]},
        ])),
        json!([{"id": "t", "name": "T", "category": "surgical", "requires": ["workup"], "actions": [{"name": "x"}]}]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let path = &semantics.paths()[0];
    let ids =
        |set: &FindingSet| -> Vec<&str> { set.ones().map(|f| semantics.finding_id(f)).collect() };
    assert_eq!(ids(path.elicitable_before(0)), Vec::<&str>::new());
    assert_eq!(ids(path.elicitable_before(1)), ["f"]);
    // Both routes into `d`; the orphan step is on no route from the entry.
    assert_eq!(ids(path.elicitable_before(3)), ["f", "g", "h"]);
    assert_eq!(ids(&path.elicitable_at(2)), ["f", "h"]);
    assert_eq!(
        ids(&semantics.elicitable_for_treatment(0)),
        ["f", "g", "h", "i"]
    );
    assert_eq!(semantics.steps_eliciting(1), vec![(0, 1)]);
}

#[test]
fn explanations_say_which_transition_and_which_finding() {
    let value = document(
        &["f", "g"],
        one_path(json!([
            {"id": "a", "kind": "history", "name": "A", "elicits": ["f"], "next": [{"to": "b", "when": {"finding": "f"}}, "c"]},
            {"id": "b", "kind": "examination", "name": "B", "terminal": true},
            {"id": "c", "kind": "consultation", "name": "C", "when": {"any": [{"finding": "f"}, {"finding": "g"}]}, "terminal": true},
        ])),
        json!([{"id": "t", "name": "T", "category": "surgical", "requires": ["workup"], "actions": [{"name": "x"}],
                "indications": [{"finding": "g"}, {"finding": "f"}]}]),
    );
    let guideline = guideline(&value);
    let semantics = Semantics::new(&guideline);
    let playthrough = play(&semantics, &["f"]);
    let explain = explain::Explainer::new(&semantics, &playthrough);
    assert_eq!(explain.step(0, 0), "the path's entry, which has no `when`");
    assert_eq!(explain.step(0, 1), "reached from `a`, as `f` is present");
    assert_eq!(
        explain.step(0, 2),
        "reached from `a` (unconditional); its `when` holds, as `f` is present"
    );
    assert_eq!(explain.treatment(0), "indicated, as `f` is present");
    assert_eq!(
        explain.undecided(0),
        ["indication `g`: `g` is not known (no step elicits it)"]
    );
    let playthrough = play(&semantics, &[]);
    let explain = explain::Explainer::new(&semantics, &playthrough);
    assert_eq!(
        explain.step(0, 1),
        "not reached: the transition from `a` is not followed, as `f` is absent"
    );
    assert_eq!(
        explain.step(0, 2),
        "reached from `a` (unconditional), but its `when` is unknown, as `g` is not known (no step elicits it)"
    );
    assert_eq!(explain.route(0, 2), "`a` -> `c`");
    assert_eq!(
        explain.treatment(0),
        "no indication holds, as `g` is not known (no step elicits it) and `f` is absent"
    );
}

#[test]
fn conditions_read_as_written() {
    let value = json!({"any": [{"finding": "a"}, {"all": [{"finding": "b"}, {"not": {"finding": "c"}}]}, {"not": {"any": [{"finding": "d"}, {"finding": "e"}]}}]});
    let condition = crate::model::Condition::deserialize(&value).expect("a condition");
    assert_eq!(
        explain::describe_condition(&condition),
        "`a` or (`b` and not `c`) or not (`d` or `e`)"
    );
}

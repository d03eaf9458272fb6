//! Properties of the pathway semantics (docs/format.md, section 8) on small random
//! guidelines: the implementation agrees with a brute-force reading of the specification written
//! here, independently of it (whole-state iteration from "nothing performed, nothing known" to a
//! fixed point, with its own three-valued evaluator); `simulate` prints the same through the
//! binary; without `not`, more present findings never perform fewer steps; and the order steps are
//! written in changes nothing. Termination itself rests on the logic being monotone: with `not`
//! of unknown made true, the work list can oscillate forever (tried while writing these tests).

use guidelint::model::Guideline;
use guidelint::semantics::{Ending, Semantics, TreatmentStatus};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

/// A condition over findings `f0`, `f1`, ...
#[derive(Debug, Clone)]
enum Cond {
    Finding(usize),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
}

#[derive(Debug, Clone)]
struct StepSpec {
    elicits: Vec<bool>,
    when: Option<Cond>,
    /// `(target step, condition)`.
    next: Vec<(usize, Option<Cond>)>,
    terminal: bool,
}

#[derive(Debug, Clone)]
struct TreatmentSpec {
    requires: bool,
    indications: Vec<Cond>,
    contraindications: Vec<Cond>,
}

#[derive(Debug, Clone)]
struct Doc {
    findings: usize,
    steps: Vec<StepSpec>,
    treatments: Vec<TreatmentSpec>,
}

fn condition(findings: usize, with_not: bool) -> BoxedStrategy<Cond> {
    let leaf = (0..findings).prop_map(Cond::Finding);
    leaf.prop_recursive(2, 8, 3, move |inner| {
        let all = prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::All);
        let any = prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::Any);
        if with_not {
            prop_oneof![inner.prop_map(|c| Cond::Not(Box::new(c))), all, any].boxed()
        } else {
            prop_oneof![all, any].boxed()
        }
    })
    .boxed()
}

/// Step `index` of `count`: its transitions lead to later steps (always to the next one, so every
/// step is reachable from the entry), or anywhere when `loops` allows transitions back.
fn step(
    findings: usize,
    count: usize,
    index: usize,
    with_not: bool,
    loops: bool,
) -> BoxedStrategy<StepSpec> {
    let maybe_condition = prop::option::weighted(0.6, condition(findings, with_not));
    let targets = if loops {
        (0..count).boxed()
    } else if index + 1 < count {
        (index + 1..count).boxed()
    } else {
        Just(usize::MAX).boxed()
    };
    let extra = prop::collection::vec((targets, maybe_condition.clone()), 0..=2);
    (
        prop::collection::vec(any::<bool>(), findings),
        prop::option::weighted(
            if index == 0 { 0.1 } else { 0.3 },
            condition(findings, with_not),
        ),
        maybe_condition,
        extra,
        any::<bool>(),
    )
        .prop_map(move |(elicits, when, to_next, extra, terminal)| {
            let mut next = Vec::new();
            if index + 1 < count {
                next.push((index + 1, to_next));
            }
            next.extend(extra.into_iter().filter(|(target, _)| *target < count));
            StepSpec {
                elicits,
                when,
                next,
                terminal,
            }
        })
        .boxed()
}

fn doc(with_not: bool, loops: bool) -> impl Strategy<Value = Doc> {
    (1..=4usize, 1..=6usize, 1..=3usize).prop_flat_map(move |(findings, count, treatments)| {
        let steps: Vec<BoxedStrategy<StepSpec>> = (0..count)
            .map(|index| step(findings, count, index, with_not, loops))
            .collect();
        let treatment = (
            prop::bool::weighted(0.9),
            prop::collection::vec(condition(findings, with_not), 0..=2),
            prop::collection::vec(condition(findings, with_not), 0..=2),
        )
            .prop_map(|(requires, indications, contraindications)| TreatmentSpec {
                requires,
                indications,
                contraindications,
            });
        (
            Just(findings),
            steps,
            prop::collection::vec(treatment, treatments),
        )
            .prop_map(|(findings, steps, treatments)| Doc {
                findings,
                steps,
                treatments,
            })
    })
}

fn condition_json(condition: &Cond) -> Value {
    match condition {
        Cond::Finding(finding) => json!({"finding": format!("f{finding}")}),
        Cond::Not(inner) => json!({"not": condition_json(inner)}),
        Cond::All(members) => {
            json!({"all": members.iter().map(condition_json).collect::<Vec<_>>()})
        }
        Cond::Any(members) => {
            json!({"any": members.iter().map(condition_json).collect::<Vec<_>>()})
        }
    }
}

/// The guideline document, its steps written in `order` (a permutation of the step indices).
/// With `clean`, every treatment requires the path, so the document passes `check` when it has
/// no loop (simulate refuses documents with errors).
fn document(doc: &Doc, order: &[usize], clean: bool) -> Value {
    let count = doc.steps.len();
    let steps: Vec<Value> = order
        .iter()
        .map(|&index| {
            let spec = &doc.steps[index];
            // The last step is the imaging that confirms the diagnosis; kinds do not matter to
            // the semantics, only to `check`.
            let mut step = if index + 1 == count {
                json!({"id": format!("s{index}"), "kind": "imaging", "name": "Imaging", "modality": "ultrasound", "sequence": 1, "confirms": true})
            } else if index == 0 {
                json!({"id": "s0", "kind": "history", "name": "History"})
            } else {
                json!({"id": format!("s{index}"), "kind": "examination", "name": "Examination"})
            };
            let elicits: Vec<String> = spec
                .elicits
                .iter()
                .enumerate()
                .filter(|(_, elicited)| **elicited)
                .map(|(finding, _)| format!("f{finding}"))
                .collect();
            if !elicits.is_empty() {
                step["elicits"] = json!(elicits);
            }
            if let Some(when) = &spec.when {
                step["when"] = condition_json(when);
            }
            if !spec.next.is_empty() {
                step["next"] = spec
                    .next
                    .iter()
                    .map(|(target, condition)| match condition {
                        Some(condition) => json!({"to": format!("s{target}"), "when": condition_json(condition)}),
                        None => json!(format!("s{target}")),
                    })
                    .collect();
            }
            if spec.terminal {
                step["terminal"] = json!(true);
            }
            step
        })
        .collect();
    let treatments: Vec<Value> = doc
        .treatments
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let mut treatment = json!({
                "id": format!("t{index}"), "name": "T", "category": "conservative",
                "actions": [{"name": "A"}], "evidence": ["src"],
                "indications": spec.indications.iter().map(condition_json).collect::<Vec<_>>(),
                "contraindications": spec.contraindications.iter().map(condition_json).collect::<Vec<_>>(),
            });
            if spec.requires || clean {
                treatment["requires"] = json!(["p"]);
            }
            treatment
        })
        .collect();
    json!({
        "format": "guidelint/1",
        "id": "random",
        "title": "Random",
        "version": "1.0.0",
        "status": "draft",
        "condition": {"name": "Random"},
        "provenance": {"authors": ["a"], "published": "2026-01-01", "sources": [{"id": "src", "title": "S"}]},
        "findings": (0..doc.findings).map(|f| json!({"id": format!("f{f}"), "kind": "sign", "name": "F"})).collect::<Vec<_>>(),
        "diagnosis": {"paths": [{"id": "p", "name": "P", "entry": "s0", "steps": steps}]},
        "treatments": treatments,
    })
}

// ---------------------------------------------------------------------------------------------
// The specification, read directly.

/// Kleene's strong logic: `None` is unknown.
fn eval(condition: &Cond, known: &[bool], present: &[bool]) -> Option<bool> {
    match condition {
        Cond::Finding(f) => known[*f].then_some(present[*f]),
        Cond::Not(inner) => eval(inner, known, present).map(|value| !value),
        Cond::All(members) => {
            let values: Vec<Option<bool>> =
                members.iter().map(|m| eval(m, known, present)).collect();
            if values.contains(&Some(false)) {
                Some(false)
            } else if values.iter().all(|v| *v == Some(true)) {
                Some(true)
            } else {
                None
            }
        }
        Cond::Any(members) => {
            let values: Vec<Option<bool>> =
                members.iter().map(|m| eval(m, known, present)).collect();
            if values.contains(&Some(true)) {
                Some(true)
            } else if values.iter().all(|v| *v == Some(false)) {
                Some(false)
            } else {
                None
            }
        }
    }
}

#[derive(Debug, PartialEq)]
struct Outcome {
    performed: Vec<bool>,
    knowledge: Vec<Vec<bool>>,
    /// Per step, per transition.
    followed: Vec<Vec<bool>>,
    /// Per step: `Some(true)` terminal, `Some(false)` incomplete.
    ended: Vec<Option<bool>>,
    treatments: Vec<&'static str>,
}

/// "Start from the entry and add performed steps until nothing changes": the whole state is
/// recomputed from the previous one until it no longer changes.
fn reference(doc: &Doc, present: &[bool]) -> Outcome {
    let count = doc.steps.len();
    let none = vec![false; doc.findings];
    let mut performed = vec![false; count];
    let mut knowledge = vec![none.clone(); count];
    let followed_in = |performed: &[bool], knowledge: &[Vec<bool>], from: usize, index: usize| {
        performed[from]
            && doc.steps[from].next[index]
                .1
                .as_ref()
                .is_none_or(|condition| eval(condition, &knowledge[from], present) == Some(true))
    };
    loop {
        let mut next_performed = vec![false; count];
        let mut next_knowledge = vec![none.clone(); count];
        for step in 0..count {
            let mut arriving = none.clone();
            let mut reached = false;
            for (from, spec) in doc.steps.iter().enumerate() {
                for (index, (target, _)) in spec.next.iter().enumerate() {
                    if *target == step && followed_in(&performed, &knowledge, from, index) {
                        reached = true;
                        for f in 0..doc.findings {
                            arriving[f] |= knowledge[from][f];
                        }
                    }
                }
            }
            let spec = &doc.steps[step];
            let is_performed = if step == 0 {
                spec.when.is_none()
            } else {
                reached
                    && spec
                        .when
                        .as_ref()
                        .is_none_or(|when| eval(when, &arriving, present) == Some(true))
            };
            if is_performed {
                next_performed[step] = true;
                for f in 0..doc.findings {
                    next_knowledge[step][f] = arriving[f] || spec.elicits[f];
                }
            }
        }
        if next_performed == performed && next_knowledge == knowledge {
            break;
        }
        performed = next_performed;
        knowledge = next_knowledge;
    }
    let followed: Vec<Vec<bool>> = (0..count)
        .map(|from| {
            (0..doc.steps[from].next.len())
                .map(|index| followed_in(&performed, &knowledge, from, index))
                .collect()
        })
        .collect();
    let ended = (0..count)
        .map(|step| {
            (performed[step] && !followed[step].contains(&true)).then_some(doc.steps[step].terminal)
        })
        .collect();
    let mut path_knowledge = none.clone();
    for known in &knowledge {
        for f in 0..doc.findings {
            path_knowledge[f] |= known[f];
        }
    }
    let treatments = doc
        .treatments
        .iter()
        .map(|spec| {
            let known = if spec.requires {
                path_knowledge.clone()
            } else {
                none.clone()
            };
            if spec.requires && !performed[0] {
                "not-reached"
            } else if !spec.indications.is_empty()
                && !spec
                    .indications
                    .iter()
                    .any(|c| eval(c, &known, present) == Some(true))
            {
                "not-indicated"
            } else if spec
                .contraindications
                .iter()
                .any(|c| eval(c, &known, present) == Some(true))
            {
                "excluded"
            } else {
                "eligible"
            }
        })
        .collect();
    Outcome {
        performed,
        knowledge,
        followed,
        ended,
        treatments,
    }
}

/// What the library makes of the same document and patient.
fn implementation(doc: &Doc, present: &[bool], requires_all: bool) -> Outcome {
    let order: Vec<usize> = (0..doc.steps.len()).collect();
    let value = document(doc, &order, requires_all);
    let guideline = Guideline::deserialize(&value).expect("the model holds the document");
    let semantics = Semantics::new(&guideline);
    let ids: Vec<String> = present
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(f, _)| format!("f{f}"))
        .collect();
    let patient = semantics
        .findings_named(ids.iter().map(String::as_str))
        .expect("known findings");
    let playthrough = semantics.play(&patient);
    let play = &playthrough.paths[0];
    Outcome {
        performed: play.steps.iter().map(|s| s.performed()).collect(),
        knowledge: play
            .steps
            .iter()
            .map(|s| (0..doc.findings).map(|f| s.knowledge.contains(f)).collect())
            .collect(),
        followed: play
            .steps
            .iter()
            .zip(&doc.steps)
            .map(|(s, spec)| (0..spec.next.len()).map(|i| s.followed(i)).collect())
            .collect(),
        ended: play
            .steps
            .iter()
            .map(|s| s.ending.map(|ending| ending == Ending::Terminal))
            .collect(),
        treatments: playthrough
            .treatments
            .iter()
            .map(|t| match t.status {
                TreatmentStatus::NotReached => "not-reached",
                TreatmentStatus::NotIndicated => "not-indicated",
                TreatmentStatus::Excluded => "excluded",
                TreatmentStatus::Eligible => "eligible",
            })
            .collect(),
    }
}

fn patient(findings: usize) -> impl Strategy<Value = Vec<bool>> {
    prop::collection::vec(any::<bool>(), findings)
}

proptest! {
    // Fixed cases on every run, as in `properties.rs`; `PROPTEST_CASES` and `PROPTEST_RNG_SEED`
    // explore others.
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn the_implementation_agrees_with_the_specification_read_directly(
        (doc, present) in doc(true, false).prop_flat_map(|doc| { let f = doc.findings; (Just(doc), patient(f)) })
    ) {
        prop_assert_eq!(implementation(&doc, &present, false), reference(&doc, &present));
    }

    #[test]
    fn loops_reach_the_same_least_fixed_point(
        (doc, present) in doc(true, true).prop_flat_map(|doc| { let f = doc.findings; (Just(doc), patient(f)) })
    ) {
        prop_assert_eq!(implementation(&doc, &present, false), reference(&doc, &present));
    }

    #[test]
    fn without_not_more_present_findings_never_perform_fewer_steps_or_follow_fewer_transitions(
        (doc, present, more) in doc(false, true).prop_flat_map(|doc| {
            let f = doc.findings;
            (Just(doc), patient(f), patient(f))
        })
    ) {
        let more: Vec<bool> = present.iter().zip(&more).map(|(a, b)| *a || *b).collect();
        let fewer = implementation(&doc, &present, false);
        let superset = implementation(&doc, &more, false);
        for (step, (before, after)) in fewer.performed.iter().zip(&superset.performed).enumerate() {
            prop_assert!(!before || *after, "step s{} performed with {:?} but not with {:?}", step, present, more);
        }
        // Nor fewer followed transitions (docs/format.md, section 8.5).
        for (step, (before, after)) in fewer.followed.iter().zip(&superset.followed).enumerate() {
            for (index, (was, is)) in before.iter().zip(after).enumerate() {
                prop_assert!(!was || *is, "transition {} of s{} followed with {:?} but not with {:?}", index, step, present, more);
            }
        }
    }

    #[test]
    fn the_order_steps_are_written_in_changes_nothing(
        (doc, present, order) in doc(true, true).prop_flat_map(|doc| {
            let f = doc.findings;
            let order: Vec<usize> = (0..doc.steps.len()).collect();
            (Just(doc), patient(f), Just(order).prop_shuffle())
        })
    ) {
        let performed_ids = |order: &[usize]| -> (Vec<String>, Vec<String>) {
            let value = document(&doc, order, false);
            let guideline = Guideline::deserialize(&value).unwrap();
            let semantics = Semantics::new(&guideline);
            let ids: Vec<String> = present.iter().enumerate().filter(|(_, p)| **p).map(|(f, _)| format!("f{f}")).collect();
            let playthrough = semantics.play(&semantics.findings_named(ids.iter().map(String::as_str)).unwrap());
            let mut performed: Vec<String> = playthrough.paths[0].performed().map(|s| semantics.paths()[0].step_id(s).to_string()).collect();
            performed.sort();
            let statuses = playthrough.treatments.iter().map(|t| t.status.as_str().to_string()).collect();
            (performed, statuses)
        };
        let written: Vec<usize> = (0..doc.steps.len()).collect();
        prop_assert_eq!(performed_ids(&written), performed_ids(&order));
    }
}

proptest! {
    // Each case runs the binary: fewer of them.
    #![proptest_config(crate::properties::config(24))]

    #[test]
    fn simulate_prints_what_the_specification_says(
        (doc, present) in doc(true, false).prop_flat_map(|doc| { let f = doc.findings; (Just(doc), patient(f)) })
    ) {
        let folder = tempfile::tempdir().unwrap();
        let order: Vec<usize> = (0..doc.steps.len()).collect();
        std::fs::write(folder.path().join("random.json"), document(&doc, &order, true).to_string()).unwrap();
        let ids: Vec<String> = present.iter().enumerate().filter(|(_, p)| **p).map(|(f, _)| format!("f{f}")).collect();
        let mut command = crate::common::command(folder.path());
        command.args(["simulate", "random.json", "--format", "json", "--today", "2026-11-26"]);
        if !ids.is_empty() {
            command.args(["--present", &ids.join(",")]);
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        prop_assert_eq!(output.status.code(), Some(0), "{}\n{}", stdout, String::from_utf8_lossy(&output.stderr));
        let printed: Value = serde_json::from_str(&stdout).unwrap();
        let mut requires_all = doc.clone();
        for treatment in &mut requires_all.treatments {
            treatment.requires = true;
        }
        let expected = reference(&requires_all, &present);
        let step_ids = |keep: bool| -> Vec<String> {
            expected.performed.iter().enumerate().filter(|(_, p)| **p == keep).map(|(s, _)| format!("s{s}")).collect()
        };
        prop_assert_eq!(&printed["paths"][0]["performed"], &json!(step_ids(true)));
        prop_assert_eq!(&printed["paths"][0]["not_performed"], &json!(step_ids(false)));
        let ended: Vec<Value> = expected.ended.iter().enumerate().filter_map(|(s, e)| {
            e.map(|terminal| json!({"step": format!("s{s}"), "how": if terminal { "terminal" } else { "incomplete" }}))
        }).collect();
        prop_assert_eq!(&printed["paths"][0]["ended"], &json!(ended));
        let treatments: Vec<Value> = expected.treatments.iter().enumerate()
            .map(|(t, status)| json!({"id": format!("t{t}"), "status": status}))
            .collect();
        prop_assert_eq!(&printed["treatments"], &json!(treatments));
        prop_assert_eq!(&printed["present"], &json!(ids));
    }
}

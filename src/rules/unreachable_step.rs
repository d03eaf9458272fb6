use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{DiagnosisPath};
use crate::paths::{PathGraph, transition_pointer};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a step that no sequence of `next` transitions (conditional or not) leads to from its
    /// path's `entry`. Steps that are unreachable only because an unreachable step leads to them are
    /// listed with that step, in one diagnostic. A path whose `entry` names no step of the path is
    /// skipped here (`unknown-reference` reports the `entry`).
    ///
    /// ## Why it matters
    /// An unreachable step is a test or consultation no patient will get: the repeat scan that should
    /// catch a thrombus the first scan missed, or the review the author meant for the sickest patients.
    /// The guideline reads as if it covers them, while anyone following it, person or software, never
    /// arrives there.
    ///
    /// ## Example
    /// ```json
    /// {"id": "compression-ultrasound", "kind": "imaging", "name": "Proximal leg vein ultrasound", "terminal": true, "confirms": true, "elicits": ["noncompressible-vein", "iliofemoral-thrombus"], "modality": "ultrasound", "sequence": 1},
    /// {"id": "repeat-ultrasound", "kind": "imaging", "name": "Repeat ultrasound after 6 to 8 days", "terminal": true, "confirms": true, "elicits": ["noncompressible-vein", "iliofemoral-thrombus"], "modality": "ultrasound", "sequence": 2}
    /// ```
    /// (no step's `next` leads to `repeat-ultrasound`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "compression-ultrasound", "kind": "imaging", "name": "Proximal leg vein ultrasound", "next": [{"to": "repeat-ultrasound", "when": {"all": [{"finding": "elevated-d-dimer"}, {"not": {"finding": "noncompressible-vein"}}]}}], "terminal": true, "confirms": true, "elicits": ["noncompressible-vein", "iliofemoral-thrombus"], "modality": "ultrasound", "sequence": 1},
    /// {"id": "repeat-ultrasound", "kind": "imaging", "name": "Repeat ultrasound after 6 to 8 days", "terminal": true, "confirms": true, "elicits": ["noncompressible-vein", "iliofemoral-thrombus"], "modality": "ultrasound", "sequence": 2}
    /// ```
    /// (the first scan leads to the repeat when the D-dimer is raised and the scan shows no thrombus)
    pub static UNREACHABLE_STEP = {
        name: "unreachable-step",
        code: "GL201",
        severity: Error,
        summary: "a step not reachable from its path's entry",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path, graph) in context.paths_with_graphs() {
        let Some(reached) = graph.reachable_from_entry() else {
            continue;
        };
        // A second step with an already used id is never a transition's target; `duplicate-id` reports it.
        let unreachable: Vec<bool> = path
            .steps
            .iter()
            .enumerate()
            .map(|(index, step)| !reached[index] && graph.step_index(step.id) == Some(index))
            .collect();
        let misspellings = misspellings(path_index, path, graph, &reached);
        for (head, followers) in regions(graph, &unreachable) {
            let misspelt = misspellings.get(&head);
            diagnostics.push(diagnose(
                context, path_index, path, head, &followers, misspelt,
            ));
        }
    }
    diagnostics
}

/// Groups the unreachable steps so that each is reported once: each group is a step to report and the
/// unreachable steps it leads to that no earlier group holds. Steps no other unreachable step leads to
/// come first, in document order; then, for loops of unreachable steps, the first step not yet grouped.
fn regions(graph: &PathGraph, unreachable: &[bool]) -> Vec<(usize, Vec<usize>)> {
    let count = unreachable.len();
    let mut led_to = vec![false; count];
    for source in (0..count).filter(|&step| unreachable[step]) {
        for edge in graph.edges(source).iter().filter(|edge| edge.to != source) {
            led_to[edge.to] = true;
        }
    }
    let heads = (0..count).filter(|&step| unreachable[step] && !led_to[step]);
    let in_loops = (0..count).filter(|&step| unreachable[step] && led_to[step]);
    let mut covered = vec![false; count];
    let mut regions = Vec::new();
    for head in heads.chain(in_loops) {
        // Heads are never covered: no unreachable step leads to them.
        if covered[head] {
            continue;
        }
        covered[head] = true;
        let mut followers = Vec::new();
        let mut pending = vec![head];
        while let Some(step) = pending.pop() {
            for edge in graph.edges(step) {
                if unreachable[edge.to] && !covered[edge.to] {
                    covered[edge.to] = true;
                    followers.push(edge.to);
                    pending.push(edge.to);
                }
            }
        }
        followers.sort_unstable();
        regions.push((head, followers));
    }
    regions
}

/// For each step, the first transition of a reachable step whose unknown target is closest to that
/// step's id: the likeliest reason the step is unreachable. `(target as written, pointer)`.
fn misspellings<'a>(
    path_index: usize,
    path: &'a DiagnosisPath,
    graph: &PathGraph,
    reached: &[bool],
) -> HashMap<usize, (&'a str, Pointer)> {
    let mut misspellings = HashMap::new();
    let step_ids = path.steps.iter().map(|step| step.id);
    for (index, step) in path.steps.iter().enumerate() {
        if !reached[index] {
            continue;
        }
        for (transition_index, transition) in step.next.iter().enumerate() {
            let target = transition.target();
            if graph.step_index(target).is_some() {
                continue;
            }
            let Some(meant) =
                crate::text::closest(target, step_ids.clone()).and_then(|id| graph.step_index(id))
            else {
                continue;
            };
            misspellings.entry(meant).or_insert_with(|| {
                (
                    target,
                    transition_pointer(path, path_index, index, transition_index),
                )
            });
        }
    }
    misspellings
}

fn diagnose(
    context: &RuleContext<'_>,
    path_index: usize,
    path: &DiagnosisPath,
    head: usize,
    followers: &[usize],
    misspelt: Option<&(&str, Pointer)>,
) -> Diagnostic {
    let id = path.steps.get(head).map_or("", |step| step.id);
    let id_pointer = Pointer::step(path_index, head).key("id");
    let also = match followers {
        [] => String::new(),
        [_] => ", nor is the step it leads to".to_string(),
        more => format!(", nor are the {} steps it leads to", more.len()),
    };
    let mut diagnostic = Diagnostic::new(
        &UNREACHABLE_STEP,
        format!(
            "step `{id}` is not reachable from the entry `{}` of path `{}`{also}",
            path.entry, path.id
        ),
        id_pointer.clone(),
        context.label(&id_pointer, "unreachable step"),
    )
    .with_label(context.label(
        &Pointer::path(path_index).key("entry"),
        "the path starts here",
    ));
    for &follower in followers {
        diagnostic = diagnostic.with_label(context.label(
            &Pointer::step(path_index, follower).key("id"),
            "also unreachable",
        ));
    }
    match misspelt {
        Some((target, pointer)) => diagnostic
            .with_label(context.label(pointer, format!("probably meant `{id}`")))
            .with_help(format!("Correct the transition `{target}` to `{id}`, so that it leads to this step.")),
        None => diagnostic.with_help(format!(
            "Add `{id}` to the `next` of the step that should come before it, or remove the step if no \
             patient should get it."
        )),
    }
}

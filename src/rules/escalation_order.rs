use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Treatment};
use crate::paths::{Edge, PathGraph};
use std::collections::VecDeque;

declare_rule! {
    /// ## What it does
    /// Checks `escalates_from` between treatments: the relation must not loop (a treatment escalating,
    /// directly or through others, from itself), and a treatment must not escalate from a more
    /// invasive one. Invasiveness rises from `conservative` to `pharmacological`, `rehabilitation`,
    /// `interventional` and `surgical`; escalating within a category is fine. A loop is reported once,
    /// labelling each of its treatments; ids that name no treatment are left to `unknown-reference`.
    ///
    /// ## Why it matters
    /// Escalation tells the clinician what to try first and what comes next when it fails: for a
    /// hematoma, for example, rest and correcting anticoagulation before embolization, and
    /// embolization before open surgery. A loop leaves no starting point, and an escalation from a more invasive
    /// treatment reverses the ladder, suggesting the riskier option before the safer one.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "id": "anticoagulant-review",
    ///   "name": "Review and reversal of anticoagulation",
    ///   "category": "pharmacological",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Pause or reverse the anticoagulant"}],
    ///   "escalates_from": ["embolization"],
    ///   "addresses": ["anticoagulation"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    /// (where `embolization` is an `interventional` treatment)
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "id": "anticoagulant-review",
    ///   "name": "Review and reversal of anticoagulation",
    ///   "category": "pharmacological",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Pause or reverse the anticoagulant"}],
    ///   "escalates_from": ["supportive-care"],
    ///   "addresses": ["anticoagulation"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    /// (where `supportive-care` is a `conservative` treatment)
    pub static ESCALATION_ORDER = {
        name: "escalation-order",
        code: "GL405",
        severity: Error,
        summary: "`escalates_from` forming a cycle, or escalating to a less invasive category",
    }
}

fn entry_pointer(treatment: usize, entry: usize) -> Pointer {
    Pointer::treatment(treatment).key("escalates_from").index(entry)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let treatments = &context.guideline.treatments;
    // Treatments as a graph: an edge per treatment a treatment escalates from, whose `transition` is
    // the index of its `escalates_from` entry.
    let escalations = PathGraph::from_lists(
        treatments,
        |treatment| treatment.id,
        |treatment| treatment.escalates_from.iter().copied(),
        None,
    );
    let reach: Vec<Vec<bool>> = (0..treatments.len())
        .map(|start| escalations.reachable_after(start))
        .collect();
    let mutual = |a: usize, b: usize| reach[a][b] && reach[b][a];

    let mut diagnostics = Vec::new();
    // Loops: one diagnostic per group of treatments that escalate from each other.
    let mut reported = vec![false; treatments.len()];
    for start in 0..treatments.len() {
        if reported[start] || !reach[start][start] {
            continue;
        }
        for (member, done) in reported.iter_mut().enumerate() {
            *done |= mutual(start, member);
        }
        if let Some(cycle) = shortest_loop(&escalations, start, |member| mutual(start, member)) {
            diagnostics.extend(loop_diagnostic(context, treatments, &cycle));
        }
    }
    // Order: escalating from a more invasive category, outside loops (already reported).
    for (from, treatment) in treatments.iter().enumerate() {
        // Every entry, a repeated one too; the graph keeps one edge per treatment escalated from.
        for (entry, id) in treatment.escalates_from.iter().enumerate() {
            let Some(to) = escalations.step_index(id) else {
                continue;
            };
            let previous = &treatments[to];
            if previous.category <= treatment.category || mutual(from, to) {
                continue;
            }
            let pointer = entry_pointer(from, entry);
            diagnostics.push(
                Diagnostic::new(
                    &ESCALATION_ORDER,
                    format!(
                        "{} treatment `{}` escalates from `{}`, a more invasive {} treatment",
                        treatment.category.as_str(),
                        treatment.id,
                        previous.id,
                        previous.category.as_str()
                    ),
                    pointer.clone(),
                    context.label(&pointer, "more invasive treatment"),
                )
                .with_label(context.label(
                    &Pointer::treatment(to).key("category"),
                    format!("`{}` is {}", previous.id, previous.category.as_str()),
                ))
                .with_help(format!(
                    "Escalate from less to more invasive care: remove `{}` from this list, or, if `{}` is tried first, \
                     list it in the `escalates_from` of `{}` instead.",
                    previous.id, treatment.id, previous.id
                )),
            );
        }
    }
    diagnostics
}

/// The shortest loop from `start` back to itself through treatments for which `member` holds, as
/// `(treatment, escalation)` pairs in order. Iterative, so no input can exhaust the stack.
fn shortest_loop(
    escalations: &PathGraph,
    start: usize,
    member: impl Fn(usize) -> bool,
) -> Option<Vec<(usize, Edge)>> {
    let mut reached_from: Vec<Option<(usize, Edge)>> = vec![None; escalations.len()];
    let mut pending = VecDeque::from([start]);
    while let Some(treatment) = pending.pop_front() {
        for &escalation in escalations.edges(treatment) {
            if escalation.to == start {
                let mut cycle = vec![(treatment, escalation)];
                let mut current = treatment;
                while current != start {
                    let (previous, step) = reached_from[current]?;
                    cycle.push((previous, step));
                    current = previous;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if member(escalation.to) && reached_from[escalation.to].is_none() {
                reached_from[escalation.to] = Some((treatment, escalation));
                pending.push_back(escalation.to);
            }
        }
    }
    None
}

/// One diagnostic for a loop, starting at the entry that escalates from the most invasive
/// treatment relative to its own category (the likeliest mistake), else at the loop's first entry.
fn loop_diagnostic(
    context: &RuleContext<'_>,
    treatments: &[Treatment],
    cycle: &[(usize, Edge)],
) -> Option<Diagnostic> {
    let id = |index: usize| treatments[index].id;
    let label = |&(from, escalation): &(usize, Edge)| {
        context.label(
            &entry_pointer(from, escalation.transition),
            format!("escalates from `{}`", id(escalation.to)),
        )
    };
    let downgrade = |&(from, escalation): &(usize, Edge)| {
        (treatments[escalation.to].category as i32) - (treatments[from].category as i32)
    };
    let start = (0..cycle.len())
        .rev()
        .max_by_key(|&position| downgrade(&cycle[position]))
        .unwrap_or(0);
    let rotated: Vec<(usize, Edge)> = cycle[start..]
        .iter()
        .chain(&cycle[..start])
        .copied()
        .collect();
    let (first, rest) = rotated.split_first()?;
    let message = if rest.is_empty() {
        format!("treatment `{}` escalates from itself", id(first.0))
    } else {
        let mut message = format!(
            "escalation loop: `{}` escalates from `{}`",
            id(first.0),
            id(first.1.to)
        );
        for (_, escalation) in rest {
            message.push_str(&format!(", which escalates from `{}`", id(escalation.to)));
        }
        message
    };
    let help = if downgrade(first) > 0 {
        format!(
            "Remove `{}` from the `escalates_from` of `{}`, the less invasive of the two: escalation runs one way, \
             from the treatment tried first to the one tried when it fails.",
            id(first.1.to),
            id(first.0)
        )
    } else {
        "Remove the `escalates_from` entry that leads back: escalation runs one way, from the treatment tried first \
         to the one tried when it fails."
            .to_string()
    };
    let mut diagnostic = Diagnostic::new(
        &ESCALATION_ORDER,
        message,
        entry_pointer(first.0, first.1.transition),
        label(first),
    )
    .with_help(help);
    for step in rest {
        diagnostic = diagnostic.with_label(label(step));
    }
    Some(diagnostic)
}

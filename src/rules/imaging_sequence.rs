use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::{DiagnosisPath, StepKind};
use crate::paths::PathGraph;

declare_rule! {
    /// ## What it does
    /// Checks the `sequence` numbers of the imaging steps of each diagnosis path: they must be
    /// unique, run from 1 to the number of imaging steps in the path, and follow the transitions:
    /// when imaging step A can lead to imaging step B through `next`, A's number must be lower than
    /// B's. Order is judged along the transitions, not by position in the `steps` array. Imaging
    /// steps that lead to each other in a loop are left to `cycle`.
    ///
    /// ## Why it matters
    /// The sequence is the imaging ladder a reader sees at a glance: ultrasound first, cross-sectional
    /// imaging next, invasive angiography last. When the numbers say one order and the transitions
    /// another, a clinician following the numbers may skip the cheaper, radiation-free study, or order
    /// an invasive one before a non-invasive study has answered the question.
    ///
    /// ## Example
    /// ```json
    /// {"id": "ct-scan", "kind": "imaging", "name": "Contrast CT", "next": [{"to": "angiography", "when": {"finding": "active-bleeding"}}], "terminal": true, "confirms": true, "elicits": ["active-bleeding"], "modality": "ct", "sequence": 3, "contrast": true},
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "when": {"finding": "active-bleeding"}, "terminal": true, "confirms": true, "modality": "angiography", "sequence": 2}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "ct-scan", "kind": "imaging", "name": "Contrast CT", "next": [{"to": "angiography", "when": {"finding": "active-bleeding"}}], "terminal": true, "confirms": true, "elicits": ["active-bleeding"], "modality": "ct", "sequence": 2, "contrast": true},
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "when": {"finding": "active-bleeding"}, "terminal": true, "confirms": true, "modality": "angiography", "sequence": 3}
    /// ```
    pub static IMAGING_SEQUENCE = {
        name: "imaging-sequence",
        code: "GL301",
        severity: Error,
        summary: "imaging sequence numbers not unique, not 1..n, or contradicting transition order",
        fix: Sometimes "When the transitions put all imaging steps of a path in one order (each leads to the next), the steps are renumbered 1 to n in that order. The fix is safe: the numbers follow from the transitions. When two imaging steps are on parallel branches, or loop, the order is the author's call and there is no fix.",
    }
}

/// An imaging step of one path: its index in `steps` and its `sequence`.
#[derive(Debug, Clone, Copy)]
struct ImagingStep {
    step: usize,
    sequence: u64,
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path, graph) in context.paths_with_graphs() {
        let imaging: Vec<ImagingStep> = path
            .steps
            .iter()
            .enumerate()
            .filter(|(_, step)| step.kind == StepKind::Imaging)
            .filter_map(|(step, imaging)| {
                imaging
                    .sequence
                    .map(|sequence| ImagingStep { step, sequence })
            })
            .collect();
        let order = Order::new(graph, &imaging);
        let mut found = Vec::new();
        check_numbering(context, path_index, path, &imaging, &mut found);
        check_order(context, path_index, path, &order, &imaging, &mut found);
        if found.is_empty() {
            continue;
        }
        // One renumbering fixes every diagnostic of the path; each offers it.
        let fix = renumbering(context, path_index, path, &order, &imaging);
        diagnostics.extend(
            found
                .into_iter()
                .map(|diagnostic| diagnostic.with_fix(fix.clone())),
        );
    }
    diagnostics
}

/// Numbers the imaging steps of a path 1 to n in the order their transitions impose, when they
/// impose one order on all of them: of any two imaging steps, one leads to the other and not back.
/// Steps on parallel branches, or in a loop, have no order that follows from the document.
fn renumbering(
    context: &RuleContext<'_>,
    path_index: usize,
    path: &DiagnosisPath,
    order: &Order,
    imaging: &[ImagingStep],
) -> Option<Fix> {
    let imaging_steps = path
        .steps
        .iter()
        .filter(|step| step.kind == StepKind::Imaging)
        .count();
    if imaging_steps != imaging.len() {
        return None;
    }
    let leads_to = |from, to| order.leads_to(from, to);
    let mut edits = Vec::new();
    for (index, current) in imaging.iter().enumerate() {
        let mut earlier = 0;
        for other in (0..imaging.len()).filter(|other| *other != index) {
            match (leads_to(other, index), leads_to(index, other)) {
                (true, false) => earlier += 1,
                (false, true) => {}
                // Parallel branches, or a loop: no order follows from the transitions.
                _ => return None,
            }
        }
        let number = earlier as u64 + 1;
        if current.sequence != number {
            let pointer = sequence_pointer(path_index, current.step);
            edits.push(Edit::replace(context.span(&pointer), number.to_string()));
        }
    }
    let title = match imaging {
        [only] => format!(
            "Give `{}`, the only imaging step of path `{}`, sequence 1",
            path.steps[only.step].id, path.id
        ),
        _ => format!(
            "Renumber the imaging steps of path `{}` 1 to {} in the order of their transitions",
            path.id,
            imaging.len()
        ),
    };
    (!edits.is_empty()).then(|| Fix::safe(title, edits))
}

fn sequence_pointer(path_index: usize, step: usize) -> Pointer {
    Pointer::step(path_index, step).key("sequence")
}

/// Unique numbers from 1 to the number of imaging steps.
fn check_numbering(
    context: &RuleContext<'_>,
    path_index: usize,
    path: &DiagnosisPath,
    imaging: &[ImagingStep],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let count = imaging.len() as u64;
    let in_range = |sequence: u64| (1..=count).contains(&sequence);
    let unused: Vec<String> = (1..=count)
        .filter(|number| !imaging.iter().any(|imaging| imaging.sequence == *number))
        .map(|number| number.to_string())
        .collect();
    let unused = match unused.len() {
        0 => String::new(),
        1 => format!(" ({} is unused)", and_list(&unused)),
        _ => format!(" ({} are unused)", and_list(&unused)),
    };
    let steps = if count == 1 {
        "imaging step"
    } else {
        "imaging steps"
    };
    for (position, current) in imaging.iter().enumerate() {
        let id = &path.steps[current.step].id;
        // Pointers and help are built only for a step that gets a diagnostic.
        let pointer = || sequence_pointer(path_index, current.step);
        let help = || {
            format!(
                "Number the imaging steps of path `{}` from 1 to {count}, each step its own number, in the order the \
                 transitions reach them{unused}.",
                path.id
            )
        };
        if !in_range(current.sequence) {
            let pointer = pointer();
            diagnostics.push(
                Diagnostic::new(
                    &IMAGING_SEQUENCE,
                    format!(
                        "imaging step `{id}` has sequence {}, but path `{}` has {count} {steps}",
                        current.sequence, path.id
                    ),
                    pointer.clone(),
                    context.label(&pointer, format!("not between 1 and {count}")),
                )
                .with_help(help()),
            );
        } else if let Some(first) = imaging[..position]
            .iter()
            .find(|earlier| earlier.sequence == current.sequence)
        {
            let pointer = pointer();
            diagnostics.push(
                Diagnostic::new(
                    &IMAGING_SEQUENCE,
                    format!(
                        "imaging steps `{}` and `{id}` both have sequence {} in path `{}`",
                        path.steps[first.step].id, current.sequence, path.id
                    ),
                    pointer.clone(),
                    context.label(&pointer, "used again"),
                )
                .with_label(
                    context.label(&sequence_pointer(path_index, first.step), "first used here"),
                )
                .with_help(help()),
            );
        }
    }
}

/// Which imaging steps of a path lead to which, through the transitions.
struct Order {
    /// For each imaging step (by its index among them), the imaging steps it leads to.
    leads_to: Vec<Vec<bool>>,
}

impl Order {
    fn new(graph: &PathGraph, imaging: &[ImagingStep]) -> Self {
        let leads_to = imaging
            .iter()
            .map(|from| {
                let reachable = graph.reachable_after(from.step);
                imaging
                    .iter()
                    .map(|to| reachable.get(to.step).copied().unwrap_or(false))
                    .collect()
            })
            .collect();
        Order { leads_to }
    }

    /// Whether imaging step `from` leads to imaging step `to` (indexes among the imaging steps).
    fn leads_to(&self, from: usize, to: usize) -> bool {
        self.leads_to[from][to]
    }
}

/// A step's number is lower than that of every imaging step its transitions lead to.
fn check_order(
    context: &RuleContext<'_>,
    path_index: usize,
    path: &DiagnosisPath,
    order: &Order,
    imaging: &[ImagingStep],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let leads_to = |from, to| order.leads_to(from, to);
    for (earlier_index, earlier) in imaging.iter().enumerate() {
        // Equal numbers are reported as duplicates; steps in a loop have no order (`cycle` reports it).
        let conflicts: Vec<&ImagingStep> = imaging
            .iter()
            .enumerate()
            .filter(|(later_index, later)| {
                later.sequence < earlier.sequence
                    && leads_to(earlier_index, *later_index)
                    && !leads_to(*later_index, earlier_index)
            })
            .map(|(_, later)| later)
            .collect();
        if conflicts.is_empty() {
            continue;
        }
        let id = &path.steps[earlier.step].id;
        let listed: Vec<String> = conflicts
            .iter()
            .map(|later| {
                format!(
                    "`{}` (sequence {})",
                    path.steps[later.step].id, later.sequence
                )
            })
            .collect();
        let listed = and_list(&listed);
        let pointer = sequence_pointer(path_index, earlier.step);
        let mut diagnostic = Diagnostic::new(
            &IMAGING_SEQUENCE,
            format!("imaging step `{id}` has sequence {}, but {listed} can follow it", earlier.sequence),
            pointer.clone(),
            context.label(&pointer, "higher than a later step's"),
        )
        .with_help(format!(
            "Renumber the imaging steps of path `{}` so that `{id}` has a lower sequence than every imaging step its \
             transitions lead to.",
            path.id
        ));
        for later in conflicts {
            diagnostic = diagnostic.with_label(context.label(
                &sequence_pointer(path_index, later.step),
                format!("sequence {}, done later", later.sequence),
            ));
        }
        diagnostics.push(diagnostic);
    }
}

use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
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
    /// {"id": "ct-scan", "kind": "imaging", "name": "Contrast CT", "modality": "ct", "sequence": 3, "contrast": true,
    ///  "elicits": ["active-bleeding"], "next": [{"to": "angiography", "when": {"finding": "active-bleeding"}}], "terminal": true, "confirms": true},
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "modality": "angiography", "sequence": 2,
    ///  "when": {"finding": "active-bleeding"}, "terminal": true, "confirms": true}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "ct-scan", "kind": "imaging", "name": "Contrast CT", "modality": "ct", "sequence": 2, "contrast": true,
    ///  "elicits": ["active-bleeding"], "next": [{"to": "angiography", "when": {"finding": "active-bleeding"}}], "terminal": true, "confirms": true},
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "modality": "angiography", "sequence": 3,
    ///  "when": {"finding": "active-bleeding"}, "terminal": true, "confirms": true}
    /// ```
    pub static IMAGING_SEQUENCE = {
        name: "imaging-sequence",
        code: "GL301",
        severity: Error,
        summary: "imaging sequence numbers not unique, not 1..n, or contradicting transition order",
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
        check_numbering(context, path_index, path, &imaging, &mut diagnostics);
        check_order(context, path_index, path, graph, &imaging, &mut diagnostics);
    }
    diagnostics
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

/// A step's number is lower than that of every imaging step its transitions lead to.
fn check_order(
    context: &RuleContext<'_>,
    path_index: usize,
    path: &DiagnosisPath,
    graph: &PathGraph,
    imaging: &[ImagingStep],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let reach: Vec<Vec<bool>> = imaging
        .iter()
        .map(|imaging| graph.reachable_after(imaging.step))
        .collect();
    let leads_to =
        |from: usize, to: usize| reach[from].get(imaging[to].step).copied().unwrap_or(false);
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

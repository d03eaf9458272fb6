use super::RuleContext;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Modality, Step, StepKind, step_pointer};

declare_rule! {
    /// ## What it does
    /// Checks every angiography step: it must have a step-level `when` (a `when` on the transition
    /// into it does not count), and every route from the path's `entry` to it along `next`
    /// transitions must pass an earlier non-invasive imaging step (ultrasound, CT, MRI or
    /// radiograph). Routes are shown in the message.
    ///
    /// ## Why it matters
    /// Angiography is invasive: an arterial puncture, contrast medium and radiation, with risks of
    /// bleeding at the access site, vessel injury and contrast reactions. It is justified when
    /// non-invasive imaging has shown a hematoma and raised the suspicion of active bleeding. A step
    /// without a `when` reads as "always do angiography", and a route that reaches it directly sends
    /// patients to the invasive study before a non-invasive one.
    ///
    /// ## Example
    /// ```json
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "modality": "angiography", "sequence": 3,
    ///  "terminal": true}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "modality": "angiography", "sequence": 3,
    ///  "when": {"finding": "active-bleeding"}, "terminal": true}
    /// ```
    pub static IMAGING_ESCALATION = {
        name: "imaging-escalation",
        code: "GL302",
        severity: Error,
        summary: "angiography with no `when`, or reachable without an earlier non-invasive imaging step",
    }
}

/// Ultrasound, CT, MRI and radiographs: every imaging modality except angiography.
fn is_non_invasive_imaging(step: &Step) -> bool {
    step.kind == StepKind::Imaging
        && step
            .modality
            .is_some_and(|modality| modality != Modality::Angiography)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path, graph) in context.paths_with_graphs() {
        for (step_index, step) in path.steps.iter().enumerate() {
            if step.kind != StepKind::Imaging || step.modality != Some(Modality::Angiography) {
                continue;
            }
            let base = step_pointer(path_index, step_index);
            let modality = format!("{base}/modality");
            if step.when.is_none() {
                let id = format!("{base}/id");
                diagnostics.push(
                    Diagnostic::new(
                        &IMAGING_ESCALATION,
                        format!("angiography step `{}` has no `when` condition", step.id),
                        id.as_str(),
                        context.label(&id, "no `when`"),
                    )
                    .with_label(context.label(&modality, "invasive imaging"))
                    .with_help(
                        "Add a step-level `when` naming the finding that calls for angiography (such as suspected \
                         active bleeding on earlier imaging); a `when` on the transition into the step does not count.",
                    ),
                );
            }
            let clears = |step: usize| path.steps.get(step).is_some_and(is_non_invasive_imaging);
            if let Some(route) = graph.route_avoiding(step_index, clears) {
                diagnostics.push(
                    Diagnostic::new(
                        &IMAGING_ESCALATION,
                        format!(
                            "angiography step `{}` can be reached without earlier non-invasive imaging: {}",
                            step.id,
                            route.describe(path)
                        ),
                        modality.as_str(),
                        context.label(&modality, "angiography before ultrasound, CT or MRI"),
                    )
                    .with_label(context.route_label(path, path_index, &route))
                    .with_help(format!(
                        "Make every route to `{}` pass an ultrasound, CT, MRI or radiograph step first, so that the \
                         invasive study follows a non-invasive one.",
                        step.id
                    )),
                );
            }
        }
    }
    diagnostics
}

use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Modality, Step, StepKind};

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
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "terminal": true, "confirms": true, "modality": "angiography", "sequence": 3}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "angiography", "kind": "imaging", "name": "Catheter angiography", "when": {"finding": "active-bleeding"}, "terminal": true, "confirms": true, "modality": "angiography", "sequence": 3}
    /// ```
    pub static IMAGING_ESCALATION = {
        name: "imaging-escalation",
        code: "GL302",
        severity: Error,
        summary: "angiography with no `when`, or reachable without an earlier non-invasive imaging step",
        profile: Bleeding,
    }
}

/// Ultrasound, CT, MRI and radiographs: every imaging modality except angiography.
fn is_non_invasive_imaging(step: &Step) -> bool {
    step.kind == StepKind::Imaging
        && step
            .modality
            .is_some_and(|modality| modality != Modality::Angiography)
}

fn is_angiography(step: &Step) -> bool {
    step.kind == StepKind::Imaging && step.modality == Some(Modality::Angiography)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path) in context.guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            if !is_angiography(step) || step.when.is_some() {
                continue;
            }
            let base = Pointer::step(path_index, step_index);
            let id = base.clone().key("id");
            diagnostics.push(
                Diagnostic::new(
                    &IMAGING_ESCALATION,
                    format!("angiography step `{}` has no `when` condition", step.id),
                    id.clone(),
                    context.label(&id, "no `when`"),
                )
                .with_label(context.label(&base.key("modality"), "invasive imaging"))
                .with_help(
                    "Add a step-level `when` naming the finding that calls for angiography (such as suspected \
                     active bleeding on earlier imaging); a `when` on the transition into the step does not count.",
                ),
            );
        }
    }
    for found in context.targets_reached_avoiding(is_angiography, is_non_invasive_imaging) {
        let modality = Pointer::step(found.path_index, found.step_index).key("modality");
        diagnostics.push(
            Diagnostic::new(
                &IMAGING_ESCALATION,
                format!(
                    "angiography step `{}` can be reached without earlier non-invasive imaging: {}",
                    found.step.id,
                    found.route.describe(found.path)
                ),
                modality.clone(),
                context.label(&modality, "angiography before ultrasound, CT or MRI"),
            )
            .with_label(context.route_label(found.path, found.path_index, &found.route))
            .with_help(format!(
                "Make every route to `{}` pass an ultrasound, CT, MRI or radiograph step first, so that the \
                 invasive study follows a non-invasive one.",
                found.step.id
            )),
        );
    }
    diagnostics
}

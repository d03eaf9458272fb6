use super::RuleContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Basis, Status};
use crate::pointer::Pointer;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports content (a step, a transition written as an object, a finding, a risk factor or a
    /// treatment) whose `basis` is `source` or `consensus` but that has no `evidence`. It is a
    /// warning in a draft and an error in a guideline whose `status` is `active`.
    ///
    /// ## Why it matters
    /// A reviewer must be able to tell what a guideline takes from its sources, what it adds from
    /// established practice, and what its authors decided. Content said to come from a source, or
    /// from published consensus, that names no source cannot be checked against it: a clinician
    /// cannot look up why the step is there, and a later review cannot tell whether it still holds.
    ///
    /// ## Example
    /// ```json
    /// {"id": "embolization", "name": "Transcatheter arterial embolization", "category": "interventional", "requires": ["suspected-hematoma"], "actions": [{"name": "Embolize the bleeding artery"}], "basis": "consensus"}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "embolization", "name": "Transcatheter arterial embolization", "category": "interventional", "requires": ["suspected-hematoma"], "actions": [{"name": "Embolize the bleeding artery"}], "evidence": ["overview-2023"], "basis": "consensus"}
    /// ```
    pub static UNSUPPORTED_CONTENT = {
        name: "unsupported-content",
        code: "GL505",
        severity: Warning,
        summary: "content with `basis` `source` or `consensus` and no `evidence` (an error in an active guideline)",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    // (what the content is, its object, its basis, its evidence)
    let mut content: Vec<(String, Pointer, Option<Basis>, bool)> = Vec::new();
    for (index, risk_factor) in guideline.risk_factors.iter().enumerate() {
        content.push((
            format!("risk factor `{}`", risk_factor.id),
            Pointer::risk_factor(index),
            risk_factor.basis,
            risk_factor.evidence.is_empty(),
        ));
    }
    for (index, finding) in guideline.findings.iter().enumerate() {
        content.push((
            format!("finding `{}`", finding.id),
            Pointer::finding(index),
            finding.basis,
            finding.evidence.is_empty(),
        ));
    }
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            content.push((
                format!("step `{}`", step.id),
                Pointer::step(path_index, step_index),
                step.basis,
                step.evidence.is_empty(),
            ));
            for (index, transition) in step.next.iter().enumerate() {
                content.push((
                    format!(
                        "the transition from `{}` to `{}`",
                        step.id,
                        transition.target()
                    ),
                    Pointer::transition(path_index, step_index, index),
                    transition.basis(),
                    transition.evidence().is_empty(),
                ));
            }
        }
    }
    for (index, treatment) in guideline.treatments.iter().enumerate() {
        content.push((
            format!("treatment `{}`", treatment.id),
            Pointer::treatment(index),
            treatment.basis,
            treatment.evidence.is_empty(),
        ));
    }
    let active = guideline.status == Status::Active;
    content
        .into_iter()
        .filter_map(|(what, owner, basis, no_evidence)| {
            let basis = basis.filter(|basis| basis.needs_evidence() && no_evidence)?;
            let pointer = owner.key("basis");
            let mut diagnostic = Diagnostic::new(
                &UNSUPPORTED_CONTENT,
                format!(
                    "{what} has basis `{}` but no `evidence`",
                    basis.as_str()
                ),
                pointer.clone(),
                context.label(&pointer, "no source cited"),
            )
            .with_help(format!(
                "Add `evidence` naming the sources in `provenance.sources` that {} (a published guideline by \
                 title, publisher and year), or set `basis` to `local` if it is the authors' own decision.",
                match basis {
                    Basis::Source => "state it",
                    _ => "establish this practice",
                }
            ));
            if active {
                // An active guideline is in clinical use: its claims must be traceable now.
                diagnostic.severity = Severity::Error;
            }
            Some(diagnostic)
        })
        .collect()
}

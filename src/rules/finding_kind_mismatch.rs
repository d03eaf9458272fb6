use super::RuleContext;
use crate::diagnostic::Diagnostic;
use crate::model::{FindingKind, StepKind};
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::model::IdKind;
use crate::text::{a_or_an, or_list};

declare_rule! {
    /// ## What it does
    /// Reports a step that `elicits` a finding of a kind that steps of its kind cannot establish.
    /// A history establishes symptoms and history; an examination, signs and symptoms; a
    /// laboratory step, laboratory results; imaging, imaging results; a diagnostic procedure,
    /// signs, laboratory results and imaging results; a consultation, any kind of finding. The
    /// label is on the `elicits` entry.
    ///
    /// ## Why it matters
    /// A finding's kind says how it is known: a sign is seen or felt by an examiner, a laboratory
    /// result is measured. When a step claims a finding it cannot produce (a laboratory panel
    /// that "elicits" a pulsatile mass), either the finding is listed at the wrong step, so the
    /// pathway believes something is known before anyone has looked for it, or its kind is wrong,
    /// and every decision that reads it is built on a mislabeled fact.
    ///
    /// ## Example
    /// ```json
    /// "elicits": ["anemia", "uncorrected-coagulopathy", "thigh-weakness"]
    /// ```
    /// (in the laboratory step `blood-tests`, where `thigh-weakness` is a `sign`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "examination", "kind": "examination", "name": "Hip and neurological examination", "next": ["blood-tests"], "elicits": ["hip-flexion-pain", "thigh-weakness", "pulsatile-mass"]}
    /// ```
    /// (the examination establishes the sign; the laboratory step elicits only `anemia` and `uncorrected-coagulopathy`)
    pub static FINDING_KIND_MISMATCH = {
        name: "finding-kind-mismatch",
        code: "GL706",
        severity: Warning,
        summary: "a step that elicits a finding of a kind it cannot establish",
        fix: None "Whether the finding belongs to another step or has the wrong `kind` is for the authors to say.",
    }
}

/// Whether a step of kind `step` can establish a finding of kind `finding`.
pub(super) fn establishes(step: StepKind, finding: FindingKind) -> bool {
    use FindingKind::*;
    match step {
        StepKind::History => matches!(finding, Symptom | History),
        StepKind::Examination => matches!(finding, Sign | Symptom),
        StepKind::Laboratory => finding == LabResult,
        StepKind::Imaging => finding == ImagingResult,
        StepKind::Procedure => matches!(finding, Sign | LabResult | ImagingResult),
        StepKind::Consultation => true,
    }
}

/// The kinds of step that establish a finding of kind `finding`, consultations left out (they
/// establish anything), as a reader says them: "an examination or a procedure".
pub(super) fn steps_establishing(finding: FindingKind) -> String {
    const KINDS: [(StepKind, &str); 5] = [
        (StepKind::History, "a history"),
        (StepKind::Examination, "an examination"),
        (StepKind::Laboratory, "a laboratory"),
        (StepKind::Imaging, "an imaging"),
        (StepKind::Procedure, "a procedure"),
    ];
    let kinds: Vec<String> = KINDS
        .iter()
        .filter(|(step, _)| establishes(*step, finding))
        .map(|(_, name)| name.to_string())
        .collect();
    or_list(&kinds)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    let mut diagnostics = Vec::new();
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            for (entry, id) in step.elicits.iter().enumerate() {
                let Some((finding_index, finding)) = context
                    .definitions_of(id)
                    .find(|definition| definition.kind == IdKind::Finding)
                    .and_then(|definition| {
                        Some((definition.index, guideline.findings.get(definition.index)?))
                    })
                else {
                    // `unknown-reference` reports it.
                    continue;
                };
                if establishes(step.kind, finding.kind) {
                    continue;
                }
                let kind = finding.kind.as_str();
                let step_kind = step.kind.as_str();
                let pointer = Pointer::step(path_index, step_index)
                    .key("elicits")
                    .index(entry);
                let kind_pointer = Pointer::finding(finding_index).key("kind");
                diagnostics.push(
                    Diagnostic::new(
                        &FINDING_KIND_MISMATCH,
                        format!(
                            "step `{}` is {} step and elicits `{id}`, a finding of kind `{kind}`, which {} step cannot establish",
                            step.id,
                            a_or_an(step_kind),
                            a_or_an(step_kind),
                        ),
                        pointer.clone(),
                        context.label(&pointer, format!("`{id}` is {}", a_or_an(kind))),
                    )
                    .with_label(context.label(&kind_pointer, format!("declared {} here", a_or_an(kind))))
                    .with_help(format!(
                        "A finding of kind `{kind}` is established by {} step (or a consultation): elicit `{id}` at such a step, or correct the `kind` of `{id}` or of step `{}` if it is wrong.",
                        steps_establishing(finding.kind),
                        step.id
                    )),
                );
            }
        }
    }
    diagnostics
}

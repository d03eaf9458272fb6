use super::RuleContext;
use crate::diagnostic::Diagnostic;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::semantics::explain::Explainer;
use crate::semantics::{Combination, Search, Semantics, Valuation};
use crate::text::and_list;

declare_rule! {
    /// ## What it does
    /// Reports a step that is not `terminal` and whose transitions are all conditional, when
    /// some patient reaches the step and follows none of them: the patient's branch ends there,
    /// `incomplete` (docs/format.md, section 8.6). The message gives such a combination: the
    /// values of the findings the transitions test, as known at the step, and the help one
    /// patient who ends there, whom `guidelint simulate --present ...` plays step by step.
    ///
    /// The answer is exact: every patient is considered, along the routes that reach the step,
    /// with what each route makes known and the conditions on the way (a combination no route
    /// can bring to the step is not reported). A step without transitions is left to
    /// `dead-end`, and one with a transition whose condition is always false to
    /// `contradictory-condition`. Beyond a budget of about a million judgements the search gives up and the
    /// rule says nothing about the step (docs/format.md, section 5.4).
    ///
    /// ## Why it matters
    /// Where the guideline stops deciding, the clinician is left with a result and no next step:
    /// the patient whose ultrasound shows nothing is neither discharged nor sent on to the
    /// examination that could find the cause. Each decision should cover every patient who can
    /// reach it, or say with `terminal` that the workup may end there.
    ///
    /// ## Example
    /// ```json
    /// {"id": "ultrasound", "kind": "imaging", "name": "Hip ultrasound", "next": [{"to": "ct-angiography", "when": {"finding": "hematoma-seen"}}, {"to": "follow-up", "when": {"all": [{"not": {"finding": "hematoma-seen"}}, {"finding": "anemia"}]}}], "confirms": true, "elicits": ["hematoma-seen"], "modality": "ultrasound", "sequence": 1}
    /// ```
    /// (a patient with neither a hematoma nor anemia is left at the ultrasound)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "ultrasound", "kind": "imaging", "name": "Hip ultrasound", "next": [{"to": "ct-angiography", "when": {"finding": "hematoma-seen"}}, {"to": "follow-up", "when": {"not": {"finding": "hematoma-seen"}}}], "confirms": true, "elicits": ["hematoma-seen"], "modality": "ultrasound", "sequence": 1}
    /// ```
    pub static INCOMPLETE_DECISION = {
        name: "incomplete-decision",
        code: "GL705",
        severity: Warning,
        summary: "a non-terminal step after which, for some combination of findings, no transition is followed",
        fix: None "Where the patients left out should go, or whether the path may end there, is a clinical decision.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let semantics = context.semantics();
    let mut diagnostics = Vec::new();
    for (path_index, path) in semantics.paths().iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            // Without transitions the step is `dead-end`'s; with an unconditional one every
            // patient goes on.
            if step.step.terminal
                || step.transitions.is_empty()
                || step.transitions.iter().any(|transition| transition.when.is_none())
            {
                continue;
            }
            // A transition whose condition is false for every patient is
            // `contradictory-condition`'s: the decision is judged once it is corrected, rather
            // than reported twice for one mistake.
            if step.transitions.iter().any(|transition| {
                transition.when.as_ref().is_some_and(|formula| {
                    formula.is_contradictory(semantics.finding_count(), semantics.budget())
                })
            }) {
                continue;
            }
            if let Search::Found(patient) = path.patient_ending_at(step_index, semantics.budget()) {
                diagnostics.push(diagnostic(
                    context,
                    semantics,
                    path_index,
                    step_index,
                    &patient,
                ));
            }
        }
    }
    diagnostics
}

fn diagnostic(
    context: &RuleContext<'_>,
    semantics: &Semantics<'_>,
    path_index: usize,
    step_index: usize,
    patient: &Combination,
) -> Diagnostic {
    let path = &semantics.paths()[path_index];
    let step = &path.steps[step_index];
    let step_id = step.step.id;
    let mut present = semantics.no_findings();
    for finding in patient.present() {
        present.insert(finding);
    }
    let playthrough = semantics.play(&present);
    let explainer = Explainer::new(semantics, &playthrough);
    let knowledge = playthrough
        .paths
        .get(path_index)
        .and_then(|play| play.steps.get(step_index))
        .map(|outcome| outcome.knowledge.clone())
        .unwrap_or_else(|| semantics.no_findings());
    // The findings that keep each transition from being followed, as `simulate` names them.
    let valuation = Valuation::new(&knowledge, &present);
    let mut deciding: Vec<usize> = Vec::new();
    for transition in &step.transitions {
        if let Some(when) = &transition.when {
            for finding in when.reasons(valuation) {
                if !deciding.contains(&finding) {
                    deciding.push(finding);
                }
            }
        }
    }
    let values = explainer.values(&deciding, valuation);
    let findings: Vec<String> = present
        .ones()
        .map(|finding| format!("`{}`", semantics.finding_id(finding)))
        .collect();
    let who = if findings.is_empty() {
        "a patient with none of the findings".to_string()
    } else {
        format!(
            "a patient with {} and none of the other findings",
            and_list(&findings)
        )
    };
    let route = explainer.route(path_index, step_index);
    let goes = if path.entry == Some(step_index) {
        format!("starts at `{step_id}`")
    } else {
        format!("reaches `{step_id}` through {route}")
    };
    let simulate = if findings.is_empty() {
        "`guidelint simulate FILE` plays it".to_string()
    } else {
        format!(
            "`guidelint simulate FILE --present {}` plays it",
            present
                .ones()
                .map(|finding| semantics.finding_id(finding))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let base = Pointer::step(path_index, step_index);
    let next = base.clone().key("next");
    Diagnostic::new(
        &INCOMPLETE_DECISION,
        format!(
            "no transition after step `{step_id}` of path `{}` is followed when {values}: such a patient is left at `{step_id}` with nowhere to go",
            path.id()
        ),
        next.clone(),
        context.key_label(&next, "no transition for some patients"),
    )
    .with_label(context.label(&base.key("id"), "the branch ends here"))
    .with_help(format!(
        "Add a transition for these patients, or mark `{step_id}` `\"terminal\": true` if the path may end there. For example, {who} {goes} and goes no further ({simulate})."
    ))
}

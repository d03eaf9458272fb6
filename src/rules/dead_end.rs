use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix, layout};

declare_rule! {
    /// ## What it does
    /// Reports a step with no `next` transitions that is not marked `"terminal": true`. A step whose
    /// `next` names only steps that do not exist is left to `unknown-reference`.
    ///
    /// ## Why it matters
    /// After a step without a way on, the guideline falls silent: the clinician has a result and no
    /// guidance on what to do with it, and a patient may be left without the test or referral that
    /// should follow. Marking a step `terminal` records that ending the workup there is a decision,
    /// not an oversight.
    ///
    /// ## Example
    /// ```json
    /// {"id": "urology-consultation", "kind": "consultation", "name": "Urgent urology review", "specialties": ["urology"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "urology-consultation", "kind": "consultation", "name": "Urgent urology review", "terminal": true, "specialties": ["urology"]}
    /// ```
    pub static DEAD_END = {
        name: "dead-end",
        code: "GL203",
        severity: Warning,
        summary: "a step with no next that is not terminal",
        fix: Always "Marks the step `\"terminal\": true` (or turns `\"terminal\": false` into `true`). The fix is unsafe (applied with `--unsafe-fixes`): whether the path may end there, or a transition is missing, is a clinical decision.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path) in context.guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            if !step.next.is_empty() || step.terminal {
                continue;
            }
            let base = Pointer::step(path_index, step_index);
            let id_pointer = base.clone().key("id");
            let mut diagnostic = Diagnostic::new(
                &DEAD_END,
                format!(
                    "step `{}` of path `{}` has no `next` and is not terminal",
                    step.id, path.id
                ),
                id_pointer.clone(),
                context.label(&id_pointer, "dead end"),
            );
            // Point at what the author wrote, when they wrote it.
            for (key, label) in [
                ("next", "no transitions"),
                ("terminal", "`terminal` is false"),
            ] {
                let pointer = base.clone().key(key);
                if context.has(&pointer) {
                    diagnostic = diagnostic.with_label(context.label(&pointer, label));
                }
            }
            let fix = mark_terminal(context, &base).map(|edit| {
                Fix::suggestion(format!("Mark step `{}` as terminal", step.id), vec![edit])
            });
            diagnostics.push(
                diagnostic
                    .with_help(format!(
                        "Add a `next` transition to the step that should follow `{}`, or mark it `\"terminal\": true` \
                         if the path may end there.",
                        step.id
                    ))
                    .with_fix(fix),
            );
        }
    }
    diagnostics
}

/// The edit that makes the step at `step` terminal: `false` turned into `true`, or the member
/// added at the end of the step, in the step's own layout.
fn mark_terminal(context: &RuleContext<'_>, step: &Pointer) -> Option<Edit> {
    let terminal = step.clone().key("terminal");
    if context.has(&terminal) {
        Some(Edit::replace(context.span(&terminal), "true"))
    } else {
        layout::append_member(context.text, context.span(step), "\"terminal\": true")
    }
}

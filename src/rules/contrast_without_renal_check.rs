use super::lab_tests::{TestGroup, step_orders};
use super::RuleContext;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Modality, Step, StepKind, step_pointer};

declare_rule! {
    /// ## What it does
    /// Checks every contrast imaging step (an imaging step with `contrast: true`, and every
    /// angiography step whatever its `contrast` says, since angiography injects contrast into the
    /// vessels): every route from the path's `entry` to it along `next` transitions must pass an
    /// earlier laboratory step with a renal-function test. Tests are recognised by name (creatinine,
    /// eGFR, urea or BUN, renal or kidney function, chemistry or metabolic panel) or by LOINC code,
    /// from the table in `src/rules/lab_tests.rs`.
    ///
    /// ## Why it matters
    /// Iodinated contrast can worsen kidney function (contrast-associated acute kidney injury, also
    /// called contrast nephropathy), above all when renal function is already impaired. Knowing
    /// creatinine or eGFR before the study lets the team weigh that risk, prepare the patient, or
    /// choose a study without contrast.
    ///
    /// ## Example
    /// ```json
    /// {"id": "chemistry", "kind": "laboratory", "name": "Blood chemistry", "tests": [{"name": "Sodium"}, {"name": "Potassium"}],
    ///  "next": ["blood-tests"]}
    /// ```
    /// (in a path whose contrast CT and angiography follow this step and no other laboratory step
    /// checks renal function)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "chemistry", "kind": "laboratory", "name": "Blood chemistry",
    ///  "tests": [{"name": "Sodium"}, {"name": "Potassium"}, {"name": "Creatinine", "code": {"system": "loinc", "code": "2160-0"}}],
    ///  "next": ["blood-tests"]}
    /// ```
    pub static CONTRAST_WITHOUT_RENAL_CHECK = {
        name: "contrast-without-renal-check",
        code: "GL303",
        severity: Warning,
        summary: "contrast imaging with no earlier chemistry/renal-function laboratory step",
    }
}

fn checks_renal_function(step: &Step) -> bool {
    step_orders(step, TestGroup::RenalFunction)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path, graph) in context.paths_with_graphs() {
        // Which steps test renal function, worked out once per path that has contrast imaging:
        // every search below asks about the steps it passes.
        let mut renal_checks: Option<Vec<bool>> = None;
        for (step_index, step) in path.steps.iter().enumerate() {
            let angiography = step.modality == Some(Modality::Angiography);
            let flagged = step.contrast == Some(true);
            if step.kind != StepKind::Imaging || !(angiography || flagged) {
                continue;
            }
            let renal_checks = renal_checks
                .get_or_insert_with(|| path.steps.iter().map(checks_renal_function).collect());
            let clears = |step: usize| renal_checks.get(step).copied().unwrap_or(false);
            let Some(route) = graph.route_avoiding(step_index, clears) else {
                continue;
            };
            let base = step_pointer(path_index, step_index);
            let (pointer, what) = if flagged {
                (format!("{base}/contrast"), "contrast imaging step")
            } else {
                (format!("{base}/modality"), "angiography step")
            };
            diagnostics.push(
                Diagnostic::new(
                    &CONTRAST_WITHOUT_RENAL_CHECK,
                    format!(
                        "{what} `{}` can be reached without an earlier renal-function test: {}",
                        step.id,
                        route.describe(path)
                    ),
                    pointer.as_str(),
                    context.label(&pointer, "contrast before creatinine or eGFR"),
                )
                .with_label(context.route_label(path, path_index, &route))
                .with_help(format!(
                    "Put a laboratory step with creatinine, eGFR or a metabolic panel on every route to `{}`, so that \
                     renal function is known before contrast is given.",
                    step.id
                )),
            );
        }
    }
    diagnostics
}

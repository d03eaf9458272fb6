use super::lab_tests::{TestGroup, step_orders};
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Modality, Step, StepKind};

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
    /// {"id": "chemistry", "kind": "laboratory", "name": "Blood chemistry", "next": ["blood-tests"], "tests": [{"name": "Sodium"}, {"name": "Potassium"}]}
    /// ```
    /// (in a path whose contrast CT and angiography follow this step and no other laboratory step
    /// checks renal function)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "chemistry", "kind": "laboratory", "name": "Blood chemistry", "next": ["blood-tests"], "tests": [{"name": "Sodium"}, {"name": "Potassium"}, {"name": "Creatinine", "code": {"system": "loinc", "code": "2160-0"}}]}
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
    let gives_contrast = |step: &Step| {
        step.kind == StepKind::Imaging
            && (step.modality == Some(Modality::Angiography) || step.contrast == Some(true))
    };
    context
        .targets_reached_avoiding(gives_contrast, checks_renal_function)
        .into_iter()
        .map(|found| {
            let base = Pointer::step(found.path_index, found.step_index);
            let (pointer, what) = if found.step.contrast == Some(true) {
                (base.key("contrast"), "contrast imaging step")
            } else {
                (base.key("modality"), "angiography step")
            };
            Diagnostic::new(
                &CONTRAST_WITHOUT_RENAL_CHECK,
                format!(
                    "{what} `{}` can be reached without an earlier renal-function test: {}",
                    found.step.id,
                    found.route.describe(found.path)
                ),
                pointer.clone(),
                context.label(&pointer, "contrast before creatinine or eGFR"),
            )
            .with_label(context.route_label(found.path, found.path_index, &found.route))
            .with_help(format!(
                "Put a laboratory step with creatinine, eGFR or a metabolic panel on every route to `{}`, so that \
                 renal function is known before contrast is given.",
                found.step.id
            ))
        })
        .collect()
}

use super::lab_tests::{TestGroup, step_orders};
use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{DiagnosisPath, Modality, Step, StepKind, };

declare_rule! {
    /// ## What it does
    /// Checks that clotting is tested before invasive care:
    ///
    /// - every invasive treatment (category `interventional` or `surgical`) must `require` at least
    ///   one diagnosis path with a laboratory step that orders PT, aPTT or INR;
    /// - every angiography step must be preceded by such a laboratory step on every route from its
    ///   path's `entry` along `next` transitions.
    ///
    /// Tests are recognised by name (PT, prothrombin time, aPTT, PTT, partial thromboplastin time,
    /// INR, international normalized ratio, coagulation panel, studies or screen) or by LOINC code,
    /// from the table in `src/rules/lab_tests.rs`. A treatment whose `requires` is empty or names no
    /// path is left to `treatment-without-diagnosis` and `unknown-reference`.
    ///
    /// ## Why it matters
    /// A hematoma may come from a coagulopathy or from anticoagulant or antiplatelet treatment.
    /// Aspiration, embolization, surgery and the arterial puncture of angiography in a patient whose
    /// clotting is impaired risk uncontrolled bleeding; the screen tells the team to correct clotting
    /// first or to choose another approach.
    ///
    /// ## Example
    /// ```json
    /// {"id": "blood-tests", "kind": "laboratory", "name": "Blood count", "next": ["ultrasound"], "tests": [{"name": "Complete blood count", "code": {"system": "loinc", "code": "58410-2"}}]}
    /// ```
    /// (the only laboratory step of the path that the interventional and surgical treatments require,
    /// and that leads to angiography)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "blood-tests", "kind": "laboratory", "name": "Blood count and coagulation screen", "next": ["ultrasound"], "tests": [{"name": "Complete blood count", "code": {"system": "loinc", "code": "58410-2"}}, {"name": "PT/INR", "code": {"system": "loinc", "code": "6301-6"}}, {"name": "aPTT"}]}
    /// ```
    pub static INVASIVE_WITHOUT_COAGULATION_SCREEN = {
        name: "invasive-without-coagulation-screen",
        code: "GL403",
        severity: Error,
        summary: "an invasive treatment (or angiography) whose diagnosis path has no coagulation screen",
        profile: Bleeding,
    }
}

fn screens_coagulation(step: &Step) -> bool {
    step_orders(step, TestGroup::Coagulation)
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    check_treatments(context, &mut diagnostics);
    check_angiography(context, &mut diagnostics);
    diagnostics
}

fn check_treatments(context: &RuleContext<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let paths = &context.guideline.diagnosis.paths;
    for (index, treatment) in context.guideline.treatments.iter().enumerate() {
        if !treatment.category.is_invasive() {
            continue;
        }
        // (path index, path), each required path once, first definition of a duplicated id.
        let mut required: Vec<(usize, &DiagnosisPath)> = Vec::new();
        for id in treatment.requires.iter().flatten() {
            if let Some(found) = paths.iter().enumerate().find(|(_, path)| path.id == *id)
                && !required.iter().any(|(known, _)| *known == found.0)
            {
                required.push(found);
            }
        }
        if required.is_empty()
            || required
                .iter()
                .any(|(_, path)| path.steps.iter().any(screens_coagulation))
        {
            continue;
        }
        let names: Vec<String> = required
            .iter()
            .map(|(_, path)| format!("`{}`", path.id))
            .collect();
        let (paths_phrase, fix) = match names.as_slice() {
            [one] => (
                format!("the diagnosis path {one} it requires has"),
                format!("to {one}"),
            ),
            _ => (
                format!(
                    "none of the diagnosis paths {} it requires has",
                    and_list(&names)
                ),
                "to one of them".to_string(),
            ),
        };
        let pointer = Pointer::treatment(index).key("category");
        let mut diagnostic = Diagnostic::new(
            &INVASIVE_WITHOUT_COAGULATION_SCREEN,
            format!(
                "{} treatment `{}` is invasive, but {paths_phrase} no laboratory step with PT, aPTT or INR",
                treatment.category.as_str(),
                treatment.id
            ),
            pointer.clone(),
            context.label(&pointer, "invasive treatment"),
        )
        .with_help(format!(
            "Add a laboratory step with PT, aPTT or INR {fix}, or require a path that has one, so that clotting is \
             checked before the procedure."
        ));
        for (path_index, _) in &required {
            diagnostic = diagnostic.with_label(context.label(
                &Pointer::path(*path_index).key("id"),
                "no coagulation screen",
            ));
        }
        diagnostics.push(diagnostic);
    }
}

fn check_angiography(context: &RuleContext<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let is_angiography = |step: &Step| {
        step.kind == StepKind::Imaging && step.modality == Some(Modality::Angiography)
    };
    for found in context.targets_reached_avoiding(is_angiography, screens_coagulation) {
        let pointer = Pointer::step(found.path_index, found.step_index).key("modality");
        diagnostics.push(
            Diagnostic::new(
                &INVASIVE_WITHOUT_COAGULATION_SCREEN,
                format!(
                    "angiography step `{}` can be reached without an earlier PT, aPTT or INR: {}",
                    found.step.id,
                    found.route.describe(found.path)
                ),
                pointer.clone(),
                context.label(&pointer, "angiography before a coagulation screen"),
            )
            .with_label(context.route_label(found.path, found.path_index, &found.route))
            .with_help(format!(
                "Put a laboratory step with PT, aPTT or INR on every route to `{}`, so that clotting is checked \
                 before the arterial puncture.",
                found.step.id
            )),
        );
    }
}

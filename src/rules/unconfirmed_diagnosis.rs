use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Step, StepKind};
use crate::rule::Profile;

declare_rule! {
    /// ## What it does
    /// Reports a diagnosis path that some treatment names in `requires` but that has no step marked
    /// `"confirms": true`: no examination, laboratory test, imaging study or diagnostic procedure
    /// that can confirm the diagnosis. One such step anywhere on the path is enough. In the
    /// `bleeding` profile the confirming step must be an imaging step. The diagnostic sits at the
    /// path's `id` and labels every `requires` entry naming it; entries that name no path are left to
    /// `unknown-reference`.
    ///
    /// ## Why it matters
    /// A treatment rests on a diagnosis. Compartment syndrome is confirmed clinically or by a
    /// pressure measurement, sepsis by examination and laboratory tests; a path that only raises a
    /// suspicion leaves the treatment on an unconfirmed diagnosis. Marking the confirming step makes
    /// the author say which step it is. In bleeding conditions history, examination and blood tests
    /// raise the suspicion of a hematoma, and imaging confirms it, shows its extent, and tells it
    /// apart from an abscess, a tumor or an aneurysm.
    ///
    /// ## Example
    /// ```json
    /// {"id": "bedside", "name": "Bedside assessment", "entry": "bedside-examination", "steps": [{"id": "bedside-examination", "kind": "examination", "name": "Abdominal wall examination", "terminal": true, "elicits": ["abdominal-wall-mass"]}]}
    /// ```
    /// (required by a treatment's `"requires": ["bedside"]`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "bedside", "name": "Bedside assessment", "entry": "bedside-examination", "steps": [{"id": "bedside-examination", "kind": "examination", "name": "Abdominal wall examination", "next": ["bedside-ultrasound"], "elicits": ["abdominal-wall-mass"]}, {"id": "bedside-ultrasound", "kind": "imaging", "name": "Point-of-care ultrasound", "terminal": true, "confirms": true, "elicits": ["hematoma-on-imaging"], "modality": "ultrasound", "sequence": 1}]}
    /// ```
    pub static UNCONFIRMED_DIAGNOSIS = {
        name: "unconfirmed-diagnosis",
        code: "GL402",
        severity: Error,
        summary: "a required diagnosis path with no step that `confirms` the diagnosis (imaging, in the bleeding profile)",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    let mut diagnostics = Vec::new();
    let imaging_only = context.profiles.contains(&Profile::Bleeding);
    let confirms = |step: &Step| step.confirms && (!imaging_only || step.kind == StepKind::Imaging);
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        // A duplicated path id resolves to its first definition, as every reference does.
        let first_definition = guideline
            .diagnosis
            .paths
            .iter()
            .position(|other| other.id == path.id);
        if first_definition != Some(path_index) || path.steps.iter().any(confirms) {
            continue;
        }
        // (treatment id, pointer of the `requires` entry)
        let required_by: Vec<(&str, Pointer)> = guideline
            .treatments
            .iter()
            .enumerate()
            .flat_map(|(index, treatment)| {
                treatment
                    .requires
                    .iter()
                    .flatten()
                    .enumerate()
                    .filter(|(_, id)| **id == path.id)
                    .map(move |(entry, _)| {
                        (
                            treatment.id,
                            Pointer::treatment(index).key("requires").index(entry),
                        )
                    })
            })
            .collect();
        if required_by.is_empty() {
            continue;
        }
        let mut treatments: Vec<String> = Vec::new();
        for (treatment, _) in &required_by {
            let quoted = format!("`{treatment}`");
            if !treatments.contains(&quoted) {
                treatments.push(quoted);
            }
        }
        let treatments = match treatments.len() {
            1 => format!("treatment {} requires it", and_list(&treatments)),
            _ => format!("treatments {} require it", and_list(&treatments)),
        };
        let pointer = Pointer::path(path_index).key("id");
        let (what, help) = if imaging_only {
            (
                "no imaging step that confirms the diagnosis",
                format!(
                    "In a bleeding condition imaging confirms the diagnosis: mark the imaging step of `{}` \
                     that does with `\"confirms\": true`, add one, or have the treatments require a path \
                     that has one.",
                    path.id
                ),
            )
        } else {
            (
                "no step that confirms the diagnosis",
                format!(
                    "Mark the step of `{}` that confirms the diagnosis (an examination, a laboratory test, \
                     an imaging study or a diagnostic procedure) with `\"confirms\": true`, add such a \
                     step, or have the treatments require a path that has one.",
                    path.id
                ),
            )
        };
        let mut diagnostic = Diagnostic::new(
            &UNCONFIRMED_DIAGNOSIS,
            format!("diagnosis path `{}` has {what}, but {treatments}", path.id),
            pointer.clone(),
            context.label(&pointer, "path without a confirming step"),
        )
        .with_help(help);
        // The steps that could be the one: imaging not yet marked, or (in the bleeding profile) a
        // marked step that is not imaging.
        for (step_index, step) in path.steps.iter().enumerate() {
            let label = if step.confirms {
                "confirms, but is not imaging"
            } else if imaging_only && step.kind == StepKind::Imaging {
                "imaging, not marked `confirms`"
            } else {
                continue;
            };
            diagnostic = diagnostic
                .with_label(context.label(&Pointer::step(path_index, step_index).key("id"), label));
        }
        for (_, requires) in &required_by {
            diagnostic = diagnostic.with_label(context.label(requires, "required here"));
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{StepKind};

declare_rule! {
    /// ## What it does
    /// Reports a diagnosis path that some treatment names in `requires` but that has no imaging
    /// step. The diagnostic sits at the path's `id` and labels every `requires` entry naming it.
    /// Entries that name no path are left to `unknown-reference`.
    ///
    /// ## Why it matters
    /// History, examination and blood tests raise the suspicion of a hematoma; imaging confirms it,
    /// shows its size and extent, and tells it apart from an abscess, a tumor or an aneurysm. A
    /// treatment that rests on a path without imaging starts on an unconfirmed diagnosis.
    ///
    /// ## Example
    /// ```json
    /// {"id": "bedside", "name": "Bedside assessment", "entry": "bedside-examination", "steps": [
    ///   {"id": "bedside-examination", "kind": "examination", "name": "Abdominal wall examination",
    ///    "elicits": ["abdominal-wall-mass"], "terminal": true}
    /// ]}
    /// ```
    /// (required by a treatment's `"requires": ["bedside"]`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "bedside", "name": "Bedside assessment", "entry": "bedside-examination", "steps": [
    ///   {"id": "bedside-examination", "kind": "examination", "name": "Abdominal wall examination",
    ///    "elicits": ["abdominal-wall-mass"], "next": ["bedside-ultrasound"]},
    ///   {"id": "bedside-ultrasound", "kind": "imaging", "name": "Point-of-care ultrasound", "modality": "ultrasound",
    ///    "sequence": 1, "elicits": ["hematoma-on-imaging"], "terminal": true}
    /// ]}
    /// ```
    pub static UNCONFIRMED_DIAGNOSIS = {
        name: "unconfirmed-diagnosis",
        code: "GL402",
        severity: Error,
        summary: "a required diagnosis path with no imaging step",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    let mut diagnostics = Vec::new();
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        // A duplicated path id resolves to its first definition, as every reference does.
        let first_definition = guideline
            .diagnosis
            .paths
            .iter()
            .position(|other| other.id == path.id);
        if first_definition != Some(path_index)
            || path.steps.iter().any(|step| step.kind == StepKind::Imaging)
        {
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
        let mut diagnostic = Diagnostic::new(
            &UNCONFIRMED_DIAGNOSIS,
            format!("diagnosis path `{}` has no imaging step, but {treatments}", path.id),
            pointer.clone(),
            context.label(&pointer, "path without imaging"),
        )
        .with_help(format!(
            "Add an imaging step that confirms the diagnosis to `{}`, or have the treatments require a path that has \
             one.",
            path.id
        ));
        for (_, requires) in &required_by {
            diagnostic = diagnostic.with_label(context.label(requires, "required here"));
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

use super::RuleContext;
use crate::diagnostic::Diagnostic;
use crate::pointer::Pointer;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an interventional or surgical treatment with no `contraindications` (absent or
    /// empty). Only treatments are concerned: an invasive diagnostic procedure among the steps is
    /// not.
    ///
    /// ## Why it matters
    /// Every invasive treatment has patients it would harm: an uncorrected coagulopathy turns a
    /// drain or an operation into a new bleed, hemodynamic instability can make transfer to the
    /// operating room the wrong first move. A guideline that lists none offers the treatment to
    /// every indicated patient alike, and a clinician following it is never prompted to look.
    ///
    /// ## Example
    /// ```json
    /// {"id": "embolization", "name": "Transcatheter arterial embolization", "category": "interventional", "requires": ["suspected-hematoma"], "actions": [{"name": "Embolize the bleeding artery"}], "indications": [{"finding": "active-bleeding"}], "evidence": ["overview-2023"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "embolization", "name": "Transcatheter arterial embolization", "category": "interventional", "requires": ["suspected-hematoma"], "actions": [{"name": "Embolize the bleeding artery"}], "indications": [{"finding": "active-bleeding"}], "contraindications": [{"finding": "uncorrected-coagulopathy"}], "evidence": ["overview-2023"]}
    /// ```
    pub static INVASIVE_WITHOUT_CONTRAINDICATIONS = {
        name: "invasive-without-contraindications",
        code: "GL708",
        severity: Warning,
        summary: "an interventional or surgical treatment with no `contraindications`",
        fix: None "Which findings make a treatment unsafe is clinical content only its authors can supply.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, treatment) in context.guideline.treatments.iter().enumerate() {
        if !treatment.category.is_invasive() || !treatment.contraindications.is_empty() {
            continue;
        }
        let base = Pointer::treatment(index);
        let pointer = base.clone().key("id");
        let category = treatment.category.as_str();
        let mut diagnostic = Diagnostic::new(
            &INVASIVE_WITHOUT_CONTRAINDICATIONS,
            format!(
                "treatment `{}` is {category} and lists no contraindications: it is offered to every indicated patient, whatever would make it unsafe",
                treatment.id
            ),
            pointer.clone(),
            context.label(&pointer, "no contraindications"),
        )
        .with_label(context.label(&base.clone().key("category"), "invasive"));
        let listed = base.key("contraindications");
        if context.has(&listed) {
            diagnostic = diagnostic.with_label(context.label(&listed, "empty"));
        }
        diagnostics.push(diagnostic.with_help(format!(
            "List in `contraindications` the findings that make `{}` unsafe (an uncorrected coagulopathy, hemodynamic instability, an allergy to the contrast it needs), each a condition the workup can establish.",
            treatment.id
        )));
    }
    diagnostics
}

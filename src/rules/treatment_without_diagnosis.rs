use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// ## What it does
    /// Reports a treatment whose `requires` is missing or empty: it names no diagnosis path that
    /// confirms the diagnosis before the treatment starts. A treatment marked `empiric` (started
    /// before the workup ends, with the reason, like antibiotics in sepsis) needs no `requires`.
    ///
    /// ## Why it matters
    /// Groin or flank pain with a swollen, tender thigh can be a hematoma, an abscess, a tumor or a
    /// vascular problem, and their treatments differ (draining an abscess, stopping an anticoagulant,
    /// embolizing a bleeding vessel). A treatment not tied to a workup invites treating the symptom
    /// before the cause is known, and keeps readers from seeing which findings the treatment rests on.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "id": "supportive-care",
    ///   "name": "Rest, analgesia and compression",
    ///   "category": "conservative",
    ///   "actions": [{"name": "Bed rest and analgesia"}],
    ///   "indications": [{"finding": "hematoma-on-imaging"}],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "id": "supportive-care",
    ///   "name": "Rest, analgesia and compression",
    ///   "category": "conservative",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Bed rest and analgesia"}],
    ///   "indications": [{"finding": "hematoma-on-imaging"}],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    pub static TREATMENT_WITHOUT_DIAGNOSIS = {
        name: "treatment-without-diagnosis",
        code: "GL401",
        severity: Error,
        summary: "a treatment with missing or empty `requires` that is not `empiric`",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let example = match context.guideline.diagnosis.paths.first() {
        Some(path) => format!(", such as `\"requires\": [\"{}\"]`", path.id),
        None => String::new(),
    };
    let mut diagnostics = Vec::new();
    for (index, treatment) in context.guideline.treatments.iter().enumerate() {
        let base = Pointer::treatment(index);
        let (message, pointer, label) = match &treatment.requires {
            Some(requires) if !requires.is_empty() => continue,
            _ if treatment.empiric.is_some() => continue,
            Some(_) => {
                let pointer = base.clone().key("requires");
                let label = Label::new(context.key_span(&pointer), "empty `requires`");
                (
                    format!(
                        "treatment `{}` requires no diagnosis path: its `requires` is empty",
                        treatment.id
                    ),
                    pointer,
                    label,
                )
            }
            None => {
                let pointer = base.clone().key("id");
                let label = context.label(&pointer, "no `requires`");
                (
                    format!(
                        "treatment `{}` has no `requires` naming the diagnosis path it depends on",
                        treatment.id
                    ),
                    pointer,
                    label,
                )
            }
        };
        diagnostics.push(
            Diagnostic::new(&TREATMENT_WITHOUT_DIAGNOSIS, message, pointer, label).with_help(format!(
                "List in `requires` the diagnosis path that confirms the diagnosis before this treatment{example}; \
                 a treatment that rightly starts before the workup ends says why with `\"empiric\": {{\"reason\": \"...\"}}`."
            )),
        );
    }
    diagnostics
}

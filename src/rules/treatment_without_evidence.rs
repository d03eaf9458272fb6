use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// ## What it does
    /// Reports a treatment whose `evidence` is missing or empty: it cites none of the sources in
    /// `provenance.sources`. A treatment whose `basis` is `local` is the authors' own decision and
    /// needs no source; one whose `basis` is `source` or `consensus` is left to
    /// `unsupported-content`, which says more.
    ///
    /// ## Why it matters
    /// Clinicians weigh a recommendation by what supports it, and reviewers re-check it when the
    /// literature changes. A treatment without a cited source cannot be traced, appraised or updated,
    /// and may rest on habit rather than evidence.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "id": "embolization",
    ///   "name": "Transcatheter embolization",
    ///   "category": "interventional",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Embolize the bleeding artery"}],
    ///   "indications": [{"finding": "active-bleeding"}],
    ///   "escalates_from": ["anticoagulant-review"]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "id": "embolization",
    ///   "name": "Transcatheter embolization",
    ///   "category": "interventional",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Embolize the bleeding artery"}],
    ///   "indications": [{"finding": "active-bleeding"}],
    ///   "escalates_from": ["anticoagulant-review"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    pub static TREATMENT_WITHOUT_EVIDENCE = {
        name: "treatment-without-evidence",
        code: "GL407",
        severity: Warning,
        summary: "a treatment with no `evidence`",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let help = match context.guideline.provenance.sources.first() {
        Some(source) => format!(
            "Cite the sources that support this treatment by their ids from `provenance.sources`, such as \
             `\"evidence\": [\"{}\"]`.",
            source.id
        ),
        None => "Add the publications that support this treatment to `provenance.sources` and cite their ids in \
                 `evidence`."
            .to_string(),
    };
    let mut diagnostics = Vec::new();
    for (index, treatment) in context.guideline.treatments.iter().enumerate() {
        if !treatment.evidence.is_empty() || treatment.basis.is_some() {
            continue;
        }
        let base = Pointer::treatment(index);
        let evidence = base.clone().key("evidence");
        // The model reads a missing list as empty; the span index tells them apart.
        let (message, pointer, label) = if context.has(&evidence) {
            let label = Label::new(context.key_span(&evidence), "empty `evidence`");
            (
                format!(
                    "treatment `{}` cites no evidence: its `evidence` is empty",
                    treatment.id
                ),
                evidence,
                label,
            )
        } else {
            let pointer = base.clone().key("id");
            let label = context.label(&pointer, "no `evidence`");
            (
                format!(
                    "treatment `{}` has no `evidence` citing its sources",
                    treatment.id
                ),
                pointer,
                label,
            )
        };
        diagnostics.push(
            Diagnostic::new(&TREATMENT_WITHOUT_EVIDENCE, message, pointer, label)
                .with_help(help.clone()),
        );
    }
    diagnostics
}

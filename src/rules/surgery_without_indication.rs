use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::{Diagnostic, Label};
use crate::model::{TreatmentCategory};

declare_rule! {
    /// ## What it does
    /// Reports a surgical treatment with no `indications` (the findings that call for surgery), or
    /// with neither `escalates_from` (the less invasive treatments tried before it) nor
    /// `"first_line": true` (surgery given first, as in an emergency), in one diagnostic naming what
    /// is missing. An empty list counts as missing.
    ///
    /// ## Why it matters
    /// Many hematomas resolve with conservative care; surgery carries the risks of anesthesia, wound
    /// infection and further bleeding. A guideline should say when surgery is warranted (for example
    /// ongoing bleeding despite other measures, or compression of nerves or organs) and what is tried
    /// first, so that surgery is neither skipped when needed nor chosen as the first step. Where surgery
    /// is the first treatment (fasciotomy for compartment syndrome), `first_line` says so on purpose.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "id": "surgical-evacuation",
    ///   "name": "Surgical evacuation and ligation",
    ///   "category": "surgical",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Evacuate the hematoma and ligate the bleeding vessel"}],
    ///   "escalates_from": ["embolization"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "id": "surgical-evacuation",
    ///   "name": "Surgical evacuation and ligation",
    ///   "category": "surgical",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Evacuate the hematoma and ligate the bleeding vessel"}],
    ///   "indications": [{"finding": "active-bleeding"}],
    ///   "escalates_from": ["embolization"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    pub static SURGERY_WITHOUT_INDICATION = {
        name: "surgery-without-indication",
        code: "GL404",
        severity: Error,
        summary: "a surgical treatment with no `indications`, or neither `escalates_from` nor `first_line`",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, treatment) in context.guideline.treatments.iter().enumerate() {
        if treatment.category != TreatmentCategory::Surgical {
            continue;
        }
        let base = Pointer::treatment(index);
        let missing: Vec<&str> = [
            ("indications", treatment.indications.is_empty()),
            (
                "escalates_from",
                treatment.escalates_from.is_empty() && !treatment.first_line,
            ),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect();
        let (message, help) = match missing.as_slice() {
            [] => continue,
            ["indications"] => (
                "no `indications`",
                "Add `indications`: the findings that make surgery necessary, such as bleeding that continues despite \
                 less invasive treatment.",
            ),
            ["escalates_from"] => (
                "no `escalates_from`",
                "Add `escalates_from`: the less invasive treatments tried before surgery; or, when surgery is \
                 given first (an emergency), say so with `\"first_line\": true`.",
            ),
            _ => (
                "neither `indications` nor `escalates_from`",
                "Add `indications` (the findings that make surgery necessary) and `escalates_from` (the less \
                 invasive treatments tried before surgery, or `\"first_line\": true` when surgery comes first).",
            ),
        };
        let pointer = base.clone().key("category");
        let mut diagnostic = Diagnostic::new(
            &SURGERY_WITHOUT_INDICATION,
            format!("surgical treatment `{}` has {message}", treatment.id),
            pointer.clone(),
            context.label(&pointer, "surgical treatment"),
        )
        .with_help(help);
        // A key written as an empty list is the place to fill in.
        for key in &missing {
            let key_pointer = base.clone().key(key);
            if context.has(&key_pointer) {
                diagnostic =
                    diagnostic.with_label(Label::new(context.key_span(&key_pointer), "empty"));
            }
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

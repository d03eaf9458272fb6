use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a risk factor marked `modifiable: true` that no diagnosis step and no treatment lists
    /// in its `addresses`.
    ///
    /// ## Why it matters
    /// A modifiable risk factor is one care can change: an anticoagulant that can be paused or
    /// reversed, a coagulopathy that can be corrected. If the guideline never says where it is dealt
    /// with, the cause of the bleeding may be left in place while its consequence is treated, and the
    /// hematoma may grow or recur.
    ///
    /// ## Example
    /// ```json
    /// {"id": "anticoagulation", "category": "medication", "name": "Anticoagulant therapy",
    ///  "codes": [{"system": "rxnorm", "code": "11289", "display": "warfarin"}], "modifiable": true}
    /// ```
    /// (when no step or treatment has `"addresses": ["anticoagulation"]`)
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "id": "anticoagulant-review",
    ///   "name": "Review and reversal of anticoagulation",
    ///   "category": "pharmacological",
    ///   "requires": ["workup"],
    ///   "actions": [{"name": "Pause or reverse the anticoagulant"}],
    ///   "escalates_from": ["supportive-care"],
    ///   "addresses": ["anticoagulation"],
    ///   "evidence": ["hematoma-review"]
    /// }
    /// ```
    pub static UNADDRESSED_RISK_FACTOR = {
        name: "unaddressed-risk-factor",
        code: "GL406",
        severity: Warning,
        summary: "a `modifiable` risk factor that no step or treatment `addresses`",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    let steps = guideline
        .diagnosis
        .paths
        .iter()
        .flat_map(|path| &path.steps);
    let addressed: Vec<&str> = steps
        .flat_map(|step| &step.addresses)
        .chain(
            guideline
                .treatments
                .iter()
                .flat_map(|treatment| &treatment.addresses),
        )
        .copied()
        .collect();
    let mut diagnostics = Vec::new();
    for (index, risk_factor) in guideline.risk_factors.iter().enumerate() {
        if !risk_factor.modifiable || addressed.contains(&risk_factor.id) {
            continue;
        }
        let pointer = Pointer::member("risk_factors").index(index).key("id");
        diagnostics.push(
            Diagnostic::new(
                &UNADDRESSED_RISK_FACTOR,
                format!("modifiable risk factor `{}` is not addressed by any step or treatment", risk_factor.id),
                pointer.clone(),
                context.label(&pointer, "never addressed"),
            )
            .with_label(context.label(&Pointer::member("risk_factors").index(index).key("modifiable"), "marked modifiable"))
            .with_help(format!(
                "List `{}` in the `addresses` of the step or treatment that manages it, or set `modifiable` to false \
                 if care cannot change it.",
                risk_factor.id
            )),
        );
    }
    diagnostics
}

use super::RuleContext;
use super::conditions::{Site, constant_diagnostics};
use crate::diagnostic::Diagnostic;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a condition that is true for every combination of findings, such as
    /// `{"any": [{"finding": "x"}, {"not": {"finding": "x"}}]}`: a step's or transition's `when`,
    /// an indication or a contraindication, or a member of one (a member of an `all` that always
    /// holds). Each condition is judged on its own, every finding it tests taken as known,
    /// whatever the route that leads to it; the answer is exact (docs/format.md, section 5.4).
    ///
    /// ## Why it matters
    /// A condition every patient meets decides nothing, yet reads as a decision: a reviewer
    /// believes a step or a treatment is reserved for some patients when it is not. It usually
    /// hides a slip (an `any` meant as `all`, a missing `not`). And it is not harmless: while a
    /// finding it tests is still unknown it is unknown too, so the step or transition it guards
    /// waits for a finding whose value does not matter. A contraindication that always holds
    /// excludes every patient.
    ///
    /// ## Example
    /// ```json
    /// {"to": "interventional-radiology", "when": {"any": [{"finding": "active-bleeding"}, {"not": {"finding": "active-bleeding"}}]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"to": "interventional-radiology", "when": {"any": [{"finding": "active-bleeding"}, {"finding": "pulsatile-mass"}]}}
    /// ```
    pub static REDUNDANT_CONDITION = {
        name: "redundant-condition",
        code: "GL703",
        severity: Warning,
        summary: "a condition that is true for every combination of findings",
        fix: None "Dropping the condition would change what happens while its findings are unknown, and the authors may have meant another condition.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    constant_diagnostics(
        context,
        &REDUNDANT_CONDITION,
        true,
        "always true",
        |site, whole, described| {
            let condition = site.describe(guideline);
            if !whole {
                return (
                    format!(
                        "a member of {condition}, {described}, is true for every combination of findings: it adds nothing to the condition"
                    ),
                    "Correct the member to the case it was meant for (an `any` meant as `all`, a missing `not`), or remove it.".to_string(),
                );
            }
            let (consequence, remedy) = match site {
                Site::Step { .. } => (
                    "it restricts the step to no patient, and only waits for findings whose value does not matter",
                    "or remove the `when` if every patient who reaches the step should have it",
                ),
                Site::Transition { .. } => (
                    "it selects no patient, and only waits for findings whose value does not matter",
                    "or remove the `when` if every patient should take the transition",
                ),
                Site::Indication { .. } => (
                    "the treatment is indicated for every patient",
                    "or remove the indication",
                ),
                Site::Contraindication { .. } => (
                    "the treatment is excluded for every patient",
                    "or remove the contraindication",
                ),
            };
            (
                format!(
                    "{condition}, {described}, is true for every combination of findings: {consequence}"
                ),
                format!(
                    "Correct the condition to the patients it was meant for (an `any` meant as `all`, a missing `not`), {remedy}."
                ),
            )
        },
    )
}

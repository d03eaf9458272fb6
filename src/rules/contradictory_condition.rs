use super::RuleContext;
use super::conditions::{Site, constant_diagnostics};
use crate::diagnostic::Diagnostic;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a condition that is false for every combination of findings, such as
    /// `{"all": [{"finding": "x"}, {"not": {"finding": "x"}}]}`: a step's or transition's `when`,
    /// an indication or a contraindication, or a member of one (a member of an `any` that can
    /// never hold). Each condition is judged on its own, every finding it tests taken as known,
    /// whatever the route that leads to it; the answer is exact (docs/format.md, section 5.4).
    ///
    /// ## Why it matters
    /// A condition no patient can meet is a decision that never happens: the step it guards is
    /// never performed, the transition never followed, the treatment never indicated, the
    /// contraindication never protects anyone. It is almost always a slip (an `all` meant as
    /// `any`, a `not` too many), and the branch the authors wrote for those patients is silently
    /// dead.
    ///
    /// ## Example
    /// ```json
    /// {"to": "surgical-consultation", "when": {"all": [{"finding": "thigh-weakness"}, {"not": {"finding": "thigh-weakness"}}]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"to": "surgical-consultation", "when": {"all": [{"finding": "thigh-weakness"}, {"not": {"finding": "active-bleeding"}}]}}
    /// ```
    pub static CONTRADICTORY_CONDITION = {
        name: "contradictory-condition",
        code: "GL702",
        severity: Error,
        summary: "a condition that is false for every combination of findings",
        fix: None "Which condition the authors meant cannot be told from one that holds for no patient.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    constant_diagnostics(
        context,
        &CONTRADICTORY_CONDITION,
        false,
        "never true",
        |site, whole, described| {
            let condition = site.describe(guideline);
            if !whole {
                return (
                    format!(
                        "a member of {condition}, {described}, is false for every combination of findings: that alternative never counts"
                    ),
                    "Correct the member to the case it was meant for (an `all` meant as `any`, a `not` too many), or remove it.".to_string(),
                );
            }
            let (consequence, remedy) = match site {
                Site::Step { .. } => (
                    "the step is never performed",
                    "or remove the step if no patient should have it",
                ),
                Site::Transition { .. } => (
                    "the transition is never followed",
                    "or remove the transition if no patient should take it",
                ),
                Site::Indication { .. } => (
                    "it never indicates the treatment",
                    "or remove the indication",
                ),
                Site::Contraindication { .. } => (
                    "it never excludes a patient from the treatment",
                    "or remove the contraindication",
                ),
            };
            (
                format!(
                    "{condition}, {described}, is false for every combination of findings: {consequence}"
                ),
                format!(
                    "Correct the condition to the patients it was meant for (an `all` meant as `any`, a `not` too many), {remedy}."
                ),
            )
        },
    )
}

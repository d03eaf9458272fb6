use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression (`lint.allow`, or a step's or treatment's `allow`) that suppresses nothing:
    /// the rule it names reports nothing in its scope, or no rule has that name.
    ///
    /// ## Why it matters
    /// A suppression records a deliberate clinical decision ("no coagulation screen before aspiration,
    /// because..."). Once the problem is fixed, a leftover suppression silently hides the next real
    /// problem of that kind, and its reason misleads reviewers.
    ///
    /// ## Example
    /// ```json
    /// "lint": {"allow": [{"rule": "dead-end", "reason": "the last step ends the workup"}]}
    /// ```
    /// (in a document where every step has `next` or `terminal: true`)
    ///
    /// ## Use instead
    /// Remove the suppression, or keep it only where the rule does report something, as close to
    /// the problem as it can be:
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "confirms": true, "elicits": ["hematoma-on-imaging"], "allow": [{"rule": "dead-end", "reason": "the workup may stop after imaging"}], "modality": "ultrasound", "sequence": 1}
    /// ```
    pub static UNUSED_ALLOW = {
        name: "unused-allow",
        code: "GL601",
        severity: Warning,
        summary: "a suppression that suppressed nothing",
        fix: Always "The suppression is removed with its comma, keeping the layout of the list (safe: it suppresses nothing). When it names no rule but is a near miss of one (`dead-ned`), it is renamed to that rule instead (unsafe: the author meant to suppress something).",
    }
}

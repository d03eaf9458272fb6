use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reported by `guidelint test`, never by `check`: an expectation of a scenario that the
    /// guideline does not meet. Each scenario of a `*.scenarios.json` file is a patient, given by
    /// the findings they have; `guidelint test` plays it through the guideline (docs/format.md,
    /// section 8) and reports each expected step or treatment that came out otherwise, at
    /// the id in the expectation. The message says what happened instead and why: the transition
    /// that was not followed and the finding that decided it, the `when` that was false or could
    /// not be decided, the indication that did not hold or the contraindication that did, and the
    /// route the patient took through the path.
    ///
    /// ## Why it matters
    /// A scenario records what the authors mean the guideline to do for one kind of patient. When
    /// an edit changes a condition, a transition or an indication, the scenarios that no longer
    /// hold show which patients the change affects, before the guideline reaches a clinic.
    ///
    /// ## Example
    /// A patient with suspected active bleeding on ultrasound, expected to have angiography, in a
    /// guideline that sends a patient to angiography only from CT, and to CT only after an
    /// inconclusive ultrasound:
    /// ```json
    /// {"name": "active bleeding", "present": ["suspected-active-bleeding"], "expect": {"performed": ["angiography"]}}
    /// ```
    ///
    /// ## Use instead
    /// Fix the guideline when it is wrong; when the scenario is, make it describe the patient the
    /// guideline is meant for:
    /// ```json
    /// {"name": "active bleeding on an inconclusive ultrasound", "present": ["ultrasound-inconclusive", "suspected-active-bleeding"], "expect": {"performed": ["ct-scan", "angiography"]}}
    /// ```
    pub static SCENARIO_FAILED = {
        name: "scenario-failed",
        code: "GL801",
        severity: Error,
        summary: "a scenario expectation the guideline does not meet (`guidelint test`)",
    }
}

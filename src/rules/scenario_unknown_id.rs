use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reported by `guidelint test`, never by `check`: an id in a scenario that names nothing of
    /// the right kind in the guideline under test. `present` lists findings, `performed` and
    /// `not_performed` list steps, `eligible`, `not_eligible` and `eligible_exactly` list
    /// treatments. The diagnostic is at the id, with the closest id of the right kind when there is
    /// a likely typo, or the kind of thing the id names instead.
    ///
    /// ## Why it matters
    /// A misspelt finding would silently leave the patient without it, and a misspelt step or
    /// treatment would make an expectation that can never be checked: the scenario would pass or
    /// fail for a reason that has nothing to do with the guideline.
    ///
    /// ## Example
    /// ```json
    /// {"name": "large hematoma", "present": ["large-hematom"], "expect": {"eligible": ["surgical-intervention"]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "large hematoma", "present": ["large-hematoma"], "expect": {"eligible": ["surgical-intervention"]}}
    /// ```
    pub static SCENARIO_UNKNOWN_ID = {
        name: "scenario-unknown-id",
        code: "GL802",
        severity: Error,
        summary: "a scenario id that names no finding, step or treatment of its guideline",
    }
}

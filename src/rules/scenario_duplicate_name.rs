use super::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reported by `guidelint test`, never by `check`: two scenarios of one file with the same
    /// `name`. The diagnostic is at the second name, with a label at the first.
    ///
    /// ## Why it matters
    /// Test reports (the human summary, JSON and JUnit test cases) name scenarios by their `name`;
    /// with two alike, a failure cannot be told apart from the scenario that passed, and a CI
    /// system may merge their results.
    ///
    /// ## Example
    /// ```json
    /// {"guideline": "renal-colic", "scenarios": [
    ///   {"name": "stone", "present": ["ureteric-stone"], "expect": {"eligible": ["fluid-advice"]}},
    ///   {"name": "stone", "present": ["large-ureteric-stone"], "expect": {"eligible": ["ureteroscopy"]}}
    /// ]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"guideline": "renal-colic", "scenarios": [
    ///   {"name": "small stone", "present": ["ureteric-stone"], "expect": {"eligible": ["fluid-advice"]}},
    ///   {"name": "large stone", "present": ["large-ureteric-stone"], "expect": {"eligible": ["ureteroscopy"]}}
    /// ]}
    /// ```
    pub static SCENARIO_DUPLICATE_NAME = {
        name: "scenario-duplicate-name",
        code: "GL804",
        severity: Error,
        summary: "two scenarios of one file with the same name",
        check: None,
    }
}

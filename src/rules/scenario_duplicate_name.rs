use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reported by `guidelint test`, never by `check`: two scenarios of one file with the same
    /// `name`. The diagnostic is at the second name, with a label at the first. It is a warning:
    /// both scenarios still run, and the run passes when they do.
    ///
    /// ## Why it matters
    /// Test reports (the human summary, JSON and JUnit test cases) name scenarios by their `name`;
    /// with two alike, a failure cannot be told apart from the scenario that passed, and a CI
    /// system may merge their results.
    ///
    /// ## Example
    /// ```json
    /// {"guideline": "iliopsoas-hematoma", "scenarios": [
    ///   {"name": "hematoma", "present": ["hematoma-on-imaging"], "expect": {"eligible": ["conservative-management"]}},
    ///   {"name": "hematoma", "present": ["hematoma-on-imaging", "large-hematoma"], "expect": {"eligible": ["surgical-intervention"]}}
    /// ]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"guideline": "iliopsoas-hematoma", "scenarios": [
    ///   {"name": "small hematoma", "present": ["hematoma-on-imaging"], "expect": {"eligible": ["conservative-management"]}},
    ///   {"name": "large hematoma", "present": ["hematoma-on-imaging", "large-hematoma"], "expect": {"eligible": ["surgical-intervention"]}}
    /// ]}
    /// ```
    pub static SCENARIO_DUPLICATE_NAME = {
        name: "scenario-duplicate-name",
        code: "GL804",
        severity: Warning,
        summary: "two scenarios of one file with the same name",
    }
}

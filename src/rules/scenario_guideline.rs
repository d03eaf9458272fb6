use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reported by `guidelint test`, never by `check`: the `guideline` of a scenario file cannot be
    /// used. Either it names no guideline (an id that no guideline in the scenario file's folder or
    /// in the paths given to `guidelint test` has, or a path to no file), or an id that several
    /// files have, or a guideline with errors: its own diagnostics are reported with it, and its
    /// scenarios do not run until they are fixed, since the meaning of a document with errors is
    /// not what its authors intended.
    ///
    /// ## Why it matters
    /// Scenarios that cannot run test nothing; a CI gate must fail rather than pass them silently.
    ///
    /// ## Example
    /// ```json
    /// {"guideline": "iliopsoas-hematom", "scenarios": [{"name": "no findings", "expect": {"performed": ["history"]}}]}
    /// ```
    ///
    /// ## Use instead
    /// Name the guideline by its `id`, or by the path of its file relative to the scenario file:
    /// ```json
    /// {"guideline": "iliopsoas-hematoma", "scenarios": [{"name": "no findings", "expect": {"performed": ["history"]}}]}
    /// ```
    pub static SCENARIO_GUIDELINE = {
        name: "scenario-guideline",
        code: "GL803",
        severity: Error,
        summary: "a scenario file whose guideline is missing, ambiguous or has errors",
    }
}

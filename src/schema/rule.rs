use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the document against the format's JSON Schema (`schemas/guideline.schema.json`; a
    /// scenario file, in `guidelint test`, against `schemas/scenarios.schema.json`) and reports
    /// each violation at the offending value: an unexpected key at the key (with the closest known key),
    /// a missing property at the object that lacks it, a wrong type, a value outside an enumeration
    /// (with the allowed values), a malformed id, version or date.
    ///
    /// ## Why it matters
    /// Every consistency rule and every tool that reads guidelines relies on the document's shape. A
    /// misspelled key (`modalty`) is silently ignored by most readers, so an imaging step would lose its
    /// modality without anyone noticing. Consistency rules run once the document matches the schema.
    ///
    /// ## Example
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "modalty": "ultrasound", "sequence": 1, "elicits": ["hematoma-on-imaging"], "terminal": true, "confirms": true}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "modality": "ultrasound", "sequence": 1, "elicits": ["hematoma-on-imaging"], "terminal": true, "confirms": true}
    /// ```
    pub static SCHEMA = {
        name: "schema",
        code: "GL002",
        severity: Error,
        summary: "a JSON Schema violation, at the offending key or value",
        unreadable_document: true,
    }
}

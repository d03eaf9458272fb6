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
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "terminal": true, "confirms": true, "elicits": ["hematoma-on-imaging"], "sequence": 1, "modalty": "ultrasound"}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "terminal": true, "confirms": true, "elicits": ["hematoma-on-imaging"], "modality": "ultrasound", "sequence": 1}
    /// ```
    pub static SCHEMA = {
        name: "schema",
        code: "GL002",
        severity: Error,
        summary: "a JSON Schema violation, at the offending key or value",
        unreadable_document: true,
        fix: Sometimes "A value outside an enumeration that one allowed value is close to (`ultrasond`, `CT`) is replaced by it, and an unknown key that is a near miss of a key the object lacks (`sequnce`) is renamed to it. Both fixes are unsafe (applied with `--unsafe-fixes`): the closest spelling is a guess a person should confirm. Other violations have no fix: what to write is the author's call.",
    }
}

use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in the same object, labelling both occurrences.
    ///
    /// ## Why it matters
    /// JSON leaves the meaning of a repeated key undefined: some readers keep the first value, most keep
    /// the last, some refuse the file. Two tools could then read two different guidelines from the same
    /// file, for example two different imaging sequences. guidelint checks the last value, as most readers do.
    ///
    /// ## Example
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "terminal": true, "confirms": true, "elicits": ["hematoma-on-imaging"], "modality": "ultrasound", "sequence": 1, "sequence": 2}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "hip-ultrasound", "kind": "imaging", "name": "Hip and groin ultrasound", "terminal": true, "confirms": true, "elicits": ["hematoma-on-imaging"], "modality": "ultrasound", "sequence": 1}
    /// ```
    pub static DUPLICATE_KEY = {
        name: "duplicate-key",
        code: "GL003",
        severity: Error,
        summary: "the same key twice in one object",
        unreadable_document: true,
        fix: None "Which of the two values is meant is a clinical question; guidelint never picks one.",
    }
}

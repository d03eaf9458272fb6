use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file that is not well-formed JSON (RFC 8259), at the position where parsing stopped:
    /// a missing comma, a trailing comma, a comment, a single-quoted string, `NaN`, an unclosed bracket,
    /// an empty file, invalid UTF-8, or nesting deeper than 512 levels. A document of more than
    /// 500,000 values (arrays, objects and scalars; member names not counted) is refused here too,
    /// with one diagnostic at its start, so that time and memory stay bounded whatever the file.
    ///
    /// ## Why it matters
    /// A guideline that does not parse cannot be checked at all, and tools that read it will either
    /// refuse it or guess. Nothing else in the file is reported until it parses.
    ///
    /// ## Example
    /// ```json
    /// {"format": "guidelint/1", "id": "iliopsoas-hematoma",}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"format": "guidelint/1", "id": "iliopsoas-hematoma"}
    /// ```
    pub static INVALID_JSON = {
        name: "invalid-json",
        code: "GL001",
        severity: Error,
        summary: "the file is not well-formed JSON",
        unreadable_document: true,
        fix: None "Where a missing bracket or comma belongs, or what a broken value should be, cannot be told from the text; guidelint never writes a file that is not JSON.",
    }
}

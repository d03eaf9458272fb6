use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static INVALID_CODE = {
        name: "invalid-code",
        code: "GL502",
        severity: Error,
        summary: "a code that fails its system's check (LOINC, SNOMED CT, ICD-10-CM, RxNorm)",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

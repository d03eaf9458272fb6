use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static TREATMENT_WITHOUT_DIAGNOSIS = {
        name: "treatment-without-diagnosis",
        code: "GL401",
        severity: Error,
        summary: "a treatment with missing or empty requires",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

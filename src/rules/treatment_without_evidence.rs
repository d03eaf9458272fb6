use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static TREATMENT_WITHOUT_EVIDENCE = {
        name: "treatment-without-evidence",
        code: "GL407",
        severity: Warning,
        summary: "a treatment with no evidence",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

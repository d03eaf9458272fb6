use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static IMAGING_SEQUENCE = {
        name: "imaging-sequence",
        code: "GL301",
        severity: Error,
        summary: "imaging sequence numbers not unique, not 1..n, or contradicting transition order",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

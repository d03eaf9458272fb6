use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static UNCONFIRMED_DIAGNOSIS = {
        name: "unconfirmed-diagnosis",
        code: "GL402",
        severity: Error,
        summary: "a required diagnosis path with no imaging step",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

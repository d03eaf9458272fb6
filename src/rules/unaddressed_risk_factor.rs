use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static UNADDRESSED_RISK_FACTOR = {
        name: "unaddressed-risk-factor",
        code: "GL406",
        severity: Warning,
        summary: "a modifiable risk factor that no step or treatment addresses",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static IMAGING_ESCALATION = {
        name: "imaging-escalation",
        code: "GL302",
        severity: Error,
        summary: "angiography with no when, or reachable without earlier non-invasive imaging",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static DEAD_END = {
        name: "dead-end",
        code: "GL203",
        severity: Warning,
        summary: "a step with no next that is not terminal",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static UNREACHABLE_STEP = {
        name: "unreachable-step",
        code: "GL201",
        severity: Error,
        summary: "a step not reachable from its path's entry",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

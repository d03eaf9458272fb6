use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static UNUSED_DEFINITION = {
        name: "unused-definition",
        code: "GL103",
        severity: Warning,
        summary: "a finding or source nothing refers to",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

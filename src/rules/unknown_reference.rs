use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static UNKNOWN_REFERENCE = {
        name: "unknown-reference",
        code: "GL102",
        severity: Error,
        summary: "a reference that resolves to nothing or to the wrong kind of thing",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

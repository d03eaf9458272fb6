use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static PLACEHOLDER_TEXT = {
        name: "placeholder-text",
        code: "GL504",
        severity: Warning,
        summary: "TODO, TBD, FIXME, XXX or lorem ipsum in any text",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

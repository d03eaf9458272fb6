use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static SURGERY_WITHOUT_INDICATION = {
        name: "surgery-without-indication",
        code: "GL404",
        severity: Error,
        summary: "a surgical treatment with no indications or no escalates_from",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

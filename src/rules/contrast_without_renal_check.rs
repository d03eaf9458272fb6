use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static CONTRAST_WITHOUT_RENAL_CHECK = {
        name: "contrast-without-renal-check",
        code: "GL303",
        severity: Warning,
        summary: "contrast imaging with no earlier chemistry or renal-function laboratory step",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

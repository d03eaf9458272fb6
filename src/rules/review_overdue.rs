use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static REVIEW_OVERDUE = {
        name: "review-overdue",
        code: "GL501",
        severity: Warning,
        summary: "last_reviewed plus review_interval_months is before today",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static ESCALATION_ORDER = {
        name: "escalation-order",
        code: "GL405",
        severity: Error,
        summary: "escalates_from forming a cycle or escalating to a less invasive category",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

use super::{RuleContext, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// NOT IMPLEMENTED YET.
    pub static INVASIVE_WITHOUT_COAGULATION_SCREEN = {
        name: "invasive-without-coagulation-screen",
        code: "GL403",
        severity: Error,
        summary: "an invasive treatment or angiography whose path has no PT, aPTT or INR laboratory step",
        check: Some(check),
    }
}

fn check(_context: &RuleContext<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

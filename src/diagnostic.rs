//! The one diagnostic type every stage produces and every reporter reads.

use crate::fix::Fix;
use crate::pointer::Pointer;
pub use crate::rule::{Rule, Severity};
use crate::source::Span;
use crate::text::visible;

/// A place in the source with a short noun phrase saying what it is ("this step", "declared here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: visible(message.into()),
        }
    }
}

/// One problem in one document.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// A full sentence saying how to fix the problem.
    pub help: Option<String>,
    /// The primary location; the root for the whole document.
    pub pointer: Pointer,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// The change that would fix the problem, when the stage or rule can tell what it is: applied
    /// by `guidelint check --fix`, offered by an editor as a quick fix.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic at the rule's default severity; configuration may change it later.
    pub fn new(
        rule: &'static Rule,
        message: impl Into<String>,
        pointer: Pointer,
        primary: Label,
    ) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: visible(message.into()),
            help: None,
            pointer,
            primary,
            secondary: Vec::new(),
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(visible(help.into()));
        self
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    /// The diagnostic with `fix`, or as it is when there is none.
    pub fn with_fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        self.fix = fix.into();
        self
    }
}

//! The one diagnostic type every stage produces and every reporter reads.

use crate::rules::Rule;
use crate::source::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// Text as a terminal may safely show it. Messages quote document text (keys, values, bare words),
/// and a control character there could recolor, retitle or overwrite a reader's terminal or CI log;
/// every control character but line feed and tab is written as its JSON escape (`\u001b`).
pub fn visible(text: String) -> String {
    if !text.chars().any(is_hidden_control) {
        return text;
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if is_hidden_control(character) {
            shown.push_str(&format!("\\u{:04x}", u32::from(character)));
        } else {
            shown.push(character);
        }
    }
    shown
}

/// A control character a report must not pass to a terminal as it is.
pub fn is_hidden_control(character: char) -> bool {
    character.is_control() && !matches!(character, '\n' | '\t')
}

/// One problem in one document.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// A full sentence saying how to fix the problem.
    pub help: Option<String>,
    /// RFC 6901 pointer of the primary location; empty for the whole document.
    pub pointer: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
}

impl Diagnostic {
    /// A diagnostic at the rule's default severity; configuration may change it later.
    pub fn new(
        rule: &'static Rule,
        message: impl Into<String>,
        pointer: impl Into<String>,
        primary: Label,
    ) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: visible(message.into()),
            help: None,
            pointer: pointer.into(),
            primary,
            secondary: Vec::new(),
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
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_shown_as_json_escapes() {
        assert_eq!(visible("a\u{1b}[2Jb".to_string()), "a\\u001b[2Jb");
        assert_eq!(visible("x\ry\u{7}".to_string()), "x\\u000dy\\u0007");
        assert_eq!(visible("line\n\tkept".to_string()), "line\n\tkept");
    }
}

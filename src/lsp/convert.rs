//! guidelint's diagnostics as LSP diagnostics: the same rule code, severity, message and help, the
//! primary label's span as the range, and the secondary labels as related information.

use super::text::{Encoding, Text};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

/// The name clients show as the diagnostics' source.
pub const SOURCE: &str = "guidelint";

/// `check` reads a document without its byte-order mark; the editor's text may still hold one.
pub fn bom_length(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// A span of `check` (which drops a byte-order mark) as a span of the editor's text.
pub fn editor_span(span: Span, text: &Text) -> Span {
    let shift = bom_length(text.as_str());
    Span::new(span.start + shift, span.end + shift)
}

pub fn diagnostic(
    diagnostic: &Diagnostic,
    uri: &Uri,
    text: &Text,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let range = |span| text.range(editor_span(span, text), encoding);
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(diagnostic.primary.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.rule.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "rule": diagnostic.rule.name,
            "pointer": diagnostic.pointer.as_str(),
        })),
    }
}

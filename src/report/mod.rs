//! Reporters turn a [`Report`] into text. They never decide severity or filter diagnostics.

pub mod human;
pub mod json;
pub mod rules;

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::source::{Position, SourceFile};

/// A label's place in line/column terms, shared by every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: Position,
    pub end: Position,
}

impl Region {
    pub fn of(source: &SourceFile, span: crate::source::Span) -> Self {
        Region {
            start: source.position(span.start),
            end: source.position(span.end),
        }
    }
}

/// The diagnostics of a report in output order (path, then line, then column), with their source.
pub fn ordered(report: &Report) -> impl Iterator<Item = (&SourceFile, &Diagnostic)> {
    report
        .files
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(move |diagnostic| (&file.source, diagnostic)))
}

/// "1 file", "3 errors".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The closing line of human output: "3 files checked: 2 errors, 1 warning".
pub fn summary_line(report: &Report) -> String {
    let summary = report.summary();
    format!(
        "{} checked: {}, {}",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    )
}

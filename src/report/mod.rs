//! Reporters turn a [`Report`] into text. They never decide severity or filter diagnostics.

pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;
pub mod scenarios;
pub mod short;
pub mod simulation;
pub mod statistics;

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::source::{Position, SourceFile};
use std::path::Path;

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
    report.files.iter().flat_map(|file| {
        file.diagnostics
            .iter()
            .map(move |diagnostic| (&file.source, diagnostic))
    })
}

/// The message followed by the help sentence on its own line, for formats that have one text field.
pub fn message_with_help(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\n{help}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

/// "1 file", "3 errors".
pub use crate::text::plural;

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

/// `text` wrapped to `width` for the explanations of `simulate` and `test`, with its first line
/// indented by `initial` and the rest by `subsequent`. Ids are never broken at their hyphens, nor
/// paths at their slashes, and a transition written "`a` -> `b`" stays on one line.
pub fn wrap(text: &str, width: usize, initial: &str, subsequent: &str) -> String {
    let options = textwrap::Options::new(width)
        .initial_indent(initial)
        .subsequent_indent(subsequent)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    // The spaces of a transition are no-break spaces while wrapping.
    let unbroken = text.replace(" -> ", "\u{a0}->\u{a0}");
    let mut wrapped = textwrap::fill(&unbroken, options).replace('\u{a0}', " ");
    wrapped.push('\n');
    wrapped
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`, so a reader (or a
/// crash) never sees half a report and an older report is replaced whole.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    crate::rewrite::atomic::write_atomically(path, text.as_bytes(), readable_by_others())
}

/// A temporary file is private to its owner; a report is an ordinary file others may read.
#[cfg(unix)]
fn readable_by_others() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_others() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomically_replaces_the_file_and_leaves_nothing_else() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("report.json");
        std::fs::write(&path, "an older, longer report that must not leave a tail").unwrap();
        write_atomically(&path, "{}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_report_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("report.sarif");
        write_atomically(&path, "{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("missing/report.json");
        assert!(write_atomically(&path, "{}").is_err());
        assert!(!path.exists());
    }
}

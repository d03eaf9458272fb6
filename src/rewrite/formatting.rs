//! `guidelint fmt`: lays every document out in the canonical layout ([`crate::formatter`]) and
//! writes it, or lists (`--check`) or shows (`--diff`) what would change.

use super::{Change, StdinDocument, atomic};
use crate::config::Format;
use crate::source::SourceFile;
use crate::{CheckOptions, Document, FileReport, Input, Report, for_each_document};

/// What `fmt` does with a document whose layout changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatAction {
    /// Write it (standard input: hand the new text back).
    Write,
    /// Only name it (`--check`).
    Check,
    /// Keep both texts, to show the difference (`--diff`).
    Diff,
}

/// The outcome of a formatting run.
#[derive(Debug, Default)]
pub struct FormatRun {
    /// Documents laid out (changed or not), written where they had to be.
    pub formatted: usize,
    /// Those whose layout changes, in path order.
    pub changes: Vec<Change>,
    /// Scenario files (`*.scenarios.json`), which are not guideline documents and keep their layout.
    pub skipped: Vec<String>,
    /// Documents that are not JSON (or not UTF-8), with the diagnostics that say why, and the
    /// problems that stopped guidelint: unreadable inputs, files that could not be written.
    pub report: Report,
    /// The document read from standard input, laid out, for the caller to print.
    pub stdin: Option<StdinDocument>,
}

impl FormatRun {
    /// 2 when a file could not be read or written, 1 when a document is not JSON or (without
    /// writing) one would change, else 0.
    pub fn exit_code(&self, action: FormatAction) -> i32 {
        if !self.report.failures.is_empty() {
            2
        } else if !self.report.files.is_empty()
            || (action != FormatAction::Write && !self.changes.is_empty())
        {
            1
        } else {
            0
        }
    }
}

/// Lays out every document the inputs name.
pub fn format(inputs: &[Input], options: &CheckOptions, action: FormatAction) -> FormatRun {
    let mut run = FormatRun::default();
    let layout = options.config.format;
    let failures = for_each_document(
        inputs,
        options,
        |document| format_document(document, options, layout, action),
        |outcome| match outcome {
            Outcome::Skipped(name) => run.skipped.push(name),
            Outcome::NotJson(report, stdin) => {
                run.report.files.push(report);
                if stdin.is_some() {
                    run.stdin = stdin;
                }
            }
            Outcome::Formatted {
                change,
                stdin,
                failure,
            } => {
                // A file that could not be written is a failure, not a formatted file.
                run.formatted += usize::from(failure.is_none());
                run.changes.extend(change);
                if stdin.is_some() {
                    run.stdin = stdin;
                }
                run.report.failures.extend(failure);
            }
        },
    );
    run.report.failures.extend(failures);
    run
}

enum Outcome {
    Skipped(String),
    /// The diagnostics, and for standard input its bytes to print back as they came.
    NotJson(FileReport, Option<StdinDocument>),
    Formatted {
        change: Option<Change>,
        stdin: Option<StdinDocument>,
        failure: Option<String>,
    },
}

fn format_document(
    document: Document,
    options: &CheckOptions,
    layout: Format,
    action: FormatAction,
) -> Outcome {
    let Document { name, path, bytes } = document;
    // Scenario files test a guideline rather than state one (docs/format.md, section 10.1).
    if path
        .as_deref()
        .is_some_and(crate::discover::is_scenario_file)
    {
        return Outcome::Skipped(name);
    }
    let from_stdin = path.is_none();
    let echo = |bytes: &[u8]| {
        (from_stdin && action == FormatAction::Write).then(|| StdinDocument(bytes.to_vec()))
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Outcome::NotJson(crate::check_bytes(&name, &bytes, options), echo(&bytes));
    };
    let formatted = match crate::formatter::format(text, layout) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            let report = FileReport {
                source: SourceFile::new(&name, text),
                diagnostics,
            };
            return Outcome::NotJson(report, echo(&bytes));
        }
    };
    if formatted.as_bytes() == bytes {
        return Outcome::Formatted {
            change: None,
            stdin: echo(&bytes),
            failure: None,
        };
    }
    let mut failure = None;
    let mut stdin = None;
    match (&path, action) {
        (None, FormatAction::Write) => stdin = Some(StdinDocument(formatted.clone().into_bytes())),
        (Some(path), FormatAction::Write) => {
            if let Err(reason) = atomic::replace_document(path, &bytes, formatted.as_bytes()) {
                failure = Some(format!(
                    "cannot write {name}: {reason}; it was left unchanged"
                ));
            }
        }
        _ => {}
    }
    let texts = (action == FormatAction::Diff).then(|| (text.to_string(), formatted));
    Outcome::Formatted {
        change: failure.is_none().then_some(Change { name, texts }),
        stdin,
        failure,
    }
}

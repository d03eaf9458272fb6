//! `guidelint check --fix`, `--unsafe-fixes` and `--diff`: each document is checked, its fixes
//! applied round after round on the re-checked text, and the result written (or shown); the report
//! is the one of the fixed text.

use super::{Change, StdinDocument, atomic};
use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::source::SourceFile;
use crate::{CheckOptions, Document, FileReport, Input, Report, check_source, for_each_document};

/// What `check --fix` is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixSettings {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Write the fixed files; `false` only works out what would change (`--diff`).
    pub write: bool,
}

/// The outcome of a fixing run.
#[derive(Debug, Default)]
pub struct FixRun {
    /// The report of each document as fixed (as it was, where writing it failed), and the
    /// problems that stopped guidelint: unreadable inputs, files that could not be written.
    pub report: Report,
    /// How many fixes were applied (with `--diff`: would be).
    pub applied: usize,
    /// How many diagnostics left in the report have an unsafe fix that was not applied.
    pub unsafe_left: usize,
    /// The documents whose text changed, in path order; with their texts when not written.
    pub changes: Vec<Change>,
    /// The document read from standard input, fixed, for the caller to print.
    pub stdin: Option<StdinDocument>,
}

/// Fixes every document the inputs name.
pub fn fix(inputs: &[Input], options: &CheckOptions, settings: FixSettings) -> FixRun {
    let mut run = FixRun::default();
    let failures = for_each_document(
        inputs,
        options,
        |document| fix_document(document, options, settings),
        |fixed| {
            run.applied += fixed.applied;
            run.unsafe_left += fixed.unsafe_left;
            run.changes.extend(fixed.change);
            if fixed.stdin.is_some() {
                run.stdin = fixed.stdin;
            }
            if let Some(failure) = fixed.failure {
                run.report.failures.push(failure);
            }
            run.report.add(fixed.report, options.list_clean_files);
        },
    );
    run.report.failures.extend(failures);
    run
}

/// One document, fixed.
struct Fixed {
    report: FileReport,
    applied: usize,
    unsafe_left: usize,
    change: Option<Change>,
    stdin: Option<StdinDocument>,
    failure: Option<String>,
}

fn fix_document(document: Document, options: &CheckOptions, settings: FixSettings) -> Fixed {
    let Document { name, path, bytes } = document;
    let from_stdin = path.is_none();
    let unchanged = |report: FileReport, bytes: Vec<u8>| Fixed {
        report: kept(report, options),
        applied: 0,
        unsafe_left: 0,
        change: None,
        stdin: from_stdin.then_some(StdinDocument(bytes)),
        failure: None,
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        // Not UTF-8: reported as `invalid-json`, never written.
        let report = crate::check_bytes(&name, &bytes, options);
        return unchanged(report, bytes);
    };
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let Some(fixed) = fix_text(&name, &text[bom.len()..], options, settings.unsafe_fixes) else {
        let report = crate::check_bytes(&name, &bytes, options);
        return unchanged(report, bytes);
    };
    let unsafe_left = fixed
        .checked
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .filter(|fix| !fix.is_applied_with(settings.unsafe_fixes))
        .count();
    let report = FileReport {
        source: SourceFile::from_string(&name, fixed.text.clone()),
        diagnostics: fixed.checked,
    };
    if fixed.applied == 0 || fixed.text == text[bom.len()..] {
        return Fixed {
            unsafe_left,
            ..unchanged(report, bytes)
        };
    }
    let after = format!("{bom}{}", fixed.text);
    let mut outcome = Fixed {
        report: kept(report, options),
        applied: fixed.applied,
        unsafe_left,
        change: Some(Change {
            name: name.clone(),
            texts: (!settings.write).then(|| (text.to_string(), after.clone())),
        }),
        stdin: None,
        failure: None,
    };
    match (&path, settings.write) {
        (None, _) => outcome.stdin = Some(StdinDocument(after.into_bytes())),
        (Some(_), false) => {}
        (Some(path), true) => {
            if let Err(reason) = atomic::replace_document(path, &bytes, after.as_bytes()) {
                // The file is as it was: so is its report.
                let report = crate::check_bytes(&name, &bytes, options);
                return Fixed {
                    failure: Some(format!(
                        "cannot write {name}: {reason}; it was left unchanged"
                    )),
                    ..unchanged(report, bytes)
                };
            }
        }
    }
    outcome
}

/// The report as `check` keeps it: the text only of a document with something to show.
fn kept(report: FileReport, options: &CheckOptions) -> FileReport {
    if report.diagnostics.is_empty() {
        FileReport {
            source: report.source.into_path_only(),
            diagnostics: report.diagnostics,
        }
    } else {
        report.keeping(options.source_text)
    }
}

/// Checks `text` (a document without its byte-order mark, reported as `name`) and applies its
/// fixes round after round until none is left, as `check --fix` does (with `unsafe_fixes`, as
/// `--unsafe-fixes` does): the fixed text, its diagnostics and how many fixes were applied. `None`
/// when the document is not JSON, which is never fixed. An editor's "fix all" is this function.
pub fn fix_text(
    name: &str,
    text: &str,
    options: &CheckOptions,
    unsafe_fixes: bool,
) -> Option<crate::fix::Fixed<Vec<Diagnostic>>> {
    // A round must never make the document harder to read than it was.
    let mut repeated_keys_before: Option<usize> = None;
    crate::fix::fix_until_stable(text.to_string(), |candidate| {
        let source = SourceFile::new(name, candidate);
        let diagnostics = check_source(&source, options);
        let count = |rule: &crate::rule::Rule| {
            diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.rule == rule)
                .count()
        };
        let not_json = count(&crate::rules::INVALID_JSON) > 0;
        let repeated_keys = count(&crate::rules::DUPLICATE_KEY);
        match repeated_keys_before {
            None if not_json => return None,
            None => repeated_keys_before = Some(repeated_keys),
            Some(before) if not_json || repeated_keys > before => return None,
            Some(_) => {}
        }
        let fixes: Vec<Fix> = diagnostics
            .iter()
            .filter_map(|diagnostic| diagnostic.fix.clone())
            .filter(|fix| fix.is_applied_with(unsafe_fixes))
            .collect();
        Some((diagnostics, fixes))
    })
}

//! guidelint: a validator and linter for structured clinical guidelines.
//!
//! Data flows one way: file bytes -> [`source::SourceFile`] -> [`parse`] (value + spans) ->
//! [`schema`] -> consistency [`rules`] -> [`diagnostic::Diagnostic`]s -> [`report`].

pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod model;
pub mod parse;
pub mod paths;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suppress;

use diagnostic::{Diagnostic, Label, Severity};
use source::{SourceFile, Span};

/// Settings that change what a check reports.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date `review-overdue` and `date-order` compare against.
    pub today: jiff::civil::Date,
    /// Rule severities and file selection from `guidelint.toml`.
    pub config: config::Config,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: jiff::ZonedDateTime::now().date(),
            config: config::Config::default(),
        }
    }
}

/// The diagnostics of one document. A report keeps the document's text only when it has diagnostics
/// to show, so memory stays flat however many clean documents a run checks.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }
}

/// The outcome of a whole run: one report per document, in path order, and the problems that stopped
/// guidelint from checking something (a missing path, an unreadable file).
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub failures: Vec<String>,
}

/// Totals for the summary line and the machine formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        Summary {
            files: self.files.len(),
            errors: self
                .files
                .iter()
                .map(|file| file.count(Severity::Error))
                .sum(),
            warnings: self
                .files
                .iter()
                .map(|file| file.count(Severity::Warning))
                .sum(),
        }
    }

    /// FORMAT.md section 6: 2 when the tool could not do its job, 1 for any error, else 0.
    pub fn exit_code(&self) -> i32 {
        self.exit_code_with(&WarningPolicy::default())
    }

    /// [`Report::exit_code`], where warnings also fail the run when `policy` says so.
    pub fn exit_code_with(&self, policy: &WarningPolicy) -> i32 {
        let summary = self.summary();
        if !self.failures.is_empty() {
            2
        } else if summary.errors > 0 || policy.rejects(summary.warnings).is_some() {
            1
        } else {
            0
        }
    }
}

/// When warnings fail a run: `--deny-warnings` (any warning) and `--max-warnings N` (more than N).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarningPolicy {
    pub deny: bool,
    pub max: Option<usize>,
}

impl WarningPolicy {
    /// Why `warnings` fail the run, or `None` when they are allowed.
    pub fn rejects(&self, warnings: usize) -> Option<String> {
        if self.deny && warnings > 0 {
            Some(format!(
                "{}; --deny-warnings fails the run on any warning",
                report::plural(warnings, "warning")
            ))
        } else {
            match self.max {
                Some(max) if warnings > max => Some(format!(
                    "{}; --max-warnings {max} allows at most {max}",
                    report::plural(warnings, "warning")
                )),
                _ => None,
            }
        }
    }
}

/// Checks one document given as raw bytes (as read from a file or stdin).
pub fn check_bytes(path: &str, bytes: &[u8], options: &CheckOptions) -> FileReport {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(path, text);
            let diagnostics = check_source(&source, options);
            let source = if diagnostics.is_empty() {
                SourceFile::new(path, "")
            } else {
                source
            };
            FileReport {
                source,
                diagnostics,
            }
        }
        Err(error) => {
            // Show the text with replacement characters; bytes before the error are unchanged, so
            // the offset still points at the first bad byte.
            let source = SourceFile::new(path, &String::from_utf8_lossy(bytes));
            let offset = error.valid_up_to();
            let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
            let start = offset.saturating_sub(bom);
            let end = source.text()[start..]
                .chars()
                .next()
                .map_or(start, |character| start + character.len_utf8());
            let diagnostic = Diagnostic::new(
                &rules::INVALID_JSON,
                "the file is not valid UTF-8",
                "",
                Label::new(Span::new(start, end), "invalid byte sequence"),
            )
            .with_help("Save the file as UTF-8; JSON documents must be UTF-8 encoded.");
            FileReport {
                source,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// Runs every stage on one document and returns its diagnostics sorted by position.
pub fn check_source(source: &SourceFile, options: &CheckOptions) -> Vec<Diagnostic> {
    let outcome = parse::parse(source);
    let mut diagnostics = outcome.diagnostics;
    if let Some(document) = outcome.document {
        let schema_diagnostics = schema::check(&document);
        // Consistency rules need the document's shape; they run once the schema is satisfied.
        if schema_diagnostics.is_empty() {
            diagnostics = run_rules(&document, diagnostics, options);
        } else {
            diagnostics.extend(schema_diagnostics);
        }
    }
    let config = &options.config;
    diagnostics.retain_mut(|diagnostic| match config.severity(diagnostic.rule) {
        Some(severity) => {
            diagnostic.severity = severity;
            true
        }
        None => false,
    });
    diagnostics.sort_by(|a, b| {
        (a.primary.span.start, a.rule.code, &a.message).cmp(&(
            b.primary.span.start,
            b.rule.code,
            &b.message,
        ))
    });
    diagnostics
}

/// Runs the consistency rules and suppressions on a schema-valid document, after the diagnostics
/// the parse stage already found.
pub fn run_rules(
    document: &parse::ParsedDocument,
    mut diagnostics: Vec<Diagnostic>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let guideline = match <model::Guideline as serde::Deserialize>::deserialize(&document.value) {
        Ok(guideline) => guideline,
        Err(error) => {
            // The schema admits only documents the model can hold; reaching this is a bug in one of them.
            diagnostics.push(
                Diagnostic::new(
                    &rules::SCHEMA,
                    format!("the document matches the schema but not guidelint's model: {error}"),
                    "",
                    Label::new(document.spans.value(""), "this document"),
                )
                .with_help("Please report this as a guidelint bug, with the document attached."),
            );
            return diagnostics;
        }
    };
    let context = rules::RuleContext::new(
        &guideline,
        &document.value,
        &document.spans,
        &document.text,
        options.today,
    );
    for rule in rules::ALL {
        if let Some(check) = rule.check
            && options.config.severity(rule).is_some()
        {
            diagnostics.extend(check(&context));
        }
    }
    suppress::apply(&guideline, &document.spans, diagnostics, &options.config)
}

/// Where documents come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or a folder (searched recursively for `*.json`).
    Path(std::path::PathBuf),
    /// Standard input, reported under the given name.
    Stdin { name: String },
}

/// Checks every input; one broken document never stops the others. Documents are checked in
/// parallel; the report lists them sorted by path, so the output is the same on every run.
pub fn check(inputs: &[Input], options: &CheckOptions) -> Report {
    use rayon::prelude::*;

    let mut report = Report::default();
    let selection = match discover::Selection::new(&options.config.files, options.config.root()) {
        Ok(selection) => selection,
        Err(message) => {
            let file = options
                .config
                .path
                .as_deref()
                .map(discover::display_path)
                .unwrap_or_default();
            report.failures.push(format!("{file}: {message}"));
            return report;
        }
    };
    let mut paths = Vec::new();
    for input in inputs {
        match input {
            Input::Path(path) => {
                let found = discover::documents(path, &selection);
                paths.extend(found.documents);
                report.failures.extend(found.failures);
            }
            Input::Stdin { name } => {
                let mut bytes = Vec::new();
                match std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
                    Ok(_) => report.files.push(check_bytes(name, &bytes, options)),
                    Err(error) => report
                        .failures
                        .push(format!("cannot read standard input: {error}")),
                }
            }
        }
    }
    // `a.json` and `./a.json` are one document: key by the path as reported.
    let mut documents: Vec<(String, std::path::PathBuf)> = paths
        .into_iter()
        .map(|path| (discover::display_path(&path), path))
        .collect();
    documents.sort();
    documents.dedup_by(|a, b| a.0 == b.0);
    let checked: Vec<Result<FileReport, String>> = documents
        .par_iter()
        .map(|(display, path)| match std::fs::read(path) {
            Ok(bytes) => Ok(check_bytes(display, &bytes, options)),
            Err(error) => Err(format!("cannot read {display}: {error}")),
        })
        .collect();
    for outcome in checked {
        match outcome {
            Ok(file) => report.files.push(file),
            Err(failure) => report.failures.push(failure),
        }
    }
    report
        .files
        .sort_by(|a, b| a.source.path().cmp(b.source.path()));
    report
}

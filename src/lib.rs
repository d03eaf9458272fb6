//! guidelint: a validator and linter for structured clinical guidelines.
//!
//! Data flows one way: file bytes -> [`source::SourceFile`] -> [`parse`] (value + spans) ->
//! [`schema`] -> consistency [`rules`] -> [`diagnostic::Diagnostic`]s -> [`report`].

// The library never prints: it returns text, and `main` writes it where a closed pipe cannot panic.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod formatter;
pub mod hash;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod paths;
pub mod pointer;
pub mod render;
pub mod report;
pub mod rewrite;
pub mod rule;
pub mod rules;
pub mod scenarios;
pub mod schema;
pub mod semantics;
pub mod simulate;
pub mod source;
pub mod suppress;
pub mod text;
pub mod tree;

use diagnostic::{Diagnostic, Label, Severity};
use source::{SourceFile, Span};

/// Settings that change what a check reports.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date `review-overdue` and `date-order` compare against.
    pub today: jiff::civil::Date,
    /// Rule severities and file selection from `guidelint.toml`.
    pub config: config::Config,
    /// Keep a report for every clean document, not just a count (JUnit lists each file).
    pub list_clean_files: bool,
    /// Apply `[files]` include and exclude to files named on the command line too (`--force-exclude`).
    pub force_exclude: bool,
    /// How much of each document with diagnostics the report keeps.
    pub source_text: SourceText,
}

/// How much of a document's text a report keeps once the document is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceText {
    /// All of it.
    Whole,
    /// The lines around each diagnostic's labels, `lines` before and after them (what a report that
    /// quotes the document shows), and the positions of its labels.
    Excerpts { lines: usize },
    /// Only the positions of the labels, for reports that never quote the document.
    Positions,
}

impl CheckOptions {
    /// The defaults, comparing dates against `today`: no guidelint.toml, clean files only counted,
    /// named files always checked.
    pub fn on(today: jiff::civil::Date) -> Self {
        CheckOptions {
            today,
            config: config::Config::default(),
            list_clean_files: false,
            force_exclude: false,
            source_text: SourceText::Whole,
        }
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions::on(jiff::ZonedDateTime::now().date())
    }
}

/// The diagnostics of one document. A report keeps the document's text only when it has diagnostics
/// to show, so memory stays flat however many clean documents a run checks; and of those, `check`
/// keeps what [`CheckOptions::source_text`] asks for.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// The report keeping `kept` of its source's text.
    pub fn keeping(self, kept: SourceText) -> FileReport {
        // The spans of each diagnostic's labels.
        let groups = || -> Vec<Vec<source::Span>> {
            self.diagnostics
                .iter()
                .map(|diagnostic| {
                    std::iter::once(&diagnostic.primary)
                        .chain(&diagnostic.secondary)
                        .map(|label| label.span)
                        .collect()
                })
                .collect()
        };
        let source = match kept {
            SourceText::Whole => return self,
            SourceText::Excerpts { lines } => self.source.excerpts(&groups(), lines),
            // The machine formats also place each fix's edits.
            SourceText::Positions => {
                let edits = self
                    .diagnostics
                    .iter()
                    .filter_map(|diagnostic| diagnostic.fix.as_ref())
                    .flat_map(|fix| fix.edits().iter().map(|edit| edit.span()));
                let spans: Vec<source::Span> =
                    groups().into_iter().flatten().chain(edits).collect();
                self.source
                    .without_text(spans.iter().flat_map(|span| [span.start, span.end]))
            }
        };
        FileReport {
            source,
            diagnostics: self.diagnostics,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }
}

/// The outcome of a whole run: the reports of documents with diagnostics (and of clean ones when
/// [`CheckOptions::list_clean_files`] asks), in path order, and the problems that stopped guidelint
/// from checking something (a missing path, an unreadable file). Clean documents are otherwise only
/// counted, so memory does not grow with the number of files.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// Clean documents checked but not kept in `files`.
    pub unlisted_clean_files: usize,
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
            files: self.files.len() + self.unlisted_clean_files,
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

    /// Adds one checked document, keeping its report only when it has something to show.
    pub fn add(&mut self, file: FileReport, list_clean_files: bool) {
        if file.diagnostics.is_empty() && !list_clean_files {
            self.unlisted_clean_files += 1;
        } else {
            self.files.push(file);
        }
    }

    /// docs/format.md section 6: 2 when the tool could not do its job, 1 for any error, else 0.
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
                text::plural(warnings, "warning")
            ))
        } else {
            match self.max {
                Some(max) if warnings > max => Some(format!(
                    "{}; --max-warnings {max} allows at most {max}",
                    text::plural(warnings, "warning")
                )),
                _ => None,
            }
        }
    }
}

/// Checks one document given as raw bytes (as read from a file or stdin).
pub fn check_bytes(path: &str, bytes: &[u8], options: &CheckOptions) -> FileReport {
    check_owned_bytes(path, bytes.to_vec(), options)
}

/// [`check_bytes`] on bytes the caller gives away, such as a file just read: UTF-8 text becomes
/// the report's source without a copy.
pub fn check_owned_bytes(path: &str, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::from_string(path, text);
            let diagnostics = check_source(&source, options);
            let source = if diagnostics.is_empty() {
                source.into_path_only()
            } else {
                source
            };
            FileReport {
                source,
                diagnostics,
            }
        }
        Err(error) => not_utf8(path, &error),
    }
}

/// The report of a file that is not UTF-8: one `invalid-json` diagnostic at the first bad byte.
pub fn not_utf8(path: &str, error: &std::string::FromUtf8Error) -> FileReport {
    let bytes = error.as_bytes();
    let error = error.utf8_error();
    // Show the text with replacement characters; bytes before the error are unchanged, so the
    // offset still points at the first bad byte.
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
        pointer::Pointer::root(),
        Label::new(Span::new(start, end), "invalid byte sequence"),
    )
    .with_help("Save the file as UTF-8; JSON documents must be UTF-8 encoded.");
    FileReport {
        source,
        diagnostics: vec![diagnostic],
    }
}

/// Runs every stage on one document and returns its diagnostics sorted by position.
pub fn check_source(source: &SourceFile, options: &CheckOptions) -> Vec<Diagnostic> {
    check_source_then(source, options, |diagnostics, _, _| diagnostics)
}

/// [`check_source`], then `then` with the diagnostics, the parsed document (when the text is
/// JSON) and the model the rules read (when the document satisfied the schema), so a caller that
/// also reads the document (the review site of `render`) parses it and reads its model once.
pub fn check_source_then<R>(
    source: &SourceFile,
    options: &CheckOptions,
    then: impl FnOnce(
        Vec<Diagnostic>,
        Option<&parse::ParsedDocument<'_>>,
        Option<&model::Guideline<'_>>,
    ) -> R,
) -> R {
    let outcome = parse::parse(source);
    let mut diagnostics = outcome.diagnostics;
    let mut guideline = None;
    if let Some(document) = &outcome.document {
        let schema_diagnostics = schema::check(document);
        // Consistency rules need the document's shape; they run once the schema is satisfied.
        if schema_diagnostics.is_empty() {
            if let Some(model) = read_model(document, &mut diagnostics) {
                diagnostics = run_rules_on(&model, document, diagnostics, options);
                guideline = Some(model);
            }
        } else {
            diagnostics.extend(schema_diagnostics);
        }
    }
    let config = &options.config;
    diagnostics.retain_mut(|diagnostic| {
        match config.severity_of(diagnostic.rule, diagnostic.severity) {
            Some(severity) => {
                diagnostic.severity = severity;
                true
            }
            None => false,
        }
    });
    diagnostics.sort_by(|a, b| {
        (a.primary.span.start, a.rule.code, &a.message).cmp(&(
            b.primary.span.start,
            b.rule.code,
            &b.message,
        ))
    });
    then(diagnostics, outcome.document.as_ref(), guideline.as_ref())
}

/// Runs the consistency rules and suppressions on a schema-valid document, after the diagnostics
/// the parse stage already found.
pub fn run_rules(
    document: &parse::ParsedDocument<'_>,
    mut diagnostics: Vec<Diagnostic>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    match read_model(document, &mut diagnostics) {
        Some(guideline) => run_rules_on(&guideline, document, diagnostics, options),
        None => diagnostics,
    }
}

/// The model of a schema-valid document; when it does not fit, a diagnostic that says so is
/// added to `diagnostics`.
fn read_model<'a>(
    document: &'a parse::ParsedDocument<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<model::Guideline<'a>> {
    match <model::Guideline as serde::Deserialize>::deserialize(document.tree.root()) {
        Ok(guideline) => Some(guideline),
        Err(error) => {
            // The schema admits only documents the model can hold; reaching this is a bug in one of them.
            diagnostics.push(
                Diagnostic::new(
                    &rules::SCHEMA,
                    format!("the document matches the schema but not guidelint's model: {error}"),
                    pointer::Pointer::root(),
                    Label::new(document.spans.value(""), "this document"),
                )
                .with_help("Please report this as a guidelint bug, with the document attached."),
            );
            None
        }
    }
}

/// [`run_rules`] on the document's model, already read.
fn run_rules_on(
    guideline: &model::Guideline<'_>,
    document: &parse::ParsedDocument<'_>,
    mut diagnostics: Vec<Diagnostic>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    // A document's own profiles replace the configuration's default (docs/format.md section 1.14).
    let profiles = guideline
        .lint
        .profiles
        .clone()
        .unwrap_or_else(|| options.config.profiles.clone());
    let context = rules::RuleContext::new(
        guideline,
        document.tree.root(),
        &document.spans,
        &document.text,
        options.today,
    )
    .with_profiles(profiles);
    let runs =
        |rule: &rules::Rule| context.applies(rule) && options.config.severity(rule).is_some();
    diagnostics.extend(rules::run(&context, runs));
    suppress::apply(guideline, &document.spans, diagnostics, &runs)
}

/// Where documents come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or a folder (searched recursively for `*.json`).
    Path(std::path::PathBuf),
    /// Standard input, reported under the given name.
    Stdin { name: String },
}

impl Input {
    /// The name the report uses for this input.
    fn display_name(&self) -> String {
        match self {
            Input::Path(path) => discover::display_path(path),
            Input::Stdin { name } => name.clone(),
        }
    }
}

/// A document discovery handed over for checking.
enum Pending {
    File {
        display: String,
        path: std::path::PathBuf,
    },
    Stdin {
        name: String,
        bytes: std::io::Result<Vec<u8>>,
    },
}

/// Documents checked together on all cores before their reports are added, in order. Each batch
/// ends with a wait for its slowest document and the cores going idle: at 256 that cost about 10%
/// of a 2,000-document run, at 1,024 it is lost in the noise. A task per document (rayon scope) or
/// `par_bridge` over the discovery channel measured slower still. Memory stays bounded: a batch is
/// at most this many paths and small reports.
const BATCH: usize = 1024;

/// Starts compiling the schema on another core, once per process. Compiling takes about 2 ms
/// (building the validator, first use of its code and memory); `check` calls this, and a caller
/// that has other work to do first (reading configuration) can call it earlier still.
pub fn prepare_in_background() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| rayon::spawn(schema::prepare));
}

/// Checks every input; one broken document never stops the others.
///
/// Discovery runs on its own thread and hands documents over as it finds them; batches of them are
/// checked in parallel and added to the report in path order (inputs sorted by path, each folder
/// walked in sorted order), so the output is the same on every run. A document reached through two
/// inputs is checked once. Clean documents leave only a count behind: memory stays flat however many
/// files a run checks.
pub fn check(inputs: &[Input], options: &CheckOptions) -> Report {
    let mut report = Report::default();
    let failures = for_each_document(
        inputs,
        options,
        |document| {
            let file = check_owned_bytes(&document.name, document.bytes, options);
            if file.diagnostics.is_empty() {
                file
            } else {
                file.keeping(options.source_text)
            }
        },
        |file| report.add(file, options.list_clean_files),
    );
    report.failures = failures;
    report
}

/// One document discovery found, read: a file, or standard input.
#[derive(Debug)]
pub struct Document {
    /// The name reports use: the path as given or found, or the stdin name.
    pub name: String,
    /// Where the file is; `None` for standard input.
    pub path: Option<std::path::PathBuf>,
    pub bytes: Vec<u8>,
}

/// Runs `work` on every document the inputs name, in parallel batches, and hands each result to
/// `done` in path order (what [`check`] reports; what `check --fix` and `fmt` write). Returns the
/// problems that kept a document from being read (a missing path, an unreadable file), in order.
pub fn for_each_document<T: Send>(
    inputs: &[Input],
    options: &CheckOptions,
    work: impl Fn(Document) -> T + Sync,
    mut done: impl FnMut(T),
) -> Vec<String> {
    use rayon::prelude::*;

    let mut failures = Vec::new();
    let selection = match discover::Selection::new(&options.config.files, options.config.root()) {
        Ok(selection) => selection,
        Err(message) => {
            let file = options
                .config
                .path
                .as_deref()
                .map(discover::display_path)
                .unwrap_or_default();
            failures.push(format!("{file}: {message}"));
            return failures;
        }
    };
    let mut inputs: Vec<(String, &Input)> = inputs
        .iter()
        .map(|input| (input.display_name(), input))
        .collect();
    inputs.sort_by(|a, b| std::path::Path::new(&a.0).cmp(std::path::Path::new(&b.0)));
    prepare_in_background();
    // Room for one batch: discovery stays a batch ahead of checking. The channel's slots are
    // allocated and written when it is made; four batches' worth cost 80 page faults, 0.3 ms a run.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Pending, String>>(BATCH);
    std::thread::scope(|scope| {
        let force_exclude = options.force_exclude;
        scope.spawn(move || discover_inputs(&inputs, &selection, force_exclude, &sender));
        let mut batch: Vec<Pending> = Vec::with_capacity(BATCH);
        let mut discovering = true;
        while discovering {
            discovering = next_batch(&receiver, &mut batch, &mut failures);
            let finished: Vec<Result<T, String>> = batch
                .par_drain(..)
                .map(|pending| match pending {
                    Pending::File { display, path } => match std::fs::read(&path) {
                        Ok(bytes) => Ok(work(Document {
                            name: display,
                            path: Some(path),
                            bytes,
                        })),
                        Err(error) => Err(format!("cannot read {display}: {error}")),
                    },
                    Pending::Stdin { name, bytes } => match bytes {
                        Ok(bytes) => Ok(work(Document {
                            name,
                            path: None,
                            bytes,
                        })),
                        Err(error) => Err(format!("cannot read standard input: {error}")),
                    },
                })
                .collect();
            for outcome in finished {
                match outcome {
                    Ok(result) => done(result),
                    Err(failure) => failures.push(failure),
                }
            }
        }
    });
    failures
}

/// Fills `batch` with the next documents discovery found: waits for one, then takes whatever else is
/// already there, up to [`BATCH`]. The cores start on the first document at once, and batches grow
/// to full size as discovery runs ahead (it is much faster than checking). Returns whether discovery
/// may still send more.
fn next_batch(
    receiver: &std::sync::mpsc::Receiver<Result<Pending, String>>,
    batch: &mut Vec<Pending>,
    failures: &mut Vec<String>,
) -> bool {
    use std::sync::mpsc::TryRecvError;
    while batch.is_empty() {
        match receiver.recv() {
            Ok(Ok(pending)) => batch.push(pending),
            Ok(Err(failure)) => failures.push(failure),
            Err(_) => return false,
        }
    }
    while batch.len() < BATCH {
        match receiver.try_recv() {
            Ok(Ok(pending)) => batch.push(pending),
            Ok(Err(failure)) => failures.push(failure),
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => return false,
        }
    }
    true
}

/// Walks the inputs in order and sends each document (or failure) as soon as it is found. `a.json`
/// and `./a.json` are one document: with several inputs, repeats are keyed by the path as reported.
fn discover_inputs(
    inputs: &[(String, &Input)],
    selection: &discover::Selection,
    force_exclude: bool,
    sender: &std::sync::mpsc::SyncSender<Result<Pending, String>>,
) {
    let mut seen = std::collections::HashSet::new();
    let deduplicate = inputs.len() > 1;
    for (name, input) in inputs {
        match input {
            Input::Stdin { name: stdin_name } => {
                let mut bytes = Vec::new();
                let bytes =
                    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes);
                if !deduplicate || seen.insert(name.clone()) {
                    // A send fails only when the checking side has gone; nothing is left to do then.
                    let _ = sender.send(Ok(Pending::Stdin {
                        name: stdin_name.clone(),
                        bytes,
                    }));
                }
            }
            Input::Path(path) => discover::walk(path, selection, force_exclude, |found| {
                let message = match found {
                    discover::Found::Document(path) => {
                        let display = discover::display_path(&path);
                        if deduplicate && !seen.insert(display.clone()) {
                            return;
                        }
                        Ok(Pending::File { display, path })
                    }
                    discover::Found::Failure(failure) => Err(failure),
                };
                let _ = sender.send(message);
            }),
        }
    }
}

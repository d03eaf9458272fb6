//! `guidelint test`: scenario files (`*.scenarios.json`, docs/format.md, section 10) played
//! through their guidelines with the one pathway semantics ([`crate::semantics`]).
//!
//! A run finds scenario files in the folders given (and takes those named), reads each like a
//! guideline (parse with spans, schema, model), finds the guideline it names (by id among the
//! guidelines in the scenario file's folder and in the paths given, or by relative path), checks
//! that guideline (one with errors is not played), then plays every scenario, reports each failed
//! expectation as a diagnostic at its id, and measures coverage per guideline. Data flows one way:
//! nothing here prints; `crate::report::scenarios` renders a [`TestRun`].

pub mod coverage;
mod expect;
pub mod file;

use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{Found, Selection, display_path};
use crate::discover::{SCENARIO_SUFFIX, is_scenario_file};
use crate::hash::Map;
use crate::model::{Guideline, IdKind};
use crate::rules::SCENARIO_GUIDELINE;
use crate::semantics::Semantics;
use crate::source::SourceFile;
use crate::{CheckOptions, FileReport, Report};
use coverage::GuidelineCoverage;
use file::LoadedFile;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Settings of a test run.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// How guidelines are checked before their scenarios run (configuration, date).
    pub check: CheckOptions,
    /// Fail the run when a guideline's coverage is below this percentage.
    pub min_coverage: Option<f64>,
}

/// The outcome of a test run.
#[derive(Debug, Default)]
pub struct TestRun {
    /// The files with diagnostics (scenario files, and guidelines with errors that scenarios
    /// name), in path order; `failures` holds what stopped the run from testing something.
    pub report: Report,
    /// Every scenario of the scenario files that could be read, by file then position.
    pub scenarios: Vec<ScenarioResult>,
    /// One per guideline the scenarios play, in path order.
    pub coverage: Vec<GuidelineCoverage>,
    /// How many scenario files the run found.
    pub scenario_files: usize,
    pub min_coverage: Option<f64>,
    /// Said instead of a summary when there was nothing to test.
    pub notice: Option<String>,
}

/// One scenario's outcome.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario file, as reported.
    pub file: String,
    pub name: String,
    /// The guideline's id, when it was found.
    pub guideline: Option<String>,
    pub status: ScenarioStatus,
    /// Why it failed or did not run: its diagnostics, or the reason its guideline could not be
    /// used.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioStatus {
    Passed,
    Failed,
    /// Its guideline could not be used (missing, ambiguous, with errors).
    NotRun,
}

impl ScenarioStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioStatus::Passed => "passed",
            ScenarioStatus::Failed => "failed",
            ScenarioStatus::NotRun => "not-run",
        }
    }
}

/// A reason a scenario failed (or, for a warning, a remark on it), with where it points.
#[derive(Debug, Clone)]
pub struct Note {
    pub severity: Severity,
    pub rule: &'static str,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl TestRun {
    /// Scenarios with each status.
    pub fn count(&self, status: ScenarioStatus) -> usize {
        self.scenarios
            .iter()
            .filter(|scenario| scenario.status == status)
            .count()
    }

    /// The guidelines whose coverage is below `--min-coverage`.
    pub fn below_minimum(&self) -> Vec<&GuidelineCoverage> {
        match self.min_coverage {
            Some(minimum) => self
                .coverage
                .iter()
                .filter(|coverage| !coverage.reaches(minimum))
                .collect(),
            None => Vec::new(),
        }
    }

    /// As `check`: 2 when something could not be tested, 1 for an error or a failed scenario or
    /// coverage below the minimum, else 0.
    pub fn exit_code(&self) -> i32 {
        if !self.report.failures.is_empty() {
            2
        } else if self.report.summary().errors > 0
            || self.count(ScenarioStatus::Failed) > 0
            || self.count(ScenarioStatus::NotRun) > 0
            || !self.below_minimum().is_empty()
        {
            1
        } else {
            0
        }
    }
}

/// Runs the scenario files found in `inputs` (folders searched recursively, files taken as named).
pub fn run(inputs: &[PathBuf], options: &TestOptions) -> TestRun {
    let mut run = TestRun {
        min_coverage: options.min_coverage,
        ..TestRun::default()
    };
    let config = &options.check.config;
    let selection = match Selection::new(&config.files, config.root()) {
        Ok(selection) => selection.with_scenario_files(),
        Err(message) => {
            let file = config.path.as_deref().map(display_path).unwrap_or_default();
            run.report.failures.push(format!("{file}: {message}"));
            return run;
        }
    };
    let (scenario_paths, guideline_paths) = find(inputs, &selection, &mut run.report.failures);
    if scenario_paths.is_empty() && run.report.failures.is_empty() {
        // Nothing to test is not a failure (docs/format.md, section 10.6); the reports say so.
        let searched: Vec<String> = inputs.iter().map(|input| display_path(input)).collect();
        run.notice = Some(format!(
            "no scenario files (`*{}`) in {}",
            SCENARIO_SUFFIX,
            searched.join(", ")
        ));
    }
    run.scenario_files = scenario_paths.len();

    let mut files: Vec<LoadedFile> = Vec::with_capacity(scenario_paths.len());
    for path in &scenario_paths {
        match std::fs::read(path) {
            Ok(bytes) => files.push(file::load(&display_path(path), bytes)),
            Err(error) => run
                .report
                .failures
                .push(format!("cannot read {}: {error}", display_path(path))),
        }
    }

    // Which guideline each scenario file tests.
    let mut ids = IdCache::default();
    let mut resolutions: Map<(PathBuf, String), Result<PathBuf, Unresolved>> = Map::default();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (index, loaded) in files.iter_mut().enumerate() {
        let Some(model) = &loaded.model else {
            continue;
        };
        let folder = Path::new(loaded.source.path())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // Scenario files side by side name the same guideline: resolve each name once per folder.
        let resolution = resolutions
            .entry((folder.clone(), model.guideline.clone()))
            .or_insert_with(|| resolve(&model.guideline, &folder, &guideline_paths, &mut ids))
            .clone();
        match resolution {
            Ok(path) => groups
                .entry(key(&path))
                .or_insert_with(|| Group::new(path))
                .files
                .push(index),
            Err(unresolved) => {
                let diagnostic = Diagnostic::new(
                    &SCENARIO_GUIDELINE,
                    unresolved.message,
                    file::guideline_pointer(),
                    loaded.label(&file::guideline_pointer(), unresolved.label),
                )
                .with_help(unresolved.help);
                loaded.diagnostics.push(diagnostic);
                not_run(&mut run, loaded, None, "its guideline was not found");
            }
        }
    }
    for group in groups.into_values() {
        test_guideline(&group, &mut files, options, &mut run);
    }

    for mut loaded in files {
        loaded
            .diagnostics
            .retain_mut(|diagnostic| match config.severity(diagnostic.rule) {
                Some(severity) => {
                    diagnostic.severity = severity;
                    true
                }
                None => false,
            });
        loaded
            .diagnostics
            .sort_by_key(|diagnostic| diagnostic.primary.span.start);
        run.report.add(
            FileReport {
                source: loaded.source,
                diagnostics: loaded.diagnostics,
            },
            false,
        );
    }
    run.report
        .files
        .sort_by(|a, b| Path::new(a.source.path()).cmp(Path::new(b.source.path())));
    // Scenarios were added guideline by guideline; list them file by file, in file order.
    run.scenarios
        .sort_by(|a, b| Path::new(&a.file).cmp(Path::new(&b.file)));
    run.coverage
        .sort_by(|a, b| Path::new(&a.path).cmp(Path::new(&b.path)));
    run
}

/// A guideline and the scenario files that test it.
struct Group {
    path: PathBuf,
    /// Indices into the loaded files.
    files: Vec<usize>,
}

impl Group {
    fn new(path: PathBuf) -> Self {
        Group {
            path,
            files: Vec::new(),
        }
    }
}

/// Checks the guideline of `group`, then runs the scenarios of its files.
fn test_guideline(
    group: &Group,
    files: &mut [LoadedFile],
    options: &TestOptions,
    run: &mut TestRun,
) {
    let display = display_path(&group.path);
    let refuse =
        |files: &mut [LoadedFile], run: &mut TestRun, message: String, label: &str, help: &str| {
            for index in &group.files {
                let loaded = &mut files[*index];
                let diagnostic = Diagnostic::new(
                    &SCENARIO_GUIDELINE,
                    message.clone(),
                    file::guideline_pointer(),
                    loaded.label(&file::guideline_pointer(), label),
                )
                .with_help(help);
                loaded.diagnostics.push(diagnostic);
                not_run(run, loaded, None, "its guideline cannot be used");
            }
        };
    let text = match std::fs::read(&group.path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => {
            run.report.add(crate::not_utf8(&display, &error), false);
            refuse(
                files,
                run,
                format!("the guideline `{display}` is not UTF-8 text"),
                "guideline cannot be read",
                "Fix the guideline (`guidelint check` reports its problems); its scenarios run once it has no errors.",
            );
            return;
        }
        Err(error) => {
            refuse(
                files,
                run,
                format!("cannot read the guideline `{display}`: {error}"),
                "guideline cannot be read",
                "Check that the file exists and can be read.",
            );
            return;
        }
    };
    let source = SourceFile::from_string(&display, text);
    if let Some(diagnostics) = crate::simulate::refusal(&source, &options.check) {
        let errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .collect();
        refuse(
            files,
            run,
            format!(
                "the guideline `{display}` has {}; its scenarios cannot run",
                crate::text::plural(errors.len(), "error")
            ),
            "guideline with errors",
            "Fix the guideline's errors (reported with it); a document with errors means something other than its authors intended, so no scenario runs on it.",
        );
        run.report.add(
            FileReport {
                source,
                diagnostics: errors,
            },
            false,
        );
        return;
    }
    let parsed = crate::parse::parse(&source);
    let Some(document) = parsed.document else {
        return;
    };
    let Ok(guideline) = <Guideline as serde::Deserialize>::deserialize(document.tree.root()) else {
        // Unreachable: `check_source` reports a document the model cannot hold as an error.
        return;
    };
    let semantics = Semantics::new(&guideline);
    let kinds: Map<&str, IdKind> = guideline
        .definitions()
        .into_iter()
        .map(|definition| (definition.id, definition.kind))
        .collect();
    let mut tracker = coverage::Tracker::new(&semantics);
    for index in &group.files {
        let loaded = &mut files[*index];
        let Some(model) = loaded.model.take() else {
            continue;
        };
        let outcome = expect::run_file(&semantics, &kinds, loaded, &model, &mut tracker);
        let mut notes: Vec<Vec<Note>> = vec![Vec::new(); model.scenarios.len()];
        for (scenario, diagnostic) in outcome.diagnostics {
            if options.check.config.severity(diagnostic.rule).is_none() {
                continue;
            }
            notes[scenario].push(note(&loaded.source, &diagnostic));
            loaded.diagnostics.push(diagnostic);
        }
        for ((scenario, notes), played) in model.scenarios.iter().zip(notes).zip(outcome.played) {
            // A warning (two scenarios with one name) remarks on a scenario without failing it.
            let status = if notes.iter().any(|note| note.severity == Severity::Error) {
                ScenarioStatus::Failed
            } else if played {
                ScenarioStatus::Passed
            } else {
                ScenarioStatus::NotRun
            };
            run.scenarios.push(ScenarioResult {
                file: loaded.source.path().to_string(),
                name: scenario.name.clone(),
                guideline: Some(guideline.id.to_string()),
                status,
                notes,
            });
        }
        loaded.model = Some(model);
    }
    run.coverage.push(tracker.finish(&semantics, &display));
}

/// Records every scenario of `loaded` as not run, for `reason`.
fn not_run(run: &mut TestRun, loaded: &LoadedFile, guideline: Option<String>, reason: &str) {
    let Some(model) = &loaded.model else {
        return;
    };
    let at = loaded
        .source
        .position(loaded.spans.value(file::guideline_pointer().as_str()).start);
    for scenario in &model.scenarios {
        run.scenarios.push(ScenarioResult {
            file: loaded.source.path().to_string(),
            name: scenario.name.clone(),
            guideline: guideline.clone(),
            status: ScenarioStatus::NotRun,
            notes: vec![Note {
                severity: Severity::Error,
                rule: SCENARIO_GUIDELINE.name,
                code: SCENARIO_GUIDELINE.code,
                message: format!("not run: {reason}"),
                help: None,
                line: at.line,
                column: at.column,
            }],
        });
    }
}

fn note(source: &SourceFile, diagnostic: &Diagnostic) -> Note {
    let at = source.position(diagnostic.primary.span.start);
    Note {
        severity: diagnostic.severity,
        rule: diagnostic.rule.name,
        code: diagnostic.rule.code,
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
        line: at.line,
        column: at.column,
    }
}

/// The scenario files and the other JSON files (candidate guidelines) `inputs` stand for, each
/// once, in path order.
fn find(
    inputs: &[PathBuf],
    selection: &Selection,
    failures: &mut Vec<String>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut scenarios = Vec::new();
    let mut guidelines = Vec::new();
    let mut seen = crate::hash::Set::default();
    for input in inputs {
        crate::discover::walk(input, selection, false, |found| match found {
            Found::Document(path) => {
                if !seen.insert(key(&path)) {
                    return;
                }
                if is_scenario_file(&path) {
                    scenarios.push(path);
                } else {
                    guidelines.push(path);
                }
            }
            Found::Failure(failure) => failures.push(failure),
        });
    }
    scenarios.sort();
    guidelines.sort();
    (scenarios, guidelines)
}

/// What identifies a file whichever way it was reached: its canonical path when it exists.
fn key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| normalize(path))
        .to_string_lossy()
        .into_owned()
}

/// `path` with `.` and `..` resolved by name where they can be, for display.
fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(
                    normalized.components().next_back(),
                    Some(Component::Normal(_))
                ) =>
            {
                normalized.pop();
            }
            other => normalized.push(other),
        }
    }
    normalized
}

/// The JSON files other than scenario files directly in `folder` (the current folder when empty),
/// in name order.
fn guideline_files(folder: &Path) -> Vec<PathBuf> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
                && !is_scenario_file(path)
        })
        // `./a.json` read from the current folder is reported as `a.json`.
        .map(|path| {
            path.strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect();
    files.sort();
    files
}

/// Why a scenario file's `guideline` names no usable file.
#[derive(Clone)]
struct Unresolved {
    message: String,
    label: &'static str,
    help: String,
}

/// The ids of candidate guidelines, each file read once.
#[derive(Default)]
struct IdCache {
    ids: Map<PathBuf, Option<String>>,
}

impl IdCache {
    /// The top-level `id` of the JSON file at `path`, if it has one.
    fn id(&mut self, path: &Path) -> Option<&str> {
        #[derive(serde::Deserialize)]
        struct Head {
            #[serde(default)]
            id: Option<String>,
        }
        self.ids
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(path).ok()?;
                let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                serde_json::from_slice::<Head>(text).ok()?.id
            })
            .as_deref()
    }
}

/// Whether `text` has the syntax of an id (docs/format.md, section 1.4): a lowercase letter, then
/// lowercase letters, digits and hyphens.
fn is_id(text: &str) -> bool {
    text.starts_with(|character: char| character.is_ascii_lowercase())
        && text.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
        })
}

/// The file a scenario file's `guideline` names (docs/format.md, section 10.4): an id, looked up
/// among the guidelines in `folder` and `candidates`, when it has the syntax of one; else a path
/// relative to `folder`.
fn resolve(
    reference: &str,
    folder: &Path,
    candidates: &[PathBuf],
    ids: &mut IdCache,
) -> Result<PathBuf, Unresolved> {
    if !is_id(reference) {
        let path = normalize(&folder.join(reference));
        if path.is_file() && !is_scenario_file(&path) {
            return Ok(path);
        }
        // The closest file name in the folder the path points into.
        let parent = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let names: Vec<String> = guideline_files(parent)
            .iter()
            .filter_map(|candidate| candidate.file_name()?.to_str().map(str::to_string))
            .collect();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let help = match crate::text::closest(name, names.iter().map(String::as_str)) {
            Some(suggestion) => format!("Did you mean `{suggestion}`?"),
            None => "Give the path of the guideline's file relative to this scenario file's folder, or the guideline's id.".to_string(),
        };
        return Err(Unresolved {
            message: format!(
                "no guideline file at `{reference}` ({})",
                display_path(&path)
            ),
            label: "no such guideline file",
            help,
        });
    }
    // The guidelines beside the scenario file, then those of the paths given.
    let beside = guideline_files(folder);
    let mut matches: Vec<PathBuf> = Vec::new();
    let mut seen = crate::hash::Set::default();
    let mut known_ids: Vec<String> = Vec::new();
    for path in beside.iter().chain(candidates) {
        let Some(id) = ids.id(path) else {
            continue;
        };
        if id == reference {
            if seen.insert(key(path)) {
                matches.push(path.clone());
            }
        } else if !known_ids.iter().any(|known| known == id) {
            known_ids.push(id.to_string());
        }
    }
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => {
            let place = if folder.as_os_str().is_empty() {
                "the current folder".to_string()
            } else {
                format!("`{}`", display_path(folder))
            };
            let help = match crate::text::closest(reference, known_ids.iter().map(String::as_str)) {
                Some(suggestion) => format!("Did you mean `{suggestion}`?"),
                None => "Name the guideline by its `id`, as written in its file, or by the path of its file relative to this scenario file's folder.".to_string(),
            };
            Err(Unresolved {
                message: format!(
                    "no guideline has the id `{reference}` in {place} or the paths given to `guidelint test`"
                ),
                label: "unknown guideline",
                help,
            })
        }
        _ => Err(Unresolved {
            message: format!(
                "several guidelines have the id `{reference}`: {}",
                matches
                    .iter()
                    .map(|path| format!("`{}`", display_path(path)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            label: "ambiguous guideline",
            help: "Name the guideline by the path of its file, relative to this scenario file's folder.".to_string(),
        }),
    }
}

//! `test --format json`: every scenario with its status and failures, the coverage of each
//! guideline, and the diagnostics in the shape of `check --format json`.

use crate::report::json::{JsonDiagnostic, VERSION, diagnostics};
use crate::scenarios::coverage::GuidelineCoverage;
use crate::scenarios::{ScenarioStatus, TestRun};
use serde::Serialize;

#[derive(Serialize)]
struct JsonRun<'a> {
    version: u32,
    scenarios: Vec<JsonScenario<'a>>,
    coverage: Vec<JsonCoverage<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct JsonScenario<'a> {
    file: &'a str,
    name: &'a str,
    guideline: Option<&'a str>,
    status: &'static str,
    failures: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    severity: &'static str,
    rule: &'static str,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    #[serde(flatten)]
    coverage: &'a GuidelineCoverage,
    /// Covered items in percent, unrounded.
    percent: f64,
    /// Whether the coverage reaches `--min-coverage` (true without one).
    reaches_minimum: bool,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    scenarios: usize,
    passed: usize,
    failed: usize,
    not_run: usize,
    errors: usize,
    warnings: usize,
    min_coverage: Option<f64>,
    /// Why nothing was tested, when nothing was.
    notice: Option<&'a str>,
}

pub fn render(run: &TestRun) -> String {
    let summary = run.report.summary();
    let json = JsonRun {
        version: VERSION,
        scenarios: run
            .scenarios
            .iter()
            .map(|scenario| JsonScenario {
                file: &scenario.file,
                name: &scenario.name,
                guideline: scenario.guideline.as_deref(),
                status: scenario.status.as_str(),
                failures: scenario
                    .notes
                    .iter()
                    .map(|note| JsonNote {
                        severity: note.severity.as_str(),
                        rule: note.rule,
                        code: note.code,
                        message: &note.message,
                        help: note.help.as_deref(),
                        line: note.line,
                        column: note.column,
                    })
                    .collect(),
            })
            .collect(),
        coverage: run
            .coverage
            .iter()
            .map(|coverage| JsonCoverage {
                coverage,
                percent: coverage.percent(),
                reaches_minimum: run
                    .min_coverage
                    .is_none_or(|minimum| coverage.reaches(minimum)),
            })
            .collect(),
        diagnostics: diagnostics(&run.report),
        summary: Summary {
            files: run.scenario_files,
            scenarios: run.scenarios.len(),
            passed: run.count(ScenarioStatus::Passed),
            failed: run.count(ScenarioStatus::Failed),
            not_run: run.count(ScenarioStatus::NotRun),
            errors: summary.errors,
            warnings: summary.warnings,
            min_coverage: run.min_coverage,
            notice: run.notice.as_deref(),
        },
    };
    // Plain structs of strings and numbers cannot fail to serialize.
    let mut text = serde_json::to_string(&json).expect("the test report serializes");
    text.push('\n');
    text
}

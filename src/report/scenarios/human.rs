//! `test --format human`: the diagnostics as `check` draws them, then each scenario file with its
//! scenarios passed and failed, the coverage of each guideline with what no scenario reached, and
//! a summary line.

use crate::diagnostic::Severity;
use crate::report::human::{Style, render_diagnostics};
use crate::report::{plural, wrap};
use crate::scenarios::coverage::{GuidelineCoverage, Part, format_percent};
use crate::scenarios::{ScenarioStatus, TestRun};

pub fn render(run: &TestRun, style: Style) -> String {
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = render_diagnostics(&run.report, style);

    if !run.scenarios.is_empty() {
        out.push_str(&format!("{}\n", paint("1", "Scenarios")));
        let mut current: Option<&str> = None;
        for scenario in &run.scenarios {
            if current != Some(scenario.file.as_str()) {
                current = Some(scenario.file.as_str());
                let guideline = scenario
                    .guideline
                    .as_deref()
                    .map(|id| format!(" ({id})"))
                    .unwrap_or_default();
                out.push_str(&format!("  {}{guideline}\n", scenario.file));
            }
            let name = crate::text::visible(scenario.name.clone());
            let errors = scenario
                .notes
                .iter()
                .filter(|note| note.severity == Severity::Error)
                .count();
            let warnings = scenario.notes.len() - errors;
            let line = match scenario.status {
                ScenarioStatus::Passed if warnings > 0 => format!(
                    "{} {name} ({})",
                    paint("32", "✔"),
                    plural(warnings, "warning")
                ),
                ScenarioStatus::Passed => format!("{} {name}", paint("32", "✔")),
                ScenarioStatus::Failed => format!(
                    "{} {name} ({})",
                    paint("31", "✘"),
                    plural(errors, "failure")
                ),
                ScenarioStatus::NotRun => format!(
                    "{} {name} ({})",
                    paint("33", "-"),
                    scenario
                        .notes
                        .first()
                        .map_or("not run", |note| note.message.as_str())
                ),
            };
            out.push_str(&format!("    {line}\n"));
        }
        out.push('\n');
    }

    if !run.coverage.is_empty() {
        let width = style.width.max(40);
        out.push_str(&wrap(
            &format!(
                "{} (steps performed, transitions followed, treatments eligible in some scenario)",
                paint("1", "Coverage")
            ),
            width,
            "",
            "  ",
        ));
        for coverage in &run.coverage {
            let below = run
                .min_coverage
                .is_some_and(|minimum| !coverage.reaches(minimum));
            let percent = format_percent(coverage.percent());
            let percent = if below {
                paint("31", &percent)
            } else if coverage.covered() == coverage.total() {
                paint("32", &percent)
            } else {
                paint("33", &percent)
            };
            out.push_str(&wrap(
                &format!(
                    "{} {percent} ({}, {}, {}; {}, {})",
                    coverage.guideline,
                    count(&coverage.steps, "step"),
                    count(&coverage.transitions, "transition"),
                    count(&coverage.treatments, "treatment"),
                    scenarios(coverage),
                    coverage.path
                ),
                width,
                "  ",
                "      ",
            ));
            for (part, noun) in [
                (&coverage.steps, "step"),
                (&coverage.transitions, "transition"),
                (&coverage.treatments, "treatment"),
            ] {
                if !part.missed.is_empty() {
                    let noun = if part.missed.len() == 1 {
                        noun.to_string()
                    } else {
                        format!("{noun}s")
                    };
                    out.push_str(&wrap(
                        &format!("{noun} not covered: {}", part.missed_quoted().join(", ")),
                        width,
                        "    ",
                        "      ",
                    ));
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&summary_line(run));
    out.push('\n');
    out
}

/// "8/8 steps".
fn count(part: &Part, noun: &str) -> String {
    let noun = if part.total == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    };
    format!("{}/{} {noun}", part.covered, part.total)
}

fn scenarios(coverage: &GuidelineCoverage) -> String {
    if coverage.scenarios == 0 {
        "no scenario".to_string()
    } else {
        plural(coverage.scenarios, "scenario")
    }
}

/// "12 scenarios in 2 files: 11 passed, 1 failed; 3 errors; coverage below 100% for `renal-colic`".
pub fn summary_line(run: &TestRun) -> String {
    if let Some(notice) = &run.notice {
        return format!("{notice}: nothing to test");
    }
    let mut line = format!(
        "{} in {}: {} passed, {} failed",
        plural(run.scenarios.len(), "scenario"),
        plural(run.scenario_files, "file"),
        run.count(ScenarioStatus::Passed),
        run.count(ScenarioStatus::Failed)
    );
    let not_run = run.count(ScenarioStatus::NotRun);
    if not_run > 0 {
        line.push_str(&format!(", {not_run} not run"));
    }
    let summary = run.report.summary();
    if summary.errors > 0 || summary.warnings > 0 {
        line.push_str(&format!(
            "; {}, {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        ));
    }
    let below = run.below_minimum();
    if let (Some(minimum), false) = (run.min_coverage, below.is_empty()) {
        let ids: Vec<String> = below
            .iter()
            .map(|coverage| format!("`{}`", coverage.guideline))
            .collect();
        line.push_str(&format!(
            // The minimum as given (70.59%), not rounded down as coverages are shown: rounded,
            // it could read as the coverage it says is too low.
            "; coverage below {minimum}% for {}",
            ids.join(", ")
        ));
    }
    line
}

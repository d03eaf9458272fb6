//! `test --format junit`: one `<testsuite>` per scenario file, one `<testcase>` per scenario, with a
//! `<failure>` per failed expectation. A scenario file that cannot be read has one failing test
//! case carrying its diagnostics; a guideline with errors, one per error, in a suite of its own.
//! With `--min-coverage`, a `coverage` suite has one test case per guideline. No timestamps or
//! durations: two runs give the same bytes.

use crate::diagnostic::Severity;
use crate::report::junit::{attribute, text};
use crate::scenarios::coverage::format_percent;
use crate::scenarios::{ScenarioStatus, TestRun};

pub fn render(run: &TestRun) -> String {
    let mut suites = Vec::new();
    // Scenario files, with the scenarios they hold.
    let mut files: Vec<&str> = run.scenarios.iter().map(|s| s.file.as_str()).collect();
    files.dedup();
    for file in &files {
        let mut cases = String::new();
        let (mut tests, mut failures) = (0, 0);
        for scenario in run.scenarios.iter().filter(|s| s.file == *file) {
            tests += 1;
            let name = attribute(&scenario.name);
            let path = attribute(file);
            if scenario.status == ScenarioStatus::Passed {
                cases.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\"/>\n"
                ));
                continue;
            }
            failures += 1;
            let line = scenario.notes.first().map_or(1, |note| note.line);
            cases.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n"
            ));
            // Failures only: a warning does not fail a scenario.
            for note in scenario
                .notes
                .iter()
                .filter(|note| note.severity == Severity::Error)
            {
                let body = format!(
                    "{file}:{}:{}: error[{}] {}: {}{}",
                    note.line,
                    note.column,
                    note.code,
                    note.rule,
                    note.message,
                    note.help
                        .as_ref()
                        .map(|help| format!("\n{help}"))
                        .unwrap_or_default()
                );
                let kind = if scenario.status == ScenarioStatus::NotRun {
                    "not-run"
                } else {
                    "failed"
                };
                cases.push_str(&format!(
                    "      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n",
                    attribute(&note.message),
                    text(&body)
                ));
            }
            cases.push_str("    </testcase>\n");
        }
        suites.push((file.to_string(), tests, failures, cases));
    }
    // Files with diagnostics that no scenario carries: unreadable scenario files, guidelines with
    // errors.
    for report in &run.report.files {
        let path = report.source.path();
        if files.contains(&path) {
            continue;
        }
        let mut cases = String::new();
        for diagnostic in &report.diagnostics {
            let at = report.source.position(diagnostic.primary.span.start);
            let name = format!(
                "{} {} at {}:{}",
                diagnostic.rule.code, diagnostic.rule.name, at.line, at.column
            );
            let body = format!(
                "{path}:{}:{}: {}[{}] {}: {}",
                at.line,
                at.column,
                diagnostic.severity,
                diagnostic.rule.code,
                diagnostic.rule.name,
                crate::report::message_with_help(diagnostic)
            );
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                attribute(&name),
                attribute(path),
                attribute(path),
                at.line,
                diagnostic.severity,
                attribute(&diagnostic.message),
                text(&body)
            ));
        }
        let count = report.diagnostics.len();
        suites.push((path.to_string(), count, count, cases));
    }
    if let Some(minimum) = run.min_coverage {
        let mut cases = String::new();
        let mut failures = 0;
        for coverage in &run.coverage {
            let name = attribute(&format!("coverage of {}", coverage.guideline));
            let path = attribute(&coverage.path);
            if coverage.reaches(minimum) {
                cases.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"coverage\" file=\"{path}\"/>\n"
                ));
            } else {
                failures += 1;
                let message = format!(
                    "coverage {} is below --min-coverage {}",
                    format_percent(coverage.percent()),
                    format_percent(minimum)
                );
                let missed: Vec<String> = [
                    (&coverage.steps, "steps"),
                    (&coverage.transitions, "transitions"),
                    (&coverage.treatments, "treatments"),
                ]
                .into_iter()
                .filter(|(part, _)| !part.missed.is_empty())
                .map(|(part, noun)| {
                    format!("{noun} not covered: {}", part.missed_quoted().join(", "))
                })
                .collect();
                cases.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"coverage\" file=\"{path}\">\n      <failure type=\"coverage\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    attribute(&message),
                    text(&format!("{message}\n{}", missed.join("\n")))
                ));
            }
        }
        suites.push(("coverage".to_string(), run.coverage.len(), failures, cases));
    }
    let tests: usize = suites.iter().map(|(_, tests, _, _)| tests).sum();
    let failures: usize = suites.iter().map(|(_, _, failures, _)| failures).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"guidelint test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"
    ));
    for (name, tests, failures, cases) in suites {
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            attribute(&name)
        ));
    }
    xml.push_str("</testsuites>\n");
    xml
}

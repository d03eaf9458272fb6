//! Fixture tests, one folder per rule: `tests/fixtures/<rule-name>/{pass,fail}*.json`, each with its
//! expected output beside it as `<stem>.snap` (insta), fixes included (`fix (safe): ...`); the
//! fix fixtures `fix-*.json` have snapshots too, and their fixed outputs are tests/it/fixes.rs's. A `fail*` document must trigger the folder's
//! rule, a `pass*` document must not; the rule's documented *Example* appears in one of its `fail`
//! documents and its *Use instead* in one of its `pass` documents, so the documentation cannot drift.

use guidelint::{check_bytes, rules};
use std::path::Path;

use crate::common::options;

/// One line per diagnostic plus its labels and help, as a reviewer reads it: those `check` reports
/// for a guideline, and those `guidelint test` reports in a scenario file (the GL8xx rules), run on
/// that file alone with its guideline beside it.
fn render(path: &Path) -> (String, Vec<&'static str>) {
    if guidelint::discover::is_scenario_file(path) {
        // Relative to the crate root, where tests run, so that messages naming the folder read the
        // same on every machine.
        let relative = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let run = guidelint::scenarios::run(
            &[relative.to_path_buf()],
            &guidelint::scenarios::TestOptions {
                check: options(),
                min_coverage: None,
            },
        );
        assert!(run.report.failures.is_empty(), "{:?}", run.report.failures);
        return match run.report.files.first() {
            Some(report) => render_report(report),
            None => ("(no diagnostics)\n".to_string(), Vec::new()),
        };
    }
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    render_report(&check_bytes(name, &bytes, &options()))
}

fn render_report(report: &guidelint::FileReport) -> (String, Vec<&'static str>) {
    let mut text = String::new();
    let mut rules_seen = Vec::new();
    for diagnostic in &report.diagnostics {
        rules_seen.push(diagnostic.rule.name);
        let at = report.source.position(diagnostic.primary.span.start);
        text.push_str(&format!(
            "{}:{}: {}[{}] {}: {}\n",
            at.line,
            at.column,
            diagnostic.severity,
            diagnostic.rule.code,
            diagnostic.rule.name,
            diagnostic.message
        ));
        text.push_str(&format!("  pointer: {}\n", diagnostic.pointer));
        text.push_str(&format!("  label: {}\n", diagnostic.primary.message));
        for label in &diagnostic.secondary {
            let at = report.source.position(label.span.start);
            text.push_str(&format!(
                "  also {}:{}: {}\n",
                at.line, at.column, label.message
            ));
        }
        if let Some(help) = &diagnostic.help {
            text.push_str(&format!("  help: {help}\n"));
        }
        if let Some(fix) = &diagnostic.fix {
            text.push_str(&format!(
                "  fix ({}): {}\n",
                fix.applicability().as_str(),
                fix.title()
            ));
        }
    }
    if text.is_empty() {
        text.push_str("(no diagnostics)\n");
    }
    (text, rules_seen)
}

#[test]
fn fixtures_match_their_expected_output() {
    insta::glob!("../fixtures", "*/*.json", |path| {
        // The expected output of a fix (tests/it/fixes.rs): what is left there is in the input's
        // snapshot already, as the diagnostics without a fix.
        if path.to_string_lossy().ends_with(".fixed.json") {
            return;
        }
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_string();
        let (text, rules_seen) = render(path);
        if let Some(rule) = rules::find(folder) {
            if stem.starts_with("fail") {
                assert!(
                    rules_seen.contains(&rule.name),
                    "{} does not trigger {}:\n{text}",
                    path.display(),
                    rule.name
                );
            } else if stem.starts_with("pass") {
                assert!(
                    !rules_seen.contains(&rule.name),
                    "{} triggers {}:\n{text}",
                    path.display(),
                    rule.name
                );
            }
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(path.parent().expect("fixtures live in folders"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(stem, text));
    });
}

/// Whitespace-free text, so a documented fragment matches however the fixture is indented.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|character| !character.is_whitespace())
        .collect()
}

/// The first ```json block after `heading` in a rule's documentation.
fn json_block<'a>(documentation: &'a str, heading: &str) -> Option<&'a str> {
    let section = &documentation[documentation.find(heading)?..];
    let start = section.find("```json")? + "```json".len();
    let end = section[start..].find("```")?;
    Some(&section[start..start + end])
}

#[test]
fn documented_examples_are_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in rules::ALL {
        let documentation = rule.documentation();
        let folder = root.join(rule.name);
        let documents: Vec<(String, String)> = std::fs::read_dir(&folder)
            .unwrap_or_else(|_| panic!("{} has no fixture folder {}", rule.name, folder.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .map(|path| {
                let stem = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or_default()
                    .to_string();
                (
                    stem,
                    squeeze(&std::fs::read_to_string(&path).expect("fixture is readable")),
                )
            })
            .collect();
        for (heading, prefix) in [("## Example", "fail"), ("## Use instead", "pass")] {
            let block = json_block(&documentation, heading)
                .unwrap_or_else(|| panic!("{}: no ```json block under {heading}", rule.name));
            let fragment = squeeze(block);
            assert!(
                documents
                    .iter()
                    .any(|(stem, text)| stem.starts_with(prefix) && text.contains(&fragment)),
                "{}: the {heading} block is not part of any {prefix}*.json fixture",
                rule.name
            );
        }
    }
}

/// Every diagnostic of every fixture points at a node the document has, exactly (a pointer with a
/// typo would otherwise land on an ancestor), and its primary label lies inside that node, key
/// included.
#[test]
fn every_pointer_in_every_fixture_resolves_exactly() {
    let root = crate::common::root().join("tests/fixtures");
    let mut checked = 0;
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a fixture folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "json") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("fixture is readable");
            let report = check_bytes("fixture.json", &bytes, &options());
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let source = guidelint::source::SourceFile::new("fixture.json", &text);
            let Some(document) = guidelint::parse::parse(&source).document else {
                continue;
            };
            for diagnostic in &report.diagnostics {
                let pointer = diagnostic.pointer.as_str();
                let node = document.spans.get(pointer).unwrap_or_else(|| {
                    panic!(
                        "{}: {} points at {pointer:?}, which the document does not have",
                        path.display(),
                        diagnostic.rule.name
                    )
                });
                let start = node.key.map_or(node.value.start, |key| key.start);
                let label = diagnostic.primary.span;
                assert!(
                    start <= label.start && label.end <= node.value.end,
                    "{}: {} at {pointer:?} labels {label:?}, outside the node {node:?}",
                    path.display(),
                    diagnostic.rule.name
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} diagnostics were checked");
}

/// The registry lists every rule once: codes and names are unique, codes follow the GLnnn form in
/// ascending order, and every rule has its fixture folder with passing and failing documents and
/// its documentation with the four sections `explain` prints.
#[test]
fn every_rule_is_registered_once_with_fixtures_and_documentation() {
    let mut codes = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    let mut previous = "";
    for rule in rules::ALL {
        assert!(codes.insert(rule.code), "{} is used twice", rule.code);
        assert!(names.insert(rule.name), "{} is used twice", rule.name);
        assert!(
            rule.code.len() == 5
                && rule.code.starts_with("GL")
                && rule.code[2..].chars().all(|digit| digit.is_ascii_digit()),
            "{} is not a GLnnn code",
            rule.code
        );
        assert!(previous < rule.code, "{} comes after {previous}", rule.code);
        previous = rule.code;
        let folder = crate::common::root().join("tests/fixtures").join(rule.name);
        let stems: Vec<String> = std::fs::read_dir(&folder)
            .unwrap_or_else(|_| panic!("{} has no fixture folder", rule.name))
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
            .filter(|name| name.ends_with(".json"))
            .collect();
        for prefix in ["pass", "fail"] {
            assert!(
                stems.iter().any(|stem| stem.starts_with(prefix)),
                "{} has no {prefix}*.json fixture",
                rule.name
            );
        }
        let documentation = rule.documentation();
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                documentation.contains(heading),
                "{}: no `{heading}` in its documentation",
                rule.name
            );
        }
    }
}

/// The rules the stages report themselves (the parser, the schema check, the suppressions) are the
/// registry's own declarations, so configuration, `explain` and every report know them.
#[test]
fn the_rules_stages_report_are_in_the_registry() {
    let documents = [
        "{\"format\": ",
        "{\"format\": \"guidelint/1\", \"format\": \"guidelint/1\"}",
        include_str!("../fixtures/unused-allow/fail.json"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for document in documents {
        for diagnostic in check_bytes("stage.json", document.as_bytes(), &options()).diagnostics {
            let registered = rules::find(diagnostic.rule.code)
                .unwrap_or_else(|| panic!("{} is not in the registry", diagnostic.rule.code));
            assert!(
                std::ptr::eq(registered, diagnostic.rule),
                "{} is reported with a declaration the registry does not list",
                diagnostic.rule.code
            );
            seen.insert(diagnostic.rule.code);
        }
    }
    for code in ["GL001", "GL002", "GL003", "GL601"] {
        assert!(
            seen.contains(code),
            "no document here reported {code}: {seen:?}"
        );
    }
}

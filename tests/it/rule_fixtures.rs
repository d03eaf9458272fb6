//! Fixture tests, one folder per rule: `tests/fixtures/<rule-name>/{pass,fail}*.json`, each with its
//! expected output beside it as `<stem>.snap` (insta). A `fail*` document must trigger the folder's
//! rule, a `pass*` document must not; the rule's documented *Example* appears in one of its `fail`
//! documents and its *Use instead* in one of its `pass` documents, so the documentation cannot drift.

use guidelint::{CheckOptions, check_bytes, rules};
use std::path::Path;

fn options() -> CheckOptions {
    CheckOptions::on("2026-11-26".parse().expect("a valid date"))
}

/// One line per diagnostic plus its labels and help, as a reviewer reads it.
fn render(path: &Path) -> (String, Vec<&'static str>) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let report = check_bytes(name, &bytes, &options());
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
    }
    if text.is_empty() {
        text.push_str("(no diagnostics)\n");
    }
    (text, rules_seen)
}

#[test]
fn fixtures_match_their_expected_output() {
    insta::glob!("../fixtures", "*/*.json", |path| {
        // Scenario files are not guidelines; `tests/it/scenario_files.rs` runs them.
        if guidelint::scenarios::file::is_scenario_file(path) {
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
    for rule in rules::ALL.iter().filter(|rule| rule.check.is_some()) {
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

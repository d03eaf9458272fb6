//! The README is part of the product: its rule table comes from the registry, its quick start and
//! its example print exactly what the README shows, and its usage block names every subcommand the
//! binary has.

use crate::common::{self, between, rules_table};

const README: &str = include_str!("../../README.md");

#[test]
fn rule_table_matches_the_registry() {
    let table = rules_table(README);
    let expected = guidelint::report::rules::markdown();
    assert_eq!(
        table, expected,
        "README.md's rule table is out of date; replace the table between the rules-table markers with:\n{expected}"
    );
}

/// The first ```text block after `marker`.
fn text_block_after<'a>(marker: &str) -> &'a str {
    let after = &README[README
        .find(marker)
        .unwrap_or_else(|| panic!("README has {marker:?}"))..];
    between(after, "```text\n", "```")
}

#[test]
fn the_quick_start_prints_what_the_readme_shows() {
    let quick_start = between(README, "## Quick start", "## Usage");
    assert!(quick_start.contains("cargo run --release -- check"));
    assert!(quick_start.contains("cargo test"));
    // `cargo run --release -- check` runs `guidelint check` in the project folder.
    let run = common::run(common::command(common::root()).arg("check"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, text_block_after("and prints:"));
}

#[test]
fn the_example_prints_what_the_readme_shows() {
    let command = between(
        README,
        "says how to fix it (`cargo run --release -- ",
        "`):",
    );
    let arguments: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(arguments.first(), Some(&"check"), "{command}");
    let run = common::run(common::command(common::root()).args(&arguments));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, text_block_after(command));
}

#[test]
fn the_usage_block_names_every_subcommand() {
    let usage = between(README, "## Usage\n\n```text\n", "```");
    let run = common::run(common::command(common::root()).arg("--help"));
    assert_eq!(run.code, 0);
    let commands = between(&run.stdout, "Commands:\n", "\n\n");
    let mut names = Vec::new();
    for line in commands.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        if name != "help" {
            names.push(name);
            assert!(
                usage.contains(&format!("guidelint {name}")),
                "README's usage block does not show `guidelint {name}`"
            );
        }
    }
    assert!(names.contains(&"check") && names.len() >= 6, "{names:?}");
}

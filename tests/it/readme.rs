//! The README is part of the product: its rule table comes from the registry and its quick start
//! names exactly the two commands that work on a fresh machine.

use crate::common::{between, rules_table};

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

#[test]
fn quick_start_has_the_two_commands() {
    let quick_start = between(README, "## Quick start", "## Usage");
    assert!(quick_start.contains("cargo run --release -- check"));
    assert!(quick_start.contains("cargo test"));
}

//! `--statistics`: how many diagnostics each rule produced, most frequent first, so a team can see
//! where a repository's problems concentrate. `   12  GL301  imaging-sequence` per line.

use super::ordered;
use crate::Report;
use crate::rules::Rule;
use std::collections::BTreeMap;

/// (rule, count), sorted by count descending, then by code.
pub fn counts(report: &Report) -> Vec<(&'static Rule, usize)> {
    let mut by_code: BTreeMap<&'static str, (&'static Rule, usize)> = BTreeMap::new();
    for (_, diagnostic) in ordered(report) {
        by_code
            .entry(diagnostic.rule.code)
            .or_insert((diagnostic.rule, 0))
            .1 += 1;
    }
    let mut counts: Vec<(&'static Rule, usize)> = by_code.into_values().collect();
    // The map iterates in code order and the sort is stable, so equal counts stay in code order.
    counts.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    counts
}

/// One line per rule that reported anything; empty when nothing was reported.
pub fn render(report: &Report) -> String {
    let counts = counts(report);
    let width = counts
        .first()
        .map_or(1, |(_, count)| count.to_string().len());
    counts
        .iter()
        .map(|(rule, count)| format!("{count:>width$}  {}  {}\n", rule.code, rule.name))
        .collect()
}

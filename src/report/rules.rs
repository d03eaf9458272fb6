//! `guidelint rules`: the rule catalog as a table or as JSON, straight from the registry.

use crate::rule::{FixAvailability, Rule};
use crate::rules::ALL;
use serde::Serialize;

/// What `guidelint explain RULE` prints: the rule's name, code and default severity, what
/// configuration may do with it, whether it can fix what it reports, and its documentation.
pub fn explain(rule: &Rule) -> String {
    let settings = if rule.unreadable_document {
        "This rule reports a document guidelint cannot read; such a document must never pass, so the \
         rule cannot be switched off, lowered to a warning or suppressed."
    } else {
        "Set its severity in guidelint.toml (`off`, `warning`, `error`) or suppress it with an \
         `allow` entry and a reason."
    };
    let profile = match rule.profile {
        Some(profile) => format!(
            "Profile `{profile}`: it applies to documents that use the profile (`\"lint\": {{\"profiles\": [\"{profile}\"]}}`, \
             or `[lint] profiles` in guidelint.toml)."
        ),
        None => "Profile: core (it applies to every guideline).".to_string(),
    };
    let fix = match rule.fix {
        FixAvailability::None => "Fix: none.",
        FixAvailability::Sometimes => "Fix: sometimes available (`guidelint check --fix`).",
        FixAvailability::Always => "Fix: always available (`guidelint check --fix`).",
    };
    format!(
        "{} ({}), default severity: {}\n{profile}\n{settings}\n{fix} {}\n\n{}\n",
        rule.name,
        rule.code,
        rule.default_severity,
        rule.fix_note,
        rule.documentation()
    )
}

/// The profile a rule belongs to, as the tables show it.
fn profile_name(rule: &Rule) -> &'static str {
    rule.profile.map_or("core", |profile| profile.name())
}

/// The `fix` column: how often the rule's diagnostics come with a fix.
fn fix_column(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "-",
        other => other.as_str(),
    }
}

/// A plain-text table: code, name, default severity, profile, whether it can fix, summary.
pub fn table() -> String {
    let name_width = ALL.iter().map(|rule| rule.name.len()).max().unwrap_or(4);
    let mut text = format!(
        "{:<6} {:<name_width$} {:<8} {:<9} {:<10} {}\n",
        "code", "name", "default", "profile", "fix", "summary"
    );
    for rule in ALL {
        text.push_str(&format!(
            "{:<6} {:<name_width$} {:<8} {:<9} {:<10} {}\n",
            rule.code,
            rule.name,
            rule.default_severity.as_str(),
            profile_name(rule),
            fix_column(rule.fix),
            rule.summary
        ));
    }
    text
}

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    default_severity: &'static str,
    profile: &'static str,
    /// `none`, `sometimes` or `always`.
    fix: &'static str,
    summary: &'static str,
}

pub fn json() -> String {
    let entries: Vec<RuleEntry> = ALL
        .iter()
        .map(|rule| RuleEntry {
            code: rule.code,
            name: rule.name,
            default_severity: rule.default_severity.as_str(),
            profile: profile_name(rule),
            fix: rule.fix.as_str(),
            summary: rule.summary,
        })
        .collect();
    // Plain strings always serialize.
    let mut text = serde_json::to_string_pretty(&entries).expect("the rule list serializes");
    text.push('\n');
    text
}

/// The README's rule table in Markdown; a test keeps the README in step with it.
pub fn markdown() -> String {
    let mut text = String::from(
        "| code | rule | default | profile | fix | what it reports |\n|---|---|---|---|---|---|\n",
    );
    for rule in ALL {
        text.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            rule.code,
            rule.name,
            rule.default_severity.as_str(),
            profile_name(rule),
            fix_column(rule.fix),
            rule.summary
        ));
    }
    text
}

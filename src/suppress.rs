//! Suppressions (FORMAT.md section 4): `lint.allow` for the whole document, a step's or treatment's
//! `allow` for diagnostics located in that node. A suppression that suppresses nothing is reported
//! as `unused-allow`.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Label};
use crate::model::{Allow, Guideline, step_pointer, treatment_pointer};
use crate::parse::SpanIndex;
use crate::rules::{self, Rule};

struct Suppression<'a> {
    allow: &'a Allow<'a>,
    /// The rule it names, if that rule exists.
    rule: Option<&'static Rule>,
    /// Pointer of the node whose diagnostics it covers; empty for the whole document.
    scope: String,
    /// Pointer of the `rule` value, where `unused-allow` points.
    pointer: String,
    used: bool,
}

impl Suppression<'_> {
    fn covers(&self, diagnostic: &Diagnostic) -> bool {
        self.rule == Some(diagnostic.rule)
            && (self.scope.is_empty()
                || diagnostic.pointer == self.scope
                || diagnostic.pointer.starts_with(&format!("{}/", self.scope)))
    }
}

/// Drops suppressed diagnostics and adds `unused-allow` for suppressions that matched nothing.
/// Rules the configuration turns off are not held against their suppressions.
pub fn apply(
    guideline: &Guideline,
    spans: &SpanIndex,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut suppressions = collect(guideline);
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            let mut suppressed = false;
            for suppression in suppressions.iter_mut().filter(|s| s.covers(diagnostic)) {
                suppression.used = true;
                suppressed = true;
            }
            !suppressed
        })
        .collect();
    let mut unused = Vec::new();
    for suppression in suppressions.iter().filter(|s| !s.used) {
        let span = spans.value(&suppression.pointer);
        let diagnostic = match suppression.rule {
            Some(rule) if config.severity(rule).is_none() => continue,
            Some(rule) => Diagnostic::new(
                &rules::UNUSED_ALLOW,
                format!("this suppression of `{}` suppresses nothing", rule.name),
                suppression.pointer.as_str(),
                Label::new(span, "nothing to suppress"),
            )
            .with_help(format!(
                "Remove it: `{}` reports nothing here, and a stale suppression would hide the next real problem.",
                rule.name
            )),
            None => {
                let suggestion = crate::text::closest(suppression.allow.rule, rules::names())
                    .map(|closest| format!("Did you mean `{closest}`? "))
                    .unwrap_or_default();
                Diagnostic::new(
                    &rules::UNUSED_ALLOW,
                    format!("no rule is named `{}`, so this suppression suppresses nothing", suppression.allow.rule),
                    suppression.pointer.as_str(),
                    Label::new(span, "unknown rule"),
                )
                .with_help(format!("{suggestion}`guidelint rules` lists every rule name and code."))
            }
        };
        unused.push(diagnostic);
    }
    // `unused-allow` can itself be suppressed, like any other rule.
    unused.retain(|diagnostic| !suppressions.iter().any(|s| s.covers(diagnostic)));
    kept.extend(unused);
    kept
}

fn collect<'a>(guideline: &'a Guideline<'a>) -> Vec<Suppression<'a>> {
    let mut lists: Vec<(&[Allow], String, String)> = vec![(
        &guideline.lint.allow,
        String::new(),
        "/lint/allow".to_string(),
    )];
    // Most steps and treatments suppress nothing: their pointers are built only when they do.
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            if !step.allow.is_empty() {
                let scope = step_pointer(path_index, step_index);
                lists.push((&step.allow, scope.clone(), format!("{scope}/allow")));
            }
        }
    }
    for (index, treatment) in guideline.treatments.iter().enumerate() {
        if !treatment.allow.is_empty() {
            let scope = treatment_pointer(index);
            lists.push((&treatment.allow, scope.clone(), format!("{scope}/allow")));
        }
    }
    lists
        .into_iter()
        .flat_map(|(allows, scope, list_pointer)| {
            allows
                .iter()
                .enumerate()
                .map(move |(index, allow)| Suppression {
                    allow,
                    rule: rules::find(allow.rule),
                    scope: scope.clone(),
                    pointer: format!("{list_pointer}/{index}/rule"),
                    used: false,
                })
        })
        .collect()
}

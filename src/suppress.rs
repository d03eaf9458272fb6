//! Suppressions (docs/format.md sections 4.1 to 4.3): `lint.allow` for the whole document, a step's or treatment's
//! `allow` for diagnostics located in that node. A suppression that suppresses nothing is reported
//! as `unused-allow`.

use crate::diagnostic::{Diagnostic, Label};
use crate::fix::{Edit, Fix, layout};
use crate::model::{Allow, Guideline};
use crate::parse::SpanIndex;
use crate::pointer::Pointer;
use crate::rules::{self, Rule};
use crate::source::Span;

struct Suppression<'a> {
    allow: &'a Allow<'a>,
    /// The rule it names, if that rule exists.
    rule: Option<&'static Rule>,
    /// The node whose diagnostics it covers; the root for the whole document.
    scope: Pointer,
    /// The `rule` value, where `unused-allow` points.
    pointer: Pointer,
    /// The `allow` list it is in, its place there and the list's length, for removing it.
    list: Pointer,
    index: usize,
    count: usize,
    used: bool,
}

impl Suppression<'_> {
    /// Whether this suppression silences `diagnostic`. A document guidelint cannot read must never
    /// pass, so nothing silences the rules that report one.
    fn covers(&self, diagnostic: &Diagnostic) -> bool {
        self.rule == Some(diagnostic.rule)
            && !diagnostic.rule.unreadable_document
            && diagnostic.pointer.is_within(&self.scope)
    }
}

/// Drops suppressed diagnostics and adds `unused-allow` for suppressions that matched nothing.
/// Rules that did not run (`runs` says no: the configuration turns them off, or their profile does
/// not apply to the document) are not held against their suppressions.
pub fn apply(
    guideline: &Guideline,
    spans: &SpanIndex,
    diagnostics: Vec<Diagnostic>,
    runs: &dyn Fn(&Rule) -> bool,
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
        let span = spans.value(suppression.pointer.as_str());
        let removal = removal(spans, suppression);
        let diagnostic = match suppression.rule {
            Some(rule) if rule.unreadable_document => Diagnostic::new(
                &rules::UNUSED_ALLOW,
                format!("`{}` cannot be suppressed, so this suppression suppresses nothing", rule.name),
                suppression.pointer.clone(),
                Label::new(span, "cannot be suppressed"),
            )
            .with_help(format!(
                "Remove it, and fix what `{}` reports: a document guidelint cannot read must never pass.",
                rule.name
            ))
            .with_fix(removal),
            Some(rule) if !runs(rule) => continue,
            Some(rule) => Diagnostic::new(
                &rules::UNUSED_ALLOW,
                format!("this suppression of `{}` suppresses nothing", rule.name),
                suppression.pointer.clone(),
                Label::new(span, "nothing to suppress"),
            )
            .with_help(format!(
                "Remove it: `{}` reports nothing here, and a stale suppression would hide the next real problem.",
                rule.name
            ))
            .with_fix(removal),
            None => {
                let name = suppression.allow.rule;
                let suggestion = crate::text::closest(name, rules::names())
                    .map(|closest| format!("Did you mean `{closest}`? "))
                    .unwrap_or_default();
                // A near miss of a rule name meant to suppress that rule: renaming is the likely
                // intent, though a guess; removal would only be right if the problem were gone.
                let rename = crate::text::closest_unique(name, rules::names()).map(|closest| {
                    Fix::suggestion(
                        format!("Rename `{}` to `{closest}`", crate::text::truncate(name, 60)),
                        vec![Edit::replace(span, layout::string_literal(closest))],
                    )
                });
                Diagnostic::new(
                    &rules::UNUSED_ALLOW,
                    format!("no rule is named `{name}`, so this suppression suppresses nothing"),
                    suppression.pointer.clone(),
                    Label::new(span, "unknown rule"),
                )
                .with_help(format!("{suggestion}`guidelint rules` lists every rule name and code."))
                .with_fix(rename.or(removal))
            }
        };
        unused.push(diagnostic);
    }
    // `unused-allow` can itself be suppressed, like any other rule.
    unused.retain(|diagnostic| !suppressions.iter().any(|s| s.covers(diagnostic)));
    // A misspelt suppression says its author meant to suppress the rule it is a near miss of: a fix
    // that changes the document to silence that rule's diagnostics in its scope (`"terminal":
    // true` for a `dead-ned`) would go against that; the rename fixes them.
    let meant: Vec<(&Rule, &Pointer)> = suppressions
        .iter()
        .filter(|suppression| suppression.rule.is_none())
        .filter_map(|suppression| {
            let closest = crate::text::closest_unique(suppression.allow.rule, rules::names())?;
            Some((rules::find(closest)?, &suppression.scope))
        })
        .collect();
    for diagnostic in &mut kept {
        if meant
            .iter()
            .any(|(rule, scope)| *rule == diagnostic.rule && diagnostic.pointer.is_within(scope))
        {
            diagnostic.fix = None;
        }
    }
    kept.extend(unused);
    kept
}

/// The safe fix of a suppression that suppresses nothing: its removal, with its comma.
fn removal(spans: &SpanIndex, suppression: &Suppression) -> Option<Fix> {
    let items: Vec<Span> = (0..suppression.count)
        .map(|index| spans.value(suppression.list.clone().index(index).as_str()))
        .collect();
    let edit = layout::remove_item(
        spans.value(suppression.list.as_str()),
        &items,
        suppression.index,
    )?;
    Some(Fix::safe(
        format!(
            "Remove the suppression of `{}`",
            crate::text::truncate(suppression.allow.rule, 60)
        ),
        vec![edit],
    ))
}

fn collect<'a>(guideline: &'a Guideline<'a>) -> Vec<Suppression<'a>> {
    let mut lists: Vec<(&[Allow], Pointer)> = vec![(&guideline.lint.allow, Pointer::root())];
    // Most steps and treatments suppress nothing: their pointers are built only when they do.
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            if !step.allow.is_empty() {
                lists.push((&step.allow, Pointer::step(path_index, step_index)));
            }
        }
    }
    for (index, treatment) in guideline.treatments.iter().enumerate() {
        if !treatment.allow.is_empty() {
            lists.push((&treatment.allow, Pointer::treatment(index)));
        }
    }
    lists
        .into_iter()
        .flat_map(|(allows, scope)| {
            // The document-wide list sits under `lint`, a node's own list under the node.
            let list = if scope.as_str().is_empty() {
                Pointer::member("lint").key("allow")
            } else {
                scope.clone().key("allow")
            };
            allows
                .iter()
                .enumerate()
                .map(move |(index, allow)| Suppression {
                    allow,
                    rule: rules::find(allow.rule),
                    scope: scope.clone(),
                    pointer: list.clone().index(index).key("rule"),
                    list: list.clone(),
                    index,
                    count: allows.len(),
                    used: false,
                })
        })
        .collect()
}

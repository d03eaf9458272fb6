use super::RuleContext;
use super::conditions::{ConditionAt, Site, conditions, step_id, treatment_id};
use super::finding_kind_mismatch::steps_establishing;
use crate::diagnostic::Diagnostic;
use crate::model::Pointers;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::semantics::{FindingSet, Semantics};
use crate::text::{a_or_an, and_list, capitalized};

declare_rule! {
    /// ## What it does
    /// Reports a condition that tests a finding no step can have elicited by the time the
    /// condition is judged (docs/format.md, section 8):
    /// - a step's `when`: no step before it, on any route from its path's entry, elicits the
    ///   finding (so a `when` on an entry is always undecidable: nothing is known before it);
    /// - a transition's `when`: neither its own step nor any step before it elicits it;
    /// - an indication or contraindication: no step of the paths the treatment `requires` does.
    ///
    /// The label names the finding; the help says which step could elicit it. Steps that no route
    /// reaches are left to `unreachable-step`.
    ///
    /// ## Why it matters
    /// A finding nobody has looked for is unknown, and a decision cannot turn on it: a
    /// transition that waits for it is never followed, a step is never performed, an indication
    /// never holds and a contraindication never protects the patient it was written for. The
    /// guideline reads as if it checked, while in practice the question is never asked at that
    /// point.
    ///
    /// ## Example
    /// ```json
    /// {"id": "history", "kind": "history", "name": "History", "next": ["examination", {"to": "surgical-consultation", "when": {"finding": "thigh-weakness"}}], "elicits": ["groin-pain", "on-anticoagulant"]}
    /// ```
    /// (where only the examination after the history elicits `thigh-weakness`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "history", "kind": "history", "name": "History", "next": ["examination"], "elicits": ["groin-pain", "on-anticoagulant"]}
    /// ```
    /// (with the transition to `surgical-consultation` on a step after the examination)
    pub static UNDECIDABLE_CONDITION = {
        name: "undecidable-condition",
        code: "GL701",
        severity: Error,
        summary: "a condition testing a finding that no step can have elicited by then",
        fix: None "Whether to elicit the finding earlier or test it later is a decision about the pathway.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let semantics = context.semantics();
    let reachable: Vec<Option<Vec<bool>>> = semantics
        .paths()
        .iter()
        .map(|path| path.graph().reachable_from_entry())
        .collect();
    let is_reached = |path: usize, step: usize| {
        reachable
            .get(path)
            .and_then(Option::as_ref)
            .and_then(|reached| reached.get(step).copied())
            .unwrap_or(false)
    };
    let mut treatment_knowledge: Vec<Option<FindingSet>> = vec![None; semantics.treatments().len()];
    let mut diagnostics = Vec::new();
    for condition in conditions(semantics) {
        let knowable: FindingSet = match condition.site {
            Site::Step { path, step } if is_reached(path, step) => {
                semantics.paths()[path].elicitable_before(step).clone()
            }
            Site::Transition { path, step, .. } if is_reached(path, step) => {
                semantics.paths()[path].elicitable_at(step)
            }
            Site::Step { .. } | Site::Transition { .. } => continue,
            Site::Indication { treatment, .. } | Site::Contraindication { treatment, .. } => {
                if !judged_on_its_paths(semantics, treatment) {
                    continue;
                }
                treatment_knowledge[treatment]
                    .get_or_insert_with(|| semantics.elicitable_for_treatment(treatment))
                    .clone()
            }
        };
        let mut undecidable = false;
        condition.formula.for_each_finding(&mut |finding| {
            undecidable |= !knowable.contains(finding);
        });
        if !undecidable {
            continue;
        }
        for finding in condition.formula.findings() {
            if !knowable.contains(finding) {
                diagnostics.push(diagnostic(context, semantics, &condition, finding));
            }
        }
    }
    diagnostics
}

/// Whether the conditions of `treatment` are this rule's to judge: not when a path it requires
/// does not exist (`unknown-reference`), nor when it requires none without being `empiric`
/// (`treatment-without-diagnosis`). An empiric treatment without `requires` knows nothing, so
/// any condition it has is undecidable.
fn judged_on_its_paths(semantics: &Semantics<'_>, treatment: usize) -> bool {
    let Some(resolved) = semantics.treatments().get(treatment) else {
        return false;
    };
    resolved.requires.iter().all(Option::is_some)
        && (!resolved.requires.is_empty() || resolved.treatment.empiric.is_some())
}

/// The diagnostic for `finding`, unknown where `condition` is judged: at the finding's first
/// occurrence in the condition, with the others as secondary labels.
fn diagnostic(
    context: &RuleContext<'_>,
    semantics: &Semantics<'_>,
    condition: &ConditionAt<'_, '_>,
    finding: usize,
) -> Diagnostic {
    let guideline = context.guideline;
    let id = semantics.finding_id(finding);
    let mut occurrences: Vec<Pointer> = Vec::new();
    condition.condition.for_each_finding(
        Pointers::Build,
        &condition.site.pointer(),
        &mut |named, pointer| {
            if named == id {
                occurrences.push(pointer);
            }
        },
    );
    let pointer = occurrences
        .first()
        .cloned()
        .unwrap_or_else(|| condition.site.pointer());
    let (message, help) = match condition.site {
        Site::Step { path, step } if semantics.paths()[path].entry == Some(step) => (
            format!(
                "step `{}` is the entry of path `{}` and its `when` tests `{id}`: nothing is known before the entry, so `{id}` is always unknown there and the path never starts",
                step_id(guideline, path, step),
                semantics.paths()[path].id()
            ),
            format!(
                "Remove the `when` of `{}`: the entry starts the path for every patient. To act on `{id}`, test it on a transition after the step that elicits it.",
                step_id(guideline, path, step)
            ),
        ),
        Site::Step { path, step } => (
            format!(
                "{} tests `{id}`, which no step before it elicits on any route: `{id}` is always unknown when the step is reached, so the decision can never turn on it",
                condition.site.describe(guideline)
            ),
            path_help(semantics, path, step, finding, "before"),
        ),
        Site::Transition { path, step, .. } => (
            format!(
                "{} tests `{id}`, which neither `{}` nor any step before it elicits: `{id}` is always unknown there, so the decision can never turn on it",
                condition.site.describe(guideline),
                step_id(guideline, path, step)
            ),
            path_help(semantics, path, step, finding, "at or before"),
        ),
        Site::Indication { treatment, .. } | Site::Contraindication { treatment, .. } => {
            let what = if matches!(condition.site, Site::Indication { .. }) {
                "it never indicates the treatment"
            } else {
                "it never protects a patient from the treatment"
            };
            let required = required_paths(semantics, treatment);
            let message = if required.is_empty() {
                format!(
                    "{} tests `{id}`, but treatment `{}` is empiric and requires no diagnosis path, so nothing is known when it is judged: {what} through `{id}`",
                    condition.site.describe(guideline),
                    treatment_id(guideline, treatment)
                )
            } else {
                format!(
                    "{} tests `{id}`, which no step of the paths it requires ({}) elicits: `{id}` is always unknown when the treatment is judged, so {what} through it",
                    condition.site.describe(guideline),
                    and_list(&required)
                )
            };
            (message, treatment_help(semantics, treatment, finding))
        }
    };
    let mut diagnostic = Diagnostic::new(
        &UNDECIDABLE_CONDITION,
        message,
        pointer.clone(),
        context.label(&pointer, format!("`{id}` is never known here")),
    );
    for other in occurrences.iter().skip(1) {
        diagnostic = diagnostic.with_label(context.label(other, format!("`{id}` again")));
    }
    diagnostic.with_help(help)
}

/// Where `finding` could be elicited so that a condition of step `step` of path `path` can read
/// it (`where_` says where: "before", "at or before").
fn path_help(
    semantics: &Semantics<'_>,
    path: usize,
    step: usize,
    finding: usize,
    where_: &str,
) -> String {
    let id = semantics.finding_id(finding);
    let path_semantics = &semantics.paths()[path];
    let step_name = path_semantics.step_id(step);
    let here: Vec<String> = path_semantics
        .steps_eliciting(finding)
        .map(|other| format!("`{}`", path_semantics.step_id(other)))
        .collect();
    let reached = path_semantics.graph().reachable_from_entry();
    let unreachable = |name: &String| {
        path_semantics
            .step_index(name.trim_matches('`'))
            .is_some_and(|index| {
                reached
                    .as_ref()
                    .is_some_and(|reached| !reached.get(index).copied().unwrap_or(false))
            })
    };
    if !here.is_empty() && here.iter().all(unreachable) {
        return format!(
            "{} {} {} `{id}`, but no route from the entry reaches {} (`unreachable-step`): make it reachable at a point before `{step_name}`, or elicit `{id}` at a step {where_} `{step_name}`.",
            step_or_steps(&here),
            and_list(&here),
            if here.len() == 1 { "elicits" } else { "elicit" },
            if here.len() == 1 { "it" } else { "them" }
        );
    }
    if !here.is_empty() {
        return format!(
            "{} {} {} `{id}`, but no route reaches `{step_name}` through it first: elicit `{id}` at a step {where_} `{step_name}`, or test it only after {}.",
            step_or_steps(&here),
            and_list(&here),
            if here.len() == 1 { "elicits" } else { "elicit" },
            and_list(&here)
        );
    }
    let elsewhere = elsewhere(semantics, finding);
    if !elsewhere.is_empty() {
        return format!(
            "Only {} elicits `{id}`, and what one path establishes is not known in another: elicit `{id}` in path `{}`, at a step {where_} `{step_name}`.",
            and_list(&elsewhere),
            path_semantics.id()
        );
    }
    format!(
        "No step elicits `{id}`: add it to the `elicits` of the step {where_} `{step_name}` that establishes it{}.",
        kind_hint(semantics, finding)
    )
}

/// Where `finding` could be elicited so that the conditions of treatment `treatment` can read it.
fn treatment_help(semantics: &Semantics<'_>, treatment: usize, finding: usize) -> String {
    let id = semantics.finding_id(finding);
    let treatment_name = semantics.treatments()[treatment].id();
    let elsewhere = elsewhere(semantics, finding);
    if semantics.treatments()[treatment].requires.is_empty() {
        return format!(
            "An empiric treatment is given before any workup: remove the condition, or make `{treatment_name}` require the path that establishes `{id}`{}.",
            if elsewhere.is_empty() {
                String::new()
            } else {
                format!(" ({})", and_list(&elsewhere))
            }
        );
    }
    if !elsewhere.is_empty() {
        return format!(
            "{} elicits `{id}`: add that path to the `requires` of `{treatment_name}`, or elicit `{id}` in a path it requires.",
            capitalized(&and_list(&elsewhere))
        );
    }
    format!(
        "No step elicits `{id}`: add it to the `elicits` of the step that establishes it{}, in a path that `{treatment_name}` requires.",
        kind_hint(semantics, finding)
    )
}

/// "step `a` of path `p`" for every step of the document that elicits `finding`.
fn elsewhere(semantics: &Semantics<'_>, finding: usize) -> Vec<String> {
    semantics
        .steps_eliciting(finding)
        .into_iter()
        .map(|(path, step)| {
            let path = &semantics.paths()[path];
            format!("step `{}` of path `{}`", path.step_id(step), path.id())
        })
        .collect()
}

/// The ids of the paths a treatment requires that exist, in backticks.
fn required_paths(semantics: &Semantics<'_>, treatment: usize) -> Vec<String> {
    semantics.treatments()[treatment]
        .requires
        .iter()
        .flatten()
        .map(|path| format!("`{}`", semantics.paths()[*path].id()))
        .collect()
}

/// " (a sign: an examination or a procedure step)": the kinds of step that establish the
/// finding's kind.
fn kind_hint(semantics: &Semantics<'_>, finding: usize) -> String {
    semantics
        .guideline()
        .findings
        .get(finding)
        .map(|declared| {
            format!(
                " ({}: {} step)",
                a_or_an(declared.kind.as_str()),
                steps_establishing(declared.kind)
            )
        })
        .unwrap_or_default()
}

fn step_or_steps(steps: &[String]) -> &'static str {
    if steps.len() == 1 { "Step" } else { "Steps" }
}


//! Every condition of a document, where it is written and what it decides: what the logic rules
//! walk (`undecidable-condition`, `contradictory-condition`, `redundant-condition`) and how
//! their messages name a condition.

use crate::model::{Condition, Guideline};
use crate::pointer::Pointer;
use crate::semantics::{Formula, Semantics};

/// Where a condition is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The `when` of step `step` of path `path`.
    Step { path: usize, step: usize },
    /// The `when` of the `index`-th transition of that step.
    Transition {
        path: usize,
        step: usize,
        index: usize,
    },
    /// The `index`-th indication of a treatment.
    Indication { treatment: usize, index: usize },
    /// The `index`-th contraindication of a treatment.
    Contraindication { treatment: usize, index: usize },
}

/// One condition: where it is, as written and as the semantics reads it.
pub struct ConditionAt<'s, 'a> {
    pub site: Site,
    pub condition: &'a Condition<'a>,
    pub formula: &'s Formula,
}

/// Every condition of the document, in document order: steps' `when`, then their transitions',
/// path by path, then each treatment's indications and contraindications.
pub fn conditions<'s, 'a>(semantics: &'s Semantics<'a>) -> Vec<ConditionAt<'s, 'a>> {
    let guideline = semantics.guideline();
    let mut all = Vec::new();
    for (path_index, (path, resolved)) in guideline
        .diagnosis
        .paths
        .iter()
        .zip(semantics.paths())
        .enumerate()
    {
        for (step_index, (step, step_semantics)) in
            path.steps.iter().zip(&resolved.steps).enumerate()
        {
            if let (Some(condition), Some(formula)) = (&step.when, &step_semantics.when) {
                all.push(ConditionAt {
                    site: Site::Step {
                        path: path_index,
                        step: step_index,
                    },
                    condition,
                    formula,
                });
            }
            for (index, (transition, transition_semantics)) in step
                .next
                .iter()
                .zip(&step_semantics.transitions)
                .enumerate()
            {
                if let (Some(condition), Some(formula)) =
                    (transition.condition(), &transition_semantics.when)
                {
                    all.push(ConditionAt {
                        site: Site::Transition {
                            path: path_index,
                            step: step_index,
                            index,
                        },
                        condition,
                        formula,
                    });
                }
            }
        }
    }
    for (treatment_index, (treatment, resolved)) in guideline
        .treatments
        .iter()
        .zip(semantics.treatments())
        .enumerate()
    {
        for (index, (condition, formula)) in treatment
            .indications
            .iter()
            .zip(&resolved.indications)
            .enumerate()
        {
            all.push(ConditionAt {
                site: Site::Indication {
                    treatment: treatment_index,
                    index,
                },
                condition,
                formula,
            });
        }
        for (index, (condition, formula)) in treatment
            .contraindications
            .iter()
            .zip(&resolved.contraindications)
            .enumerate()
        {
            all.push(ConditionAt {
                site: Site::Contraindication {
                    treatment: treatment_index,
                    index,
                },
                condition,
                formula,
            });
        }
    }
    all
}

impl Site {
    /// The pointer of the condition itself.
    pub fn pointer(self) -> Pointer {
        match self {
            Site::Step { path, step } => Pointer::step(path, step).key("when"),
            Site::Transition { path, step, index } => {
                Pointer::transition(path, step, index).key("when")
            }
            Site::Indication { treatment, index } => Pointer::treatment(treatment)
                .key("indications")
                .index(index),
            Site::Contraindication { treatment, index } => Pointer::treatment(treatment)
                .key("contraindications")
                .index(index),
        }
    }

    /// The condition as a reader names it: "the `when` of step `ct`", "the `when` of the
    /// transition from `history` to `hematology`", "indication 2 of treatment `surgery`".
    pub fn describe(self, guideline: &Guideline) -> String {
        match self {
            Site::Step { path, step } => {
                format!("the `when` of step `{}`", step_id(guideline, path, step))
            }
            Site::Transition { path, step, index } => {
                let target = guideline
                    .diagnosis
                    .paths
                    .get(path)
                    .and_then(|path| path.steps.get(step))
                    .and_then(|step| step.next.get(index))
                    .map_or("", |transition| transition.target());
                format!(
                    "the `when` of the transition from `{}` to `{target}`",
                    step_id(guideline, path, step)
                )
            }
            Site::Indication { treatment, index } => format!(
                "indication {} of treatment `{}`",
                index + 1,
                treatment_id(guideline, treatment)
            ),
            Site::Contraindication { treatment, index } => format!(
                "contraindication {} of treatment `{}`",
                index + 1,
                treatment_id(guideline, treatment)
            ),
        }
    }
}

/// The pointer of the part of `condition` (at `pointer`) that `at` names: member positions from
/// the condition down, `0` under a `not` (as [`crate::semantics::ConstantPart::at`] gives them).
pub fn part_pointer(condition: &Condition, pointer: Pointer, at: &[usize]) -> Pointer {
    let mut condition = condition;
    let mut pointer = pointer;
    for &position in at {
        match condition {
            Condition::All(members) | Condition::Any(members) => {
                let key = if matches!(condition, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let Some(member) = members.get(position) else {
                    break;
                };
                pointer = pointer.key(key).index(position);
                condition = member;
            }
            Condition::Not(inner) => {
                pointer = pointer.key("not");
                condition = inner;
            }
            Condition::Finding(_) => break,
        }
    }
    pointer
}

/// The part of `condition` that `at` names (see [`part_pointer`]).
pub fn part<'c, 'a>(condition: &'c Condition<'a>, at: &[usize]) -> &'c Condition<'a> {
    let mut condition = condition;
    for &position in at {
        condition = match condition {
            Condition::All(members) | Condition::Any(members) => match members.get(position) {
                Some(member) => member,
                None => break,
            },
            Condition::Not(inner) => inner,
            Condition::Finding(_) => break,
        };
    }
    condition
}

pub fn step_id<'a>(guideline: &Guideline<'a>, path: usize, step: usize) -> &'a str {
    guideline
        .diagnosis
        .paths
        .get(path)
        .and_then(|path| path.steps.get(step))
        .map_or("", |step| step.id)
}

pub fn treatment_id<'a>(guideline: &Guideline<'a>, treatment: usize) -> &'a str {
    guideline
        .treatments
        .get(treatment)
        .map_or("", |treatment| treatment.id)
}

/// Every part of a condition with the same value, `value`, for every combination of the findings
/// it tests: the whole condition, or the outermost such members (what `contradictory-condition`,
/// for `false`, and `redundant-condition`, for `true`, report). Each condition on its own.
pub fn constant_parts<'s, 'a>(
    semantics: &'s Semantics<'a>,
    value: bool,
) -> Vec<(ConditionAt<'s, 'a>, crate::semantics::ConstantPart)> {
    let universe = semantics.finding_count();
    let mut found = Vec::new();
    for condition in conditions(semantics) {
        // Most conditions test each finding once and cannot be constant: no search, no list.
        if !condition.formula.repeats_a_finding() {
            continue;
        }
        let parts = condition
            .formula
            .constant_parts(universe, semantics.budget());
        for part in parts {
            if part.value == value {
                found.push((
                    ConditionAt {
                        site: condition.site,
                        condition: condition.condition,
                        formula: condition.formula,
                    },
                    part,
                ));
            }
        }
    }
    found
}

/// The findings tested more than once in `condition`, with the pointer of each of their
/// occurrences (the condition at `pointer`): what makes a condition constant.
pub fn repeated_findings<'a>(
    condition: &Condition<'a>,
    pointer: &Pointer,
) -> Vec<(&'a str, Pointer)> {
    let mut occurrences: Vec<(&'a str, Pointer)> = Vec::new();
    condition.for_each_finding(crate::model::Pointers::Build, pointer, &mut |id, at| {
        occurrences.push((id, at));
    });
    let count = |id: &str| occurrences.iter().filter(|(other, _)| *other == id).count();
    occurrences
        .iter()
        .filter(|(id, _)| count(id) > 1)
        .cloned()
        .collect()
}

/// How many characters of a condition a message quotes: the label points at all of it.
pub const DESCRIBED_LENGTH: usize = 120;

/// The diagnostics of the constant parts with value `value`, one per part, at the part, with the
/// repeated findings that make it constant as secondary labels. `wording` gives the message and
/// the help for a part: of the condition at `site`, the whole condition or not, as an author reads
/// it (`"`f` and not `f`"`).
pub fn constant_diagnostics(
    context: &super::RuleContext<'_>,
    rule: &'static crate::rule::Rule,
    value: bool,
    label: &str,
    wording: impl Fn(Site, bool, &str) -> (String, String),
) -> Vec<crate::diagnostic::Diagnostic> {
    let semantics = context.semantics();
    constant_parts(semantics, value)
        .into_iter()
        .map(|(condition, constant)| {
            let pointer = part_pointer(condition.condition, condition.site.pointer(), &constant.at);
            let written = part(condition.condition, &constant.at);
            let described = crate::text::truncate(
                &crate::semantics::explain::describe_condition(written),
                DESCRIBED_LENGTH,
            );
            let (message, help) = wording(condition.site, constant.at.is_empty(), &described);
            let mut diagnostic = crate::diagnostic::Diagnostic::new(
                rule,
                message,
                pointer.clone(),
                context.label(&pointer, label),
            );
            for (id, at) in repeated_findings(written, &pointer) {
                diagnostic = diagnostic.with_label(context.label(&at, format!("`{id}`")));
            }
            diagnostic.with_help(help)
        })
        .collect()
}

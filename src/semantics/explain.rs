//! Sentences that say why a playthrough went as it did, shared by `simulate` (which prints them)
//! and `test` (whose failing expectations quote them): why a step was or was not performed, why a
//! treatment has its status, which conditions were left undecided. Plain text with ids in
//! backticks; never a trailing period, so callers can build sentences around them.

use super::logic::{Formula, Truth, Valuation};
use super::play::{Playthrough, StepStatus, TreatmentStatus};
use super::{Semantics, TransitionRef};
use crate::model::Condition;
use crate::text::and_list;

/// A condition as an author reads it: "`a` or (`b` and not `c`)".
pub fn describe_condition(condition: &Condition) -> String {
    fn write(condition: &Condition, nested: bool, out: &mut String) {
        match condition {
            Condition::Finding(id) => out.push_str(&format!("`{id}`")),
            Condition::Not(inner) => {
                out.push_str("not ");
                write(inner, true, out);
            }
            Condition::All(members) | Condition::Any(members) => {
                let joint = if matches!(condition, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                let grouped = nested && members.len() > 1;
                if grouped {
                    out.push('(');
                }
                for (position, member) in members.iter().enumerate() {
                    if position > 0 {
                        out.push_str(joint);
                    }
                    write(member, true, out);
                }
                if grouped {
                    out.push(')');
                }
            }
        }
    }
    let mut text = String::new();
    write(condition, false, &mut text);
    text
}

/// Explanations of one playthrough.
#[derive(Debug, Clone, Copy)]
pub struct Explainer<'s, 'a> {
    pub semantics: &'s Semantics<'a>,
    pub playthrough: &'s Playthrough,
}

impl<'s, 'a> Explainer<'s, 'a> {
    pub fn new(semantics: &'s Semantics<'a>, playthrough: &'s Playthrough) -> Self {
        Explainer {
            semantics,
            playthrough,
        }
    }

    /// "`a` is present, `b` is absent, `c` is unknown": the values of `findings` under `valuation`.
    pub fn values(&self, findings: &[usize], valuation: Valuation<'_>) -> String {
        let described: Vec<String> = findings
            .iter()
            .map(|finding| {
                let id = self.semantics.finding_id(*finding);
                match valuation.value(*finding) {
                    Truth::True => format!("`{id}` is present"),
                    Truth::False => format!("`{id}` is absent"),
                    Truth::Unknown if self.semantics.steps_eliciting(*finding).is_empty() => {
                        format!("`{id}` is not known (no step elicits it)")
                    }
                    Truth::Unknown => format!("`{id}` is not known"),
                }
            })
            .collect();
        if described.is_empty() {
            // Only a condition naming no declared finding has no reasons.
            "it names no declared finding".to_string()
        } else {
            and_list(&described)
        }
    }

    /// The findings that give `formula` its value under `valuation`, with their values: what
    /// follows "as" in an explanation. The condition itself is in the document; what the reader
    /// needs is which findings decided it.
    fn because(&self, formula: &Formula, valuation: Valuation<'_>) -> String {
        self.values(&formula.reasons(valuation), valuation)
    }

    /// Why a step was performed or not, as a phrase: "the path's entry, which has no `when`",
    /// "reached from `a` (unconditional)", "not reached: ...".
    pub fn step(&self, path: usize, step: usize) -> String {
        let (Some(semantics), Some(play)) = (
            self.semantics.paths().get(path),
            self.playthrough.paths.get(path),
        ) else {
            return String::new();
        };
        let Some(outcome) = play.steps.get(step) else {
            return String::new();
        };
        let own = &semantics.steps[step];
        let when_text = || {
            own.when.as_ref().map_or_else(String::new, |formula| {
                self.because(
                    formula,
                    Valuation::new(&outcome.arriving, &self.playthrough.present),
                )
            })
        };
        match outcome.status {
            StepStatus::Entry => "the path's entry, which has no `when`".to_string(),
            StepStatus::EntryWithWhen => {
                "the path's entry has a `when`, which cannot be true: nothing is known before the entry"
                    .to_string()
            }
            StepStatus::Reached => {
                let mut text = format!("reached {}", self.arrivals(path, &outcome.arrivals));
                if own.when.is_some() {
                    text.push_str(&format!("; its `when` holds, as {}", when_text()));
                }
                text
            }
            StepStatus::Stopped => {
                let value = outcome.when.unwrap_or(Truth::Unknown);
                format!(
                    "reached {}, but its `when` is {value}, as {}",
                    self.arrivals(path, &outcome.arrivals),
                    when_text()
                )
            }
            StepStatus::NotReached => format!("not reached: {}", self.not_reached(path, step)),
        }
    }

    /// "from `a` (unconditional) and from `b`, as `x` is present".
    fn arrivals(&self, path: usize, arrivals: &[TransitionRef]) -> String {
        let parts: Vec<String> = arrivals
            .iter()
            .map(|arrival| {
                let from = self
                    .semantics
                    .paths()
                    .get(path)
                    .map_or("", |semantics| semantics.step_id(arrival.from));
                match self.transition_reason(path, *arrival) {
                    Some(reason) => format!("from `{from}`, as {reason}"),
                    None => format!("from `{from}` (unconditional)"),
                }
            })
            .collect();
        and_list(&parts)
    }

    /// Why a conditional transition has the value it has under its step's knowledge, or `None`
    /// for an unconditional one.
    fn transition_reason(&self, path: usize, at: TransitionRef) -> Option<String> {
        let formula = self
            .semantics
            .paths()
            .get(path)?
            .transition(at)?
            .when
            .as_ref()?;
        let knowledge = &self
            .playthrough
            .paths
            .get(path)?
            .steps
            .get(at.from)?
            .knowledge;
        Some(self.because(
            formula,
            Valuation::new(knowledge, &self.playthrough.present),
        ))
    }

    /// Why no followed transition reaches a step: each transition into it, and why it was not
    /// followed.
    fn not_reached(&self, path_index: usize, step: usize) -> String {
        let (Some(path), Some(play)) = (
            self.semantics.paths().get(path_index),
            self.playthrough.paths.get(path_index),
        ) else {
            return String::new();
        };
        let incoming = path.incoming(step);
        if incoming.is_empty() {
            return "no transition leads to it".to_string();
        }
        let mut reasons = Vec::new();
        let mut unperformed = Vec::new();
        for &arrival in incoming {
            let from = path.step_id(arrival.from);
            if !play.is_performed(arrival.from) {
                if !unperformed.contains(&from) {
                    unperformed.push(from);
                }
                continue;
            }
            let reason = self
                .transition_reason(path_index, arrival)
                .unwrap_or_default();
            reasons.push(format!(
                "the transition from `{from}` is not followed, as {reason}"
            ));
        }
        if !unperformed.is_empty() {
            let listed: Vec<String> = unperformed.iter().map(|id| format!("`{id}`")).collect();
            reasons.push(match listed.as_slice() {
                [one] => format!("{one}, which leads to it, was not performed"),
                _ => format!(
                    "{}, which lead to it, were not performed",
                    and_list(&listed)
                ),
            });
        }
        reasons.join("; ")
    }

    /// Where the branches that lead to `step` stopped, for a step never reached: the steps not
    /// performed on the routes into it that were themselves reached, or that a performed step has a
    /// transition to, each with why, as "`ct-scan`: not reached: the transition from `ultrasound` is
    /// not followed, as `ultrasound-inconclusive` is absent". Empty for a step that was performed or
    /// reached.
    pub fn stopping_points(&self, path: usize, step: usize) -> Vec<String> {
        let (Some(semantics), Some(play)) = (
            self.semantics.paths().get(path),
            self.playthrough.paths.get(path),
        ) else {
            return Vec::new();
        };
        if play
            .steps
            .get(step)
            .is_none_or(|outcome| outcome.status != StepStatus::NotReached)
        {
            return Vec::new();
        }
        // Walk back through the steps not performed, from `step`, to the first ones that a
        // performed step leads to or that were reached: where the patient's branches ended.
        let mut visited = vec![false; play.steps.len()];
        visited[step] = true;
        let mut stack = vec![step];
        let mut points = Vec::new();
        while let Some(current) = stack.pop() {
            for arrival in semantics.incoming(current) {
                let from = arrival.from;
                if play.is_performed(from) || visited[from] {
                    continue;
                }
                visited[from] = true;
                let outcome = &play.steps[from];
                let at_frontier = outcome.status != StepStatus::NotReached
                    || semantics
                        .incoming(from)
                        .iter()
                        .any(|before| play.is_performed(before.from));
                if at_frontier {
                    points.push(from);
                } else {
                    stack.push(from);
                }
            }
        }
        points.sort_unstable();
        points
            .into_iter()
            .map(|point| format!("`{}`: {}", semantics.step_id(point), self.step(path, point)))
            .collect()
    }

    /// The route of followed transitions from the entry to `step`: "`a` -> `b` -> `c`"; empty
    /// when the step was not reached.
    pub fn route(&self, path: usize, step: usize) -> String {
        let (Some(semantics), Some(play)) = (
            self.semantics.paths().get(path),
            self.playthrough.paths.get(path),
        ) else {
            return String::new();
        };
        play.route_to(step)
            .iter()
            .map(|step| format!("`{}`", semantics.step_id(*step)))
            .collect::<Vec<_>>()
            .join(" -> ")
    }

    /// The performed steps of a path, in document order: "`a`, `b`, `c`", or "no step".
    pub fn performed(&self, path: usize) -> String {
        let (Some(semantics), Some(play)) = (
            self.semantics.paths().get(path),
            self.playthrough.paths.get(path),
        ) else {
            return String::new();
        };
        let steps: Vec<String> = play
            .performed()
            .map(|step| format!("`{}`", semantics.step_id(step)))
            .collect();
        if steps.is_empty() {
            "no step".to_string()
        } else {
            steps.join(", ")
        }
    }

    /// Why a treatment has its status: "indicated, as `x` is present", "no indication holds, as
    /// `x` is absent", "contraindicated, as `y` is present", "the path `p` it requires was not
    /// performed: ...".
    pub fn treatment(&self, treatment: usize) -> String {
        let (Some(semantics), Some(outcome)) = (
            self.semantics.treatments().get(treatment),
            self.playthrough.treatments.get(treatment),
        ) else {
            return String::new();
        };
        let valuation = Valuation::new(&outcome.knowledge, &self.playthrough.present);
        // The reasons of the conditions with value `value`, together.
        let reasons_of = |formulas: &[Formula], values: &[Truth], value: Truth| {
            let mut findings = Vec::new();
            for (formula, each) in formulas.iter().zip(values) {
                if *each == value {
                    for finding in formula.reasons(valuation) {
                        if !findings.contains(&finding) {
                            findings.push(finding);
                        }
                    }
                }
            }
            self.values(&findings, valuation)
        };
        match outcome.status {
            TreatmentStatus::NotReached => self.unreached(treatment),
            TreatmentStatus::NotIndicated => {
                // Every indication is false or unknown: each one's reasons count.
                let mut findings = Vec::new();
                for formula in &semantics.indications {
                    for finding in formula.reasons(valuation) {
                        if !findings.contains(&finding) {
                            findings.push(finding);
                        }
                    }
                }
                format!(
                    "no indication holds, as {}",
                    self.values(&findings, valuation)
                )
            }
            TreatmentStatus::Excluded => format!(
                "contraindicated, as {}",
                reasons_of(
                    &semantics.contraindications,
                    &outcome.contraindications,
                    Truth::True
                )
            ),
            TreatmentStatus::Eligible => {
                let mut text = if semantics.indications.is_empty() {
                    "it lists no indication".to_string()
                } else {
                    format!(
                        "indicated, as {}",
                        reasons_of(&semantics.indications, &outcome.indications, Truth::True)
                    )
                };
                if outcome.contraindications.contains(&Truth::False) {
                    text.push_str(&format!(
                        "; not contraindicated, as {}",
                        reasons_of(
                            &semantics.contraindications,
                            &outcome.contraindications,
                            Truth::False
                        )
                    ));
                }
                text
            }
        }
    }

    /// Why a treatment was not reached: each path it requires whose entry was not performed.
    fn unreached(&self, treatment: usize) -> String {
        let (Some(semantics), Some(outcome)) = (
            self.semantics.treatments().get(treatment),
            self.playthrough.treatments.get(treatment),
        ) else {
            return String::new();
        };
        let required = semantics.treatment.requires.as_deref().unwrap_or_default();
        let mut parts: Vec<String> = outcome
            .unreached
            .iter()
            .map(|position| {
                let id = required.get(*position).copied().unwrap_or_default();
                let path = semantics
                    .requires
                    .get(*position)
                    .copied()
                    .flatten()
                    .and_then(|path| self.semantics.paths().get(path));
                match path.map(|path| path.entry.map(|entry| path.step_id(entry))) {
                    Some(Some(entry)) => format!(
                        "the path `{id}` it requires was not performed: its entry `{entry}` has a `when`"
                    ),
                    Some(None) => format!("the path `{id}` it requires has no entry step"),
                    None => format!("it requires `{id}`, which names no diagnosis path"),
                }
            })
            .collect();
        // A path named twice in `requires` counts once (docs/format.md, section 8.8).
        let mut seen = Vec::new();
        parts.retain(|part| {
            let new = !seen.contains(part);
            seen.push(part.clone());
            new
        });
        parts.join("; ")
    }

    /// The indications and contraindications of a treatment that are unknown, each as "indication
    /// `x`: `x` is not known".
    pub fn undecided(&self, treatment: usize) -> Vec<String> {
        let (Some(semantics), Some(outcome)) = (
            self.semantics.treatments().get(treatment),
            self.playthrough.treatments.get(treatment),
        ) else {
            return Vec::new();
        };
        let valuation = Valuation::new(&outcome.knowledge, &self.playthrough.present);
        let model = semantics.treatment;
        let mut undecided = Vec::new();
        for (kind, conditions, formulas, values) in [
            (
                "indication",
                &model.indications,
                &semantics.indications,
                &outcome.indications,
            ),
            (
                "contraindication",
                &model.contraindications,
                &semantics.contraindications,
                &outcome.contraindications,
            ),
        ] {
            for (position, value) in values.iter().enumerate() {
                if *value == Truth::Unknown {
                    undecided.push(format!(
                        "{kind} {}: {}",
                        describe_condition(&conditions[position]),
                        self.values(&formulas[position].reasons(valuation), valuation)
                    ));
                }
            }
        }
        undecided
    }
}

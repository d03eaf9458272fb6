//! The meaning of a guideline's pathways (docs/format.md, section 8), implemented once for
//! every consumer: `simulate` plays one patient, `test` plays each scenario and measures coverage,
//! and the logic rules ask the static questions (which findings can be known at a step, whether a
//! condition can ever hold).
//!
//! [`Semantics::new`] resolves a guideline's ids once: findings become indices into the document's
//! `findings` list, conditions become [`Formula`]s, transitions point at step indices. Then:
//! - [`Semantics::play`] gives the [`Playthrough`] of one patient: per path, which steps were
//!   performed and why, what was known at each, which transitions were followed and how each branch
//!   ended; per treatment, its status and the indications and contraindications that decided it.
//! - [`PathSemantics::elicitable_before`] and friends ([`reach`]) give, on every route at once, the
//!   findings that can have been elicited by a point of the pathway.
//! - [`logic`] evaluates conditions under any partial knowledge and searches combinations of
//!   findings exactly; [`questions`] asks with it what the logic rules want to know: a combination
//!   under which a step follows no transition, under which a treatment is eligible, under which an
//!   indication holds without a contraindication.
//!
//! The semantics is defined on any document the model can hold, so nothing here panics on a
//! dangling reference, a loop or a repeated id; but only documents without errors are meant to be
//! simulated (`simulate` and `test` refuse the others), since the meaning of such a document is not
//! what its author intended.

pub mod explain;
pub mod logic;
pub mod play;
pub mod questions;
pub mod reach;
#[cfg(test)]
mod tests;

pub use logic::{Combination, FindingSet, Formula, Search, Truth, Valuation};
pub use play::{
    Ending, PathPlay, Playthrough, StepOutcome, StepStatus, TreatmentOutcome, TreatmentStatus,
};

use crate::hash::Map;
use crate::model::{DiagnosisPath, Guideline, Step, Transition, Treatment};
use crate::paths::PathGraph;
use std::sync::OnceLock;

/// A guideline with its ids resolved, ready to be played and analysed.
#[derive(Debug)]
pub struct Semantics<'a> {
    guideline: &'a Guideline<'a>,
    /// Finding ids in document order; a finding's index is its position here.
    findings: Vec<&'a str>,
    finding_index: Map<&'a str, usize>,
    paths: Vec<PathSemantics<'a>>,
    path_index: Map<&'a str, usize>,
    treatments: Vec<TreatmentSemantics<'a>>,
    treatment_index: Map<&'a str, usize>,
}

/// One diagnosis path, resolved.
#[derive(Debug)]
pub struct PathSemantics<'a> {
    pub path: &'a DiagnosisPath<'a>,
    /// The entry's step index, `None` when `entry` names no step of the path.
    pub entry: Option<usize>,
    /// The path's steps, in document order.
    pub steps: Vec<StepSemantics<'a>>,
    /// Per step, the transitions that lead into it, in document order of their source step and
    /// then of their place in its `next`.
    incoming: Vec<Vec<TransitionRef>>,
    graph: PathGraph,
    /// Per step, the findings some step before it, on some route from the entry, elicits.
    elicitable_before: OnceLock<Vec<FindingSet>>,
}

/// One step, resolved.
#[derive(Debug)]
pub struct StepSemantics<'a> {
    pub step: &'a Step<'a>,
    /// Its own `when`.
    pub when: Option<Formula>,
    /// The findings it elicits.
    pub elicits: FindingSet,
    /// Its `next`, in order.
    pub transitions: Vec<TransitionSemantics<'a>>,
}

/// One entry of a step's `next`, resolved.
#[derive(Debug)]
pub struct TransitionSemantics<'a> {
    pub transition: &'a Transition<'a>,
    /// The target's step index, `None` when the target names no step of the path.
    pub to: Option<usize>,
    /// The transition's `when`; `None` for an unconditional transition.
    pub when: Option<Formula>,
}

/// A transition named by where it is written: the `index`-th entry of the `next` of step `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransitionRef {
    pub from: usize,
    pub index: usize,
}

/// One treatment, resolved.
#[derive(Debug)]
pub struct TreatmentSemantics<'a> {
    pub treatment: &'a Treatment<'a>,
    /// The paths it `requires`, in order; `None` for an id that names no path.
    pub requires: Vec<Option<usize>>,
    pub indications: Vec<Formula>,
    pub contraindications: Vec<Formula>,
    /// The treatments it `escalates_from` that exist.
    pub escalates_from: Vec<usize>,
    /// How many escalations lead up to it: 0 for a treatment that escalates from nothing, else one
    /// more than the highest of the treatments it escalates from. Eligible treatments are offered
    /// in this order.
    pub escalation_rank: usize,
}

/// An id that names nothing of the kind asked for, with the closest id of that kind when one is
/// close enough to be a likely typo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    pub id: String,
    pub suggestion: Option<String>,
}

impl<'a> Semantics<'a> {
    pub fn new(guideline: &'a Guideline<'a>) -> Self {
        let findings: Vec<&'a str> = guideline
            .findings
            .iter()
            .map(|finding| finding.id)
            .collect();
        let finding_index = first_positions(findings.iter().copied());
        let resolve = |id: &str| finding_index.get(id).copied();
        let paths: Vec<PathSemantics<'a>> = guideline
            .diagnosis
            .paths
            .iter()
            .map(|path| PathSemantics::new(path, findings.len(), &resolve))
            .collect();
        let path_index = first_positions(paths.iter().map(|path| path.path.id));
        let treatment_index = first_positions(guideline.treatments.iter().map(|t| t.id));
        let mut treatments: Vec<TreatmentSemantics<'a>> = guideline
            .treatments
            .iter()
            .map(|treatment| TreatmentSemantics {
                treatment,
                requires: treatment
                    .requires
                    .iter()
                    .flatten()
                    .map(|id| path_index.get(id).copied())
                    .collect(),
                indications: treatment
                    .indications
                    .iter()
                    .map(|condition| Formula::compile(condition, &resolve))
                    .collect(),
                contraindications: treatment
                    .contraindications
                    .iter()
                    .map(|condition| Formula::compile(condition, &resolve))
                    .collect(),
                escalates_from: treatment
                    .escalates_from
                    .iter()
                    .filter_map(|id| treatment_index.get(id).copied())
                    .collect(),
                escalation_rank: 0,
            })
            .collect();
        let ranks = escalation_ranks(&treatments);
        for (treatment, rank) in treatments.iter_mut().zip(ranks) {
            treatment.escalation_rank = rank;
        }
        Semantics {
            guideline,
            findings,
            finding_index,
            paths,
            path_index,
            treatments,
            treatment_index,
        }
    }

    pub fn guideline(&self) -> &'a Guideline<'a> {
        self.guideline
    }

    /// How many findings the document declares: the size of every [`FindingSet`].
    pub fn finding_count(&self) -> usize {
        self.findings.len()
    }

    /// The id of the finding at `index`.
    pub fn finding_id(&self, index: usize) -> &'a str {
        self.findings.get(index).copied().unwrap_or_default()
    }

    /// The index of the (first) finding with this id.
    pub fn finding_index(&self, id: &str) -> Option<usize> {
        self.finding_index.get(id).copied()
    }

    pub fn paths(&self) -> &[PathSemantics<'a>] {
        &self.paths
    }

    /// The index of the (first) diagnosis path with this id.
    pub fn path_index(&self, id: &str) -> Option<usize> {
        self.path_index.get(id).copied()
    }

    pub fn treatments(&self) -> &[TreatmentSemantics<'a>] {
        &self.treatments
    }

    /// The index of the (first) treatment with this id.
    pub fn treatment_index(&self, id: &str) -> Option<usize> {
        self.treatment_index.get(id).copied()
    }

    /// The step with this id as `(path index, step index)`: ids are unique in a valid document, so
    /// the first path holding it is the one.
    pub fn step_location(&self, id: &str) -> Option<(usize, usize)> {
        self.paths
            .iter()
            .enumerate()
            .find_map(|(path_index, path)| Some((path_index, path.step_index(id)?)))
    }

    /// An empty set of findings of the right size.
    pub fn no_findings(&self) -> FindingSet {
        FindingSet::with_capacity(self.findings.len())
    }

    /// The set of the findings named by `ids`, or the first id that names no finding, with a
    /// suggestion.
    pub fn findings_named<'i>(
        &self,
        ids: impl IntoIterator<Item = &'i str>,
    ) -> Result<FindingSet, UnknownId> {
        let mut set = self.no_findings();
        for id in ids {
            match self.finding_index(id) {
                Some(index) => set.insert(index),
                None => return Err(self.unknown(id, self.findings.iter().copied())),
            }
        }
        Ok(set)
    }

    /// An [`UnknownId`] for `id`, suggesting the closest of `candidates`.
    pub fn unknown<'c>(
        &self,
        id: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> UnknownId {
        UnknownId {
            id: id.to_string(),
            suggestion: crate::text::closest(id, candidates).map(str::to_string),
        }
    }

    /// Every step id, path by path, for suggestions.
    pub fn step_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.paths
            .iter()
            .flat_map(|path| path.steps.iter().map(|step| step.step.id))
    }

    /// Every path id, for suggestions.
    pub fn path_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.paths.iter().map(|path| path.path.id)
    }

    /// Every treatment id, for suggestions.
    pub fn treatment_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.treatments
            .iter()
            .map(|treatment| treatment.treatment.id)
    }

    /// Every finding id, in document order.
    pub fn finding_ids(&self) -> &[&'a str] {
        &self.findings
    }
}

impl<'a> PathSemantics<'a> {
    fn new(
        path: &'a DiagnosisPath<'a>,
        finding_count: usize,
        resolve: &impl Fn(&str) -> Option<usize>,
    ) -> Self {
        let graph = PathGraph::new(path);
        let steps: Vec<StepSemantics<'a>> = path
            .steps
            .iter()
            .map(|step| {
                let mut elicits = FindingSet::with_capacity(finding_count);
                for id in &step.elicits {
                    if let Some(index) = resolve(id) {
                        elicits.insert(index);
                    }
                }
                StepSemantics {
                    step,
                    when: step
                        .when
                        .as_ref()
                        .map(|condition| Formula::compile(condition, resolve)),
                    elicits,
                    transitions: step
                        .next
                        .iter()
                        .map(|transition| TransitionSemantics {
                            transition,
                            to: graph.step_index(transition.target()),
                            when: transition
                                .condition()
                                .map(|condition| Formula::compile(condition, resolve)),
                        })
                        .collect(),
                }
            })
            .collect();
        let mut incoming = vec![Vec::new(); steps.len()];
        for (from, step) in steps.iter().enumerate() {
            for (index, transition) in step.transitions.iter().enumerate() {
                if let Some(to) = transition.to {
                    incoming[to].push(TransitionRef { from, index });
                }
            }
        }
        PathSemantics {
            path,
            entry: graph.entry(),
            steps,
            incoming,
            graph,
            elicitable_before: OnceLock::new(),
        }
    }

    pub fn id(&self) -> &'a str {
        self.path.id
    }

    /// The index of the (first) step with this id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.graph.step_index(id)
    }

    /// The id of the step at `index`.
    pub fn step_id(&self, index: usize) -> &'a str {
        self.steps
            .get(index)
            .map(|step| step.step.id)
            .unwrap_or_default()
    }

    /// The transitions leading into `step`.
    pub fn incoming(&self, step: usize) -> &[TransitionRef] {
        self.incoming.get(step).map_or(&[], Vec::as_slice)
    }

    /// The transition `at` names.
    pub fn transition(&self, at: TransitionRef) -> Option<&TransitionSemantics<'a>> {
        self.steps.get(at.from)?.transitions.get(at.index)
    }

    /// Every transition of the path, in document order.
    pub fn transitions(&self) -> impl Iterator<Item = (TransitionRef, &TransitionSemantics<'a>)> {
        self.steps.iter().enumerate().flat_map(|(from, step)| {
            step.transitions
                .iter()
                .enumerate()
                .map(move |(index, transition)| (TransitionRef { from, index }, transition))
        })
    }

    /// The step graph the structural rules also use.
    pub fn graph(&self) -> &PathGraph {
        &self.graph
    }
}

impl TreatmentSemantics<'_> {
    pub fn id(&self) -> &str {
        self.treatment.id
    }
}

/// Each id's first position, as the rest of guidelint resolves repeated ids.
fn first_positions<'a>(ids: impl Iterator<Item = &'a str>) -> Map<&'a str, usize> {
    let mut positions = Map::default();
    for (position, id) in ids.enumerate() {
        positions.entry(id).or_insert(position);
    }
    positions
}

/// [`TreatmentSemantics::escalation_rank`] of each treatment. An escalation loop
/// (`escalation-order` reports it) is cut where the walk meets it again.
fn escalation_ranks(treatments: &[TreatmentSemantics]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done(usize),
    }
    let mut states = vec![State::New; treatments.len()];
    for start in 0..treatments.len() {
        if states[start] != State::New {
            continue;
        }
        // An explicit stack of (treatment, next parent to look at), so no document can exhaust the
        // call stack.
        let mut stack = vec![(start, 0)];
        while let Some(&mut (treatment, ref mut next)) = stack.last_mut() {
            if states[treatment] == State::New {
                states[treatment] = State::Open;
            }
            let parents = &treatments[treatment].escalates_from;
            if let Some(&parent) = parents.get(*next) {
                *next += 1;
                if states[parent] == State::New {
                    stack.push((parent, 0));
                }
                continue;
            }
            let rank = parents
                .iter()
                .filter_map(|parent| match states[*parent] {
                    State::Done(rank) => Some(rank + 1),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            states[treatment] = State::Done(rank);
            stack.pop();
        }
    }
    states
        .into_iter()
        .map(|state| match state {
            State::Done(rank) => rank,
            _ => 0,
        })
        .collect()
}

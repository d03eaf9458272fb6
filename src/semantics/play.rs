//! One patient played through a guideline (docs/format.md, section 8).
//!
//! Each diagnosis path is played on its own, from no known findings. The entry is performed when it
//! has no `when`. A performed step knows what it elicits plus what every performed step with a
//! followed transition into it knows; a transition of a performed step is followed when it is
//! unconditional or its `when` is true under that step's knowledge; a step is performed when a
//! followed transition reaches it and its own `when` is absent or true under the union of what the
//! steps whose followed transitions reach it know. The playthrough is the least fixed point of
//! these rules: the work list below starts from the entry and evaluates a step again whenever what
//! reaches it grows. Kleene's logic is monotone, so the order of evaluation cannot change the
//! result, and knowledge only grows, so the list runs dry on any document, loops included.

use super::logic::{FindingSet, Formula, Truth, Valuation};
use super::{PathSemantics, Semantics, TransitionRef, TreatmentSemantics};
use std::collections::VecDeque;

/// The outcome of playing one patient through every path and treatment.
#[derive(Debug, Clone)]
pub struct Playthrough {
    /// The findings the patient has.
    pub present: FindingSet,
    /// One per diagnosis path, in document order.
    pub paths: Vec<PathPlay>,
    /// One per treatment, in document order.
    pub treatments: Vec<TreatmentOutcome>,
}

/// How one diagnosis path went.
#[derive(Debug, Clone)]
pub struct PathPlay {
    /// One per step, in document order.
    pub steps: Vec<StepOutcome>,
}

/// Why a step was or was not performed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Performed as the path's entry, which has no `when`.
    Entry,
    /// Performed: followed transitions reach it ([`StepOutcome::arrivals`]) and its `when` is
    /// absent or true.
    Reached,
    /// Not performed: the path's entry has a `when`, which cannot be true since nothing is known
    /// before the entry.
    EntryWithWhen,
    /// Not performed: no followed transition reaches it.
    NotReached,
    /// Not performed: followed transitions reach it, but its `when` is false or unknown under what
    /// they bring ([`StepOutcome::when`]); the branch stops there.
    Stopped,
}

impl StepStatus {
    pub fn performed(self) -> bool {
        matches!(self, StepStatus::Entry | StepStatus::Reached)
    }
}

/// How a branch ended at a performed step that follows no transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The step is marked `"terminal": true`: the path may end there.
    Terminal,
    /// The step is not terminal: the pathway leaves the patient with nowhere to go.
    Incomplete,
}

impl Ending {
    /// "terminal", "incomplete": as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Terminal => "terminal",
            Ending::Incomplete => "incomplete",
        }
    }
}

/// One step of one playthrough.
#[derive(Debug, Clone)]
pub struct StepOutcome {
    pub status: StepStatus,
    /// The followed transitions that reach the step (from performed steps), in document order.
    pub arrivals: Vec<TransitionRef>,
    /// What the steps of `arrivals` know, together: what the step's `when` is judged on.
    pub arriving: FindingSet,
    /// The value of the step's `when` under `arriving`; `None` when it has none.
    pub when: Option<Truth>,
    /// What the step knows once performed (`arriving` plus what it elicits); empty when not
    /// performed.
    pub knowledge: FindingSet,
    /// Per entry of `next`: the value of its condition under `knowledge` (true for an
    /// unconditional transition); `None` for every entry of a step not performed.
    pub transitions: Vec<Option<Truth>>,
    /// How the branch ended here, for a performed step that follows no transition.
    pub ending: Option<Ending>,
}

impl StepOutcome {
    pub fn performed(&self) -> bool {
        self.status.performed()
    }

    /// Whether the `index`-th entry of the step's `next` was followed.
    pub fn followed(&self, index: usize) -> bool {
        matches!(self.transitions.get(index), Some(Some(Truth::True)))
    }
}

impl PathPlay {
    /// The performed steps, in document order.
    pub fn performed(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps
            .iter()
            .enumerate()
            .filter(|(_, step)| step.performed())
            .map(|(index, _)| index)
    }

    /// The steps not performed, in document order.
    pub fn not_performed(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps
            .iter()
            .enumerate()
            .filter(|(_, step)| !step.performed())
            .map(|(index, _)| index)
    }

    /// The performed steps that follow no transition, in document order, with how each ended.
    pub fn ended(&self) -> impl Iterator<Item = (usize, Ending)> + '_ {
        self.steps
            .iter()
            .enumerate()
            .filter_map(|(index, step)| Some((index, step.ending?)))
    }

    /// Whether the transition was followed.
    pub fn followed(&self, transition: TransitionRef) -> bool {
        self.steps
            .get(transition.from)
            .is_some_and(|step| step.followed(transition.index))
    }

    /// Whether the step was performed.
    pub fn is_performed(&self, step: usize) -> bool {
        self.steps.get(step).is_some_and(StepOutcome::performed)
    }

    /// What the path's performed steps know, together.
    pub fn knowledge(&self, finding_count: usize) -> FindingSet {
        let mut knowledge = FindingSet::with_capacity(finding_count);
        for step in &self.steps {
            knowledge.union_with(&step.knowledge);
        }
        knowledge
    }

    /// A route of followed transitions from the entry to `step`, as step indices (the entry first,
    /// `step` last), taking each step's first arrival; empty when `step` was neither performed nor
    /// reached. For a step that was reached but not performed, the route ends at it all the same.
    pub fn route_to(&self, step: usize) -> Vec<usize> {
        let mut route = vec![step];
        let mut current = step;
        // Each step is visited at most once, so a loop of arrivals cannot trap the walk.
        let mut visited = vec![false; self.steps.len()];
        while let Some(outcome) = self.steps.get(current) {
            if visited[current] {
                break;
            }
            visited[current] = true;
            match outcome.arrivals.first() {
                Some(arrival) if outcome.status != StepStatus::Entry => {
                    current = arrival.from;
                    route.push(current);
                }
                _ => break,
            }
        }
        if !self
            .steps
            .get(step)
            .is_some_and(|outcome| outcome.performed() || outcome.status == StepStatus::Stopped)
        {
            return Vec::new();
        }
        route.reverse();
        route
    }
}

/// A treatment's status for one patient, checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreatmentStatus {
    /// The entry of a path it requires was not performed.
    NotReached,
    /// It lists indications and none is true.
    NotIndicated,
    /// One of its contraindications is true.
    Excluded,
    /// None of the above.
    Eligible,
}

impl TreatmentStatus {
    /// "not-reached", "not-indicated", "excluded", "eligible": as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            TreatmentStatus::NotReached => "not-reached",
            TreatmentStatus::NotIndicated => "not-indicated",
            TreatmentStatus::Excluded => "excluded",
            TreatmentStatus::Eligible => "eligible",
        }
    }
}

/// One treatment of one playthrough.
#[derive(Debug, Clone)]
pub struct TreatmentOutcome {
    pub status: TreatmentStatus,
    /// What the performed steps of the paths it requires know, together: what its indications and
    /// contraindications are judged on.
    pub knowledge: FindingSet,
    /// The positions in its `requires` of the paths whose entry was not performed (or that name
    /// no path).
    pub unreached: Vec<usize>,
    /// The value of each indication, in order.
    pub indications: Vec<Truth>,
    /// The value of each contraindication, in order.
    pub contraindications: Vec<Truth>,
}

impl TreatmentOutcome {
    /// Positions of the indications with value `value`.
    pub fn indications_that_are(&self, value: Truth) -> impl Iterator<Item = usize> + '_ {
        positions(&self.indications, value)
    }

    /// Positions of the contraindications with value `value`.
    pub fn contraindications_that_are(&self, value: Truth) -> impl Iterator<Item = usize> + '_ {
        positions(&self.contraindications, value)
    }
}

fn positions(values: &[Truth], value: Truth) -> impl Iterator<Item = usize> + '_ {
    values
        .iter()
        .enumerate()
        .filter(move |(_, each)| **each == value)
        .map(|(position, _)| position)
}

impl<'a> Semantics<'a> {
    /// Plays a patient who has the findings of `present` through every path and treatment.
    pub fn play(&self, present: &FindingSet) -> Playthrough {
        let paths: Vec<PathPlay> = self
            .paths()
            .iter()
            .map(|path| path.play(present, self.finding_count()))
            .collect();
        let treatments = self
            .treatments()
            .iter()
            .map(|treatment| treatment.judge(&paths, present, self.finding_count()))
            .collect();
        Playthrough {
            present: present.clone(),
            paths,
            treatments,
        }
    }
}

impl Playthrough {
    /// The eligible treatments in the order they are offered: by escalation rank (a treatment
    /// after those it escalates from), then in document order.
    pub fn eligible_in_order(&self, semantics: &Semantics) -> Vec<usize> {
        let mut eligible: Vec<usize> = self
            .treatments
            .iter()
            .enumerate()
            .filter(|(_, outcome)| outcome.status == TreatmentStatus::Eligible)
            .map(|(index, _)| index)
            .collect();
        eligible.sort_by_key(|index| {
            (
                semantics
                    .treatments()
                    .get(*index)
                    .map_or(0, |treatment| treatment.escalation_rank),
                *index,
            )
        });
        eligible
    }
}

impl PathSemantics<'_> {
    /// Plays the path alone for a patient with the findings of `present`.
    pub fn play(&self, present: &FindingSet, finding_count: usize) -> PathPlay {
        let count = self.steps.len();
        let mut performed = vec![false; count];
        let mut knowledge = vec![FindingSet::with_capacity(finding_count); count];
        let mut queue = VecDeque::new();
        let mut queued = vec![false; count];
        if let Some(entry) = self.entry {
            queue.push_back(entry);
            queued[entry] = true;
        }
        while let Some(step) = queue.pop_front() {
            queued[step] = false;
            let judged = self.judge_step(step, &performed, &knowledge, present);
            if judged.status.performed() == performed[step] && judged.knowledge == knowledge[step] {
                continue;
            }
            performed[step] = judged.status.performed();
            knowledge[step] = judged.knowledge;
            for transition in &self.steps[step].transitions {
                if let Some(to) = transition.to
                    && !queued[to]
                {
                    queued[to] = true;
                    queue.push_back(to);
                }
            }
        }
        // The fixed point is reached: describe every step from it, so each explanation reads the
        // final state whatever order the work list took.
        let steps = (0..count)
            .map(|step| self.judge_step(step, &performed, &knowledge, present))
            .collect();
        PathPlay { steps }
    }

    /// A step's outcome given what the other steps are known to have done so far.
    fn judge_step(
        &self,
        step: usize,
        performed: &[bool],
        knowledge: &[FindingSet],
        present: &FindingSet,
    ) -> StepOutcome {
        let semantics = &self.steps[step];
        let finding_count = semantics.elicits.len();
        let mut arrivals = Vec::new();
        let mut arriving = FindingSet::with_capacity(finding_count);
        for &arrival in self.incoming(step) {
            let Some(transition) = self.transition(arrival) else {
                continue;
            };
            if performed[arrival.from]
                && condition_value(transition.when.as_ref(), &knowledge[arrival.from], present)
                    .is_true()
            {
                arrivals.push(arrival);
                arriving.union_with(&knowledge[arrival.from]);
            }
        }
        let when = semantics
            .when
            .as_ref()
            .map(|when| when.evaluate(Valuation::new(&arriving, present)));
        let status = if Some(step) == self.entry {
            if semantics.when.is_none() {
                StepStatus::Entry
            } else {
                StepStatus::EntryWithWhen
            }
        } else if arrivals.is_empty() {
            StepStatus::NotReached
        } else if when.is_none_or(Truth::is_true) {
            StepStatus::Reached
        } else {
            StepStatus::Stopped
        };
        if !status.performed() {
            return StepOutcome {
                status,
                arrivals,
                arriving,
                when,
                knowledge: FindingSet::with_capacity(finding_count),
                transitions: vec![None; semantics.transitions.len()],
                ending: None,
            };
        }
        let mut step_knowledge = arriving.clone();
        step_knowledge.union_with(&semantics.elicits);
        let transitions: Vec<Option<Truth>> = semantics
            .transitions
            .iter()
            .map(|transition| {
                Some(condition_value(
                    transition.when.as_ref(),
                    &step_knowledge,
                    present,
                ))
            })
            .collect();
        let ending =
            (!transitions.contains(&Some(Truth::True))).then_some(if semantics.step.terminal {
                Ending::Terminal
            } else {
                Ending::Incomplete
            });
        StepOutcome {
            status,
            arrivals,
            arriving,
            when,
            knowledge: step_knowledge,
            transitions,
            ending,
        }
    }
}

impl TreatmentSemantics<'_> {
    /// The treatment's outcome once every path has been played.
    fn judge(
        &self,
        paths: &[PathPlay],
        present: &FindingSet,
        finding_count: usize,
    ) -> TreatmentOutcome {
        let mut knowledge = FindingSet::with_capacity(finding_count);
        let mut unreached = Vec::new();
        for (position, path) in self.requires.iter().enumerate() {
            let play = path.and_then(|path| paths.get(path));
            match play {
                Some(play)
                    if play
                        .steps
                        .iter()
                        .any(|step| step.status == StepStatus::Entry) =>
                {
                    knowledge.union_with(&play.knowledge(finding_count));
                }
                _ => unreached.push(position),
            }
        }
        let valuation = Valuation::new(&knowledge, present);
        let indications: Vec<Truth> = self
            .indications
            .iter()
            .map(|indication| indication.evaluate(valuation))
            .collect();
        let contraindications: Vec<Truth> = self
            .contraindications
            .iter()
            .map(|contraindication| contraindication.evaluate(valuation))
            .collect();
        let status = if !unreached.is_empty() {
            TreatmentStatus::NotReached
        } else if !indications.is_empty() && !indications.contains(&Truth::True) {
            TreatmentStatus::NotIndicated
        } else if contraindications.contains(&Truth::True) {
            TreatmentStatus::Excluded
        } else {
            TreatmentStatus::Eligible
        };
        TreatmentOutcome {
            status,
            knowledge,
            unreached,
            indications,
            contraindications,
        }
    }
}

/// A transition's condition under what its step knows: true when there is none.
fn condition_value(when: Option<&Formula>, known: &FindingSet, present: &FindingSet) -> Truth {
    when.map_or(Truth::True, |when| {
        when.evaluate(Valuation::new(known, present))
    })
}

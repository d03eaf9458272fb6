//! A path played for every completion of a partly chosen patient at once: the bounds that let an
//! exact search over patients ([`find_combination`](super::logic::find_combination)) drop a
//! whole subtree of combinations, or accept one, before every finding has a value.
//!
//! Some findings have been given a value (present or absent), the others are open: they may turn
//! out either way. Playing the steps on the routes to one step in an order where each comes after
//! those with transitions to it (a path without loops), each step is found performed in every
//! completion, in none, or maybe; and of each finding, known in every completion where the step is
//! performed, or maybe known. A condition then has a set of possible values ([`Possible`]). Each
//! bound only ever widens what the exact play (section 8.4 of docs/format.md) could do, so
//! "never" and "always" are sure; and once every finding the conditions test has a value, every
//! set has one member and the bounds are the exact play.

use super::PathSemantics;
use super::logic::{FindingSet, Formula, Possible, Truth, Valuation};

/// Whether something happens in the completions of a partly chosen patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Certainty {
    Never,
    Maybe,
    Always,
}

/// The bounds of one path's play, restricted to the steps on some route to a target step.
pub(super) struct PartialPlay<'p, 'a> {
    path: &'p PathSemantics<'a>,
    /// The steps on some route from the entry to the target, each after those leading to it.
    order: Vec<usize>,
    on_route: Vec<bool>,
    performed: Vec<Certainty>,
    /// Per step: what it knows in every completion where it is performed.
    surely_known: Vec<FindingSet>,
    /// Per step: what it knows in some completion.
    maybe_known: Vec<FindingSet>,
}

impl<'p, 'a> PartialPlay<'p, 'a> {
    /// The bounds for the steps of `on_route`, played in `order` (every step of the path, each
    /// after the steps with transitions to it).
    pub(super) fn new(path: &'p PathSemantics<'a>, on_route: Vec<bool>, order: &[usize]) -> Self {
        let count = path.steps.len();
        let finding_count = path.steps.first().map_or(0, |step| step.elicits.len());
        PartialPlay {
            path,
            order: order
                .iter()
                .copied()
                .filter(|step| on_route.get(*step).copied().unwrap_or(false))
                .collect(),
            on_route,
            performed: vec![Certainty::Never; count],
            surely_known: vec![FindingSet::with_capacity(finding_count); count],
            maybe_known: vec![FindingSet::with_capacity(finding_count); count],
        }
    }

    /// Plays the steps on the routes for every completion of `chosen`.
    pub(super) fn play(&mut self, chosen: Valuation<'_>) {
        for position in 0..self.order.len() {
            let step = self.order[position];
            self.play_step(step, chosen);
        }
    }

    fn play_step(&mut self, step: usize, chosen: Valuation<'_>) {
        let path = self.path;
        let semantics = &path.steps[step];
        let finding_count = semantics.elicits.len();
        if Some(step) == path.entry {
            // Nothing is known before the entry: a `when` there is never true (section 8.4).
            self.performed[step] = if semantics.when.is_none() {
                Certainty::Always
            } else {
                Certainty::Never
            };
            self.surely_known[step].clone_from(&semantics.elicits);
            self.maybe_known[step].clone_from(&semantics.elicits);
            return;
        }
        let mut reached = Certainty::Never;
        // Known on arrival in every completion: what every surely followed transition brings, or,
        // when none is sure, what all the possibly followed ones have in common.
        let mut surely_from_always: Option<FindingSet> = None;
        let mut surely_from_maybe: Option<FindingSet> = None;
        let mut maybe = FindingSet::with_capacity(finding_count);
        for &arrival in path.incoming(step) {
            if !self.on_route[arrival.from] || self.performed[arrival.from] == Certainty::Never {
                continue;
            }
            let Some(transition) = path.transition(arrival) else {
                continue;
            };
            let followed = match &transition.when {
                None => self.performed[arrival.from],
                Some(when) => match self.value_at(arrival.from, when, chosen) {
                    value if !value.contains(Truth::True) => Certainty::Never,
                    value if value.is_only(Truth::True) => self.performed[arrival.from],
                    _ => Certainty::Maybe,
                },
            };
            let from = &self.surely_known[arrival.from];
            match followed {
                Certainty::Never => continue,
                Certainty::Always => match &mut surely_from_always {
                    Some(surely) => surely.union_with(from),
                    None => surely_from_always = Some(from.clone()),
                },
                Certainty::Maybe => match &mut surely_from_maybe {
                    Some(surely) => surely.intersect_with(from),
                    None => surely_from_maybe = Some(from.clone()),
                },
            }
            maybe.union_with(&self.maybe_known[arrival.from]);
            reached = reached.max(followed);
        }
        let mut surely = surely_from_always
            .or(surely_from_maybe)
            .unwrap_or_else(|| FindingSet::with_capacity(finding_count));
        let performed = match (&semantics.when, reached) {
            (_, Certainty::Never) => Certainty::Never,
            (None, reached) => reached,
            (Some(when), reached) => {
                let value = when.possible(&finding_values(&surely, &maybe, chosen));
                if !value.contains(Truth::True) {
                    Certainty::Never
                } else if value.is_only(Truth::True) {
                    reached
                } else {
                    Certainty::Maybe
                }
            }
        };
        self.performed[step] = performed;
        surely.union_with(&semantics.elicits);
        maybe.union_with(&semantics.elicits);
        self.surely_known[step] = surely;
        self.maybe_known[step] = maybe;
    }

    /// Whether `step` is performed, over the completions.
    pub(super) fn performed(&self, step: usize) -> Certainty {
        self.performed
            .get(step)
            .copied()
            .unwrap_or(Certainty::Never)
    }

    /// The values `condition` can take under what `step` knows, in the completions where it is
    /// performed: what its transitions are judged on.
    pub(super) fn value_at(&self, step: usize, condition: &Formula, chosen: Valuation) -> Possible {
        condition.possible(&finding_values(
            &self.surely_known[step],
            &self.maybe_known[step],
            chosen,
        ))
    }
}

/// The possible values of each finding, for a step that surely knows `surely` and maybe knows
/// `maybe`, when `chosen` gives values to some findings.
fn finding_values<'s>(
    surely: &'s FindingSet,
    maybe: &'s FindingSet,
    chosen: Valuation<'s>,
) -> impl Fn(usize) -> Possible + 's {
    move |finding| {
        if !maybe.contains(finding) {
            return Possible::only(Truth::Unknown);
        }
        let values = match chosen.value(finding) {
            Truth::Unknown => Possible::only(Truth::False).with(Truth::True),
            value => Possible::only(value),
        };
        if surely.contains(finding) {
            values
        } else {
            values.with(Truth::Unknown)
        }
    }
}

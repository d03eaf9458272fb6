//! The exact questions the logic rules ask of a guideline (docs/format.md, section 8), answered by
//! searching combinations of findings ([`find_combination`]): is a condition the same for every
//! combination, can a patient's branch end at a step, can a treatment ever be eligible, can one of
//! its indications hold without a contraindication. Each answer is a [`Search`]: a combination
//! that shows it, none, or a search too large to finish.

use super::logic::{
    Budget, Combination, Formula, Search, Truth, find_combination, find_combination_within,
};
use super::partial::{Certainty, PartialPlay};
use super::{PathSemantics, TreatmentSemantics};

/// A part of a condition that has the same value for every combination of the findings it tests
/// (all of them known): the whole condition, or a member nested in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstantPart {
    /// Where the part is: the member positions from the condition down to it (`0` for the
    /// condition under a `not`); empty for the whole condition.
    pub at: Vec<usize>,
    /// Its value for every combination.
    pub value: bool,
}

impl Formula {
    /// The parts of the formula that have one value for every combination of the findings they
    /// test, each finding known: the whole formula when it is such, else the outermost such
    /// members at any depth, in the order written. A part is judged on its own, not in the light
    /// of the rest of the formula. A formula that names an unknown finding, or has an empty
    /// `all` or `any`, is not judged; a part whose search exceeds the budget is left out.
    pub fn constant_parts(&self, universe: usize, budget: &Budget) -> Vec<ConstantPart> {
        let mut parts = Vec::new();
        if self.is_resolved() && !self.has_empty_list() {
            self.collect_constant_parts(universe, budget, &mut Vec::new(), &mut parts);
        }
        parts
    }

    /// Whether the whole formula is false for every combination of the findings it tests, as
    /// [`constant_parts`](Self::constant_parts) judges it (what `contradictory-condition`
    /// reports); `false` when the search exceeds the budget.
    pub fn is_contradictory(&self, universe: usize, budget: &Budget) -> bool {
        self.is_resolved() && !self.has_empty_list() && self.never_true(universe, budget)
    }

    /// Whether no combination satisfies this part; only a part that tests some finding twice can
    /// be so, so the others are not searched.
    fn never_true(&self, universe: usize, budget: &Budget) -> bool {
        self.repeats_a_finding() && self.satisfying_within(universe, budget) == Search::Impossible
    }

    fn collect_constant_parts(
        &self,
        universe: usize,
        budget: &Budget,
        at: &mut Vec<usize>,
        parts: &mut Vec<ConstantPart>,
    ) {
        // A part in which every finding occurs once takes both values, and so does every member
        // of it: nothing to search.
        if !self.repeats_a_finding() {
            return;
        }
        let value = if self.never_true(universe, budget) {
            Some(false)
        } else if self.falsifying_within(universe, budget) == Search::Impossible {
            Some(true)
        } else {
            None
        };
        if let Some(value) = value {
            parts.push(ConstantPart {
                at: at.clone(),
                value,
            });
            return;
        }
        let members: &[Formula] = match self {
            Formula::Finding(_) => &[],
            Formula::All(members) | Formula::Any(members) => members,
            Formula::Not(inner) => std::slice::from_ref(inner.as_ref()),
        };
        for (position, member) in members.iter().enumerate() {
            at.push(position);
            member.collect_constant_parts(universe, budget, at, parts);
            at.pop();
        }
    }
}

impl PathSemantics<'_> {
    /// A combination of values for the findings that can be known when `step`'s transitions are
    /// judged ([`elicitable_at`](Self::elicitable_at)), every other finding unknown, under which
    /// none of its transitions is followed: the step would end its branch there. `Impossible` for
    /// a step with an unconditional transition, or whose conditions always leave one followed;
    /// for a step without transitions, the empty combination.
    pub fn combination_following_nothing(&self, step: usize) -> Search {
        let Some(semantics) = self.steps.get(step) else {
            return Search::Impossible;
        };
        let mut conditions: Vec<&Formula> = Vec::with_capacity(semantics.transitions.len());
        for transition in &semantics.transitions {
            match &transition.when {
                Some(when) => conditions.push(when),
                // An unconditional transition is always followed.
                None => return Search::Impossible,
            }
        }
        let knowable = self.elicitable_at(step);
        let mut over: Vec<usize> = Vec::new();
        for condition in &conditions {
            for finding in condition.findings() {
                if knowable.contains(finding) && !over.contains(&finding) {
                    over.push(finding);
                }
            }
        }
        find_combination(knowable.len(), &over, |valuation, complete| {
            let values: Vec<Truth> = conditions
                .iter()
                .map(|condition| condition.evaluate(valuation))
                .collect();
            if values.contains(&Truth::True) {
                Truth::False
            } else if complete || values.iter().all(|value| *value == Truth::False) {
                // Unknown for good once every knowable finding has a value: not followed.
                Truth::True
            } else {
                Truth::Unknown
            }
        })
    }
}

impl PathSemantics<'_> {
    /// A patient for whom `step` is performed and follows none of its transitions, so that the
    /// patient's branch ends there: the findings of the combination's `present` present, every
    /// other finding absent. The answer is exact (section 8 played for every patient): it follows
    /// the routes to the step, with what each brings and the conditions along them, so a
    /// combination that no route can bring to the step is not one. `Impossible` for a step with
    /// an unconditional transition, or that no patient reaches with its transitions undecided.
    pub fn patient_ending_at(&self, step: usize, budget: &Budget) -> Search {
        let Some(semantics) = self.steps.get(step) else {
            return Search::Impossible;
        };
        let mut conditions: Vec<&Formula> = Vec::with_capacity(semantics.transitions.len());
        for transition in &semantics.transitions {
            match &transition.when {
                Some(when) => conditions.push(when),
                // An unconditional transition is followed whenever the step is performed.
                None => return Search::Impossible,
            }
        }
        let finding_count = semantics.elicits.len();
        let mut tested: Vec<usize> = Vec::new();
        for condition in &conditions {
            for finding in condition.findings() {
                if !tested.contains(&finding) {
                    tested.push(finding);
                }
            }
        }
        // The common case, cheaply: when every route to the step makes the findings its
        // transitions test known, the step ends a branch only if some combination of them leaves
        // every transition false; if none does, no patient can end there.
        let mut surely_known = self.elicited_on_every_route_before(step).clone();
        surely_known.union_with(&semantics.elicits);
        if tested.iter().all(|finding| surely_known.contains(*finding))
            && follows_nothing_under(&conditions, finding_count, &tested, budget)
                == Search::Impossible
        {
            return Search::Impossible;
        }
        let on_route = self.steps_on_routes_to(step);
        if !on_route.get(step).copied().unwrap_or(false) {
            return Search::Impossible;
        }
        // The findings that decide: those the step's transitions test, then those of the
        // conditions on the routes to it, each only where it can be known.
        let knowable = self.elicitable_at(step);
        let mut over: Vec<usize> = tested
            .iter()
            .copied()
            .filter(|finding| knowable.contains(*finding))
            .collect();
        let mut add = |formula: &Formula| {
            formula.for_each_finding(&mut |finding| {
                if knowable.contains(finding) && !over.contains(&finding) {
                    over.push(finding);
                }
            })
        };
        for (route_step, on) in on_route.iter().enumerate() {
            if !on || route_step == step {
                continue;
            }
            let route_semantics = &self.steps[route_step];
            if let Some(when) = &route_semantics.when {
                add(when);
            }
            for transition in &route_semantics.transitions {
                if let (Some(when), Some(to)) = (&transition.when, transition.to)
                    && on_route[to]
                {
                    add(when);
                }
            }
        }
        if let Some(when) = &semantics.when {
            add(when);
        }
        // A judgement plays the steps on the routes and evaluates their conditions.
        let cost = on_route
            .iter()
            .zip(&self.steps)
            .filter(|(on, _)| **on)
            .map(|(_, route_step)| {
                1 + route_step.when.as_ref().map_or(0, Formula::size)
                    + route_step
                        .transitions
                        .iter()
                        .map(|transition| 1 + transition.when.as_ref().map_or(0, Formula::size))
                        .sum::<usize>()
            })
            .sum::<usize>();
        let found = match self.topological_order() {
            Some(order) => {
                let mut bounds = PartialPlay::new(self, on_route, order);
                find_combination_within(finding_count, &over, budget, cost, |chosen, _| {
                    bounds.play(chosen);
                    let performed = bounds.performed(step);
                    if performed == Certainty::Never {
                        return Truth::False;
                    }
                    let mut surely_not_followed = true;
                    for condition in &conditions {
                        let value = bounds.value_at(step, condition, chosen);
                        if value.is_only(Truth::True) {
                            return Truth::False;
                        }
                        surely_not_followed &= !value.contains(Truth::True);
                    }
                    if performed == Certainty::Always && surely_not_followed {
                        Truth::True
                    } else {
                        // Once every finding has a value the bounds are exact, so this is never
                        // the answer on a complete combination.
                        Truth::Unknown
                    }
                })
            }
            // Loops: the bounds need an order, so only complete combinations are judged, each by
            // playing it.
            None => {
                find_combination_within(finding_count, &over, budget, cost, |chosen, complete| {
                    if !complete {
                        return Truth::Unknown;
                    }
                    let play = self.play(chosen.present(), finding_count);
                    let ends_here = play.steps.get(step).is_some_and(|outcome| {
                        outcome.performed() && !outcome.transitions.contains(&Some(Truth::True))
                    });
                    Truth::from_bool(ends_here)
                })
            }
        };
        match found {
            Search::Found(patient) => Search::Found(self.fewest_present(step, patient)),
            other => other,
        }
    }

    /// `patient` with each present finding made absent in turn, where the patient's branch still
    /// ends at `step` without it: a witness a reader takes in at a glance, with only the findings
    /// that matter.
    fn fewest_present(&self, step: usize, mut patient: Combination) -> Combination {
        let finding_count = patient.present.len();
        let present: Vec<usize> = patient.present().collect();
        for finding in present {
            patient.present.set(finding, false);
            let play = self.play(&patient.present, finding_count);
            let still_ends = play.steps.get(step).is_some_and(|outcome| {
                outcome.performed() && !outcome.transitions.contains(&Some(Truth::True))
            });
            if !still_ends {
                patient.present.insert(finding);
            }
        }
        patient
    }
}

/// A combination of `over`, all known, under which none of `conditions` is true.
fn follows_nothing_under(
    conditions: &[&Formula],
    universe: usize,
    over: &[usize],
    budget: &Budget,
) -> Search {
    let cost = conditions.iter().map(|condition| condition.size()).sum();
    find_combination_within(universe, over, budget, cost, |valuation, complete| {
        let mut all_false = true;
        for condition in conditions {
            match condition.evaluate(valuation) {
                Truth::True => return Truth::False,
                Truth::Unknown => all_false = false,
                Truth::False => {}
            }
        }
        if complete || all_false {
            Truth::True
        } else {
            Truth::Unknown
        }
    })
}

impl TreatmentSemantics<'_> {
    /// A combination of values for the findings its conditions test (all known) under which the
    /// treatment is eligible once reached: an indication holds (or it lists none) and no
    /// contraindication does. `Impossible` means it can never be eligible.
    pub fn eligible_combination(&self, universe: usize, budget: &Budget) -> Search {
        let indicated = if self.indications.is_empty() {
            None
        } else {
            Some(Formula::Any(self.indications.clone()))
        };
        self.clear_of_contraindications(universe, indicated, budget)
    }

    /// A combination under which its `index`-th indication holds and no contraindication does.
    /// `Impossible` means the indication can only hold when a contraindication holds.
    pub fn indication_alone(&self, index: usize, universe: usize, budget: &Budget) -> Search {
        match self.indications.get(index) {
            Some(indication) => {
                self.clear_of_contraindications(universe, Some(indication.clone()), budget)
            }
            None => Search::Impossible,
        }
    }

    /// A combination under which `required` (if any) holds and no contraindication does, every
    /// finding involved known.
    fn clear_of_contraindications(
        &self,
        universe: usize,
        required: Option<Formula>,
        budget: &Budget,
    ) -> Search {
        let mut parts: Vec<Formula> = required.into_iter().collect();
        if !self.contraindications.is_empty() {
            parts.push(Formula::Not(Box::new(Formula::Any(
                self.contraindications.clone(),
            ))));
        }
        let judged = Formula::All(parts);
        let over = judged.findings();
        find_combination_within(universe, &over, budget, judged.size(), |valuation, _| {
            judged.evaluate(valuation)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Semantics;
    use super::*;
    use crate::model::Guideline;
    use serde::Deserialize;
    use serde_json::{Value, json};

    fn document(steps: Value, treatments: Value) -> Value {
        let findings: Vec<Value> = ["f", "g", "h"]
            .iter()
            .map(|id| json!({"id": id, "kind": "sign", "name": id}))
            .collect();
        json!({
            "format": "guidelint/1", "id": "q", "title": "Q", "version": "1.0.0", "status": "draft",
            "condition": {"name": "Q"},
            "provenance": {"authors": ["a"], "published": "2026-01-01", "sources": []},
            "findings": findings,
            "diagnosis": {"paths": [{"id": "p", "name": "P", "entry": "a", "steps": steps}]},
            "treatments": treatments,
        })
    }

    #[test]
    fn a_decision_that_can_leave_a_patient_nowhere_is_found_with_its_combination() {
        let value = document(
            json!([
                {"id": "a", "kind": "history", "name": "A", "elicits": ["f", "g"], "next": [
                    {"to": "b", "when": {"finding": "f"}},
                    {"to": "c", "when": {"all": [{"finding": "g"}, {"finding": "h"}]}}
                ]},
                {"id": "b", "kind": "examination", "name": "B", "next": [
                    {"to": "c", "when": {"finding": "f"}},
                    {"to": "c", "when": {"not": {"finding": "f"}}}
                ]},
                {"id": "c", "kind": "consultation", "name": "C", "next": ["a"]}
            ]),
            json!([]),
        );
        let guideline = Guideline::deserialize(&value).unwrap();
        let semantics = Semantics::new(&guideline);
        let path = &semantics.paths()[0];
        // At `a`: `f` absent, and `h` is never known there, so the second transition stays
        // unknown: nothing is followed.
        let found = path
            .combination_following_nothing(0)
            .found()
            .expect("a gap");
        assert_eq!(found.absent().collect::<Vec<_>>(), vec![0]);
        assert!(!found.known.contains(2));
        // At `b`, `f` or not `f` is always decided, one way or the other.
        assert_eq!(path.combination_following_nothing(1), Search::Impossible);
        // An unconditional transition is always followed.
        assert_eq!(path.combination_following_nothing(2), Search::Impossible);
    }

    #[test]
    fn a_treatment_whose_every_indication_needs_a_contraindication_is_never_eligible() {
        let value = document(
            json!([{"id": "a", "kind": "history", "name": "A", "elicits": ["f", "g", "h"], "terminal": true}]),
            json!([
                {"id": "never", "name": "N", "category": "surgical", "requires": ["p"], "actions": [{"name": "x"}],
                 "indications": [{"all": [{"finding": "f"}, {"finding": "g"}]}, {"finding": "h"}],
                 "contraindications": [{"finding": "g"}, {"finding": "h"}]},
                {"id": "sometimes", "name": "S", "category": "surgical", "requires": ["p"], "actions": [{"name": "x"}],
                 "indications": [{"finding": "f"}, {"finding": "h"}],
                 "contraindications": [{"finding": "h"}]}
            ]),
        );
        let guideline = Guideline::deserialize(&value).unwrap();
        let semantics = Semantics::new(&guideline);
        let universe = semantics.finding_count();
        let never = &semantics.treatments()[0];
        assert_eq!(
            never.eligible_combination(universe, &Budget::unlimited()),
            Search::Impossible
        );
        assert_eq!(
            never.indication_alone(0, universe, &Budget::unlimited()),
            Search::Impossible
        );
        let sometimes = &semantics.treatments()[1];
        let witness = sometimes
            .eligible_combination(universe, &Budget::unlimited())
            .found()
            .expect("eligible");
        assert!(witness.present().any(|finding| finding == 0));
        assert!(!witness.present().any(|finding| finding == 2));
        // Its second indication can only hold with the contraindication.
        assert!(matches!(
            sometimes.indication_alone(0, universe, &Budget::unlimited()),
            Search::Found(_)
        ));
        assert_eq!(
            sometimes.indication_alone(1, universe, &Budget::unlimited()),
            Search::Impossible
        );
    }
}

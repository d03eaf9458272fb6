//! The exact questions the logic rules ask of a guideline (docs/format.md, section 8), answered by
//! searching combinations of findings ([`find_combination`]): can a step's decision leave a
//! patient with nowhere to go, can a treatment ever be eligible, can one of its indications hold
//! without a contraindication. Each answer is a [`Search`]: a combination that shows it, none, or
//! a search too large to finish.

use super::logic::{Formula, Search, Truth, find_combination};
use super::{PathSemantics, TreatmentSemantics};

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

impl TreatmentSemantics<'_> {
    /// A combination of values for the findings its conditions test (all known) under which the
    /// treatment is eligible once reached: an indication holds (or it lists none) and no
    /// contraindication does. `Impossible` means it can never be eligible.
    pub fn eligible_combination(&self, universe: usize) -> Search {
        let indicated = if self.indications.is_empty() {
            None
        } else {
            Some(Formula::Any(self.indications.clone()))
        };
        self.clear_of_contraindications(universe, indicated)
    }

    /// A combination under which its `index`-th indication holds and no contraindication does.
    /// `Impossible` means the indication can only hold when a contraindication holds.
    pub fn indication_alone(&self, index: usize, universe: usize) -> Search {
        match self.indications.get(index) {
            Some(indication) => self.clear_of_contraindications(universe, Some(indication.clone())),
            None => Search::Impossible,
        }
    }

    /// A combination under which `required` (if any) holds and no contraindication does, every
    /// finding involved known.
    fn clear_of_contraindications(&self, universe: usize, required: Option<Formula>) -> Search {
        let mut parts: Vec<Formula> = required.into_iter().collect();
        if !self.contraindications.is_empty() {
            parts.push(Formula::Not(Box::new(Formula::Any(
                self.contraindications.clone(),
            ))));
        }
        let judged = Formula::All(parts);
        let over = judged.findings();
        find_combination(universe, &over, |valuation, _| judged.evaluate(valuation))
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
        assert_eq!(never.eligible_combination(universe), Search::Impossible);
        assert_eq!(never.indication_alone(0, universe), Search::Impossible);
        let sometimes = &semantics.treatments()[1];
        let witness = sometimes
            .eligible_combination(universe)
            .found()
            .expect("eligible");
        assert!(witness.present().any(|finding| finding == 0));
        assert!(!witness.present().any(|finding| finding == 2));
        // Its second indication can only hold with the contraindication.
        assert!(matches!(
            sometimes.indication_alone(0, universe),
            Search::Found(_)
        ));
        assert_eq!(sometimes.indication_alone(1, universe), Search::Impossible);
    }
}

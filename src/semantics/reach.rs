//! What can be known where, over every route at once: the static questions of the logic rules
//! (docs/format.md, section 8). A finding can have been elicited before a step when some
//! step before it, on some route of transitions from the path's entry, elicits it; conditions are
//! not looked at, so these are the most any patient can know there.

use super::logic::FindingSet;
use super::{PathSemantics, Semantics, TransitionRef};
use std::collections::VecDeque;

impl PathSemantics<'_> {
    /// The findings that some step before `step`, on some route from the path's entry, elicits:
    /// all that can be known when the step's own `when` is judged. Empty for the entry (unless a
    /// loop leads back to it) and for a step no route reaches.
    pub fn elicitable_before(&self, step: usize) -> &FindingSet {
        static EMPTY: std::sync::LazyLock<FindingSet> = std::sync::LazyLock::new(FindingSet::new);
        self.elicitable_before
            .get_or_init(|| self.compute_elicitable_before())
            .get(step)
            .unwrap_or(&EMPTY)
    }

    /// The findings that can be known when the transitions of `step` are judged: those elicitable
    /// before it and those it elicits itself.
    pub fn elicitable_at(&self, step: usize) -> FindingSet {
        let mut known = self.elicitable_before(step).clone();
        if let Some(semantics) = self.steps.get(step) {
            known.union_with(&semantics.elicits);
        }
        known
    }

    /// The findings that can be known when `transition` is judged: those of
    /// [`elicitable_at`](Self::elicitable_at) its step.
    pub fn elicitable_at_transition(&self, transition: TransitionRef) -> FindingSet {
        self.elicitable_at(transition.from)
    }

    /// Every finding some step of the path elicits.
    pub fn elicited_anywhere(&self) -> FindingSet {
        let mut all = FindingSet::new();
        for step in &self.steps {
            all.union_with(&step.elicits);
        }
        all
    }

    /// The steps that elicit `finding`, in document order: what a help text can suggest.
    pub fn steps_eliciting(&self, finding: usize) -> impl Iterator<Item = usize> + '_ {
        self.steps
            .iter()
            .enumerate()
            .filter(move |(_, step)| step.elicits.contains(finding))
            .map(|(index, _)| index)
    }

    /// Forward propagation from the entry along every transition: a step's set is the union, over
    /// the reachable steps with a transition into it, of their own set and what they elicit.
    /// Sets only grow, so the work list runs dry, loops included.
    fn compute_elicitable_before(&self) -> Vec<FindingSet> {
        let finding_count = self.steps.first().map_or(0, |step| step.elicits.len());
        let mut before = vec![FindingSet::with_capacity(finding_count); self.steps.len()];
        let Some(entry) = self.entry else {
            return before;
        };
        let mut reached = vec![false; self.steps.len()];
        reached[entry] = true;
        let mut queue = VecDeque::from([entry]);
        while let Some(step) = queue.pop_front() {
            let mut leaving = before[step].clone();
            leaving.union_with(&self.steps[step].elicits);
            for edge in self.graph().edges(step) {
                let grew = !reached[edge.to] || !leaving.is_subset(&before[edge.to]);
                if grew {
                    reached[edge.to] = true;
                    before[edge.to].union_with(&leaving);
                    queue.push_back(edge.to);
                }
            }
        }
        before
    }
}

impl Semantics<'_> {
    /// The findings that can be known when a treatment's indications and contraindications are
    /// judged: every finding some step of the paths it requires elicits.
    pub fn elicitable_for_treatment(&self, treatment: usize) -> FindingSet {
        let mut known = self.no_findings();
        if let Some(treatment) = self.treatments().get(treatment) {
            for path in treatment.requires.iter().flatten() {
                if let Some(path) = self.paths().get(*path) {
                    known.union_with(&path.elicited_anywhere());
                }
            }
        }
        known
    }

    /// Every step that elicits `finding`, as `(path index, step index)`, in document order.
    pub fn steps_eliciting(&self, finding: usize) -> Vec<(usize, usize)> {
        self.paths()
            .iter()
            .enumerate()
            .flat_map(|(path_index, path)| {
                path.steps_eliciting(finding)
                    .map(move |step| (path_index, step))
            })
            .collect()
    }
}

//! Routes through one diagnosis path along its `next` transitions, for the rules that judge order
//! (`imaging-sequence`, `imaging-escalation`, `contrast-without-renal-check` and the angiography
//! part of `invasive-without-coagulation-screen`).
//!
//! Transitions to ids that are not steps of the path are left out (`unknown-reference` reports
//! them); a step id defined twice resolves to its first definition. Transitions may loop (`cycle`
//! reports that): every walk here is an iterative breadth-first search that visits each step once,
//! so it terminates on any input and never recurses.

use crate::model::{DiagnosisPath, Step, path_pointer, step_pointer};
use std::collections::{HashMap, VecDeque};

/// One resolved transition: the step it leads to and its index in the source step's `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transition {
    to: usize,
    index: usize,
}

/// The steps of one diagnosis path as a graph.
pub struct Routes<'a> {
    path: &'a DiagnosisPath,
    path_index: usize,
    /// Per step, its resolved transitions in `next` order.
    transitions: Vec<Vec<Transition>>,
    entry: Option<usize>,
}

/// A route from the entry to a step: the steps in order, and how the last step was entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub steps: Vec<usize>,
    /// Pointer of the step id in the `next` transition entering the last step, or of the path's
    /// `entry` when the route is the entry alone.
    pub entered_at: String,
}

impl<'a> Routes<'a> {
    pub fn new(path: &'a DiagnosisPath, path_index: usize) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(path.steps.len());
        for (step_index, step) in path.steps.iter().enumerate() {
            index.entry(step.id.as_str()).or_insert(step_index);
        }
        let transitions = path
            .steps
            .iter()
            .map(|step| {
                step.next
                    .iter()
                    .enumerate()
                    .filter_map(|(transition, next)| {
                        index.get(next.target()).map(|&to| Transition {
                            to,
                            index: transition,
                        })
                    })
                    .collect()
            })
            .collect();
        let entry = index.get(path.entry.as_str()).copied();
        Routes {
            path,
            path_index,
            transitions,
            entry,
        }
    }

    /// Which steps can follow `start` through one or more transitions (`start` itself only when it
    /// lies on a loop).
    pub fn reachable_after(&self, start: usize) -> Vec<bool> {
        let mut reached = vec![false; self.transitions.len()];
        let mut pending: VecDeque<usize> = self.successors(start).collect();
        for &step in &pending {
            reached[step] = true;
        }
        while let Some(step) = pending.pop_front() {
            for next in self.successors(step) {
                if !reached[next] {
                    reached[next] = true;
                    pending.push_back(next);
                }
            }
        }
        reached
    }

    /// The shortest route from the entry to `target` on which no step before `target` satisfies
    /// `clears`, or `None` when every route passes such a step (or `target` is unreachable, which
    /// `unreachable-step` reports).
    pub fn route_avoiding(&self, target: usize, clears: impl Fn(&Step) -> bool) -> Option<Route> {
        let entry = self.entry?;
        // The step each reached step was first reached from, and through which transition.
        let mut reached_from: Vec<Option<Option<(usize, Transition)>>> =
            vec![None; self.transitions.len()];
        reached_from[entry] = Some(None);
        let mut pending = VecDeque::from([entry]);
        while let Some(step) = pending.pop_front() {
            if step == target {
                return Some(self.route_to(target, &reached_from));
            }
            if self.path.steps.get(step).is_some_and(&clears) {
                continue;
            }
            for &transition in self.transitions.get(step).map_or(&[][..], Vec::as_slice) {
                if reached_from[transition.to].is_none() {
                    reached_from[transition.to] = Some(Some((step, transition)));
                    pending.push_back(transition.to);
                }
            }
        }
        None
    }

    /// "`history` -> `examination` -> `angiography`", for messages.
    pub fn describe(&self, route: &Route) -> String {
        route
            .steps
            .iter()
            .filter_map(|&step| self.path.steps.get(step))
            .map(|step| format!("`{}`", step.id))
            .collect::<Vec<_>>()
            .join(" -> ")
    }

    fn successors(&self, step: usize) -> impl Iterator<Item = usize> + '_ {
        self.transitions
            .get(step)
            .into_iter()
            .flatten()
            .map(|transition| transition.to)
    }

    fn route_to(
        &self,
        target: usize,
        reached_from: &[Option<Option<(usize, Transition)>>],
    ) -> Route {
        let mut steps = vec![target];
        let mut entered_at = None;
        let mut step = target;
        // Each step is reached once, so following the links back visits each step at most once.
        while let Some(Some((previous, transition))) = reached_from.get(step).copied().flatten() {
            if entered_at.is_none() {
                let suffix = self
                    .path
                    .steps
                    .get(previous)
                    .and_then(|step| step.next.get(transition.index))
                    .map_or("", |next| next.target_suffix());
                entered_at = Some(format!(
                    "{}/next/{}{suffix}",
                    step_pointer(self.path_index, previous),
                    transition.index
                ));
            }
            steps.push(previous);
            step = previous;
        }
        steps.reverse();
        let entered_at =
            entered_at.unwrap_or_else(|| format!("{}/entry", path_pointer(self.path_index)));
        Route { steps, entered_at }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StepKind, Transition as Next};

    fn path(entry: &str, steps: &[(&str, &[&str])]) -> DiagnosisPath {
        DiagnosisPath {
            id: "workup".to_string(),
            name: "Workup".to_string(),
            entry: entry.to_string(),
            steps: steps
                .iter()
                .map(|(id, next)| Step {
                    id: id.to_string(),
                    kind: StepKind::History,
                    name: id.to_string(),
                    description: None,
                    when: None,
                    next: next
                        .iter()
                        .map(|target| Next::To(target.to_string()))
                        .collect(),
                    terminal: next.is_empty(),
                    elicits: Vec::new(),
                    addresses: Vec::new(),
                    allow: Vec::new(),
                    tests: Vec::new(),
                    modality: None,
                    sequence: None,
                    contrast: None,
                    specialties: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn routes_avoid_clearing_steps() {
        // a -> b -> d and a -> c -> d.
        let diamond = path(
            "a",
            &[("a", &["b", "c"]), ("b", &["d"]), ("c", &["d"]), ("d", &[])],
        );
        let routes = Routes::new(&diamond, 0);
        let route = routes
            .route_avoiding(3, |step| step.id == "b")
            .expect("through c");
        assert_eq!(routes.describe(&route), "`a` -> `c` -> `d`");
        assert_eq!(route.entered_at, "/diagnosis/paths/0/steps/2/next/0");
        assert_eq!(
            routes.route_avoiding(3, |step| step.id == "b" || step.id == "c"),
            None
        );
        // The target itself may satisfy `clears`: only earlier steps count.
        assert!(routes.route_avoiding(3, |step| step.id == "d").is_some());
    }

    #[test]
    fn the_entry_alone_is_a_route() {
        let single = path("a", &[("a", &[])]);
        let routes = Routes::new(&single, 2);
        let route = routes.route_avoiding(0, |_| false).expect("the entry");
        assert_eq!(route.steps, vec![0]);
        assert_eq!(route.entered_at, "/diagnosis/paths/2/entry");
    }

    #[test]
    fn loops_and_unknown_targets_terminate() {
        let looping = path(
            "a",
            &[("a", &["b", "missing"]), ("b", &["a", "b"]), ("c", &["a"])],
        );
        let routes = Routes::new(&looping, 0);
        assert_eq!(routes.reachable_after(0), vec![true, true, false]);
        assert_eq!(routes.reachable_after(2), vec![true, true, false]);
        // c is unreachable: no route reaches it.
        assert_eq!(routes.route_avoiding(2, |_| false), None);
    }

    #[test]
    fn an_unknown_entry_has_no_routes() {
        let broken = path("missing", &[("a", &[])]);
        assert_eq!(Routes::new(&broken, 0).route_avoiding(0, |_| false), None);
    }

    #[test]
    fn long_chains_are_walked_without_recursion() {
        let ids: Vec<String> = (0..50_000).map(|index| format!("s{index}")).collect();
        let nexts: Vec<[&str; 1]> = ids.iter().skip(1).map(|id| [id.as_str()]).collect();
        let mut steps: Vec<(&str, &[&str])> = ids
            .iter()
            .zip(&nexts)
            .map(|(id, next)| (id.as_str(), &next[..]))
            .collect();
        steps.push((ids[ids.len() - 1].as_str(), &["s0"]));
        let chain = path("s0", &steps);
        let routes = Routes::new(&chain, 0);
        assert!(routes.reachable_after(0).iter().all(|reached| *reached));
        let route = routes.route_avoiding(49_999, |_| false).expect("the chain");
        assert_eq!(route.steps.len(), 50_000);
    }
}

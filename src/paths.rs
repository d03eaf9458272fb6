//! A diagnosis path as a graph: its steps are the nodes, its `next` transitions (conditional or not)
//! the edges. The one graph behind every rule that follows transitions: `unreachable-step` and
//! `cycle`, the order rules `imaging-sequence`, `imaging-escalation`, `contrast-without-renal-check`
//! and the angiography part of `invasive-without-coagulation-screen`, and, over treatments and their
//! `escalates_from`, `escalation-order`.
//!
//! Targets that do not name a step of the same path are left out (`unknown-reference` reports them),
//! and a step id defined twice resolves to its first definition, as [`DiagnosisPath::step`] does.
//! Transitions may loop (`cycle` reports that): every walk is iterative, so no document can exhaust
//! the stack, visits each step once, so it terminates on any input, and follows steps in document
//! order, so results are deterministic.

use crate::hash::Map;
use crate::model::{DiagnosisPath, Transition};
use crate::pointer::Pointer;
use std::collections::VecDeque;

/// One transition between two steps of the same path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Index of the target step in the path's `steps`.
    pub to: usize,
    /// Index of the transition in the source step's `next` (of the entry in the source's list, for a
    /// graph built by [`PathGraph::from_lists`]).
    pub transition: usize,
}

/// A loop of transitions: `steps[k]` leads to `steps[k + 1]` through `edges[k]`, and the last edge
/// (the back edge) leads from the last step back to `steps[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    pub steps: Vec<usize>,
    pub edges: Vec<Edge>,
}

impl Loop {
    /// The step the back edge starts from, where the loop closes.
    pub fn closing_step(&self) -> usize {
        self.steps.last().copied().unwrap_or_default()
    }

    /// The transition that closes the loop.
    pub fn back_edge(&self) -> Option<Edge> {
        self.edges.last().copied()
    }
}

/// A shortest route from the entry to a step, as [`PathGraph::route_avoiding`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The steps in order, from the entry to the target.
    pub steps: Vec<usize>,
    /// The transition entering the last step, as `(source step, edge)`; `None` when the route is the
    /// entry alone.
    pub entered_by: Option<(usize, Edge)>,
}

impl Route {
    /// Pointer of the step id in the `next` transition entering the last step, or of the path's
    /// `entry` when the route is the entry alone.
    pub fn entered_at(&self, path: &DiagnosisPath, path_index: usize) -> Pointer {
        match self.entered_by {
            Some((step, edge)) => transition_pointer(path, path_index, step, edge.transition),
            None => Pointer::path(path_index).key("entry"),
        }
    }

    /// "`history` -> `examination` -> `angiography`", for messages.
    pub fn describe(&self, path: &DiagnosisPath) -> String {
        step_chain(path, self.steps.iter().copied())
    }
}

/// "`a` -> `b` -> `c`": the ids of `steps`, in order, for messages.
pub fn step_chain(path: &DiagnosisPath, steps: impl IntoIterator<Item = usize>) -> String {
    steps
        .into_iter()
        .filter_map(|step| path.steps.get(step))
        .map(|step| format!("`{}`", step.id))
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// The pointer of the target id of a step's `transition`-th transition: `.../next/0`, or
/// `.../next/0/to` for a conditional one.
pub fn transition_pointer(
    path: &DiagnosisPath,
    path_index: usize,
    step: usize,
    transition: usize,
) -> Pointer {
    let at = Pointer::transition(path_index, step, transition);
    match path
        .steps
        .get(step)
        .and_then(|step| step.next.get(transition))
    {
        Some(found) => found.target_pointer(at),
        None => at,
    }
}

/// How a search first reached a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    Not,
    /// The step the search started from.
    Start,
    /// From this step, through this transition.
    From(usize, Edge),
}

/// The transitions of one diagnosis path, by step index.
#[derive(Debug, Clone)]
pub struct PathGraph {
    /// Per step, its resolved transitions in `next` order; a second transition to the same target
    /// is dropped.
    edges: Vec<Vec<Edge>>,
    /// The step `entry` names, when it names one of this path's steps.
    entry: Option<usize>,
    /// Step id -> index of its first definition.
    index: Map<String, usize>,
}

impl PathGraph {
    pub fn new(path: &DiagnosisPath) -> Self {
        Self::from_lists(
            &path.steps,
            |step| step.id,
            |step| step.next.iter().map(Transition::target),
            Some(path.entry),
        )
    }

    /// A graph over any items that name each other by id, such as treatments and their
    /// `escalates_from`: `id` gives an item's id and `targets` the ids its list names, in order. Ids
    /// resolve as in a path: to their first definition, and ids naming no item are left out.
    pub fn from_lists<'a, Item, Targets>(
        items: &'a [Item],
        id: impl Fn(&'a Item) -> &'a str,
        targets: impl Fn(&'a Item) -> Targets,
        entry: Option<&str>,
    ) -> Self
    where
        Targets: IntoIterator<Item = &'a str>,
    {
        let mut index = Map::with_capacity_and_hasher(items.len(), Default::default());
        for (position, item) in items.iter().enumerate() {
            index.entry(id(item).to_string()).or_insert(position);
        }
        // The item whose list last led to each item, so that a repeated target is dropped in O(1).
        let mut last_led_from = vec![usize::MAX; items.len()];
        let edges = items
            .iter()
            .enumerate()
            .map(|(source, item)| {
                let mut edges: Vec<Edge> = Vec::new();
                for (transition, target) in targets(item).into_iter().enumerate() {
                    let Some(&to) = index.get(target) else {
                        continue;
                    };
                    if let Some(led_from) = last_led_from.get_mut(to)
                        && *led_from != source
                    {
                        *led_from = source;
                        edges.push(Edge { to, transition });
                    }
                }
                edges
            })
            .collect();
        let entry = entry.and_then(|entry| index.get(entry).copied());
        PathGraph {
            edges,
            entry,
            index,
        }
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// The index of the path's entry step, or `None` when `entry` names no step of this path.
    pub fn entry(&self) -> Option<usize> {
        self.entry
    }

    /// The index of the (first) step with this id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The resolved transitions leaving a step, in `next` order.
    pub fn edges(&self, step: usize) -> &[Edge] {
        self.edges.get(step).map_or(&[], Vec::as_slice)
    }

    /// The transitions leading into `step`, as `(source step, edge)` in document order.
    pub fn incoming(&self, step: usize) -> Vec<(usize, Edge)> {
        self.edges
            .iter()
            .enumerate()
            .flat_map(|(source, edges)| {
                edges
                    .iter()
                    .filter(|edge| edge.to == step)
                    .map(move |edge| (source, *edge))
            })
            .collect()
    }

    /// Which steps some sequence of transitions from the entry reaches (the entry included), or
    /// `None` when the entry does not resolve.
    pub fn reachable_from_entry(&self) -> Option<Vec<bool>> {
        self.entry.map(|entry| self.reachable_from(entry))
    }

    /// Which steps some sequence of transitions from `start` reaches (`start` included).
    pub fn reachable_from(&self, start: usize) -> Vec<bool> {
        self.reachable_through(start, |_| true)
    }

    /// Which steps can follow `start` through one or more transitions: those reachable from it, with
    /// `start` itself only when it lies on a loop.
    pub fn reachable_after(&self, start: usize) -> Vec<bool> {
        let mut reached = self.reachable_from(start);
        let on_loop = (0..self.len())
            .any(|step| reached[step] && self.edges(step).iter().any(|edge| edge.to == start));
        if let Some(slot) = reached.get_mut(start) {
            *slot = on_loop;
        }
        reached
    }

    /// Which steps are reached from `start` when only steps for which `through` holds may be passed
    /// through: a step failing `through` is reached but not left (this applies to `start` too). For
    /// example, "is the contrast CT reachable from the entry without passing a chemistry panel" is
    /// `reachable_through(entry, |step| !is_chemistry_lab(step))[ct]`.
    pub fn reachable_through(&self, start: usize, through: impl Fn(usize) -> bool) -> Vec<bool> {
        self.search(start, through, None)
            .into_iter()
            .map(|reached| reached != Reached::Not)
            .collect()
    }

    /// The shortest route from the entry to `target` on which no step before `target` satisfies
    /// `clears` (the route [`reachable_through`](Self::reachable_through) with `!clears` finds), or
    /// `None` when every route passes such a step, or `target` is unreachable (which
    /// `unreachable-step` reports). Of equally short routes, the one that takes earlier transitions
    /// wins.
    pub fn route_avoiding(&self, target: usize, clears: impl Fn(usize) -> bool) -> Option<Route> {
        let reached = self.search(self.entry?, |step| !clears(step), Some(target));
        let mut steps = vec![target];
        let mut entered_by = None;
        let mut step = target;
        // Each step is reached from one reached before it, so the links lead back to the entry.
        loop {
            match reached.get(step).copied()? {
                Reached::Not => return None,
                Reached::Start => break,
                Reached::From(previous, edge) => {
                    entered_by.get_or_insert((previous, edge));
                    steps.push(previous);
                    step = previous;
                }
            }
        }
        steps.reverse();
        Some(Route { steps, entered_by })
    }

    /// A breadth-first search from `start` that leaves only steps for which `through` holds (`start`
    /// included) and stops once it comes to `until`: how each step was first reached, so along a
    /// shortest route, taking earlier transitions first.
    fn search(
        &self,
        start: usize,
        through: impl Fn(usize) -> bool,
        until: Option<usize>,
    ) -> Vec<Reached> {
        let mut reached = vec![Reached::Not; self.len()];
        let Some(slot) = reached.get_mut(start) else {
            return reached;
        };
        *slot = Reached::Start;
        let mut pending = VecDeque::from([start]);
        while let Some(step) = pending.pop_front() {
            if until == Some(step) {
                break;
            }
            if !through(step) {
                continue;
            }
            for &edge in self.edges(step) {
                if reached[edge.to] == Reached::Not {
                    reached[edge.to] = Reached::From(step, edge);
                    pending.push_back(edge.to);
                }
            }
        }
        reached
    }

    /// The loops of the path, each reported once: a depth-first walk (from the entry first, then
    /// from every step not yet visited, in document order) yields one loop per back edge. Removing
    /// every back edge leaves the path free of loops, so fixing each reported loop fixes them all.
    pub fn loops(&self) -> Vec<Loop> {
        const NEW: u8 = 0;
        const ON_STACK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; self.len()];
        // Where each step sits on the stack while it is there.
        let mut depth = vec![0; self.len()];
        // (step, number of its edges already followed)
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut loops = Vec::new();
        for root in self.entry.into_iter().chain(0..self.len()) {
            if state[root] != NEW {
                continue;
            }
            state[root] = ON_STACK;
            depth[root] = 0;
            stack.push((root, 0));
            while let Some(frame) = stack.last_mut() {
                let (step, followed) = *frame;
                let Some(&edge) = self.edges(step).get(followed) else {
                    state[step] = DONE;
                    stack.pop();
                    continue;
                };
                frame.1 += 1;
                match state[edge.to] {
                    NEW => {
                        state[edge.to] = ON_STACK;
                        depth[edge.to] = stack.len();
                        stack.push((edge.to, 0));
                    }
                    ON_STACK => {
                        // Every frame on the stack has just followed the edge to the frame above it.
                        let frames = &stack[depth[edge.to]..];
                        let steps = frames.iter().map(|&(step, _)| step).collect();
                        let edges = frames
                            .iter()
                            .filter_map(|&(step, followed)| {
                                self.edges(step).get(followed.wrapping_sub(1)).copied()
                            })
                            .collect();
                        loops.push(Loop { steps, edges });
                    }
                    _ => {}
                }
            }
        }
        loops
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Step, StepKind, Transition};

    /// A path from `(id, [targets])` pairs; the entry is `entry`.
    fn path<'a>(entry: &'a str, steps: &[(&'a str, &[&'a str])]) -> DiagnosisPath<'a> {
        DiagnosisPath {
            id: "workup",
            name: "Workup",
            entry,
            steps: steps
                .iter()
                .map(|(id, next)| Step {
                    next: next.iter().map(|target| Transition::To(target)).collect(),
                    terminal: next.is_empty(),
                    ..Step::new(id, StepKind::History, id)
                })
                .collect(),
        }
    }

    fn loop_steps(graph: &PathGraph) -> Vec<Vec<usize>> {
        graph.loops().into_iter().map(|found| found.steps).collect()
    }

    #[test]
    fn a_straight_path_has_no_loops_and_reaches_everything() {
        let graph = PathGraph::new(&path("a", &[("a", &["b"]), ("b", &["c"]), ("c", &[])]));
        assert!(graph.loops().is_empty());
        assert_eq!(graph.reachable_from_entry(), Some(vec![true, true, true]));
    }

    #[test]
    fn a_self_loop_is_one_loop_of_one_step() {
        let graph = PathGraph::new(&path("a", &[("a", &["b"]), ("b", &["b", "c"]), ("c", &[])]));
        let loops = graph.loops();
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].steps, vec![1]);
        assert_eq!(
            loops[0].edges,
            vec![Edge {
                to: 1,
                transition: 0
            }]
        );
        assert_eq!(loops[0].closing_step(), 1);
    }

    #[test]
    fn two_separate_loops_are_reported_separately_in_document_order() {
        let graph = PathGraph::new(&path(
            "a",
            &[
                ("a", &["b"]),
                ("b", &["a", "c"]),
                ("c", &["d"]),
                ("d", &["c", "e"]),
                ("e", &[]),
            ],
        ));
        assert_eq!(loop_steps(&graph), vec![vec![0, 1], vec![2, 3]]);
        let first = &graph.loops()[0];
        assert_eq!(
            first.edges,
            vec![
                Edge {
                    to: 1,
                    transition: 0
                },
                Edge {
                    to: 0,
                    transition: 0
                }
            ]
        );
        assert_eq!(
            first.back_edge(),
            Some(Edge {
                to: 0,
                transition: 0
            })
        );
    }

    #[test]
    fn a_loop_starts_where_the_walk_from_the_entry_first_enters_it() {
        // The entry is the last step in the array; the loop b -> c -> b is entered at b.
        let graph = PathGraph::new(&path(
            "a",
            &[("c", &["b", "d"]), ("b", &["c"]), ("d", &[]), ("a", &["b"])],
        ));
        assert_eq!(loop_steps(&graph), vec![vec![1, 0]]);
    }

    #[test]
    fn a_loop_not_reachable_from_the_entry_is_still_found() {
        let graph = PathGraph::new(&path("a", &[("a", &[]), ("x", &["y"]), ("y", &["x"])]));
        assert_eq!(loop_steps(&graph), vec![vec![1, 2]]);
        assert_eq!(graph.reachable_from_entry(), Some(vec![true, false, false]));
    }

    #[test]
    fn an_unresolved_entry_reaches_nothing_but_loops_are_still_found() {
        let graph = PathGraph::new(&path("nope", &[("a", &["b"]), ("b", &["a"])]));
        assert_eq!(graph.entry(), None);
        assert_eq!(graph.reachable_from_entry(), None);
        assert_eq!(loop_steps(&graph), vec![vec![0, 1]]);
    }

    #[test]
    fn unresolved_and_repeated_targets_are_ignored() {
        let graph = PathGraph::new(&path("a", &[("a", &["missing", "b", "b"]), ("b", &[])]));
        assert_eq!(
            graph.edges(0),
            &[Edge {
                to: 1,
                transition: 1
            }]
        );
        assert_eq!(
            graph.incoming(1),
            vec![(
                0,
                Edge {
                    to: 1,
                    transition: 1
                }
            )]
        );
    }

    #[test]
    fn a_duplicated_step_id_resolves_to_its_first_definition() {
        let graph = PathGraph::new(&path("a", &[("a", &["b"]), ("b", &[]), ("b", &[])]));
        assert_eq!(graph.step_index("b"), Some(1));
        assert_eq!(graph.reachable_from_entry(), Some(vec![true, true, false]));
    }

    #[test]
    fn loops_sharing_a_back_edge_are_reported_once() {
        // a -> b -> d -> a and a -> c -> d -> a share the back edge d -> a.
        let graph = PathGraph::new(&path(
            "a",
            &[
                ("a", &["b", "c"]),
                ("b", &["d"]),
                ("c", &["d"]),
                ("d", &["a"]),
            ],
        ));
        assert_eq!(loop_steps(&graph), vec![vec![0, 1, 3]]);
    }

    #[test]
    fn reachability_can_stop_at_chosen_steps() {
        let graph = PathGraph::new(&path(
            "a",
            &[("a", &["b", "c"]), ("b", &["d"]), ("c", &["d"]), ("d", &[])],
        ));
        // Stop at b: d is still reached through c.
        assert_eq!(
            graph.reachable_through(0, |step| step != 1),
            vec![true, true, true, true]
        );
        // Stop at b and c: d is not reached.
        assert_eq!(
            graph.reachable_through(0, |step| step == 0),
            vec![true, true, true, false]
        );
        // Stopping at the start reaches only the start.
        assert_eq!(
            graph.reachable_through(0, |_| false),
            vec![true, false, false, false]
        );
    }

    #[test]
    fn a_long_chain_is_walked_without_recursion() {
        let ids: Vec<String> = (0..100_000).map(|index| format!("s{index}")).collect();
        let nexts: Vec<[&str; 1]> = ids.iter().skip(1).map(|id| [id.as_str()]).collect();
        let mut steps: Vec<(&str, &[&str])> = ids
            .iter()
            .zip(&nexts)
            .map(|(id, next)| (id.as_str(), &next[..]))
            .collect();
        steps.push((ids[ids.len() - 1].as_str(), &["s0"]));
        let graph = PathGraph::new(&path("s0", &steps));
        // The last step closes one loop through all 100 000 steps.
        let loops = graph.loops();
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].steps.len(), 100_000);
        assert!(graph.reachable_after(0).iter().all(|reached| *reached));
        let route = graph.route_avoiding(99_999, |_| false).expect("the chain");
        assert_eq!(route.steps.len(), 100_000);
    }

    /// The index of the step with this id in `path`.
    fn at(path: &DiagnosisPath, id: &str) -> usize {
        path.step(id)
            .map(|(index, _)| index)
            .expect("a step of the path")
    }

    #[test]
    fn routes_avoid_clearing_steps() {
        // a -> b -> d and a -> c -> d.
        let diamond = path(
            "a",
            &[("a", &["b", "c"]), ("b", &["d"]), ("c", &["d"]), ("d", &[])],
        );
        let graph = PathGraph::new(&diamond);
        let (b, c, d) = (at(&diamond, "b"), at(&diamond, "c"), at(&diamond, "d"));
        let route = graph
            .route_avoiding(d, |step| step == b)
            .expect("through c");
        assert_eq!(route.describe(&diamond), "`a` -> `c` -> `d`");
        assert_eq!(
            route.entered_at(&diamond, 0).as_str(),
            "/diagnosis/paths/0/steps/2/next/0"
        );
        assert_eq!(graph.route_avoiding(d, |step| step == b || step == c), None);
        // The target itself may satisfy `clears`: only earlier steps count.
        assert!(graph.route_avoiding(d, |step| step == d).is_some());
        // Of two equally short routes, the one through the earlier transition.
        let route = graph.route_avoiding(d, |_| false).expect("through b");
        assert_eq!(route.steps, vec![0, b, d]);
        assert_eq!(
            route.entered_by,
            Some((
                b,
                Edge {
                    to: d,
                    transition: 0
                }
            ))
        );
    }

    #[test]
    fn a_conditional_transition_is_entered_at_its_target() {
        let mut branching = path("a", &[("a", &[]), ("b", &[])]);
        branching.steps[0].next = vec![Transition::Conditional {
            to: "b",
            when: None,
            evidence: Vec::new(),
            basis: None,
        }];
        let route = PathGraph::new(&branching)
            .route_avoiding(1, |_| false)
            .expect("a -> b");
        assert_eq!(
            route.entered_at(&branching, 1).as_str(),
            "/diagnosis/paths/1/steps/0/next/0/to"
        );
    }

    #[test]
    fn the_entry_alone_is_a_route() {
        let single = path("a", &[("a", &[])]);
        let route = PathGraph::new(&single)
            .route_avoiding(0, |_| false)
            .expect("the entry");
        assert_eq!(route.steps, vec![0]);
        assert_eq!(route.entered_by, None);
        assert_eq!(
            route.entered_at(&single, 2).as_str(),
            "/diagnosis/paths/2/entry"
        );
    }

    #[test]
    fn a_clearing_entry_blocks_every_route_but_to_itself() {
        let straight = path("a", &[("a", &["b"]), ("b", &[])]);
        let graph = PathGraph::new(&straight);
        assert_eq!(graph.route_avoiding(1, |step| step == 0), None);
        assert!(graph.route_avoiding(0, |step| step == 0).is_some());
    }

    #[test]
    fn loops_and_unknown_targets_terminate() {
        let looping = path(
            "a",
            &[("a", &["b", "missing"]), ("b", &["a", "b"]), ("c", &["a"])],
        );
        let graph = PathGraph::new(&looping);
        assert_eq!(graph.reachable_after(0), vec![true, true, false]);
        assert_eq!(graph.reachable_after(2), vec![true, true, false]);
        // c is unreachable: no route reaches it.
        assert_eq!(graph.route_avoiding(2, |_| false), None);
    }

    #[test]
    fn a_step_follows_itself_only_on_a_loop() {
        let graph = PathGraph::new(&path("a", &[("a", &["b"]), ("b", &["c"]), ("c", &["b"])]));
        assert_eq!(graph.reachable_after(0), vec![false, true, true]);
        assert_eq!(graph.reachable_after(1), vec![false, true, true]);
        assert_eq!(graph.reachable_after(99), vec![false, false, false]);
    }

    #[test]
    fn an_unknown_entry_has_no_routes() {
        let broken = path("missing", &[("a", &[])]);
        assert_eq!(PathGraph::new(&broken).route_avoiding(0, |_| false), None);
    }

    #[test]
    fn steps_are_described_in_order() {
        let chain = path("a", &[("a", &["b"]), ("b", &[])]);
        assert_eq!(step_chain(&chain, [0, 1, 0]), "`a` -> `b` -> `a`");
        assert_eq!(step_chain(&chain, []), "");
    }

    #[test]
    fn any_items_naming_each_other_form_a_graph() {
        // Treatment-like items: (id, ids it escalates from).
        let items: &[(&str, &[&str])] =
            &[("t0", &["t1", "nope", "t1"]), ("t1", &["t0"]), ("t0", &[])];
        let graph = PathGraph::from_lists(
            items,
            |(id, _)| *id,
            |(_, targets)| targets.iter().copied(),
            None,
        );
        assert_eq!(graph.entry(), None);
        assert_eq!(graph.step_index("t0"), Some(0));
        assert_eq!(
            graph.edges(0),
            &[Edge {
                to: 1,
                transition: 0
            }]
        );
        assert_eq!(graph.reachable_after(0), vec![true, true, false]);
    }
}

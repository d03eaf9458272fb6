//! A diagnosis path as a graph: its steps are the nodes, its `next` transitions (conditional or not)
//! the edges. Shared by the rules that judge a path along its transitions (`unreachable-step`,
//! `cycle`, `dead-end`, and the imaging and contrast order rules).
//!
//! Targets that do not name a step of the same path are left out (`unknown-reference` reports them),
//! and a step id defined twice resolves to its first definition, as [`DiagnosisPath::step`] does.
//! Every walk is iterative, so no document can exhaust the stack, and visits steps in document order,
//! so results are deterministic.

use crate::model::DiagnosisPath;
use std::collections::HashMap;

/// One transition between two steps of the same path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Index of the target step in the path's `steps`.
    pub to: usize,
    /// Index of the transition in the source step's `next`.
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

/// The transitions of one diagnosis path, by step index.
#[derive(Debug, Clone)]
pub struct PathGraph {
    /// Per step, its resolved transitions in `next` order; a second transition to the same target
    /// is dropped.
    edges: Vec<Vec<Edge>>,
    /// The step `entry` names, when it names one of this path's steps.
    entry: Option<usize>,
    /// Step id -> index of its first definition.
    index: HashMap<String, usize>,
}

impl PathGraph {
    pub fn new(path: &DiagnosisPath) -> Self {
        let mut index = HashMap::with_capacity(path.steps.len());
        for (step_index, step) in path.steps.iter().enumerate() {
            index.entry(step.id.clone()).or_insert(step_index);
        }
        let edges = path
            .steps
            .iter()
            .map(|step| {
                let mut edges: Vec<Edge> = Vec::with_capacity(step.next.len());
                for (transition, target) in step.next.iter().enumerate() {
                    if let Some(&to) = index.get(target.target())
                        && !edges.iter().any(|edge| edge.to == to)
                    {
                        edges.push(Edge { to, transition });
                    }
                }
                edges
            })
            .collect();
        let entry = index.get(&path.entry).copied();
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

    /// Which steps are reached from `start` when only steps for which `through` holds may be passed
    /// through: a step failing `through` is reached but not left (this applies to `start` too). For
    /// example, "is the contrast CT reachable from the entry without passing a chemistry panel" is
    /// `reachable_through(entry, |step| !is_chemistry_lab(step))[ct]`.
    pub fn reachable_through(&self, start: usize, through: impl Fn(usize) -> bool) -> Vec<bool> {
        let mut reached = vec![false; self.len()];
        let Some(slot) = reached.get_mut(start) else {
            return reached;
        };
        *slot = true;
        let mut pending = vec![start];
        while let Some(step) = pending.pop() {
            if !through(step) {
                continue;
            }
            for edge in self.edges(step) {
                if !reached[edge.to] {
                    reached[edge.to] = true;
                    pending.push(edge.to);
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
                        .map(|target| Transition::To(target.to_string()))
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
    }
}

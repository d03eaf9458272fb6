//! The drawing of a guideline as a graph, built once from the model and the document's diagnostics
//! and then written as Mermaid, DOT or SVG. Everything an output needs to decide is decided here:
//! which nodes and edges exist, their shapes, labels in words, and which carry a diagnostic.
//! Outputs only write this graph in their syntax.

use super::describe::{self, Lookup};
use super::words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Guideline, Step};

/// A guideline's diagnosis paths and treatments as nodes, edges and clusters.
#[derive(Debug, Clone)]
pub struct Graph {
    /// The guideline's title.
    pub title: String,
    pub clusters: Vec<Cluster>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    /// How many errors and warnings the drawing outlines: each diagnostic marks one element.
    pub fn outlined(&self) -> (usize, usize) {
        let marks = self
            .clusters
            .iter()
            .map(|cluster| &cluster.mark)
            .chain(self.nodes.iter().map(|node| &node.mark))
            .chain(self.edges.iter().map(|edge| &edge.mark));
        marks.fold((0, 0), |(errors, warnings), mark| {
            (errors + mark.errors, warnings + mark.warnings)
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterKind {
    /// One diagnosis path.
    Path,
    /// The treatments, ordered by category.
    Treatments,
}

/// A group of nodes drawn inside one frame.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// An identifier made by guidelint (`p0`, `tx`), safe in every output syntax.
    pub key: String,
    /// The document's id of the path, or `treatments`.
    pub id: String,
    pub label: String,
    pub kind: ClusterKind,
    /// Its nodes, in drawing order.
    pub nodes: Vec<usize>,
    /// For a path: the step reached last from its entry, where an edge leaving the path starts.
    pub exit: Option<usize>,
    pub mark: Mark,
}

/// The shape of a node, after the conventions of clinical algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A clinical state: the entry of a path.
    Rounded,
    /// An action: a test, an examination, a consultation, a treatment.
    Rectangle,
    /// A decision: conditional transitions leave it.
    Hexagon,
    /// A step a transition names but the path does not define.
    Missing,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// An identifier made by guidelint (`s0_3`, `t2`), safe in every output syntax.
    pub key: String,
    /// The document's id of the step or treatment.
    pub id: String,
    pub name: String,
    /// Smaller lines under the name: imaging details, tests, specialties, a treatment's category.
    pub caption: Vec<String>,
    pub shape: Shape,
    pub entry: bool,
    pub terminal: bool,
    pub cluster: usize,
    /// For treatments: the place of its category on the escalation ladder, from 0.
    pub level: Option<usize>,
    pub mark: Mark,
}

impl Node {
    /// The caption and, last, what marks the node as a start or an end, in words.
    pub fn small_lines(&self) -> Vec<String> {
        let mut lines = self.caption.clone();
        match (self.entry, self.terminal) {
            (true, true) => lines.push("Start · may end here".to_string()),
            (true, false) => lines.push("Start".to_string()),
            (false, true) => lines.push("May end here".to_string()),
            (false, false) => {}
        }
        lines
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A step's `next`.
    Transition,
    /// A treatment's `escalates_from`: from the treatment tried before.
    Escalation,
    /// A treatment's `requires`: from the diagnosis path, drawn dashed.
    Requires,
}

/// Where an edge starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Node(usize),
    Cluster(usize),
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: End,
    pub to: usize,
    pub kind: EdgeKind,
    /// The condition in words, for a conditional transition.
    pub label: Option<String>,
    pub mark: Mark,
}

/// The diagnostics that concern one node, edge or cluster.
#[derive(Debug, Clone, Default)]
pub struct Mark {
    /// The highest severity among them.
    pub severity: Option<Severity>,
    /// Each as `error[GL203] dead-end: message`.
    pub problems: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

impl Mark {
    fn add(&mut self, diagnostic: &Diagnostic) {
        self.severity = self.severity.max(Some(diagnostic.severity));
        self.problems.push(problem(diagnostic));
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    /// "1 error, 2 warnings"; `None` when nothing concerns the element.
    pub fn counts(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(crate::report::plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(crate::report::plural(self.warnings, "warning"));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A diagnostic in one line: `error[GL203] dead-end: message`.
pub fn problem(diagnostic: &Diagnostic) -> String {
    format!(
        "{}[{}] {}: {}",
        diagnostic.severity, diagnostic.rule.code, diagnostic.rule.name, diagnostic.message
    )
}

/// What a document's part a diagnostic's pointer lands in, as far as a drawing shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Path(usize),
    Step(usize, usize),
    Transition(usize, usize, usize),
    Treatment(usize),
    Escalation(usize, usize),
    Requirement(usize, usize),
}

impl Place {
    /// The most specific place of `pointer`, or `None` for what no drawing shows (the provenance,
    /// findings, the document as a whole).
    pub fn of(pointer: &str) -> Option<Place> {
        let mut segments = pointer.split('/');
        // A pointer starts with `/`: the first segment is empty.
        segments.next();
        let number = |segments: &mut std::str::Split<'_, char>| {
            segments
                .next()
                .and_then(|segment| segment.parse::<usize>().ok())
        };
        match segments.next()? {
            "diagnosis" => {
                if segments.next()? != "paths" {
                    return None;
                }
                let path = number(&mut segments)?;
                if segments.next() != Some("steps") {
                    return Some(Place::Path(path));
                }
                let Some(step) = number(&mut segments) else {
                    return Some(Place::Path(path));
                };
                if segments.next() == Some("next")
                    && let Some(transition) = number(&mut segments)
                {
                    return Some(Place::Transition(path, step, transition));
                }
                Some(Place::Step(path, step))
            }
            "treatments" => {
                let treatment = number(&mut segments)?;
                let key = segments.next();
                match (key, number(&mut segments)) {
                    (Some("escalates_from"), Some(index)) => {
                        Some(Place::Escalation(treatment, index))
                    }
                    (Some("requires"), Some(index)) => Some(Place::Requirement(treatment, index)),
                    _ => Some(Place::Treatment(treatment)),
                }
            }
            _ => None,
        }
    }

    /// The place one level up: a transition's step, a step's path, an escalation's treatment.
    fn parent(self) -> Option<Place> {
        match self {
            Place::Transition(path, step, _) => Some(Place::Step(path, step)),
            Place::Step(path, _) => Some(Place::Path(path)),
            Place::Escalation(treatment, _) | Place::Requirement(treatment, _) => {
                Some(Place::Treatment(treatment))
            }
            Place::Path(_) | Place::Treatment(_) => None,
        }
    }
}

/// Which diagnosis paths a drawing shows.
#[derive(Debug, Clone, Copy)]
pub enum Selection<'s> {
    All,
    /// One path, by id, with the treatments that require it.
    Path(&'s str),
}

/// What a drawn element is, for marking it.
#[derive(Debug, Clone, Copy)]
enum Element {
    Cluster(usize),
    Node(usize),
    Edge(usize),
}

struct Builder<'g, 'a> {
    guideline: &'g Guideline<'a>,
    lookup: Lookup<'a>,
    graph: Graph,
    places: crate::hash::Map<Place, Element>,
}

/// Builds the drawing of `guideline`, marking what `diagnostics` concern.
pub fn build(
    guideline: &Guideline<'_>,
    diagnostics: &[Diagnostic],
    selection: Selection<'_>,
) -> Graph {
    let mut builder = Builder {
        guideline,
        lookup: Lookup::new(guideline),
        graph: Graph {
            title: guideline.title.to_string(),
            clusters: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
        },
        places: crate::hash::Map::default(),
    };
    let mut path_clusters = Vec::new();
    for (index, path) in guideline.diagnosis.paths.iter().enumerate() {
        if let Selection::Path(id) = selection
            && path.id != id
        {
            continue;
        }
        path_clusters.push((path.id, builder.add_path(index)));
    }
    builder.add_treatments(selection, &path_clusters);
    for diagnostic in diagnostics {
        builder.mark(diagnostic);
    }
    builder.graph
}

impl Builder<'_, '_> {
    /// The smaller lines under a step's name, and last its own `when` in words ("Only if
    /// hematoma seen", "Unless fever"): a step reached by an unconditional transition is still
    /// not performed for every patient.
    fn step_caption(&self, step: &crate::model::Step<'_>) -> Vec<String> {
        let mut caption = describe::step_caption(step);
        if let Some(when) = &step.when {
            let clause = words::condition(when, &self.lookup);
            caption.push(match clause.strip_prefix("unless ") {
                Some(rest) => format!("Unless {rest}"),
                None => format!("Only {clause}"),
            });
        }
        caption
    }

    fn add_path(&mut self, path_index: usize) -> usize {
        let path = &self.guideline.diagnosis.paths[path_index];
        let cluster = self.graph.clusters.len();
        self.graph.clusters.push(Cluster {
            key: format!("p{path_index}"),
            id: path.id.to_string(),
            label: path.name.to_string(),
            kind: ClusterKind::Path,
            nodes: Vec::new(),
            exit: None,
            mark: Mark::default(),
        });
        self.places
            .insert(Place::Path(path_index), Element::Cluster(cluster));
        let first = self.graph.nodes.len();
        for (step_index, step) in path.steps.iter().enumerate() {
            let node = self.push_node(Node {
                key: format!("s{path_index}_{step_index}"),
                id: step.id.to_string(),
                name: step.name.to_string(),
                caption: self.step_caption(step),
                shape: step_shape(step, step.id == path.entry),
                entry: step.id == path.entry,
                terminal: step.terminal,
                cluster,
                level: None,
                mark: Mark::default(),
            });
            self.places
                .insert(Place::Step(path_index, step_index), Element::Node(node));
        }
        // Transitions to a step the path does not define end at one placeholder per missing id.
        let mut missing: Vec<(&str, usize)> = Vec::new();
        for (step_index, step) in path.steps.iter().enumerate() {
            for (transition_index, transition) in step.next.iter().enumerate() {
                let target = transition.target();
                let to = match path.step(target) {
                    Some((target_index, _)) => first + target_index,
                    None => match missing.iter().find(|(id, _)| *id == target) {
                        Some((_, node)) => *node,
                        None => {
                            let node = self.push_node(Node {
                                key: format!("m{path_index}_{}", missing.len()),
                                id: target.to_string(),
                                name: format!("Undefined step “{target}”"),
                                caption: Vec::new(),
                                shape: Shape::Missing,
                                entry: false,
                                terminal: false,
                                cluster,
                                level: None,
                                mark: Mark::default(),
                            });
                            missing.push((target, node));
                            node
                        }
                    },
                };
                let label = transition
                    .condition()
                    .map(|condition| words::condition(condition, &self.lookup));
                let edge = self.push_edge(Edge {
                    from: End::Node(first + step_index),
                    to,
                    kind: EdgeKind::Transition,
                    label,
                    mark: Mark::default(),
                });
                self.places.insert(
                    Place::Transition(path_index, step_index, transition_index),
                    Element::Edge(edge),
                );
            }
        }
        self.graph.clusters[cluster].exit = deepest_step(path).map(|index| first + index);
        cluster
    }

    fn add_treatments(&mut self, selection: Selection<'_>, path_clusters: &[(&str, usize)]) {
        let mut shown: Vec<usize> = (0..self.guideline.treatments.len())
            .filter(|&index| match selection {
                Selection::All => true,
                Selection::Path(id) => self.guideline.treatments[index]
                    .requires
                    .as_deref()
                    .unwrap_or_default()
                    .contains(&id),
            })
            .collect();
        if shown.is_empty() {
            return;
        }
        // The ladder: conservative first, surgical last; document order within a category.
        shown.sort_by_key(|&index| (self.guideline.treatments[index].category, index));
        let cluster = self.graph.clusters.len();
        self.graph.clusters.push(Cluster {
            key: "tx".to_string(),
            id: "treatments".to_string(),
            label: "Treatments".to_string(),
            kind: ClusterKind::Treatments,
            nodes: Vec::new(),
            exit: None,
            mark: Mark::default(),
        });
        let mut level = 0;
        let mut previous = None;
        let mut node_of = crate::hash::Map::default();
        for &index in &shown {
            let treatment = &self.guideline.treatments[index];
            if previous.is_some_and(|category| category != treatment.category) {
                level += 1;
            }
            previous = Some(treatment.category);
            let node = self.push_node(Node {
                key: format!("t{index}"),
                id: treatment.id.to_string(),
                name: treatment.name.to_string(),
                caption: vec![describe::treatment_category(treatment.category).to_string()],
                shape: Shape::Rectangle,
                entry: false,
                terminal: false,
                cluster,
                level: Some(level),
                mark: Mark::default(),
            });
            node_of.insert(index, node);
            self.places
                .insert(Place::Treatment(index), Element::Node(node));
        }
        for &index in &shown {
            let treatment = &self.guideline.treatments[index];
            let to = node_of[&index];
            for (position, from_id) in treatment.escalates_from.iter().enumerate() {
                let from = shown
                    .iter()
                    .find(|&&other| self.guideline.treatments[other].id == *from_id);
                if let Some(from) = from {
                    let edge = self.push_edge(Edge {
                        from: End::Node(node_of[from]),
                        to,
                        kind: EdgeKind::Escalation,
                        label: None,
                        mark: Mark::default(),
                    });
                    self.places
                        .insert(Place::Escalation(index, position), Element::Edge(edge));
                }
            }
            for (position, path_id) in treatment
                .requires
                .as_deref()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if let Some((_, path_cluster)) = path_clusters.iter().find(|(id, _)| id == path_id)
                {
                    let edge = self.push_edge(Edge {
                        from: End::Cluster(*path_cluster),
                        to,
                        kind: EdgeKind::Requires,
                        label: None,
                        mark: Mark::default(),
                    });
                    self.places
                        .insert(Place::Requirement(index, position), Element::Edge(edge));
                }
            }
        }
    }

    fn push_node(&mut self, node: Node) -> usize {
        let index = self.graph.nodes.len();
        self.graph.clusters[node.cluster].nodes.push(index);
        self.graph.nodes.push(node);
        index
    }

    fn push_edge(&mut self, edge: Edge) -> usize {
        self.graph.edges.push(edge);
        self.graph.edges.len() - 1
    }

    /// Marks the most specific drawn element the diagnostic's pointer lands in: a transition
    /// that is not drawn marks its step, a step that is not drawn its path.
    fn mark(&mut self, diagnostic: &Diagnostic) {
        let mut place = Place::of(diagnostic.pointer.as_str());
        while let Some(current) = place {
            if let Some(element) = self.places.get(&current) {
                let mark = match *element {
                    Element::Cluster(index) => &mut self.graph.clusters[index].mark,
                    Element::Node(index) => &mut self.graph.nodes[index].mark,
                    Element::Edge(index) => &mut self.graph.edges[index].mark,
                };
                mark.add(diagnostic);
                return;
            }
            place = current.parent();
        }
    }
}

/// A step's shape: a decision where conditional transitions leave it, a clinical state at the
/// entry, an action otherwise.
fn step_shape(step: &Step<'_>, entry: bool) -> Shape {
    if step
        .next
        .iter()
        .any(|transition| transition.condition().is_some())
    {
        Shape::Hexagon
    } else if entry {
        Shape::Rounded
    } else {
        Shape::Rectangle
    }
}

/// The step farthest (in transitions) from the path's entry; ties go to the later step. `None`
/// for a path without steps.
fn deepest_step(path: &crate::model::DiagnosisPath<'_>) -> Option<usize> {
    if path.steps.is_empty() {
        return None;
    }
    let graph = crate::paths::PathGraph::new(path);
    let start = graph.entry().unwrap_or(0);
    let mut depth = vec![usize::MAX; path.steps.len()];
    depth[start] = 0;
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(step) = queue.pop_front() {
        for edge in graph.edges(step) {
            if depth[edge.to] == usize::MAX {
                depth[edge.to] = depth[step] + 1;
                queue.push_back(edge.to);
            }
        }
    }
    (0..path.steps.len())
        .filter(|&index| depth[index] != usize::MAX)
        .max_by_key(|&index| (depth[index], index))
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn pointers_land_in_the_part_a_drawing_shows() {
        assert_eq!(
            Place::of("/diagnosis/paths/0/steps/3/next/1/when/finding"),
            Some(Place::Transition(0, 3, 1))
        );
        assert_eq!(
            Place::of("/diagnosis/paths/1/steps/2/sequence"),
            Some(Place::Step(1, 2))
        );
        assert_eq!(Place::of("/diagnosis/paths/1/entry"), Some(Place::Path(1)));
        assert_eq!(
            Place::of("/treatments/2/escalates_from/0"),
            Some(Place::Escalation(2, 0))
        );
        assert_eq!(
            Place::of("/treatments/2/requires/1"),
            Some(Place::Requirement(2, 1))
        );
        assert_eq!(
            Place::of("/treatments/2/category"),
            Some(Place::Treatment(2))
        );
        assert_eq!(Place::of("/provenance/last_reviewed"), None);
        assert_eq!(Place::of(""), None);
    }
}

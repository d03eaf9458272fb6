//! The drawing as SVG, laid out by guidelint itself ([`super::layout`]), so no Graphviz is needed.
//!
//! Each node is a `<g class="node" data-id="ID">` and each edge a `<g class="edge" data-from="ID"
//! data-to="ID">`, each with a `<title>` and a `<desc>`, so tests, style sheets and screen readers
//! can find them. Every document string is escaped as XML. Colours and strokes are presentation
//! attributes, so the drawing looks the same in a file of its own and inline in a page.

use super::graph::{Cluster, ClusterKind, EdgeKind, End, Graph, Mark, Node, Shape};
use super::layout::{self, Point, Rect, Size};
use super::markup::{Escaped, Piece, push, put};
use super::palette;
use super::text::Font;
use crate::diagnostic::Severity;

const NAME: Font = Font {
    size: 14.0,
    bold: true,
};
const SMALL: Font = Font {
    size: 12.0,
    bold: false,
};
const EDGE_LABEL: Font = Font {
    size: 12.0,
    bold: false,
};
const TITLE: Font = Font {
    size: 15.0,
    bold: true,
};
/// The widest a line of a node's text may be.
const NODE_TEXT: f32 = 210.0;
/// The widest a line of an edge's label may be.
const LABEL_TEXT: f32 = 170.0;
const PAD_X: f32 = 12.0;
const PAD_Y: f32 = 8.0;
/// How far a hexagon's points reach beyond its text.
const HEXAGON: f32 = 16.0;
/// Around a cluster's content, inside its frame.
const CLUSTER_PAD: f32 = 16.0;
/// Between clusters, and around the drawing.
const MARGIN: f32 = 20.0;
pub const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// The whole drawing: the paths side by side, the treatments below them.
pub fn render(graph: &Graph) -> String {
    let texts = Texts::new(graph, |_| true);
    let mut placed_clusters: Vec<(usize, Rect, layout::Layout, f32)> = Vec::new();
    let mut x = MARGIN;
    let mut row_bottom: f32 = MARGIN;
    for (index, cluster) in graph.clusters.iter().enumerate() {
        if cluster.kind != ClusterKind::Path {
            continue;
        }
        let inner = layout_cluster(graph, &texts, cluster, &[]);
        let (frame, title_height) = frame(cluster, inner.size, Point { x, y: MARGIN });
        x = frame.right() + MARGIN;
        row_bottom = row_bottom.max(frame.bottom());
        placed_clusters.push((index, frame, inner, title_height));
    }
    let mut width = x;
    let mut height = row_bottom + MARGIN;
    // Treatments: one invisible port per required path at the top of their layout, where the
    // dashed edge from that path enters.
    let requires: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .enumerate()
        .filter_map(|(index, edge)| match edge.from {
            End::Cluster(cluster) => Some((index, cluster)),
            End::Node(_) => None,
        })
        .collect();
    let mut lanes: Vec<usize> = requires.iter().map(|(_, cluster)| *cluster).collect();
    lanes.sort_unstable();
    lanes.dedup();
    if let Some((index, cluster)) = graph
        .clusters
        .iter()
        .enumerate()
        .find(|(_, cluster)| cluster.kind == ClusterKind::Treatments)
    {
        let ports: Vec<usize> = requires.iter().map(|(edge, _)| *edge).collect();
        let inner = layout_cluster(graph, &texts, cluster, &ports);
        let top = if placed_clusters.is_empty() {
            MARGIN
        } else {
            row_bottom + MARGIN + 12.0 * lanes.len() as f32
        };
        let (frame, title_height) = frame(cluster, inner.size, Point { x: MARGIN, y: top });
        width = width.max(frame.right() + MARGIN);
        height = frame.bottom() + MARGIN;
        placed_clusters.push((index, frame, inner, title_height));
    }
    let mut out = String::with_capacity(16 * 1024);
    let mut canvas = Canvas {
        graph,
        texts: &texts,
        prefix: "g-",
        out: &mut out,
    };
    canvas.open(Size { width, height }, &graph.title, &describe_graph(graph));
    let origin_of = |frame: &Rect, title_height: f32| Point {
        x: frame.x + CLUSTER_PAD,
        y: frame.y + CLUSTER_PAD + title_height,
    };
    for (index, frame, ..) in &placed_clusters {
        canvas.cluster(&graph.clusters[*index], frame);
    }
    for (index, frame, inner, title_height) in &placed_clusters {
        let origin = origin_of(frame, *title_height);
        let cluster = &graph.clusters[*index];
        let own = cluster_edges(graph, cluster);
        for (position, &edge) in own.iter().enumerate() {
            canvas.edge(edge, &inner.edges[position], origin, &[]);
        }
        if cluster.kind == ClusterKind::Treatments {
            for (position, (edge, from)) in requires.iter().enumerate() {
                let route = &inner.edges[own.len() + position];
                let Some((_, source, _, _)) =
                    placed_clusters.iter().find(|(placed, ..)| placed == from)
                else {
                    continue;
                };
                let lane = lanes.iter().position(|lane| lane == from).unwrap_or(0);
                let lane_y = row_bottom + MARGIN / 2.0 + 12.0 * lane as f32;
                let start = Point {
                    x: source.center_x(),
                    y: source.bottom(),
                };
                let entry = route.points.first().copied().unwrap_or(start);
                let entry = Point {
                    x: entry.x + origin.x,
                    y: frame.y,
                };
                let lead_in = [
                    start,
                    Point {
                        x: start.x,
                        y: lane_y,
                    },
                    Point {
                        x: entry.x,
                        y: lane_y,
                    },
                    entry,
                ];
                canvas.edge(*edge, route, origin, &lead_in);
            }
        }
        for (position, &node) in cluster.nodes.iter().enumerate() {
            canvas.node(node, offset(&inner.nodes[position], origin));
        }
    }
    canvas.close();
    out
}

/// The flowcharts of a drawing's diagnosis paths, one at a time, without their frames: what a
/// review page shows above each path's steps. The text of their nodes and edge labels is broken
/// into lines once, for the layout and the drawing alike.
pub struct Flowcharts<'g> {
    graph: &'g Graph,
    texts: Texts,
}

impl<'g> Flowcharts<'g> {
    pub fn new(graph: &'g Graph) -> Self {
        let in_path = |cluster: usize| graph.clusters[cluster].kind == ClusterKind::Path;
        Flowcharts {
            graph,
            texts: Texts::new(graph, in_path),
        }
    }

    /// Appends the flowchart of the path cluster `cluster_index` to `out`. `prefix` keeps the ids
    /// of this drawing's markers and titles apart from other drawings on the page.
    pub fn write(&self, out: &mut String, cluster_index: usize, prefix: &str) {
        let graph = self.graph;
        let cluster = &graph.clusters[cluster_index];
        let inner = layout_cluster(graph, &self.texts, cluster, &[]);
        let origin = Point {
            x: MARGIN / 2.0,
            y: MARGIN / 2.0,
        };
        let mut canvas = Canvas {
            graph,
            texts: &self.texts,
            prefix,
            out,
        };
        canvas.open(
            Size {
                width: inner.size.width + MARGIN,
                height: inner.size.height + MARGIN,
            },
            &cluster.label,
            &describe_cluster(graph, cluster),
        );
        for (position, &edge) in cluster_edges(graph, cluster).iter().enumerate() {
            canvas.edge(edge, &inner.edges[position], origin, &[]);
        }
        for (position, &node) in cluster.nodes.iter().enumerate() {
            canvas.node(node, offset(&inner.nodes[position], origin));
        }
        canvas.close();
    }
}

/// One cluster alone, without its frame, as [`Flowcharts::write`] draws it.
pub fn render_cluster(graph: &Graph, cluster_index: usize, prefix: &str) -> String {
    let mut out = String::new();
    Flowcharts::new(graph).write(&mut out, cluster_index, prefix);
    out
}

fn offset(rect: &Rect, by: Point) -> Rect {
    Rect {
        x: rect.x + by.x,
        y: rect.y + by.y,
        ..*rect
    }
}

/// The edges between nodes of one cluster, in graph order.
fn cluster_edges(graph: &Graph, cluster: &Cluster) -> Vec<usize> {
    graph
        .edges
        .iter()
        .enumerate()
        .filter(|(_, edge)| match edge.from {
            End::Node(from) => {
                graph.nodes[from].cluster == graph.nodes[edge.to].cluster
                    && cluster.nodes.contains(&edge.to)
            }
            End::Cluster(_) => false,
        })
        .map(|(index, _)| index)
        .collect()
}

/// Lays out a cluster's nodes and its own edges, then `ports`: edges entering it from outside,
/// each from an invisible point at the top.
fn layout_cluster(
    graph: &Graph,
    texts: &Texts,
    cluster: &Cluster,
    ports: &[usize],
) -> layout::Layout {
    // A node's place in the cluster; nodes of other clusters have none.
    let mut position = vec![usize::MAX; graph.nodes.len()];
    for (index, &node) in cluster.nodes.iter().enumerate() {
        position[node] = index;
    }
    let position_of = |node: usize| Some(position[node]).filter(|&index| index != usize::MAX);
    let port_layer = usize::from(!ports.is_empty());
    let mut nodes: Vec<layout::Node> = Vec::with_capacity(cluster.nodes.len() + ports.len());
    nodes.extend(cluster.nodes.iter().map(|&node| layout::Node {
        size: texts.node(node).size,
        min_layer: graph.nodes[node].level.unwrap_or(0) + port_layer,
    }));
    let mut edges: Vec<layout::Edge> = cluster_edges(graph, cluster)
        .into_iter()
        .filter_map(|edge| {
            let End::Node(from) = graph.edges[edge].from else {
                return None;
            };
            Some(layout::Edge {
                from: position_of(from)?,
                to: position_of(graph.edges[edge].to)?,
                label: texts.label(edge).map(|label| label.size),
            })
        })
        .collect();
    for &edge in ports {
        nodes.push(layout::Node {
            size: Size {
                width: 1.0,
                height: 0.0,
            },
            min_layer: 0,
        });
        if let Some(to) = position_of(graph.edges[edge].to) {
            edges.push(layout::Edge {
                from: nodes.len() - 1,
                to,
                label: None,
            });
        }
    }
    layout::layout(&nodes, &edges)
}

/// A cluster's frame around content of `size` at `at`, and the height of its title.
fn frame(cluster: &Cluster, size: Size, at: Point) -> (Rect, f32) {
    let title_width = size.width.max(260.0);
    let lines = TITLE.wrap(&cluster.label, title_width);
    let title_height = lines.len() as f32 * TITLE.line_height() + 8.0;
    let widest = lines
        .iter()
        .map(|line| TITLE.width(line))
        .fold(size.width, f32::max);
    (
        Rect {
            x: at.x,
            y: at.y,
            width: widest + 2.0 * CLUSTER_PAD,
            height: size.height + title_height + 2.0 * CLUSTER_PAD,
        },
        title_height,
    )
}

/// The text of the drawn nodes and edge labels broken into lines, and the size of each: measured
/// once, for the layout and for drawing.
struct Texts {
    /// Per node of the graph; `None` for a node that is not drawn.
    nodes: Vec<Option<NodeText>>,
    /// Per edge of the graph: its label, when it has one and its target is drawn.
    labels: Vec<Option<LabelText>>,
}

struct NodeText {
    name: Vec<String>,
    small: Vec<String>,
    /// "1 error, 2 warnings", in the severity's colour.
    problems: Option<String>,
    size: Size,
}

struct LabelText {
    lines: Vec<String>,
    size: Size,
}

/// A node's text when nothing was measured for it: only reached through a bug, and drawn empty
/// rather than failing a page.
static UNMEASURED: NodeText = NodeText {
    name: Vec::new(),
    small: Vec::new(),
    problems: None,
    size: Size {
        width: 120.0,
        height: 2.0 * PAD_Y,
    },
};

impl Texts {
    /// Measures the nodes of the clusters `drawn` accepts, and the labels of edges into them.
    fn new(graph: &Graph, drawn: impl Fn(usize) -> bool) -> Self {
        let nodes = graph
            .nodes
            .iter()
            .map(|node| drawn(node.cluster).then(|| NodeText::new(node)))
            .collect();
        let labels = graph
            .edges
            .iter()
            .map(|edge| {
                let label = edge.label.as_deref()?;
                drawn(graph.nodes[edge.to].cluster).then(|| LabelText::new(label))
            })
            .collect();
        Texts { nodes, labels }
    }

    fn node(&self, node: usize) -> &NodeText {
        self.nodes[node].as_ref().unwrap_or(&UNMEASURED)
    }

    fn label(&self, edge: usize) -> Option<&LabelText> {
        self.labels[edge].as_ref()
    }
}

impl NodeText {
    fn new(node: &Node) -> Self {
        let name = NAME.wrap(&node.name, NODE_TEXT);
        let small: Vec<String> = node
            .small_lines()
            .iter()
            .flat_map(|line| SMALL.wrap(line, NODE_TEXT))
            .collect();
        let problems = node.mark.counts();
        let widest = name
            .iter()
            .map(|line| NAME.width(line))
            .chain(small.iter().map(|line| SMALL.width(line)))
            .chain(problems.iter().map(|line| PROBLEM.width(line)))
            .fold(0.0, f32::max);
        let extra = if node.shape == Shape::Hexagon {
            2.0 * HEXAGON
        } else {
            0.0
        };
        let small_lines = small.len() + usize::from(problems.is_some());
        let height = 2.0 * PAD_Y
            + name.len() as f32 * NAME.line_height()
            + if small_lines > 0 {
                4.0 + small_lines as f32 * SMALL.line_height()
            } else {
                0.0
            };
        NodeText {
            name,
            small,
            problems,
            size: Size {
                width: (widest.ceil() + 2.0 * PAD_X + extra).max(120.0),
                height: height.ceil(),
            },
        }
    }
}

impl LabelText {
    fn new(label: &str) -> Self {
        let lines = EDGE_LABEL.wrap(label, LABEL_TEXT);
        let width = lines
            .iter()
            .map(|line| EDGE_LABEL.width(line))
            .fold(0.0, f32::max);
        let size = Size {
            width: width.ceil() + 2.0,
            height: lines.len() as f32 * EDGE_LABEL.line_height() + 2.0,
        };
        LabelText { lines, size }
    }
}

const PROBLEM: Font = Font {
    size: 12.0,
    bold: true,
};

/// An SVG document being written into `out` (a file of its own, or a review page).
struct Canvas<'c> {
    graph: &'c Graph,
    texts: &'c Texts,
    /// Made by guidelint (`g-`, `path-0-`), never from a document.
    prefix: &'c str,
    out: &'c mut String,
}

/// The smallest scale a page may show a drawing at: text of 13 px stays about 9 px high.
const MIN_SCALE: f32 = 0.7;

impl Canvas<'_> {
    /// Opens the drawing, titled "Flowchart: `title`".
    fn open(&mut self, size: Size, title: &str, description: &str) {
        let (width, height) = (number(size.width.ceil()), number(size.height.ceil()));
        // A page may shrink a wide drawing to its column, but not below this: beyond it the
        // text is too small to read, and the page's frame scrolls instead.
        let narrowest = number((size.width * MIN_SCALE).ceil());
        put!(
            self.out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" viewBox=\"0 0 ",
            width,
            " ",
            height,
            "\" width=\"",
            width,
            "\" height=\"",
            height,
            "\" style=\"min-width:",
            narrowest,
            "px\" role=\"img\" aria-labelledby=\""
        );
        self.prefixed("title ");
        self.prefixed("desc\" font-family=\"");
        put!(self.out, FONT_FAMILY, "\">\n<title id=\"");
        self.prefixed("title\">Flowchart: ");
        put!(self.out, Escaped(title), "</title>\n<desc id=\"");
        self.prefixed("desc\">");
        put!(self.out, Escaped(description), "</desc>\n<defs>");
        for (suffix, colour) in [
            ("\"", palette::STROKE),
            ("-warning\"", palette::severity(Severity::Warning)),
            ("-error\"", palette::severity(Severity::Error)),
        ] {
            self.out.push_str("<marker id=\"");
            self.prefixed("arrow");
            put!(
                self.out,
                suffix,
                " viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"",
                colour,
                "\"/></marker>"
            );
        }
        self.out.push_str("</defs>\n");
    }

    /// The prefix of this drawing's ids, then `rest`.
    fn prefixed(&mut self, rest: &'static str) {
        self.out.push_str(self.prefix);
        self.out.push_str(rest);
    }

    fn close(self) {
        self.out.push_str("</svg>\n");
    }

    fn cluster(&mut self, cluster: &Cluster, frame: &Rect) {
        let (stroke, width) = outline(&cluster.mark, palette::BORDER, 1.0);
        put!(
            self.out,
            "<g class=\"cluster\" data-id=\"",
            Escaped(&cluster.id),
            "\"><title>",
            Escaped(&cluster.label),
            "</title><desc>",
            Escaped(&describe_cluster(self.graph, cluster)),
            "</desc><rect x=\"",
            number(frame.x),
            "\" y=\"",
            number(frame.y),
            "\" width=\"",
            number(frame.width),
            "\" height=\"",
            number(frame.height),
            "\" rx=\"8\" fill=\"",
            palette::CLUSTER_FILL,
            "\" stroke=\"",
            stroke,
            "\" stroke-width=\"",
            number(width),
            "\"/>"
        );
        let lines = TITLE.wrap(&cluster.label, frame.width - 2.0 * CLUSTER_PAD);
        for (index, line) in lines.iter().enumerate() {
            put!(
                self.out,
                "<text x=\"",
                number(frame.x + CLUSTER_PAD),
                "\" y=\"",
                number(frame.y + CLUSTER_PAD + baseline(TITLE, index)),
                "\" font-size=\"",
                number(TITLE.size),
                "\" font-weight=\"bold\" fill=\"",
                palette::TEXT,
                "\">",
                Escaped(line),
                "</text>"
            );
        }
        self.out.push_str("</g>\n");
    }

    fn node(&mut self, index: usize, rect: Rect) {
        let graph = self.graph;
        let node = &graph.nodes[index];
        let text = self.texts.node(index);
        put!(
            self.out,
            "<g class=\"node\" data-id=\"",
            Escaped(&node.id),
            "\" data-kind=\"",
            shape_name(node.shape),
            "\"><title>",
            Escaped(&node.name),
            "</title><desc>"
        );
        describe_node(self.out, graph, index);
        self.out.push_str("</desc>");
        let (stroke, mut width) = outline(&node.mark, palette::STROKE, 1.5);
        if node.entry && node.mark.severity.is_none() {
            width = 2.5;
        }
        self.outline_shape(node.shape, rect, stroke, width, palette::BACKGROUND);
        if node.terminal {
            let inner = Rect {
                x: rect.x + 4.0,
                y: rect.y + 4.0,
                width: rect.width - 8.0,
                height: rect.height - 8.0,
            };
            self.outline_shape(node.shape, inner, stroke, 1.0, "none");
        }
        let center = number(rect.center_x());
        let mut y = rect.y + PAD_Y;
        for (line_index, line) in text.name.iter().enumerate() {
            put!(
                self.out,
                "<text x=\"",
                center,
                "\" y=\"",
                number(y + baseline(NAME, line_index)),
                "\" text-anchor=\"middle\" font-size=\"",
                number(NAME.size),
                "\" font-weight=\"bold\" fill=\"",
                palette::TEXT,
                "\">",
                Escaped(line),
                "</text>"
            );
        }
        y += text.name.len() as f32 * NAME.line_height() + 4.0;
        for (line_index, line) in text.small.iter().enumerate() {
            put!(
                self.out,
                "<text x=\"",
                center,
                "\" y=\"",
                number(y + baseline(SMALL, line_index)),
                "\" text-anchor=\"middle\" font-size=\"",
                number(SMALL.size),
                "\" fill=\"",
                palette::MUTED,
                "\">",
                Escaped(line),
                "</text>"
            );
        }
        if let (Some(problems), Some(severity)) = (&text.problems, node.mark.severity) {
            put!(
                self.out,
                "<text x=\"",
                center,
                "\" y=\"",
                number(y + baseline(SMALL, text.small.len())),
                "\" text-anchor=\"middle\" font-size=\"",
                number(PROBLEM.size),
                "\" font-weight=\"bold\" fill=\"",
                palette::severity(severity),
                "\">",
                Escaped(problems),
                "</text>"
            );
        }
        self.out.push_str("</g>\n");
    }

    fn outline_shape(
        &mut self,
        shape: Shape,
        rect: Rect,
        stroke: &'static str,
        width: f32,
        fill: &'static str,
    ) {
        match shape {
            Shape::Hexagon => {
                let inset = HEXAGON.min(rect.height / 2.0);
                let (left, right, top, bottom) = (rect.x, rect.right(), rect.y, rect.bottom());
                let middle = rect.y + rect.height / 2.0;
                put!(
                    self.out,
                    "<polygon points=\"",
                    number(left + inset),
                    ",",
                    number(top),
                    " ",
                    number(right - inset),
                    ",",
                    number(top),
                    " ",
                    number(right),
                    ",",
                    number(middle),
                    " ",
                    number(right - inset),
                    ",",
                    number(bottom),
                    " ",
                    number(left + inset),
                    ",",
                    number(bottom),
                    " ",
                    number(left),
                    ",",
                    number(middle),
                    "\" fill=\"",
                    fill,
                    "\" stroke=\"",
                    stroke,
                    "\" stroke-width=\"",
                    number(width),
                    "\"/>"
                );
            }
            Shape::Rounded | Shape::Rectangle | Shape::Missing => {
                let radius = if shape == Shape::Rounded {
                    (rect.height / 2.0).min(16.0)
                } else {
                    3.0
                };
                // A step that is not defined is drawn dashed.
                let dash = if shape == Shape::Missing {
                    " stroke-dasharray=\"5 4\""
                } else {
                    ""
                };
                put!(
                    self.out,
                    "<rect x=\"",
                    number(rect.x),
                    "\" y=\"",
                    number(rect.y),
                    "\" width=\"",
                    number(rect.width),
                    "\" height=\"",
                    number(rect.height),
                    "\" rx=\"",
                    number(radius),
                    "\" fill=\"",
                    fill,
                    "\" stroke=\"",
                    stroke,
                    "\" stroke-width=\"",
                    number(width),
                    "\"",
                    dash,
                    "/>"
                );
            }
        }
    }

    /// An edge along `route` (in cluster coordinates, moved by `origin`), after `lead_in` (in
    /// drawing coordinates) for an edge that comes from outside the cluster.
    fn edge(&mut self, index: usize, route: &layout::Route, origin: Point, lead_in: &[Point]) {
        let graph = self.graph;
        let edge = &graph.edges[index];
        let (from_id, from_name) = match edge.from {
            End::Node(node) => (&graph.nodes[node].id, &graph.nodes[node].name),
            End::Cluster(cluster) => (&graph.clusters[cluster].id, &graph.clusters[cluster].label),
        };
        let to = &graph.nodes[edge.to];
        put!(
            self.out,
            "<g class=\"edge\" data-from=\"",
            Escaped(from_id),
            "\" data-to=\"",
            Escaped(&to.id),
            "\" data-kind=\"",
            edge_kind(edge.kind),
            "\"><title>",
            Escaped(from_name),
            " → ",
            Escaped(&to.name),
            "</title><desc>"
        );
        describe_edge(self.out, graph, index);
        self.out.push_str("</desc><path d=\"");
        // The port at the top of the cluster is where the lead-in ends.
        let skip = usize::from(!lead_in.is_empty());
        let points = lead_in
            .iter()
            .copied()
            .chain(route.points.iter().skip(skip).map(|point| Point {
                x: point.x + origin.x,
                y: point.y + origin.y,
            }));
        path_data(self.out, points);
        let (stroke, width) = outline(&edge.mark, palette::STROKE, 1.5);
        let marker = match edge.mark.severity {
            Some(Severity::Error) => "-error)\"/>",
            Some(Severity::Warning) => "-warning)\"/>",
            None => ")\"/>",
        };
        let dash = if edge.kind == EdgeKind::Requires {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        put!(
            self.out,
            "\" fill=\"none\" stroke=\"",
            stroke,
            "\" stroke-width=\"",
            number(width),
            "\"",
            dash,
            " marker-end=\"url(#"
        );
        self.prefixed("arrow");
        self.out.push_str(marker);
        if let (Some(label), Some(rect)) = (self.texts.label(index), route.label) {
            let rect = offset(&rect, origin);
            for (line_index, line) in label.lines.iter().enumerate() {
                put!(
                    self.out,
                    "<text x=\"",
                    number(rect.x + 1.0),
                    "\" y=\"",
                    number(rect.y + 1.0 + baseline(EDGE_LABEL, line_index)),
                    "\" font-size=\"",
                    number(EDGE_LABEL.size),
                    "\" fill=\"",
                    palette::MUTED,
                    "\">",
                    Escaped(line),
                    "</text>"
                );
            }
        }
        self.out.push_str("</g>\n");
    }
}

/// The stroke colour and width of an outline: the severity's, thicker, when marked.
fn outline(mark: &Mark, colour: &'static str, width: f32) -> (&'static str, f32) {
    match mark.severity {
        Some(severity) => (palette::severity(severity), 3.0),
        None => (colour, width),
    }
}

/// The baseline of line `index` of a block of text set in `font`, from the block's top.
fn baseline(font: Font, index: usize) -> f32 {
    index as f32 * font.line_height() + font.size * 0.98
}

/// Straight where an edge drops through a rank, a curve with vertical ends where it crosses the
/// gap between ranks.
fn path_data(out: &mut String, points: impl Iterator<Item = Point>) {
    let mut previous: Option<Point> = None;
    for to in points {
        match previous {
            None => put!(out, "M", number(to.x), ",", number(to.y)),
            Some(from) if from.x == to.x => put!(out, "V", number(to.y)),
            Some(from) if from.y == to.y => put!(out, "H", number(to.x)),
            Some(from) => {
                let middle = number((from.y + to.y) / 2.0);
                put!(
                    out,
                    "C",
                    number(from.x),
                    ",",
                    middle,
                    " ",
                    number(to.x),
                    ",",
                    middle,
                    " ",
                    number(to.x),
                    ",",
                    number(to.y)
                );
            }
        }
        previous = Some(to);
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`; kept in whole tenths and
/// written without float formatting or an allocation.
fn number(value: f32) -> Number {
    Number((value * 10.0).round() as i64)
}

/// A coordinate in tenths of a pixel, as [`number`] writes it.
#[derive(Debug, Clone, Copy)]
struct Number(i64);

impl Piece for Number {
    fn put(self, out: &mut String) {
        if self.0 < 0 {
            out.push('-');
        }
        let tenths = self.0.unsigned_abs();
        out.push_str(itoa::Buffer::new().format(tenths / 10));
        let tenth = (tenths % 10) as u8;
        if tenth != 0 {
            out.push('.');
            out.push(char::from(b'0' + tenth));
        }
    }
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Rounded => "entry",
        Shape::Rectangle => "action",
        Shape::Hexagon => "decision",
        Shape::Missing => "missing",
    }
}

fn edge_kind(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Transition => "transition",
        EdgeKind::Escalation => "escalation",
        EdgeKind::Requires => "requires",
    }
}

fn describe_graph(graph: &Graph) -> String {
    let paths = graph
        .clusters
        .iter()
        .filter(|cluster| cluster.kind == ClusterKind::Path)
        .count();
    let treatments = graph
        .clusters
        .iter()
        .filter(|cluster| cluster.kind == ClusterKind::Treatments)
        .map(|cluster| cluster.nodes.len())
        .sum::<usize>();
    format!(
        "{}: {} and {}, ordered from conservative to surgical.",
        graph.title,
        crate::report::plural(paths, "diagnosis path"),
        crate::report::plural(treatments, "treatment")
    )
}

fn describe_cluster(graph: &Graph, cluster: &Cluster) -> String {
    let mut text = match cluster.kind {
        ClusterKind::Path => {
            let entry = cluster
                .nodes
                .iter()
                .find(|&&node| graph.nodes[node].entry)
                .map(|&node| graph.nodes[node].name.as_str())
                .unwrap_or("no step");
            format!(
                "Diagnosis path {}: {}, starting at {entry}.",
                cluster.label,
                crate::report::plural(cluster.nodes.len(), "step")
            )
        }
        ClusterKind::Treatments => format!(
            "{}, from conservative to surgical.",
            crate::report::plural(cluster.nodes.len(), "treatment")
        ),
    };
    for problem in &cluster.mark.problems {
        text.push(' ');
        text.push_str(problem);
    }
    text
}

/// A node's description, escaped into `out`: its caption, where the path starts and ends, where
/// it leads, and its problems.
fn describe_node(out: &mut String, graph: &Graph, index: usize) {
    let node = &graph.nodes[index];
    // Parts are joined by ". ", and the description ends with "." unless it is empty.
    let start = out.len();
    let mut parts = 0;
    let mut part = |out: &mut String| {
        if parts > 0 {
            out.push_str(". ");
        }
        parts += 1;
    };
    for line in &node.caption {
        part(out);
        push(out, line);
    }
    if node.entry {
        part(out);
        out.push_str("The path starts here");
    }
    if node.terminal {
        part(out);
        out.push_str("The path may end here");
    }
    let mut next = graph
        .edges
        .iter()
        .filter(|edge| edge.from == End::Node(index) && edge.kind != EdgeKind::Requires)
        .peekable();
    if next.peek().is_some() {
        part(out);
        out.push_str(if node.level.is_some() {
            "Escalates to: "
        } else {
            "Leads to: "
        });
        for (position, edge) in next.enumerate() {
            if position > 0 {
                out.push_str("; ");
            }
            push(out, &graph.nodes[edge.to].name);
            if let Some(label) = &edge.label {
                put!(out, " (", Escaped(label), ")");
            }
        }
    }
    if out.len() > start {
        out.push('.');
    }
    push_problems(out, &node.mark);
}

/// An edge's description, escaped into `out`.
fn describe_edge(out: &mut String, graph: &Graph, index: usize) {
    let edge = &graph.edges[index];
    match (edge.kind, &edge.label) {
        (EdgeKind::Transition, Some(label)) => put!(out, "Transition, ", Escaped(label), "."),
        (EdgeKind::Transition, None) => out.push_str("Transition."),
        (EdgeKind::Escalation, _) => out.push_str("Escalation: tried before."),
        (EdgeKind::Requires, _) => out.push_str("The treatment requires this diagnosis path."),
    }
    push_problems(out, &edge.mark);
}

/// Each problem of an element after its description, escaped into `out`.
fn push_problems(out: &mut String, mark: &Mark) {
    for problem in &mark.problems {
        put!(out, " ", Escaped(problem));
    }
}

#[cfg(test)]
mod tests {
    use super::number;
    use crate::render::markup::put;

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        let written = |value: f32| {
            let mut out = String::new();
            put!(&mut out, number(value));
            out
        };
        assert_eq!(written(12.0), "12");
        assert_eq!(written(12.25), "12.3");
        assert_eq!(written(0.04), "0");
        assert_eq!(written(-3.45), "-3.5");
        assert_eq!(written(-0.5), "-0.5");
        assert_eq!(written(1234.5), "1234.5");
    }
}

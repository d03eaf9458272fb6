//! The drawing as SVG, laid out by guidelint itself ([`super::layout`]), so no Graphviz is needed.
//!
//! Each node is a `<g class="node" data-id="ID">` and each edge a `<g class="edge" data-from="ID"
//! data-to="ID">`, each with a `<title>` and a `<desc>`, so tests, style sheets and screen readers
//! can find them. Every document string is escaped as XML. Colours and strokes are presentation
//! attributes, so the drawing looks the same in a file of its own and inline in a page.

use super::graph::{Cluster, ClusterKind, EdgeKind, End, Graph, Mark, Node, Shape};
use super::layout::{self, Point, Rect, Size};
use super::markup::{Escaped, push};
use super::palette;
use super::text::Font;
use crate::diagnostic::Severity;
use std::fmt::Write;

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
    let mut canvas = Canvas::new(graph, "g-");
    let boxes = NodeBoxes::new(graph);
    let mut placed_clusters: Vec<(usize, Rect, layout::Layout, f32)> = Vec::new();
    let mut x = MARGIN;
    let mut row_bottom: f32 = MARGIN;
    for (index, cluster) in graph.clusters.iter().enumerate() {
        if cluster.kind != ClusterKind::Path {
            continue;
        }
        let inner = layout_cluster(graph, &boxes, cluster, &[]);
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
        let inner = layout_cluster(graph, &boxes, cluster, &ports);
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
    canvas.open(Size { width, height });
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
        for (position, &edge) in cluster_edges(graph, cluster).iter().enumerate() {
            canvas.edge(edge, &inner.edges[position], origin, &[]);
        }
        if cluster.kind == ClusterKind::Treatments {
            let own = cluster_edges(graph, cluster).len();
            for (position, (edge, from)) in requires.iter().enumerate() {
                let route = &inner.edges[own + position];
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
            canvas.node(node, &boxes, offset(&inner.nodes[position], origin));
        }
    }
    canvas.close()
}

/// One cluster alone, without its frame: the flowchart of one diagnosis path on a review page.
/// `prefix` keeps the ids of this drawing's markers and titles apart from other drawings on the
/// page.
pub fn render_cluster(graph: &Graph, cluster_index: usize, prefix: &str) -> String {
    let cluster = &graph.clusters[cluster_index];
    let boxes = NodeBoxes::new(graph);
    let inner = layout_cluster(graph, &boxes, cluster, &[]);
    let origin = Point {
        x: MARGIN / 2.0,
        y: MARGIN / 2.0,
    };
    let mut canvas = Canvas::new(graph, prefix);
    canvas.title = format!("Flowchart: {}", cluster.label);
    canvas.description = describe_cluster(graph, cluster);
    canvas.open(Size {
        width: inner.size.width + MARGIN,
        height: inner.size.height + MARGIN,
    });
    for (position, &edge) in cluster_edges(graph, cluster).iter().enumerate() {
        canvas.edge(edge, &inner.edges[position], origin, &[]);
    }
    for (position, &node) in cluster.nodes.iter().enumerate() {
        canvas.node(node, &boxes, offset(&inner.nodes[position], origin));
    }
    canvas.close()
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
    boxes: &NodeBoxes,
    cluster: &Cluster,
    ports: &[usize],
) -> layout::Layout {
    let position_of = |node: usize| cluster.nodes.iter().position(|&own| own == node);
    let port_layer = usize::from(!ports.is_empty());
    let mut nodes: Vec<layout::Node> = cluster
        .nodes
        .iter()
        .map(|&node| layout::Node {
            size: boxes.size(node),
            min_layer: graph.nodes[node].level.unwrap_or(0) + port_layer,
        })
        .collect();
    let mut edges: Vec<layout::Edge> = cluster_edges(graph, cluster)
        .into_iter()
        .filter_map(|edge| {
            let End::Node(from) = graph.edges[edge].from else {
                return None;
            };
            Some(layout::Edge {
                from: position_of(from)?,
                to: position_of(graph.edges[edge].to)?,
                label: graph.edges[edge].label.as_deref().map(label_size),
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

fn label_size(label: &str) -> Size {
    let lines = EDGE_LABEL.wrap(label, LABEL_TEXT);
    let width = lines
        .iter()
        .map(|line| EDGE_LABEL.width(line))
        .fold(0.0, f32::max);
    Size {
        width: width.ceil() + 2.0,
        height: lines.len() as f32 * EDGE_LABEL.line_height() + 2.0,
    }
}

/// The text of each node broken into lines, and the size of its box.
struct NodeBoxes {
    texts: Vec<NodeText>,
}

struct NodeText {
    name: Vec<String>,
    small: Vec<String>,
    /// "1 error, 2 warnings", in the severity's colour.
    problems: Option<String>,
    size: Size,
}

impl NodeBoxes {
    fn new(graph: &Graph) -> Self {
        let texts = graph
            .nodes
            .iter()
            .map(|node| {
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
            })
            .collect();
        NodeBoxes { texts }
    }

    fn size(&self, node: usize) -> Size {
        self.texts[node].size
    }
}

const PROBLEM: Font = Font {
    size: 12.0,
    bold: true,
};

/// An SVG document being written.
struct Canvas<'g> {
    graph: &'g Graph,
    prefix: String,
    title: String,
    description: String,
    out: String,
}

impl<'g> Canvas<'g> {
    fn new(graph: &'g Graph, prefix: &str) -> Self {
        Canvas {
            graph,
            prefix: prefix.to_string(),
            title: format!("Flowchart: {}", graph.title),
            description: describe_graph(graph),
            out: String::new(),
        }
    }

    fn open(&mut self, size: Size) {
        let prefix = &self.prefix;
        let (width, height) = (size.width.ceil(), size.height.ceil());
        let _ = write!(
            self.out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{prefix}title {prefix}desc\" font-family=\"{FONT_FAMILY}\">\n<title id=\"{prefix}title\">{}</title>\n<desc id=\"{prefix}desc\">{}</desc>\n<defs>",
            Escaped(&self.title),
            Escaped(&self.description)
        );
        for (suffix, colour) in [
            ("", palette::STROKE),
            ("-warning", palette::severity(Severity::Warning)),
            ("-error", palette::severity(Severity::Error)),
        ] {
            let _ = write!(
                self.out,
                "<marker id=\"{prefix}arrow{suffix}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"{colour}\"/></marker>"
            );
        }
        self.out.push_str("</defs>\n");
    }

    fn close(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    fn cluster(&mut self, cluster: &Cluster, frame: &Rect) {
        let (stroke, width) = outline(&cluster.mark, palette::BORDER, 1.0);
        let _ = write!(
            self.out,
            "<g class=\"cluster\" data-id=\"{}\"><title>",
            Escaped(&cluster.id)
        );
        push(&mut self.out, &cluster.label);
        self.out.push_str("</title><desc>");
        push(&mut self.out, &describe_cluster(self.graph, cluster));
        let _ = write!(
            self.out,
            "</desc><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            number(frame.x),
            number(frame.y),
            number(frame.width),
            number(frame.height),
            palette::CLUSTER_FILL
        );
        let lines = TITLE.wrap(&cluster.label, frame.width - 2.0 * CLUSTER_PAD);
        for (index, line) in lines.iter().enumerate() {
            let _ = write!(
                self.out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">",
                number(frame.x + CLUSTER_PAD),
                number(frame.y + CLUSTER_PAD + baseline(TITLE, index)),
                TITLE.size,
                palette::TEXT
            );
            push(&mut self.out, line);
            self.out.push_str("</text>");
        }
        self.out.push_str("</g>\n");
    }

    fn node(&mut self, index: usize, boxes: &NodeBoxes, rect: Rect) {
        let node = &self.graph.nodes[index];
        let text = &boxes.texts[index];
        let _ = write!(
            self.out,
            "<g class=\"node\" data-id=\"{}\" data-kind=\"{}\"><title>",
            Escaped(&node.id),
            shape_name(node.shape)
        );
        push(&mut self.out, &node.name);
        self.out.push_str("</title><desc>");
        push(&mut self.out, &describe_node(self.graph, index));
        self.out.push_str("</desc>");
        let (stroke, mut width) = outline(&node.mark, palette::STROKE, 1.5);
        if node.entry && node.mark.severity.is_none() {
            width = 2.5;
        }
        self.shape(node, rect, stroke, width);
        if node.terminal {
            let inner = Rect {
                x: rect.x + 4.0,
                y: rect.y + 4.0,
                width: rect.width - 8.0,
                height: rect.height - 8.0,
            };
            let _ = self.outline_shape(node.shape, inner, stroke, 1.0, "none");
        }
        let center = rect.center_x();
        let mut y = rect.y + PAD_Y;
        for (line_index, line) in text.name.iter().enumerate() {
            let _ = write!(
                self.out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">",
                number(center),
                number(y + baseline(NAME, line_index)),
                NAME.size,
                palette::TEXT
            );
            push(&mut self.out, line);
            self.out.push_str("</text>");
        }
        y += text.name.len() as f32 * NAME.line_height() + 4.0;
        for (line_index, line) in text.small.iter().enumerate() {
            let _ = write!(
                self.out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\">",
                number(center),
                number(y + baseline(SMALL, line_index)),
                SMALL.size,
                palette::MUTED
            );
            push(&mut self.out, line);
            self.out.push_str("</text>");
        }
        if let (Some(problems), Some(severity)) = (&text.problems, node.mark.severity) {
            let _ = write!(
                self.out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">",
                number(center),
                number(y + baseline(SMALL, text.small.len())),
                PROBLEM.size,
                palette::severity(severity)
            );
            push(&mut self.out, problems);
            self.out.push_str("</text>");
        }
        self.out.push_str("</g>\n");
    }

    fn shape(&mut self, node: &Node, rect: Rect, stroke: &str, width: f32) {
        let _ = self.outline_shape(node.shape, rect, stroke, width, palette::BACKGROUND);
    }

    fn outline_shape(
        &mut self,
        shape: Shape,
        rect: Rect,
        stroke: &str,
        width: f32,
        fill: &str,
    ) -> std::fmt::Result {
        match shape {
            Shape::Hexagon => {
                let inset = HEXAGON.min(rect.height / 2.0);
                let (left, right, top, bottom) = (rect.x, rect.right(), rect.y, rect.bottom());
                let middle = rect.y + rect.height / 2.0;
                write!(
                    self.out,
                    "<polygon points=\"{},{} {},{} {},{} {},{} {},{} {},{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
                    number(left + inset),
                    number(top),
                    number(right - inset),
                    number(top),
                    number(right),
                    number(middle),
                    number(right - inset),
                    number(bottom),
                    number(left + inset),
                    number(bottom),
                    number(left),
                    number(middle)
                )
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
                write!(
                    self.out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
                    number(rect.x),
                    number(rect.y),
                    number(rect.width),
                    number(rect.height),
                    number(radius)
                )
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
        let _ = write!(
            self.out,
            "<g class=\"edge\" data-from=\"{}\" data-to=\"{}\" data-kind=\"{}\"><title>",
            Escaped(from_id),
            Escaped(&to.id),
            edge_kind(edge.kind)
        );
        push(&mut self.out, &format!("{from_name} → {}", to.name));
        self.out.push_str("</title><desc>");
        push(&mut self.out, &describe_edge(graph, index));
        self.out.push_str("</desc>");
        let mut points: Vec<Point> = lead_in.to_vec();
        // The port at the top of the cluster is where the lead-in ends.
        let skip = usize::from(!lead_in.is_empty());
        points.extend(route.points.iter().skip(skip).map(|point| Point {
            x: point.x + origin.x,
            y: point.y + origin.y,
        }));
        let (stroke, width) = outline(&edge.mark, palette::STROKE, 1.5);
        let marker = match edge.mark.severity {
            Some(Severity::Error) => "-error",
            Some(Severity::Warning) => "-warning",
            None => "",
        };
        let dash = if edge.kind == EdgeKind::Requires {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = write!(
            self.out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash} marker-end=\"url(#{}arrow{marker})\"/>",
            path_data(&points),
            self.prefix
        );
        if let (Some(label), Some(rect)) = (&edge.label, route.label) {
            let rect = offset(&rect, origin);
            for (line_index, line) in EDGE_LABEL.wrap(label, LABEL_TEXT).iter().enumerate() {
                let _ = write!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">",
                    number(rect.x + 1.0),
                    number(rect.y + 1.0 + baseline(EDGE_LABEL, line_index)),
                    EDGE_LABEL.size,
                    palette::MUTED
                );
                push(&mut self.out, line);
                self.out.push_str("</text>");
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
fn path_data(points: &[Point]) -> String {
    let mut data = String::with_capacity(points.len() * 24);
    let Some(first) = points.first() else {
        return data;
    };
    let _ = write!(data, "M{},{}", number(first.x), number(first.y));
    for pair in points.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if from.x == to.x {
            let _ = write!(data, "V{}", number(to.y));
        } else if from.y == to.y {
            let _ = write!(data, "H{}", number(to.x));
        } else {
            let middle = (from.y + to.y) / 2.0;
            let _ = write!(
                data,
                "C{},{} {},{} {},{}",
                number(from.x),
                number(middle),
                number(to.x),
                number(middle),
                number(to.x),
                number(to.y)
            );
        }
    }
    data
}

/// A coordinate with at most one decimal, without a trailing `.0`; kept in whole tenths and
/// written without float formatting or an allocation.
fn number(value: f32) -> Number {
    Number((value * 10.0).round() as i64)
}

/// A coordinate in tenths of a pixel, as [`number`] writes it.
#[derive(Debug, Clone, Copy)]
struct Number(i64);

impl std::fmt::Display for Number {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, tenth) = (self.0.abs() / 10, self.0.abs() % 10);
        if tenth == 0 {
            write!(out, "{sign}{whole}")
        } else {
            write!(out, "{sign}{whole}.{tenth}")
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
    push_problems(&mut text, &cluster.mark);
    text
}

fn describe_node(graph: &Graph, index: usize) -> String {
    let node = &graph.nodes[index];
    let mut parts: Vec<String> = node.caption.clone();
    if node.entry {
        parts.push("The path starts here".to_string());
    }
    if node.terminal {
        parts.push("The path may end here".to_string());
    }
    let next: Vec<String> = graph
        .edges
        .iter()
        .filter(|edge| edge.from == End::Node(index) && edge.kind != EdgeKind::Requires)
        .map(|edge| match &edge.label {
            Some(label) => format!("{} ({label})", graph.nodes[edge.to].name),
            None => graph.nodes[edge.to].name.clone(),
        })
        .collect();
    if !next.is_empty() {
        let verb = if node.level.is_some() {
            "Escalates to"
        } else {
            "Leads to"
        };
        parts.push(format!("{verb}: {}", next.join("; ")));
    }
    let mut text = parts.join(". ");
    if !text.is_empty() {
        text.push('.');
    }
    push_problems(&mut text, &node.mark);
    text
}

fn describe_edge(graph: &Graph, index: usize) -> String {
    let edge = &graph.edges[index];
    let mut text = match (edge.kind, &edge.label) {
        (EdgeKind::Transition, Some(label)) => format!("Transition, {label}."),
        (EdgeKind::Transition, None) => "Transition.".to_string(),
        (EdgeKind::Escalation, _) => "Escalation: tried before.".to_string(),
        (EdgeKind::Requires, _) => "The treatment requires this diagnosis path.".to_string(),
    };
    push_problems(&mut text, &edge.mark);
    text
}

fn push_problems(text: &mut String, mark: &Mark) {
    for problem in &mark.problems {
        text.push(' ');
        text.push_str(problem);
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        assert_eq!(number(12.0).to_string(), "12");
        assert_eq!(number(12.25).to_string(), "12.3");
        assert_eq!(number(0.04).to_string(), "0");
        assert_eq!(number(-3.45).to_string(), "-3.5");
        assert_eq!(number(-0.5).to_string(), "-0.5");
    }
}

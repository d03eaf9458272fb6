//! The drawing as Graphviz DOT, for `dot -Tsvg` and every tool that reads DOT.
//!
//! Identifiers are made by guidelint (`s0_3`, `t2`, `cluster_p0`); document text appears only in
//! HTML-like labels (`label=<...>`), escaped as XML, so no name can close a label, end a statement
//! or add an attribute.

use super::graph::{ClusterKind, EdgeKind, End, Graph, Mark, Shape};
use super::markup::Escaped;
use super::palette;
use super::text::wrap_chars;
use std::fmt::Write;

const FONT: &str = "Helvetica,Arial,sans-serif";

pub fn render(graph: &Graph) -> String {
    let mut out = String::from("digraph guideline {\n");
    let _ = writeln!(
        out,
        "  graph [compound=true, newrank=true, rankdir=TB, nodesep=0.3, ranksep=0.45, fontname=\"{FONT}\", labelloc=t, fontsize=16, label=<<B>{}</B>>];",
        lines(&graph.title, 60)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=filled, fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", fontname=\"{FONT}\", fontsize=12, margin=\"0.15,0.08\"];",
        palette::BACKGROUND,
        palette::STROKE,
        palette::TEXT
    );
    let _ = writeln!(
        out,
        "  edge [color=\"{}\", fontcolor=\"{}\", fontname=\"{FONT}\", fontsize=10, arrowsize=0.8];",
        palette::STROKE,
        palette::MUTED
    );
    for cluster in &graph.clusters {
        let _ = writeln!(out, "  subgraph cluster_{} {{", cluster.key);
        let _ = writeln!(
            out,
            "    graph [label=<<B>{}</B>>, style=filled, fillcolor=\"{}\", color=\"{}\"{}];",
            lines(&cluster.label, 50),
            palette::CLUSTER_FILL,
            outline_colour(&cluster.mark).unwrap_or(palette::BORDER),
            if cluster.mark.severity.is_some() {
                ", penwidth=3"
            } else {
                ""
            }
        );
        for &index in &cluster.nodes {
            let node = &graph.nodes[index];
            let mut label = lines(&node.name, 32);
            for line in node.small_lines() {
                let _ = write!(
                    label,
                    "<BR/><FONT POINT-SIZE=\"10\" COLOR=\"{}\">{}</FONT>",
                    palette::MUTED,
                    lines(&line, 40)
                );
            }
            let mut attributes = vec![format!("label=<{label}>")];
            let mut style = vec!["filled"];
            match node.shape {
                Shape::Rounded => style.push("rounded"),
                Shape::Hexagon => attributes.push("shape=hexagon".to_string()),
                Shape::Missing => style.push("dashed"),
                Shape::Rectangle => {}
            }
            if node.entry {
                style.push("bold");
            }
            if node.terminal {
                attributes.push("peripheries=2".to_string());
            }
            attributes.push(format!("style=\"{}\"", style.join(",")));
            if let Some(colour) = outline_colour(&node.mark) {
                attributes.push(format!("color=\"{colour}\", penwidth=3"));
            }
            let _ = writeln!(out, "    {} [{}];", node.key, attributes.join(", "));
        }
        if cluster.kind == ClusterKind::Treatments {
            write_ladder(&mut out, graph, &cluster.nodes);
        }
        out.push_str("  }\n");
    }
    for edge in &graph.edges {
        let mut attributes = Vec::new();
        let from = match edge.from {
            End::Node(index) => graph.nodes[index].key.clone(),
            End::Cluster(index) => {
                // An edge leaves a cluster from one of its nodes, clipped at the cluster's frame.
                let cluster = &graph.clusters[index];
                let Some(exit) = cluster.exit.or(cluster.nodes.last().copied()) else {
                    continue;
                };
                attributes.push(format!("ltail=cluster_{}", cluster.key));
                graph.nodes[exit].key.clone()
            }
        };
        if edge.kind == EdgeKind::Requires {
            attributes.push("style=dashed".to_string());
        }
        if let Some(label) = &edge.label {
            attributes.push(format!("label=<{}>", lines(label, 36)));
        }
        if let Some(colour) = outline_colour(&edge.mark) {
            attributes.push(format!("color=\"{colour}\", penwidth=2.5"));
        }
        if attributes.is_empty() {
            let _ = writeln!(out, "  {from} -> {};", graph.nodes[edge.to].key);
        } else {
            let _ = writeln!(
                out,
                "  {from} -> {} [{}];",
                graph.nodes[edge.to].key,
                attributes.join(", ")
            );
        }
    }
    out.push_str("}\n");
    out
}

/// One rank per category, held in ladder order by invisible edges between them.
fn write_ladder(out: &mut String, graph: &Graph, nodes: &[usize]) {
    let mut levels: Vec<Vec<&str>> = Vec::new();
    let mut level = None;
    for &index in nodes {
        let node = &graph.nodes[index];
        if node.level != level || levels.is_empty() {
            level = node.level;
            levels.push(Vec::new());
        }
        if let Some(current) = levels.last_mut() {
            current.push(&node.key);
        }
    }
    for members in &levels {
        let _ = writeln!(out, "    {{ rank=same; {}; }}", members.join("; "));
    }
    for pair in levels.windows(2) {
        let _ = writeln!(out, "    {} -> {} [style=invis];", pair[0][0], pair[1][0]);
    }
}

fn outline_colour(mark: &Mark) -> Option<&'static str> {
    mark.severity.map(palette::severity)
}

/// Document text for an HTML-like label: escaped as XML and broken into lines of about `width`
/// characters.
fn lines(text: &str, width: usize) -> String {
    wrap_chars(text, width)
        .iter()
        .map(|line| Escaped(line).to_string())
        .collect::<Vec<_>>()
        .join("<BR/>")
}

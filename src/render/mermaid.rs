//! The drawing as a Mermaid `flowchart TD`, which GitHub and GitLab render in Markdown.
//!
//! Identifiers are made by guidelint (`s0_3`, `t2`, `p0`); document text appears only inside
//! double-quoted labels, where every character that Mermaid or HTML could read as syntax is written
//! as a Mermaid entity (`#34;`), so no name can end a label, start a statement, open a comment
//! (`%%`), add a `click` or inject markup.

use super::graph::{ClusterKind, EdgeKind, End, Graph, Mark, Shape};
use super::palette;
use super::text::one_line;
use crate::diagnostic::Severity;
use std::fmt::Write;

pub fn render(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    for cluster in &graph.clusters {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            cluster.key,
            label_text(&cluster.label)
        );
        out.push_str("    direction TB\n");
        for &index in &cluster.nodes {
            let node = &graph.nodes[index];
            let mut label = label_text(&node.name);
            let small: Vec<String> = node
                .small_lines()
                .iter()
                .map(|line| label_text(line))
                .collect();
            if !small.is_empty() {
                let _ = write!(label, "<br/><small>{}</small>", small.join("<br/>"));
            }
            let (open, close) = match node.shape {
                Shape::Rounded => ("(\"", "\")"),
                Shape::Rectangle | Shape::Missing => ("[\"", "\"]"),
                Shape::Hexagon => ("{{\"", "\"}}"),
            };
            let _ = writeln!(out, "    {}{open}{label}{close}", node.key);
        }
        // Invisible links hold the treatments' categories in ladder order.
        if cluster.kind == ClusterKind::Treatments {
            let firsts = level_heads(graph, &cluster.nodes);
            for pair in firsts.windows(2) {
                let _ = writeln!(
                    out,
                    "    {} ~~~ {}",
                    graph.nodes[pair[0]].key, graph.nodes[pair[1]].key
                );
            }
        }
        out.push_str("  end\n");
    }
    // linkStyle counts every link in the order written, invisible ones included.
    let invisible = graph
        .clusters
        .iter()
        .filter(|cluster| cluster.kind == ClusterKind::Treatments)
        .map(|cluster| level_heads(graph, &cluster.nodes).len().saturating_sub(1))
        .sum::<usize>();
    let mut styled_links: Vec<(usize, Severity)> = Vec::new();
    for (link, edge) in (invisible..).zip(&graph.edges) {
        let from = match edge.from {
            End::Node(index) => &graph.nodes[index].key,
            End::Cluster(index) => &graph.clusters[index].key,
        };
        let arrow = match edge.kind {
            EdgeKind::Requires => "-.->",
            EdgeKind::Transition | EdgeKind::Escalation => "-->",
        };
        match &edge.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "  {from} {arrow}|\"{}\"| {}",
                    label_text(label),
                    graph.nodes[edge.to].key
                );
            }
            None => {
                let _ = writeln!(out, "  {from} {arrow} {}", graph.nodes[edge.to].key);
            }
        }
        if let Some(severity) = edge.mark.severity {
            styled_links.push((link, severity));
        }
    }
    write_styles(&mut out, graph, &styled_links);
    out
}

/// The first node of each category on the treatments' ladder.
fn level_heads(graph: &Graph, nodes: &[usize]) -> Vec<usize> {
    let mut heads = Vec::new();
    let mut level = None;
    for &index in nodes {
        if graph.nodes[index].level != level {
            level = graph.nodes[index].level;
            heads.push(index);
        }
    }
    heads
}

fn write_styles(out: &mut String, graph: &Graph, links: &[(usize, Severity)]) {
    let _ = writeln!(out, "  classDef entry stroke-width:3px");
    let _ = writeln!(out, "  classDef terminal stroke-width:3px");
    let _ = writeln!(out, "  classDef missing stroke-dasharray:5 5");
    for severity in [Severity::Warning, Severity::Error] {
        let _ = writeln!(
            out,
            "  classDef {severity} stroke:{},stroke-width:4px",
            palette::severity(severity)
        );
    }
    type Applies = dyn Fn(&super::graph::Node) -> bool;
    let classes: [(&str, &Applies); 5] = [
        ("entry", &|node| node.entry),
        ("terminal", &|node| node.terminal && !node.entry),
        ("missing", &|node| node.shape == Shape::Missing),
        ("warning", &|node| {
            node.mark.severity == Some(Severity::Warning)
        }),
        ("error", &|node| node.mark.severity == Some(Severity::Error)),
    ];
    for (class, applies) in classes {
        let keys: Vec<&str> = graph
            .nodes
            .iter()
            .filter(|node| applies(node))
            .map(|node| node.key.as_str())
            .collect();
        if !keys.is_empty() {
            let _ = writeln!(out, "  class {} {class}", keys.join(","));
        }
    }
    for cluster in &graph.clusters {
        if let Some(style) = outline(&cluster.mark) {
            let _ = writeln!(out, "  style {} {style}", cluster.key);
        }
    }
    for severity in [Severity::Warning, Severity::Error] {
        let indices: Vec<String> = links
            .iter()
            .filter(|(_, marked)| *marked == severity)
            .map(|(index, _)| index.to_string())
            .collect();
        if !indices.is_empty() {
            let _ = writeln!(
                out,
                "  linkStyle {} stroke:{},stroke-width:3px",
                indices.join(","),
                palette::severity(severity)
            );
        }
    }
}

fn outline(mark: &Mark) -> Option<String> {
    mark.severity
        .map(|severity| format!("stroke:{},stroke-width:4px", palette::severity(severity)))
}

/// Document text for a double-quoted Mermaid label: on one line, with every character that could
/// be syntax written as an entity. Letters (of any script), digits, spaces and plain punctuation
/// stay as they are, so the source stays readable.
pub fn label_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in one_line(text).chars() {
        let plain = character.is_alphanumeric()
            || matches!(
                character,
                ' ' | ',' | '.' | '-' | '(' | ')' | '\'' | '/' | '?' | '!' | '+'
            )
            || (!character.is_ascii()
                && !character.is_control()
                && !is_invisible(character)
                && !character.is_whitespace());
        if plain {
            out.push(character);
        } else if character.is_control() {
            // Spelled out, as `check` shows it: `\u0001`, with the backslash as an entity.
            let _ = write!(out, "#92;u{:04x}", u32::from(character));
        } else {
            let _ = write!(out, "#{};", u32::from(character));
        }
    }
    out
}

/// Characters that change how text around them is shown without being seen: bidirectional
/// controls, zero-width characters, separators.
fn is_invisible(character: char) -> bool {
    matches!(u32::from(character),
        0x00AD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

#[cfg(test)]
mod tests {
    use super::label_text;

    #[test]
    fn syntax_characters_become_entities() {
        assert_eq!(label_text("a \"b\"] ; c"), "a #34;b#34;#93; #59; c");
        assert_eq!(label_text("%%{init}%%"), "#37;#37;#123;init#125;#37;#37;");
        assert_eq!(label_text("<script>"), "#60;script#62;");
        assert_eq!(label_text("line\nbreak"), "line break");
        assert_eq!(label_text("Hämatom 血腫"), "Hämatom 血腫");
        assert_eq!(label_text("a\u{202e}b"), "a#8238;b");
        assert_eq!(label_text("a\u{1}b"), "a#92;u0001b");
    }
}

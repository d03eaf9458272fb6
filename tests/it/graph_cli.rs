//! `guidelint graph`: the bundled guideline drawn in Mermaid, DOT (laid out by Graphviz's own
//! `dot`) and SVG (laid out by guidelint: nodes never overlap, edges keep out of nodes), and every
//! format safe against names written to break out of its syntax.

use crate::common::{
    BUNDLED, HOSTILE, TODAY, guidelint, hostile_guideline, root, stdout, tool_available,
};
use std::io::Write;
use std::process::{Command, Stdio};

const BUNDLED_PATH: &str = "guidelines/iliopsoas-hematoma.json";

fn graph(arguments: &[&str]) -> std::process::Output {
    let mut all = vec!["graph", "--today", TODAY];
    all.extend_from_slice(arguments);
    guidelint(root(), &all)
}

/// `guidelint graph` of a document given on stdin.
fn graph_of(document: &str, format: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidelint"))
        .args(["graph", "--today", TODAY, "--format", format, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("guidelint runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(document.as_bytes())
        .expect("writes");
    let output = child.wait_with_output().expect("guidelint ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn names(document: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(document).expect("JSON");
    let mut names = Vec::new();
    for path in value["diagnosis"]["paths"].as_array().expect("paths") {
        for step in path["steps"].as_array().expect("steps") {
            names.push(step["name"].as_str().expect("name").to_string());
        }
    }
    for treatment in value["treatments"].as_array().expect("treatments") {
        names.push(treatment["name"].as_str().expect("name").to_string());
    }
    names
}

#[test]
fn mermaid_is_a_flowchart_with_shapes_words_and_a_cluster_per_path() {
    let output = graph(&["--format", "mermaid", BUNDLED_PATH]);
    assert_eq!(output.status.code(), Some(0));
    let mermaid = stdout(&output);
    assert!(mermaid.starts_with("flowchart TD\n"), "{mermaid}");
    // One subgraph per path, one for the treatments.
    assert!(
        mermaid.contains("  subgraph p0[\"Diagnostic workup for suspected iliopsoas hematoma\"]\n")
    );
    assert!(mermaid.contains("  subgraph tx[\"Treatments\"]\n"));
    // The entry is a rounded box marked as the start; a step left by conditional transitions is a
    // hexagon; a terminal step says so.
    assert!(mermaid.contains(
        "s0_0(\"Vital signs and rapid assessment of circulation<br/><small>Examination<br/>Start</small>\")"
    ));
    assert!(mermaid.contains(
        "s0_5{{\"Ultrasound<br/><small>Imaging 1 · ultrasound<br/>May end here</small>\"}}"
    ));
    assert!(mermaid.contains("Tests#58; CBC, PT, aPTT, INR, Blood chemistry panel"));
    // Conditions in words, from finding names.
    assert!(mermaid.contains("s0_5 -->|\"if active bleeding suspected on imaging\"| s0_6"));
    // Escalations and, dashed, the required path.
    assert!(mermaid.contains("  t2 --> t3\n"));
    assert!(mermaid.contains("  p0 -.-> t3\n"));
    assert!(mermaid.contains("  class s0_5,s0_6,s0_7,s0_9,s0_10,s0_12 terminal\n"));
}

#[test]
fn a_diagnostic_outlines_its_step_and_transition_in_the_severity_s_colour() {
    // `dead-end` (warning) on a step, `unknown-reference` (error) on a transition.
    let document = BUNDLED
        .replacen("\"specialties\": [", "\"next\": [], \"specialties\": [", 1)
        .replacen(
            "\"terminal\": true,\n            \"addresses\"",
            "\"terminal\": false,\n            \"addresses\"",
            1,
        )
        .replacen(
            "\"next\": [\"physical-examination\"]",
            "\"next\": [\"physical-exam\"]",
            1,
        );
    let mermaid = graph_of(&document, "mermaid");
    assert!(mermaid.contains("  class s0_12 warning\n"), "{mermaid}");
    assert!(
        mermaid.contains("m0_0[\"Undefined step “physical-exam”\"]"),
        "{mermaid}"
    );
    assert!(
        // Link 5: after the four invisible links that order the treatments and the entry's
        // transition to the history.
        mermaid.contains("  linkStyle 5 stroke:#b3261e,stroke-width:3px\n"),
        "{mermaid}"
    );
    let svg = graph_of(&document, "svg");
    let tree = roxmltree::Document::parse(&svg).expect("SVG is XML");
    let step = tree
        .descendants()
        .find(|node| node.attribute("data-id") == Some("specialist-consultation"))
        .expect("the step is drawn");
    let shape = step
        .children()
        .find(|child| child.has_tag_name("rect"))
        .expect("a box");
    assert_eq!(shape.attribute("stroke"), Some("#8a5a00"));
    let desc = step
        .children()
        .find(|child| child.has_tag_name("desc"))
        .expect("desc");
    assert!(
        desc.text()
            .unwrap_or_default()
            .contains("warning[GL203] dead-end")
    );
}

#[test]
fn the_terminal_counts_only_what_the_drawing_outlines() {
    // Review overdue: a diagnostic of the document as a whole, which no node or edge carries.
    let overdue = guidelint(root(), &["graph", "--today", "2040-01-01", BUNDLED_PATH]);
    assert_eq!(overdue.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&overdue.stderr),
        format!(
            "{BUNDLED_PATH}: 1 diagnostic about the document as a whole or a part not drawn, none \
             outlined; `guidelint check {BUNDLED_PATH}` explains them\n"
        )
    );
    // With a dead end on a step as well, that one is outlined and counted apart.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("g.json");
    let document = BUNDLED
        .replacen("\"specialties\": [", "\"next\": [], \"specialties\": [", 1)
        .replacen(
            "\"terminal\": true,\n            \"addresses\"",
            "\"terminal\": false,\n            \"addresses\"",
            1,
        );
    std::fs::write(&path, document).unwrap();
    let both = guidelint(folder.path(), &["graph", "--today", "2040-01-01", "g.json"]);
    assert_eq!(
        String::from_utf8_lossy(&both.stderr),
        "g.json: 0 errors, 1 warning outlined in the drawing, 1 more about the document as a whole \
         or a part not drawn; `guidelint check g.json` explains them\n"
    );
}

#[test]
fn a_step_s_own_condition_is_drawn_under_its_name() {
    // The angiography is performed only when the CT shows contrast leaking, whatever leads to it.
    let mermaid = String::from_utf8(graph(&[BUNDLED_PATH]).stdout).unwrap();
    assert!(
        mermaid.contains(
            "s0_11[\"Angiography<br/><small>Imaging 5 · angiography · with contrast<br/>Only if \
             contrast leaking from an artery on contrast-enhanced CT (active bleeding)</small>\"]"
        ),
        "{mermaid}"
    );
}

#[test]
fn dot_is_laid_out_by_graphviz() {
    if !tool_available("dot", "-V") {
        return;
    }
    let output = graph(&["--format", "dot", BUNDLED_PATH]);
    assert_eq!(output.status.code(), Some(0));
    let dot = stdout(&output);
    assert!(dot.starts_with("digraph guideline {"));
    let svg = run_dot(&dot);
    let tree = parse_graphviz(&svg);
    let texts: String = tree
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .collect::<Vec<_>>()
        .join(" ");
    for name in names(BUNDLED) {
        // DOT labels are wrapped; every word of every name is drawn.
        for word in name.split_whitespace() {
            assert!(texts.contains(word), "{word} of {name} is not drawn");
        }
    }
    let clusters = tree
        .descendants()
        .filter(|node| node.attribute("class") == Some("cluster"))
        .count();
    assert_eq!(
        clusters, 2,
        "a cluster for the path and one for the treatments"
    );
}

/// Graphviz's SVG starts with a DOCTYPE, which roxmltree parses only when asked.
fn parse_graphviz(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(svg, options).expect("Graphviz wrote SVG")
}

fn run_dot(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("writes");
    let output = child.wait_with_output().expect("dot ends");
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "dot failed: {}\n{dot}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The boxes of every node of an SVG drawn by guidelint, by `data-id`.
fn node_boxes(tree: &roxmltree::Document<'_>) -> Vec<(String, [f32; 4])> {
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> f32 {
        node.attribute(name)
            .and_then(|value| value.parse().ok())
            .expect(name)
    };
    tree.descendants()
        .filter(|node| node.attribute("class") == Some("node"))
        .map(|group| {
            let id = group.attribute("data-id").expect("data-id").to_string();
            let shape = group
                .children()
                .find(|child| {
                    child.is_element()
                        && (child.has_tag_name("rect") || child.has_tag_name("polygon"))
                })
                .expect("a shape");
            let bounds = if shape.has_tag_name("rect") {
                [
                    number(shape, "x"),
                    number(shape, "y"),
                    number(shape, "width"),
                    number(shape, "height"),
                ]
            } else {
                let points: Vec<(f32, f32)> = shape
                    .attribute("points")
                    .expect("points")
                    .split_whitespace()
                    .map(|pair| {
                        let (x, y) = pair.split_once(',').expect("x,y");
                        (x.parse().expect("x"), y.parse().expect("y"))
                    })
                    .collect();
                let left = points.iter().map(|p| p.0).fold(f32::MAX, f32::min);
                let right = points.iter().map(|p| p.0).fold(f32::MIN, f32::max);
                let top = points.iter().map(|p| p.1).fold(f32::MAX, f32::min);
                let bottom = points.iter().map(|p| p.1).fold(f32::MIN, f32::max);
                [left, top, right - left, bottom - top]
            };
            (id, bounds)
        })
        .collect()
}

fn overlap(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

/// The corner points of an edge's path (`M`, `V`, `H`, `C` as guidelint writes them): a curve
/// stays within the box of its ends, so a segment's box is where the edge can run.
fn path_segments(data: &str) -> Vec<((f32, f32), (f32, f32))> {
    let mut segments = Vec::new();
    let mut at = (0.0, 0.0);
    let mut rest = data;
    while let Some(command) = rest.chars().next() {
        let end = rest[1..]
            .find(['M', 'V', 'H', 'C'])
            .map_or(rest.len(), |index| index + 1);
        let arguments: Vec<f32> = rest[1..end]
            .split([',', ' '])
            .filter(|part| !part.is_empty())
            .map(|part| part.parse().expect("a number"))
            .collect();
        let next = match command {
            'M' => (arguments[0], arguments[1]),
            'V' => (at.0, arguments[0]),
            'H' => (arguments[0], at.1),
            'C' => (arguments[4], arguments[5]),
            other => panic!("unexpected path command {other}"),
        };
        if command != 'M' {
            segments.push((at, next));
        }
        at = next;
        rest = &rest[end..];
    }
    segments
}

#[test]
fn svg_nodes_do_not_overlap_and_edges_keep_out_of_nodes() {
    let output = graph(&["--format", "svg", BUNDLED_PATH]);
    assert_eq!(output.status.code(), Some(0));
    let svg = stdout(&output);
    let tree = roxmltree::Document::parse(&svg).expect("SVG is XML");
    let root = tree.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.children().any(|child| child.has_tag_name("title")));
    assert!(root.children().any(|child| child.has_tag_name("desc")));
    let boxes = node_boxes(&tree);
    assert_eq!(boxes.len(), names(BUNDLED).len());
    for (index, (a, first)) in boxes.iter().enumerate() {
        for (b, second) in &boxes[index + 1..] {
            assert!(!overlap(first, second), "{a} and {b} overlap");
        }
    }
    let edges: Vec<roxmltree::Node<'_, '_>> = tree
        .descendants()
        .filter(|node| node.attribute("class") == Some("edge"))
        .collect();
    // 22 transitions, 4 escalations, 8 required paths.
    assert_eq!(edges.len(), 34);
    for edge in &edges {
        let from = edge.attribute("data-from").expect("data-from");
        let to = edge.attribute("data-to").expect("data-to");
        for child in ["title", "desc"] {
            assert!(
                edge.children().any(|node| node.has_tag_name(child)),
                "{from} -> {to}"
            );
        }
        let data = edge
            .children()
            .find(|node| node.has_tag_name("path"))
            .and_then(|path| path.attribute("d"))
            .expect("a path");
        for ((x1, y1), (x2, y2)) in path_segments(data) {
            let span = [x1.min(x2), y1.min(y2), (x1 - x2).abs(), (y1 - y2).abs()];
            for (id, bounds) in &boxes {
                // Touching a box's side is not running through it.
                let inside = if span[2] == 0.0 {
                    span[0] > bounds[0]
                        && span[0] < bounds[0] + bounds[2]
                        && span[1] < bounds[1] + bounds[3]
                        && bounds[1] < span[1] + span[3]
                } else {
                    overlap(&span, bounds)
                };
                assert!(!inside, "edge {from} -> {to} runs through {id}: {data}");
            }
        }
    }
    let ultrasound_to_ct = edges
        .iter()
        .find(|edge| {
            edge.attribute("data-from") == Some("ultrasound")
                && edge.attribute("data-to") == Some("ct-scan")
        })
        .expect("the transition is drawn");
    let label: String = ultrasound_to_ct
        .children()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        label,
        "if ultrasound not conclusive, or the extent of the hematoma not clear on ultrasound"
    );
}

#[test]
fn one_path_can_be_drawn_and_an_unknown_one_is_refused() {
    let output = graph(&["--path", "workup", BUNDLED_PATH]);
    assert_eq!(output.status.code(), Some(0));
    let output = graph(&["--path", "wrkup", BUNDLED_PATH]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: guidelines/iliopsoas-hematoma.json has no diagnosis path `wrkup`; did you mean `workup`? its paths are: workup\n"
    );
}

#[test]
fn a_document_that_is_not_a_guideline_is_not_drawn() {
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::write(folder.path().join("broken.json"), "{\"id\": ").expect("writes");
    let output = guidelint(folder.path(), &["graph", "broken.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.json:1:8: error[GL001] invalid-json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: cannot draw broken.json"),
        "{stderr}"
    );
}

#[test]
fn the_drawing_can_be_written_to_a_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("pathway.dot");
    let output = graph(&[
        "--format",
        "dot",
        "--output-file",
        target.to_str().expect("UTF-8 path"),
        BUNDLED_PATH,
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&target).expect("written");
    assert_eq!(written, stdout(&graph(&["--format", "dot", BUNDLED_PATH])));
}

/// Text outside Mermaid's double-quoted strings: the diagram's structure.
fn mermaid_structure(mermaid: &str) -> String {
    let mut structure = String::new();
    let mut quoted = false;
    for character in mermaid.chars() {
        if character == '"' {
            quoted = !quoted;
            structure.push('"');
        } else if !quoted {
            structure.push(character);
        }
    }
    structure
}

#[test]
fn hostile_names_cannot_change_a_mermaid_diagram() {
    let clean = graph_of(BUNDLED, "mermaid");
    let hostile = graph_of(&hostile_guideline(), "mermaid");
    // Same statements, same identifiers, same arrows: names only ever fill quoted labels.
    assert_eq!(mermaid_structure(&hostile), mermaid_structure(&clean));
    assert_eq!(hostile.lines().count(), clean.lines().count());
    for forbidden in ["<script", "%%", "&amp;", "\u{1}", "#1;"] {
        let inside = hostile
            .replace("<br/>", "")
            .replace("<small>", "")
            .replace("</small>", "");
        assert!(
            !inside.contains(forbidden),
            "`{forbidden}` reached the diagram:\n{hostile}"
        );
    }
}

#[test]
fn hostile_names_cannot_change_a_dot_graph() {
    let dot = graph_of(&hostile_guideline(), "dot");
    assert!(!dot.contains("<script"));
    if !tool_available("dot", "-V") {
        return;
    }
    let svg = run_dot(&dot);
    let clean = run_dot(&graph_of(BUNDLED, "dot"));
    let count = |svg: &str, class: &str| {
        parse_graphviz(svg)
            .descendants()
            .filter(|node| node.attribute("class") == Some(class))
            .count()
    };
    for class in ["node", "edge", "cluster"] {
        assert_eq!(count(&svg, class), count(&clean, class), "{class}");
    }
    let tree = parse_graphviz(&svg);
    assert!(!tree.descendants().any(|node| node.has_tag_name("script")));
    let texts: String = tree.descendants().filter_map(|node| node.text()).collect();
    assert!(
        texts.contains("<script>alert(\"x\")</script>"),
        "drawn as text"
    );
}

#[test]
fn hostile_names_cannot_change_an_svg_drawing() {
    let svg = graph_of(&hostile_guideline(), "svg");
    let clean = graph_of(BUNDLED, "svg");
    let tree = roxmltree::Document::parse(&svg).expect("SVG is XML");
    let clean_tree = roxmltree::Document::parse(&clean).expect("SVG is XML");
    assert!(!tree.descendants().any(|node| node.has_tag_name("script")));
    let elements = |tree: &roxmltree::Document<'_>, class: &str| {
        tree.descendants()
            .filter(|node| node.attribute("class") == Some(class))
            .count()
    };
    for class in ["node", "edge", "cluster"] {
        assert_eq!(
            elements(&tree, class),
            elements(&clean_tree, class),
            "{class}"
        );
    }
    let history = tree
        .descendants()
        .find(|node| node.attribute("data-id") == Some("history"))
        .expect("the step is drawn");
    let title = history
        .children()
        .find(|node| node.has_tag_name("title"))
        .and_then(|node| node.text())
        .expect("a title");
    // The name is shown as written, but for the control character, spelled out.
    let expected = format!("{} Patient history", HOSTILE.replace('\u{1}', "\\u0001"));
    assert_eq!(title, expected);
}

#[test]
fn graph_has_a_manual_page() {
    let output = guidelint(root(), &["man", "graph"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("guidelint\\-graph"));
    let output = guidelint(root(), &["man", "render"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("guidelint\\-render"));
}

#[test]
fn the_readme_shows_the_bundled_guideline_as_graph_draws_it() {
    let readme = include_str!("../../README.md");
    let block = crate::common::between(
        readme,
        "<!-- graph:start -->\n```mermaid\n",
        "```\n<!-- graph:end -->",
    );
    let drawn = stdout(&graph(&[BUNDLED_PATH]));
    assert_eq!(
        block, drawn,
        "README.md's Mermaid block is out of date; replace it with the output of `guidelint graph {BUNDLED_PATH}`"
    );
    // The screenshot the README shows is there, and small.
    let screenshot = root().join("docs/review-page.png");
    assert!(readme.contains("](docs/review-page.png)"));
    let png = std::fs::read(screenshot).expect("docs/review-page.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(png.len() < 300 * 1024, "{} bytes", png.len());
}

#[test]
fn every_fixture_is_drawn_or_refused_with_its_diagnostics() {
    let fixtures = root().join("tests/fixtures");
    let mut documents = Vec::new();
    let mut folders = vec![fixtures];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                documents.push(path);
            }
        }
    }
    documents.sort();
    assert!(documents.len() > 40, "{}", documents.len());
    let mut drawn = 0;
    for document in &documents {
        let path = document.to_str().expect("UTF-8 path");
        let output = graph(&["--format", "svg", path]);
        match output.status.code() {
            Some(0) => {
                roxmltree::Document::parse(&stdout(&output))
                    .unwrap_or_else(|error| panic!("{path}: {error}"));
                drawn += 1;
            }
            Some(1) => assert!(
                String::from_utf8_lossy(&output.stderr).contains("error: cannot draw"),
                "{path}"
            ),
            other => panic!("{path}: exit {other:?}"),
        }
        for format in ["mermaid", "dot"] {
            let code = graph(&["--format", format, path]).status.code();
            assert!(matches!(code, Some(0 | 1)), "{path} {format}: {code:?}");
        }
    }
    assert!(
        drawn > documents.len() / 2,
        "{drawn} of {}",
        documents.len()
    );
}

//! The shape of the code: data flows one way. Each top-level module of `src/` may use modules below
//! it and never one that uses it back, so the modules form no circle; and the core (`lib.rs`, the
//! stages and rules) never imports a reporter. Edges are read from the code itself: every
//! `crate::module` path outside comments, and, in `lib.rs`, every `module::` path naming one of
//! the crate's own modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate root's own items (`crate::Report`, `crate::CheckOptions`) are the node `lib`.
const ROOT_NODE: &str = "lib";

fn rust_files(folder: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/rules/dead_end.rs` -> `rules`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" => Some(ROOT_NODE.to_string()),
        // The binary: main.rs and its modules, which the library never sees.
        "main.rs" | "cli" => None,
        name => Some(name.trim_end_matches(".rs").to_string()),
    }
}

/// The code of a line without its comment, roughly: string literals holding `//` are rare in
/// paths we care about.
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    match line.find("//") {
        Some(index) => &line[..index],
        None => line,
    }
}

/// Every `crate::NAME` in `code`: a module when `NAME` is one, else an item of the root.
fn crate_references(code: &str, modules: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    let mut rest = code;
    while let Some(index) = rest.find("crate::") {
        let after = &rest[index + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|character| character.is_alphanumeric() || *character == '_')
            .collect();
        if modules.contains(&name) {
            out.insert(name);
        } else if name.chars().next().is_some_and(char::is_uppercase) || name.is_empty() {
            out.insert(ROOT_NODE.to_string());
        } else {
            // A function of the root, such as `crate::check_source`.
            out.insert(ROOT_NODE.to_string());
        }
        rest = after;
    }
}

/// In `lib.rs`, `module::item` paths name the crate's modules directly.
fn root_references(code: &str, modules: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    for module in modules {
        let pattern = format!("{module}::");
        let mut rest = code;
        while let Some(index) = rest.find(&pattern) {
            let before = rest[..index].chars().next_back();
            // Only a path's first segment: not `rules::find` inside `crate::rules::find` twice,
            // not `report::rules::...` counted as `rules`.
            if !before.is_some_and(|character| {
                character.is_alphanumeric() || character == '_' || character == ':'
            }) {
                out.insert(module.clone());
            }
            rest = &rest[index + pattern.len()..];
        }
    }
}

/// The import graph of `src/`: module -> the modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = crate::common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|file| module_of(&src, file))
        .filter(|module| module != ROOT_NODE)
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        let mut uses = BTreeSet::new();
        // Unit tests may reach anywhere; only the code that ships counts.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in shipped.lines() {
            let code = code_of(line);
            crate_references(code, &modules, &mut uses);
            if module == ROOT_NODE && !code.trim_start().starts_with("pub mod") {
                root_references(code, &modules, &mut uses);
            }
        }
        uses.remove(&module);
        graph.entry(module).or_default().extend(uses);
    }
    graph
}

/// A circle through `start`, if there is one: the modules in order.
fn circle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((module, route)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == start {
                let mut circle = route.clone();
                circle.push(start.to_string());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = route.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn the_modules_of_src_form_no_circle() {
    let graph = graph();
    assert!(graph.len() > 10, "the graph reads src/: {graph:?}");
    for module in graph.keys() {
        if let Some(circle) = circle_from(&graph, module) {
            panic!(
                "modules import each other in a circle: {}",
                circle.join(" -> ")
            );
        }
    }
}

/// The output layers: reporters, and the drawings and review pages of `render`, which read the
/// core's results (and, for `render`, the reporters' shared helpers) and are never read back.
const OUTPUTS: &[&str] = &["report", "render"];

#[test]
fn the_core_never_imports_a_reporter() {
    let graph = graph();
    for (module, uses) in &graph {
        if OUTPUTS.contains(&module.as_str()) {
            continue;
        }
        for output in OUTPUTS {
            assert!(
                !uses.contains(*output),
                "`{module}` imports `{output}`; outputs read the core's results, never the reverse"
            );
        }
    }
    assert!(
        !graph
            .get("report")
            .is_some_and(|uses| uses.contains("render")),
        "`report` imports `render`; the drawings sit after the reporters"
    );
}

#[test]
fn the_leaf_modules_import_nothing_of_guidelint() {
    let graph = graph();
    for leaf in ["rule", "text", "pointer", "hash"] {
        assert_eq!(
            graph.get(leaf).cloned().unwrap_or_default(),
            BTreeSet::new(),
            "`{leaf}` is a leaf"
        );
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // The checks above can fail: a made-up graph with a circle is caught.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph
        .entry("parse".into())
        .or_default()
        .insert("rules".into());
    graph
        .entry("rules".into())
        .or_default()
        .insert("model".into());
    graph
        .entry("model".into())
        .or_default()
        .insert("parse".into());
    assert_eq!(
        circle_from(&graph, "parse"),
        Some(vec![
            "parse".into(),
            "rules".into(),
            "model".into(),
            "parse".into()
        ])
    );
    let mut uses = BTreeSet::new();
    let modules: BTreeSet<String> = ["report".to_string(), "rules".to_string()].into();
    crate_references(
        code_of("let x = crate::report::human::CONTEXT_LINES; // crate::rules"),
        &modules,
        &mut uses,
    );
    assert_eq!(uses, BTreeSet::from(["report".to_string()]));
}

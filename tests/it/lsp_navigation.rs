//! `guidelint lsp` navigation: hover, go to definition, find references, rename and the document
//! outline, on valid documents and on text being typed.

use crate::common::lsp::{Client, position_at};
use serde_json::{Value, json};
use std::path::Path;

pub fn bundled() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("guidelines/iliopsoas-hematoma.json"),
    )
    .unwrap()
}

/// The UTF-16 position `shift` bytes into the `occurrence`-th (0-based) `needle` of `text`.
pub fn at(text: &str, needle: &str, occurrence: usize, shift: usize) -> (u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("`{needle}` #{occurrence} is in the text"))
        .0;
    position_at(text, offset + shift, "utf-16")
}

pub fn range_of(text: &str, needle: &str, occurrence: usize) -> Value {
    let (line, character) = at(text, needle, occurrence, 0);
    let (end_line, end_character) = at(text, needle, occurrence, needle.len());
    json!({"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}})
}

/// The range of the string `"ID"` in `"id": "ID"`.
pub fn id_range(text: &str, id: &str) -> Value {
    let definition = format!("\"id\": \"{id}\"");
    let offset = text.find(&definition).unwrap() + 6;
    let start = position_at(text, offset, "utf-16");
    let end = position_at(text, offset + id.len() + 2, "utf-16");
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// The ranges of the uses of `"ID"` that are not its definition, in order.
pub fn use_ranges(text: &str, id: &str) -> Vec<Value> {
    let quoted = format!("\"{id}\"");
    let definition = id_range(text, id);
    (0..text.matches(&quoted).count())
        .map(|index| range_of(text, &quoted, index))
        .filter(|range| *range != definition)
        .collect()
}

pub fn open(text: &str) -> (Client, &'static str) {
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:guideline.json";
    client.open(uri, text);
    client.diagnostics(uri, 1);
    (client, uri)
}

fn position(uri: &str, (line, character): (u32, u32)) -> Value {
    Client::at(uri, line, character)
}

#[test]
fn definition_of_a_transition_is_the_steps_id() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    // `"to": "ct-scan"` in the ultrasound step's `next`.
    let reference = at(&text, "\"to\": \"ct-scan\"", 0, 9);
    let found = client
        .request("textDocument/definition", position(uri, reference))
        .unwrap();
    assert_eq!(
        found,
        json!([{"uri": uri, "range": id_range(&text, "ct-scan")}])
    );
    // From a `requires` to the diagnosis path.
    let requires = at(&text, "\"workup\"", 1, 2);
    let found = client
        .request("textDocument/definition", position(uri, requires))
        .unwrap();
    assert_eq!(found[0]["range"], range_of(&text, "\"workup\"", 0));
    // Nothing on a key or a name.
    let key = at(&text, "\"modality\"", 0, 2);
    let found = client
        .request("textDocument/definition", position(uri, key))
        .unwrap();
    assert_eq!(found, Value::Null);
    client.shutdown();
}

#[test]
fn references_list_every_use_of_an_id() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    let definition = at(&text, "\"id\": \"ct-scan\"", 0, 9);
    let mut params = position(uri, definition);
    params["context"] = json!({"includeDeclaration": false});
    let found = client
        .request("textDocument/references", params.clone())
        .unwrap();
    let uses = use_ranges(&text, "ct-scan");
    assert!(!uses.is_empty());
    let ranges: Vec<&Value> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["range"])
        .collect();
    assert_eq!(ranges, uses.iter().collect::<Vec<_>>());
    params["context"] = json!({"includeDeclaration": true});
    let with_declaration = client.request("textDocument/references", params).unwrap();
    assert_eq!(with_declaration[0]["range"], id_range(&text, "ct-scan"));
    assert_eq!(with_declaration.as_array().unwrap().len(), uses.len() + 1);
    client.shutdown();
}

#[test]
fn hover_says_what_a_reference_names_and_what_a_key_means() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    let reference = at(&text, "\"to\": \"ct-scan\"", 0, 9);
    let hover = client
        .request("textDocument/hover", position(uri, reference))
        .unwrap();
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.starts_with(
            "**step** `ct-scan`: Contrast-enhanced CT with an arterial phase (CT angiography)"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("In diagnosis path `workup`"),
        "{markdown}"
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(hover["range"], range_of(&text, "\"ct-scan\"", 0));
    let key = at(&text, "\"modality\"", 0, 3);
    let hover = client
        .request("textDocument/hover", position(uri, key))
        .unwrap();
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.starts_with("**`modality`**\n\nThe imaging technique"),
        "{markdown}"
    );
    let evidence = at(&text, "\"icliniq-iliopsoas-hematoma-2023\"", 1, 3);
    let hover = client
        .request("textDocument/hover", position(uri, evidence))
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**source** `icliniq-iliopsoas-hematoma-2023`"),
        "{hover}"
    );
    client.shutdown();
}

#[test]
fn hover_on_a_diagnostic_shows_the_rules_documentation() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dead-end/fail.json"),
    )
    .unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:dead-end.json";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, 1);
    let start = &diagnostics[0]["range"]["start"];
    let hover = client
        .request(
            "textDocument/hover",
            Client::at(
                uri,
                start["line"].as_u64().unwrap() as u32,
                start["character"].as_u64().unwrap() as u32 + 1,
            ),
        )
        .unwrap();
    let markdown = hover["contents"]["value"].as_str().unwrap();
    let documentation = guidelint::rules::find("dead-end").unwrap().documentation();
    assert!(
        markdown.contains("**GL203 `dead-end`** (warning)"),
        "{markdown}"
    );
    assert!(markdown.contains(&documentation), "{markdown}");
    client.shutdown();
}

#[test]
fn rename_changes_the_definition_and_every_reference() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    let reference = at(&text, "\"to\": \"ct-scan\"", 0, 9);
    let prepared = client
        .request("textDocument/prepareRename", position(uri, reference))
        .unwrap();
    assert_eq!(prepared["placeholder"], "ct-scan");
    let (line, character) = at(&text, "\"ct-scan\"", 0, 1);
    assert_eq!(
        prepared["range"]["start"],
        json!({"line": line, "character": character})
    );
    assert_eq!(
        prepared["range"]["end"],
        json!({"line": line, "character": character + 7})
    );
    let mut params = position(uri, reference);
    params["newName"] = json!("computed-tomography");
    let edit = client.request("textDocument/rename", params).unwrap();
    let edits = edit["changes"][uri].as_array().unwrap();
    assert_eq!(edits.len(), text.matches("\"ct-scan\"").count());
    let renamed = apply(&text, edits);
    assert_eq!(
        renamed,
        text.replace("\"ct-scan\"", "\"computed-tomography\"")
    );
    // The renamed document is as clean as before.
    let options = guidelint::CheckOptions::on("2026-12-01".parse().unwrap());
    assert!(
        guidelint::check_bytes("r.json", renamed.as_bytes(), &options)
            .diagnostics
            .is_empty()
    );
    client.shutdown();
}

#[test]
fn rename_refuses_what_is_not_an_id_and_names_that_are_invalid_or_taken() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    let key = at(&text, "\"modality\"", 0, 3);
    let refused = client
        .request("textDocument/prepareRename", position(uri, key))
        .unwrap_err();
    assert!(
        refused.message.contains("only an id can be renamed"),
        "{}",
        refused.message
    );
    let name = at(&text, "\"Ultrasound\"", 0, 3);
    assert!(
        client
            .request("textDocument/prepareRename", position(uri, name))
            .is_err()
    );
    let definition = at(&text, "\"id\": \"ct-scan\"", 0, 9);
    for (new_name, expected) in [
        ("CT scan", "is not a valid id"),
        ("1ct", "is not a valid id"),
        ("mri", "is already the id of step `mri` of path `workup`"),
        ("workup", "is already the id of diagnosis path `workup`"),
        (
            "iliopsoas-hematoma",
            "is already the id of the guideline itself",
        ),
    ] {
        let mut params = position(uri, definition);
        params["newName"] = json!(new_name);
        let refused = client.request("textDocument/rename", params).unwrap_err();
        assert!(
            refused.message.contains(expected),
            "{new_name}: {}",
            refused.message
        );
    }
    client.shutdown();
}

#[test]
fn symbols_outline_paths_with_their_steps_and_the_other_definitions() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    let symbols = symbols.as_array().unwrap();
    let workup = symbols.iter().find(|s| s["name"] == "workup").unwrap();
    assert_eq!(
        workup["detail"],
        "Diagnostic workup for suspected iliopsoas hematoma"
    );
    assert_eq!(workup["kind"], 3, "namespace");
    let steps: Vec<&str> = workup["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "initial-assessment",
            "history",
            "physical-examination",
            "neurovascular-examination",
            "laboratory-tests",
            "ultrasound",
            "ct-scan",
            "mri",
            "clinical-reassessment",
            "serial-laboratory-tests",
            "follow-up-imaging",
            "angiography",
            "specialist-consultation"
        ]
    );
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for expected in [
        "blunt-trauma",
        "groin-hip-pain",
        "icliniq-iliopsoas-hematoma-2023",
        "conservative-management",
        "surgical-intervention",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert_eq!(
        workup["children"][6]["selectionRange"],
        id_range(&text, "ct-scan")
    );
    client.shutdown();
}

#[test]
fn navigation_keeps_working_while_the_text_is_broken() {
    let text = bundled();
    let (mut client, uri) = open(&text);
    // The author is typing a new transition: an unterminated string, and the document's last
    // brace deleted.
    // After the angiography's only transition, `"next": ["specialist-consultation"]`.
    let (line, end_of_line) = at(&text, "\"next\": [\"specialist-consultation\"]", 0, 9 + 25);
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": line, "character": end_of_line}, "end": {"line": line, "character": end_of_line}},
                "text": ", \"mr"}]),
    );
    let character = end_of_line + 2;
    let end = position_at(&text, text.trim_end().len() - 1, "utf-16");
    client.change(
        uri,
        3,
        json!([{"range": {"start": {"line": end.0, "character": end.1}, "end": {"line": end.0, "character": end.1 + 1}}, "text": ""}]),
    );
    let broken = client.diagnostics(uri, 3);
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0]["code"], "GL001");
    let reference = at(&text, "\"to\": \"ct-scan\"", 0, 9);
    let found = client
        .request("textDocument/definition", position(uri, reference))
        .unwrap();
    assert_eq!(found[0]["range"], id_range(&text, "ct-scan"));
    let hover = client
        .request("textDocument/hover", position(uri, reference))
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("`ct-scan`")
    );
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    assert!(
        symbols
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "surgical-intervention")
    );
    // Completion inside the unterminated string offers the path's steps.
    let completion = client
        .request(
            "textDocument/completion",
            Client::at(uri, line, character + 3),
        )
        .unwrap();
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"mri"), "{labels:?}");
    let mri = completion
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "mri")
        .unwrap();
    assert_eq!(mri["textEdit"]["newText"], "\"mri\"");
    assert_eq!(
        mri["textEdit"]["range"],
        json!({"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 3}})
    );
    client.shutdown();
}

/// `text` with LSP text edits (UTF-16 positions) applied, as a client applies them.
pub fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, c) in text[line_start..].char_indices() {
            if units >= character {
                return line_start + index;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut ordered: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    ordered.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut result = text.to_string();
    for (start, end, replacement) in ordered {
        result.replace_range(start..end, replacement);
    }
    result
}

//! Properties of `guidelint lsp` under random editing: whatever sequence of incremental edits a client
//! sends (in any position encoding, through any broken state of the text), the server never fails,
//! and its diagnostics for the last version, pushed and pulled, are exactly `guidelint check`'s on
//! the resulting text; navigation requests on the broken text are answered.

use crate::common::lsp::{Client, position_at};
use crate::lsp_diagnostics::{NON_ASCII, expected, published};
use proptest::prelude::*;
use serde_json::json;

const BASES: [&str; 3] = [
    NON_ASCII,
    include_str!("../fixtures/dead-end/fail.json"),
    include_str!("../../guidelines/iliopsoas-hematoma.json"),
];

/// Text an author types or pastes: JSON punctuation, ids, keys, quotes, escapes, line breaks and
/// characters of 1 to 4 UTF-8 bytes (1 or 2 UTF-16 units).
fn typed() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\\",
        "\\u00e9",
        "\n",
        "  ",
        "\t",
        "id",
        "\"next\": [",
        "\"ct-scan\"",
        "\"kind\": \"imaging\"",
        "é",
        "腰",
        "🩸",
        "😣",
        "true",
        "null",
        "-1.5e3",
        "x",
        "\"finding\": \"",
        "\"allow\": [{\"rule\": \"dead-end\"}]",
    ]);
    prop::collection::vec(pieces, 0..6).prop_map(|pieces| pieces.concat())
}

/// One edit: where (as fractions of the text, so they always land inside it), how much to
/// replace, and with what.
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    (0.0..=1.0f64, 0usize..40, typed())
}

/// The character boundary at or before `fraction` of `text`.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut offset = ((text.len() as f64) * fraction) as usize;
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn position(text: &str, offset: usize, encoding: &str) -> serde_json::Value {
    let (line, character) = position_at(text, offset, encoding);
    json!({"line": line, "character": character})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn diagnostics_after_any_edits_are_checks(
        base in 0usize..BASES.len(),
        encoding in prop::sample::select(vec!["utf-8", "utf-16", "utf-32"]),
        edits in prop::collection::vec(edit(), 1..16),
        probe in 0.0..=1.0f64,
    ) {
        let mut client = Client::with_encodings(&[encoding]);
        let uri = "untitled:random.json";
        let mut text = BASES[base].to_string();
        client.open(uri, &text);
        let mut version = 1;
        for (at, length, replacement) in &edits {
            let start = boundary(&text, *at);
            let mut end = (start + length).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let range = json!({"start": position(&text, start, encoding), "end": position(&text, end, encoding)});
            text.replace_range(start..end, replacement);
            version += 1;
            client.change(uri, version, json!([{"range": range, "text": replacement}]));
        }
        // Navigation on whatever the text has become is answered, never an error.
        let probe = position(&text, boundary(&text, probe), encoding);
        let (line, character) = (probe["line"].as_u64().unwrap() as u32, probe["character"].as_u64().unwrap() as u32);
        for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
            client.request(method, Client::at(uri, line, character)).unwrap();
        }
        client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).unwrap();
        // What the server holds for the last version (answered synchronously, whatever the check
        // thread is doing): exactly `check`'s, unless the text no longer declares itself a guideline.
        let pulled = client
            .request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}))
            .unwrap();
        let pulled = pulled["items"].as_array().unwrap().clone();
        let wanted = expected(&text, encoding, Default::default());
        let declares = serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|value| value["format"] == "guidelint/1");
        if declares || !pulled.is_empty() {
            prop_assert_eq!(published(&pulled), wanted.clone());
            // And the same was pushed, for the last version.
            let pushed = client.diagnostics(uri, version);
            prop_assert_eq!(published(&pushed), wanted);
        }
        client.shutdown();
    }
}

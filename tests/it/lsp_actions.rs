//! `guidelint lsp` code actions: "suppress this rule here", as one insertion that keeps the rest
//! of the document byte for byte, after which `check` no longer reports the diagnostic.

use crate::common::lsp::Client;
use crate::lsp_navigation::apply;
use serde_json::{Value, json};
use std::path::Path;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn check(text: &str) -> Vec<(&'static str, String)> {
    let options = guidelint::CheckOptions::on("2026-12-01".parse().unwrap());
    guidelint::check_bytes("a.json", text.as_bytes(), &options)
        .diagnostics
        .into_iter()
        .map(|d| (d.rule.code, d.pointer.to_string()))
        .collect()
}

/// The code actions for the first diagnostic with `code`.
fn actions_for(text: &str, code: &str) -> (Vec<Value>, Client) {
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:actions.json";
    client.open(uri, text);
    let diagnostics = client.diagnostics(uri, 1);
    let diagnostic = diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {diagnostics:?}"))
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic]}}),
        )
        .unwrap();
    (actions.as_array().unwrap().clone(), client)
}

/// The "suppress this rule here" actions, without the rule's own fix.
fn suppressions(actions: &[Value]) -> Vec<Value> {
    actions
        .iter()
        .filter(|action| action["title"].as_str().unwrap().starts_with("Suppress "))
        .cloned()
        .collect()
}

fn edited(text: &str, action: &Value) -> String {
    apply(
        text,
        action["edit"]["changes"]["untitled:actions.json"]
            .as_array()
            .unwrap(),
    )
}

/// Whether `after` is `before` with one insertion.
fn is_one_insertion(before: &str, after: &str) -> bool {
    let common_prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let inserted = after.len() - before.len();
    after[..common_prefix] == before[..common_prefix]
        && after[common_prefix + inserted..] == before[common_prefix..]
}

#[test]
fn a_steps_diagnostic_can_be_suppressed_on_the_step_or_for_the_document() {
    let text = fixture("tests/fixtures/dead-end/fail.json");
    let (all, client) = actions_for(&text, "GL203");
    let titles: Vec<&str> = all.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Mark step `urology-consultation` as terminal",
            "Suppress `dead-end` (GL203) for step `urology-consultation` of path `colic-workup`",
            "Suppress `dead-end` (GL203) in the whole document"
        ]
    );
    // The rule's own fix comes first; it is unsafe (`check --unsafe-fixes`), so not preferred.
    assert_eq!(all[0]["isPreferred"], false);
    let actions = suppressions(&all);
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "GL203");
    for action in &actions {
        let after = edited(&text, action);
        assert!(is_one_insertion(&text, &after), "{after}");
        let remaining = check(&after);
        assert!(
            remaining.iter().all(|(code, _)| *code != "GL203"),
            "{remaining:?}"
        );
        // The reason placeholder is reported until the author writes the reason.
        assert!(
            remaining.iter().any(|(code, _)| *code == "GL504"),
            "{remaining:?}"
        );
        assert!(after.contains(
            "{\"rule\": \"dead-end\", \"reason\": \"TODO: say why this rule does not apply here\"}"
        ));
    }
    // The step's own suppression sits in the step.
    let step_suppressed = edited(&text, &actions[0]);
    assert!(
        step_suppressed.contains(
            "\"specialties\": [\"urology\"],\n            \"allow\": [{\"rule\": \"dead-end\""
        ),
        "{step_suppressed}"
    );
    client.shutdown();
}

#[test]
fn a_new_lint_section_follows_the_documents_layout() {
    let text = fixture("tests/fixtures/dead-end/fail.json");
    let (actions, client) = actions_for(&text, "GL203");
    let after = edited(&text, &suppressions(&actions)[1]);
    // The last member of the document gains a comma; `lint` follows on its own line, indented like
    // the other top-level members.
    assert!(
        after.trim_end().ends_with(
            "],\n  \"lint\": {\"allow\": [{\"rule\": \"dead-end\", \"reason\": \"TODO: say why this rule does not apply here\"}]}\n}"
        ),
        "{after}"
    );
    client.shutdown();
}

#[test]
fn an_existing_allow_list_gets_one_more_entry() {
    let text = fixture("tests/fixtures/dead-end/fail.json").replacen(
        "\"specialties\": [\"urology\"]",
        "\"specialties\": [\"urology\"], \"allow\": [{\"rule\": \"placeholder-text\", \"reason\": \"quoted\"}]",
        1,
    );
    let (actions, client) = actions_for(&text, "GL203");
    let after = edited(&text, &suppressions(&actions)[0]);
    assert!(after.contains(
        "\"allow\": [{\"rule\": \"placeholder-text\", \"reason\": \"quoted\"}, {\"rule\": \"dead-end\", \"reason\": \"TODO: say why this rule does not apply here\"}]"
    ), "{after}");
    assert!(check(&after).iter().all(|(code, _)| *code != "GL203"));
    client.shutdown();
}

#[test]
fn a_treatments_diagnostic_is_suppressed_on_the_treatment() {
    let text = fixture("tests/fixtures/treatment-without-evidence/fail-missing.json");
    let (actions, client) = actions_for(&text, "GL407");
    assert!(
        actions[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Suppress `treatment-without-evidence` (GL407) for treatment `"),
        "{actions:?}"
    );
    let after = edited(&text, &actions[0]);
    assert!(is_one_insertion(&text, &after));
    let before: Vec<_> = check(&text)
        .into_iter()
        .filter(|(code, _)| *code == "GL407")
        .collect();
    let remaining: Vec<_> = check(&after)
        .into_iter()
        .filter(|(code, _)| *code == "GL407")
        .collect();
    assert_eq!(remaining.len(), before.len() - 1);
    client.shutdown();
}

#[test]
fn parse_and_schema_problems_cannot_be_suppressed() {
    let text = fixture("tests/fixtures/dead-end/fail.json").replacen(
        "\"kind\": \"history\"",
        "\"kind\": \"histroy\"",
        1,
    );
    let (actions, client) = actions_for(&text, "GL002");
    assert_eq!(suppressions(&actions), Vec::<Value>::new());
    // What is offered is the fix of `check --unsafe-fixes`: a guess, not preferred.
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Replace `histroy` with `history`"]);
    assert_eq!(actions[0]["isPreferred"], false);
    client.shutdown();
}

#[test]
fn versioned_edits_for_clients_that_take_them() {
    let text = fixture("tests/fixtures/dead-end/fail.json");
    let mut client = Client::start(
        guidelint::lsp::ServerOptions {
            today: Some("2026-12-01".parse().unwrap()),
            ..Default::default()
        },
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
    );
    let uri = "untitled:versioned.json";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, 1);
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostics[0]["range"], "context": {"diagnostics": []}}),
        )
        .unwrap();
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({"uri": uri, "version": 1}));
    assert_eq!(change["edits"].as_array().unwrap().len(), 1);
    client.shutdown();
}

#[test]
fn requests_for_other_kinds_of_action_get_none() {
    let text = fixture("tests/fixtures/dead-end/fail.json");
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:only.json";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, 1);
    let request = |only: Value| {
        json!({"textDocument": {"uri": uri}, "range": diagnostics[0]["range"],
               "context": {"diagnostics": [], "only": only}})
    };
    let none = client
        .request("textDocument/codeAction", request(json!(["source.fixAll"])))
        .unwrap();
    assert_eq!(none, json!([]));
    let quick = client
        .request("textDocument/codeAction", request(json!(["quickfix"])))
        .unwrap();
    // The rule's fix and the two suppressions.
    assert_eq!(quick.as_array().unwrap().len(), 3);
    client.shutdown();
}

#[test]
fn fix_all_applies_every_safe_fix_as_check_fix_does() {
    let text = fixture("tests/fixtures/imaging-sequence/fix-order.json");
    let expected = fixture("tests/fixtures/imaging-sequence/fix-order.fixed.json");
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:actions.json";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "GL301"),
        "{diagnostics:?}"
    );
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .unwrap();
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll");
    let title = actions[0]["title"].as_str().unwrap();
    let count = title
        .strip_prefix("Fix all safe guidelint problems (")
        .and_then(|rest| rest.split_once(' '))
        .and_then(|(count, _)| count.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("{title}"));
    let noun = if count == 1 { "fix" } else { "fixes" };
    assert!(title.ends_with(&format!("({count} {noun})")), "{title}");
    // The same text `check --fix` writes.
    assert_eq!(edited(&text, &actions[0]), expected);
    client.shutdown();
}

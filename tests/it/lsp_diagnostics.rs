//! `guidelint lsp` diagnostics: the same as `guidelint check` for the same text, at exact positions in
//! every position encoding, published per version, for guidelines only, with the configuration
//! `check` would use.

use crate::common::lsp::{Client, file_uri, position_at};
use guidelint::lsp::ServerOptions;
use serde_json::{Value, json};
use std::path::Path;

const TODAY: &str = "2026-12-01";

/// What `guidelint check` reports for `text`, as the LSP diagnostics the server must publish:
/// `(code, severity, message with help, start, end, related)` with positions in `encoding`.
pub fn expected(text: &str, encoding: &str, config: guidelint::config::Config) -> Vec<Value> {
    let options = guidelint::CheckOptions {
        config,
        ..guidelint::CheckOptions::on(TODAY.parse().unwrap())
    };
    let report = guidelint::check_bytes("doc.json", text.as_bytes(), &options);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let position = |offset: usize| {
        let (line, character) = position_at(text, offset + bom, encoding);
        json!({"line": line, "character": character})
    };
    report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let message = match &diagnostic.help {
                Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
                None => diagnostic.message.clone(),
            };
            let related: Vec<Value> = diagnostic
                .secondary
                .iter()
                .map(|label| {
                    json!({
                        "message": label.message,
                        "start": position(label.span.start),
                        "end": position(label.span.end),
                    })
                })
                .collect();
            json!({
                "code": diagnostic.rule.code,
                "severity": if diagnostic.severity == guidelint::diagnostic::Severity::Error { 1 } else { 2 },
                "message": message,
                "start": position(diagnostic.primary.span.start),
                "end": position(diagnostic.primary.span.end),
                "related": related,
            })
        })
        .collect()
}

/// The published diagnostics in the shape of [`expected`].
pub fn published(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let related: Vec<Value> = diagnostic["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|related| {
                    json!({
                        "message": related["message"],
                        "start": related["location"]["range"]["start"],
                        "end": related["location"]["range"]["end"],
                    })
                })
                .collect();
            assert_eq!(diagnostic["source"], "guidelint");
            json!({
                "code": diagnostic["code"],
                "severity": diagnostic["severity"],
                "message": diagnostic["message"],
                "start": diagnostic["range"]["start"],
                "end": diagnostic["range"]["end"],
                "related": related,
            })
        })
        .collect()
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn every_fixture_gets_the_diagnostics_of_check_in_every_encoding() {
    let fixtures = [
        "tests/fixtures/dead-end/fail.json",
        "tests/fixtures/imaging-sequence/fail-order.json",
        "tests/fixtures/unknown-reference/fail.json",
        "tests/fixtures/duplicate-id/fail.json",
        "guidelines/iliopsoas-hematoma.json",
    ];
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let mut client = Client::with_encodings(&[encoding]);
        assert_eq!(
            client.initialized["capabilities"]["positionEncoding"],
            encoding
        );
        for (index, path) in fixtures.iter().enumerate() {
            let text = fixture(path);
            let uri = format!("untitled:fixture-{index}");
            client.open(&uri, &text);
            let diagnostics = client.diagnostics(&uri, 1);
            let expected = expected(&text, encoding, Default::default());
            assert!(
                !expected.is_empty() || path.starts_with("guidelines"),
                "{path} has diagnostics"
            );
            assert_eq!(published(&diagnostics), expected, "{path} in {encoding}");
        }
        assert_eq!(client.shutdown().code(), 0);
    }
}

/// A guideline whose diagnostics sit after accents, CJK and emoji on their lines.
pub const NON_ASCII: &str = r#"{
  "format": "guidelint/1", "id": "hematome", "title": "Hématome du psoas 腰大肌血肿 🩸",
  "version": "1.0.0", "status": "draft",
  "condition": {"name": "Hématome 🩸"},
  "provenance": {"authors": ["Équipe 臨床"], "published": "2026-01-01", "sources": [{"id": "s", "title": "Überblick"}]},
  "findings": [{"id": "douleur", "kind": "symptom", "name": "Douleur à l'aine 痛み 😣"}],
  "diagnosis": {"paths": [{"id": "bilan", "name": "Bilan 🩻", "entry": "examen", "steps": [
    {"id": "examen", "kind": "examination", "name": "Examen clinique 🩺", "elicits": ["douleur"], "next": ["echographie"]}
  ]}]},
  "treatments": [{"id": "repos", "name": "Repos 🛌", "category": "conservative", "requires": ["bilan"], "actions": [{"name": "Repos"}], "evidence": ["s"]}]
}"#;

#[test]
fn positions_after_accents_cjk_and_emoji_are_exact_in_each_encoding() {
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let mut client = Client::with_encodings(&[encoding]);
        client.open("untitled:non-ascii", NON_ASCII);
        let diagnostics = client.diagnostics("untitled:non-ascii", 1);
        let codes: Vec<&Value> = diagnostics.iter().map(|d| &d["code"]).collect();
        assert!(codes.contains(&&json!("GL102")), "{codes:?}");
        assert_eq!(
            published(&diagnostics),
            expected(NON_ASCII, encoding, Default::default()),
            "{encoding}"
        );
        // The unknown reference `echographie`, after a stethoscope emoji on its line, stated independently of the server.
        let unknown = diagnostics.iter().find(|d| d["code"] == "GL102").unwrap();
        let (line, character) =
            crate::common::lsp::position_of(NON_ASCII, "\"echographie\"", encoding);
        assert_eq!(
            unknown["range"]["start"],
            json!({"line": line, "character": character})
        );
        let width = "\"echographie\"".len() as u32;
        assert_eq!(
            unknown["range"]["end"],
            json!({"line": line, "character": character + width})
        );
        client.shutdown();
    }
}

#[test]
fn edits_are_applied_incrementally_and_published_with_their_version() {
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:edited";
    client.open(uri, NON_ASCII);
    client.diagnostics(uri, 1);
    // Replace `echographie` with `examen` in the `next` list: the unknown reference is gone.
    let (line, character) = crate::common::lsp::position_of(NON_ASCII, "echographie", "utf-16");
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": line, "character": character},
                          "end": {"line": line, "character": character + 11}},
                "text": "examen"}]),
    );
    let text = NON_ASCII.replacen("echographie", "examen", 1);
    let diagnostics = client.diagnostics(uri, 2);
    assert_eq!(
        published(&diagnostics),
        expected(&text, "utf-16", Default::default())
    );
    assert!(diagnostics.iter().all(|d| d["code"] != "GL102"));
    // A whole-text replacement, then two edits in one notification.
    client.change(uri, 3, json!([{"text": "{\"format\": \"guidelint/1\""}]));
    let broken = client.diagnostics(uri, 3);
    assert_eq!(broken[0]["code"], "GL001");
    client.change(
        uri,
        4,
        json!([
            {"range": {"start": {"line": 0, "character": 24}, "end": {"line": 0, "character": 24}}, "text": "}"},
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": " "}
        ]),
    );
    let text = " {\"format\": \"guidelint/1\"}";
    assert_eq!(
        published(&client.diagnostics(uri, 4)),
        expected(text, "utf-16", Default::default())
    );
    client.shutdown();
}

#[test]
fn a_burst_of_edits_never_publishes_an_older_version_after_a_newer_one() {
    let mut client = Client::with_encodings(&["utf-8"]);
    let uri = "untitled:burst";
    let text = fixture("guidelines/iliopsoas-hematoma.json");
    client.open(uri, &text);
    for version in 2..=60 {
        // Type a space at the start, one version at a time.
        client.change(
            uri,
            version,
            json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": " "}]),
        );
    }
    client.diagnostics(uri, 60);
    let versions: Vec<i64> = client
        .buffered_publications(uri)
        .iter()
        .filter_map(|published| published["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|pair| pair[0] < pair[1]),
        "{versions:?}"
    );
    assert!(
        versions.iter().all(|version| *version <= 60),
        "{versions:?}"
    );
    client.shutdown();
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = "untitled:closed";
    client.open(uri, NON_ASCII);
    assert!(!client.diagnostics(uri, 1).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |params| {
        params["uri"] == uri && params["version"].is_null()
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn only_documents_that_declare_themselves_guidelines_are_diagnosed_without_configuration() {
    let folder = tempfile::tempdir().unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let package = file_uri(&folder.path().join("package.json"));
    client.open(
        &package,
        r#"{"name": "x", "version": "1.0.0", "scripts": {}}"#,
    );
    let guideline = file_uri(&folder.path().join("draft.json"));
    client.open(
        &guideline,
        r#"{"$schema": "../schemas/guideline.schema.json"}"#,
    );
    let diagnostics = client.diagnostics(&guideline, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "GL002"),
        "{diagnostics:?}"
    );
    // The package gets nothing at all, and no navigation either.
    assert!(client.buffered_publications(&package).is_empty());
    let hover = client
        .request("textDocument/hover", Client::at(&package, 0, 3))
        .unwrap();
    assert_eq!(hover, Value::Null);
    // Once it declares itself a guideline, it is diagnosed.
    client.change(
        &package,
        2,
        json!([{"text": "{\"format\": \"guidelint/1\"}"}]),
    );
    assert!(!client.diagnostics(&package, 2).is_empty());
    // And when it stops, its diagnostics are cleared.
    client.change(&package, 3, json!([{"text": "{\"name\": \"x\"}"}]));
    assert_eq!(client.diagnostics(&package, 3), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn the_nearest_configuration_selects_documents_and_sets_severities() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    std::fs::create_dir_all(root.join("guidelines/drafts")).unwrap();
    std::fs::write(
        root.join("guidelint.toml"),
        "[rules]\nunknown-reference = \"warning\"\n\n[files]\ninclude = [\"guidelines/**/*.json\"]\nexclude = [\"guidelines/drafts/**\"]\n",
    )
    .unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let selected = file_uri(&root.join("guidelines/hématome.json"));
    client.open(&selected, NON_ASCII);
    let config = guidelint::config::load(&root.join("guidelint.toml")).unwrap();
    let diagnostics = client.diagnostics(&selected, 1);
    assert_eq!(
        published(&diagnostics),
        expected(NON_ASCII, "utf-16", config)
    );
    let unknown = diagnostics.iter().find(|d| d["code"] == "GL102").unwrap();
    assert_eq!(
        unknown["severity"], 2,
        "downgraded to a warning by guidelint.toml"
    );
    // A draft the configuration excludes gets nothing, though it declares itself a guideline.
    let draft = file_uri(&root.join("guidelines/drafts/wip.json"));
    client.open(&draft, NON_ASCII);
    assert!(client.buffered_publications(&draft).is_empty());
    client.shutdown();
}

#[test]
fn a_changed_configuration_is_reloaded_and_open_documents_checked_again() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let toml = root.join("guidelint.toml");
    std::fs::write(&toml, "[rules]\n").unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = file_uri(&root.join("a.json"));
    client.open(&uri, NON_ASCII);
    let before = client.diagnostics(&uri, 1);
    assert!(before.iter().any(|d| d["code"] == "GL102"));
    std::fs::write(&toml, "[rules]\nGL102 = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    let after = client.diagnostics(&uri, 1);
    assert!(after.iter().all(|d| d["code"] != "GL102"), "{after:?}");
    assert_eq!(after.len(), before.len() - 1);
    client.shutdown();
}

#[test]
fn a_broken_configuration_is_a_diagnostic_on_guidelint_toml() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let toml = root.join("guidelint.toml");
    std::fs::write(&toml, "[rules]\n# noisy\ndead-edn = \"off\"\n").unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = file_uri(&root.join("a.json"));
    client.open(&uri, NON_ASCII);
    let toml_uri = file_uri(&toml);
    let problem = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == toml_uri.as_str()
    });
    let diagnostic = &problem["diagnostics"][0];
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    assert_eq!(
        diagnostic["range"]["end"],
        json!({"line": 2, "character": 16})
    );
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown rule `dead-edn`; did you mean `dead-end`?"),
        "{diagnostic}"
    );
    // The document is still checked, with the default settings.
    assert_eq!(
        published(&client.diagnostics(&uri, 1)),
        expected(NON_ASCII, "utf-16", Default::default())
    );
    // Fixed on disk: the problem is cleared.
    std::fs::write(&toml, "[rules]\ndead-end = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == toml_uri.as_str()
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn today_and_config_options_work_as_in_check() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("elsewhere.toml");
    std::fs::write(&config, "[rules]\nreview-overdue = \"error\"\n").unwrap();
    let text = fixture("tests/fixtures/review-overdue/fail.json");
    let mut client = Client::start(
        ServerOptions {
            today: Some("2031-01-01".parse().unwrap()),
            config: Some(config.clone()),
            ..ServerOptions::default()
        },
        json!({}),
    );
    client.open("untitled:overdue", &text);
    let diagnostics = client.diagnostics("untitled:overdue", 1);
    let overdue = diagnostics
        .iter()
        .find(|d| d["code"] == "GL501")
        .expect("review-overdue");
    assert_eq!(overdue["severity"], 1);
    let options = guidelint::CheckOptions {
        config: guidelint::config::load(&config).unwrap(),
        ..guidelint::CheckOptions::on("2031-01-01".parse().unwrap())
    };
    let report = guidelint::check_bytes("x.json", text.as_bytes(), &options);
    assert_eq!(diagnostics.len(), report.diagnostics.len());
    client.shutdown();
}

#[test]
fn pull_diagnostics_answer_when_the_client_offers_them() {
    let mut client = Client::start(
        ServerOptions {
            today: Some(TODAY.parse().unwrap()),
            ..ServerOptions::default()
        },
        json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
    );
    assert_eq!(
        client.initialized["capabilities"]["diagnosticProvider"]["identifier"],
        "guidelint"
    );
    let uri = "untitled:pulled";
    client.open(uri, NON_ASCII);
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap().clone();
    assert_eq!(
        published(&items),
        expected(NON_ASCII, "utf-16", Default::default())
    );
    // Pulled, not also pushed: a client would show them twice.
    assert!(client.buffered_publications(uri).is_empty());
    client.shutdown();
}

#[test]
fn a_byte_order_mark_shifts_nothing() {
    let text = format!("\u{feff}{NON_ASCII}");
    let mut client = Client::with_encodings(&["utf-16"]);
    client.open("untitled:bom", &text);
    let diagnostics = client.diagnostics("untitled:bom", 1);
    assert_eq!(
        published(&diagnostics),
        expected(&text, "utf-16", Default::default())
    );
    client.shutdown();
}

#[test]
fn an_open_guidelint_toml_is_diagnosed_as_it_is_typed() {
    let folder = tempfile::tempdir().unwrap();
    let toml = folder.path().join("guidelint.toml");
    std::fs::write(&toml, "[rules]\n").unwrap();
    let mut client = Client::with_encodings(&["utf-16"]);
    let uri = file_uri(&toml);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": "[rules]\n"}}),
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    client.change(
        &uri,
        2,
        json!([{"text": "[rules]\nplaceholder-txt = \"off\"\n"}]),
    );
    let diagnostics = client.diagnostics(&uri, 2);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `placeholder-text`?"),
        "{}",
        diagnostics[0]["message"]
    );
    client.shutdown();
}

//! `guidelint lsp` completion: ids of the right kind in each reference field, enumerated values,
//! and the properties the schema allows where the cursor is.

use crate::common::lsp::Client;
use crate::lsp_navigation::{at, bundled, open};
use serde_json::{Value, json};

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap().to_string())
        .collect()
}

/// Replaces the `occurrence`-th `needle` with `replacement` as version 2 and completes at `shift`
/// bytes into the replacement.
fn complete_after(text: &str, needle: &str, replacement: &str, shift: usize) -> (Value, Client) {
    let (mut client, uri) = open(text);
    let start = at(text, needle, 0, 0);
    let end = at(text, needle, 0, needle.len());
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}},
                "text": replacement}]),
    );
    client.diagnostics(uri, 2);
    let changed = text.replacen(needle, replacement, 1);
    let offset = text.find(needle).unwrap() + shift;
    let (line, character) = crate::common::lsp::position_at(&changed, offset, "utf-16");
    let items = client
        .request("textDocument/completion", Client::at(uri, line, character))
        .unwrap();
    (items, client)
}

#[test]
fn a_transition_offers_the_steps_of_its_own_path_with_their_names() {
    let text = bundled();
    // `"next": ["physical-examination"]` becomes `"next": [""]` with the cursor between the quotes,
    // in step `history`, which is not offered: a step leading to itself is a loop.
    let (items, client) = complete_after(
        &text,
        "\"next\": [\"physical-examination\"]",
        "\"next\": [\"\"]",
        10,
    );
    let steps = labels(&items);
    assert_eq!(
        steps,
        [
            "initial-assessment",
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
    let ct = &items[5];
    assert_eq!(
        ct["detail"],
        "Contrast-enhanced CT with an arterial phase (CT angiography)"
    );
    assert_eq!(ct["kind"], 18, "reference");
    assert_eq!(ct["textEdit"]["newText"], "\"ct-scan\"");
    client.shutdown();
}

#[test]
fn each_reference_field_offers_its_own_kind() {
    let text = bundled();
    // `requires`: diagnosis paths.
    let (items, client) =
        complete_after(&text, "\"requires\": [\"workup\"]", "\"requires\": []", 13);
    assert_eq!(labels(&items), ["workup"]);
    client.shutdown();
    // `evidence`: sources.
    let (items, client) = complete_after(
        &text,
        "\"evidence\": [\"icliniq-iliopsoas-hematoma-2023\"],\n      \"basis\": \"source\"\n    },\n    {\n      \"id\": \"physical-therapy\"",
        "\"evidence\": [\"icl\"],\n      \"basis\": \"source\"\n    },\n    {\n      \"id\": \"physical-therapy\"",
        17,
    );
    // Every source of the guideline, and nothing else.
    assert_eq!(
        labels(&items),
        [
            "icliniq-iliopsoas-hematoma-2023",
            "acc-oral-anticoagulant-bleeding-2020",
            "european-trauma-bleeding-guideline-2023",
            "sir-transcatheter-embolization-2010",
            "sir-periprocedural-bleeding-risk-2019",
            "accp-parenteral-anticoagulants-2012",
            "wfh-hemophilia-guidelines-2020"
        ]
    );
    assert_eq!(
        items[0]["filterText"],
        "\"icliniq-iliopsoas-hematoma-2023\""
    );
    client.shutdown();
    // `escalates_from`: treatments; `finding` in a condition: findings.
    let (items, client) = complete_after(
        &text,
        "\"escalates_from\": [\"conservative-management\"],",
        "\"escalates_from\": [\"\"],",
        19,
    );
    assert!(labels(&items).contains(&"surgical-intervention".to_string()));
    assert!(!labels(&items).contains(&"workup".to_string()));
    client.shutdown();
    let (items, client) = complete_after(
        &text,
        "\"finding\": \"ultrasound-inconclusive\"",
        "\"finding\": \"\"",
        12,
    );
    let findings = labels(&items);
    assert!(
        findings.contains(&"groin-hip-pain".to_string()),
        "{findings:?}"
    );
    assert!(!findings.contains(&"ct-scan".to_string()));
    client.shutdown();
}

#[test]
fn enumerated_fields_offer_their_values() {
    let text = bundled();
    let (items, client) = complete_after(
        &text,
        "\"modality\": \"ultrasound\"",
        "\"modality\": \"\"",
        13,
    );
    assert_eq!(
        labels(&items),
        ["ultrasound", "ct", "mri", "angiography", "radiograph"]
    );
    assert_eq!(items[0]["kind"], 20, "enum member");
    client.shutdown();
    let (items, client) = complete_after(
        &text,
        "\"category\": \"conservative\"",
        "\"category\": ",
        12,
    );
    assert_eq!(labels(&items)[0], "conservative");
    assert_eq!(items[0]["textEdit"]["newText"], "\"conservative\"");
    client.shutdown();
    let (items, client) = complete_after(&text, "\"status\": \"active\"", "\"status\": \"dr\"", 13);
    assert_eq!(labels(&items), ["draft", "active", "retired"]);
    client.shutdown();
}

#[test]
fn objects_offer_the_properties_the_schema_allows_and_they_lack() {
    let text = bundled();
    // A new member in the ultrasound step, which already has id, kind, name, modality, sequence...
    let (items, client) = complete_after(
        &text,
        "\"modality\": \"ultrasound\",\n",
        "\"modality\": \"ultrasound\",\n            \n",
        38,
    );
    let names = labels(&items);
    assert!(names.contains(&"contrast".to_string()), "{names:?}");
    assert!(names.contains(&"when".to_string()));
    assert!(names.contains(&"allow".to_string()));
    for present in ["id", "kind", "modality", "sequence", "next", "elicits"] {
        assert!(
            !names.contains(&present.to_string()),
            "{present} is already there: {names:?}"
        );
    }
    // Kind-specific fields of other kinds are not offered.
    assert!(!names.contains(&"tests".to_string()));
    let contrast = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "contrast")
        .unwrap();
    assert_eq!(contrast["textEdit"]["newText"], "\"contrast\": ");
    assert!(
        contrast["documentation"]["value"]
            .as_str()
            .unwrap()
            .starts_with("True when the study uses contrast")
    );
    client.shutdown();
    // Inside a key being typed, the key itself is replaced.
    let (items, client) = complete_after(
        &text,
        "\"terminal\": true,\n            \"confirms\": true,",
        "\"ter\": true,\n            \"confirms\": true,",
        4,
    );
    let names = labels(&items);
    assert!(names.contains(&"terminal".to_string()), "{names:?}");
    let terminal = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "terminal")
        .unwrap();
    assert_eq!(terminal["textEdit"]["newText"], "\"terminal\"");
    client.shutdown();
}

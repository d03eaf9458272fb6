//! The document tree every stage reads (`guidelint::tree`) holds exactly what the text says: the
//! same values serde_json reads, whichever of the two parsers built it, and it keeps the contract
//! jsonschema sets for a custom representation.

use guidelint::parse;
use guidelint::source::SourceFile;
use guidelint::tree::{Tree, TreeJson};
use serde_json::Value;
use std::path::PathBuf;

const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");

/// Every `.json` file under `folder`, recursively.
fn json_files(folder: &std::path::Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            found.push(path);
        }
    }
}

/// The valid JSON of JSONTestSuite, the shipped guideline and every rule fixture that is JSON.
fn valid_documents() -> Vec<(String, String)> {
    let suite = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/JSONTestSuite/test_parsing"
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(suite)
        .expect("the suite is present")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("y_"))
        })
        .collect();
    paths.sort();
    let mut documents: Vec<(String, String)> = paths
        .iter()
        .filter_map(|path| {
            let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
            Some((path.display().to_string(), text))
        })
        .collect();
    documents.push(("iliopsoas-hematoma.json".into(), GUIDELINE.into()));
    let mut fixtures = Vec::new();
    json_files(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut fixtures,
    );
    fixtures.sort();
    for path in fixtures {
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        if serde_json::from_str::<Value>(&text).is_ok() {
            documents.push((path.display().to_string(), text));
        }
    }
    assert!(
        documents.len() > 120,
        "the suite or the fixtures went missing"
    );
    documents
}

#[test]
fn the_tree_holds_what_serde_json_reads() {
    for (name, text) in valid_documents() {
        let source = SourceFile::new(&name, &text);
        let outcome = parse::parse(&source);
        let Some(document) = outcome.document else {
            panic!(
                "{name}: valid JSON did not parse: {:?}",
                outcome.diagnostics
            );
        };
        let expected: Value = serde_json::from_str(&text).expect("serde_json reads valid JSON");
        assert_eq!(document.tree.root().to_value(), expected, "{name}");
    }
}

#[test]
fn both_parsers_build_the_same_tree() {
    for (name, text) in valid_documents() {
        let source = SourceFile::new(&name, &text);
        let with_spans = parse::parse_with_spans(&source);
        let Ok(strict) = Tree::parse_strict(&text) else {
            // The strict parser refuses valid JSON only for a repeated key.
            let rules: Vec<&str> = with_spans.diagnostics.iter().map(|d| d.rule.code).collect();
            assert!(
                rules.contains(&"GL003"),
                "{name}: refused by the strict parser"
            );
            continue;
        };
        let document = with_spans
            .document
            .unwrap_or_else(|| panic!("{name}: refused by the span-preserving parser"));
        assert_eq!(document.tree, strict, "{name}");
    }
}

#[test]
fn the_last_of_repeated_keys_wins_and_the_tree_has_no_repeat() {
    let text = r#"{"a": 1, "b": {"c": true}, "a": [2, {"a": 3}], "b": "x"}"#;
    assert!(Tree::parse_strict(text).is_err());
    let source = SourceFile::new("repeat.json", text);
    let outcome = parse::parse(&source);
    let document = outcome
        .document
        .expect("repeated keys still make a document");
    let rules: Vec<&str> = outcome.diagnostics.iter().map(|d| d.rule.code).collect();
    assert_eq!(rules, ["GL003", "GL003"]);
    let root = document.tree.root();
    let names: Vec<&str> = root
        .members()
        .expect("an object")
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(
        root.to_value(),
        serde_json::json!({"a": [2, {"a": 3}], "b": "x"})
    );
    assert_eq!(
        root.pointer("/a/1/a").map(|node| node.to_value()),
        Some(3.into())
    );
}

#[test]
fn pointers_follow_rfc_6901() {
    let text = r#"{"a/b": {"m~n": [10, 20, {"": "empty"}]}, "01": 1}"#;
    let tree = Tree::parse_strict(text).expect("valid JSON");
    let root = tree.root();
    let at = |pointer: &str| root.pointer(pointer).map(|node| node.to_value());
    assert_eq!(at("/a~1b/m~0n/1"), Some(20.into()));
    assert_eq!(at("/a~1b/m~0n/2/"), Some("empty".into()));
    assert_eq!(at("/01"), Some(1.into()));
    assert_eq!(at(""), Some(root.to_value()));
    // Array indexes are plain decimal: no leading zero, no sign, nothing past the end.
    assert_eq!(at("/a~1b/m~0n/01"), None);
    assert_eq!(at("/a~1b/m~0n/+1"), None);
    assert_eq!(at("/a~1b/m~0n/3"), None);
    assert_eq!(at("/missing"), None);
    assert_eq!(at("no-slash"), None);
}

#[test]
fn strings_with_escapes_are_unescaped() {
    let text = r#"{"t\u00e9st": "line\nbreak \"quoted\" \ud83d\ude00"}"#;
    let tree = Tree::parse_strict(text).expect("valid JSON");
    let (name, value) = tree
        .root()
        .members()
        .expect("an object")
        .next()
        .expect("one member");
    assert_eq!(name, "tést");
    assert_eq!(value.as_str(), Some("line\nbreak \"quoted\" 😀"));
}

#[test]
fn the_tree_keeps_jsonschemas_contract_for_a_representation() {
    let text = jsonschema::json::conformance::document().to_string();
    let tree = Tree::parse_strict(&text).expect("valid JSON");
    jsonschema::json::conformance::assert_conformance::<TreeJson>(&tree.root());
}

#[test]
fn the_model_reads_the_tree_as_it_reads_serde_json() {
    for (name, text) in valid_documents() {
        let Ok(tree) = Tree::parse_strict(&text) else {
            continue;
        };
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        let from_value = <guidelint::model::Guideline as serde::Deserialize>::deserialize(&value);
        let from_tree =
            <guidelint::model::Guideline as serde::Deserialize>::deserialize(tree.root());
        match (from_value, from_tree) {
            (Ok(expected), Ok(found)) => {
                assert_eq!(format!("{found:?}"), format!("{expected:?}"), "{name}")
            }
            (Err(_), Err(_)) => {}
            (expected, found) => {
                panic!("{name}: {expected:?} from serde_json, {found:?} from the tree")
            }
        }
    }
}

#[test]
fn repeated_keys_are_found_in_objects_of_any_size() {
    // Small objects are scanned, large ones use a set: both must see every repeat.
    for size in [2, 31, 32, 33, 100, 5_000] {
        let names: Vec<String> = (0..size)
            .map(|index| format!("\"k{index}\": {index}"))
            .collect();
        let distinct = format!("{{{}}}", names.join(", "));
        let tree = Tree::parse_strict(&distinct).expect("distinct names");
        assert_eq!(
            tree.root().members().map(|members| members.len()),
            Some(size)
        );
        for (first, second) in [(0, size - 1), (size / 2, size - 1), (size - 2, size - 1)] {
            if first == second {
                continue;
            }
            let mut repeated = names.clone();
            repeated[second] = format!("\"k{first}\": true");
            let text = format!("{{{}}}", repeated.join(", "));
            assert!(
                Tree::parse_strict(&text).is_err(),
                "size {size}: k{first} twice"
            );
        }
    }
    // A name spelled with an escape repeats the same name spelled plainly.
    assert!(Tree::parse_strict(r#"{"a": 1, "\u0061": 2}"#).is_err());
}

mod random_json {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value: numbers of every kind, strings that need escapes or are not ASCII, nested
    /// arrays and objects (a `Map` never repeats a key).
    fn json() -> impl Strategy<Value = Value> {
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("JSON has no NaN or infinity", |number| number.is_finite())
                .prop_map(Value::from),
            "(\\PC|[\"\\\\/\u{0}-\u{1f}\u{7f}])*".prop_map(Value::String),
        ];
        scalar.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec(("(\\PC|[\"\\\\\u{0}])*", inner), 0..8)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x7472_6565),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_json_round_trips_through_both_parsers(value in json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let strict = Tree::parse_strict(&text).expect("serde_json's own output parses");
            prop_assert_eq!(strict.root().to_value(), value);
            let source = SourceFile::new("random.json", &text);
            let with_spans = parse::parse_with_spans(&source);
            prop_assert!(with_spans.diagnostics.is_empty(), "{:?}", with_spans.diagnostics);
            prop_assert_eq!(&with_spans.document.expect("parses").tree, &strict);
        }
    }
}

mod value_limit {
    use guidelint::CheckOptions;
    use guidelint::tree::MAX_VALUES;

    /// (rule code, line, column, message) of each diagnostic of `text`.
    fn diagnostics(text: &str) -> Vec<(String, usize, usize, String)> {
        let file = guidelint::check_bytes("big.json", text.as_bytes(), &CheckOptions::default());
        file.diagnostics
            .iter()
            .map(|diagnostic| {
                let position = file.source.position(diagnostic.primary.span.start);
                (
                    diagnostic.rule.code.to_string(),
                    position.line,
                    position.column,
                    diagnostic.message.clone(),
                )
            })
            .collect()
    }

    /// An array holding `count` zeros, so `count + 1` values with the array.
    fn zeros(count: usize) -> String {
        format!("[{}]", vec!["0"; count].join(","))
    }

    fn too_many() -> Vec<(String, usize, usize, String)> {
        vec![(
            "GL001".to_string(),
            1,
            1,
            "the document holds more than 500,000 JSON values".to_string(),
        )]
    }

    #[test]
    fn a_document_of_max_values_is_checked() {
        let found = diagnostics(&zeros(MAX_VALUES - 1));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "GL002");
        assert_eq!(found[0].3, "the document must be an object, found an array");
    }

    #[test]
    fn one_value_more_is_one_invalid_json_diagnostic() {
        assert_eq!(diagnostics(&zeros(MAX_VALUES)), too_many());
    }

    #[test]
    fn member_names_are_not_values() {
        // The root, an extension object and MAX_VALUES - 2 members in it: names do not count.
        // (In an `x-` extension, so the schema has nothing to say about the members.)
        let members: Vec<String> = (2..MAX_VALUES)
            .map(|index| format!("\"k{index}\":0"))
            .collect();
        let found = diagnostics(&format!("{{\"x-big\": {{{}}}}}", members.join(",")));
        assert!(
            !found.is_empty() && found.iter().all(|(code, ..)| code == "GL002"),
            "{found:?}"
        );
    }

    #[test]
    fn a_huge_document_that_is_not_strict_json_is_refused_before_the_slow_parse() {
        // A repeated key sends the document to the span-preserving parser; the values are counted
        // before it builds anything.
        let text = format!("{{\"a\": {}, \"a\": 1}}", zeros(MAX_VALUES));
        assert_eq!(diagnostics(&text), too_many());
        // A syntax error at the very end: the count stops there, past the limit.
        let text = format!("{}x", zeros(MAX_VALUES));
        assert_eq!(diagnostics(&text), too_many());
    }

    #[test]
    fn a_large_document_under_the_limit_still_gets_its_syntax_error() {
        let text = format!("{}x", zeros(MAX_VALUES / 2));
        let found = diagnostics(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "GL001");
        assert_ne!(found[0].3, too_many()[0].3);
        assert_eq!((found[0].1, found[0].2), (1, text.len()));
    }
}

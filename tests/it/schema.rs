//! The schema guidelint ships: `guidelint schema` prints it for editors, it is a valid draft 2020-12
//! schema that documents every property, accepts its own example and every bundled guideline, and
//! guidelint enforces its formats.

use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema() -> Value {
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("schemas/guideline.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the schema file is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema())
        .expect("the schema compiles")
}

/// Every validation error as "instance path: message", for readable failures.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path().as_str()))
        .collect()
}

/// What `guidelint schema` prints, parsed: the schema an editor is pointed at.
fn printed_schema() -> Value {
    let run = crate::common::run(crate::common::command(crate::common::root()).arg("schema"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        std::fs::read_to_string(Path::new(ROOT).join("schemas/guideline.schema.json")).unwrap(),
        "`guidelint schema` prints schemas/guideline.schema.json byte for byte"
    );
    serde_json::from_str(&run.stdout).expect("`guidelint schema` prints JSON")
}

#[test]
fn guidelint_schema_prints_a_valid_2020_12_schema() {
    let schema = printed_schema();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the schema declares draft 2020-12"
    );
    if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
        panic!(
            "not a valid 2020-12 schema at {}: {error}",
            error.instance_path().as_str()
        );
    }
}

#[test]
fn schema_has_an_absolute_id_title_and_description() {
    let schema = schema();
    let id = schema["$id"].as_str().expect("`$id` is a string");
    assert!(id.starts_with("https://"), "`$id` is an absolute URI: {id}");
    assert!(
        schema["title"]
            .as_str()
            .is_some_and(|title| !title.is_empty())
    );
    assert!(
        schema["description"]
            .as_str()
            .is_some_and(|text| !text.is_empty())
    );
}

#[test]
fn every_bundled_guideline_validates_with_format_checks() {
    let validator = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir(Path::new(ROOT).join("guidelines")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "json")
            || guidelint::discover::is_scenario_file(&path)
        {
            continue;
        }
        let document: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let found = errors(&validator, &document);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            path.display(),
            found.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 1, "guidelines/ holds at least one document");
}

#[test]
fn guidelint_checks_date_formats() {
    // `2023-13-40` matches the schema's date pattern shape; only a real calendar check rejects it.
    let document = include_str!("../../guidelines/iliopsoas-hematoma.json").replacen(
        "\"published\": \"",
        "\"published\": \"2023-13-40\", \"x-was\": \"",
        1,
    );
    let report = guidelint::check_bytes("g.json", document.as_bytes(), &crate::common::options());
    let found: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.pointer.to_string(), diagnostic.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            "/provenance/published".to_string(),
            "`published` must be a calendar date, found `2023-13-40`".to_string()
        )]
    );
}

#[test]
fn the_schema_example_validates() {
    let schema = schema();
    let examples = schema["examples"]
        .as_array()
        .expect("the schema has `examples`");
    assert!(!examples.is_empty());
    let validator = validator();
    for (index, example) in examples.iter().enumerate() {
        let found = errors(&validator, example);
        assert!(found.is_empty(), "examples[{index}]:\n{}", found.join("\n"));
    }
}

#[test]
fn the_schema_example_passes_guidelint() {
    // The example is what authors copy: it must also parse and pass the schema stage of the tool.
    let example = serde_json::to_string_pretty(&schema()["examples"][0]).unwrap();
    let report = guidelint::check_bytes(
        "example.json",
        example.as_bytes(),
        &guidelint::CheckOptions::default(),
    );
    let structural: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| ["GL001", "GL002", "GL003"].contains(&diagnostic.rule.code))
        .map(|diagnostic| format!("{} {}", diagnostic.rule.code, diagnostic.message))
        .collect();
    assert!(structural.is_empty(), "{structural:?}");
}

/// Walks every subschema, calling `visit(location, properties_map)` for every `properties` keyword.
/// Subschemas under `if` are conditions, not documentation, and are skipped.
fn walk_properties(
    node: &Value,
    location: &str,
    visit: &mut dyn FnMut(&str, &serde_json::Map<String, Value>),
) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let child_location = format!("{location}/{key}");
                match key.as_str() {
                    "if" | "examples" | "default" | "const" | "enum" => {}
                    "properties" => {
                        if let Some(properties) = child.as_object() {
                            visit(&child_location, properties);
                            for (name, property) in properties {
                                walk_properties(
                                    property,
                                    &format!("{child_location}/{name}"),
                                    visit,
                                );
                            }
                        }
                    }
                    _ => walk_properties(child, &child_location, visit),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk_properties(item, &format!("{location}/{index}"), visit);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_has_a_description() {
    let schema = schema();
    let mut described: Vec<(String, String)> = Vec::new();
    let mut placeholders: Vec<(String, String)> = Vec::new();
    let mut missing = Vec::new();
    let mut count = 0;
    walk_properties(&schema, "", &mut |location, properties| {
        // The `$defs` entry (or the root) the map belongs to, to match placeholders with definitions.
        let owner = location.split('/').take(3).collect::<Vec<_>>().join("/");
        for (name, property) in properties {
            count += 1;
            match property {
                // `"tests": true` only marks a key as known, and `"confirms": false` forbids it on
                // some kinds; either is described where the key is defined.
                Value::Bool(_) => placeholders.push((owner.clone(), name.clone())),
                _ if property["description"]
                    .as_str()
                    .is_some_and(|text| !text.trim().is_empty()) =>
                {
                    described.push((owner.clone(), name.clone()))
                }
                _ => missing.push(format!("{location}/{name}")),
            }
        }
    });
    assert!(count > 50, "the walk found only {count} properties");
    assert!(
        missing.is_empty(),
        "properties without a description:\n{}",
        missing.join("\n")
    );
    for placeholder in &placeholders {
        assert!(
            described.contains(placeholder),
            "`{}` in {} is marked known but never described",
            placeholder.1,
            placeholder.0
        );
    }
}

/// docs/format.md section 1.4 defines ids as `^[a-z][a-z0-9-]*$`. The schema's `Id` spells that as two faster
/// patterns; this is the promise that they accept exactly the same strings: every string of up to
/// four characters over letters of both cases, digits, hyphen, underscore, space and a non-ASCII
/// letter, at the edges of each class.
#[test]
fn the_id_definition_accepts_exactly_the_format_slugs() {
    let schema = schema();
    let id_only = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": schema["$defs"],
        "$ref": "#/$defs/Id",
    });
    let validator = jsonschema::draft202012::new(&id_only).expect("the Id definition compiles");
    let is_slug = |text: &str| {
        text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '-', '_', ' ', 'é', '`', '{'];
    let mut texts = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..4 {
        last = last
            .iter()
            .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
            .collect();
        texts.extend(last.iter().cloned());
    }
    assert_eq!(texts.len(), 1 + 12 + 144 + 1728 + 20736);
    let mut accepted = 0;
    for text in &texts {
        let valid = validator.is_valid(&Value::from(text.as_str()));
        assert_eq!(valid, is_slug(text), "{text:?}");
        accepted += usize::from(valid);
    }
    // a and z first, then any of a, z, 0, 9, -: 2 + 2*5 + 2*25 + 2*125.
    assert_eq!(accepted, 2 + 10 + 50 + 250);
    assert!(!validator.is_valid(&Value::from(5)));
}

//! The embedded JSON Schema, compiled once, and the translation of its validation errors into
//! `schema` diagnostics that land on the offending key or value and speak the author's language.

use crate::diagnostic::{Diagnostic, Label};
use crate::parse::{ParsedDocument, SpanIndex, truncate};
use crate::rules;
use crate::tree::TreeJson;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The schema text as shipped in `schemas/`, so the binary works from any folder.
pub const SCHEMA_TEXT: &str = include_str!("../schemas/guideline.schema.json");

/// The guideline schema.
pub static GUIDELINE: EmbeddedSchema =
    EmbeddedSchema::new("schemas/guideline.schema.json", SCHEMA_TEXT);

/// The schema of scenario files (`*.scenarios.json`, docs/format.md, Scenario files).
pub static SCENARIOS: EmbeddedSchema = EmbeddedSchema::new(
    "schemas/scenarios.schema.json",
    include_str!("../schemas/scenarios.schema.json"),
);

/// A JSON Schema shipped in the binary, parsed and compiled on first use. Documents are checked
/// against it and its errors explained by the same code, whichever schema it is.
pub struct EmbeddedSchema {
    /// Where the schema lives in the repository, for help texts.
    pub file: &'static str,
    /// The schema as shipped.
    pub text: &'static str,
    /// The schema parsed as JSON, for looking up property names and descriptions while explaining
    /// an error.
    value: OnceLock<Value>,
    /// Answers whether a document is valid, on the parsed tree itself.
    validator: OnceLock<Validator<TreeJson>>,
    /// Lists the errors of an invalid document, on a `serde_json::Value` of it. Errors carry their
    /// instance; on a `Value` they borrow it, where on the tree each error would hold a copy (nine
    /// errors at the root of a 50 MB document would copy it nine times). Compiled on the first
    /// invalid document.
    error_validator: OnceLock<Validator>,
}

impl EmbeddedSchema {
    pub const fn new(file: &'static str, text: &'static str) -> Self {
        EmbeddedSchema {
            file,
            text,
            value: OnceLock::new(),
            validator: OnceLock::new(),
            error_validator: OnceLock::new(),
        }
    }

    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // The embedded schemas are checked by `tests/it/schema.rs` (valid JSON, valid against
            // the 2020-12 meta-schema), so this cannot fail in a released binary.
            serde_json::from_str(self.text).expect("an embedded schema is valid JSON")
        })
    }

    fn validator(&self) -> &Validator<TreeJson> {
        self.validator.get_or_init(|| {
            // Same invariant as `value`: the embedded schemas compile, as `tests/it/schema.rs` proves.
            jsonschema::options_for::<TreeJson>()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(self.value())
                .expect("an embedded schema compiles")
        })
    }

    fn error_validator(&self) -> &Validator {
        self.error_validator.get_or_init(|| {
            // Same invariant as `value`.
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(self.value())
                .expect("an embedded schema compiles")
        })
    }

    /// Validates a parsed document; one diagnostic per violation.
    pub fn check(&self, document: &ParsedDocument) -> Vec<Diagnostic> {
        // Most documents are valid: answering yes or no is cheaper than collecting errors.
        let root = document.tree.root();
        if self.validator().is_valid(root) {
            return Vec::new();
        }
        // Explaining errors looks values up by pointer and compares them with the schema: a
        // `serde_json::Value` of the document serves that cold path.
        let value = root.to_value();
        let mut diagnostics = Vec::new();
        for error in self.error_validator().iter_errors(&value) {
            explain_error(&error, &value, &document.spans, self, &mut diagnostics);
        }
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|diagnostic| {
            seen.insert((diagnostic.primary.span, diagnostic.message.clone()))
        });
        diagnostics
    }

    /// Whether the validator on the tree (which decides) and the one on a `serde_json::Value`
    /// (which lists the errors) give the same answer for `document`.
    pub fn validators_agree(&self, document: &ParsedDocument) -> bool {
        let root = document.tree.root();
        self.validator().is_valid(root) == self.error_validator().is_valid(&root.to_value())
    }
}

/// Compiles the guideline schema now rather than when the first document needs it, so a caller
/// can start it on another thread while documents are still being found and read.
///
/// Compiling first checks the schema against the draft 2020-12 meta-schema, and jsonschema builds
/// the meta-schema's own validator for that (about 1 ms). It needs nothing of ours, so another core
/// builds it while this one parses the schema's text (0.2 ms); when no core is free, one does both.
pub fn prepare() {
    rayon::join(
        || drop(jsonschema::draft202012::meta::validator()),
        || {
            GUIDELINE.value();
        },
    );
    GUIDELINE.validator();
}

/// Whether the validator on the tree (which decides) and the one on a `serde_json::Value` (which
/// lists the errors) give the same answer for `document`: for tests, as a disagreement would
/// leave an invalid document without diagnostics.
pub fn validators_agree(document: &ParsedDocument) -> bool {
    GUIDELINE.validators_agree(document)
}

/// Validates a parsed guideline; one diagnostic per violation.
pub fn check(document: &ParsedDocument) -> Vec<Diagnostic> {
    GUIDELINE.check(document)
}

fn explain_error(
    error: &ValidationError<'_>,
    document: &Value,
    spans: &SpanIndex,
    schema: &EmbeddedSchema,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let instance = document.pointer(&pointer).unwrap_or(&Value::Null);
    let schema_node = schema_parent(error.schema_path().as_str(), schema);
    let name = describe(&pointer, document);

    let diagnostic = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = schema_node
                .map(|node| known_properties(node, instance, schema))
                .unwrap_or_default();
            for key in unexpected {
                out.push(unexpected_key(
                    &pointer, key, &name, &known, instance, spans,
                ));
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            if misspelt_as(instance, property, schema_node, schema) {
                // The unexpected-key diagnostic already says "did you mean `property`?"; a second
                // diagnostic for the same slip would only be noise.
                return;
            }
            let description = schema_node
                .and_then(|node| property_schema(node, property, instance, schema))
                .and_then(|node| node.get("description"))
                .and_then(Value::as_str);
            let help = match description {
                Some(description) => format!("Add `{property}`: {description}"),
                None => format!("Add `{property}`."),
            };
            Diagnostic::new(
                &rules::SCHEMA,
                format!("{name} is missing the required key `{property}`"),
                pointer.as_str(),
                Label::new(
                    spans.object_head(&pointer),
                    format!("`{property}` missing here"),
                ),
            )
            .with_help(help)
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|values| values.iter().map(plain).collect())
                .unwrap_or_default();
            let found = plain(instance);
            let mut help = format!("Use one of: {}.", allowed.join(", "));
            if let Some(closest) = rules::closest(&found, allowed.iter().map(String::as_str)) {
                help = format!("Did you mean `{closest}`? {help}");
            }
            value_error(
                &pointer,
                spans,
                format!(
                    "{name} must be one of {}, found {}",
                    allowed.join(", "),
                    quoted(instance)
                ),
                "not an allowed value",
            )
            .with_help(help)
        }
        ValidationErrorKind::Constant { expected_value } => value_error(
            &pointer,
            spans,
            format!(
                "{name} must be {}, found {}",
                quoted(expected_value),
                quoted(instance)
            ),
            "unexpected value",
        )
        .with_help(format!("Write {}.", quoted(expected_value))),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(kind) => article(&kind.to_string()),
                TypeKind::Multiple(kinds) => kinds
                    .iter()
                    .map(|kind| article(&kind.to_string()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let found = article(json_type(instance));
            value_error(
                &pointer,
                spans,
                format!("{name} must be {expected}, found {found}"),
                found.clone(),
            )
            .with_help(type_help(schema_node, &expected))
        }
        ValidationErrorKind::Pattern { pattern } => {
            pattern_error(&pointer, spans, &name, instance, pattern)
        }
        ValidationErrorKind::Format { format } => {
            let (what, help) = match format.as_str() {
                "date" => (
                    "a calendar date",
                    "Write dates as YYYY-MM-DD, for example 2024-03-15.",
                ),
                "uri" => (
                    "an absolute URL",
                    "Write a full URL, for example https://example.org/guideline.",
                ),
                _ => ("well-formed", "Check the value's format."),
            };
            value_error(
                &pointer,
                spans,
                format!("{name} must be {what}, found {}", quoted(instance)),
                format!("not {what}"),
            )
            .with_help(help)
        }
        ValidationErrorKind::MinItems { limit } => {
            let message = if *limit == 1 {
                format!("{name} must not be empty")
            } else {
                format!("{name} must have at least {limit} items")
            };
            value_error(&pointer, spans, message, "empty list").with_help(
                description_of(schema_node)
                    .map(|description| format!("Add at least {limit}: {description}"))
                    .unwrap_or_else(|| format!("Add at least {limit} item(s).")),
            )
        }
        ValidationErrorKind::MinLength { limit } => {
            let message = if *limit == 1 {
                format!("{name} must not be empty")
            } else {
                format!("{name} must be at least {limit} characters long")
            };
            value_error(&pointer, spans, message, "too short").with_help(
                description_of(schema_node)
                    .map(|description| format!("Fill it in: {description}"))
                    .unwrap_or_else(|| "Fill in a value.".to_string()),
            )
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => value_error(
            &pointer,
            spans,
            format!(
                "{name} must be at least {limit}, found {}",
                quoted(instance)
            ),
            "too small",
        )
        .with_help(format!("Use a number of at least {limit}.")),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => value_error(
            &pointer,
            spans,
            format!("{name} must be at most {limit}, found {}", quoted(instance)),
            "too large",
        )
        .with_help(format!("Use a number of at most {limit}.")),
        ValidationErrorKind::UniqueItems => value_error(
            &pointer,
            spans,
            format!("{name} lists the same item twice"),
            "repeated item",
        )
        .with_help("Remove the repeated item."),
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // When exactly one alternative has the instance's type, its errors are the useful ones.
            let matching: Vec<&Vec<ValidationError<'static>>> = context
                .iter()
                .filter(|branch| !branch.iter().any(|e| is_type_error_at(e, &pointer)))
                .collect();
            if let [branch] = matching.as_slice()
                && !branch.is_empty()
                && !branch.iter().all(|e| {
                    matches!(e.kind(), ValidationErrorKind::Required { .. })
                        && e.instance_path().as_str() == pointer
                })
            {
                for inner in branch.iter() {
                    explain_error(inner, document, spans, schema, out);
                }
                return;
            }
            // Alternatives told apart by one required key each (a condition's `finding`, `all`,
            // `any`, `not`; a scenario's expectations), none of which the object has.
            let one_of = matches!(error.kind(), ValidationErrorKind::OneOfNotValid { .. });
            let keys = schema_node
                .and_then(|node| node.get(if one_of { "oneOf" } else { "anyOf" }))
                .and_then(|alternatives| exclusive_keys(alternatives, schema));
            if let (Some(keys), Some(object)) = (keys, instance.as_object()) {
                let misspelt = object.keys().any(|key| {
                    !key.starts_with("x-") && rules::closest(key, keys.iter().copied()).is_some()
                });
                if misspelt {
                    // The unexpected-key diagnostic already says "did you mean ...?".
                    return;
                }
                let listed: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
                let how_many = if one_of {
                    "exactly one"
                } else {
                    "at least one"
                };
                out.push(
                    Diagnostic::new(
                        &rules::SCHEMA,
                        format!("{name} must have {how_many} of {}", join_or(&listed)),
                        pointer.as_str(),
                        Label::new(spans.object_head(&pointer), "none of them here"),
                    )
                    .with_help(
                        description_of(schema_node)
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("Add one of {}.", join_or(&listed))),
                    ),
                );
                return;
            }
            let alternatives = schema_node
                .and_then(|node| node.get("oneOf").or_else(|| node.get("anyOf")))
                .map(|alternatives| describe_alternatives(alternatives, schema))
                .unwrap_or_else(|| "one of the allowed shapes".to_string());
            value_error(
                &pointer,
                spans,
                format!("{name} must be {alternatives}"),
                "does not fit any allowed shape",
            )
            .with_help(
                description_of(schema_node)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("Rewrite it as {alternatives}.")),
            )
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            let alternatives = schema_node.and_then(|node| node.get("oneOf"));
            let exclusive_keys =
                alternatives.and_then(|alternatives| exclusive_keys(alternatives, schema));
            match (exclusive_keys, instance.as_object()) {
                (Some(keys), Some(object)) => {
                    // Alternatives told apart by one required key each (a condition's `finding`,
                    // `all`, `any`, `not`): name the keys that clash and point at them.
                    let present: Vec<&str> = keys
                        .iter()
                        .copied()
                        .filter(|key| object.contains_key(*key))
                        .collect();
                    let listed = keys
                        .iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>();
                    let found = present
                        .iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>();
                    let key_pointer = |key: &str| {
                        let mut key_pointer = pointer.clone();
                        crate::parse::push_segment(&mut key_pointer, key);
                        key_pointer
                    };
                    let last = present.last().copied().unwrap_or_default();
                    let mut diagnostic = Diagnostic::new(
                        &rules::SCHEMA,
                        format!(
                            "{name} must have exactly one of {}, but it has {}",
                            join_or(&listed),
                            found.join(" and ")
                        ),
                        key_pointer(last),
                        Label::new(spans.key_or_value(&key_pointer(last)), "second alternative"),
                    )
                    .with_help("Keep one; to combine conditions, list them inside `all` or `any`.");
                    for key in &present[..present.len().saturating_sub(1)] {
                        diagnostic = diagnostic.with_label(Label::new(
                            spans.key_or_value(&key_pointer(key)),
                            "first alternative",
                        ));
                    }
                    diagnostic
                }
                _ => value_error(
                    &pointer,
                    spans,
                    format!(
                        "{name} must be exactly one of {}, but it matches several",
                        alternatives
                            .map(|alternatives| describe_alternatives(alternatives, schema))
                            .unwrap_or_else(|| "the allowed shapes".to_string())
                    ),
                    "ambiguous",
                )
                .with_help("Keep one of the alternatives."),
            }
        }
        ValidationErrorKind::FalseSchema => {
            let span = spans.key_or_value(&pointer);
            Diagnostic::new(
                &rules::SCHEMA,
                format!("{name} is not allowed here"),
                pointer.as_str(),
                Label::new(span, "not allowed"),
            )
            .with_help("Remove it.")
        }
        _ => value_error(
            &pointer,
            spans,
            format!("{name}: {}", truncate(&error.masked().to_string(), 200)),
            "invalid value",
        )
        .with_help(format!(
            "See the schema `{}` for what this field accepts.",
            schema.file
        )),
    };
    out.push(diagnostic);
}

fn value_error(
    pointer: &str,
    spans: &SpanIndex,
    message: String,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(
        &rules::SCHEMA,
        message,
        pointer,
        Label::new(spans.value(pointer), label),
    )
}

/// True when `instance` lacks `property` but has an unknown key that is a likely misspelling of it.
fn misspelt_as(
    instance: &Value,
    property: &str,
    schema_node: Option<&Value>,
    schema: &EmbeddedSchema,
) -> bool {
    let (Some(object), Some(node)) = (instance.as_object(), schema_node) else {
        return false;
    };
    let known = known_properties(node, instance, schema);
    object
        .keys()
        .filter(|key| !key.starts_with("x-") && !known.contains(key))
        .any(|key| rules::closest(key, known.iter().map(String::as_str)) == Some(property))
}

fn unexpected_key(
    pointer: &str,
    key: &str,
    owner: &str,
    known: &[String],
    instance: &Value,
    spans: &SpanIndex,
) -> Diagnostic {
    let mut key_pointer = pointer.to_string();
    crate::parse::push_segment(&mut key_pointer, key);
    let span = spans.key_or_value(&key_pointer);
    let known_keys = || {
        known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let help = match rules::closest(key, known.iter().map(String::as_str)) {
        Some(closest) if instance.get(closest).is_none() => {
            format!(
                "Did you mean `{closest}`? {} has no `{closest}` yet.",
                capitalize(owner)
            )
        }
        Some(closest) => format!("Did you mean `{closest}`?"),
        None if known.is_empty() => {
            "Remove it, or prefix it with `x-` to keep it as an extension that no rule reads."
                .to_string()
        }
        None => format!(
            "Remove it, or prefix it with `x-` to keep it as an extension. Known keys here: {}.",
            known_keys()
        ),
    };
    Diagnostic::new(
        &rules::SCHEMA,
        format!("unexpected key `{}` in {owner}", truncate(key, 60)),
        key_pointer,
        Label::new(span, "unknown key"),
    )
    .with_help(help)
}

fn pattern_error(
    pointer: &str,
    spans: &SpanIndex,
    name: &str,
    instance: &Value,
    pattern: &str,
) -> Diagnostic {
    // The schema's `Id` is `^[a-z][a-z0-9-]*$` split in two patterns (see its `$comment`); an id
    // that breaks both gets one diagnostic, as `check` drops repeats.
    let (message, help) = if matches!(pattern, "^[a-z0-9-]+$" | "^[a-z]") {
        (
            format!("{name} must be a lowercase id, found {}", quoted(instance)),
            "Ids start with a lowercase letter and use only lowercase letters, digits and hyphens, like `ct-scan`.".to_string(),
        )
    } else if pattern.starts_with("^(0|[1-9]") {
        (
            format!(
                "{name} must be a semantic version, found {}",
                quoted(instance)
            ),
            "Write MAJOR.MINOR.PATCH, like `1.0.0`.".to_string(),
        )
    } else if pattern == "\\S" {
        (
            format!("{name} must not be blank"),
            "Write a real value, not just spaces.".to_string(),
        )
    } else if pattern.starts_with("^(GL") {
        (
            format!("{name} must be a rule name or code, found {}", quoted(instance)),
            "Use a rule name such as `dead-end` or a code such as `GL203`; `guidelint rules` lists them.".to_string(),
        )
    } else {
        (
            format!(
                "{name} does not match the pattern `{pattern}`, found {}",
                quoted(instance)
            ),
            "Change the value to match the pattern.".to_string(),
        )
    };
    value_error(pointer, spans, message, "does not match").with_help(help)
}

fn is_type_error_at(error: &ValidationError<'_>, pointer: &str) -> bool {
    error.instance_path().as_str() == pointer
        && matches!(
            error.kind(),
            ValidationErrorKind::Type { .. }
                | ValidationErrorKind::Constant { .. }
                | ValidationErrorKind::Enum { .. }
        )
}

/// "a step id (string) or an object with `to`", read off the alternatives of a `oneOf`/`anyOf`.
fn describe_alternatives(alternatives: &Value, schema: &EmbeddedSchema) -> String {
    let Some(alternatives) = alternatives.as_array() else {
        return "one of the allowed shapes".to_string();
    };
    let described: Vec<String> = alternatives
        .iter()
        .map(|alternative| {
            let alternative = resolve(alternative, schema);
            if let Some(required) = alternative.get("required").and_then(Value::as_array) {
                let keys: Vec<String> = required
                    .iter()
                    .map(|key| format!("`{}`", plain(key)))
                    .collect();
                format!("an object with {}", keys.join(" and "))
            } else if let Some(kind) = alternative.get("type").and_then(Value::as_str) {
                article(kind)
            } else {
                "another shape".to_string()
            }
        })
        .collect();
    match described.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => described.join(""),
    }
}

/// The keys of `oneOf` alternatives that each require exactly one key of their own.
fn exclusive_keys<'v>(alternatives: &'v Value, schema: &'v EmbeddedSchema) -> Option<Vec<&'v str>> {
    alternatives
        .as_array()?
        .iter()
        .map(|alternative| {
            match resolve(alternative, schema)
                .get("required")?
                .as_array()?
                .as_slice()
            {
                [key] => key.as_str(),
                _ => None,
            }
        })
        .collect()
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// "`a`, `b` or `c`".
fn join_or(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

fn type_help(schema_node: Option<&Value>, expected: &str) -> String {
    match description_of(schema_node) {
        Some(description) => format!("Write {expected}: {description}"),
        None => format!("Write {expected}."),
    }
}

fn description_of(schema_node: Option<&Value>) -> Option<&str> {
    schema_node?.get("description")?.as_str()
}

/// The schema object that holds the failing keyword, following local `$ref`s.
fn schema_parent<'s>(schema_path: &str, schema: &'s EmbeddedSchema) -> Option<&'s Value> {
    let parent = schema_path
        .rsplit_once('/')
        .map(|(parent, _)| parent)
        .unwrap_or("");
    schema_at(parent, schema)
}

fn schema_at<'s>(location: &str, schema: &'s EmbeddedSchema) -> Option<&'s Value> {
    let mut node: &Value = schema.value();
    for segment in location.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment == "$ref" {
            node = resolve(node, schema);
            continue;
        }
        node = match node {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Follows a local `$ref` (`#/$defs/Step`) to its target; other nodes are returned as they are.
fn resolve<'v>(node: &'v Value, schema: &'v EmbeddedSchema) -> &'v Value {
    let mut node = node;
    for _ in 0..16 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
        {
            Some(pointer) => match schema.value().pointer(pointer) {
                Some(target) => node = target,
                None => break,
            },
            None => break,
        }
    }
    node
}

/// The property names a schema object accepts for `instance`, including those of `allOf` members and
/// of `if`/`then` branches whose `const` conditions the instance meets.
fn known_properties(node: &Value, instance: &Value, schema: &EmbeddedSchema) -> Vec<String> {
    let mut names = Vec::new();
    collect_properties(resolve(node, schema), instance, &mut names, schema, 0);
    names
}

fn collect_properties(
    node: &Value,
    instance: &Value,
    names: &mut Vec<String>,
    schema: &EmbeddedSchema,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for name in properties.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    for member in node
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let member = resolve(member, schema);
        match (member.get("if"), member.get("then")) {
            (Some(condition), Some(then)) => {
                if condition_matches(condition, instance) {
                    collect_properties(resolve(then, schema), instance, names, schema, depth + 1);
                }
            }
            _ => collect_properties(member, instance, names, schema, depth + 1),
        }
    }
}

/// Evaluates the `properties: {x: {const: ...}}` part of an `if`, which is all the schema uses.
fn condition_matches(condition: &Value, instance: &Value) -> bool {
    let Some(properties) = condition.get("properties").and_then(Value::as_object) else {
        return false;
    };
    properties
        .iter()
        .all(|(name, expected)| match expected.get("const") {
            Some(constant) => instance.get(name) == Some(constant),
            None => true,
        })
}

fn property_schema<'a>(
    node: &'a Value,
    property: &str,
    instance: &Value,
    schema: &'a EmbeddedSchema,
) -> Option<&'a Value> {
    let node = resolve(node, schema);
    if let Some(found) = node
        .get("properties")
        .and_then(|properties| properties.get(property))
    {
        return Some(found);
    }
    node.get("allOf")?
        .as_array()?
        .iter()
        .find_map(|member| match member.get("then") {
            Some(then)
                if member
                    .get("if")
                    .is_some_and(|condition| condition_matches(condition, instance)) =>
            {
                property_schema(then, property, instance, schema)
            }
            _ => None,
        })
}

/// How a message names the value at `pointer`: "`status`", "step `ct-scan`", "item 2 of `tests`",
/// "the document".
pub fn describe(pointer: &str, document: &Value) -> String {
    if pointer.is_empty() {
        return "the document".to_string();
    }
    let value = document.pointer(pointer);
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let last = last.replace("~1", "/").replace("~0", "~");
    if let Ok(index) = last.parse::<usize>() {
        let list = parent
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace("~1", "/")
            .replace("~0", "~");
        let id = value
            .and_then(|value| value.get("id"))
            .and_then(Value::as_str);
        return match (id, singular(&list)) {
            (Some(id), Some(kind)) => format!("{kind} `{}`", truncate(id, 60)),
            (None, Some(kind)) => format!("{kind} {} of `{list}`", index + 1),
            _ => format!("item {} of `{list}`", index + 1),
        };
    }
    format!("`{}`", truncate(&last, 60))
}

fn singular(list: &str) -> Option<&'static str> {
    Some(match list {
        "paths" => "diagnosis path",
        "steps" => "step",
        "treatments" => "treatment",
        "risk_factors" => "risk factor",
        "findings" => "finding",
        "sources" => "source",
        "tests" => "test",
        "actions" => "action",
        "codes" => "code",
        "next" => "transition",
        "allow" => "suppression",
        "scenarios" => "scenario",
        "indications" => "indication",
        "contraindications" => "contraindication",
        "all" | "any" => "condition",
        _ => return None,
    })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn article(kind: &str) -> String {
    match kind {
        "null" => "null".to_string(),
        "integer" | "array" | "object" => format!("an {kind}"),
        "boolean" | "number" | "string" => format!("a {kind}"),
        other => other.to_string(),
    }
}

/// A value as plain text: strings without quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => truncate(text, 60),
        other => truncate(&other.to_string(), 60),
    }
}

/// A value quoted for a message: "`final`", or its type when it is a container.
fn quoted(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "an array".to_string(),
        other => format!("`{}`", plain(other)),
    }
}

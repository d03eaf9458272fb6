//! Reading the schema while explaining an error: the schema object behind a keyword, the properties
//! it accepts, their descriptions, and the words a message uses for a value, a type or a list of
//! alternatives.

use crate::text::{or_list, truncate};
use serde_json::Value;

/// A JSON Schema document, for lookups by the location of a keyword.
#[derive(Clone, Copy)]
pub struct Schema<'s> {
    pub root: &'s Value,
    /// Where the schema lives in the repository, for help texts.
    pub file: &'static str,
}

impl<'s> Schema<'s> {
    /// The schema object that holds the failing keyword, following local `$ref`s.
    pub fn parent(self, schema_path: &str) -> Option<&'s Value> {
        let parent = schema_path
            .rsplit_once('/')
            .map(|(parent, _)| parent)
            .unwrap_or("");
        self.at(parent)
    }

    fn at(self, location: &str) -> Option<&'s Value> {
        let mut node: &Value = self.root;
        for segment in location.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            if segment == "$ref" {
                node = self.resolve(node);
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
    pub fn resolve<'n>(self, node: &'n Value) -> &'n Value
    where
        's: 'n,
    {
        let mut node = node;
        for _ in 0..16 {
            match node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
            {
                Some(pointer) => match self.root.pointer(pointer) {
                    Some(target) => node = target,
                    None => break,
                },
                None => break,
            }
        }
        node
    }

    /// The property names a schema object accepts for `instance`, including those of `allOf`
    /// members and of `if`/`then` branches whose `const` conditions the instance meets.
    pub fn known_properties(self, node: &Value, instance: &Value) -> Vec<String> {
        let mut names = Vec::new();
        self.collect_properties(self.resolve(node), instance, &mut names, 0);
        names
    }

    fn collect_properties(
        self,
        node: &Value,
        instance: &Value,
        names: &mut Vec<String>,
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
            let member = self.resolve(member);
            match (member.get("if"), member.get("then")) {
                (Some(condition), Some(then)) => {
                    if condition_matches(condition, instance) {
                        self.collect_properties(self.resolve(then), instance, names, depth + 1);
                    }
                }
                _ => self.collect_properties(member, instance, names, depth + 1),
            }
        }
    }

    /// The schema of `property` in the object schema `node`, for `instance`.
    pub fn property<'n>(
        self,
        node: &'n Value,
        property: &str,
        instance: &Value,
    ) -> Option<&'n Value>
    where
        's: 'n,
    {
        let node = self.resolve(node);
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
                    self.property(then, property, instance)
                }
                _ => None,
            })
    }

    /// "a step id (string) or an object with `to`", read off the alternatives of a
    /// `oneOf`/`anyOf`.
    pub fn describe_alternatives(self, alternatives: &Value) -> String {
        let Some(alternatives) = alternatives.as_array() else {
            return "one of the allowed shapes".to_string();
        };
        let described: Vec<String> = alternatives
            .iter()
            .map(|alternative| {
                let alternative = self.resolve(alternative);
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
        or_list(&described)
    }

    /// The keys of `oneOf` alternatives that each require exactly one key of their own.
    pub fn exclusive_keys<'n>(self, alternatives: &'n Value) -> Option<Vec<&'n str>>
    where
        's: 'n,
    {
        alternatives
            .as_array()?
            .iter()
            .map(|alternative| {
                match self
                    .resolve(alternative)
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

pub fn description_of(schema_node: Option<&Value>) -> Option<&str> {
    schema_node?.get("description")?.as_str()
}

/// "Write a string: what the property holds."
pub fn type_help(schema_node: Option<&Value>, expected: &str) -> String {
    match description_of(schema_node) {
        Some(description) => format!("Write {expected}: {description}"),
        None => format!("Write {expected}."),
    }
}

pub fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
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

pub fn json_type(value: &Value) -> &'static str {
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

/// "an integer", "a string".
pub fn article(kind: &str) -> String {
    match kind {
        "null" => "null".to_string(),
        "integer" | "array" | "object" => format!("an {kind}"),
        "boolean" | "number" | "string" => format!("a {kind}"),
        other => other.to_string(),
    }
}

/// A value as plain text: strings without quotes.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => truncate(text, 60),
        other => truncate(&other.to_string(), 60),
    }
}

/// A value quoted for a message: "`final`", or its type when it is a container.
pub fn quoted(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "an array".to_string(),
        other => format!("`{}`", plain(other)),
    }
}

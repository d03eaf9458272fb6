//! The order of an object's keys, read from the schema: the names of its `properties` in the order
//! the schema lists them, then those of its `allOf` members and `then`/`else` branches (a step's
//! kind-specific properties, a transition written as an object).

use crate::schema::{SCHEMA_JSON, Schema};
use serde_json::Value;

/// The schema of the value being laid out, if the schema describes it.
#[derive(Clone, Copy)]
pub(super) struct KeyOrder<'s> {
    node: Option<&'s Value>,
}

impl KeyOrder<'static> {
    /// The order of a whole guideline document.
    pub(super) fn document() -> Self {
        KeyOrder {
            node: Some(&SCHEMA_JSON),
        }
    }
}

impl<'s> KeyOrder<'s> {
    fn schema() -> Schema<'static> {
        Schema { root: &SCHEMA_JSON }
    }

    /// Where the key `name` goes among the object's keys: its place among the known properties,
    /// or after all of them.
    pub(super) fn rank(&self, name: &str) -> usize {
        self.properties()
            .iter()
            .position(|(known, _)| *known == name)
            .unwrap_or(usize::MAX)
    }

    /// The order inside the value of the member `name`.
    pub(super) fn member(&self, name: &str) -> KeyOrder<'s> {
        KeyOrder {
            node: self
                .properties()
                .into_iter()
                .find(|(known, _)| *known == name)
                .map(|(_, schema)| schema),
        }
    }

    /// The order inside the items of the array here.
    pub(super) fn items(&self) -> KeyOrder<'s> {
        KeyOrder {
            node: self
                .node
                .map(|node| Self::schema().resolve(node))
                .and_then(|node| node.get("items")),
        }
    }

    /// Every property the schema here names, in order, each with its schema. A property marked
    /// known with `true` (a step's kind-specific ones) takes the schema found for it later.
    fn properties(&self) -> Vec<(&'s str, &'s Value)> {
        let mut properties = Vec::new();
        if let Some(node) = self.node {
            collect(node, &mut properties, 0);
        }
        properties
    }
}

fn collect<'s>(node: &'s Value, properties: &mut Vec<(&'s str, &'s Value)>, depth: usize) {
    // The schema nests a few levels; the bound only guards against a `$ref` loop.
    if depth > 8 {
        return;
    }
    let node = KeyOrder::schema().resolve(node);
    if let Some(named) = node.get("properties").and_then(Value::as_object) {
        for (name, schema) in named {
            match properties.iter_mut().find(|(known, _)| known == name) {
                Some(found) if !found.1.is_object() => found.1 = schema,
                Some(_) => {}
                None => properties.push((name.as_str(), schema)),
            }
        }
    }
    for combination in ["allOf", "anyOf", "oneOf"] {
        for member in node
            .get(combination)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect(member, properties, depth + 1);
        }
    }
    // Not `if`: its properties are conditions, not members.
    for branch in ["then", "else"] {
        if let Some(branch) = node.get(branch) {
            collect(branch, properties, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(order: KeyOrder<'_>) -> Vec<&str> {
        order
            .properties()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn a_step_lists_its_common_properties_then_the_kind_specific_ones() {
        let step = KeyOrder::document()
            .member("diagnosis")
            .member("paths")
            .items()
            .member("steps")
            .items();
        let common: Vec<&str> = SCHEMA_JSON["$defs"]["Step"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let step_keys = keys(step);
        assert_eq!(step_keys[..common.len()], common[..]);
        assert_eq!(&step_keys[..3], ["id", "kind", "name"]);
        let modality = step_keys.iter().position(|key| *key == "modality").unwrap();
        assert!(modality >= common.len());
        assert_eq!(step_keys[modality + 1], "sequence");
        // The kind-specific properties have their real schema, not the `true` that marks them.
        assert_eq!(keys(step.member("tests").items())[..2], ["name", "code"]);
        // A transition written as an object.
        assert_eq!(keys(step.member("next").items())[..2], ["to", "when"]);
    }

    #[test]
    fn the_document_starts_with_its_format() {
        assert_eq!(KeyOrder::document().rank("$schema"), 0);
        assert_eq!(KeyOrder::document().rank("format"), 1);
        assert_eq!(KeyOrder::document().rank("x-notes"), usize::MAX);
        assert_eq!(KeyOrder { node: None }.rank("id"), usize::MAX);
    }
}

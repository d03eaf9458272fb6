//! The order of an object's keys, read from the schema: the names of its `properties` in the order
//! the schema lists them, then those of its `allOf` members and `then`/`else` branches (a step's
//! kind-specific properties, a transition written as an object).

use crate::schema::{GUIDELINE, Schema};
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
            node: Some(GUIDELINE.value()),
        }
    }
}

impl<'s> KeyOrder<'s> {
    fn schema() -> Schema<'static> {
        GUIDELINE.lookup()
    }

    /// The properties the schema names for the object here, read once for all its members.
    pub(super) fn object(&self) -> Properties<'s> {
        let mut properties = Vec::new();
        if let Some(node) = self.node {
            collect(node, &mut properties, 0);
        }
        Properties(properties)
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
}

/// Every property the schema names for an object, in order, each with its schema. A property
/// marked known with `true` (a step's kind-specific ones) takes the schema found for it later.
pub(super) struct Properties<'s>(Vec<(&'s str, &'s Value)>);

impl<'s> Properties<'s> {
    /// Where the key `name` goes among the object's keys: its place among the known properties,
    /// or after all of them.
    pub(super) fn rank(&self, name: &str) -> usize {
        self.0
            .iter()
            .position(|(known, _)| *known == name)
            .unwrap_or(usize::MAX)
    }

    /// The order inside the value of the member `name`.
    pub(super) fn member(&self, name: &str) -> KeyOrder<'s> {
        KeyOrder {
            node: self
                .0
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, schema)| *schema),
        }
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
        order.object().0.into_iter().map(|(name, _)| name).collect()
    }

    #[test]
    fn a_step_lists_its_common_properties_then_the_kind_specific_ones() {
        let step = KeyOrder::document()
            .object()
            .member("diagnosis")
            .object()
            .member("paths")
            .items()
            .object()
            .member("steps")
            .items();
        let common: Vec<&str> = GUIDELINE.value()["$defs"]["Step"]["properties"]
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
        assert_eq!(
            keys(step.object().member("tests").items())[..2],
            ["name", "code"]
        );
        // A transition written as an object.
        assert_eq!(
            keys(step.object().member("next").items())[..2],
            ["to", "when"]
        );
    }

    #[test]
    fn the_document_starts_with_its_format() {
        let document = KeyOrder::document().object();
        assert_eq!(document.rank("$schema"), 0);
        assert_eq!(document.rank("format"), 1);
        assert_eq!(document.rank("x-notes"), usize::MAX);
        assert_eq!(KeyOrder { node: None }.object().rank("id"), usize::MAX);
    }
}

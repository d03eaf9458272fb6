//! What the embedded JSON Schema says at a place in a document: a property's description (hover),
//! the properties an object may have and the values a field may take (completion). The schema is the
//! one `check` validates against ([`crate::schema::SCHEMA_TEXT`]), so the editor never offers what the
//! check would refuse.
//!
//! Walking follows `$ref`, `allOf`, `items`, `properties`, and the branch of each `if`/`then`/`else`
//! the document's own text takes (a step whose `kind` is `"imaging"` gets `modality`, `sequence` and
//! `contrast`). The walk reads the tolerant syntax tree, so it works while the text is broken.

use super::outline::Segment;
use super::syntax::{Node, NodeKind};
use serde_json::Value;
use std::sync::LazyLock;

static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    // The embedded schema is tested to parse (`guidelint schema` and every check use it); a
    // failure here would be a build defect, and `Null` leaves the editor features without schema
    // help rather than taking the server down.
    serde_json::from_str(crate::schema::SCHEMA_TEXT).unwrap_or(Value::Null)
});

/// A property the schema allows in an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    pub description: Option<String>,
}

/// The description of member `key` of the object at `segments`.
pub fn property_description(root: &Node, segments: &[Segment<'_>], key: &str) -> Option<String> {
    let object = instance_at(root, segments);
    schemas_at(root, segments)
        .into_iter()
        .filter_map(|schema| schema.get("properties")?.get(key))
        .find_map(|property| {
            let mut applicable = Vec::new();
            let member = object.and_then(|object| object.get(key));
            collect(property, member, &mut applicable);
            applicable
                .iter()
                .find_map(|schema| schema.get("description")?.as_str())
                .map(str::to_string)
        })
}

/// The properties the schema allows in the object at `segments`, in schema order.
pub fn properties(root: &Node, segments: &[Segment<'_>]) -> Vec<Property> {
    let mut found: Vec<Property> = Vec::new();
    for schema in schemas_at(root, segments) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            let mut applicable = Vec::new();
            collect(property, None, &mut applicable);
            let description = applicable
                .iter()
                .find_map(|schema| schema.get("description")?.as_str())
                .map(str::to_string);
            match found.iter_mut().find(|known| known.name == *name) {
                Some(known) => {
                    if known.description.is_none() {
                        known.description = description;
                    }
                }
                None => found.push(Property {
                    name: name.clone(),
                    description,
                }),
            }
        }
    }
    found
}

/// The values the schema lists for the value at `segments`: its `enum`, `const` or `examples`.
pub fn values(root: &Node, segments: &[Segment<'_>]) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for schema in schemas_at(root, segments) {
        let listed = ["enum", "examples"]
            .iter()
            .filter_map(|key| schema.get(*key)?.as_array())
            .flatten()
            .chain(schema.get("const"));
        for value in listed.filter_map(Value::as_str) {
            if !values.iter().any(|known| known == value) {
                values.push(value.to_string());
            }
        }
    }
    values
}

/// The node at `segments`, if the document has one there.
fn instance_at<'t>(root: &'t Node, segments: &[Segment<'_>]) -> Option<&'t Node> {
    let mut node = root;
    for segment in segments {
        node = child(node, *segment)?;
    }
    Some(node)
}

fn child<'t>(node: &'t Node, segment: Segment<'_>) -> Option<&'t Node> {
    match segment {
        Segment::Key(key) => node.get(key),
        Segment::Index(index) => node.elements().get(index),
    }
}

/// Every subschema that applies at `segments`.
fn schemas_at(root: &Node, segments: &[Segment<'_>]) -> Vec<&'static Value> {
    let mut instance = Some(root);
    let mut schemas = Vec::new();
    collect(&SCHEMA, instance, &mut schemas);
    for segment in segments {
        let children: Vec<&'static Value> = schemas
            .iter()
            .filter_map(|schema| match segment {
                Segment::Key(key) => schema.get("properties")?.get(*key),
                Segment::Index(_) => schema.get("items"),
            })
            .collect();
        instance = instance.and_then(|node| child(node, *segment));
        schemas = Vec::new();
        for schema in children {
            collect(schema, instance, &mut schemas);
        }
    }
    schemas
}

/// `schema` and every subschema it brings in for `instance`: references, `allOf`, `anyOf`, `oneOf`,
/// and the `if` branch the instance takes (both when it is unknown).
fn collect(schema: &'static Value, instance: Option<&Node>, out: &mut Vec<&'static Value>) {
    // The schema's own nesting is shallow; this bound only guards against a reference cycle.
    if out.len() > 256 || !schema.is_object() {
        return;
    }
    out.push(schema);
    if let Some(target) = schema.get("$ref").and_then(Value::as_str).and_then(resolve) {
        collect(target, instance, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect(part, instance, out);
        }
    }
    if let Some(condition) = schema.get("if") {
        let holds = instance.and_then(|instance| satisfies(condition, instance));
        if holds != Some(false)
            && let Some(then) = schema.get("then")
        {
            collect(then, instance, out);
        }
        if holds != Some(true)
            && let Some(otherwise) = schema.get("else")
        {
            collect(otherwise, instance, out);
        }
    }
}

/// The schema a local reference (`#/$defs/Step`) names.
fn resolve(reference: &str) -> Option<&'static Value> {
    let pointer = reference.strip_prefix('#')?;
    SCHEMA.pointer(pointer)
}

/// Whether `node` satisfies the `if` schema `condition`, as far as the keywords our schema's
/// conditions use tell (`type`, `const`, `enum`, `properties`, `required`); `None` when the text
/// does not say (a number or a skipped container).
fn satisfies(condition: &Value, node: &Node) -> Option<bool> {
    let mut holds = true;
    if let Some(wanted) = condition.get("type") {
        let types: Vec<&str> = match wanted {
            Value::String(single) => vec![single.as_str()],
            Value::Array(several) => several.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let actual = match node.kind {
            NodeKind::Object(_) => "object",
            NodeKind::Array(_) => "array",
            NodeKind::String { .. } => "string",
            NodeKind::Scalar | NodeKind::Skipped => return None,
        };
        holds &= types.contains(&actual);
    }
    if let Some(constant) = condition.get("const") {
        holds &= node
            .as_str()
            .is_some_and(|text| constant.as_str() == Some(text));
    }
    if let Some(allowed) = condition.get("enum").and_then(Value::as_array) {
        holds &= node
            .as_str()
            .is_some_and(|text| allowed.iter().any(|value| value.as_str() == Some(text)));
    }
    if let Some(required) = condition.get("required").and_then(Value::as_array) {
        holds &= required
            .iter()
            .filter_map(Value::as_str)
            .all(|key| node.members().iter().any(|member| member.key == key));
    }
    if let Some(properties) = condition.get("properties").and_then(Value::as_object) {
        for (key, property) in properties {
            if let Some(value) = node.get(key) {
                holds &= satisfies(property, value)?;
            }
        }
    }
    Some(holds)
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse;
    use super::*;

    fn names(properties: &[Property]) -> Vec<&str> {
        properties.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn a_steps_properties_follow_its_kind() {
        let text = r#"{"diagnosis": {"paths": [{"steps": [{"kind": "imaging"}, {"kind": "history"}, {}]}]}}"#;
        let root = parse(text).unwrap();
        let step = |index| {
            [
                Segment::Key("diagnosis"),
                Segment::Key("paths"),
                Segment::Index(0),
                Segment::Key("steps"),
                Segment::Index(index),
            ]
        };
        let imaging = properties(&root, &step(0));
        for name in ["id", "kind", "next", "modality", "sequence", "contrast"] {
            assert!(
                names(&imaging).contains(&name),
                "{name} in {:?}",
                names(&imaging)
            );
        }
        let history = properties(&root, &step(1));
        assert!(!names(&history).contains(&"modality"));
        assert!(names(&history).contains(&"elicits"));
        let modality = imaging.iter().find(|p| p.name == "modality").unwrap();
        assert!(
            modality
                .description
                .as_deref()
                .unwrap()
                .starts_with("The imaging technique")
        );
    }

    #[test]
    fn enum_values_depend_on_where_the_field_is() {
        let text = r#"{"findings": [{"kind": ""}], "treatments": [{"category": ""}], "condition": {"codes": [{"system": ""}]}}"#;
        let root = parse(text).unwrap();
        let finding_kinds = values(
            &root,
            &[
                Segment::Key("findings"),
                Segment::Index(0),
                Segment::Key("kind"),
            ],
        );
        assert_eq!(
            finding_kinds,
            ["symptom", "sign", "history", "lab-result", "imaging-result"]
        );
        let categories = values(
            &root,
            &[
                Segment::Key("treatments"),
                Segment::Index(0),
                Segment::Key("category"),
            ],
        );
        assert_eq!(categories[0], "conservative");
        let systems = values(
            &root,
            &[
                Segment::Key("condition"),
                Segment::Key("codes"),
                Segment::Index(0),
                Segment::Key("system"),
            ],
        );
        assert_eq!(systems, ["snomed-ct", "icd-10-cm", "loinc", "rxnorm"]);
        assert_eq!(values(&root, &[Segment::Key("format")]), ["guidelint/1"]);
    }

    #[test]
    fn descriptions_come_from_the_property_or_its_definition() {
        let root = parse(r#"{"status": "draft"}"#).unwrap();
        let status = property_description(&root, &[], "status").unwrap();
        assert!(status.starts_with("Lifecycle state"), "{status}");
        assert_eq!(property_description(&root, &[], "x-mine"), None);
    }
}

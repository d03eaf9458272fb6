//! The tree as a jsonschema custom representation: `Validator<TreeJson>` validates a [`NodeRef`].

use super::{Elements, Entry, Members, NodeRef, View};
use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use serde_json::{Number, Value};
use std::borrow::Cow;

/// jsonschema's name for this representation: `Validator<TreeJson>` validates a [`NodeRef`].
pub struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = NodeRef<'a>;
    type PreparedKey = String;
    type StringBuffer = Vec<Entry<'static>>;

    // `get` scans the members, so one pass over them never costs more than the lookups it saves.
    const KEYS_PER_LOOKUP: usize = 64;
    // A node's descendants come after it on the tape; none can contain it.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(
        buffer: &mut Vec<Entry<'static>>,
        string: &str,
        f: impl FnOnce(NodeRef<'_>) -> T,
    ) -> T {
        buffer.clear();
        buffer.push(Entry::String(Cow::Owned(string.to_owned())));
        f(NodeRef {
            entries: buffer,
            index: 0,
        })
    }
}

impl<'a> Node<'a, TreeJson> for NodeRef<'a> {
    type Object = Members<'a>;
    type Array = Elements<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<Members<'a>> {
        self.members()
    }

    fn as_array(&self) -> Option<Elements<'a>> {
        self.elements()
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.view() {
            View::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.view() {
            View::Bool(value) => Some(value),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.view(), View::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.view() {
            View::Null => JsonType::Null,
            View::Bool(_) => JsonType::Boolean,
            View::Number(_) => JsonType::Number,
            View::String(_) => JsonType::String,
            View::Array(_) => JsonType::Array,
            View::Object(_) => JsonType::Object,
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let text = self.as_str()?;
        // A character takes one to four bytes: the byte length often settles it without counting.
        let bytes = text.len() as u64;
        let fewest_characters = bytes.div_ceil(4);
        if bytes < min || fewest_characters > max {
            return Some(false);
        }
        if min <= fewest_characters && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(text.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &Value) -> bool {
        // `const` and `enum` compare strings on every document; only numbers and containers need
        // the general comparison.
        match (self.view(), expected) {
            (View::String(text), Value::String(other)) => text == other,
            (View::Bool(value), Value::Bool(other)) => value == *other,
            (View::Null, Value::Null) => true,
            (View::String(_) | View::Bool(_) | View::Null, _) => false,
            _ => jsonschema::json::cmp::equal(&NodeRef::to_value(*self), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(NodeRef::to_value(*self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        let entry: *const Entry<'_> = self.entries.get(self.index)?;
        Some(NodeIdentity::new(entry as usize))
    }
}

impl<'a> Object<'a, TreeJson> for Members<'a> {
    type Node = NodeRef<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.remaining
    }

    fn get(&self, key: &String) -> Option<NodeRef<'a>> {
        self.named(key)
    }

    fn members(&self) -> Members<'a> {
        *self
    }
}

impl<'a> Array<'a, TreeJson> for Elements<'a> {
    type Node = NodeRef<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.remaining
    }

    fn elements(&self) -> Elements<'a> {
        *self
    }
}

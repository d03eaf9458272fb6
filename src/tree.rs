//! The parsed document: a flat tape of JSON nodes whose strings borrow from the text.
//!
//! Every stage after parsing reads this one representation: the schema validates it through
//! jsonschema's custom-representation API ([`TreeJson`]), the typed model is deserialized from it
//! through serde ([`NodeRef`] is a `Deserializer`), and `placeholder-text` walks its strings.
//! Compared with `serde_json::Value` it needs one allocation per document instead of one per map,
//! vector and string, has no hash maps to fill or drop, and keeps objects in document order.
//!
//! Layout: a node is one entry, followed by its members (a `Key` entry, then the value's entries)
//! or its elements. A container entry records its length and the index just past its last
//! descendant, so siblings are reached by skipping, never by searching.

use crate::hash;
use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use serde::de::{DeserializeSeed, IntoDeserializer, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;

/// One node of the tape.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    /// An array of `len` elements whose last descendant ends before entry `end`.
    Array {
        len: usize,
        end: usize,
    },
    /// An object of `len` members whose last descendant ends before entry `end`.
    Object {
        len: usize,
        end: usize,
    },
    /// A member's name; the member's value starts at the next entry.
    Key(Cow<'a, str>),
}

/// The most values (scalars, arrays and objects; member names not counted) a document may hold.
/// Guideline documents hold a few thousand; every value costs memory in each stage, so a document
/// of millions of tiny values (a 50 MB `[0,0,0,...]`) would take gigabytes. Past this, checking
/// stops with one diagnostic, in bounded time and memory.
pub const MAX_VALUES: usize = 500_000;

/// Why the strict parser refused a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not strict JSON, or an object repeats a key.
    NotStrictJson,
    /// More than [`MAX_VALUES`] values.
    TooManyValues,
}

/// A whole document. Never empty once built: entry 0 is the root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Tree<'a> {
    /// Parses strict JSON (RFC 8259, as serde_json reads it), refusing an object that repeats a
    /// key and a document of more than [`MAX_VALUES`] values. For any other refusal the caller's
    /// span-preserving parser explains what is wrong.
    pub fn parse_strict(text: &'a str) -> Result<Tree<'a>, Refusal> {
        let mut tape = Tape {
            // About one entry per 32 bytes in guideline documents; capped, so that a huge string
            // does not reserve memory for entries that never come.
            entries: Vec::with_capacity((text.len() / 32).min(1 << 16)),
            values: 0,
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let parsed = StrictSeed(&mut tape)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        match parsed {
            Ok(()) => Ok(Tree {
                entries: tape.entries,
            }),
            Err(_) if tape.values > MAX_VALUES => Err(Refusal::TooManyValues),
            Err(_) => Err(Refusal::NotStrictJson),
        }
    }

    /// The root node.
    pub fn root(&self) -> NodeRef<'_> {
        NodeRef {
            entries: &self.entries,
            index: 0,
        }
    }
}

/// Builds a tree node by node in document order, for parsers that are not serde deserializers.
#[derive(Debug)]
pub struct TreeBuilder<'a> {
    entries: Vec<Entry<'a>>,
    /// False when the caller only walks the document for other reasons (its spans) and needs no
    /// tree: every call is then a no-op.
    keep: bool,
}

impl Default for TreeBuilder<'_> {
    fn default() -> Self {
        TreeBuilder {
            entries: Vec::new(),
            keep: true,
        }
    }
}

/// Where a container or member started, to close it or take it back.
#[derive(Debug, Clone, Copy)]
pub struct Mark(usize);

impl<'a> TreeBuilder<'a> {
    /// A builder that keeps nothing.
    pub fn discarding() -> Self {
        TreeBuilder {
            entries: Vec::new(),
            keep: false,
        }
    }

    pub fn scalar(&mut self, entry: Entry<'a>) {
        if self.keep {
            self.entries.push(entry);
        }
    }

    pub fn key(&mut self, name: Cow<'a, str>) -> Mark {
        let mark = Mark(self.entries.len());
        if self.keep {
            self.entries.push(Entry::Key(name));
        }
        mark
    }

    /// Takes back everything pushed since `mark`: a member whose name a later member repeats.
    pub fn discard_since(&mut self, mark: Mark) {
        self.entries.truncate(mark.0);
    }

    pub fn open_array(&mut self) -> Mark {
        self.open(Entry::Array { len: 0, end: 0 })
    }

    pub fn open_object(&mut self) -> Mark {
        self.open(Entry::Object { len: 0, end: 0 })
    }

    fn open(&mut self, entry: Entry<'a>) -> Mark {
        let mark = Mark(self.entries.len());
        if self.keep {
            self.entries.push(entry);
        }
        mark
    }

    /// Closes the container opened at `mark`, counting its direct children.
    pub fn close(&mut self, mark: Mark) {
        let end = self.entries.len();
        let mut len = 0;
        let mut index = mark.0 + 1;
        let is_object = matches!(self.entries.get(mark.0), Some(Entry::Object { .. }));
        while index < end {
            if is_object {
                // Skip the key; the value follows it.
                index += 1;
            }
            index = skip(&self.entries, index);
            len += 1;
        }
        if let Some(Entry::Array { len: l, end: e } | Entry::Object { len: l, end: e }) =
            self.entries.get_mut(mark.0)
        {
            *l = len;
            *e = end;
        }
    }

    pub fn finish(self) -> Tree<'a> {
        Tree {
            entries: self.entries,
        }
    }
}

/// The index just past the node at `index` and its descendants.
fn skip(entries: &[Entry<'_>], index: usize) -> usize {
    match entries.get(index) {
        Some(Entry::Array { end, .. } | Entry::Object { end, .. }) => *end,
        _ => index + 1,
    }
}

/// The tape being built, with its count of values.
struct Tape<'a> {
    entries: Vec<Entry<'a>>,
    values: usize,
}

impl<'a> Tape<'a> {
    /// Pushes a value's entry, or refuses one value too many.
    fn value<E: serde::de::Error>(&mut self, entry: Entry<'a>) -> Result<(), E> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(E::custom("too many values"));
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// Pushes one value onto the tape; serde_json drives it and refuses what RFC 8259 refuses.
struct StrictSeed<'t, 'a>(&'t mut Tape<'a>);

impl<'de> DeserializeSeed<'de> for StrictSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<(), E> {
        self.0.value(Entry::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<(), E> {
        self.0.value(Entry::Number(value.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<(), E> {
        self.0.value(Entry::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<(), E> {
        let number = Number::from_f64(value).ok_or_else(|| E::custom("number out of range"))?;
        self.0.value(Entry::Number(number))
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<(), E> {
        self.0.value(Entry::String(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        self.0.value(Entry::String(Cow::Owned(value.to_owned())))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.value(Entry::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut elements: A) -> Result<(), A::Error> {
        let start = self.0.entries.len();
        self.0.value(Entry::Array { len: 0, end: 0 })?;
        let mut len = 0;
        while elements
            .next_element_seed(StrictSeed(&mut *self.0))?
            .is_some()
        {
            len += 1;
        }
        let end = self.0.entries.len();
        self.0.entries[start] = Entry::Array { len, end };
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let start = self.0.entries.len();
        self.0.value(Entry::Object { len: 0, end: 0 })?;
        let mut len = 0;
        // Most objects are small: a scan of the names so far beats hashing them. Past that size
        // the names go into a set, so a huge object cannot make the check quadratic.
        let mut names: Option<hash::Set<Cow<'de, str>>> = None;
        while let Some(name) = members.next_key_seed(KeySeed)? {
            let entries = &self.0.entries;
            let repeated = match &mut names {
                Some(names) => !names.insert(name.clone()),
                None => {
                    let repeated =
                        open_object_names(entries, start).any(|earlier| *earlier == name);
                    if !repeated && len + 1 >= SCANNED_NAMES {
                        let mut set: hash::Set<Cow<'de, str>> =
                            open_object_names(entries, start).cloned().collect();
                        set.insert(name.clone());
                        names = Some(set);
                    }
                    repeated
                }
            };
            if repeated {
                return Err(serde::de::Error::custom("repeated key"));
            }
            self.0.entries.push(Entry::Key(name));
            members.next_value_seed(StrictSeed(&mut *self.0))?;
            len += 1;
        }
        let end = self.0.entries.len();
        self.0.entries[start] = Entry::Object { len, end };
        Ok(())
    }
}

/// How many names an object may have before repeats are found with a set instead of a scan.
const SCANNED_NAMES: usize = 32;

/// The names of the members read so far of the object whose entry is at `start`.
fn open_object_names<'t, 'a>(
    entries: &'t [Entry<'a>],
    start: usize,
) -> impl Iterator<Item = &'t Cow<'a, str>> {
    let mut index = start + 1;
    std::iter::from_fn(move || {
        let Some(Entry::Key(name)) = entries.get(index) else {
            return None;
        };
        index = skip(entries, index + 1);
        Some(name)
    })
}

/// Reads a member name, borrowing it from the text unless it holds escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(value.to_owned()))
    }
}

/// A handle on one node of a tree; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'t> {
    entries: &'t [Entry<'t>],
    index: usize,
}

/// What a node holds, for matching on.
#[derive(Debug, Clone, Copy)]
pub enum View<'t> {
    Null,
    Bool(bool),
    Number(&'t Number),
    String(&'t str),
    Array(Elements<'t>),
    Object(Members<'t>),
}

impl<'t> NodeRef<'t> {
    pub fn view(self) -> View<'t> {
        match self.entries.get(self.index) {
            Some(Entry::Bool(value)) => View::Bool(*value),
            Some(Entry::Number(number)) => View::Number(number),
            Some(Entry::String(text) | Entry::Key(text)) => View::String(text),
            Some(Entry::Array { len, end }) => View::Array(Elements {
                entries: self.entries,
                next: self.index + 1,
                end: *end,
                remaining: *len,
            }),
            Some(Entry::Object { len, end }) => View::Object(Members {
                entries: self.entries,
                next: self.index + 1,
                end: *end,
                remaining: *len,
            }),
            Some(Entry::Null) | None => View::Null,
        }
    }

    pub fn as_str(self) -> Option<&'t str> {
        match self.view() {
            View::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn members(self) -> Option<Members<'t>> {
        match self.view() {
            View::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn elements(self) -> Option<Elements<'t>> {
        match self.view() {
            View::Array(elements) => Some(elements),
            _ => None,
        }
    }

    /// The member named `name`, when this is an object that has one.
    pub fn get(self, name: &str) -> Option<NodeRef<'t>> {
        self.members()?
            .find(|(member, _)| *member == name)
            .map(|(_, value)| value)
    }

    /// The node at an RFC 6901 pointer (`""` is this node).
    pub fn pointer(self, pointer: &str) -> Option<NodeRef<'t>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for segment in pointer.strip_prefix('/')?.split('/') {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            node = match node.view() {
                View::Object(mut members) => members
                    .find(|(member, _)| *member == segment)
                    .map(|(_, value)| value)?,
                View::Array(mut elements) => {
                    if segment.starts_with('+') || (segment.len() > 1 && segment.starts_with('0')) {
                        return None;
                    }
                    elements.nth(segment.parse::<usize>().ok()?)?
                }
                _ => return None,
            };
        }
        Some(node)
    }

    /// The node as a `serde_json::Value`: for the cold paths that explain schema errors.
    pub fn to_value(self) -> Value {
        match self.view() {
            View::Null => Value::Null,
            View::Bool(value) => Value::Bool(value),
            View::Number(number) => Value::Number(number.clone()),
            View::String(text) => Value::String(text.to_owned()),
            View::Array(elements) => Value::Array(elements.map(NodeRef::to_value).collect()),
            View::Object(members) => Value::Object(
                members
                    .map(|(name, value)| (name.to_owned(), value.to_value()))
                    .collect(),
            ),
        }
    }
}

/// The elements of an array, in order.
#[derive(Debug, Clone, Copy)]
pub struct Elements<'t> {
    entries: &'t [Entry<'t>],
    next: usize,
    end: usize,
    remaining: usize,
}

impl<'t> Iterator for Elements<'t> {
    type Item = NodeRef<'t>;

    fn next(&mut self) -> Option<NodeRef<'t>> {
        if self.next >= self.end {
            return None;
        }
        let node = NodeRef {
            entries: self.entries,
            index: self.next,
        };
        self.next = skip(self.entries, self.next);
        self.remaining = self.remaining.saturating_sub(1);
        Some(node)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Elements<'_> {}

/// The members of an object, in document order.
#[derive(Debug, Clone, Copy)]
pub struct Members<'t> {
    entries: &'t [Entry<'t>],
    next: usize,
    end: usize,
    remaining: usize,
}

impl<'t> Iterator for Members<'t> {
    type Item = (&'t str, NodeRef<'t>);

    fn next(&mut self) -> Option<(&'t str, NodeRef<'t>)> {
        if self.next >= self.end {
            return None;
        }
        let name = match self.entries.get(self.next) {
            Some(Entry::Key(name)) => name.as_ref(),
            // A tree is built with a key before every member value.
            _ => return None,
        };
        let value = NodeRef {
            entries: self.entries,
            index: self.next + 1,
        };
        self.next = skip(self.entries, self.next + 1);
        self.remaining = self.remaining.saturating_sub(1);
        Some((name, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Members<'_> {}

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
        let mut members = *self;
        members
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
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

/// The typed model reads a tree through serde, as it would read text: strings are lent, not copied.
impl<'de> serde::Deserializer<'de> for NodeRef<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.view() {
            View::Null => visitor.visit_unit(),
            View::Bool(value) => visitor.visit_bool(value),
            View::Number(number) => number.deserialize_any(visitor),
            View::String(text) => visitor.visit_borrowed_str(text),
            View::Array(elements) => visitor.visit_seq(SeqAccess(elements)),
            View::Object(members) => visitor.visit_map(MapAccess {
                members,
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.view() {
            View::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // The model's enums are all unit variants, written as strings.
        match self.view() {
            View::String(text) => visitor.visit_enum(text.into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct SeqAccess<'de>(Elements<'de>);

impl<'de> serde::de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(ExactSizeIterator::len(&self.0))
    }
}

struct MapAccess<'de> {
    members: Members<'de>,
    /// The value of the member whose name was just read.
    value: Option<NodeRef<'de>>,
}

impl<'de> serde::de::MapAccess<'de> for MapAccess<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let name: serde::de::value::BorrowedStrDeserializer<'de, serde_json::Error> =
            serde::de::value::BorrowedStrDeserializer::new(name);
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(serde::de::Error::custom(
                "a member value was read before its name",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(ExactSizeIterator::len(&self.members))
    }
}

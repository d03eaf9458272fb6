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
//!
//! `strict` fills a tree from serde_json's parser; [`TreeBuilder`] is how the span-preserving
//! parser (`crate::parse`) fills one; `schema` and `de` are the jsonschema and serde views of it.

mod de;
mod schema;
mod strict;

pub use schema::TreeJson;

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
        strict::parse(text).map(|entries| Tree { entries })
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
        self.members()?.named(name)
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
                View::Object(members) => members.named(&segment)?,
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

impl<'t> Members<'t> {
    /// The value of the member named `name`: objects are small, and a scan beats hashing.
    pub fn named(mut self, name: &str) -> Option<NodeRef<'t>> {
        self.find(|(member, _)| *member == name)
            .map(|(_, value)| value)
    }
}

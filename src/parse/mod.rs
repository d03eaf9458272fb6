//! JSON with spans: the document as a [`Tree`] plus an index from RFC 6901 pointer to
//! the byte ranges of each node's key and value. Parsing is strict JSON (RFC 8259): every JSONC and
//! JSON5 extension of the underlying parser is switched off.

use crate::diagnostic::{Diagnostic, Label};
use crate::hash;
use crate::source::{SharedText, SourceFile, Span};
use crate::tree::{Entry, MAX_VALUES, Refusal, Tree, TreeBuilder};
use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::common::Ranged;
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, ParseOptions, Scanner, ScannerOptions};
use serde_json::Number;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

mod duplicate_key;
mod invalid_json;
mod syntax_error;

use crate::pointer::Pointer;
pub use crate::pointer::push_segment;
pub use crate::text::truncate;
pub use duplicate_key::DUPLICATE_KEY;
pub use invalid_json::INVALID_JSON;

/// Where a node sits in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpans {
    /// The property name (with its quotes) when the node is an object member.
    pub key: Option<Span>,
    /// The whole value, brackets and quotes included.
    pub value: Span,
}

/// Pointer -> spans, built at most once per file. A document that parses cleanly gets a lazy index,
/// built from its text the first time a diagnostic asks where something is: most documents in a
/// repository have no diagnostics and never pay for it.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: OnceLock<hash::Map<String, NodeSpans>>,
    /// The text to index on first use; `None` when the index was built eagerly.
    text: Option<SharedText>,
}

impl SpanIndex {
    fn built(nodes: hash::Map<String, NodeSpans>) -> Self {
        SpanIndex {
            nodes: OnceLock::from(nodes),
            text: None,
        }
    }

    fn lazy(text: SharedText) -> Self {
        SpanIndex {
            nodes: OnceLock::new(),
            text: Some(text),
        }
    }

    fn nodes(&self) -> &hash::Map<String, NodeSpans> {
        self.nodes.get_or_init(|| {
            let Some(text) = &self.text else {
                return hash::Map::default();
            };
            let source = SourceFile::from_shared("", Arc::clone(text));
            // Only the spans are wanted: the document's tree was built by the strict parser.
            match parse_with_spans_into(&source, Purpose::SpansOfStrictJson).document {
                Some(document) => document.spans.nodes.into_inner().unwrap_or_default(),
                // Unreachable: the lazy index is only made for text that parsed.
                None => hash::Map::default(),
            }
        })
    }

    pub fn get(&self, pointer: &str) -> Option<NodeSpans> {
        self.nodes().get(pointer).copied()
    }

    /// The span of the value at `pointer`, or of its closest existing ancestor.
    pub fn value(&self, pointer: &str) -> Span {
        self.closest(pointer).value
    }

    /// The key of the member at `pointer` when it has one, else its value: the place an author
    /// reads as "this property".
    pub fn key_or_value(&self, pointer: &str) -> Span {
        let node = self.closest(pointer);
        node.key.unwrap_or(node.value)
    }

    /// Where to point when an object lacks something: the key that holds the object, or for an
    /// array item or the root, its opening brace.
    pub fn object_head(&self, pointer: &str) -> Span {
        let node = self.closest(pointer);
        node.key.unwrap_or_else(|| {
            Span::new(node.value.start, (node.value.start + 1).min(node.value.end))
        })
    }

    /// The node at `pointer`. Every pointer a stage or rule builds names a node of the document
    /// (typed pointers, and a test over every fixture, see to it); should one not, the closest
    /// ancestor still gives the reader a place, and debug builds (the tests) stop at the bug.
    fn closest(&self, pointer: &str) -> NodeSpans {
        let nodes = self.nodes();
        debug_assert!(
            nodes.is_empty() || nodes.contains_key(pointer),
            "no node at pointer {pointer:?}"
        );
        let mut pointer = pointer;
        loop {
            if let Some(node) = nodes.get(pointer) {
                return *node;
            }
            match pointer.rfind('/') {
                Some(slash) => pointer = &pointer[..slash],
                // The root is always indexed when a document parsed; an empty index only arises for
                // documents that never parsed, which never reach span lookups.
                None => {
                    return nodes.get("").copied().unwrap_or(NodeSpans {
                        key: None,
                        value: Span::point(0),
                    });
                }
            }
        }
    }
}

/// A document that parsed. Its tree borrows strings from the source text.
#[derive(Debug)]
pub struct ParsedDocument<'a> {
    pub tree: Tree<'a>,
    pub spans: SpanIndex,
    /// The text the document was parsed from (without a byte-order mark).
    pub text: SharedText,
}

/// The result of parsing one file: the document when the text is JSON, and the diagnostics found
/// on the way (`invalid-json`, `duplicate-key`).
#[derive(Debug)]
pub struct ParseOutcome<'a> {
    pub document: Option<ParsedDocument<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn parse(source: &SourceFile) -> ParseOutcome<'_> {
    // Fast path: strict serde_json parse, refusing repeated keys. Anything it refuses (syntax
    // errors, repeated keys, nesting beyond its limit) takes the span-preserving path, which
    // finds and explains the problem.
    match Tree::parse_strict(source.text()) {
        Ok(tree) => {
            return ParseOutcome {
                document: Some(ParsedDocument {
                    tree,
                    spans: SpanIndex::lazy(source.shared_text()),
                    text: source.shared_text(),
                }),
                diagnostics: Vec::new(),
            };
        }
        Err(Refusal::TooManyValues) => return too_many_values(source.text()),
        Err(Refusal::NotStrictJson) => {}
    }
    // The span-preserving path holds a syntax tree and a pointer for every value: count first,
    // so that a huge document cannot take gigabytes on its way to being refused.
    if counts_more_than_max_values(source.text()) {
        return too_many_values(source.text());
    }
    parse_with_spans(source)
}

/// Whether `text` holds more than [`MAX_VALUES`] values, counted with jsonc-parser's scanner
/// (no allocation per token) up to the end or to the first token it cannot read.
fn counts_more_than_max_values(text: &str) -> bool {
    // Every value takes at least one byte.
    if text.len() <= MAX_VALUES {
        return false;
    }
    let mut scanner = Scanner::new(text, &ScannerOptions::default());
    let mut values: usize = 0;
    while let Ok(Some(token)) = scanner.scan() {
        match token {
            // A member name is a string followed by a colon: count the string, take the colon off.
            Token::Colon => values = values.saturating_sub(1),
            Token::OpenBrace
            | Token::OpenBracket
            | Token::String(_)
            | Token::Word(_)
            | Token::Boolean(_)
            | Token::Number(_)
            | Token::Null => values += 1,
            Token::CloseBrace
            | Token::CloseBracket
            | Token::Comma
            | Token::CommentLine(_)
            | Token::CommentBlock(_) => {}
        }
        if values > MAX_VALUES {
            return true;
        }
    }
    false
}

fn too_many_values(text: &str) -> ParseOutcome<'static> {
    let first = text.chars().next().map_or(0, char::len_utf8);
    let diagnostic = Diagnostic::new(
        &INVALID_JSON,
        format!(
            "the document holds more than {} JSON values",
            thousands(MAX_VALUES)
        ),
        Pointer::root(),
        Label::new(Span::new(0, first), "this document"),
    )
    .with_help(
        "A guideline holds a few thousand values; guidelint stops here to keep time and memory \
         bounded. Check that this is the file you meant to check.",
    );
    ParseOutcome {
        document: None,
        diagnostics: vec![diagnostic],
    }
}

/// `500000` as `500,000`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// Parses with jsonc-parser, keeping every node's span and explaining every problem.
pub fn parse_with_spans(source: &SourceFile) -> ParseOutcome<'_> {
    parse_with_spans_into(source, Purpose::Document)
}

/// What the span-preserving parser is run for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A document the strict parser refused: build its tree and find every problem.
    Document,
    /// Only the spans of a text the strict parser accepted: no tree, and no problem to find.
    SpansOfStrictJson,
}

/// The syntax tree of `text` as strict JSON (every extension of jsonc-parser switched off), with
/// the byte range of every node: what the span index is built from, and what `fmt` lays out (it
/// copies each string and number from the text exactly as written). `Ok(None)` for a text with no
/// value. The caller must still reject what the parser accepts but RFC 8259 does not (see
/// [`parse`], which does).
pub fn syntax_tree(text: &str) -> Result<Option<ast::Value<'_>>, jsonc_parser::errors::ParseError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options)
        .map(|result| result.value)
}

fn parse_with_spans_into(source: &SourceFile, purpose: Purpose) -> ParseOutcome<'_> {
    let text = source.text();
    let ast = match syntax_tree(text) {
        Ok(ast) => ast,
        Err(error) => {
            let diagnostic = syntax_error::diagnostic(source, &error);
            // Report whichever problem comes first in the text.
            let before = text.get(..diagnostic.primary.span.start).unwrap_or("");
            let diagnostic = strictness_error(before).unwrap_or(diagnostic);
            return ParseOutcome {
                document: None,
                diagnostics: vec![diagnostic],
            };
        }
    };
    if purpose == Purpose::Document
        && let Some(diagnostic) = strictness_error(text)
    {
        return ParseOutcome {
            document: None,
            diagnostics: vec![diagnostic],
        };
    }
    let Some(ast) = ast else {
        let diagnostic = Diagnostic::new(
            &INVALID_JSON,
            if text.is_empty() {
                "the file is empty"
            } else {
                "the file holds only whitespace"
            },
            Pointer::root(),
            Label::new(Span::point(0), "no JSON value here"),
        )
        .with_help("A guideline document is one JSON object: start from `{\"format\": \"guidelint/1\", ...}`.");
        return ParseOutcome {
            document: None,
            diagnostics: vec![diagnostic],
        };
    };
    let mut builder = Builder {
        tree: match purpose {
            Purpose::Document => TreeBuilder::default(),
            Purpose::SpansOfStrictJson => TreeBuilder::discarding(),
        },
        find_repeated_keys: purpose == Purpose::Document,
        // About one node per 24 bytes in guideline documents; sized once, not rehashed as it grows.
        nodes: hash::Map::with_capacity_and_hasher(text.len() / 24, Default::default()),
        diagnostics: Vec::new(),
        pointer: String::new(),
    };
    let root_span = range_span(ast.range());
    builder.nodes.insert(
        String::new(),
        NodeSpans {
            key: None,
            value: root_span,
        },
    );
    match builder.convert(&ast) {
        Ok(()) => ParseOutcome {
            document: Some(ParsedDocument {
                tree: builder.tree.finish(),
                spans: SpanIndex::built(builder.nodes),
                text: source.shared_text(),
            }),
            diagnostics: builder.diagnostics,
        },
        Err(diagnostic) => {
            builder.diagnostics.push(*diagnostic);
            ParseOutcome {
                document: None,
                diagnostics: builder.diagnostics,
            }
        }
    }
}

/// What the parser accepts although RFC 8259 does not: unescaped control characters (U+0000 to
/// U+001F) inside strings, and whitespace other than space, tab, line feed and carriage return
/// (vertical tab, form feed, Unicode spaces) between tokens. `text` must hold no other syntax error
/// (the parser accepted it, or it ends where the parser stopped), so strings are delimited by plain
/// double quotes. Returns an `invalid-json` diagnostic at the first such character.
fn strictness_error(text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => index += 1,
                b'"' => in_string = false,
                0x00..=0x1F => {
                    let (message, label, help) = match byte {
                        b'\n' | b'\r' => (
                            "invalid string: line break inside a string".to_string(),
                            "line break",
                            "Strings stay on one line; write a line break as `\\n`.",
                        ),
                        b'\t' => (
                            "invalid string: unescaped tab inside a string".to_string(),
                            "tab",
                            "Write a tab inside a string as `\\t`.",
                        ),
                        other => (
                            format!("invalid string: unescaped control character U+{other:04X}"),
                            "control character",
                            "Control characters in strings must be escaped, for example as `\\u0000`.",
                        ),
                    };
                    return Some(
                        Diagnostic::new(
                            &INVALID_JSON,
                            message,
                            Pointer::root(),
                            Label::new(Span::new(index, index + 1), label),
                        )
                        .with_help(help),
                    );
                }
                _ => {}
            }
            index += 1;
            continue;
        }
        let character = text.get(index..)?.chars().next()?;
        match character {
            '"' => in_string = true,
            ' ' | '\t' | '\n' | '\r' => {}
            other if other.is_whitespace() => {
                return Some(
                    Diagnostic::new(
                        &INVALID_JSON,
                        format!("U+{:04X} is not whitespace JSON allows", u32::from(other)),
                        Pointer::root(),
                        Label::new(Span::new(index, index + other.len_utf8()), "not JSON whitespace"),
                    )
                    .with_help(
                        "Between values JSON allows only spaces, tabs, line feeds and carriage returns; \
                         replace this character with a space.",
                    ),
                );
            }
            _ => {}
        }
        index += character.len_utf8();
    }
    None
}

fn range_span(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

struct Builder<'a> {
    tree: TreeBuilder<'a>,
    /// False for text the strict parser accepted, which repeats no key.
    find_repeated_keys: bool,
    nodes: hash::Map<String, NodeSpans>,
    diagnostics: Vec<Diagnostic>,
    /// Pointer of the node being converted; segments are pushed and popped as the walk descends.
    pointer: String,
}

impl<'a> Builder<'a> {
    /// Recursion is bounded by the parser's nesting limit (512), so the walk cannot exhaust the stack.
    fn convert(&mut self, node: &ast::Value<'a>) -> Result<(), Box<Diagnostic>> {
        match node {
            ast::Value::NullKeyword(_) => self.tree.scalar(Entry::Null),
            ast::Value::BooleanLit(boolean) => self.tree.scalar(Entry::Bool(boolean.value)),
            ast::Value::StringLit(string) => self.tree.scalar(Entry::String(string.value.clone())),
            ast::Value::NumberLit(number) => self.tree.scalar(Entry::Number(parse_number(number)?)),
            ast::Value::Array(array) => {
                let array_mark = self.tree.open_array();
                for (index, element) in array.elements.iter().enumerate() {
                    let length = self.pointer.len();
                    self.pointer.push('/');
                    self.pointer.push_str(&index.to_string());
                    self.nodes.insert(
                        self.pointer.clone(),
                        NodeSpans {
                            key: None,
                            value: range_span(element.range()),
                        },
                    );
                    self.convert(element)?;
                    self.pointer.truncate(length);
                }
                self.tree.close(array_mark);
            }
            ast::Value::Object(object) => {
                let object_mark = self.tree.open_object();
                // Each name's occurrences, read once before the walk.
                let mut names: hash::Map<&str, Occurrences> = hash::Map::default();
                if self.find_repeated_keys {
                    for (position, property) in object.properties.iter().enumerate() {
                        let (name, key_span) = member_key(&property.name);
                        let occurrences = names.entry(name).or_insert(Occurrences {
                            first_key: key_span,
                            first: position,
                            last: position,
                            count: 0,
                        });
                        occurrences.count += 1;
                        occurrences.last = position;
                    }
                }
                for (position, property) in object.properties.iter().enumerate() {
                    let (name, key_span) = member_key(&property.name);
                    let length = self.pointer.len();
                    push_segment(&mut self.pointer, name);
                    let occurrences = names.get(name).copied();
                    // Every repeat is labelled against the first occurrence, not the previous one.
                    if let Some(occurrences) = occurrences
                        && occurrences.first != position
                    {
                        self.diagnostics.push(duplicate_key(
                            &self.pointer,
                            name,
                            occurrences.count,
                            occurrences.first_key,
                            key_span,
                        ));
                    }
                    self.nodes.insert(
                        self.pointer.clone(),
                        NodeSpans {
                            key: Some(key_span),
                            value: range_span(property.value.range()),
                        },
                    );
                    let member_mark = self.tree.key(member_name(&property.name));
                    // Every occurrence is walked, so problems inside each are found and indexed.
                    self.convert(&property.value)?;
                    // Like most parsers, the last occurrence wins; `duplicate-key` reports the clash.
                    if occurrences.is_some_and(|occurrences| occurrences.last != position) {
                        self.tree.discard_since(member_mark);
                    }
                    self.pointer.truncate(length);
                }
                self.tree.close(object_mark);
            }
        }
        Ok(())
    }
}

/// Where a member name occurs in one object.
#[derive(Debug, Clone, Copy)]
struct Occurrences {
    /// The key of the first occurrence, which every repeat is labelled against.
    first_key: Span,
    first: usize,
    /// The occurrence whose value the tree keeps.
    last: usize,
    count: usize,
}

fn parse_number(number: &ast::NumberLit) -> Result<Number, Box<Diagnostic>> {
    number.value.parse::<Number>().map_err(|_| {
        Box::new(
            Diagnostic::new(
                &INVALID_JSON,
                format!(
                    "the number `{}` is out of range",
                    truncate(number.value, 40)
                ),
                Pointer::root(),
                Label::new(range_span(number.range), "this number"),
            )
            .with_help("Use a number that fits a 64-bit floating-point value."),
        )
    })
}

/// The name of an object member, unescaped, borrowed from the text when it holds no escape.
fn member_name<'a>(name: &ObjectPropName<'a>) -> Cow<'a, str> {
    match name {
        ObjectPropName::String(string) => string.value.clone(),
        ObjectPropName::Word(word) => Cow::Borrowed(word.value),
    }
}

/// The name of an object member, as written between its quotes, and the span of the key.
fn member_key<'a>(name: &'a ObjectPropName<'_>) -> (&'a str, Span) {
    match name {
        ObjectPropName::String(string) => (string.value.as_ref(), range_span(string.range)),
        ObjectPropName::Word(word) => (word.value, range_span(word.range)),
    }
}

/// One diagnostic per repeat of a key, each against the key's first occurrence; the message gives
/// how often the key appears in all.
fn duplicate_key(
    pointer: &str,
    name: &str,
    occurrences: usize,
    first: Span,
    second: Span,
) -> Diagnostic {
    let how_often = match occurrences {
        0..=2 => "twice".to_string(),
        count => format!("{count} times"),
    };
    Diagnostic::new(
        &DUPLICATE_KEY,
        format!(
            "the key `{}` appears {how_often} in the same object",
            truncate(name, 60)
        ),
        Pointer::from_escaped(pointer),
        Label::new(second, "defined again here"),
    )
    .with_label(Label::new(first, "first defined here"))
    .with_help(
        "JSON leaves the meaning of a repeated key undefined and tools disagree on which value wins; \
         keep one and merge or delete the other.",
    )
}

/// Shortens user text quoted in a message so a huge value cannot flood the report.
#[cfg(test)]
mod tests {
    use super::{MAX_VALUES, counts_more_than_max_values, thousands};

    /// An object of `members` members, one name repeated, in an array: `members + 2` values.
    fn document(members: usize) -> String {
        let mut text = String::from("[{");
        for index in 0..members {
            if index > 0 {
                text.push(',');
            }
            // Names alone, strings as values, and a repeated name: none is counted twice.
            let name = if index == 1 { 0 } else { index };
            text.push_str(&format!("\"k{name}\": \"v\""));
        }
        text.push_str("}]");
        text
    }

    #[test]
    fn the_count_before_the_slow_parse_stops_just_past_the_limit() {
        assert!(!counts_more_than_max_values(&document(MAX_VALUES - 2)));
        assert!(counts_more_than_max_values(&document(MAX_VALUES - 1)));
        // Short texts are never scanned: every value takes a byte.
        assert!(!counts_more_than_max_values("[0,0,0]"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(500_000), "500,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

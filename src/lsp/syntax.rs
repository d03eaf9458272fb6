//! An error-tolerant reading of a JSON text, for navigation, hover, completion and symbols while the
//! author types. Diagnostics never come from here: they come from `check_source`, whose strict parser
//! says exactly what is wrong. This reading only has to find, in text that is often broken (an
//! unterminated string, a member without a value, a missing comma or bracket), the objects, members,
//! arrays and strings that are there, with their byte spans.
//!
//! Why not jsonc-parser, which guidelint already uses: it stops at the first error and returns no
//! tree, which is the usual state of a document being typed. Recovery follows the approach of VS
//! Code's JSON language service: a string ends at the end of its line at the latest; a key followed by
//! another key has no value; a closing bracket that belongs to an enclosing container closes every
//! container opened since; anything else unexpected is skipped. Nesting deeper than [`MAX_DEPTH`] is
//! skipped without building nodes, and reading stops building after [`MAX_NODES`] nodes, so any text
//! (a 50 MB paste) is read in bounded stack and memory.

use crate::source::Span;

/// Containers nested deeper than this are skipped: guidelines nest about ten levels.
pub const MAX_DEPTH: usize = 128;

/// The most nodes built; the rest of a larger text is skipped (`check` refuses documents of more
/// than [`crate::tree::MAX_VALUES`] values anyway).
pub const MAX_NODES: usize = crate::tree::MAX_VALUES;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The whole value; for a container never closed, up to where reading it stopped.
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// `terminated` is false for a string cut off by the end of its line or of the text.
    String {
        value: String,
        terminated: bool,
    },
    /// A number, `true`, `false`, `null`, or a bare word being typed.
    Scalar,
    /// A container too deeply nested to read.
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    /// The key with its quotes.
    pub key_span: Span,
    /// Where the colon is, if there is one.
    pub colon: Option<usize>,
    pub value: Option<Node>,
}

impl Node {
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            NodeKind::Object(members) => members,
            _ => &[],
        }
    }

    pub fn elements(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Array(elements) => elements,
            _ => &[],
        }
    }

    /// The value of member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members()
            .iter()
            .find(|member| member.key == key)
            .and_then(|member| member.value.as_ref())
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, NodeKind::Object(_))
    }

    /// Whether `offset` is inside the value, where a cursor edits it: between the brackets of a
    /// container (or anywhere after the opening bracket of one never closed), between the quotes of
    /// a string, within or just after a scalar.
    pub fn contains_cursor(&self, offset: usize, text_len: usize) -> bool {
        match &self.kind {
            NodeKind::Object(_) | NodeKind::Array(_) | NodeKind::Skipped => {
                offset > self.span.start && (offset < self.span.end || self.span.end == text_len)
            }
            NodeKind::String { terminated, .. } => {
                offset > self.span.start
                    && (offset < self.span.end || (!terminated && offset == self.span.end))
            }
            NodeKind::Scalar => offset >= self.span.start && offset <= self.span.end,
        }
    }
}

/// Reads `text` as well as it can; `None` when it holds no value at all.
pub fn parse(text: &str) -> Option<Node> {
    let mut parser = Parser {
        lexer: Lexer {
            text,
            // A byte-order mark is not part of the value.
            position: super::convert::bom_length(text),
        },
        peeked: Vec::new(),
        nodes: 0,
        open_objects: 0,
        open_arrays: 0,
    };
    loop {
        match parser.peek(0).0 {
            Token::Eof => return None,
            Token::OpenBrace | Token::OpenBracket | Token::String { .. } | Token::Word => {
                return parser.value(0);
            }
            // Stray punctuation before the first value.
            _ => {
                parser.next();
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Colon,
    Comma,
    String { value: String, terminated: bool },
    Word,
    Eof,
}

struct Lexer<'a> {
    text: &'a str,
    position: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> (Token, Span) {
        self.skip_trivia();
        let start = self.position;
        let bytes = self.text.as_bytes();
        let Some(&byte) = bytes.get(start) else {
            return (Token::Eof, Span::point(start));
        };
        let single = |token: Token| (token, Span::new(start, start + 1));
        let token = match byte {
            b'{' => single(Token::OpenBrace),
            b'}' => single(Token::CloseBrace),
            b'[' => single(Token::OpenBracket),
            b']' => single(Token::CloseBracket),
            b':' => single(Token::Colon),
            b',' => single(Token::Comma),
            b'"' => return self.string(start),
            _ => {
                let length = self.text[start..]
                    .find(|character: char| {
                        character.is_whitespace() || "{}[]:,\"".contains(character)
                    })
                    .unwrap_or(self.text.len() - start);
                // A character that starts nothing (a stray `\0`) is still one token, so reading
                // always advances.
                let length = if length == 0 {
                    self.text[start..].chars().next().map_or(1, char::len_utf8)
                } else {
                    length
                };
                (Token::Word, Span::new(start, start + length))
            }
        };
        self.position = token.1.end;
        token
    }

    /// Skips whitespace and comments (not JSON, but an author may paste them; `check` reports them).
    fn skip_trivia(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.position) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.position += 1,
                Some(b'/') if bytes.get(self.position + 1) == Some(&b'/') => {
                    self.position = memchr::memchr2(b'\n', b'\r', &bytes[self.position..])
                        .map_or(bytes.len(), |index| self.position + index);
                }
                Some(b'/') if bytes.get(self.position + 1) == Some(&b'*') => {
                    self.position = memchr::memmem::find(&bytes[self.position + 2..], b"*/")
                        .map_or(bytes.len(), |index| self.position + 2 + index + 2);
                }
                _ => return,
            }
        }
    }

    /// A string from its opening quote; it ends at the closing quote, or unterminated before a line
    /// break or at the end of the text.
    fn string(&mut self, start: usize) -> (Token, Span) {
        let text = self.text;
        let mut value = String::new();
        let mut characters = text[start + 1..].char_indices();
        let mut end = text.len();
        let mut terminated = false;
        while let Some((index, character)) = characters.next() {
            let at = start + 1 + index;
            match character {
                '"' => {
                    end = at + 1;
                    terminated = true;
                    break;
                }
                '\n' | '\r' => {
                    end = at;
                    break;
                }
                '\\' => match characters.clone().next() {
                    Some((_, escaped @ ('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't'))) => {
                        characters.next();
                        value.push(match escaped {
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            other => other,
                        });
                    }
                    Some((_, 'u')) => {
                        let digits = text.get(at + 2..at + 6).unwrap_or("");
                        match u32::from_str_radix(digits, 16) {
                            Ok(unit) if digits.len() == 4 => {
                                for _ in 0..5 {
                                    characters.next();
                                }
                                value.push(decode_escape(unit, text, at + 6, &mut characters));
                            }
                            _ => value.push('\\'),
                        }
                    }
                    _ => value.push('\\'),
                },
                other => value.push(other),
            }
        }
        self.position = end;
        (Token::String { value, terminated }, Span::new(start, end))
    }
}

/// The character of a `\uXXXX` escape whose unit is `unit`, reading the low half of a surrogate pair
/// from `rest` (at byte `after`) when it follows; a lone surrogate becomes U+FFFD.
fn decode_escape(
    unit: u32,
    text: &str,
    after: usize,
    characters: &mut std::str::CharIndices<'_>,
) -> char {
    if (0xD800..0xDC00).contains(&unit)
        && text.get(after..after + 2) == Some("\\u")
        && let Some(low) = text
            .get(after + 2..after + 6)
            .and_then(|digits| u32::from_str_radix(digits, 16).ok())
            .filter(|low| (0xDC00..0xE000).contains(low))
    {
        for _ in 0..6 {
            characters.next();
        }
        return char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            .unwrap_or('\u{fffd}');
    }
    char::from_u32(unit).unwrap_or('\u{fffd}')
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Vec<(Token, Span)>,
    nodes: usize,
    /// Objects and arrays open around the container being read, whose closing brackets end it.
    open_objects: usize,
    open_arrays: usize,
}

impl Parser<'_> {
    fn peek(&mut self, ahead: usize) -> &(Token, Span) {
        while self.peeked.len() <= ahead {
            let token = if self.nodes >= MAX_NODES {
                // Past the budget, read no further.
                let end = self.lexer.text.len();
                (Token::Eof, Span::point(end))
            } else {
                self.lexer.next()
            };
            self.peeked.push(token);
        }
        &self.peeked[ahead]
    }

    fn next(&mut self) -> (Token, Span) {
        self.peek(0);
        self.peeked.remove(0)
    }

    /// A value at the next token, or `None` (consuming nothing) when the next token cannot start one.
    fn value(&mut self, depth: usize) -> Option<Node> {
        let (token, span) = self.peek(0).clone();
        let kind = match token {
            Token::OpenBrace | Token::OpenBracket if depth >= MAX_DEPTH => {
                self.next();
                let end = self.skip_container();
                return Some(Node {
                    span: Span::new(span.start, end),
                    kind: NodeKind::Skipped,
                });
            }
            Token::OpenBrace => {
                self.next();
                return Some(self.object(span.start, depth));
            }
            Token::OpenBracket => {
                self.next();
                return Some(self.array(span.start, depth));
            }
            Token::String { value, terminated } => {
                self.next();
                NodeKind::String { value, terminated }
            }
            Token::Word => {
                self.next();
                NodeKind::Scalar
            }
            _ => return None,
        };
        self.nodes += 1;
        Some(Node { span, kind })
    }

    fn object(&mut self, start: usize, depth: usize) -> Node {
        self.nodes += 1;
        self.open_objects += 1;
        let mut members = Vec::new();
        let end = loop {
            let (token, span) = self.peek(0).clone();
            match token {
                Token::CloseBrace => {
                    self.next();
                    break span.end;
                }
                Token::Eof => break span.start,
                // An enclosing array's bracket: this object was never closed.
                Token::CloseBracket if self.open_arrays > 0 => break span.start,
                Token::String { value: key, .. } => {
                    self.next();
                    let colon = match self.peek(0) {
                        (Token::Colon, colon) => Some(colon.start),
                        _ => None,
                    };
                    if colon.is_some() {
                        self.next();
                    }
                    // `"a": "b": 1` reads as `"a"` without a value, then `"b"`: the author is
                    // typing `a`'s value.
                    let next_is_key = matches!(self.peek(0).0, Token::String { .. })
                        && self.peek(1).0 == Token::Colon;
                    let value = match colon {
                        Some(_) if !next_is_key => self.value(depth + 1),
                        _ => None,
                    };
                    members.push(Member {
                        key,
                        key_span: span,
                        colon,
                        value,
                    });
                }
                Token::OpenBrace | Token::OpenBracket | Token::Word => {
                    // A value without a key: read it so its brackets stay balanced, and drop it.
                    self.value(depth + 1);
                }
                Token::CloseBracket | Token::Colon | Token::Comma => {
                    self.next();
                }
            }
        };
        self.open_objects -= 1;
        Node {
            span: Span::new(start, end),
            kind: NodeKind::Object(members),
        }
    }

    fn array(&mut self, start: usize, depth: usize) -> Node {
        self.nodes += 1;
        self.open_arrays += 1;
        let mut elements = Vec::new();
        let end = loop {
            let (token, span) = self.peek(0).clone();
            match token {
                Token::CloseBracket => {
                    self.next();
                    break span.end;
                }
                Token::Eof => break span.start,
                // An enclosing object's brace: this array was never closed.
                Token::CloseBrace if self.open_objects > 0 => break span.start,
                Token::OpenBrace | Token::OpenBracket | Token::String { .. } | Token::Word => {
                    if let Some(element) = self.value(depth + 1) {
                        elements.push(element);
                    }
                }
                Token::CloseBrace | Token::Colon | Token::Comma => {
                    self.next();
                }
            }
        };
        self.open_arrays -= 1;
        Node {
            span: Span::new(start, end),
            kind: NodeKind::Array(elements),
        }
    }

    /// Skips the rest of a container whose opening bracket was just read, with everything nested
    /// in it, without building nodes; returns where it ends.
    fn skip_container(&mut self) -> usize {
        let mut depth = 1usize;
        loop {
            let (token, span) = self.next();
            match token {
                Token::OpenBrace | Token::OpenBracket => depth += 1,
                Token::CloseBrace | Token::CloseBracket => {
                    depth -= 1;
                    if depth == 0 {
                        return span.end;
                    }
                }
                Token::Eof => return span.start,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(node: &Node) -> Vec<&str> {
        node.members()
            .iter()
            .map(|member| member.key.as_str())
            .collect()
    }

    #[test]
    fn valid_json_reads_whole() {
        let text = r#"{"a": [1, "x\u00e9\ud83e\ude78"], "b": {"c": null}}"#;
        let root = parse(text).unwrap();
        assert_eq!(keys(&root), ["a", "b"]);
        assert_eq!(root.span, Span::new(0, text.len()));
        let a = root.get("a").unwrap();
        assert_eq!(a.elements()[1].as_str(), Some("x\u{e9}\u{1fa78}"));
        assert_eq!(keys(root.get("b").unwrap()), ["c"]);
    }

    #[test]
    fn an_unterminated_string_ends_at_its_line() {
        let text = "{\"next\": [\"ct-sc\n], \"name\": \"x\"}";
        let root = parse(text).unwrap();
        let next = root.get("next").unwrap();
        let element = &next.elements()[0];
        assert_eq!(element.as_str(), Some("ct-sc"));
        assert!(matches!(
            element.kind,
            NodeKind::String {
                terminated: false,
                ..
            }
        ));
        assert_eq!(keys(&root), ["next", "name"]);
    }

    #[test]
    fn a_member_without_a_value_is_kept() {
        let root = parse("{\"kind\": \n \"name\": \"x\", \"id\"").unwrap();
        assert_eq!(keys(&root), ["kind", "name", "id"]);
        assert!(root.members()[0].value.is_none());
        assert!(root.members()[0].colon.is_some());
        assert!(root.members()[2].colon.is_none());
        // Never closed: the object runs to the end of the text.
        assert!(root.contains_cursor(root.span.end, root.span.end));
    }

    #[test]
    fn an_enclosing_bracket_closes_unclosed_containers() {
        let root = parse("{\"steps\": [{\"id\": \"a\"], \"entry\": \"a\"}").unwrap();
        assert_eq!(keys(&root), ["steps", "entry"]);
        assert_eq!(keys(&root.get("steps").unwrap().elements()[0]), ["id"]);
    }

    #[test]
    fn missing_commas_and_stray_tokens_are_skipped() {
        let root = parse("{\"a\": 1 \"b\": tru, : , \"c\": [1 2 ,, 3]}").unwrap();
        assert_eq!(keys(&root), ["a", "b", "c"]);
        assert_eq!(root.get("c").unwrap().elements().len(), 3);
    }

    #[test]
    fn deep_nesting_is_skipped_in_bounded_stack() {
        let text = format!(
            "{{\"a\": {}{}, \"b\": 1}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let root = parse(&text).unwrap();
        assert_eq!(keys(&root), ["a", "b"]);
    }

    #[test]
    fn empty_and_garbage_texts_read_without_panic() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("  ,:] "), None);
        for text in [
            "\"", "{\"", "[\"\\u12", "{\"a\\", "\u{0}", "/*", "{]}", "[}]",
        ] {
            parse(text);
        }
    }
}

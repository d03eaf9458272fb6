//! The `invalid-json` diagnostic of a syntax error: what went wrong in the author's words, where
//! exactly, and how to fix it.

use super::{INVALID_JSON, MAX_DEPTH};
use crate::diagnostic::{Diagnostic, Label};
use crate::pointer::Pointer;
use crate::source::{SourceFile, Span};
use crate::text::truncate;
use jsonc_parser::errors::{ParseError, ParseErrorKind};

/// A syntax error, explained.
struct Explained {
    span: Span,
    message: String,
    label: &'static str,
    help: &'static str,
}

impl Explained {
    fn new(
        span: Span,
        message: impl Into<String>,
        label: &'static str,
        help: &'static str,
    ) -> Self {
        Explained {
            span,
            message: message.into(),
            label,
            help,
        }
    }
}

/// The diagnostic of the parser's `error` in `source`.
pub(super) fn diagnostic(source: &SourceFile, error: &ParseError) -> Diagnostic {
    let range = error.range();
    let span = Span::new(range.start, range.end);
    let explained = slip_in_context(source, error.kind(), span)
        .or_else(|| {
            fixed_wording(error.kind())
                .map(|(message, label, help)| Explained::new(span, message, label, help))
        })
        .unwrap_or_else(|| where_the_text_ends_or_breaks(source, error.kind(), span));
    Diagnostic::new(
        &INVALID_JSON,
        explained.message,
        Pointer::root(),
        Label::new(explained.span, explained.label),
    )
    .with_help(explained.help)
}

/// Errors the parser names after a symptom, when the text around them shows the author's slip: a
/// leading zero (`012` reads as `0` then `12`), a key with no value (`{"a": }`), `NaN` written as a
/// word.
fn slip_in_context(source: &SourceFile, kind: &ParseErrorKind, span: Span) -> Option<Explained> {
    use ParseErrorKind::*;
    let after_colon = || {
        source
            .text()
            .get(..span.start)
            .unwrap_or("")
            .trim_end()
            .ends_with(':')
    };
    match kind {
        ExpectedComma if leading_zero(source.text(), span.start) => Some(Explained::new(
            Span::new(span.start - 1, span.start),
            "numbers must not have leading zeros",
            "leading zero",
            "Write the number without leading zeros: `7`, not `07`.",
        )),
        UnexpectedCloseBrace | UnexpectedCloseBracket | UnexpectedComma if after_colon() => {
            Some(Explained::new(
                span,
                "expected a value after `:`",
                "value missing here",
                "Give every key a value, or remove the key.",
            ))
        }
        UnexpectedToken | UnexpectedWord
            if matches!(error_text(source, span), "NaN" | "Infinity" | "-Infinity") =>
        {
            Some(Explained::new(
                span,
                "NaN and Infinity are not JSON numbers",
                "this value",
                "Use a finite number, or `null` when there is no value.",
            ))
        }
        _ => None,
    }
}

/// Message, label and help of the errors whose wording does not depend on the text.
fn fixed_wording(kind: &ParseErrorKind) -> Option<(&'static str, &'static str, &'static str)> {
    use ParseErrorKind::*;
    Some(match kind {
        CommentsNotAllowed => (
            "comments are not allowed in JSON",
            "comment",
            "Remove the comment; keep remarks in a `description` field or an `x-` key.",
        ),
        TrailingCommasNotAllowed => (
            "trailing comma before a closing bracket",
            "this comma",
            "Remove the comma after the last item.",
        ),
        ExpectedComma => (
            "expected a comma between two items",
            "comma missing here",
            "Separate object members and array items with commas.",
        ),
        ExpectedColonAfterObjectKey => (
            "expected `:` after the key",
            "`:` expected before this",
            "Write each object member as `\"key\": value`.",
        ),
        ExpectedStringObjectProperty | UnexpectedTokenInObject => (
            "expected a double-quoted key",
            "not a key",
            "Object keys are strings in double quotes: `\"name\": value`.",
        ),
        SingleQuotedStringsNotAllowed => (
            "single-quoted strings are not allowed in JSON",
            "this string",
            "Use double quotes around strings.",
        ),
        NonFiniteNumbersNotAllowed => (
            "NaN and Infinity are not JSON numbers",
            "this value",
            "Use a finite number, or `null` when there is no value.",
        ),
        HexadecimalNumbersNotAllowed
        | UnaryPlusNumbersNotAllowed
        | BareDecimalPointNumbersNotAllowed => (
            "this number is not written as JSON allows",
            "this number",
            "Write numbers in decimal, without a leading `+` and with digits on both sides of the point (`0.5`).",
        ),
        ExpectedDigit
        | ExpectedDigitFollowingNegativeSign
        | ExpectedPlusMinusOrDigitInNumberLiteral => (
            "malformed number",
            "this number",
            "Write numbers as JSON does: `12`, `-3`, `0.5`, `1e3`.",
        ),
        ExpectedObjectValue => (
            "expected a value after `:`",
            "value missing here",
            "Give every key a value, or remove the key.",
        ),
        MultipleRootJsonValues => (
            "more than one JSON value in the file",
            "second value starts here",
            "A guideline file holds exactly one JSON object; remove what follows it.",
        ),
        _ => return None,
    })
}

/// The errors whose place or wording comes from the text: where the file ends, how deep it nests,
/// the character or word the parser did not expect.
fn where_the_text_ends_or_breaks(
    source: &SourceFile,
    kind: &ParseErrorKind,
    span: Span,
) -> Explained {
    use ParseErrorKind::*;
    let end = Span::point(source.text().len());
    match kind {
        UnterminatedArray => Explained::new(
            end,
            "unterminated array: the file ends before `]`",
            "file ends here",
            "Close every `[` with a matching `]`.",
        ),
        UnterminatedObject => Explained::new(
            end,
            "unterminated object: the file ends before `}`",
            "file ends here",
            "Close every `{` with a matching `}`.",
        ),
        // jsonc-parser counts an object's members as levels of their own, so it can refuse
        // before `MAX_DEPTH` brackets are open: the text up to here is JSON so far, and the
        // bracket that opens one level too many lies in it.
        NestingDepthExceeded => {
            let before = source.text().get(..span.end).unwrap_or("");
            too_deep(first_bracket_beyond(before, MAX_DEPTH).unwrap_or(span.start))
        }
        UnexpectedCloseBrace | UnexpectedCloseBracket | UnexpectedColon | UnexpectedComma => {
            Explained::new(
                span,
                format!("unexpected `{}`", error_text(source, span)),
                "unexpected here",
                "Check the brackets and commas around this point.",
            )
        }
        // The parser reports a bare word (`True`, `yes`) as an unexpected token.
        UnexpectedWord | UnexpectedToken => Explained::new(
            span,
            format!(
                "`{}` is not a JSON value",
                truncate(error_text(source, span), 40)
            ),
            "not JSON",
            "Strings need double quotes; the only bare words JSON allows are `true`, `false` and `null`.",
        ),
        String(kind) => Explained::new(
            span,
            format!("invalid string: {}", lowercase_first(&kind.to_string())),
            "in this string",
            "Strings are double-quoted, on one line, with control characters escaped (`\\n`, `\\t`, `\\u0000`).",
        ),
        other => Explained::new(
            span,
            lowercase_first(&other.to_string()),
            "here",
            "Fix the JSON syntax at this point.",
        ),
    }
}

/// The offset of the first `[` or `{` that opens more than `limit` arrays and objects at once,
/// outside strings; `None` when the text never nests that deep.
pub(super) fn first_bracket_beyond(text: &str, limit: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, &byte) in text.as_bytes().iter().enumerate() {
        match (in_string, byte) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > limit {
                    return Some(offset);
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The explanation of nesting deeper than [`MAX_DEPTH`], at the bracket that opens one level too
/// many.
fn too_deep(offset: usize) -> Explained {
    Explained::new(
        Span::new(offset, offset + 1),
        format!("the document nests more than {MAX_DEPTH} arrays and objects deep"),
        "too deep here",
        "A guideline is a few levels deep; check for runaway brackets, or a condition nested \
         further than a reader could follow.",
    )
}

/// The `invalid-json` diagnostic of nesting deeper than [`MAX_DEPTH`] at `offset`.
pub(super) fn too_deep_diagnostic(offset: usize) -> Diagnostic {
    let explained = too_deep(offset);
    Diagnostic::new(
        &INVALID_JSON,
        explained.message,
        Pointer::root(),
        Label::new(explained.span, explained.label),
    )
    .with_help(explained.help)
}

/// True when the number token that ends at `offset` is `0` or `-0` and a digit follows it directly.
fn leading_zero(text: &str, offset: usize) -> bool {
    let bytes = text.as_bytes();
    let is_number_byte =
        |byte: &u8| byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'+' | b'-');
    let start = bytes[..offset.min(bytes.len())]
        .iter()
        .rposition(|byte| !is_number_byte(byte))
        .map_or(0, |position| position + 1);
    matches!(
        &text.as_bytes()[start..offset.min(bytes.len())],
        b"0" | b"-0"
    ) && bytes.get(offset).is_some_and(u8::is_ascii_digit)
}

fn error_text(source: &SourceFile, span: Span) -> &str {
    source.text().get(span.start..span.end).unwrap_or("")
}

fn lowercase_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_lowercase().chain(characters).collect(),
        None => String::new(),
    }
}

//! `guidelint fmt`: one canonical layout for guideline documents, so that reviews show changes of
//! content only.
//!
//! - each level of nesting indented by `indent-width` spaces (2 by default), one member per line;
//! - an array of scalars on one line when that line, with its comma, fits in `line-width`
//!   characters (100 by default), else one item per line; `[]` and `{}` for empty ones;
//! - object keys in the order of the schema's `properties` for that object (for a step, the common
//!   properties, then the kind-specific ones); unknown and `x-` keys after the known ones, in their
//!   original order;
//! - every string (keys included) and number copied from the text exactly as written: no
//!   re-escaping, `1.0` stays `1.0`;
//! - line feeds, a final newline, and no byte-order mark.
//!
//! The layout is built from the parser's syntax tree, which keeps the byte range of every node, so
//! values are never re-serialized. Only a document that is strict JSON is laid out; one that is
//! not gets the parser's diagnostics instead.

mod order;

use crate::config::Format;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::common::Ranged;
use order::KeyOrder;

/// `text` in the canonical layout, or the diagnostics that say why it is not JSON.
pub fn format(text: &str, layout: Format) -> Result<String, Vec<Diagnostic>> {
    let source = SourceFile::new("", text);
    let text = source.text();
    // The parser of `check` decides what is JSON, so `fmt` and `check` never disagree about it.
    let outcome = crate::parse::parse(&source);
    if outcome.document.is_none() {
        return Err(outcome.diagnostics);
    }
    let Ok(Some(root)) = crate::parse::syntax_tree(text) else {
        // Unreachable: the text parsed above.
        return Err(outcome.diagnostics);
    };
    let mut writer = Writer {
        text,
        layout,
        out: String::with_capacity(text.len() + text.len() / 4),
    };
    writer.value(&root, KeyOrder::document(), 0, 0, 0);
    writer.out.push('\n');
    Ok(writer.out)
}

struct Writer<'t> {
    text: &'t str,
    layout: Format,
    out: String,
}

impl<'t> Writer<'t> {
    /// The text of a node exactly as written.
    fn raw(&self, range: jsonc_parser::common::Range) -> &'t str {
        &self.text[range.start..range.end]
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth * self.layout.indent_width {
            self.out.push(' ');
        }
    }

    /// Writes `value`, which starts at `column` (characters already on its line) and is followed by
    /// `after` characters on its last line (a comma).
    fn value(
        &mut self,
        value: &ast::Value<'_>,
        order: KeyOrder<'_>,
        depth: usize,
        column: usize,
        after: usize,
    ) {
        match value {
            ast::Value::Object(object) => self.object(object, order, depth),
            ast::Value::Array(array) => self.array(array, order, depth, column, after),
            scalar => self.out.push_str(self.raw(scalar.range())),
        }
    }

    fn object(&mut self, object: &ast::Object<'_>, order: KeyOrder<'_>, depth: usize) {
        if object.properties.is_empty() {
            self.out.push_str("{}");
            return;
        }
        let known = order.object();
        let mut members: Vec<(usize, &ast::ObjectProp<'_>)> = object
            .properties
            .iter()
            .map(|member| (known.rank(name(&member.name)), member))
            .collect();
        // Stable: unknown keys, and a key written twice, keep their order.
        members.sort_by_key(|(rank, _)| *rank);
        let entries = members
            .into_iter()
            .map(|(_, member)| {
                let key = self.raw(member.name.range());
                (Some(key), &member.value, known.member(name(&member.name)))
            })
            .collect();
        self.lines(['{', '}'], entries, depth);
    }

    /// Writes `entries` one per line, indented one level deeper than `depth`, between the
    /// brackets: each an object key as written (none for an array item), its value and the key
    /// order inside the value.
    fn lines(
        &mut self,
        brackets: [char; 2],
        entries: Vec<(Option<&'t str>, &ast::Value<'_>, KeyOrder<'_>)>,
        depth: usize,
    ) {
        self.out.push(brackets[0]);
        self.out.push('\n');
        let count = entries.len();
        for (position, (key, value, order)) in entries.into_iter().enumerate() {
            self.indent(depth + 1);
            let mut column = (depth + 1) * self.layout.indent_width;
            if let Some(key) = key {
                self.out.push_str(key);
                self.out.push_str(": ");
                column += key.chars().count() + ": ".len();
            }
            let last = position + 1 == count;
            self.value(value, order, depth + 1, column, usize::from(!last));
            if !last {
                self.out.push(',');
            }
            self.out.push('\n');
        }
        self.indent(depth);
        self.out.push(brackets[1]);
    }

    fn array(
        &mut self,
        array: &ast::Array<'_>,
        order: KeyOrder<'_>,
        depth: usize,
        column: usize,
        after: usize,
    ) {
        if array.elements.is_empty() {
            self.out.push_str("[]");
            return;
        }
        let items = order.items();
        if array.elements.iter().all(is_scalar) {
            let parts: Vec<&str> = array
                .elements
                .iter()
                .map(|element| self.raw(element.range()))
                .collect();
            let width = column
                + "[]".len()
                + parts.iter().map(|part| part.chars().count()).sum::<usize>()
                + ", ".len() * (parts.len() - 1)
                + after;
            if width <= self.layout.line_width {
                self.out.push('[');
                self.out.push_str(&parts.join(", "));
                self.out.push(']');
                return;
            }
        }
        let entries = array
            .elements
            .iter()
            .map(|element| (None, element, items))
            .collect();
        self.lines(['[', ']'], entries, depth);
    }
}

fn is_scalar(value: &ast::Value<'_>) -> bool {
    !matches!(value, ast::Value::Object(_) | ast::Value::Array(_))
}

/// A member's name, unescaped.
fn name<'a>(name: &'a ObjectPropName<'_>) -> &'a str {
    match name {
        ObjectPropName::String(string) => string.value.as_ref(),
        ObjectPropName::Word(word) => word.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(text, Format::default()).unwrap()
    }

    #[test]
    fn values_are_copied_as_written() {
        assert_eq!(
            fmt(r#"{"x-a":[1.0,2E3,-0.50],"x-b":"caf\u00e9 \/"}"#),
            "{\n  \"x-a\": [1.0, 2E3, -0.50],\n  \"x-b\": \"caf\\u00e9 \\/\"\n}\n"
        );
    }

    #[test]
    fn known_keys_follow_the_schema_and_the_rest_keep_their_order() {
        assert_eq!(
            fmt(r#"{"x-z": 1, "status": "draft", "zeta": 2, "format": "guidelint/1", "x-a": 3}"#),
            "{\n  \"format\": \"guidelint/1\",\n  \"status\": \"draft\",\n  \"x-z\": 1,\n  \"zeta\": 2,\n  \"x-a\": 3\n}\n"
        );
    }

    #[test]
    fn short_scalar_arrays_stay_on_one_line_and_long_ones_do_not() {
        let long = format!(r#"{{"x": ["{}", "b"]}}"#, "a".repeat(90));
        assert_eq!(
            fmt(&long),
            format!(
                "{{\n  \"x\": [\n    \"{}\",\n    \"b\"\n  ]\n}}\n",
                "a".repeat(90)
            )
        );
        // `  "x": [` is 8 columns and `]` one more: 91 characters of items fit in 100.
        let fits = format!(r#"{{"x": ["{}"]}}"#, "a".repeat(89));
        assert_eq!(fmt(&fits).lines().count(), 3);
        let too_long = format!(r#"{{"x": ["{}"]}}"#, "a".repeat(90));
        assert_eq!(fmt(&too_long).lines().count(), 5);
    }

    #[test]
    fn a_byte_order_mark_and_carriage_returns_go() {
        assert_eq!(fmt("\u{feff}{\r\n\"a\": []\r\n}"), "{\n  \"a\": []\n}\n");
        assert_eq!(fmt("[]"), "[]\n");
        assert_eq!(fmt("{}"), "{}\n");
    }

    #[test]
    fn text_that_is_not_json_is_refused() {
        let diagnostics = format("{\"a\": 1,}", Format::default()).unwrap_err();
        assert_eq!(diagnostics[0].rule.name, "invalid-json");
    }
}

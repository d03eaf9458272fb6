//! Edits that add or remove a piece of JSON while keeping the layout around it: an array item
//! removed with its comma, a member added at the end of an object in the object's own style. They
//! read only the text and the spans the parser found.

use super::Edit;
use crate::source::Span;

/// A JSON string literal holding `text`, as a replacement for a string value or key.
pub fn string_literal(text: &str) -> String {
    // Serializing a `&str` cannot fail.
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// Removes item `index` of an array with its comma, keeping the layout of the items around it:
/// the first item goes with what separates it from the second, any other with what separates it
/// from the one before, and the only item leaves `[]`. `array` is the array's span (brackets
/// included) and `items` the spans of its items in order.
pub fn remove_item(array: Span, items: &[Span], index: usize) -> Option<Edit> {
    let item = *items.get(index)?;
    let span = match (index.checked_sub(1), items.get(index + 1)) {
        (None, None) => Span::new(array.start + 1, array.end.checked_sub(1)?),
        (None, Some(next)) => Span::new(item.start, next.start),
        (Some(previous), _) => Span::new(items[previous].end, item.end),
    };
    (span.start <= span.end).then(|| Edit::delete(span))
}

/// Adds `member` (`"terminal": true`) as the last member of the non-empty object at `object`, in
/// the object's style: on a line of its own, indented as the line the last member ends on, when
/// the object's closing brace is on a line of its own; after a comma and a space otherwise.
pub fn append_member(text: &str, object: Span, member: &str) -> Option<Edit> {
    let closing = object.end.checked_sub(1)?;
    if text.as_bytes().get(closing) != Some(&b'}') {
        return None;
    }
    let before_closing = text.get(object.start..closing)?;
    let last_value_end = object.start + before_closing.trim_end().len();
    if last_value_end <= object.start + 1 {
        // An empty object has no style to follow.
        return Some(Edit::insert(closing, member.to_string()));
    }
    let before_brace = &text[last_value_end..closing];
    if before_brace.contains('\n') {
        // The document's own line ending: a file written with CRLF keeps them.
        let newline = if before_brace.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let line_start = text[..last_value_end].rfind('\n').map_or(0, |at| at + 1);
        let line = &text[line_start..last_value_end];
        let indent = &line[..line.len() - line.trim_start().len()];
        Some(Edit::insert(
            last_value_end,
            format!(",{newline}{indent}{member}"),
        ))
    } else {
        Some(Edit::insert(last_value_end, format!(", {member}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Fix;

    /// Removes each item of `array` (the whole text) in turn.
    fn removals(text: &str) -> Vec<String> {
        let items: Vec<Span> = {
            let mut items = Vec::new();
            let mut start = None;
            for (at, character) in text.char_indices() {
                match (character, start) {
                    ('0'..='9', None) => start = Some(at),
                    ('0'..='9', Some(_)) => {}
                    (_, Some(from)) => {
                        items.push(Span::new(from, at));
                        start = None;
                    }
                    _ => {}
                }
            }
            items
        };
        (0..items.len())
            .map(|index| {
                let edit = remove_item(Span::new(0, text.len()), &items, index).unwrap();
                Fix::safe("remove", vec![edit]).apply_to(text)
            })
            .collect()
    }

    #[test]
    fn an_item_goes_with_its_comma_first_middle_last_and_only() {
        assert_eq!(removals("[1, 2, 3]"), ["[2, 3]", "[1, 3]", "[1, 2]"]);
        assert_eq!(removals("[\n  1\n]"), ["[]"]);
        assert_eq!(
            removals("[\n  1,\n  2,\n  3\n]"),
            ["[\n  2,\n  3\n]", "[\n  1,\n  3\n]", "[\n  1,\n  2\n]"]
        );
    }

    #[test]
    fn a_member_is_added_in_the_object_style() {
        let add = |text: &str| {
            let edit = append_member(text, Span::new(0, text.len()), "\"terminal\": true").unwrap();
            Fix::safe("add", vec![edit]).apply_to(text)
        };
        assert_eq!(add(r#"{"id": "a"}"#), r#"{"id": "a", "terminal": true}"#);
        assert_eq!(
            add("{\n    \"id\": \"a\",\n    \"next\": [\n      \"b\"\n    ]\n  }"),
            "{\n    \"id\": \"a\",\n    \"next\": [\n      \"b\"\n    ],\n    \"terminal\": true\n  }"
        );
        assert_eq!(
            add("{\"id\": \"a\",\n \"name\": \"b\"}"),
            "{\"id\": \"a\",\n \"name\": \"b\", \"terminal\": true}"
        );
        assert_eq!(add("{}"), "{\"terminal\": true}");
        assert_eq!(
            add("{\r\n\t\"id\": \"a\"\r\n}"),
            "{\r\n\t\"id\": \"a\",\r\n\t\"terminal\": true\r\n}"
        );
    }
}

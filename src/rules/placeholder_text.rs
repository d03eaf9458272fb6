use super::{RuleContext, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::parse::push_segment;
use crate::source::Span;
use serde_json::Value;
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Reports placeholder text left in any string of the document: the words TODO, TBD and FIXME
    /// (in any letter case), XXX (in capitals), and "lorem ipsum". Only whole words count, so
    /// "todos" or "XXL" do not. Object keys are not checked, and nothing under an `x-` extension key
    /// is, since extensions are ignored by every rule.
    ///
    /// ## Why it matters
    /// A placeholder marks a recommendation nobody finished: a missing threshold, dose or indication.
    /// In a guideline in clinical use, a reader may act on the text around the gap, or fill it with
    /// their own assumption, without knowing the authors never agreed on it.
    ///
    /// ## Example
    /// ```json
    /// "description": "TODO: say when to repeat the blood count",
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// "description": "Repeat the blood count if the pain or swelling increases.",
    /// ```
    pub static PLACEHOLDER_TEXT = {
        name: "placeholder-text",
        code: "GL504",
        severity: Warning,
        summary: "TODO, TBD, FIXME, XXX or lorem ipsum in any text",
        check: Some(check),
    }
}

fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // (pointer, nearest key, value); an explicit stack, so no document nests too deep for the walk.
    let mut pending: Vec<(String, &str, &Value)> = vec![(String::new(), "", context.value)];
    while let Some((pointer, key, value)) = pending.pop() {
        match value {
            Value::String(text) => {
                for found in placeholders(text) {
                    diagnostics.push(diagnostic(context, &pointer, key, text, found));
                }
            }
            // Children are pushed in reverse so that they are visited in document order.
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate().rev() {
                    pending.push((format!("{pointer}/{index}"), key, item));
                }
            }
            Value::Object(members) => {
                for (name, member) in members
                    .iter()
                    .rev()
                    .filter(|(name, _)| !name.starts_with("x-"))
                {
                    let mut child = pointer.clone();
                    push_segment(&mut child, name);
                    pending.push((child, name, member));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    diagnostics
}

fn diagnostic(
    context: &RuleContext<'_>,
    pointer: &str,
    key: &str,
    text: &str,
    found: Range<usize>,
) -> Diagnostic {
    let word = &text[found.clone()];
    let string = context.span(pointer);
    // Between the quotes, the source holds the text byte for byte unless it uses escapes, which
    // always take more bytes than what they stand for; with escapes, label the whole string.
    let span = if string.len() == text.len() + 2 {
        Span::new(string.start + 1 + found.start, string.start + 1 + found.end)
    } else {
        string
    };
    let what = if word.contains(char::is_whitespace) {
        "placeholder text"
    } else {
        "the placeholder"
    };
    let field = if key.is_empty() {
        "a string".to_string()
    } else {
        format!("`{key}`")
    };
    Diagnostic::new(
        &PLACEHOLDER_TEXT,
        format!("{field} contains {what} `{word}`"),
        pointer,
        Label::new(span, "placeholder"),
    )
    .with_help("Replace the placeholder with the finished text, or remove it, before the guideline is used.")
}

/// The byte ranges of the placeholders in `text`, in order.
fn placeholders(text: &str) -> Vec<Range<usize>> {
    let words = words(text);
    let mut found = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let token = &text[word.clone()];
        let next = words.get(index + 1);
        if ["todo", "tbd", "fixme"]
            .iter()
            .any(|placeholder| token.eq_ignore_ascii_case(placeholder))
            || token == "XXX"
        {
            found.push(word.clone());
        } else if token.eq_ignore_ascii_case("lorem")
            && let Some(next) = next
            && text[next.clone()].eq_ignore_ascii_case("ipsum")
            && text[word.end..next.start].chars().all(char::is_whitespace)
        {
            found.push(word.start..next.end);
            index += 1;
        }
        index += 1;
    }
    found
}

/// The byte ranges of the runs of letters and digits in `text`.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (offset, character) in text.char_indices() {
        match (character.is_alphanumeric(), start) {
            (true, None) => start = Some(offset),
            (false, Some(begin)) => {
                words.push(begin..offset);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        words.push(begin..text.len());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    fn found(text: &str) -> Vec<&str> {
        placeholders(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn placeholders_are_whole_words() {
        assert_eq!(found("TODO: dose"), vec!["TODO"]);
        assert_eq!(
            found("dose (todo), tbd; Fixme!"),
            vec!["todo", "tbd", "Fixme"]
        );
        assert_eq!(found("see XXX and xxx"), vec!["XXX"]);
        assert_eq!(found("Lorem ipsum dolor"), vec!["Lorem ipsum"]);
        assert_eq!(found("lorem\n  IPSUM"), vec!["lorem\n  IPSUM"]);
        assert_eq!(
            found("todos, TODOs, mastodon, TBDs, XXXL, XXL, loremipsum, lorem, ipsum"),
            Vec::<&str>::new()
        );
        assert_eq!(found("TODO-list"), vec!["TODO"]);
        assert_eq!(found("éTODO"), Vec::<&str>::new());
        assert_eq!(found(""), Vec::<&str>::new());
    }
}

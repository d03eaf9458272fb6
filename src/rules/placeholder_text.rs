use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::Span;
use crate::tree::{NodeRef, View};
use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;
use std::sync::LazyLock;

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
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    // One scan of the raw text rules out most documents. A `\u` escape could spell a placeholder
    // that the raw text hides, so documents with escapes are always walked (the filter lets `\u`
    // through).
    if !may_hold_placeholder(context.text) {
        return Vec::new();
    }
    let mut diagnostics = Vec::new();
    let mut path = Vec::new();
    walk(context, context.value, "", &mut path, &mut diagnostics);
    diagnostics
}

/// One step from a node to its child.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(path: &[Segment<'_>]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Key(key) => pointer.key(key),
            Segment::Index(index) => pointer.index(*index),
        })
}

/// Visits every string outside `x-` extensions. The path to the current node is kept as segments
/// and turned into a pointer only for strings that hold a placeholder. Recursion depth is bounded
/// by the parsers' nesting limits (128 levels on the fast path, `parse::MAX_DEPTH` on the other).
fn walk<'a>(
    context: &RuleContext<'_>,
    value: NodeRef<'a>,
    key: &'a str,
    path: &mut Vec<Segment<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match value.view() {
        View::String(text) => {
            if may_hold_placeholder(text) {
                let found = placeholders(text);
                if !found.is_empty() {
                    let pointer = pointer_of(path);
                    for range in found {
                        diagnostics.push(diagnostic(context, pointer.clone(), key, text, range));
                    }
                }
            }
        }
        View::Array(items) => {
            for (index, item) in items.enumerate() {
                path.push(Segment::Index(index));
                walk(context, item, key, path, diagnostics);
                path.pop();
            }
        }
        View::Object(members) => {
            for (name, member) in members.filter(|(name, _)| !name.starts_with("x-")) {
                path.push(Segment::Key(name));
                walk(context, member, name, path, diagnostics);
                path.pop();
            }
        }
        View::Null | View::Bool(_) | View::Number(_) => {}
    }
}

/// A fast filter before the word scan: a placeholder word can only be where one of these appears,
/// in any case, and a `\u` escape may spell one. One lowercased copy and one multi-pattern SIMD
/// search (aho-corasick's Teddy, which needs leftmost matching) rule out most texts at once.
fn may_hold_placeholder(text: &str) -> bool {
    static CANDIDATES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        // Six short fixed patterns are far within aho-corasick's limits, so building cannot fail.
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(["todo", "tbd", "fixme", "xxx", "lorem", "\\u"])
            .expect("six short patterns build a searcher")
    });
    CANDIDATES.is_match(&text.to_ascii_lowercase())
}

fn diagnostic(
    context: &RuleContext<'_>,
    pointer: Pointer,
    key: &str,
    text: &str,
    found: Range<usize>,
) -> Diagnostic {
    let word = &text[found.clone()];
    let string = context.span(&pointer);
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
    use super::{may_hold_placeholder, placeholders};

    #[test]
    fn the_filter_lets_every_placeholder_through() {
        for text in ["TODO", "a Tbd b", "FixMe", "XXX", "Lorem  ipsum", "todo:"] {
            assert!(may_hold_placeholder(text), "{text}");
            assert!(!placeholders(text).is_empty(), "{text}");
        }
        assert!(!may_hold_placeholder("Computed tomography of the pelvis"));
    }

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

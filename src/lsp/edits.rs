//! Text edits as byte ranges of a document, and their LSP form.
//!
//! Everything that changes a document (a rename, a suppression, a rule's fix) is first a list of
//! [`ByteEdit`]s on the text the server holds; [`workspace_edit`] turns them into the LSP
//! `WorkspaceEdit` a client applies, checking that they fit the text and do not overlap. Rule fixes
//! (`check --fix`) are byte-range edits of the same text, so they go through here unchanged.

use super::text::{Encoding, Text};
use crate::source::Span;
use lsp_types::{
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
    Uri, WorkspaceEdit,
};

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteEdit {
    pub span: Span,
    pub replacement: String,
}

impl ByteEdit {
    pub fn new(span: Span, replacement: impl Into<String>) -> ByteEdit {
        ByteEdit {
            span,
            replacement: replacement.into(),
        }
    }
}

/// The document a workspace edit changes, as the client knows it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub uri: &'a Uri,
    /// The version the edits were computed on.
    pub version: i32,
    pub text: &'a Text,
    pub encoding: Encoding,
    /// Whether the client takes `documentChanges` (versioned: it refuses them if the document has
    /// changed since), else plain `changes`.
    pub versioned: bool,
}

/// `edits` as a workspace edit of `target`, or why they cannot be applied: a range outside the
/// text, inside a character, or overlapping another.
pub fn workspace_edit(target: Target<'_>, edits: &[ByteEdit]) -> Result<WorkspaceEdit, String> {
    let text = target.text.as_str();
    let mut sorted: Vec<&ByteEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut previous_end = 0;
    for edit in &sorted {
        let Span { start, end } = edit.span;
        if start > end || end > text.len() {
            return Err(format!(
                "the edit of bytes {start}..{end} is outside the document ({} bytes)",
                text.len()
            ));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!(
                "the edit of bytes {start}..{end} cuts a character in two"
            ));
        }
        if start < previous_end {
            return Err(format!(
                "the edit of bytes {start}..{end} overlaps the one before it"
            ));
        }
        previous_end = end;
    }
    let text_edits: Vec<TextEdit> = sorted
        .iter()
        .map(|edit| TextEdit {
            range: target.text.range(edit.span, target.encoding),
            new_text: edit.replacement.clone(),
        })
        .collect();
    Ok(if target.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: target.uri.clone(),
                    version: Some(target.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some([(target.uri.clone(), text_edits)].into_iter().collect()),
            ..WorkspaceEdit::default()
        }
    })
}

/// `text` with `edits` applied (they must not overlap), as a client applies them.
#[cfg(test)]
pub fn apply(text: &str, edits: &[ByteEdit]) -> String {
    let mut sorted: Vec<&ByteEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut result = text.to_string();
    for edit in sorted {
        result.replace_range(edit.span.start..edit.span.end, &edit.replacement);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn uri() -> Uri {
        "file:///g/a.json".parse().unwrap()
    }

    #[test]
    fn byte_edits_become_text_edits_in_the_clients_encoding() {
        let text = Text::new("{\"nom\": \"hématome 🩸\", \"x\": 1}".to_string());
        let start = text.as_str().find("1}").unwrap();
        let edits = [
            ByteEdit::new(Span::new(start, start + 1), "2"),
            ByteEdit::new(Span::point(1), "\"a\": 0, "),
        ];
        let uri = uri();
        let target = Target {
            uri: &uri,
            version: 7,
            text: &text,
            encoding: Encoding::Utf16,
            versioned: false,
        };
        let edit = workspace_edit(target, &edits).unwrap();
        let changes = &edit.changes.unwrap()[&uri];
        assert_eq!(
            changes[0].range,
            Range::new(Position::new(0, 1), Position::new(0, 1))
        );
        // `🩸` is two UTF-16 units: the `1` is at character 28, not 27 as in scalar values.
        assert_eq!(
            changes[1].range,
            Range::new(Position::new(0, 28), Position::new(0, 29))
        );
        assert_eq!(
            apply(text.as_str(), &edits),
            "{\"a\": 0, \"nom\": \"hématome 🩸\", \"x\": 2}"
        );
        let versioned = workspace_edit(
            Target {
                versioned: true,
                ..target
            },
            &edits,
        )
        .unwrap();
        let Some(DocumentChanges::Edits(documents)) = versioned.document_changes else {
            panic!("versioned edits");
        };
        assert_eq!(documents[0].text_document.version, Some(7));
    }

    #[test]
    fn edits_that_do_not_fit_are_refused() {
        let text = Text::new("{\"é\": 1}".to_string());
        let uri = uri();
        let target = Target {
            uri: &uri,
            version: 1,
            text: &text,
            encoding: Encoding::Utf8,
            versioned: false,
        };
        let refused = |edits: &[ByteEdit]| workspace_edit(target, edits).unwrap_err();
        assert!(refused(&[ByteEdit::new(Span::new(3, 20), "")]).contains("outside"));
        assert!(refused(&[ByteEdit::new(Span::new(3, 3), "")]).contains("character"));
        assert!(
            refused(&[
                ByteEdit::new(Span::new(0, 5), ""),
                ByteEdit::new(Span::new(4, 6), "")
            ])
            .contains("overlaps")
        );
    }
}

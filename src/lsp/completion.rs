//! Completion: inside a reference, the ids of the kind its field names; for an enumerated field, its
//! values; in an object, the properties the schema allows there and the object does not have yet.

use super::document::OpenDocument;
use super::edits::ByteEdit;
use super::navigation::kind_name;
use super::outline::{Cursor, Place, Segment, reference_field};
use super::schema_guide;
use super::syntax::{Node, NodeKind};
use crate::model::IdKind;
use crate::source::Span;

/// One proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub label: String,
    pub kind: ProposalKind,
    /// A short line beside the label: an id's name, a property's type.
    pub detail: Option<String>,
    /// Longer Markdown, shown on selection.
    pub documentation: Option<String>,
    /// What accepting it does to the text.
    pub edit: ByteEdit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalKind {
    Id,
    Value,
    Property,
}

pub fn complete(document: &OpenDocument, offset: usize) -> Vec<Proposal> {
    let text = document.text.as_str();
    let Some(root) = document.tree() else {
        return Vec::new();
    };
    let cursor = Cursor::at(Some(root), offset, text.len());
    match cursor.place {
        Place::Value { node } => {
            // Replace the whole string (or word) being typed; an unterminated string up to the cursor.
            let end = match &node.kind {
                NodeKind::String {
                    terminated: false, ..
                } => offset,
                NodeKind::String { .. } | NodeKind::Scalar => node.span.end,
                _ => return Vec::new(),
            };
            values(
                document,
                root,
                &cursor.segments,
                Span::new(node.span.start, end),
            )
        }
        Place::MissingValue => values(document, root, &cursor.segments, Span::point(offset)),
        Place::ArrayGap { index } => {
            let mut segments = cursor.segments.clone();
            segments.push(Segment::Index(index));
            values(document, root, &segments, Span::point(offset))
        }
        Place::Key { member } => {
            let end = if text.as_bytes().get(member.key_span.end - 1) == Some(&b'"')
                && member.key_span.len() >= 2
            {
                member.key_span.end
            } else {
                offset
            };
            let object = &cursor.segments[..cursor.segments.len() - 1];
            properties(
                root,
                object,
                cursor.container(),
                Some(member.key.as_str()),
                Span::new(member.key_span.start, end),
                false,
            )
        }
        Place::ObjectGap => properties(
            root,
            &cursor.segments,
            cursor.container(),
            None,
            Span::point(offset),
            true,
        ),
        Place::Outside => Vec::new(),
    }
}

/// Ids or enumerated values for the value at `segments`, replacing `span` with the quoted value.
fn values(
    document: &OpenDocument,
    root: &Node,
    segments: &[Segment<'_>],
    span: Span,
) -> Vec<Proposal> {
    if let Some((field, path_index)) = reference_field(segments) {
        let expected = field.expected();
        let outline = document.outline();
        let mut proposals: Vec<Proposal> = Vec::new();
        for definition in &outline.definitions {
            // Never the step or treatment being written: a step leading to itself is a `cycle`,
            // a treatment escalating from itself an `escalation-order` error.
            let own = definition.object.start <= span.start && span.end <= definition.object.end;
            let fits = definition.kind == expected
                && !own
                && (expected != IdKind::Step || definition.path_index == path_index);
            if fits && !proposals.iter().any(|known| known.label == definition.id) {
                proposals.push(Proposal {
                    label: definition.id.clone(),
                    kind: ProposalKind::Id,
                    detail: definition.name.clone(),
                    documentation: Some(format!(
                        "{} `{}`{}",
                        kind_name(definition.kind),
                        definition.id,
                        definition
                            .name
                            .as_ref()
                            .map(|name| format!(": {name}"))
                            .unwrap_or_default()
                    )),
                    edit: ByteEdit::new(span, quoted(&definition.id)),
                });
            }
        }
        return proposals;
    }
    schema_guide::values(root, segments)
        .into_iter()
        .map(|value| Proposal {
            edit: ByteEdit::new(span, quoted(&value)),
            label: value,
            kind: ProposalKind::Value,
            detail: None,
            documentation: None,
        })
        .collect()
}

/// The properties allowed in the object at `segments` that it does not have yet (`editing` is the
/// key being typed, which does not count as present). `with_colon`: a new member is inserted, so
/// the proposal brings its colon.
fn properties(
    root: &Node,
    segments: &[Segment<'_>],
    object: Option<&Node>,
    editing: Option<&str>,
    span: Span,
    with_colon: bool,
) -> Vec<Proposal> {
    let present: Vec<&str> = object
        .map(|object| {
            object
                .members()
                .iter()
                .map(|member| member.key.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut skipped_editing = false;
    let is_present = |name: &str, skipped: &mut bool| {
        let count = present.iter().filter(|key| **key == name).count();
        if editing == Some(name) && !*skipped {
            *skipped = true;
            count > 1
        } else {
            count > 0
        }
    };
    schema_guide::properties(root, segments)
        .into_iter()
        .filter(|property| !is_present(&property.name, &mut skipped_editing))
        .map(|property| {
            let mut replacement = quoted(&property.name);
            if with_colon {
                replacement.push_str(": ");
            }
            Proposal {
                detail: property
                    .description
                    .as_deref()
                    .map(first_sentence)
                    .map(str::to_string),
                documentation: property.description,
                edit: ByteEdit::new(span, replacement),
                label: property.name,
                kind: ProposalKind::Property,
            }
        })
        .collect()
}

fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |end| &text[..=end])
}

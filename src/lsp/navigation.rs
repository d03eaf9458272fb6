//! Go to definition, find references, and rename of ids.

use super::document::OpenDocument;
use super::edits::ByteEdit;
use super::outline::{Definition, Outline};
use crate::model::IdKind;
use crate::source::Span;
use std::sync::LazyLock;

/// The definitions the id under the cursor names (or the definition under the cursor itself).
pub fn definition(document: &OpenDocument, offset: usize) -> Vec<Span> {
    let outline = document.outline();
    if let Some(reference) = outline.reference_at(offset) {
        return outline
            .resolve(reference)
            .into_iter()
            .map(|definition| definition.span)
            .collect();
    }
    outline
        .definition_at(offset)
        .map(|definition| vec![definition.span])
        .unwrap_or_default()
}

/// Every reference to the id under the cursor, and its definition when `include_declaration`.
pub fn references(document: &OpenDocument, offset: usize, include_declaration: bool) -> Vec<Span> {
    let outline = document.outline();
    let Some(target) = outline.target_at(offset) else {
        return Vec::new();
    };
    let mut spans: Vec<Span> = Vec::new();
    if include_declaration {
        spans.push(target.span);
    }
    spans.extend(
        outline
            .references_to(target)
            .map(|reference| reference.span),
    );
    spans
}

/// Why a rename cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// The id under the cursor that a rename would change: the span of its text (inside the quotes)
/// and the id.
pub fn prepare_rename(document: &OpenDocument, offset: usize) -> Result<(Span, String), Refusal> {
    let outline = document.outline();
    let span = outline
        .definition_at(offset)
        .map(|definition| definition.span)
        .or_else(|| outline.reference_at(offset).map(|reference| reference.span))
        .ok_or_else(|| {
            Refusal(
                "only an id can be renamed: put the cursor on an `id` or on a reference to one"
                    .to_string(),
            )
        })?;
    let target = rename_target(outline, offset)?;
    Ok((
        inside_quotes(span, document.text.as_str()),
        target.id.clone(),
    ))
}

/// The edits that rename the id under the cursor to `new_name`: its definition and every reference
/// to it.
pub fn rename(
    document: &OpenDocument,
    offset: usize,
    new_name: &str,
) -> Result<Vec<ByteEdit>, Refusal> {
    let outline = document.outline();
    let target = rename_target(outline, offset)?;
    if new_name == target.id {
        return Ok(Vec::new());
    }
    if !is_valid_id(new_name) {
        return Err(Refusal(format!(
            "`{new_name}` is not a valid id: an id is a lowercase letter, then lowercase letters, \
             digits and hyphens (^[a-z][a-z0-9-]*$)"
        )));
    }
    if let Some(taken) = outline.definitions.iter().find(|d| d.id == new_name) {
        return Err(Refusal(format!(
            "`{new_name}` is already the id of {}; ids share one namespace in a document",
            describe(outline, taken)
        )));
    }
    // The guideline's own id belongs to the same namespace (docs/format.md, section 1.4).
    if document
        .tree()
        .and_then(|root| root.get("id"))
        .and_then(|id| id.as_str())
        == Some(new_name)
    {
        return Err(Refusal(format!(
            "`{new_name}` is already the id of the guideline itself; ids share one namespace in a \
             document"
        )));
    }
    let replacement = format!("\"{new_name}\"");
    let mut edits: Vec<ByteEdit> = std::iter::once(target.span)
        .chain(
            outline
                .references_to(target)
                .map(|reference| reference.span),
        )
        .map(|span| ByteEdit::new(span, replacement.clone()))
        .collect();
    edits.sort_by_key(|edit| edit.span.start);
    edits.dedup_by_key(|edit| edit.span.start);
    Ok(edits)
}

/// The definition a rename at `offset` changes.
fn rename_target(outline: &Outline, offset: usize) -> Result<&Definition, Refusal> {
    if let Some(definition) = outline.definition_at(offset) {
        return Ok(definition);
    }
    match outline.reference_at(offset) {
        Some(reference) => outline
            .resolve(reference)
            .into_iter()
            .find(|definition| super::outline::fits(reference, definition))
            .ok_or_else(|| {
                Refusal(format!(
                    "`{}` names no {} of this document; define it first, or fix the reference",
                    reference.id,
                    kind_name(reference.field.expected())
                ))
            }),
        None => Err(Refusal(
            "only an id can be renamed: put the cursor on an `id` or on a reference to one"
                .to_string(),
        )),
    }
}

/// "step `ct-scan` of path `workup`", "finding `groin-pain`".
pub fn describe(outline: &Outline, definition: &Definition) -> String {
    let mut text = format!("{} `{}`", kind_name(definition.kind), definition.id);
    if definition.kind == IdKind::Step
        && let Some(path) = definition.path_index.and_then(|index| outline.path(index))
    {
        text.push_str(&format!(" of path `{}`", path.id));
    }
    text
}

pub fn kind_name(kind: IdKind) -> &'static str {
    match kind {
        IdKind::RiskFactor => "risk factor",
        IdKind::Finding => "finding",
        IdKind::Source => "source",
        IdKind::DiagnosisPath => "diagnosis path",
        IdKind::Step => "step",
        IdKind::Treatment => "treatment",
    }
}

/// Whether `name` is an id as the schema's `Id` definition says.
pub fn is_valid_id(name: &str) -> bool {
    static ID: LazyLock<Option<jsonschema::Validator>> = LazyLock::new(|| {
        let schema: serde_json::Value = serde_json::from_str(crate::schema::SCHEMA_TEXT).ok()?;
        let id = schema.pointer("/$defs/Id")?;
        jsonschema::draft202012::options().build(id).ok()
    });
    match &*ID {
        Some(validator) => validator.is_valid(&serde_json::Value::from(name)),
        // Unreachable while the embedded schema compiles (tested); the format's pattern then.
        None => {
            let mut characters = name.chars();
            characters
                .next()
                .is_some_and(|first| first.is_ascii_lowercase())
                && characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }
    }
}

/// The text of a string token without its quotes (an unterminated one has only its opening quote).
fn inside_quotes(span: Span, text: &str) -> Span {
    let end = if span.len() >= 2 && text.as_bytes().get(span.end - 1) == Some(&b'"') {
        span.end - 1
    } else {
        span.end
    };
    Span::new((span.start + 1).min(end), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_against_the_schema() {
        assert!(is_valid_id("ct-scan"));
        assert!(is_valid_id("a1"));
        for invalid in ["", "1a", "-a", "CT", "ct scan", "ct_scan", "é"] {
            assert!(!is_valid_id(invalid), "{invalid}");
        }
    }
}

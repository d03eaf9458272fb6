//! Hover: what a reference names, what a key means (the schema's description), and the
//! documentation of the rule behind a diagnostic under the cursor.

use super::document::OpenDocument;
use super::navigation::{describe, kind_name};
use super::outline::{Cursor, Definition, Outline, Place};
use super::schema_guide;
use crate::source::Span;

/// The hover text (Markdown) at `offset`, and the span it is about.
pub fn hover(document: &OpenDocument, offset: usize) -> Option<(String, Span)> {
    let mut sections: Vec<String> = Vec::new();
    let mut about: Option<Span> = None;
    let outline = document.outline();
    if let Some(reference) = outline.reference_at(offset) {
        let definitions = outline.resolve(reference);
        let fitting: Vec<&Definition> = definitions
            .iter()
            .copied()
            .filter(|definition| super::outline::fits(reference, definition))
            .collect();
        sections.push(match fitting.first() {
            Some(definition) => definition_text(outline, definition),
            None => {
                let expected = kind_name(reference.field.expected());
                let scope = match reference.path_index.and_then(|index| outline.path(index)) {
                    Some(path) => format!(" of path `{}`", path.id),
                    None => String::new(),
                };
                let mut text = format!(
                    "`{}` names no {expected}{scope}: `{}` must name a {expected}{scope}.",
                    reference.id,
                    reference.field.key()
                );
                if let Some(other) = definitions.first() {
                    text.push_str(&format!(
                        "\n\nIt is the id of {}.",
                        describe(outline, other)
                    ));
                }
                text
            }
        });
        about = Some(reference.span);
    } else if let Some(definition) = outline.definition_at(offset) {
        let uses = outline.references_to(definition).count();
        sections.push(format!(
            "{}\n\n{}",
            definition_text(outline, definition),
            match uses {
                0 => "Nothing refers to it.".to_string(),
                1 => "1 reference.".to_string(),
                many => format!("{many} references."),
            }
        ));
        about = Some(definition.span);
    } else if let Some(root) = document.tree() {
        let cursor = Cursor::at(Some(root), offset, document.text.as_str().len());
        if let Place::Key { member } = cursor.place {
            let object = &cursor.segments[..cursor.segments.len() - 1];
            if let Some(description) = schema_guide::property_description(root, object, &member.key)
            {
                sections.push(format!("**`{}`**\n\n{description}", member.key));
                about = Some(member.key_span);
            }
        }
    }
    for diagnostic in document.current_diagnostics() {
        let span = super::convert::editor_span(diagnostic.primary.span, &document.text);
        if span.start <= offset && offset <= span.end {
            let rule = diagnostic.rule;
            sections.push(format!(
                "**{} `{}`** ({})\n\n{}",
                rule.code,
                rule.name,
                diagnostic.severity,
                rule.documentation()
            ));
            about.get_or_insert(span);
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some((
        sections.join("\n\n---\n\n"),
        about.unwrap_or(Span::point(offset)),
    ))
}

/// "**step** `ct-scan`: Contrast CT, in diagnosis path `workup` (Suspected hematoma)".
fn definition_text(outline: &Outline, definition: &Definition) -> String {
    let mut text = format!("**{}** `{}`", kind_name(definition.kind), definition.id);
    if let Some(name) = &definition.name {
        text.push_str(&format!(": {name}"));
    }
    if definition.kind == crate::model::IdKind::Step
        && let Some(path) = definition.path_index.and_then(|index| outline.path(index))
    {
        text.push_str(&format!("\n\nIn diagnosis path `{}`", path.id));
        if let Some(name) = &path.name {
            text.push_str(&format!(" ({name})"));
        }
        text.push('.');
    }
    text
}

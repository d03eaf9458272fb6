//! The document outline: risk factors, findings, sources, diagnosis paths with their steps, and
//! treatments, each under its id with its name beside it.

use super::document::OpenDocument;
use super::outline::Definition;
use crate::model::IdKind;
use crate::source::Span;

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub id: String,
    pub kind: IdKind,
    pub name: Option<String>,
    /// The whole object.
    pub span: Span,
    /// Its id.
    pub id_span: Span,
    pub children: Vec<Symbol>,
}

pub fn symbols(document: &OpenDocument) -> Vec<Symbol> {
    let definitions = &document.outline().definitions;
    let symbol = |definition: &Definition| Symbol {
        id: definition.id.clone(),
        kind: definition.kind,
        name: definition.name.clone(),
        // A tolerant reading may place an id outside the object it found (never for valid JSON);
        // clients require the selection inside the range.
        span: Span::new(
            definition.object.start.min(definition.span.start),
            definition.object.end.max(definition.span.end),
        ),
        id_span: definition.span,
        children: Vec::new(),
    };
    let mut symbols: Vec<Symbol> = Vec::new();
    // The path index of each top-level symbol that is a diagnosis path.
    let mut paths: Vec<Option<usize>> = Vec::new();
    for definition in definitions.iter().filter(|d| d.kind != IdKind::Step) {
        symbols.push(symbol(definition));
        paths.push(
            definition
                .path_index
                .filter(|_| definition.kind == IdKind::DiagnosisPath),
        );
    }
    for definition in definitions.iter().filter(|d| d.kind == IdKind::Step) {
        let step = symbol(definition);
        let parent = paths
            .iter()
            .position(|path| path.is_some() && *path == definition.path_index)
            .filter(|&index| {
                let path = &symbols[index];
                path.span.start <= step.span.start && step.span.end <= path.span.end
            });
        match parent {
            Some(index) => symbols[index].children.push(step),
            None => symbols.push(step),
        }
    }
    symbols
}

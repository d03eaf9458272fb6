//! Drawing and publishing guidelines: `guidelint graph` (Mermaid, DOT, SVG) and `guidelint render`
//! (a static review site).
//!
//! Data flows one way: each document is checked by the same core as `guidelint check`
//! ([`crate::check_source`]), its model is read, and then [`graph::build`] turns the model and the
//! diagnostics into one drawing, which [`mermaid`], [`dot`] and [`svg`] only write in their syntax,
//! and [`site`] puts on review pages. Nothing here decides a severity or filters a diagnostic.
//! Conditions read the same everywhere ([`words`]), and what a step or a treatment holds is
//! described in one place ([`describe`]).

pub mod describe;
pub mod dot;
pub mod graph;
pub mod layout;
pub mod markup;
pub mod mermaid;
pub mod palette;
pub mod site;
pub mod svg;
pub mod text;
pub mod words;

use crate::diagnostic::Diagnostic;
use crate::model::Guideline;
use crate::source::SourceFile;
use crate::{CheckOptions, check_owned_bytes, check_source_then};

/// One document as `check` saw it, with its model when the document can be read as a guideline.
pub struct Document<'d, 'a> {
    pub source: &'d SourceFile,
    pub diagnostics: &'d [Diagnostic],
    pub guideline: Option<&'d Guideline<'a>>,
}

/// Checks the document in `bytes`, reads its model, and hands both to `then`.
///
/// The model is read when the document parses and fits the model, even if the schema or a rule
/// found problems: a reviewer then sees the guideline with its problems marked. A document that
/// is not JSON (or not UTF-8, or not shaped like a guideline) has diagnostics and no model.
pub fn with_document<R>(
    path: &str,
    bytes: Vec<u8>,
    options: &CheckOptions,
    then: impl FnOnce(&Document<'_, '_>) -> R,
) -> R {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let report = check_owned_bytes(path, error.into_bytes(), options);
            return then(&Document {
                source: &report.source,
                diagnostics: &report.diagnostics,
                guideline: None,
            });
        }
    };
    let source = SourceFile::from_string(path, text);
    check_source_then(&source, options, |diagnostics, document, checked| {
        // The rules' model when they ran; otherwise (the schema found problems) the model is read
        // here, and is there when the document still fits it.
        let unchecked = match (checked, document) {
            (None, Some(document)) => {
                <Guideline as serde::Deserialize>::deserialize(document.tree.root()).ok()
            }
            _ => None,
        };
        then(&Document {
            source: &source,
            diagnostics: &diagnostics,
            guideline: checked.or(unchecked.as_ref()),
        })
    })
}

/// The output syntax of `guidelint graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Svg,
}

/// Why a document could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrawError {
    /// The document is not JSON, or not shaped like a guideline; its diagnostics say why.
    NotAGuideline,
    /// `--path` named no diagnosis path; the ids the document has.
    NoSuchPath { id: String, paths: Vec<String> },
}

/// A drawing, and how many of the document's diagnostics it outlines (those about the document as
/// a whole, or about a part not drawn, are not).
#[derive(Debug)]
pub struct Drawn {
    pub text: String,
    pub errors: usize,
    pub warnings: usize,
}

/// The drawing of a checked document in `format`: all its paths, or the one `path` names.
pub fn draw(
    document: &Document<'_, '_>,
    path: Option<&str>,
    format: GraphFormat,
) -> Result<Drawn, DrawError> {
    let guideline = document.guideline.ok_or(DrawError::NotAGuideline)?;
    let selection = match path {
        None => graph::Selection::All,
        Some(id) => {
            if !guideline.diagnosis.paths.iter().any(|path| path.id == id) {
                return Err(DrawError::NoSuchPath {
                    id: id.to_string(),
                    paths: guideline
                        .diagnosis
                        .paths
                        .iter()
                        .map(|path| path.id.to_string())
                        .collect(),
                });
            }
            graph::Selection::Path(id)
        }
    };
    let graph = graph::build(guideline, document.diagnostics, selection);
    let text = match format {
        GraphFormat::Mermaid => mermaid::render(&graph),
        GraphFormat::Dot => dot::render(&graph),
        GraphFormat::Svg => svg::render(&graph),
    };
    let (errors, warnings) = graph.outlined();
    Ok(Drawn {
        text,
        errors,
        warnings,
    })
}

//! One document the editor has open: its text and version as the editor sent them, and what is
//! derived from that text, computed once per version when a request first needs it.

use super::outline::Outline;
use super::syntax::{self, Node};
use super::text::{Encoding, Text};
use crate::diagnostic::Diagnostic;
use lsp_types::Uri;
use std::cell::OnceCell;
use std::path::PathBuf;

#[derive(Debug)]
pub struct OpenDocument {
    pub uri: Uri,
    /// The file it is, for a `file:` URI.
    pub path: Option<PathBuf>,
    pub version: i32,
    pub text: Text,
    /// Whether it is diagnosed (a guideline `[files]` selects or that declares itself one).
    pub diagnosed: bool,
    /// The diagnostics of the last check of this very version, when it is done.
    pub diagnostics: Option<Vec<Diagnostic>>,
    tree: OnceCell<Option<Node>>,
    outline: OnceCell<Outline>,
}

impl OpenDocument {
    pub fn new(uri: Uri, version: i32, text: String) -> OpenDocument {
        OpenDocument {
            path: super::uri::to_path(&uri),
            uri,
            version,
            text: Text::new(text),
            diagnosed: false,
            diagnostics: None,
            tree: OnceCell::new(),
            outline: OnceCell::new(),
        }
    }

    /// Applies one change of a `didChange`; the caller sets the new version once all are applied.
    pub fn edit(&mut self, range: Option<lsp_types::Range>, replacement: &str, encoding: Encoding) {
        self.text.edit(range, replacement, encoding);
        self.diagnostics = None;
        self.tree = OnceCell::new();
        self.outline = OnceCell::new();
    }

    /// The tolerant reading of the current text.
    pub fn tree(&self) -> Option<&Node> {
        self.tree
            .get_or_init(|| syntax::parse(self.text.as_str()))
            .as_ref()
    }

    pub fn outline(&self) -> &Outline {
        self.outline.get_or_init(|| Outline::new(self.tree()))
    }

    /// The diagnostics of the current version, once checked.
    pub fn current_diagnostics(&self) -> &[Diagnostic] {
        self.diagnostics.as_deref().unwrap_or_default()
    }
}

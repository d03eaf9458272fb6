//! Fixes as data: what a diagnostic proposes to change in the document's text, and the engine that
//! applies fixes (`guidelint check --fix`, `--diff`; the language server's quick fixes read the same
//! [`Fix`] objects).
//!
//! A fix is a list of [`Edit`]s, each a byte range of the text the diagnostic was found in and the
//! text to put there, with a one-line title and an [`Applicability`]. Stages and rules build fixes
//! from the spans they already have; nothing re-parses or re-serializes the document to fix it, so
//! everything outside the edits (layout, key order, the spelling of numbers, indentation) is kept
//! byte for byte.
//!
//! ```
//! use guidelint::fix::{Applicability, Edit, Fix};
//! use guidelint::source::Span;
//!
//! let text = r#"{"modality": "ultrasond"}"#;
//! let fix = Fix::new(
//!     Applicability::Unsafe,
//!     "Replace `ultrasond` with `ultrasound`",
//!     vec![Edit::replace(Span::new(13, 24), "\"ultrasound\"")],
//! );
//! assert_eq!(fix.apply_to(text), r#"{"modality": "ultrasound"}"#);
//! ```
//!
//! Spans are byte offsets into the document's text without its byte-order mark (what
//! [`crate::source::SourceFile::text`] holds); an editor converts them to its own positions with
//! [`crate::source::SourceFile::position`] or its own line index.
//!
//! In an editor (the language server): each [`crate::diagnostic::Diagnostic`] of
//! [`crate::check_source`] with a `fix` is one quick fix titled [`Fix::title`], whose edits are
//! [`Fix::edits`], all against the text that was checked (apply them together, or offer none if
//! the text changed since); a [`Applicability::Safe`] fix may be the preferred one, an
//! [`Applicability::Unsafe`] one is a suggestion to review. "Fix all" is
//! [`crate::rewrite::fix_text`], which does what `check --fix` does to a text. LSP positions count
//! UTF-16 code units; a span's byte offsets must be converted, not reused as columns.

mod apply;
pub mod layout;

pub use apply::{Fixed, MAX_ROUNDS, Round, apply, fix_until_stable};

use crate::source::Span;
use crate::text::visible;

/// How sure a fix is to do what the author meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The intended meaning is certain: the change follows from the document itself (numbers
    /// derived from the transitions, a suppression that suppresses nothing). `--fix` applies it.
    Safe,
    /// A plausible guess a person must confirm (the closest id to a misspelt one). Applied only
    /// with `--unsafe-fixes`; an editor offers it as a quick fix to review.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One change of the text: the bytes of `span` replaced by `replacement`. An empty span inserts,
/// an empty replacement deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    span: Span,
    replacement: String,
}

impl Edit {
    /// Replaces the bytes of `span` with `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// Inserts `text` at byte `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::point(offset), text)
    }

    /// Deletes the bytes of `span`.
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, String::new())
    }

    /// The byte range of the original text this edit replaces.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The text that takes the range's place.
    pub fn replacement(&self) -> &str {
        &self.replacement
    }

    /// Whether the two edits touch the same text, so that applying both in one pass would be
    /// ambiguous. Two replacements that only meet at a boundary do not; an insertion at the
    /// boundary of another edit does (which goes first is not defined).
    pub fn conflicts_with(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        if a.start < b.end && b.start < a.end {
            return true;
        }
        let touching = a.end == b.start || b.end == a.start;
        touching && (a.is_empty() || b.is_empty())
    }
}

/// A change a diagnostic proposes: its edits, a one-line title ("Replace `ultrasond` with
/// `ultrasound`") and how sure it is.
///
/// Edits are kept sorted by position and never overlap one another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    title: String,
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    /// A fix of `edits`. Edits that conflict with an earlier one are dropped: a fix never asks for
    /// two changes of the same text.
    pub fn new(applicability: Applicability, title: impl Into<String>, edits: Vec<Edit>) -> Self {
        let mut sorted = edits;
        sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
        let mut edits: Vec<Edit> = Vec::with_capacity(sorted.len());
        for edit in sorted {
            if !edits.iter().any(|kept| kept.conflicts_with(&edit)) {
                edits.push(edit);
            }
        }
        Fix {
            title: visible(title.into()),
            applicability,
            edits,
        }
    }

    /// A safe fix: `--fix` applies it.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Safe, title, edits)
    }

    /// An unsafe fix: applied only with `--unsafe-fixes`.
    pub fn suggestion(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Unsafe, title, edits)
    }

    /// What the fix does, in one line: the title of an editor's quick fix.
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// The edits, sorted by position, none overlapping another.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Whether `--fix` (`unsafe_fixes` false) or `--unsafe-fixes` (true) applies this fix.
    pub fn is_applied_with(&self, unsafe_fixes: bool) -> bool {
        unsafe_fixes || self.applicability == Applicability::Safe
    }

    /// `text` with this fix's edits applied. `text` must be the text the fix was made for; an edit
    /// outside it, or not on a character boundary, leaves the text as it is.
    pub fn apply_to(&self, text: &str) -> String {
        apply(text, [self]).text
    }

    /// Whether any edit of this fix conflicts with any of `other`'s.
    pub fn conflicts_with(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|edit| other.edits.iter().any(|theirs| edit.conflicts_with(theirs)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_conflict_when_they_share_text_or_insert_at_a_boundary() {
        let replace = |start, end| Edit::replace(Span::new(start, end), "x");
        assert!(replace(0, 5).conflicts_with(&replace(4, 8)));
        assert!(!replace(0, 5).conflicts_with(&replace(5, 8)));
        assert!(Edit::insert(5, "x").conflicts_with(&replace(0, 5)));
        assert!(Edit::insert(5, "x").conflicts_with(&Edit::insert(5, "y")));
        assert!(!Edit::insert(4, "x").conflicts_with(&Edit::insert(5, "y")));
    }

    #[test]
    fn a_fix_sorts_its_edits_and_keeps_none_that_overlap() {
        let fix = Fix::safe(
            "two edits",
            vec![
                Edit::replace(Span::new(6, 7), "b"),
                Edit::replace(Span::new(0, 1), "a"),
                Edit::replace(Span::new(0, 3), "overlapping"),
            ],
        );
        assert_eq!(fix.edits().len(), 2);
        assert_eq!(fix.apply_to("x.....y"), "a.....b");
    }
}

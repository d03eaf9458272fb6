//! Changing documents: `check --fix` applies the diagnostics' fixes and `fmt` lays documents out.
//! Both find documents as `check` does, work on them in parallel, and either write each changed
//! file in one step ([`atomic`]) or only say what would change (`--diff`, `--check`).
//!
//! Neither ever writes a document that is not JSON or not UTF-8, nor standard input (its new text
//! is handed back for the caller to print), nor a file it could not read back unchanged; a file
//! that cannot be written is left as it was and named in the run's failures.

pub mod atomic;
mod fixing;
mod formatting;

pub use fixing::{FixRun, FixSettings, fix, fix_text};
pub use formatting::{FormatAction, FormatRun, format};

/// A document whose text changes (or would).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The name reports use.
    pub name: String,
    /// The text before and after, kept when the caller shows them (`--diff`).
    pub texts: Option<(String, String)>,
}

/// The bytes of a document read from standard input, as they should be printed back: changed, or
/// as they came when nothing changed (an editor piping a document through must never lose it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StdinDocument(pub Vec<u8>);

//! `guidelint lsp`: a Language Server Protocol 3.17 server on stdin and stdout, so that every editor
//! with an LSP client shows the diagnostics of `guidelint check` while the author types, and helps
//! with the document's ids and references.
//!
//! # Design
//!
//! Synchronous, on [`lsp_server`] (the transport rust-analyzer and ruff use: a reader and a writer
//! thread and crossbeam channels) with [`lsp_types`] for the messages. guidelint has no async runtime
//! and needs none: a check takes tens of microseconds, and the one long task, checking a huge
//! document, runs on a thread of its own ([`checker`]) while the main loop goes on answering.
//! `lsp-types` rather than `gen-lsp-types`: it covers all of 3.17 (position encodings, pull
//! diagnostics), is the crate the `lsp-server` ecosystem is written against, and its hand-written
//! types have been stable for years; the generated crate tracks the unreleased 3.18 and weighs twice
//! as much to compile, for types we would not use.
//!
//! Data flows one way, as in the command line: the editor's text ([`text`], kept in memory and
//! changed by incremental edits, never read from disk while open) -> `check_source` with the
//! configuration `check` would use ([`workspace`]) -> diagnostics converted to the negotiated position
//! encoding ([`convert`]). Editor features read an error-tolerant syntax tree of the same text
//! ([`syntax`], [`outline`]) and the embedded schema ([`schema_guide`]); they never change the
//! diagnostics. Nothing here writes a file: edits are proposed to the client, which applies them.
//!
//! A request handler that panics is caught: the panic is logged (`window/logMessage`) and answered
//! as an internal error, and the server goes on.

mod actions;
mod checker;
mod completion;
mod convert;
mod document;
mod edits;
mod hover;
mod navigation;
mod outline;
mod schema_guide;
mod server;
mod symbols;
mod syntax;
mod text;
mod transport;
mod uri;
mod workspace;

pub use lsp_server::Connection;
pub use server::serve;
pub use transport::{IoThreads, stdio};

use std::path::PathBuf;

/// What `guidelint lsp` is started with.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// `--today`: the date `review-overdue` and `date-order` compare against (default: the day of
    /// each check).
    pub today: Option<jiff::civil::Date>,
    /// `--config`: the configuration for every document, instead of the nearest `guidelint.toml`.
    pub config: Option<PathBuf>,
    /// For tests of the server's robustness: a request method whose handler panics.
    #[doc(hidden)]
    pub panic_on: Option<String>,
}

/// How the session ended, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`, as the protocol asks: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the client went away: exit code 1.
    Abrupt,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Clean => 0,
            Exit::Abrupt => 1,
        }
    }
}

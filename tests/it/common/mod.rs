//! Helpers shared by the integration tests that run the `guidelint` binary.

pub mod lsp;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `guidelint ARGUMENTS` in `folder`, 100 columns wide.
pub fn guidelint(folder: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidelint"))
        .current_dir(folder)
        .args(arguments)
        .env("COLUMNS", "100")
        .output()
        .expect("the guidelint binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

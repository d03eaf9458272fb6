//! Helpers shared by the integration tests: running the `guidelint` binary as a user would, and the
//! options the library tests check documents with.

pub mod lsp;

use std::path::Path;
use std::process::{Command, Output};

/// The date every test checks against, so `review-overdue` and `date-order` do not depend on the
/// day the tests run.
pub const TODAY: &str = "2026-11-26";

/// The crate's folder: the tests run the binary from here, as the README does.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, to run in `folder`: 100 columns wide and without color.
pub fn command(folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_guidelint"));
    command
        .current_dir(folder)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    command
}

/// Runs `guidelint ARGUMENTS` in `folder`.
pub fn guidelint(folder: &Path, arguments: &[&str]) -> Output {
    command(folder)
        .args(arguments)
        .output()
        .expect("the guidelint binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// What a run left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` to its end.
pub fn run(command: &mut Command) -> Run {
    let output = command.output().expect("the binary runs");
    Run {
        // `None` would mean a signal, such as the abort of a stack overflow.
        code: output
            .status
            .code()
            .expect("guidelint exited normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Check options comparing dates against [`TODAY`], with no configuration.
pub fn options() -> guidelint::CheckOptions {
    guidelint::CheckOptions::on(TODAY.parse().expect("TODAY is a date"))
}

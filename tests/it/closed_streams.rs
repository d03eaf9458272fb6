//! A reader that stops early (`guidelint check ... 2>&1 | head -c 10`) closes guidelint's stdout or
//! stderr. The run must then end quietly with the exit code its report deserves, never with a panic
//! (exit 101), in every format and with every extra output (`--statistics`, the summary on stderr).

use crate::common::{self, TODAY};
use std::process::{Command, Stdio};

const FORMATS: [&str; 6] = ["human", "json", "short", "sarif", "github", "junit"];

/// Which of the binary's streams the reader has closed before the binary writes.
#[derive(Debug, Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
    Both,
}

/// A pipe whose reading end is already closed: every write to it fails with a broken pipe, however
/// soon the binary writes.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

/// Runs `command` with `closed` streams and returns its exit code and what it wrote to the open one.
fn run_with(mut command: Command, closed: Closed) -> (i32, String) {
    let (stdout, stderr) = match closed {
        Closed::Stdout => (closed_pipe(), Stdio::piped()),
        Closed::Stderr => (Stdio::piped(), closed_pipe()),
        Closed::Both => (closed_pipe(), closed_pipe()),
    };
    let output = command
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .expect("the binary runs");
    let open = match closed {
        Closed::Stdout => output.stderr,
        _ => output.stdout,
    };
    let code = output
        .status
        .code()
        .expect("exited normally, not by a signal");
    (code, String::from_utf8_lossy(&open).into_owned())
}

fn check(format: &str) -> Command {
    let mut command = common::command(common::root());
    command.args([
        "check",
        "--statistics",
        "--today",
        TODAY,
        "--format",
        format,
        "tests/fixtures",
    ]);
    command
}

#[test]
fn every_format_ends_quietly_with_its_exit_code_when_a_stream_closes() {
    for format in FORMATS {
        let expected = common::run(&mut check(format));
        assert_eq!(expected.code, 1, "tests/fixtures holds errors ({format})");
        for closed in [Closed::Stdout, Closed::Stderr, Closed::Both] {
            let (code, open) = run_with(check(format), closed);
            assert_eq!(
                code, expected.code,
                "{format} with closed {closed:?}: {open}"
            );
            assert!(
                !open.contains("panicked"),
                "{format}, closed {closed:?}: {open}"
            );
            match closed {
                // The report is complete on stdout, whatever became of the messages.
                Closed::Stderr => assert_eq!(open, expected.stdout, "{format}"),
                // The messages (the summary, the statistics) still reach stderr.
                Closed::Stdout => assert_eq!(open, expected.stderr, "{format}"),
                Closed::Both => {}
            }
        }
    }
}

#[test]
fn other_commands_end_quietly_too() {
    let cases: [(&[&str], i32); 5] = [
        (&["rules"], 0),
        (&["explain", "dead-end"], 0),
        (&["explain", "dead-ed"], 2),
        (&["schema"], 0),
        (&["check", "no-such-folder"], 2),
    ];
    for (arguments, expected) in cases {
        for closed in [Closed::Stdout, Closed::Stderr, Closed::Both] {
            let mut command = common::command(common::root());
            command.args(arguments);
            let (code, open) = run_with(command, closed);
            assert_eq!(
                code, expected,
                "{arguments:?} with closed {closed:?}: {open}"
            );
        }
    }
}

//! Where the binary's text goes: stdout for reports, stderr for messages, both surviving a reader
//! that stopped reading, and the choice of report format.

use super::args::Format;
use guidelint::Report;
use guidelint::report::{self, human};
use std::io::Write;

pub(crate) fn render(report: &Report, format: Format, terminal: bool) -> String {
    match format {
        Format::Human => {
            let color =
                terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            human::render(
                report,
                human::Style {
                    color,
                    width: terminal_width(),
                },
            )
        }
        Format::Json => report::json::render(report),
        Format::Short => report::short::render(report),
        Format::Sarif => {
            report::sarif::render(report, &std::env::current_dir().unwrap_or_default())
        }
        Format::Github => report::github::render(report),
        Format::Junit => report::junit::render(report),
    }
}

/// The configuration named with `--config`, else the nearest `guidelint.toml` to the current folder,
/// else the defaults; `None` once the reason it cannot be loaded is on stderr.
pub(crate) fn configuration(
    explicit: Option<&std::path::Path>,
) -> Option<guidelint::config::Config> {
    let folder = std::env::current_dir().unwrap_or_default();
    guidelint::config::resolve(explicit, &folder)
        .map_err(|message| tell(&format!("error: {message}\n")))
        .ok()
}

pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .unwrap_or(100)
}

/// Writes a message to stderr. Messages are a courtesy: when stderr is closed (`2>&1 | head`), the
/// run goes on quietly and ends with the exit code its report deserves.
pub(crate) fn tell(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// Writes to stdout; a closed pipe (`guidelint check | head`) is not an error worth a panic.
pub(crate) fn print(text: &str) -> u8 {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes that may not be text: a document read from stdin goes back as it came.
pub(crate) fn print_bytes(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(error) => {
            tell(&format!("error: cannot write the report: {error}\n"));
            2
        }
    }
}

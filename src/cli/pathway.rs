//! `guidelint simulate` and `guidelint test`: patients played through a guideline.

use super::args::{Format, SimulateArgs, SimulateFormat, TestArgs, TestFormat};
use super::output::{print, render, tell, terminal_width};
use guidelint::report::{self, human};
use guidelint::{CheckOptions, Report};
use std::io::IsTerminal;

/// How `simulate` and `test` check the guidelines they play: the configuration (named, or the
/// nearest), compared against `today` or the real date; `None` once an invalid configuration has
/// been reported.
pub(crate) fn guideline_options(
    config: Option<&std::path::Path>,
    today: Option<jiff::civil::Date>,
) -> Option<CheckOptions> {
    let folder = std::env::current_dir().unwrap_or_default();
    let config = match guidelint::config::resolve(config, &folder) {
        Ok(config) => config,
        Err(message) => {
            tell(&format!("error: {message}\n"));
            return None;
        }
    };
    let mut options = CheckOptions::on(today.unwrap_or_else(|| jiff::ZonedDateTime::now().date()));
    options.config = config;
    Some(options)
}

pub(crate) fn run_simulate(arguments: SimulateArgs) -> u8 {
    use guidelint::simulate::{self, Outcome};
    let Some(options) = guideline_options(arguments.config.as_deref(), arguments.today) else {
        return 2;
    };
    let display = guidelint::discover::display_path(&arguments.file);
    let bytes = match std::fs::read(&arguments.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let reason = match error.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => error.to_string(),
            };
            tell(&format!("error: cannot read {display}: {reason}\n"));
            return 2;
        }
    };
    let terminal = std::io::stdout().is_terminal();
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let format = arguments.format;
    let render_playthrough = |shown: &simulate::Shown| match format {
        SimulateFormat::Human => report::simulation::human::render(
            shown,
            human::Style {
                color,
                width: terminal_width(),
            },
        ),
        SimulateFormat::Json => report::simulation::json::render(shown),
    };
    let request = simulate::Request {
        path: arguments.path,
        present: arguments
            .present
            .iter()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect(),
    };
    match simulate::simulate_bytes(&display, bytes, &options, &request, render_playthrough) {
        Outcome::Simulated(text) => print(&text),
        Outcome::Refused(file) => {
            let mut report = Report::default();
            report.add(file, true);
            let text = match arguments.format {
                SimulateFormat::Human => render(&report, Format::Human, terminal),
                SimulateFormat::Json => render(&report, Format::Json, terminal),
            };
            if print(&text) != 0 {
                return 2;
            }
            tell(&format!(
                "error: {display} has errors; simulate plays only documents without errors\n"
            ));
            1
        }
        Outcome::Rejected(message) => {
            tell(&format!("error: {message}\n"));
            2
        }
    }
}

pub(crate) fn run_test(arguments: TestArgs) -> u8 {
    use guidelint::scenarios::{self, TestOptions};
    let Some(check) = guideline_options(arguments.config.as_deref(), arguments.today) else {
        return 2;
    };
    let options = TestOptions {
        check,
        min_coverage: arguments.min_coverage,
    };
    let run = scenarios::run(&arguments.paths, &options);
    for failure in &run.report.failures {
        tell(&format!("error: {failure}\n"));
    }
    let terminal = std::io::stdout().is_terminal();
    let text = match arguments.format {
        TestFormat::Human => {
            let color =
                terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            report::scenarios::human::render(
                &run,
                human::Style {
                    color,
                    width: terminal_width(),
                },
            )
        }
        TestFormat::Json => report::scenarios::json::render(&run),
        TestFormat::Junit => report::scenarios::junit::render(&run),
    };
    if print(&text) != 0 {
        return 2;
    }
    if arguments.format != TestFormat::Human {
        tell(&format!(
            "{}\n",
            report::scenarios::human::summary_line(&run)
        ));
    }
    run.exit_code() as u8
}

//! The command line: parse arguments, call the library, map the outcome to an exit code.

use clap::{Parser, Subcommand, ValueEnum};
use guidelint::report::{self, human};
use guidelint::{CheckOptions, Input, rules};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A validator and linter for structured clinical guidelines.
#[derive(Parser)]
#[command(name = "guidelint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check guideline documents against the schema and the consistency rules.
    Check(CheckArgs),
    /// List every rule with its code, default severity and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print the documentation of one rule.
    Explain {
        /// A rule name (`dead-end`) or code (`GL203`).
        rule: String,
    },
    /// Print the embedded JSON Schema of the document format.
    Schema,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to check; folders are searched recursively for `*.json`; `-` reads stdin.
    #[arg(default_value = "guidelines")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(arguments) => run_check(arguments),
        Command::Rules { format } => {
            let text = match format {
                ListFormat::Human => guidelint::report::rules::table(),
                ListFormat::Json => guidelint::report::rules::json(),
            };
            print(&text)
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => print(&format!(
                "{} ({}), default severity: {}\n\n{}\n",
                rule.name,
                rule.code,
                rule.default_severity,
                rule.documentation()
            )),
            None => {
                let suggestion = rules::closest(&rule, rules::names().chain(rules::ALL.iter().map(|r| r.code)))
                    .map(|name| format!("; did you mean `{name}`?"))
                    .unwrap_or_default();
                eprintln!("error: no rule is named `{rule}`{suggestion} `guidelint rules` lists them all.");
                2
            }
        },
        Command::Schema => print(guidelint::schema::SCHEMA_TEXT),
    };
    ExitCode::from(code)
}

fn run_check(arguments: CheckArgs) -> u8 {
    let config = match load_config(arguments.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let options = CheckOptions {
        today: arguments.today.unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
    };
    let inputs: Vec<Input> = arguments
        .paths
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                Input::Stdin {
                    name: arguments.stdin_filename.clone(),
                }
            } else {
                Input::Path(path.clone())
            }
        })
        .collect();
    let report = guidelint::check(&inputs, &options);
    for failure in &report.failures {
        eprintln!("error: {failure}");
    }
    let text = match arguments.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            let width = terminal_width();
            human::render(&report, human::Style { color, width })
        }
        Format::Json => report::json::render(&report),
    };
    let status = print(&text);
    if status != 0 {
        return 2;
    }
    report.exit_code() as u8
}

/// The configuration named with `--config`, else the nearest `guidelint.toml`, else the defaults.
fn load_config(explicit: Option<&std::path::Path>) -> Result<guidelint::config::Config, String> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|folder| guidelint::config::discover(&folder)),
    };
    match path {
        Some(path) => guidelint::config::load(&path),
        None => Ok(guidelint::config::Config::default()),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .unwrap_or(100)
}

/// Writes to stdout; a closed pipe (`guidelint check | head`) is not an error worth a panic.
fn print(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(error) => {
            eprintln!("error: cannot write the report: {error}");
            2
        }
    }
}

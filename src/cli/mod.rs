//! The binary's modules: the arguments, one module per group of subcommands, and the output.
//! Each parses nothing and decides nothing that the library can: it calls the library and maps the
//! outcome to an exit code.

pub(crate) mod args;
mod check;
mod drawing;
mod lsp;
mod output;
mod pathway;

use args::{Cli, Command, ListFormat};
use clap::CommandFactory;
use guidelint::rules;
use output::{print, tell};

/// Runs the subcommand `cli` names and returns the exit code.
pub(crate) fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(arguments) => check::run_check(arguments),
        Command::Rules { format } => {
            let text = match format {
                ListFormat::Human => guidelint::report::rules::table(),
                ListFormat::Json => guidelint::report::rules::json(),
                ListFormat::Markdown => guidelint::report::rules::markdown(),
            };
            print(&text)
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => print(&guidelint::report::rules::explain(rule)),
            None => {
                let suggestion = guidelint::text::closest(
                    &rule,
                    rules::names().chain(rules::ALL.iter().map(|r| r.code)),
                )
                .map(|name| format!("; did you mean `{name}`?"))
                .unwrap_or_default();
                tell(&format!(
                    "error: no rule is named `{rule}`{suggestion} `guidelint rules` lists them all.\n"
                ));
                2
            }
        },
        Command::Fmt(arguments) => check::run_fmt(arguments),
        Command::Schema { scenarios: false } => print(guidelint::schema::SCHEMA_TEXT),
        Command::Schema { scenarios: true } => print(guidelint::schema::SCENARIOS.text),
        Command::Test(arguments) => pathway::run_test(arguments),
        Command::Simulate(arguments) => pathway::run_simulate(arguments),
        Command::Lsp(arguments) => lsp::run_lsp(arguments),
        Command::Graph(arguments) => drawing::run_graph(arguments),
        Command::Render(arguments) => drawing::run_render(arguments),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "guidelint", &mut script);
            print(&String::from_utf8_lossy(&script))
        }
        Command::Man { subcommand } => match manual_page(subcommand.as_deref()) {
            Ok(page) => print(&page),
            Err(message) => {
                tell(&format!("error: {message}\n"));
                2
            }
        },
    }
}

/// The roff page of guidelint or of one of its subcommands, as `clap_mangen` writes it.
fn manual_page(subcommand: Option<&str>) -> Result<String, String> {
    let mut command = Cli::command();
    // Building gives subcommands their full names (`guidelint-check`) for their pages' titles.
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(found) => found.clone(),
            None => {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(|found| found.get_name())
                    .collect();
                return Err(format!(
                    "no subcommand is named `{name}`; pages exist for {}",
                    names.join(", ")
                ));
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|error| format!("cannot render the manual page: {error}"))?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

//! The command line: parse arguments, call the library, map the outcome to an exit code.

// Every byte reaches stdout through `print` and stderr through `tell`, which survive a closed pipe;
// the `print!` family panics on one.
#![deny(clippy::print_stdout, clippy::print_stderr)]

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use guidelint::report::{self, human};
use guidelint::rewrite::{FixSettings, FormatAction};
use guidelint::{CheckOptions, Input, Report, SourceText, WarningPolicy, rules};
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
    /// Lay guideline documents out in the canonical layout, so that reviews show content changes only.
    ///
    /// Two-space indentation (`[format] indent-width`), one member per line, short arrays of scalars on
    /// one line (up to `[format] line-width`, 100 columns), keys in the order of the schema with unknown
    /// and `x-` keys after the known ones, every string and number exactly as written, a final newline
    /// and no byte-order mark. A document that is not JSON is reported (exit 1) and never written.
    Fmt(FmtArgs),
    /// Print the embedded JSON Schema of the document format.
    Schema {
        /// Print the schema of scenario files (`*.scenarios.json`) instead.
        #[arg(long)]
        scenarios: bool,
    },
    /// Play one patient through a guideline and explain what happens to them.
    ///
    /// Shows, for each diagnosis path, the steps performed and why each was reached, what each
    /// step made known, the steps not performed and why, and how each branch ended; then each
    /// treatment's status (eligible, not-indicated, excluded, not-reached) with the indication or
    /// contraindication that decided it. A document with errors is refused with its diagnostics
    /// (exit 1); an unknown finding or path id stops with a suggestion (exit 2).
    Simulate(SimulateArgs),
    /// Run scenario files (`*.scenarios.json`) against their guidelines and report coverage.
    ///
    /// Each scenario is a patient, given by the findings they have, and what must happen to them:
    /// steps performed or not, treatments eligible or not. A failed expectation is reported at its
    /// id with what happened instead and why. Coverage counts, per guideline, the steps some
    /// scenario performs, the transitions some scenario follows and the treatments some scenario
    /// makes eligible. Exit codes as `check`: 0 when every scenario passes, 1 for a failure or an
    /// error (or coverage below `--min-coverage`), 2 when something could not be tested.
    Test(TestArgs),
    /// Run the language server (LSP 3.17) on stdin and stdout, for editors.
    ///
    /// Editors start it and talk to it; it shows the diagnostics of `check` while you type, and
    /// offers hover, go to definition, references, rename, completion, the document outline and
    /// quick fixes. Exit code 0 after the client's `shutdown` and `exit`, 1 when the client exits
    /// without `shutdown` or goes away.
    Lsp(LspArgs),
    /// Draw a guideline's diagnosis paths and treatments as a flowchart: Mermaid, DOT or SVG.
    ///
    /// Steps are rounded boxes (the entry), rectangles (actions) or hexagons (where conditional
    /// transitions leave); conditional transitions are labelled in words; treatments follow as a
    /// ladder from conservative to surgical, with their escalations and, dashed, the diagnosis
    /// paths they require. Nodes and edges that a diagnostic of `check` concerns are outlined in the
    /// severity's colour. Exit 0 when drawn, 1 when the document cannot be read as a guideline, 2
    /// when guidelint cannot do its job (unknown path, unreadable file).
    Graph(GraphArgs),
    /// Write a static review site: an index of the guidelines and a page for each.
    ///
    /// Each page shows the guideline's header, summary, risk factors, findings, each diagnosis path
    /// as a flowchart with its steps, the treatments as an escalation ladder and the numbered
    /// sources, with the diagnostics of `check` listed and marked where they apply; `rules.html`
    /// documents every rule. The pages need no JavaScript and no network. Only `index.html`,
    /// `rules.html` and the guidelines' pages are written in DIR. Exit 0 when the site is written
    /// (documents with errors get pages that show them; `check` is the gate), 2 when guidelint
    /// cannot do its job (a path that does not exist, a folder it cannot write).
    Render(RenderArgs),
    /// Print a shell completion script.
    ///
    /// For example: `guidelint completions bash > ~/.local/share/bash-completion/completions/guidelint`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff).
    ///
    /// Without a subcommand, guidelint(1); with one, its own page such as guidelint-check(1). For example: `guidelint man check > ~/.local/share/man/man1/guidelint-check.1`.
    Man {
        /// The subcommand whose page to print (`check`, `rules`, ...); none for guidelint(1).
        subcommand: Option<String>,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to check; `-` reads stdin. Folders are searched recursively for `*.json`,
    /// skipping hidden and git-ignored entries and applying `[files]` of guidelint.toml.
    #[arg(default_value = "guidelines")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to this file (replaced in one step, never left half-written) instead of
    /// stdout; the summary line still goes to the terminal, on stderr.
    #[arg(long, value_name = "PATH")]
    output_file: Option<PathBuf>,
    /// Fail the run (exit 1) when there is any warning.
    #[arg(long)]
    deny_warnings: bool,
    /// Fail the run (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// After the report, print how many diagnostics each rule produced (to stderr for machine formats).
    #[arg(long)]
    statistics: bool,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too,
    /// as pre-commit hooks and editors name them (by default a named file is always checked).
    #[arg(long)]
    force_exclude: bool,
    /// Apply the safe fixes and write each fixed file (atomically, keeping its permissions); the
    /// report is then the one of the fixed text, followed by `N fixes applied (M remaining)`. A
    /// document read from stdin is printed, fixed, to stdout, and the report goes to stderr.
    #[arg(long)]
    fix: bool,
    /// Apply the unsafe fixes too (a close id for a misspelt one, `"terminal": true`...): guesses
    /// to review. Implies --fix unless --diff is given.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix (with --unsafe-fixes: of what both) would change, and
    /// write nothing; exit 1 when there is something to fix.
    #[arg(long, conflicts_with_all = ["output_file", "statistics"])]
    diff: bool,
}

#[derive(clap::Args)]
struct FmtArgs {
    /// Files and folders to lay out; `-` reads stdin and prints the result. Folders are searched
    /// recursively for `*.json` as `check` does; scenario files (`*.scenarios.json`) are left alone.
    #[arg(default_value = "guidelines")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files whose layout would change, and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing; print a unified diff of each change, and exit 1 if there is any.
    #[arg(long)]
    diff: bool,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
}

#[derive(clap::Args)]
struct SimulateArgs {
    /// The guideline document.
    file: PathBuf,
    /// Show this diagnosis path only; treatments are still judged over every path.
    #[arg(long, value_name = "ID")]
    path: Option<String>,
    /// The findings the patient has, by id, separated by commas (or the option repeated); every
    /// other finding is absent once a step elicits it. Leave it out for a patient with none.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    present: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimulateFormat::Human)]
    format: SimulateFormat,
    /// The date the document's review and publication dates are checked against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct LspArgs {
    /// The date to compare review and publication dates against (default: the day of each check).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file for every document (default: the nearest `guidelint.toml` in the
    /// document's folder or above, as `check` finds it).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct TestArgs {
    /// Scenario files, and folders searched recursively for `*.scenarios.json` (skipping hidden
    /// and git-ignored entries and applying `[files]` of guidelint.toml). A scenario file names its
    /// guideline by id (found in its own folder or among the paths given) or by relative path.
    #[arg(default_value = "guidelines")]
    paths: Vec<PathBuf>,
    /// Fail the run (exit 1) when a guideline's coverage is below PERCENT (0 to 100).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    min_coverage: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
    /// The date guidelines' review and publication dates are checked against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct GraphArgs {
    /// The guideline document to draw; `-` reads stdin.
    file: PathBuf,
    /// Draw only this diagnosis path (by id), with the treatments that require it.
    #[arg(long, value_name = "ID")]
    path: Option<String>,
    /// Output syntax.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
    /// Write the drawing to this file (replaced in one step) instead of stdout.
    #[arg(long, value_name = "PATH")]
    output_file: Option<PathBuf>,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    /// Diagnostics as `check` draws them, each scenario's outcome, coverage and a summary line.
    Human,
    /// Scenarios, coverage and diagnostics as one JSON object.
    Json,
    /// JUnit XML: one test suite per scenario file, one test case per scenario.
    Junit,
}

fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(percent) if (0.0..=100.0).contains(&percent) => Ok(percent),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SimulateFormat {
    /// The playthrough explained step by step.
    Human,
    /// `{"guideline", "present", "paths", "treatments"}`, every list in document order.
    Json,
}

#[derive(clap::Args)]
struct RenderArgs {
    /// Files and folders to render; folders are searched as `check` searches them.
    #[arg(default_value = "guidelines")]
    paths: Vec<PathBuf>,
    /// The folder to write the site in (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// A Mermaid `flowchart TD`, which GitHub and GitLab render in Markdown.
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
    /// SVG laid out by guidelint, no Graphviz needed.
    Svg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Annotated source excerpts and a summary line.
    Human,
    /// The stable JSON report.
    Json,
    /// One line per diagnostic: `path:line:column: severity[CODE] rule: message`.
    Short,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML: one test suite per file, one failing test case per diagnostic.
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
    /// The Markdown table the README embeds.
    Markdown,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD"))
}

/// mimalloc: guidelint allocates many small strings and maps per document on every core, where
/// glibc's allocator spent over a quarter of a run (measured with perf on 2,000 documents). Built
/// without transparent huge pages (`no_thp`): with them, peak memory doubled and crept up by a 2 MB
/// page as long runs touched new regions, at no gain in speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Compiling the schema is the longest step before the first document can be checked; start it
    // before the arguments are parsed (0.2 ms), so it runs while they are and while the
    // configuration is read and the files are found. `check`, `graph`, `render`, `simulate` and
    // `test` check documents first; no subcommand has an alias and no option may come before it,
    // so this is every run that checks.
    if std::env::args_os().nth(1).is_some_and(|first| {
        ["check", "graph", "render", "simulate", "test"]
            .contains(&first.to_str().unwrap_or_default())
    }) {
        guidelint::prepare_in_background();
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(arguments) => run_check(arguments),
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
        Command::Fmt(arguments) => run_fmt(arguments),
        Command::Schema { scenarios: false } => print(guidelint::schema::SCHEMA_TEXT),
        Command::Schema { scenarios: true } => print(guidelint::schema::SCENARIOS.text),
        Command::Test(arguments) => run_test(arguments),
        Command::Simulate(arguments) => run_simulate(arguments),
        Command::Lsp(arguments) => run_lsp(arguments),
        Command::Graph(arguments) => run_graph(arguments),
        Command::Render(arguments) => run_render(arguments),
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
    };
    ExitCode::from(code)
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

fn run_graph(arguments: GraphArgs) -> u8 {
    use guidelint::render::{self as drawing, DrawError};
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        today: arguments
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
        ..CheckOptions::default()
    };
    let (name, bytes) = if arguments.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        (
            arguments.stdin_filename.clone(),
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes),
        )
    } else {
        (
            guidelint::discover::display_path(&arguments.file),
            std::fs::read(&arguments.file),
        )
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            tell(&format!("error: cannot read {name}: {error}\n"));
            return 2;
        }
    };
    let format = match arguments.format {
        GraphFormat::Mermaid => drawing::GraphFormat::Mermaid,
        GraphFormat::Dot => drawing::GraphFormat::Dot,
        GraphFormat::Svg => drawing::GraphFormat::Svg,
    };
    let drawn = drawing::with_document(&name, bytes, &options, |document| {
        let drawn = drawing::draw(document, arguments.path.as_deref(), format);
        let report = Report {
            files: vec![guidelint::FileReport {
                source: document.source.clone(),
                diagnostics: document.diagnostics.to_vec(),
            }],
            ..Report::default()
        };
        (drawn, report)
    });
    let (drawn, report) = drawn;
    let text = match drawn {
        Ok(text) => text,
        Err(DrawError::NotAGuideline) => {
            tell(&report::short::render(&report));
            tell(&format!(
                "error: cannot draw {name}: it cannot be read as a guideline ({}); `guidelint check {name}` explains each problem\n",
                report::plural(report.summary().errors, "error")
            ));
            return 1;
        }
        Err(DrawError::NoSuchPath { id, paths }) => {
            let suggestion = guidelint::text::closest(&id, paths.iter().map(String::as_str))
                .map(|closest| format!(" did you mean `{closest}`?"))
                .unwrap_or_default();
            tell(&format!(
                "error: {name} has no diagnosis path `{id}`;{suggestion} its paths are: {}\n",
                paths.join(", ")
            ));
            return 2;
        }
    };
    let summary = report.summary();
    if summary.errors + summary.warnings > 0 {
        tell(&format!(
            "{name}: {}, {} outlined in the drawing; `guidelint check {name}` explains them\n",
            report::plural(summary.errors, "error"),
            report::plural(summary.warnings, "warning")
        ));
    }
    match &arguments.output_file {
        Some(path) => match report::write_atomically(path, &text) {
            Ok(()) => 0,
            Err(error) => {
                tell(&format!(
                    "error: cannot write {}: {error}\n",
                    path.display()
                ));
                2
            }
        },
        None => print(&text),
    }
}

fn run_render(arguments: RenderArgs) -> u8 {
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        today: arguments
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
        force_exclude: arguments.force_exclude,
        ..CheckOptions::default()
    };
    if let Some(stdin) = arguments.paths.iter().find(|path| path.as_os_str() == "-") {
        tell(&format!(
            "error: `render` reads files and folders, not standard input (`{}`)\n",
            stdin.display()
        ));
        return 2;
    }
    let inputs: Vec<Input> = arguments.paths.iter().cloned().map(Input::Path).collect();
    let site = guidelint::render::site::render(&inputs, &options, &arguments.out);
    for failure in &site.failures {
        tell(&format!("error: {failure}\n"));
    }
    tell(&format!(
        "{} rendered to {}: {}, {}\n",
        report::plural(site.pages, "guideline"),
        guidelint::discover::display_path(&arguments.out.join("index.html")),
        report::plural(site.errors, "error"),
        report::plural(site.warnings, "warning")
    ));
    if site.failures.is_empty() { 0 } else { 2 }
}

fn run_check(arguments: CheckArgs) -> u8 {
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        today: arguments
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
        // JUnit gives every file a test case, passing or not.
        list_clean_files: arguments.format == Format::Junit,
        force_exclude: arguments.force_exclude,
        // Only the human format quotes the document; the others print positions.
        source_text: if arguments.format == Format::Human {
            // The human report reads its context lines around each span, and one line more.
            SourceText::Excerpts {
                lines: human::CONTEXT_LINES + 1,
            }
        } else {
            SourceText::Positions
        },
    };
    let inputs = inputs(&arguments.paths, &arguments.stdin_filename);
    if arguments.diff {
        return run_fix_diff(&inputs, &options, arguments.unsafe_fixes);
    }
    let (report, fixed) = if arguments.fix || arguments.unsafe_fixes {
        let settings = FixSettings {
            unsafe_fixes: arguments.unsafe_fixes,
            write: true,
        };
        let run = guidelint::rewrite::fix(&inputs, &options, settings);
        let fixed = Fixed {
            applied: run.applied,
            unsafe_left: run.unsafe_left,
        };
        // The document from stdin, fixed, is what stdout is for; the report goes to stderr.
        if let Some(document) = &run.stdin
            && print_bytes(&document.0) != 0
        {
            return 2;
        }
        (run.report, Some((fixed, run.stdin.is_some())))
    } else {
        (guidelint::check(&inputs, &options), None)
    };
    let document_on_stdout = fixed.as_ref().is_some_and(|(_, stdin)| *stdin);
    for failure in &report.failures {
        tell(&format!("error: {failure}\n"));
    }
    let to_file = arguments.output_file.is_some();
    // Where the report goes when not to a file: stdout, unless a fixed document took it.
    let report_on_stdout = !to_file && !document_on_stdout;
    let terminal = if report_on_stdout {
        std::io::stdout().is_terminal()
    } else {
        !to_file && std::io::stderr().is_terminal()
    };
    let text = render(&report, arguments.format, terminal);
    let written = match &arguments.output_file {
        Some(path) => match report::write_atomically(path, &text) {
            Ok(()) => 0,
            Err(error) => {
                tell(&format!(
                    "error: cannot write the report to {}: {error}\n",
                    path.display()
                ));
                2
            }
        },
        None if report_on_stdout => print(&text),
        None => {
            tell(&text);
            0
        }
    };
    if written != 0 {
        return 2;
    }
    // The human report ends with the summary; every other way the terminal gets it on stderr.
    // JSON, SARIF, GitHub and JUnit on stdout are read by programs and stay exactly the report.
    if to_file || arguments.format == Format::Short {
        tell(&format!("{}\n", report::summary_line(&report)));
    }
    let human_on_stdout = arguments.format == Format::Human && report_on_stdout;
    if arguments.statistics {
        let statistics = report::statistics::render(&report);
        if human_on_stdout {
            // A blank line sets the table apart from the summary line above it.
            if !statistics.is_empty() && print(&format!("\n{statistics}")) != 0 {
                return 2;
            }
        } else {
            tell(&statistics);
        }
    }
    if let Some((fixed, _)) = fixed {
        let summary = report.summary();
        let mut lines = format!(
            "{} applied ({} remaining)\n",
            fixes(fixed.applied),
            summary.errors + summary.warnings
        );
        if fixed.unsafe_left > 0 {
            lines.push_str(&format!(
                "{} available with --unsafe-fixes\n",
                more_fixes(fixed.unsafe_left)
            ));
        }
        if human_on_stdout {
            if print(&lines) != 0 {
                return 2;
            }
        } else {
            tell(&lines);
        }
    }
    let policy = WarningPolicy {
        deny: arguments.deny_warnings,
        max: arguments.max_warnings,
    };
    if let Some(reason) = policy.rejects(report.summary().warnings) {
        tell(&format!("error: {reason}\n"));
    }
    report.exit_code_with(&policy) as u8
}

/// "1 fix", "3 fixes".
fn fixes(count: usize) -> String {
    if count == 1 {
        "1 fix".to_string()
    } else {
        format!("{count} fixes")
    }
}

/// "1 more fix", "3 more fixes".
fn more_fixes(count: usize) -> String {
    fixes(count).replacen(' ', " more ", 1)
}

/// What `check --fix` did, for the line after the report.
struct Fixed {
    applied: usize,
    unsafe_left: usize,
}

/// `check --diff`: the unified diff of what the fixes would change, and nothing written.
fn run_fix_diff(inputs: &[Input], options: &CheckOptions, unsafe_fixes: bool) -> u8 {
    let settings = FixSettings {
        unsafe_fixes,
        write: false,
    };
    let run = guidelint::rewrite::fix(inputs, options, settings);
    for failure in &run.report.failures {
        tell(&format!("error: {failure}\n"));
    }
    if print(&diffs(&run.changes)) != 0 {
        return 2;
    }
    let mut summary = if run.changes.is_empty() {
        "no fixes to apply\n".to_string()
    } else {
        format!(
            "{} would be applied to {}\n",
            fixes(run.applied),
            report::plural(run.changes.len(), "file")
        )
    };
    if run.unsafe_left > 0 {
        summary.push_str(&format!(
            "{} available with --unsafe-fixes\n",
            more_fixes(run.unsafe_left)
        ));
    }
    tell(&summary);
    if !run.report.failures.is_empty() {
        2
    } else {
        u8::from(!run.changes.is_empty())
    }
}

/// The unified diffs of the changes that kept their texts.
fn diffs(changes: &[guidelint::rewrite::Change]) -> String {
    changes
        .iter()
        .filter_map(|change| {
            let (before, after) = change.texts.as_ref()?;
            Some(report::diff::unified(&change.name, before, after))
        })
        .collect()
}

/// `guidelint fmt`.
fn run_fmt(arguments: FmtArgs) -> u8 {
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        config,
        force_exclude: arguments.force_exclude,
        ..CheckOptions::default()
    };
    let inputs = inputs(&arguments.paths, &arguments.stdin_filename);
    let action = if arguments.diff {
        FormatAction::Diff
    } else if arguments.check {
        FormatAction::Check
    } else {
        FormatAction::Write
    };
    let run = guidelint::rewrite::format(&inputs, &options, action);
    for failure in &run.report.failures {
        tell(&format!("error: {failure}\n"));
    }
    // Documents that are not JSON: their diagnostics, as `check` shows them.
    if !run.report.files.is_empty() {
        let style = human::Style {
            color: std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
            width: terminal_width(),
        };
        tell(&human::render_diagnostics(&run.report, style));
    }
    let explicit: Vec<String> = arguments
        .paths
        .iter()
        .map(|path| guidelint::discover::display_path(path))
        .collect();
    for skipped in run.skipped.iter().filter(|name| explicit.contains(name)) {
        tell(&format!(
            "note: {skipped} is a scenario file, not a guideline document; fmt leaves it as it is\n"
        ));
    }
    let stdout = match action {
        FormatAction::Write => String::new(),
        FormatAction::Check => run
            .changes
            .iter()
            .map(|change| format!("would reformat: {}\n", change.name))
            .collect(),
        FormatAction::Diff => diffs(&run.changes),
    };
    if let Some(document) = &run.stdin
        && print_bytes(&document.0) != 0
    {
        return 2;
    }
    if print(&stdout) != 0 {
        return 2;
    }
    let changed = run.changes.len();
    let unchanged = run.formatted - changed;
    let mut summary = match action {
        FormatAction::Write => format!(
            "{} reformatted, {} left unchanged",
            report::plural(changed, "file"),
            report::plural(unchanged, "file")
        ),
        FormatAction::Check | FormatAction::Diff => format!(
            "{} would be reformatted, {} already formatted",
            report::plural(changed, "file"),
            report::plural(unchanged, "file")
        ),
    };
    if !run.report.files.is_empty() {
        summary.push_str(&format!(
            ", {} not JSON and left unchanged",
            report::plural(run.report.files.len(), "file")
        ));
    }
    // A document piped through (an editor formatting its buffer) needs no summary.
    let only_stdin = inputs
        .iter()
        .all(|input| matches!(input, Input::Stdin { .. }));
    if !only_stdin {
        tell(&format!("{summary}\n"));
    }
    run.exit_code(action) as u8
}

/// The inputs named on the command line; `-` is stdin, reported as `stdin_name`.
fn inputs(paths: &[PathBuf], stdin_name: &str) -> Vec<Input> {
    paths
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                Input::Stdin {
                    name: stdin_name.to_string(),
                }
            } else {
                Input::Path(path.clone())
            }
        })
        .collect()
}

/// How `simulate` and `test` check the guidelines they play: the configuration (named, or the
/// nearest), compared against `today` or the real date; `None` once an invalid configuration has
/// been reported.
fn guideline_options(
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

fn run_simulate(arguments: SimulateArgs) -> u8 {
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

fn run_test(arguments: TestArgs) -> u8 {
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

/// Serves one editor on stdin and stdout until it exits.
fn run_lsp(arguments: LspArgs) -> u8 {
    guidelint::prepare_in_background();
    let options = guidelint::lsp::ServerOptions {
        today: arguments.today,
        config: arguments.config,
        ..Default::default()
    };
    let (connection, io_threads) = guidelint::lsp::Connection::stdio();
    let exit = match guidelint::lsp::serve(connection, options) {
        Ok(exit) => exit,
        Err(error) => {
            tell(&format!("error: guidelint lsp: {error}\n"));
            guidelint::lsp::Exit::Abrupt
        }
    };
    // The reader thread ends with the client's `exit` or the end of its input, the writer once
    // every message is written.
    if let Err(error) = io_threads.join() {
        tell(&format!("error: guidelint lsp: {error}\n"));
    }
    exit.code()
}

fn render(report: &Report, format: Format, terminal: bool) -> String {
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
fn configuration(explicit: Option<&std::path::Path>) -> Option<guidelint::config::Config> {
    let folder = std::env::current_dir().unwrap_or_default();
    guidelint::config::resolve(explicit, &folder)
        .map_err(|message| tell(&format!("error: {message}\n")))
        .ok()
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .unwrap_or(100)
}

/// Writes a message to stderr. Messages are a courtesy: when stderr is closed (`2>&1 | head`), the
/// run goes on quietly and ends with the exit code its report deserves.
fn tell(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// Writes to stdout; a closed pipe (`guidelint check | head`) is not an error worth a panic.
fn print(text: &str) -> u8 {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes that may not be text: a document read from stdin goes back as it came.
fn print_bytes(bytes: &[u8]) -> u8 {
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

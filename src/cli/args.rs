//! The command line's arguments, as clap reads them: every subcommand and option, with the help
//! text `--help` and the manual pages show.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A validator and linter for structured clinical guidelines.
#[derive(Parser)]
#[command(name = "guidelint", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) struct CheckArgs {
    /// Files and folders to check; `-` reads stdin. Folders are searched recursively for `*.json`,
    /// skipping hidden and git-ignored entries and applying `[files]` of guidelint.toml.
    #[arg(default_value = "guidelines")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Write the report to this file (replaced in one step, never left half-written) instead of
    /// stdout; the summary line still goes to the terminal, on stderr.
    #[arg(long, value_name = "PATH")]
    pub(crate) output_file: Option<PathBuf>,
    /// Fail the run (exit 1) when there is any warning.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Fail the run (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,
    /// After the report, print how many diagnostics each rule produced (to stderr for machine formats).
    #[arg(long)]
    pub(crate) statistics: bool,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub(crate) stdin_filename: String,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too,
    /// as pre-commit hooks and editors name them (by default a named file is always checked).
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// Apply the safe fixes and write each fixed file (atomically, keeping its permissions); the
    /// report is then the one of the fixed text, followed by `N fixes applied (M remaining)`. A
    /// document read from stdin is printed, fixed, to stdout, and the report goes to stderr.
    #[arg(long)]
    pub(crate) fix: bool,
    /// Apply the unsafe fixes too (a close id for a misspelt one, `"terminal": true`...): guesses
    /// to review. Implies --fix unless --diff is given.
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// Print a unified diff of what --fix (with --unsafe-fixes: of what both) would change, and
    /// write nothing; exit 1 when there is something to fix.
    #[arg(long, conflicts_with_all = ["output_file", "statistics"])]
    pub(crate) diff: bool,
}

#[derive(clap::Args)]
pub(crate) struct FmtArgs {
    /// Files and folders to lay out; `-` reads stdin and prints the result. Folders are searched
    /// recursively for `*.json` as `check` does; scenario files (`*.scenarios.json`) are left alone.
    #[arg(default_value = "guidelines")]
    pub(crate) paths: Vec<PathBuf>,
    /// Write nothing; list the files whose layout would change, and exit 1 if there are any.
    #[arg(long)]
    pub(crate) check: bool,
    /// Write nothing; print a unified diff of each change, and exit 1 if there is any.
    #[arg(long)]
    pub(crate) diff: bool,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too.
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub(crate) stdin_filename: String,
}

#[derive(clap::Args)]
pub(crate) struct SimulateArgs {
    /// The guideline document.
    pub(crate) file: PathBuf,
    /// Show this diagnosis path only; treatments are still judged over every path.
    #[arg(long, value_name = "ID")]
    pub(crate) path: Option<String>,
    /// The findings the patient has, by id, separated by commas (or the option repeated); every
    /// other finding is absent once a step elicits it. Leave it out for a patient with none.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub(crate) present: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimulateFormat::Human)]
    pub(crate) format: SimulateFormat,
    /// The date the document's review and publication dates are checked against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct LspArgs {
    /// The date to compare review and publication dates against (default: the day of each check).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file for every document (default: the nearest `guidelint.toml` in the
    /// document's folder or above, as `check` finds it).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct TestArgs {
    /// Scenario files, and folders searched recursively for `*.scenarios.json` (skipping hidden
    /// and git-ignored entries and applying `[files]` of guidelint.toml). A scenario file names its
    /// guideline by id (found in its own folder or among the paths given) or by relative path.
    #[arg(default_value = "guidelines")]
    pub(crate) paths: Vec<PathBuf>,
    /// Fail the run (exit 1) when a guideline's coverage is below PERCENT (0 to 100).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub(crate) min_coverage: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub(crate) format: TestFormat,
    /// The date guidelines' review and publication dates are checked against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct GraphArgs {
    /// The guideline document to draw; `-` reads stdin.
    pub(crate) file: PathBuf,
    /// Draw only this diagnosis path (by id), with the treatments that require it.
    #[arg(long, value_name = "ID")]
    pub(crate) path: Option<String>,
    /// Output syntax.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub(crate) format: GraphFormat,
    /// Write the drawing to this file (replaced in one step) instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub(crate) output_file: Option<PathBuf>,
    /// The name to report for a document read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub(crate) stdin_filename: String,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TestFormat {
    /// Diagnostics as `check` draws them, each scenario's outcome, coverage and a summary line.
    Human,
    /// Scenarios, coverage and diagnostics as one JSON object.
    Json,
    /// JUnit XML: one test suite per scenario file, one test case per scenario.
    Junit,
}

pub(crate) fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(percent) if (0.0..=100.0).contains(&percent) => Ok(percent),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SimulateFormat {
    /// The playthrough explained step by step.
    Human,
    /// `{"guideline", "present", "paths", "treatments"}`, every list in document order.
    Json,
}

#[derive(clap::Args)]
pub(crate) struct RenderArgs {
    /// Files and folders to render; folders are searched as `check` searches them.
    #[arg(default_value = "guidelines")]
    pub(crate) paths: Vec<PathBuf>,
    /// The folder to write the site in (created if missing).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// The date to compare review and publication dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<jiff::civil::Date>,
    /// The configuration file (default: the nearest `guidelint.toml` in this folder or above).
    #[arg(long, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Apply `[files]` include and exclude of guidelint.toml to files named on the command line too.
    #[arg(long)]
    pub(crate) force_exclude: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum GraphFormat {
    /// A Mermaid `flowchart TD`, which GitHub and GitLab render in Markdown.
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
    /// SVG laid out by guidelint, no Graphviz needed.
    Svg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
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
pub(crate) enum ListFormat {
    Human,
    Json,
    /// The Markdown table the README embeds.
    Markdown,
}

pub(crate) fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD"))
}

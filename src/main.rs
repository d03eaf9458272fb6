//! The command line: parse arguments, call the library, map the outcome to an exit code. The
//! subcommands live in `cli/`.

// Every byte reaches stdout through `print` and stderr through `tell`, which survive a closed pipe;
// the `print!` family panics on one.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

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
    let cli = <cli::args::Cli as clap::Parser>::parse();
    ExitCode::from(cli::run(cli))
}

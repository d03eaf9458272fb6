//! `guidelint check` (with `--fix`, `--unsafe-fixes` and `--diff`) and `guidelint fmt`.

use super::args::{CheckArgs, FmtArgs, Format};
use super::output::{configuration, print, print_bytes, render, tell, terminal_width};
use guidelint::report::{self, human};
use guidelint::rewrite::{FixSettings, FormatAction};
use guidelint::{CheckOptions, Input, SourceText, WarningPolicy};
use std::io::IsTerminal;
use std::path::PathBuf;

pub(crate) fn run_check(arguments: CheckArgs) -> u8 {
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
    let inputs = without_scenario_files(
        inputs(&arguments.paths, &arguments.stdin_filename),
        arguments.force_exclude,
    );
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
pub(crate) fn fixes(count: usize) -> String {
    if count == 1 {
        "1 fix".to_string()
    } else {
        format!("{count} fixes")
    }
}

/// "1 more fix", "3 more fixes".
pub(crate) fn more_fixes(count: usize) -> String {
    fixes(count).replacen(' ', " more ", 1)
}

/// What `check --fix` did, for the line after the report.
pub(crate) struct Fixed {
    applied: usize,
    unsafe_left: usize,
}

/// `check --diff`: the unified diff of what the fixes would change, and nothing written.
pub(crate) fn run_fix_diff(inputs: &[Input], options: &CheckOptions, unsafe_fixes: bool) -> u8 {
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
pub(crate) fn diffs(changes: &[guidelint::rewrite::Change]) -> String {
    changes
        .iter()
        .filter_map(|change| {
            let (before, after) = change.texts.as_ref()?;
            Some(report::diff::unified(&change.name, before, after))
        })
        .collect()
}

/// `guidelint fmt`.
pub(crate) fn run_fmt(arguments: FmtArgs) -> u8 {
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

/// The inputs without the scenario files named among them: those are not guideline documents
/// (docs/format.md, section 10.1), and `check` leaves them to `guidelint test`, saying so unless
/// `--force-exclude` asks it to drop what it should not read without a word (as pre-commit passes
/// every staged JSON file).
fn without_scenario_files(inputs: Vec<Input>, force_exclude: bool) -> Vec<Input> {
    inputs
        .into_iter()
        .filter(|input| {
            let Input::Path(path) = input else {
                return true;
            };
            if path.is_dir() || !guidelint::discover::is_scenario_file(path) {
                return true;
            }
            if !force_exclude {
                let shown = guidelint::discover::display_path(path);
                tell(&format!(
                    "note: {shown} is a scenario file, not a guideline document; check leaves it \
                     to `guidelint test {shown}`\n"
                ));
            }
            false
        })
        .collect()
}

/// The inputs named on the command line; `-` is stdin, reported as `stdin_name`.
pub(crate) fn inputs(paths: &[PathBuf], stdin_name: &str) -> Vec<Input> {
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

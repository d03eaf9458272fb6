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

/// [`command`] with assert_cmd's conveniences, such as `write_stdin`.
pub fn cli(folder: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(command(folder))
}

/// Runs `guidelint ARGUMENTS` in `folder`.
pub fn guidelint(folder: &Path, arguments: &[&str]) -> Output {
    command(folder)
        .args(arguments)
        .output()
        .expect("the guidelint binary runs")
}

/// The text between two markers, which must both be there.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("start marker present") + start.len();
    let to = from + text[from..].find(end).expect("end marker present");
    &text[from..to]
}

/// The rule table a Markdown document keeps between its `rules-table` markers, which a test compares
/// with `guidelint rules --format markdown`.
pub fn rules_table(markdown: &str) -> &str {
    between(
        markdown,
        "<!-- rules-table:start -->\n",
        "<!-- rules-table:end -->",
    )
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
    run_output(command.output().expect("the binary runs"))
}

/// Runs an assert_cmd `command` (one with stdin, say) to its end.
pub fn run_cli(command: &mut assert_cmd::Command) -> Run {
    run_output(command.output().expect("the binary runs"))
}

fn run_output(output: Output) -> Run {
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

/// `document` with `allow` (one suppression, as JSON) as its document-wide `lint.allow`: added to the
/// document's `lint` when it has one (the bundled guideline names its profiles there), else as a new
/// `lint` before `treatments`. The `allow` list comes first, so its position is easy to find.
pub fn with_lint_allow(document: &str, allow: &str) -> String {
    if document.contains("\"lint\": {") {
        document.replacen(
            "\"lint\": {",
            &format!("\"lint\": {{\"allow\": [{allow}], "),
            1,
        )
    } else {
        document.replacen(
            "  \"treatments\": [",
            &format!("  \"lint\": {{\"allow\": [{allow}]}},\n  \"treatments\": ["),
            1,
        )
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("the text holds {needle:?}"));
    text[..offset].matches('\n').count() + 1
}

/// The bundled guideline.
pub const BUNDLED: &str = include_str!("../../../guidelines/iliopsoas-hematoma.json");

/// Text built to break out of every syntax guidelint writes: a quote and brackets for Mermaid
/// labels and DOT attributes, a statement separator, a Mermaid comment and directive, a `click`,
/// markup and a script for SVG and HTML, an entity, a line break and a control character.
pub const HOSTILE: &str = "x\"]; }} %%{init: {'theme':'dark'}}%%\nclick s0_1 call alert(1) <script>alert(\"x\")</script> </text></g></svg> & &amp; #quot; ]]> --> |y| \u{1} end";

/// The bundled guideline with every name (title, path, steps, findings, treatments, sources,
/// risk factors) replaced by [`HOSTILE`] followed by its original, so each stays distinct.
pub fn hostile_guideline() -> String {
    let mut document: serde_json::Value = serde_json::from_str(BUNDLED).expect("bundled JSON");
    fn rename(value: &mut serde_json::Value, key: &str) {
        if let Some(text) = value
            .get(key)
            .and_then(|text| text.as_str())
            .map(str::to_string)
        {
            value[key] = serde_json::Value::String(format!("{HOSTILE} {text}"));
        }
    }
    rename(&mut document, "title");
    rename(&mut document, "summary");
    for list in ["risk_factors", "findings", "treatments"] {
        for item in document[list].as_array_mut().expect("a list") {
            rename(item, "name");
        }
    }
    for source in document["provenance"]["sources"]
        .as_array_mut()
        .expect("sources")
    {
        rename(source, "title");
        source["url"] = serde_json::Value::String("javascript:alert(1)".to_string());
    }
    for path in document["diagnosis"]["paths"]
        .as_array_mut()
        .expect("paths")
    {
        rename(path, "name");
        for step in path["steps"].as_array_mut().expect("steps") {
            rename(step, "name");
            rename(step, "description");
        }
    }
    serde_json::to_string_pretty(&document).expect("serializes")
}

/// Whether an external program the tests drive (Graphviz, Chromium) is installed. Without it the
/// test is skipped with a note, except under `CI=true`, where it fails: `.ci/run` installs them.
pub fn tool_available(program: &str, version_flag: &str) -> bool {
    let found = Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{program}` is not installed; .ci/run installs it (apt-get install -y)"
        );
        eprintln!("skipped: `{program}` is not installed");
    }
    found
}

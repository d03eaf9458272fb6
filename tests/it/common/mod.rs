//! Helpers shared by the integration tests that run the `guidelint` binary.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `guidelint ARGUMENTS` in `folder`, 100 columns wide.
pub fn guidelint(folder: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidelint"))
        .current_dir(folder)
        .args(arguments)
        .env("COLUMNS", "100")
        .output()
        .expect("the guidelint binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
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

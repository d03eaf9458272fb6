//! The repository's own scenarios: the bundled guideline and every clean fixture have a scenario
//! file, every scenario passes, and together they reach every step, transition and treatment
//! (issue 11: full coverage), through `guidelint test` as a user runs it.

use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_guideline_in_the_repository_passes_its_scenarios_with_full_coverage() {
    let output = crate::common::command(Path::new(ROOT))
        .args([
            "test",
            "guidelines",
            "tests/fixtures/clean",
            "--min-coverage",
            "100",
            "--format",
            "json",
        ])
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
    assert!(
        report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .all(|scenario| scenario["status"] == "passed")
    );
    // Every guideline of both folders, each covered whole by scenarios of its own.
    let mut guidelines: Vec<String> = Vec::new();
    for folder in ["guidelines", "tests/fixtures/clean"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
                && !guidelint::discover::is_scenario_file(&path)
            {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                guidelines.push(format!("{folder}/{name}"));
            }
        }
    }
    guidelines.sort();
    let coverage = report["coverage"].as_array().unwrap();
    let covered: Vec<&str> = coverage
        .iter()
        .map(|entry| entry["path"].as_str().unwrap())
        .collect();
    assert_eq!(covered, guidelines);
    for entry in coverage {
        assert!(entry["scenarios"].as_u64().unwrap() > 0, "{entry}");
        for part in ["steps", "transitions", "treatments"] {
            assert_eq!(entry[part]["covered"], entry[part]["total"], "{entry}");
            assert_eq!(entry[part]["missed"], Value::Array(Vec::new()), "{entry}");
        }
        assert!(entry["steps"]["total"].as_u64().unwrap() > 0);
        assert_eq!(entry["percent"], 100.0);
        assert_eq!(entry["reaches_minimum"], true);
    }
}

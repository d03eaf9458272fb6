//! `guidelint test` end to end: failed expectations at the exact line and column of their id with
//! what happened instead, unknown ids with suggestions, schema errors in scenario files, how a
//! scenario file finds its guideline, coverage and `--min-coverage`, the JSON and JUnit formats,
//! and exit codes; plus the scenario schema and `check` leaving scenario files alone.

use crate::common::{Run, command, run};
use serde_json::{Value, json};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BUNDLED: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");

fn guidelint(folder: &Path, arguments: &[&str]) -> Run {
    run(command(folder).args(arguments))
}

/// Each diagnostic of a JSON report as `(its member key, line, column)`.
fn located(report: &Value, key: &str) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|diagnostic| {
            (
                diagnostic[key].as_str().unwrap_or_default().to_string(),
                diagnostic["line"].as_u64().unwrap_or_default(),
                diagnostic["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", run.stdout))
}

/// A folder holding the bundled guideline and `scenarios` as `hematoma.scenarios.json`.
fn folder_with(scenarios: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("iliopsoas-hematoma.json"), BUNDLED).unwrap();
    std::fs::write(folder.path().join("hematoma.scenarios.json"), scenarios).unwrap();
    folder
}

/// The 1-based line and column where `needle` first starts in `text` after the first `after`.
fn position(text: &str, after: &str, needle: &str) -> (u64, u64) {
    let from = text.find(after).expect("the anchor is in the text");
    let start = from
        + text[from..]
            .find(needle)
            .expect("the needle follows the anchor");
    let line = text[..start].matches('\n').count() as u64 + 1;
    let column = text[..start].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, column)
}

const FAILING: &str = r#"{
  "guideline": "iliopsoas-hematoma",
  "scenarios": [
    {
      "name": "passes",
      "present": ["hematoma-on-imaging"],
      "expect": {"eligible": ["conservative-management"]}
    },
    {
      "name": "active bleeding",
      "present": ["hematoma-on-imaging", "suspected-active-bleeding", "active-extravasation"],
      "expect": {
        "performed": ["angiography", "mri"],
        "not_performed": ["angiography"],
        "eligible": ["hemodynamic-resuscitation"],
        "eligible_exactly": ["conservative-management"]
      }
    }
  ]
}
"#;

#[test]
fn a_failed_expectation_is_reported_at_its_id_with_what_happened_instead() {
    let folder = folder_with(FAILING);
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json_of(&run);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let at = |needle: &str, after: &str| position(FAILING, after, needle);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["path"] == "hematoma.scenarios.json")
    );
    let found = located(&report, "rule");
    let mri = at("\"mri\"", "active bleeding");
    let angiography = at("\"angiography\"", "\"not_performed\"");
    let resuscitation = at("\"hemodynamic-resuscitation\"", "active bleeding");
    let exactly = at("\"eligible_exactly\"", "active bleeding");
    assert_eq!(
        found,
        vec![
            ("scenario-failed".to_string(), mri.0, mri.1),
            ("scenario-failed".to_string(), angiography.0, angiography.1),
            (
                "scenario-failed".to_string(),
                resuscitation.0,
                resuscitation.1
            ),
            ("scenario-failed".to_string(), exactly.0, exactly.1),
        ]
    );
    assert_eq!(
        diagnostics[0]["message"],
        "scenario `active bleeding`: step `mri` was expected to be performed, but it was not: not reached: the transition from `ct-scan` is not followed, as `soft-tissue-detail-needed` is absent"
    );
    assert_eq!(
        diagnostics[1]["message"],
        "scenario `active bleeding`: step `angiography` was expected not to be performed, but it was: reached from `ct-scan`, as `active-extravasation` is present; its `when` holds, as `active-extravasation` is present"
    );
    // The route taken, for the step that should not have been performed.
    assert!(
        diagnostics[1]["help"].as_str().unwrap().starts_with(
            "Route taken: `initial-assessment` -> `history` -> `physical-examination` -> `neurovascular-examination` -> `laboratory-tests` -> `ultrasound` -> `ct-scan` -> `angiography`."
        ),
        "{}",
        diagnostics[1]["help"]
    );
    assert_eq!(
        diagnostics[2]["message"],
        "scenario `active bleeding`: treatment `hemodynamic-resuscitation` was expected to be eligible, but it is not indicated: no indication holds, as `hemodynamic-instability` is absent"
    );
    assert_eq!(
        diagnostics[3]["message"],
        "scenario `active bleeding`: treatment `transcatheter-embolization` is eligible too, but `eligible_exactly` does not list it: indicated, as `active-extravasation` is present; not contraindicated, as `main-artery-source` is absent"
    );
    // Per scenario: which passed and why the other failed.
    assert_eq!(report["scenarios"][0]["status"], "passed");
    assert_eq!(report["scenarios"][1]["status"], "failed");
    assert_eq!(
        report["scenarios"][1]["failures"].as_array().unwrap().len(),
        4
    );
    assert_eq!(
        report["summary"],
        json!({"files": 1, "scenarios": 2, "passed": 1, "failed": 1, "not_run": 0, "errors": 4, "warnings": 0, "min_coverage": null, "notice": null})
    );
}

#[test]
fn human_output_shows_the_diagnostic_the_scenarios_and_the_coverage() {
    let folder = folder_with(FAILING);
    let run = guidelint(folder.path(), &["test", "."]);
    assert_eq!(run.code, 1);
    let text = &run.stdout;
    for expected in [
        "error[GL801] scenario-failed",
        "╭─[hematoma.scenarios.json:13:38]",
        "╰── not performed",
        "Scenarios\n  hematoma.scenarios.json (iliopsoas-hematoma)\n    ✔ passes\n    ✘ active bleeding (4 failures)\n",
        "Coverage (steps performed, transitions followed, treatments eligible in some scenario)\n",
        "  iliopsoas-hematoma 58.1% (11/13 steps, 12/22 transitions, 2/8 treatments; 2 scenarios,\n      iliopsoas-hematoma.json)\n    steps not covered: `mri`, `follow-up-imaging`\n",
        "    treatments not covered: `physical-therapy`, `interventional-procedures`,\n      `surgical-intervention`, `hemodynamic-resuscitation`, `antithrombotic-reversal`,\n      `coagulopathy-correction`\n",
        "2 scenarios in 1 file: 1 passed, 1 failed; 4 errors, 0 warnings\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(text.ends_with("2 scenarios in 1 file: 1 passed, 1 failed; 4 errors, 0 warnings\n"));
}

#[test]
fn unknown_ids_are_reported_with_a_suggestion_and_their_scenario_is_not_played() {
    let scenarios = r#"{"guideline": "iliopsoas-hematoma", "scenarios": [
  {"name": "typos", "present": ["large-hematom"], "expect": {"performed": ["ultrasond"], "eligible": ["ultrasound"]}}
]}"#;
    let folder = folder_with(scenarios);
    let run = guidelint(folder.path(), &["test", "--format", "json", "."]);
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    let finding = position(scenarios, "present", "\"large-hematom\"");
    let step = position(scenarios, "performed", "\"ultrasond\"");
    let treatment = position(scenarios, "eligible", "\"ultrasound\"");
    assert_eq!(
        located(&report, "message"),
        vec![
            (
                "scenario `typos`: `iliopsoas-hematoma` has no finding `large-hematom`".to_string(),
                finding.0,
                finding.1
            ),
            (
                "scenario `typos`: `iliopsoas-hematoma` has no step `ultrasond`".to_string(),
                step.0,
                step.1
            ),
            (
                "scenario `typos`: `ultrasound` is a step of `iliopsoas-hematoma`, not a treatment"
                    .to_string(),
                treatment.0,
                treatment.1
            ),
        ]
    );
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "Did you mean `large-hematoma`?",
            "Did you mean `ultrasound`?",
            "Use the id of one of the guideline's treatments: `conservative-management`, `physical-therapy`, `interventional-procedures`, `surgical-intervention`, `hemodynamic-resuscitation`, `antithrombotic-reversal`, `coagulopathy-correction`, `transcatheter-embolization`.",
        ]
    );
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] == "scenario-unknown-id")
    );
    // A patient with a misspelt finding is not the one described: the scenario did not run, so it
    // covers nothing.
    assert_eq!(report["coverage"][0]["scenarios"], 0);
}

#[test]
fn scenario_files_get_schema_diagnostics_at_the_offending_key() {
    let scenarios = "{\n  \"guideline\": \"iliopsoas-hematoma\",\n  \"scenarios\": [\n    {\"name\": \"a\", \"expect\": {}},\n    {\"name\": \"b\", \"expect\": {\"performd\": [\"history\"]}},\n    {\"name\": \"c\", \"present\": [\"Pain\"], \"expect\": {\"performed\": [\"history\"]}, \"notes\": 1}\n  ]\n}\n";
    let folder = folder_with(scenarios);
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    // The missing expectations at the key that holds the empty object, the others at the
    // offending key or value.
    let empty = position(scenarios, "\"a\"", "\"expect\"");
    let misspelt = position(scenarios, "\"b\"", "\"performd\"");
    let malformed = position(scenarios, "\"c\"", "\"Pain\"");
    let unexpected = position(scenarios, "\"c\"", "\"notes\"");
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] == "schema")
    );
    assert_eq!(
        located(&report, "message"),
        vec![
            (
                "`expect` must have at least one of `performed`, `not_performed`, `eligible`, `not_eligible` or `eligible_exactly`".to_string(),
                empty.0,
                empty.1
            ),
            (
                "unexpected key `performd` in `expect`".to_string(),
                misspelt.0,
                misspelt.1
            ),
            (
                "item 1 of `present` must be a lowercase id, found `Pain`".to_string(),
                malformed.0,
                malformed.1
            ),
            (
                "unexpected key `notes` in scenario 3 of `scenarios`".to_string(),
                unexpected.0,
                unexpected.1
            ),
        ]
    );
    // A file that breaks its schema is not run at all.
    assert_eq!(report["scenarios"], json!([]));
}

#[test]
fn a_scenario_file_finds_its_guideline_by_id_or_relative_path() {
    let folder = tempfile::tempdir().unwrap();
    let guidelines = folder.path().join("guidelines");
    let scenarios = folder.path().join("scenarios");
    std::fs::create_dir_all(&guidelines).unwrap();
    std::fs::create_dir_all(&scenarios).unwrap();
    std::fs::write(guidelines.join("hematoma.json"), BUNDLED).unwrap();
    let scenario = |guideline: &str| {
        format!(
            r#"{{"guideline": "{guideline}", "scenarios": [{{"name": "entry", "expect": {{"performed": ["history"]}}}}]}}"#
        )
    };
    // By path, relative to the scenario file.
    std::fs::write(
        scenarios.join("by-path.scenarios.json"),
        scenario("../guidelines/hematoma.json"),
    )
    .unwrap();
    // By id, among the paths given.
    std::fs::write(
        scenarios.join("by-id.scenarios.json"),
        scenario("iliopsoas-hematoma"),
    )
    .unwrap();
    let run = guidelint(
        folder.path(),
        &["test", "scenarios", "guidelines", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = json_of(&run);
    assert_eq!(report["summary"]["passed"], 2);
    // One guideline, reached two ways, is covered once.
    assert_eq!(report["coverage"].as_array().unwrap().len(), 1);
    assert_eq!(report["coverage"][0]["path"], "guidelines/hematoma.json");
    assert_eq!(report["coverage"][0]["scenarios"], 2);

    // Without `guidelines` among the paths, the id is looked for beside the scenario file only.
    let run = guidelint(folder.path(), &["test", "scenarios", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "scenario-guideline");
    assert_eq!(diagnostic["path"], "scenarios/by-id.scenarios.json");
    assert_eq!(
        diagnostic["message"],
        "no guideline has the id `iliopsoas-hematoma` in `scenarios` or the paths given to `guidelint test`"
    );
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(1), Some(15))
    );
    assert_eq!(report["summary"]["not_run"], 1);

    // A misspelt id gets a suggestion; a second file with the same id makes it ambiguous.
    let first_diagnostic = |guideline: &str| {
        std::fs::write(scenarios.join("by-id.scenarios.json"), scenario(guideline)).unwrap();
        let run = guidelint(
            folder.path(),
            &["test", "scenarios", "guidelines", "--format", "json"],
        );
        json_of(&run)["diagnostics"][0].clone()
    };
    assert_eq!(
        first_diagnostic("iliopsoas-hematom")["help"],
        "Did you mean `iliopsoas-hematoma`?"
    );
    std::fs::write(guidelines.join("copy.json"), BUNDLED).unwrap();
    assert_eq!(
        first_diagnostic("iliopsoas-hematoma")["message"],
        "several guidelines have the id `iliopsoas-hematoma`: `guidelines/copy.json`, `guidelines/hematoma.json`"
    );
}

#[test]
fn a_guideline_with_errors_is_reported_and_its_scenarios_do_not_run() {
    let broken = BUNDLED.replacen(
        "\"entry\": \"initial-assessment\"",
        "\"entry\": \"initial-asessment\"",
        1,
    );
    assert_ne!(broken, BUNDLED);
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("hematoma.json"), broken).unwrap();
    std::fs::write(
        folder.path().join("hematoma.scenarios.json"),
        r#"{"guideline": "hematoma.json", "scenarios": [{"name": "entry", "expect": {"performed": ["history"]}}]}"#,
    )
    .unwrap();
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    let rules: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert!(
        rules.contains(&("hematoma.json", "unknown-reference")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("hematoma.scenarios.json", "scenario-guideline")),
        "{rules:?}"
    );
    assert_eq!(report["scenarios"][0]["status"], "not-run");
}

#[test]
fn min_coverage_fails_the_run_below_it() {
    let scenarios = r#"{"guideline": "iliopsoas-hematoma", "scenarios": [{"name": "entry", "expect": {"performed": ["history"]}}]}"#;
    let folder = folder_with(scenarios);
    let run = guidelint(
        folder.path(),
        &["test", ".", "--format", "json", "--min-coverage", "50"],
    );
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    assert_eq!(report["coverage"][0]["reaches_minimum"], false);
    // The entry and the unconditional steps up to the ultrasound, for a patient with no finding.
    assert_eq!(report["coverage"][0]["steps"]["covered"], 6);
    // What was missed, as plain ids for machines (the terminal quotes them).
    assert_eq!(report["coverage"][0]["steps"]["missed"][0], "ct-scan");
    assert_eq!(
        report["coverage"][0]["transitions"]["missed"][0],
        "laboratory-tests -> ct-scan"
    );
    assert_eq!(
        report["coverage"][0]["treatments"]["missed"][0],
        "conservative-management"
    );
    assert!(
        run.stderr.ends_with("1 scenario in 1 file: 1 passed, 0 failed; coverage below 50% for `iliopsoas-hematoma`\n"),
        "{}",
        run.stderr
    );
    let run = guidelint(folder.path(), &["test", ".", "--min-coverage", "20"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A minimum is shown as given, never rounded to the coverage it is above (25.5%, shown for
    // 25.58%).
    let run = guidelint(
        folder.path(),
        &["test", ".", "--format", "json", "--min-coverage", "25.59"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .ends_with("coverage below 25.59% for `iliopsoas-hematoma`\n"),
        "{}",
        run.stderr
    );
    let run = guidelint(folder.path(), &["test", ".", "--min-coverage", "120"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a percentage from 0 to 100"),
        "{}",
        run.stderr
    );
}

#[test]
fn junit_has_one_test_case_per_scenario() {
    let folder = folder_with(FAILING);
    let run = guidelint(folder.path(), &["test", ".", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let cases: Vec<roxmltree::Node> = document
        .descendants()
        .filter(|node| node.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases
        .iter()
        .map(|case| case.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["passes", "active bleeding"]);
    assert_eq!(
        cases[0].children().filter(|node| node.is_element()).count(),
        0
    );
    let failures: Vec<&str> = cases[1]
        .children()
        .filter(|node| node.has_tag_name("failure"))
        .map(|node| node.text().unwrap())
        .collect();
    assert_eq!(failures.len(), 4);
    assert!(
        failures[0].starts_with("hematoma.scenarios.json:13:38: error[GL801] scenario-failed: scenario `active bleeding`: step `mri`"),
        "{}",
        failures[0]
    );
    let root = document.root_element();
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
}

#[test]
fn nothing_to_test_passes_and_says_so_but_a_missing_path_exits_2() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("g.json"), BUNDLED).unwrap();
    let run = guidelint(folder.path(), &["test", "."]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "no scenario files (`*.scenarios.json`) in .: nothing to test\n"
    );
    let run = guidelint(folder.path(), &["test", "missing"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: missing: no such file or folder\n");
}

#[test]
fn check_leaves_scenario_files_to_test() {
    let folder = folder_with(FAILING);
    let run = guidelint(folder.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json_of(&run)["summary"]["files"], 1);
    // As pre-commit names every staged JSON file.
    let run = guidelint(
        folder.path(),
        &[
            "check",
            "--force-exclude",
            "hematoma.scenarios.json",
            "iliopsoas-hematoma.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "1 file checked: 0 errors, 0 warnings\n");
}

#[test]
fn the_scenario_schema_is_embedded_valid_and_documented() {
    let on_disk =
        std::fs::read_to_string(Path::new(ROOT).join("schemas/scenarios.schema.json")).unwrap();
    let run = guidelint(Path::new(ROOT), &["schema", "--scenarios"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, on_disk);
    let schema: Value = serde_json::from_str(&on_disk).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::meta::validate(&schema).expect("a valid 2020-12 schema");
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for example in schema["examples"].as_array().unwrap() {
        assert!(validator.is_valid(example));
    }
    // Every property is described, for editors' hover help.
    fn described(node: &Value, at: &str) {
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                assert!(
                    property.get("description").is_some(),
                    "{at}/{name} has no description"
                );
                described(property, &format!("{at}/{name}"));
            }
        }
        for (name, definition) in node
            .get("$defs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            described(definition, &format!("{at}/$defs/{name}"));
        }
    }
    described(&schema, "");
}

#[test]
fn scenario_rules_are_explained_and_never_run_by_check() {
    for (name, code) in [
        ("scenario-failed", "GL801"),
        ("scenario-unknown-id", "GL802"),
        ("scenario-guideline", "GL803"),
        ("scenario-duplicate-name", "GL804"),
    ] {
        let rule = guidelint::rules::find(code).expect("registered");
        assert_eq!(rule.name, name);
        assert!(
            !guidelint::rules::has_check(rule),
            "{name} must never run in `check`"
        );
        let run = guidelint(Path::new(ROOT), &["explain", code]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("## What it does"), "{}", run.stdout);
        assert!(run.stdout.contains("`guidelint test`"), "{}", run.stdout);
    }
    let run = guidelint(Path::new(ROOT), &["man", "test"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("\\-\\-min\\-coverage"),
        "{}",
        run.stdout
    );
}

#[test]
fn two_scenarios_with_one_name_draw_a_warning_and_both_run() {
    let scenarios = r#"{"guideline": "iliopsoas-hematoma", "scenarios": [
  {"name": "entry", "expect": {"performed": ["history"]}},
  {"name": "entry", "expect": {"performed": ["ultrasound"]}}
]}"#;
    let folder = folder_with(scenarios);
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = json_of(&run);
    assert_eq!(report["summary"]["passed"], 2);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["diagnostics"][0]["rule"], "scenario-duplicate-name");
    assert_eq!(report["diagnostics"][0]["line"], 3);
}

#[test]
fn a_guideline_value_that_is_not_an_id_is_a_path_with_a_suggestion() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("hematoma.json"), BUNDLED).unwrap();
    // An unrelated guideline with no scenario: not played, so not in the coverage.
    std::fs::write(
        folder.path().join("other.json"),
        BUNDLED.replacen("\"id\": \"iliopsoas-hematoma\"", "\"id\": \"other\"", 1),
    )
    .unwrap();
    let scenario = |guideline: &str| {
        format!(
            r#"{{"guideline": "{guideline}", "scenarios": [{{"name": "entry", "expect": {{"performed": ["history"]}}}}]}}"#
        )
    };
    // No slash, no `.json`, but not the syntax of an id either: a path.
    std::fs::write(folder.path().join("a.scenarios.json"), scenario("Hematoma")).unwrap();
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json_of(&run);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "no guideline file at `Hematoma` (Hematoma)"
    );
    std::fs::write(
        folder.path().join("a.scenarios.json"),
        scenario("hematoma.jsn"),
    )
    .unwrap();
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(
        json_of(&run)["diagnostics"][0]["help"],
        "Did you mean `hematoma.json`?"
    );
    std::fs::write(
        folder.path().join("a.scenarios.json"),
        scenario("./hematoma.json"),
    )
    .unwrap();
    let run = guidelint(folder.path(), &["test", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = json_of(&run);
    let covered: Vec<&str> = report["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|coverage| coverage["guideline"].as_str().unwrap())
        .collect();
    assert_eq!(covered, ["iliopsoas-hematoma"]);
}

const README: &str = include_str!("../../README.md");

#[test]
fn the_readme_test_runs_print_what_the_readme_shows() {
    for (lead, arguments, code) in [
        ("`guidelint test` runs every scenario file", vec!["test"], 0),
        (
            "(`guidelint test tests/fixtures/scenario-failed/fail.scenarios.json`):",
            vec!["test", "tests/fixtures/scenario-failed/fail.scenarios.json"],
            1,
        ),
    ] {
        let after = &README[README
            .find(lead)
            .unwrap_or_else(|| panic!("README has {lead:?}"))..];
        let shown = crate::common::between(after, "```text\n", "```");
        let run = guidelint(Path::new(ROOT), &arguments);
        assert_eq!(run.code, code, "{}", run.stderr);
        assert_eq!(run.stdout, shown, "{lead}");
    }
}

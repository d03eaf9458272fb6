//! `guidelint simulate` end to end: the JSON shape of issue 11 exactly, the human explanation,
//! `--path`, `--present` in its forms, did-you-mean for unknown ids (exit 2), and a document with
//! errors refused with its diagnostics (exit 1).

use crate::common::{Run, command, run};
use serde_json::{Value, json};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BUNDLED: &str = "guidelines/iliopsoas-hematoma.json";

fn simulate(folder: &Path, arguments: &[&str]) -> Run {
    run(command(folder).arg("simulate").args(arguments))
}

fn json_of(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "one line of JSON");
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

#[test]
fn json_has_exactly_the_documented_shape_in_document_order() {
    let run = simulate(
        Path::new(ROOT),
        &[
            BUNDLED,
            "--format",
            "json",
            // Out of document order, repeated, and in both forms of the option.
            "--present",
            "large-hematoma,groin-hip-pain",
            "--present",
            "hematoma-on-imaging,large-hematoma",
        ],
    );
    assert_eq!(
        json_of(&run),
        json!({
            "guideline": "iliopsoas-hematoma",
            "present": ["groin-hip-pain", "hematoma-on-imaging", "large-hematoma"],
            "paths": [{
                "id": "workup",
                "performed": ["initial-assessment", "history", "physical-examination", "neurovascular-examination", "laboratory-tests", "ultrasound", "clinical-reassessment", "serial-laboratory-tests", "specialist-consultation"],
                "not_performed": ["ct-scan", "mri", "follow-up-imaging", "angiography"],
                "ended": [{"step": "serial-laboratory-tests", "how": "terminal"}, {"step": "specialist-consultation", "how": "terminal"}]
            }],
            "treatments": [
                {"id": "conservative-management", "status": "eligible"},
                {"id": "physical-therapy", "status": "not-indicated"},
                {"id": "interventional-procedures", "status": "eligible"},
                {"id": "surgical-intervention", "status": "eligible"},
                {"id": "hemodynamic-resuscitation", "status": "not-indicated"},
                {"id": "antithrombotic-reversal", "status": "not-indicated"},
                {"id": "coagulopathy-correction", "status": "not-indicated"},
                {"id": "transcatheter-embolization", "status": "not-indicated"}
            ]
        })
    );
    // Key order as documented, not only key names.
    assert!(
        run.stdout
            .starts_with(r#"{"guideline":"iliopsoas-hematoma","present":["#),
        "{}",
        run.stdout
    );
}

#[test]
fn without_present_the_patient_has_none_of_the_findings() {
    let run = simulate(Path::new(ROOT), &[BUNDLED, "--format", "json"]);
    let report = json_of(&run);
    assert_eq!(report["present"], json!([]));
    // A stable patient with no hematoma on ultrasound: the workup ends there, and no treatment is
    // indicated.
    assert_eq!(
        report["paths"][0]["ended"],
        json!([{"step": "ultrasound", "how": "terminal"}])
    );
    assert_eq!(
        report["treatments"],
        json!([
            {"id": "conservative-management", "status": "not-indicated"},
            {"id": "physical-therapy", "status": "not-indicated"},
            {"id": "interventional-procedures", "status": "not-indicated"},
            {"id": "surgical-intervention", "status": "not-indicated"},
            {"id": "hemodynamic-resuscitation", "status": "not-indicated"},
            {"id": "antithrombotic-reversal", "status": "not-indicated"},
            {"id": "coagulopathy-correction", "status": "not-indicated"},
            {"id": "transcatheter-embolization", "status": "not-indicated"}
        ])
    );
}

/// A guideline with two paths, a treatment that requires the second and one whose entry has a
/// `when`, written to a temporary folder.
fn two_paths(folder: &Path) -> &'static str {
    let document = json!({
        "format": "guidelint/1",
        "id": "two-paths",
        "title": "Two paths",
        "version": "1.0.0",
        "status": "draft",
        "condition": {"name": "Test"},
        "provenance": {"authors": ["a"], "published": "2026-01-01", "sources": [{"id": "s", "title": "S"}]},
        "findings": [
            {"id": "pain", "kind": "symptom", "name": "Pain"},
            {"id": "stone", "kind": "imaging-result", "name": "Stone"},
            {"id": "fever", "kind": "sign", "name": "Fever"}
        ],
        "diagnosis": {"paths": [
            {"id": "first", "name": "First", "entry": "ask", "steps": [
                {"id": "ask", "kind": "history", "name": "Ask", "elicits": ["pain"], "next": [{"to": "scan", "when": {"finding": "pain"}}]},
                {"id": "scan", "kind": "imaging", "name": "Scan", "modality": "ct", "sequence": 1, "confirms": true, "elicits": ["stone"], "terminal": true}
            ]},
            {"id": "second", "name": "Second", "entry": "look", "steps": [
                {"id": "look", "kind": "examination", "name": "Look", "elicits": ["fever"], "next": [{"to": "xray", "when": {"finding": "fever"}}]},
                {"id": "xray", "kind": "imaging", "name": "X-ray", "modality": "radiograph", "sequence": 1, "confirms": true, "terminal": true}
            ]}
        ]},
        "treatments": [
            {"id": "removal", "name": "Removal", "category": "conservative", "requires": ["first"],
             "indications": [{"finding": "stone"}], "contraindications": [{"finding": "fever"}],
             "actions": [{"name": "Remove"}], "evidence": ["s"]},
            {"id": "cooling", "name": "Cooling", "category": "conservative", "requires": ["second"],
             "indications": [{"finding": "fever"}], "actions": [{"name": "Cool"}], "evidence": ["s"]}
        ]
    });
    std::fs::write(
        folder.join("two-paths.json"),
        serde_json::to_string_pretty(&document).unwrap(),
    )
    .unwrap();
    "two-paths.json"
}

#[test]
fn path_narrows_the_paths_shown_but_treatments_see_every_path() {
    let folder = tempfile::tempdir().unwrap();
    let file = two_paths(folder.path());
    let run = simulate(
        folder.path(),
        &[
            file,
            "--path",
            "second",
            "--present",
            "pain",
            "--format",
            "json",
        ],
    );
    let report = json_of(&run);
    // `look` follows no transition and is not terminal: its branch ends incomplete.
    assert_eq!(
        report["paths"],
        json!([{"id": "second", "performed": ["look"], "not_performed": ["xray"], "ended": [{"step": "look", "how": "incomplete"}]}])
    );
    // `removal` requires `first`, not shown, but still played: `scan` was performed, `stone` is
    // absent.
    assert_eq!(
        report["treatments"],
        json!([{"id": "removal", "status": "not-indicated"}, {"id": "cooling", "status": "not-indicated"}])
    );
    // The contraindication of `removal` is `fever`, known only on `second`: paths are played on
    // their own, so it stays unknown for `removal` and does not exclude it.
    let run = simulate(
        folder.path(),
        &[file, "--present", "pain,stone,fever", "--format", "json"],
    );
    assert_eq!(json_of(&run)["treatments"][0]["status"], "eligible");
}

#[test]
fn human_output_explains_each_step_and_treatment() {
    let run = simulate(
        Path::new(ROOT),
        &[
            BUNDLED,
            "--present",
            "anticoagulant-use,severe-pain,hematoma-on-imaging,suspected-active-bleeding",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    for expected in [
        "Simulation of iliopsoas-hematoma: Iliopsoas hematoma: diagnosis and management",
        "Patient with `severe-pain`, `anticoagulant-use`, `hematoma-on-imaging` and\n`suspected-active-bleeding`",
        "✔ initial-assessment: the path's entry, which has no `when`",
        "✔ ct-scan: reached from `ultrasound`, as `suspected-active-bleeding` is present",
        "elicits: `hematoma-on-imaging`, `suspected-active-bleeding` present;",
        "✘ mri: not reached: the transition from `ct-scan` is not followed, as",
        "`soft-tissue-detail-needed` is absent",
        "the branch ends here (terminal)",
        "Branches ended: `serial-laboratory-tests` (terminal), `specialist-consultation` (terminal).",
        "not-indicated hemodynamic-resuscitation: no indication holds, as `hemodynamic-instability` is",
        "excluded      interventional-procedures: contraindicated, as `suspected-active-bleeding` is",
        "eligible      antithrombotic-reversal: indicated, as `anticoagulant-use` is present",
        "Eligible, in escalation order: `conservative-management` and `antithrombotic-reversal`, then",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn human_output_says_what_could_not_be_decided() {
    // The bundled guideline, with the angiography also reached straight from the ultrasound: its
    // `when` tests the contrast CT's finding, unknown when no CT was done.
    let ultrasound_next_end = "\"basis\": \"consensus\"\n              }\n            ],\n            \"terminal\": true,\n            \"confirms\": true,\n            \"elicits\": [\n              \"hematoma-on-imaging\",\n              \"ultrasound-inconclusive\"";
    let bundled = std::fs::read_to_string(Path::new(ROOT).join(BUNDLED)).unwrap();
    assert_eq!(bundled.matches(ultrasound_next_end).count(), 1);
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("g.json"),
        bundled.replacen(
            ultrasound_next_end,
            &ultrasound_next_end.replacen(
                "}\n            ],",
                "},\n              \"angiography\"\n            ],",
                1,
            ),
            1,
        ),
    )
    .unwrap();
    let run = simulate(folder.path(), &["g.json", "--today", "2026-11-26"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for expected in [
        "✘ angiography: reached from `ultrasound` (unconditional), but its `when` is unknown, as",
        "Branches stopped at a step reached but not performed: `angiography`.",
        "Could not be decided (an unknown condition neither indicates nor excludes)",
        "? surgical-intervention: indication `hematoma-not-resolving`: `hematoma-not-resolving` is not\n      known",
        "No treatment is eligible.",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn unknown_ids_stop_with_a_suggestion_and_exit_2() {
    let run = simulate(Path::new(ROOT), &[BUNDLED, "--present", "large-hematom"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no finding of `iliopsoas-hematoma` is named `large-hematom`; did you mean `large-hematoma`?\n"
    );
    let run = simulate(Path::new(ROOT), &[BUNDLED, "--present", "ultrasound"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: `ultrasound` is a step, not a finding"),
        "{}",
        run.stderr
    );
    let run = simulate(Path::new(ROOT), &[BUNDLED, "--path", "work-up"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: no diagnosis path of `iliopsoas-hematoma` is named `work-up`; did you mean `workup`?\n"
    );
    let run = simulate(Path::new(ROOT), &["guidelines/missing.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot read guidelines/missing.json: no such file\n"
    );
}

#[test]
fn a_document_with_errors_is_refused_with_its_diagnostics() {
    let run = simulate(Path::new(ROOT), &["tests/fixtures/cycle/fail.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[GL202] cycle"), "{}", run.stdout);
    assert!(
        run.stdout.contains("╭─[tests/fixtures/cycle/fail.json:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 file checked: 1 error, 0 warnings\n")
    );
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/cycle/fail.json has errors; simulate plays only documents without errors\n"
    );
    // In JSON, the diagnostics come as `check --format json` writes them.
    let run = simulate(
        Path::new(ROOT),
        &["tests/fixtures/cycle/fail.json", "--format", "json"],
    );
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["diagnostics"][0]["rule"], "cycle");
    // Warnings do not stop a simulation.
    let run = simulate(
        Path::new(ROOT),
        &["tests/fixtures/dead-end/fail.json", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_document_without_a_meaning_is_refused_whatever_the_configuration_says() {
    // docs/format.md, section 8.1: a dangling reference leaves a document without a meaning, even
    // when guidelint.toml turns the rule that reports it off.
    let folder = tempfile::tempdir().unwrap();
    let broken = std::fs::read_to_string(Path::new(ROOT).join(BUNDLED))
        .unwrap()
        .replacen(
            "\"next\": [\"laboratory-tests\"",
            "\"next\": [\"laboratory-test\"",
            1,
        );
    assert!(broken.contains("\"laboratory-test\""));
    std::fs::write(folder.path().join("g.json"), broken).unwrap();
    std::fs::write(
        folder.path().join("guidelint.toml"),
        "[rules]\nunknown-reference = \"off\"\nunreachable-step = \"off\"\n",
    )
    .unwrap();
    let run = simulate(folder.path(), &["g.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["diagnostics"][0]["rule"], "unknown-reference");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
}

#[test]
fn the_manual_page_documents_simulate() {
    let page = run(command(Path::new(ROOT)).args(["man", "simulate"]));
    assert_eq!(page.code, 0);
    let page = page.stdout;
    assert!(page.contains("guidelint\\-simulate"), "{page}");
    assert!(page.contains("\\-\\-present"), "{page}");
}

/// The worked example of docs/format.md, section 8.9, written to a temporary folder.
fn worked_example() -> (tempfile::TempDir, &'static str) {
    let spec = include_str!("../../docs/format.md");
    let example = crate::common::between(
        spec,
        "<!-- worked-example:start -->\n```json\n",
        "```\n<!-- worked-example:end -->",
    );
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("example.json"), example).unwrap();
    (folder, "example.json")
}

#[test]
fn the_worked_example_plays_as_the_specification_says() {
    let (folder, file) = worked_example();
    let play = |present: &str| {
        let mut arguments = vec![file, "--format", "json", "--today", "2026-06-01"];
        if !present.is_empty() {
            arguments.extend(["--present", present]);
        }
        json_of(&simulate(folder.path(), &arguments))
    };
    // Patient A, printed in full in section 8.9.
    assert_eq!(
        play("groin-pain,hematoma-seen"),
        json!({"guideline": "example-hematoma", "present": ["groin-pain", "hematoma-seen"],
               "paths": [{"id": "workup", "performed": ["history", "labs", "ultrasound"],
                          "not_performed": ["ct", "hematology"], "ended": []}],
               "treatments": [{"id": "conservative", "status": "eligible"},
                              {"id": "embolization", "status": "not-indicated"}]})
    );
    // The table of three more patients.
    for (present, performed, not_performed, ended, statuses) in [
        (
            "groin-pain,on-anticoagulant,hematoma-seen,active-bleeding",
            json!(["history", "labs", "ultrasound", "ct", "hematology"]),
            json!([]),
            json!([{"step": "ct", "how": "terminal"}, {"step": "hematology", "how": "terminal"}]),
            ["excluded", "eligible"],
        ),
        (
            "",
            json!(["history", "labs"]),
            json!(["ultrasound", "ct", "hematology"]),
            json!([{"step": "labs", "how": "incomplete"}]),
            ["not-indicated", "not-indicated"],
        ),
        (
            "groin-pain,on-anticoagulant",
            json!(["history", "labs", "ultrasound", "hematology"]),
            json!(["ct"]),
            json!([{"step": "ultrasound", "how": "terminal"}, {"step": "hematology", "how": "terminal"}]),
            ["not-indicated", "not-indicated"],
        ),
    ] {
        let report = play(present);
        let path = &report["paths"][0];
        assert_eq!(path["performed"], performed, "{present}");
        assert_eq!(path["not_performed"], not_performed, "{present}");
        assert_eq!(path["ended"], ended, "{present}");
        assert_eq!(report["treatments"][0]["status"], statuses[0], "{present}");
        assert_eq!(report["treatments"][1]["status"], statuses[1], "{present}");
    }
    // The human output reports the contraindication of `conservative` as undecided for patient A.
    let run = simulate(
        folder.path(),
        &[
            file,
            "--present",
            "groin-pain,hematoma-seen",
            "--today",
            "2026-06-01",
        ],
    );
    assert!(
        run.stdout.contains(
            "? conservative: contraindication `active-bleeding`: `active-bleeding` is not known"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn the_scenario_example_of_the_specification_passes() {
    let (folder, _) = worked_example();
    let spec = include_str!("../../docs/format.md");
    let section = &spec[spec.find("### 10.2 The scenario file").unwrap()..];
    let example = crate::common::between(section, "```json\n", "```");
    std::fs::write(folder.path().join("example.scenarios.json"), example).unwrap();
    let tested = run(command(folder.path()).args([
        "test",
        ".",
        "--today",
        "2026-06-01",
        "--min-coverage",
        "0",
    ]));
    assert_eq!(tested.code, 0, "{}", tested.stdout);
    assert!(
        tested.stdout.contains("✔ hematoma without bleeding risk"),
        "{}",
        tested.stdout
    );
}

const README: &str = include_str!("../../README.md");

/// The command the README quotes after `lead`, and the ```text block that follows it.
fn readme_example<'a>(lead: &str) -> (Vec<&'a str>, &'a str) {
    let quoted = crate::common::between(README, lead, "`");
    let after = &README[README.find(lead).unwrap()..];
    let block = crate::common::between(after, "```text\n", "```");
    (quoted.split_whitespace().skip(1).collect(), block)
}

#[test]
fn the_readme_simulation_prints_what_the_readme_shows() {
    let (arguments, shown) = readme_example("the ultrasound suspects is still bleeding\n(`");
    assert_eq!(arguments.first(), Some(&"simulate"));
    assert_eq!(run(command(Path::new(ROOT)).args(&arguments)).stdout, shown);
    // And its JSON line.
    let mut json_arguments = arguments.clone();
    json_arguments.extend(["--format", "json"]);
    let run = simulate(Path::new(ROOT), &json_arguments[1..]);
    let line = crate::common::between(README, "  ```json\n  ", "\n  ```");
    assert_eq!(run.stdout.trim_end(), line);
}

//! Fixes: `guidelint check --fix`, `--unsafe-fixes` and `--diff`, and the fixes themselves.
//!
//! Each fixable rule has fix fixtures: `tests/fixtures/<rule>/fix-*.json`, written in the canonical
//! layout with slips in them, and beside each the text a careful author would leave after fixing
//! them, `fix-*.fixed.json`, derived from the input by hand-made text edits (not by running the
//! fix). A fixture whose name holds `unsafe` needs `--unsafe-fixes`; `--fix` alone leaves it as
//! it is.

use crate::common::{self, TODAY, options};
use guidelint::diagnostic::Diagnostic;
use guidelint::fix::Fix;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every fix fixture: (input, expected output, whether it needs `--unsafe-fixes`).
fn fix_fixtures() -> Vec<(PathBuf, PathBuf, bool)> {
    let mut found = Vec::new();
    let root = common::root().join("tests/fixtures");
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if name.starts_with("fix-") && name.ends_with(".json") && !name.ends_with(".fixed.json")
            {
                let expected = path.with_file_name(name.replace(".json", ".fixed.json"));
                assert!(
                    expected.is_file(),
                    "{} has no {}",
                    path.display(),
                    expected.display()
                );
                found.push((path, expected, name.contains("unsafe")));
            }
        }
    }
    found.sort();
    found
}

/// (rule, message) of each diagnostic.
fn problems(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String)> {
    diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.rule.name, diagnostic.message.clone()))
        .collect()
}

#[test]
fn every_fixable_rule_has_fix_fixtures() {
    let fixtures = fix_fixtures();
    for rule in guidelint::rules::ALL {
        let has = fixtures
            .iter()
            .any(|(input, _, _)| input.parent().unwrap().ends_with(rule.name));
        assert_eq!(
            has,
            rule.fix != guidelint::rule::FixAvailability::None,
            "{}: fix fixtures and the registry's fix availability disagree",
            rule.name
        );
    }
}

#[test]
fn fix_fixtures_give_their_fixed_output_byte_for_byte() {
    for (input, expected, unsafe_fixes) in fix_fixtures() {
        let text = std::fs::read_to_string(&input).unwrap();
        let expected_text = std::fs::read_to_string(&expected).unwrap();
        let before = guidelint::check_source(
            &guidelint::source::SourceFile::new("fixture.json", &text),
            &options(),
        );
        let rule = input
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            before
                .iter()
                .any(|d| d.rule.name == rule && d.fix.is_some()),
            "{}: no fix of `{rule}` to apply",
            input.display()
        );
        let fixed =
            guidelint::rewrite::fix_text("fixture.json", &text, &options(), unsafe_fixes).unwrap();
        assert!(
            fixed.text == expected_text,
            "{}: the fixed text is not {}:\n{}",
            input.display(),
            expected.display(),
            guidelint::report::diff::unified("expected", &expected_text, &fixed.text)
        );
        // Each diagnostic that had a fix is gone (one of two alike may stay: their count drops).
        let after = problems(&fixed.checked);
        for (problem, diagnostic) in problems(&before).iter().zip(&before) {
            let Some(fix) = &diagnostic.fix else { continue };
            if !fix.is_applied_with(unsafe_fixes) {
                continue;
            }
            let count = |list: &[(&str, String)]| list.iter().filter(|p| *p == problem).count();
            assert!(
                count(&after) < count(&problems(&before)),
                "{}: `{}` is still reported after its fix",
                input.display(),
                problem.1
            );
        }
        // `--fix` alone applies no unsafe fix.
        if unsafe_fixes {
            let safe =
                guidelint::rewrite::fix_text("fixture.json", &text, &options(), false).unwrap();
            assert_eq!(safe.applied, 0, "{}", input.display());
            assert!(safe.text == text, "{}", input.display());
        }
    }
}

/// The same through the binary: `check --fix` (with `--unsafe-fixes` where needed) on a copy of
/// each fixture writes exactly the expected bytes, prints the report of the fixed text, then the
/// count of fixes, and leaves nothing else in the folder.
#[test]
fn check_fix_writes_the_fixed_output_of_every_fixture() {
    for (input, expected, unsafe_fixes) in fix_fixtures() {
        let folder = tempfile::tempdir().unwrap();
        let copy = folder.path().join("g.json");
        std::fs::copy(&input, &copy).unwrap();
        let mut command = common::command(folder.path());
        command.args(["check", "--today", TODAY, "--fix", "g.json"]);
        if unsafe_fixes {
            command.arg("--unsafe-fixes");
        }
        let run = common::run(&mut command);
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            std::fs::read(&expected).unwrap(),
            "{}",
            input.display()
        );
        let last = run.stdout.lines().last().unwrap_or_default();
        assert!(
            last.ends_with(" remaining)") && last.contains(" applied ("),
            "{}: {}",
            input.display(),
            run.stdout
        );
        // The report is the one of the fixed text.
        let report =
            common::run(common::command(folder.path()).args(["check", "--today", TODAY, "g.json"]));
        let summary = report.stdout.lines().last().unwrap().to_string();
        assert!(run.stdout.contains(&summary), "{}", run.stdout);
        assert_eq!(run.code, report.code, "{}", input.display());
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["g.json"], "{}", input.display());
    }
}

/// Checks that `fixed`, which is `text` with `fix` applied, differs from it only inside the fix's
/// edits, recomputing each piece independently.
fn assert_only_edits_changed(text: &str, fix: &Fix, fixed: &str) {
    let mut original_at = 0;
    let mut fixed_at = 0;
    for edit in fix.edits() {
        let span = edit.span();
        let kept = &text[original_at..span.start];
        assert_eq!(
            &fixed[fixed_at..fixed_at + kept.len()],
            kept,
            "`{}` changed text outside its edits",
            fix.title()
        );
        fixed_at += kept.len();
        assert_eq!(
            &fixed[fixed_at..fixed_at + edit.replacement().len()],
            edit.replacement()
        );
        fixed_at += edit.replacement().len();
        original_at = span.end;
    }
    assert_eq!(
        &fixed[fixed_at..],
        &text[original_at..],
        "`{}`",
        fix.title()
    );
}

/// Applies each fix of `text` alone: it changes nothing outside its edits, and what it leaves is
/// JSON with no key repeated that was not before. Returns how many fixes there were.
fn check_each_fix(name: &str, text: &str) -> usize {
    let source = guidelint::source::SourceFile::new(name, text);
    let text = source.text();
    let diagnostics = guidelint::check_source(&source, &options());
    let repeated = |diagnostics: &[Diagnostic]| {
        diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule.name == "duplicate-key")
            .count()
    };
    let mut fixes = 0;
    for diagnostic in &diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        fixes += 1;
        assert!(
            !fix.edits().is_empty(),
            "{name}: `{}` has no edit",
            fix.title()
        );
        let fixed = fix.apply_to(text);
        assert_ne!(fixed, text, "{name}: `{}` changes nothing", fix.title());
        assert_only_edits_changed(text, fix, &fixed);
        let after = guidelint::check_source(
            &guidelint::source::SourceFile::new(name, &fixed),
            &options(),
        );
        assert!(
            !after.iter().any(|d| d.rule.name == "invalid-json"),
            "{name}: `{}` broke the JSON:\n{fixed}",
            fix.title()
        );
        assert!(repeated(&after) <= repeated(&diagnostics), "{name}");
    }
    fixes
}

#[test]
fn every_fix_of_every_fixture_changes_only_its_edits_and_keeps_json() {
    let mut fixes = 0;
    let mut folders = vec![common::root().join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "json")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                fixes += check_each_fix(&path.display().to_string(), &text);
            }
        }
    }
    assert!(fixes >= 30, "only {fixes} fixes were checked");
}

proptest! {
    #![proptest_config(crate::properties::config(128))]

    /// Random mutations of the bundled guideline: every fix changes only its edits and keeps the
    /// document JSON; fixing everything reaches a text with nothing left to fix; and the fixed
    /// text is still JSON.
    #[test]
    fn fixes_of_mutants_change_only_their_edits_and_settle(mutant in crate::properties::mutant()) {
        let document = mutant.document();
        let Ok(text) = String::from_utf8(document) else { return Ok(()) };
        check_each_fix("mutant.json", &text);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if let Some(fixed) = guidelint::rewrite::fix_text("mutant.json", text, &options(), true) {
            prop_assert!(!fixed.checked.iter().any(|d| d.rule.name == "invalid-json"));
            if fixed.rounds < guidelint::fix::MAX_ROUNDS {
                let again = guidelint::rewrite::fix_text("mutant.json", &fixed.text, &options(), true)
                    .unwrap();
                prop_assert_eq!(again.applied, 0, "{}", fixed.text);
            }
        }
    }
}

/// The bundled guideline with its CT and MRI numbered alike and no transition between them: two
/// imaging steps whose order nothing in the document gives.
#[test]
fn imaging_sequence_offers_no_fix_when_the_transitions_give_no_order() {
    let guideline = include_str!("../../guidelines/iliopsoas-hematoma.json");
    // The CT leads to the MRI; without that transition, the two are alternatives.
    let ct_to_mri = "              {\n                \"to\": \"mri\",\n                \"when\": {\n                  \"finding\": \"soft-tissue-detail-needed\"\n                },\n                \"evidence\": [\"icliniq-iliopsoas-hematoma-2023\"],\n                \"basis\": \"source\"\n              },\n";
    assert_eq!(guideline.matches(ct_to_mri).count(), 1);
    let parallel = guideline.replacen(ct_to_mri, "", 1).replacen(
        "\"sequence\": 2,\n",
        "\"sequence\": 3,\n",
        1,
    );
    let diagnostics = guidelint::check_source(
        &guidelint::source::SourceFile::new("g.json", &parallel),
        &options(),
    );
    let imaging: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule.name == "imaging-sequence")
        .collect();
    assert!(!imaging.is_empty(), "{diagnostics:#?}");
    assert!(imaging.iter().all(|diagnostic| diagnostic.fix.is_none()));
}

// ---------------------------------------------------------------------------------------------
// The command line

/// A folder with `files` written in it.
fn folder_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = folder.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    folder
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/fixtures").join(path)).unwrap()
}

fn check(folder: &Path, arguments: &[&str]) -> common::Run {
    common::run(
        common::command(folder)
            .args(["check", "--today", TODAY])
            .args(arguments),
    )
}

#[test]
fn diff_prints_what_fix_would_change_and_writes_nothing() {
    let input = fixture("imaging-sequence/fix-order.json");
    let folder = folder_with(&[("g.json", &input)]);
    let run = check(folder.path(), &["--diff", "g.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read(folder.path().join("g.json")).unwrap(), input);
    assert!(
        run.stdout.starts_with("--- g.json\n+++ g.json\n@@ "),
        "{}",
        run.stdout
    );
    let removed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("-  "))
        .collect();
    let added: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("+  "))
        .collect();
    assert_eq!(
        removed,
        [
            "-            \"sequence\": 3,",
            "-            \"sequence\": 2"
        ]
    );
    assert_eq!(
        added,
        [
            "+            \"sequence\": 2,",
            "+            \"sequence\": 3"
        ]
    );
    assert_eq!(run.stderr, "1 fix would be applied to 1 file\n");
    // `patch` applies the diff and gives what `--fix` writes.
    let patched = folder.path().join("g.json");
    let mut patch = std::process::Command::new("patch");
    patch
        .current_dir(folder.path())
        .args(["-p0", "--quiet"])
        .stdin(std::process::Stdio::piped());
    let spawned = patch.spawn();
    assert!(
        spawned.is_ok() || std::env::var_os("CI").is_none(),
        "patch(1) is needed to apply the diff (.ci/run installs it)"
    );
    if let Ok(mut child) = spawned {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(run.stdout.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
        assert_eq!(
            std::fs::read(&patched).unwrap(),
            fixture("imaging-sequence/fix-order.fixed.json")
        );
    }
}

#[test]
fn diff_exits_0_when_there_is_nothing_to_fix_and_names_hidden_unsafe_fixes() {
    let clean = fixture("imaging-sequence/pass.json");
    let unsafe_only = fixture("dead-end/fix-unsafe-mark-terminal.json");
    let folder = folder_with(&[("clean.json", &clean), ("dead-end.json", &unsafe_only)]);
    let run = check(folder.path(), &["--diff", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "no fixes to apply\n1 more fix available with --unsafe-fixes\n"
    );
    let run = check(folder.path(), &["--diff", "--unsafe-fixes", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("+            \"terminal\": true\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(folder.path().join("dead-end.json")).unwrap(),
        unsafe_only
    );
}

#[test]
fn fix_prints_the_report_of_the_fixed_text_and_the_count() {
    let input = fixture("unused-allow/fix-remove.json");
    let folder = folder_with(&[("g.json", &input)]);
    let run = check(folder.path(), &["--fix", "--format", "short", "g.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The one warning left (the source nothing cites once the treatment's evidence is gone), at
    // its place in the fixed text.
    let fixed = std::fs::read_to_string(folder.path().join("g.json")).unwrap();
    let line = common::line_of(&fixed, "\"id\": \"overview-2023\"");
    assert_eq!(
        run.stdout,
        format!(
            "g.json:{line}:15: warning[GL103] unused-definition: source `overview-2023` is not cited by any treatment\n"
        )
    );
    assert_eq!(
        run.stderr,
        "1 file checked: 0 errors, 1 warning\n5 fixes applied (1 remaining)\n"
    );
    // Human: the line follows the report on stdout.
    std::fs::write(folder.path().join("g.json"), &input).unwrap();
    let run = check(folder.path(), &["--fix", "g.json"]);
    assert!(
        run.stdout
            .ends_with("1 file checked: 0 errors, 1 warning\n5 fixes applied (1 remaining)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn fix_with_stdin_prints_the_fixed_document_and_reports_on_stderr() {
    let input = fixture("schema/fix-unsafe-enums-and-key.json");
    let expected = fixture("schema/fix-unsafe-enums-and-key.fixed.json");
    let folder = tempfile::tempdir().unwrap();
    let run = common::run_cli(
        common::cli(folder.path())
            .args(["check", "--today", TODAY, "--unsafe-fixes", "-"])
            .write_stdin(input.clone()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.as_bytes(), expected);
    assert_eq!(
        run.stderr,
        "1 file checked: 0 errors, 0 warnings\n6 fixes applied (0 remaining)\n"
    );
    // Without --unsafe-fixes nothing applies: the document comes back as it was.
    let run = common::run_cli(
        common::cli(folder.path())
            .args([
                "check",
                "--today",
                TODAY,
                "--fix",
                "--stdin-filename",
                "g.json",
                "-",
            ])
            .write_stdin(input.clone()),
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.as_bytes(), input);
    assert!(run.stderr.contains("g.json:"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "0 fixes applied (6 remaining)\n6 more fixes available with --unsafe-fixes\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
}

#[test]
fn stdin_that_is_not_json_or_not_utf8_comes_back_unchanged() {
    for input in [&b"{\"format\": \"guidelint/1\",}"[..], b"\xff\xfe{}", b""] {
        let folder = tempfile::tempdir().unwrap();
        let output = common::cli(folder.path())
            .args(["check", "--today", TODAY, "--fix", "-"])
            .write_stdin(input.to_vec())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(output.stdout, input);
    }
}

#[test]
fn a_file_that_is_not_json_or_not_utf8_is_never_written() {
    let not_json = b"{\"format\": \"guidelint/1\", \"status\": \"activ\",}".to_vec();
    let not_utf8 = b"{\"format\": \"guidelint/1\", \"status\": \"activ\xff\"}".to_vec();
    let folder = folder_with(&[("a.json", &not_json), ("b.json", &not_utf8)]);
    let run = check(folder.path(), &["--unsafe-fixes", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with("0 fixes applied (2 remaining)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(folder.path().join("a.json")).unwrap(),
        not_json
    );
    assert_eq!(
        std::fs::read(folder.path().join("b.json")).unwrap(),
        not_utf8
    );
}

#[test]
fn a_read_only_file_or_folder_is_left_untouched_with_exit_2() {
    let input = fixture("imaging-sequence/fix-order.json");
    let folder = folder_with(&[("g.json", &input)]);
    let path = folder.path().join("g.json");
    let writable = std::fs::metadata(&path).unwrap().permissions();
    let mut permissions = writable.clone();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let run = check(folder.path(), &["--fix", "g.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write g.json: the file is read-only; it was left unchanged\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), input);
    // The report is of the text as it is, and no fix is counted.
    assert!(run.stdout.contains("\"sequence\": 3,"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("0 fixes applied (1 remaining)\n"),
        "{}",
        run.stdout
    );

    std::fs::set_permissions(&path, writable).unwrap();
    let writable_folder = std::fs::metadata(folder.path()).unwrap().permissions();
    let mut folder_permissions = writable_folder.clone();
    folder_permissions.set_readonly(true);
    std::fs::set_permissions(folder.path(), folder_permissions).unwrap();
    let run = check(folder.path(), &["--fix", "g.json"]);
    std::fs::set_permissions(folder.path(), writable_folder).unwrap();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: cannot write g.json: its folder ")
            && run
                .stderr
                .ends_with(" is read-only; it was left unchanged\n"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), input);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn fix_writes_only_the_files_it_is_asked_to() {
    let fixable = fixture("imaging-sequence/fix-order.json");
    let folder = folder_with(&[
        ("named.json", &fixable),
        ("other.json", &fixable),
        ("drafts/excluded.json", &fixable),
        ("guidelint.toml", b"[files]\nexclude = [\"drafts\"]\n"),
    ]);
    let run = check(folder.path(), &["--fix", "named.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(folder.path().join("named.json")).unwrap(),
        fixture("imaging-sequence/fix-order.fixed.json")
    );
    assert_eq!(
        std::fs::read(folder.path().join("other.json")).unwrap(),
        fixable
    );
    // A folder's files, without those `[files]` excludes.
    let run = check(folder.path(), &["--fix", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(folder.path().join("other.json")).unwrap(),
        fixture("imaging-sequence/fix-order.fixed.json")
    );
    assert_eq!(
        std::fs::read(folder.path().join("drafts/excluded.json")).unwrap(),
        fixable
    );
}

#[test]
fn a_fixed_file_keeps_its_byte_order_mark_line_ends_and_permissions() {
    let text = String::from_utf8(fixture("imaging-sequence/fix-order.json")).unwrap();
    let input = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let folder = folder_with(&[("g.json", input.as_bytes())]);
    let path = folder.path().join("g.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let run = check(folder.path(), &["--fix", "g.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = String::from_utf8(fixture("imaging-sequence/fix-order.fixed.json")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("\u{feff}{}", expected.replace('\n', "\r\n"))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn rules_and_explain_say_which_rules_can_fix() {
    let root = common::root();
    let json = common::run(common::command(root).args(["rules", "--format", "json"]));
    let rules: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let fix_of = |name: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|rule| rule["name"] == name)
            .map(|rule| rule["fix"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(fix_of("unused-allow"), "always");
    assert_eq!(fix_of("dead-end"), "always");
    assert_eq!(fix_of("imaging-sequence"), "sometimes");
    assert_eq!(fix_of("duplicate-id"), "none");
    assert_eq!(fix_of("duplicate-key"), "none");
    let table = common::run(common::command(root).arg("rules"));
    let header: Vec<&str> = table
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(header.contains(&"fix"), "{header:?}");
    let explain = common::run(common::command(root).args(["explain", "duplicate-id"]));
    assert!(
        explain
            .stdout
            .contains("\nFix: none. Which of the two definitions keeps the id"),
        "{}",
        explain.stdout
    );
    let explain = common::run(common::command(root).args(["explain", "GL301"]));
    assert!(
        explain
            .stdout
            .contains("\nFix: sometimes available (`guidelint check --fix`)."),
        "{}",
        explain.stdout
    );
}

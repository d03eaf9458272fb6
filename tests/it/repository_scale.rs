//! A repository of hundreds of guidelines in nested folders, checked in one run: the right files are
//! found (`.gitignore`, `.ignore`, hidden folders, non-JSON files and symbolic link loops are skipped),
//! `[files] include`/`exclude` in guidelint.toml select among them, and two runs print the same bytes.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use crate::common;
use common::{guidelint, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TODAY: &str = "2027-01-15";
const GROUPS: usize = 16;
const PER_FOLDER: usize = 10;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The repository: `guidelines/group-NN/sub-{a,b}/guideline-NNN.json`, copies of the bundled guideline
/// with distinct ids, plus broken documents and files that must not be checked. Returns the paths
/// (relative to `root`) that a run over `guidelines` must check, and the broken ones among them.
fn repository(root: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let original =
        std::fs::read_to_string(Path::new(ROOT).join("guidelines/iliopsoas-hematoma.json"))
            .unwrap();
    let id_line = "  \"id\": \"iliopsoas-hematoma\",\n";
    assert!(original.contains(id_line));
    let mut checked = BTreeSet::new();
    let mut number = 0;
    for group in 0..GROUPS {
        for sub in ["sub-a", "sub-b"] {
            for _ in 0..PER_FOLDER {
                let path = format!("guidelines/group-{group:02}/{sub}/guideline-{number:03}.json");
                let text = original.replacen(
                    id_line,
                    &format!("  \"id\": \"guideline-{number:03}\",\n"),
                    1,
                );
                write(root, &path, &text);
                checked.insert(path);
                number += 1;
            }
        }
    }
    let mut broken = BTreeSet::new();
    for (path, text) in [
        (
            "guidelines/group-03/sub-a/broken-1.json",
            "{\"format\": \"guidelint/1\",}",
        ),
        ("guidelines/group-03/sub-b/broken-2.json", ""),
        ("guidelines/group-07/sub-a/broken-3.json", "[1, 2"),
        (
            "guidelines/group-12/sub-a/broken-4.json",
            "{\"format\": \"guidelint/1\", \"unexpected\": 1}",
        ),
        (
            "guidelines/group-12/sub-b/broken-5.json",
            "{\"format\": \"guidelint/2\"}",
        ),
    ] {
        write(root, path, text);
        checked.insert(path.to_string());
        broken.insert(path.to_string());
    }
    // Each of these would be reported if it were checked.
    write(root, ".gitignore", "guidelines/generated/\n");
    write(root, "guidelines/.ignore", "scratch/\n*.local.json\n");
    for skipped in [
        "guidelines/generated/generated-1.json",
        "guidelines/generated/deep/generated-2.json",
        "guidelines/scratch/scratch-1.json",
        "guidelines/group-05/sub-a/mine.local.json",
        "guidelines/.drafts/draft-1.json",
        "guidelines/group-02/.hidden.json",
    ] {
        write(root, skipped, "{not json");
    }
    write(root, "guidelines/README.md", "# Guidelines\n");
    write(root, "guidelines/group-01/notes.txt", "{not json");
    write(root, "guidelines/group-01/guideline.json.bak", "{not json");
    #[cfg(unix)]
    {
        // A loop: guidelines/group-00/loop/group-00/loop/... if the walk followed links.
        std::os::unix::fs::symlink("../..", root.join("guidelines/group-00/loop")).unwrap();
        std::os::unix::fs::symlink("loop-2", root.join("guidelines/group-00/loop-1")).unwrap();
        std::os::unix::fs::symlink("loop-1", root.join("guidelines/group-00/loop-2")).unwrap();
    }
    (checked, broken)
}

fn check(root: &Path, format: &str, extra: &[&str]) -> Output {
    let mut arguments = vec!["check", "--today", TODAY, "--format", format];
    arguments.extend(extra);
    guidelint(root, &arguments)
}

/// The files a run checked, from the JUnit report's one test suite per file.
fn checked_files(output: &Output) -> BTreeSet<String> {
    let xml = stdout(output);
    let document = roxmltree::Document::parse(&xml).expect("the junit report is XML");
    document
        .root_element()
        .children()
        .filter(|node| node.has_tag_name("testsuite"))
        .map(|suite| suite.attribute("name").unwrap().to_string())
        .collect()
}

#[test]
fn a_repository_is_checked_in_one_run() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let (expected, broken) = repository(root);
    assert_eq!(expected.len(), GROUPS * 2 * PER_FOLDER + 5);

    let json = check(root, "json", &["guidelines"]);
    assert_eq!(
        json.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["summary"]["files"], expected.len());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let reported: BTreeSet<String> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        reported, broken,
        "only the broken documents have diagnostics"
    );
    // Sorted by path, then line, then column.
    let keys: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["path"].as_str().unwrap().to_string(),
                diagnostic["line"].as_u64().unwrap(),
                diagnostic["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    let junit = check(root, "junit", &["guidelines"]);
    assert_eq!(
        checked_files(&junit),
        expected,
        "exactly the expected files are checked"
    );
}

#[test]
fn two_runs_print_the_same_bytes() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    repository(root);
    for format in ["json", "human", "short", "sarif", "github", "junit"] {
        let first = check(root, format, &["guidelines"]);
        let second = check(root, format, &["guidelines"]);
        assert_eq!(first.status.code(), Some(1));
        assert!(!first.stdout.is_empty());
        assert!(first.stdout == second.stdout, "{format}: two runs differ");
        assert!(
            first.stderr == second.stderr,
            "{format}: two runs differ on stderr"
        );
    }
}

#[test]
fn the_same_file_named_twice_is_checked_once() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let (expected, _) = repository(root);
    let output = check(
        root,
        "junit",
        &[
            "guidelines",
            "./guidelines/group-00",
            "guidelines/group-00/sub-a/guideline-000.json",
        ],
    );
    assert_eq!(checked_files(&output), expected);
}

const CONFIG: &str = r#"
[files]
include = ["guidelines/group-0*/**/*.json"]
exclude = ["guidelines/group-01/sub-b", "**/broken-*.json"]
"#;

/// group-00..group-09, without group-01/sub-b and without the broken documents.
fn selected(expected: &BTreeSet<String>) -> BTreeSet<String> {
    expected
        .iter()
        .filter(|path| path.starts_with("guidelines/group-0"))
        .filter(|path| !path.starts_with("guidelines/group-01/sub-b/"))
        .filter(|path| !path.contains("/broken-"))
        .cloned()
        .collect()
}

#[test]
fn include_and_exclude_select_the_discovered_files() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let (expected, _) = repository(root);
    write(root, "guidelint.toml", CONFIG);
    let selected = selected(&expected);
    assert_eq!(selected.len(), 10 * 2 * PER_FOLDER - PER_FOLDER);
    // The configuration is found in the current folder.
    let output = check(root, "junit", &["guidelines"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(checked_files(&output), selected);
}

#[test]
fn patterns_are_relative_to_the_configuration_file() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let (expected, _) = repository(root);
    write(root, "guidelint.toml", CONFIG);
    // Run from inside guidelines/, naming the configuration beside it.
    let output = guidelint(
        &root.join("guidelines"),
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "junit",
            "--config",
            "../guidelint.toml",
            ".",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let checked = checked_files(&output);
    let relative: BTreeSet<String> = selected(&expected)
        .iter()
        .map(|path| path.strip_prefix("guidelines/").unwrap().to_string())
        .collect();
    assert_eq!(
        checked, relative,
        "paths are reported relative to where guidelint runs"
    );
}

#[test]
fn a_file_named_on_the_command_line_is_checked_even_when_excluded() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    repository(root);
    write(root, "guidelint.toml", CONFIG);
    let excluded = "guidelines/group-01/sub-b/guideline-030.json";
    let broken = "guidelines/group-03/sub-a/broken-1.json";
    let ignored = "guidelines/generated/generated-1.json";
    let output = check(root, "junit", &[excluded, broken, ignored]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        checked_files(&output),
        BTreeSet::from([
            excluded.to_string(),
            broken.to_string(),
            ignored.to_string()
        ])
    );
}

#[test]
fn force_exclude_applies_the_patterns_to_named_files() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    repository(root);
    write(root, "guidelint.toml", CONFIG);
    let selected = "guidelines/group-00/sub-a/guideline-000.json";
    let in_excluded_folder = "guidelines/group-01/sub-b/guideline-030.json";
    let excluded_by_name = "guidelines/group-03/sub-a/broken-1.json";
    let not_included = "guidelines/group-12/sub-a/guideline-240.json";
    let named = [selected, in_excluded_folder, excluded_by_name, not_included];
    let mut arguments = vec!["--force-exclude"];
    arguments.extend(named);
    let output = check(root, "junit", &arguments);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        checked_files(&output),
        BTreeSet::from([selected.to_string()])
    );
    // Without the flag, every named file is checked.
    let output = check(root, "junit", &named);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        checked_files(&output),
        named.iter().map(|path| path.to_string()).collect()
    );
}

#[test]
fn an_invalid_pattern_is_exit_2() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "guidelines/a.json", "{}");
    write(
        root,
        "guidelint.toml",
        "[files]\nexclude = [\"guidelines/[abc\"]\n",
    );
    let output = check(root, "json", &["guidelines"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("guidelint.toml: invalid `[files] exclude` pattern `guidelines/[abc`"),
        "{stderr}"
    );
}

#[test]
fn the_report_follows_path_order_whatever_the_order_of_the_arguments() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let broken = "{\"format\": \"guidelint/1\",}";
    for path in ["b.json", "a.json", "a/c.json", "a/b/d.json"] {
        write(root, path, broken);
    }
    let output = check(root, "short", &["b.json", "a.json", "a"]);
    assert_eq!(output.status.code(), Some(1));
    let paths: Vec<String> = stdout(&output)
        .lines()
        .filter_map(|line| line.split(':').next())
        .map(str::to_string)
        .collect();
    // As `Path` orders them, folder by folder: a folder's contents come before a sibling file
    // whose name merely starts with the folder's name.
    assert_eq!(paths, ["a/b/d.json", "a/c.json", "a.json", "b.json"]);
}

#[test]
fn clean_documents_are_counted_not_kept() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let (expected, broken) = repository(root);
    let options = crate::common::options();
    let report = guidelint::check(&[guidelint::Input::Path(root.join("guidelines"))], &options);
    assert_eq!(report.summary().files, expected.len());
    assert_eq!(report.unlisted_clean_files, expected.len() - broken.len());
    let kept: BTreeSet<String> = report
        .files
        .iter()
        .map(|file| file.source.path().to_string())
        .collect();
    let broken: BTreeSet<String> = broken
        .iter()
        .map(|path| root.join(path).display().to_string())
        .collect();
    assert_eq!(kept, broken);
}

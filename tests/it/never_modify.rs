//! guidelint reads its inputs and never writes to them: after every command and format, every file
//! in the checked folder has the same bytes, modification time and permissions, and the folder holds
//! nothing new except a report asked for with `--output-file`.
//!
//! Each command runs on a fresh copy of one folder: a clean guideline, a document with a warning
//! (read-only), a file that is not JSON, a file with a duplicate key and a `guidelint.toml`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");
const TODAY: &str = "2026-11-26";
/// Set on every input before a run, so that rewriting a file with the same bytes still shows, even
/// on a file system with coarse timestamps.
const LONG_AGO: Duration = Duration::from_secs(978_307_200); // 2001-01-01

/// What a command may do to the input folder besides reading it.
enum Writes {
    Nothing,
    /// The report, at this path relative to the input folder.
    Report(String),
}

struct Case {
    args: Vec<String>,
    /// Where the command runs, relative to the input folder.
    from: &'static str,
    stdin: Option<&'static str>,
    writes: Writes,
}

fn case(args: &[&str]) -> Case {
    Case {
        args: args.iter().map(|arg| arg.to_string()).collect(),
        from: ".",
        stdin: None,
        writes: Writes::Nothing,
    }
}

fn check(extra: &[&str]) -> Case {
    let mut args = vec!["check", "--today", TODAY];
    args.extend(extra);
    case(&args)
}

const FORMATS: [&str; 6] = ["human", "json", "short", "sarif", "github", "junit"];

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for format in FORMATS {
        cases.push(check(&["--format", format, "."]));
        cases.push(check(&["--format", format, "--statistics", "."]));
        let report = format!("../reports/report.{format}");
        let mut to_file = check(&["--format", format, "--output-file", &report, "."]);
        to_file.writes = Writes::Report(report);
        cases.push(to_file);
    }
    // A report written into the checked folder itself must leave everything else there alone.
    cases.push(Case {
        writes: Writes::Report("report.json".to_string()),
        ..check(&["--format", "json", "--output-file", "report.json", "."])
    });
    cases.extend([
        check(&["--deny-warnings", "."]),
        check(&["--max-warnings", "0", "--format", "json", "."]),
        check(&["--config", "guidelint.toml", "."]),
        check(&[
            "--format",
            "short",
            "clean.json",
            "broken.json",
            "duplicate-key.json",
            "read-only.json",
        ]),
        // From the parent: no guidelint.toml found, the folder named by its path.
        Case {
            from: "..",
            ..check(&["--format", "json", "input"])
        },
        Case {
            stdin: Some(GUIDELINE),
            ..check(&["--format", "json", "--stdin-filename", "clean.json", "-"])
        },
        Case {
            stdin: Some(GUIDELINE),
            ..check(&["-", "read-only.json"])
        },
    ]);
    // What would change is shown, never written.
    cases.extend([
        check(&["--diff", "."]),
        check(&["--diff", "--unsafe-fixes", "."]),
        case(&["fmt", "--check", "."]),
        case(&["fmt", "--diff", "."]),
        case(&["fmt", "--check", "--diff", "clean.json", "broken.json"]),
    ]);
    for format in ["human", "json", "markdown"] {
        cases.push(case(&["rules", "--format", format]));
    }
    cases.extend([
        case(&["explain", "dead-end"]),
        case(&["explain", "GL203"]),
        case(&["schema"]),
        case(&["completions", "bash"]),
        case(&["man"]),
        case(&["man", "check"]),
        case(&["man", "fmt"]),
        case(&["--help"]),
        case(&["--version"]),
    ]);
    cases
}

/// A fresh `input/` folder (beside an empty `reports/`) with every kind of input.
fn input_folder() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::create_dir(root.path().join("reports")).unwrap();
    let warning = GUIDELINE.replacen(
        "\"title\": \"Iliopsoas hematoma: diagnosis and management\"",
        "\"title\": \"Iliopsoas hematoma: diagnosis and management (TODO)\"",
        1,
    );
    assert_ne!(warning, GUIDELINE);
    let duplicate = GUIDELINE.replacen(
        "\"status\": \"active\",",
        "\"status\": \"active\",\n  \"status\": \"draft\",",
        1,
    );
    assert_ne!(duplicate, GUIDELINE);
    let files: [(&str, &str); 5] = [
        ("clean.json", GUIDELINE),
        ("broken.json", &GUIDELINE[..GUIDELINE.len() / 2]),
        ("duplicate-key.json", &duplicate),
        ("read-only.json", &warning),
        (
            "guidelint.toml",
            "[rules]\nunused-definition = \"error\"\ndead-end = \"off\"\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(input.join(name), text).unwrap();
    }
    for entry in std::fs::read_dir(&input).unwrap() {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + LONG_AGO)
            .unwrap();
    }
    let read_only = input.join("read-only.json");
    let mut permissions = std::fs::metadata(&read_only).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&read_only, permissions).unwrap();
    // Last, so that writing the files above does not count.
    std::fs::File::open(&input)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + LONG_AGO)
        .unwrap();
    (root, input)
}

/// Everything about a folder that a command must not change, by path relative to it.
struct Entry {
    bytes: Option<Vec<u8>>,
    modified: SystemTime,
    permissions: std::fs::Permissions,
}

fn snapshot(folder: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(root: &Path, path: &Path, entries: &mut BTreeMap<PathBuf, Entry>) {
        let metadata = std::fs::symlink_metadata(path).unwrap();
        let bytes = metadata.is_file().then(|| std::fs::read(path).unwrap());
        entries.insert(
            path.strip_prefix(root).unwrap().to_path_buf(),
            Entry {
                bytes,
                modified: metadata.modified().unwrap(),
                permissions: metadata.permissions(),
            },
        );
        if metadata.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                walk(root, &entry.unwrap().path(), entries);
            }
        }
    }
    let mut entries = BTreeMap::new();
    walk(folder, folder, &mut entries);
    entries
}

/// Runs one case on a fresh folder and says what went wrong, if anything.
fn run(case: &Case) -> Result<(), String> {
    let (_root, input) = input_folder();
    let before = snapshot(&input);
    let mut command = crate::common::command(&input.join(case.from));
    command.args(&case.args);
    let output = match case.stdin {
        Some(text) => {
            command
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = command.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        }
        None => command.output().unwrap(),
    };
    // Exit 2 would mean the command did not get to do its job, so it proved nothing.
    let code = output.status.code();
    if !matches!(code, Some(0 | 1)) {
        return Err(format!(
            "exit code {code:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut after = snapshot(&input);
    if let Writes::Report(report) = &case.writes {
        if !input.join(report).is_file() {
            return Err(format!("no report at {report}"));
        }
        if !report.starts_with("..") {
            after.remove(Path::new(report));
            // Adding the report is a change of the folder's own modification time.
            let folder = Path::new("");
            after.get_mut(folder).unwrap().modified = before[folder].modified;
        }
    }
    let mut problems = Vec::new();
    for (path, entry) in &before {
        match after.get(path) {
            None => problems.push(format!("{} is gone", name(path))),
            Some(now) if now.bytes != entry.bytes => {
                problems.push(format!("the bytes of {} changed", name(path)))
            }
            Some(now) if now.modified != entry.modified => {
                problems.push(format!("the modification time of {} changed", name(path)))
            }
            Some(now) if now.permissions != entry.permissions => problems.push(format!(
                "the permissions of {} changed: {:?} -> {:?}",
                name(path),
                entry.permissions,
                now.permissions
            )),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|path| !before.contains_key(*path)) {
        problems.push(format!("{} appeared", name(path)));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A path of [`snapshot`] as a message shows it.
fn name(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the input folder itself".to_string()
    } else {
        path.display().to_string()
    }
}

#[test]
fn no_command_changes_its_inputs() {
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|case| {
            run(case).err().map(|problem| {
                format!(
                    "guidelint {} (in {}): {problem}",
                    case.args.join(" "),
                    case.from
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_folder_has_every_kind_of_input() {
    let (_root, input) = input_folder();
    let output = crate::common::command(&input)
        .args(["check", "--today", TODAY, "--format", "short", "."])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "broken.json:",
        "invalid-json",
        "duplicate-key.json:",
        "duplicate-key",
        "read-only.json:",
        "placeholder-text",
    ] {
        assert!(report.contains(expected), "{expected} in:\n{report}");
    }
    assert!(!report.contains("clean.json"), "{report}");
    assert_eq!(output.status.code(), Some(1));
    let read_only = std::fs::metadata(input.join("read-only.json")).unwrap();
    assert!(read_only.permissions().readonly());
}

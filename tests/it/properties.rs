//! Whatever a document holds, a check ends with a report: no panic, a JSON report of the documented
//! shape, positions that are 1-based and inside the document, and exit code 0 or 1 (2 is only for
//! problems outside the documents). Besides: text from the document never brings control
//! characters to a terminal, and the schema admits only documents the model can hold.
//!
//! Documents are random mutations of the bundled guideline: members deleted at random depths, values
//! swapped, repeated or replaced by another JSON type, integers written as `24.0`, the text
//! truncated, random bytes written or inserted, lines duplicated. Most cases run in-process through
//! the library; a few go through the binary. Inputs the fuzzer (`fuzz/`) and these properties found
//! are pinned at the end of this file.
//!
//! The cases are the same on every run, so CI is reproducible; explore others with, for example,
//! `PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=5000 cargo test --release --test properties`.

use guidelint::report::{github, human, json, junit, sarif, short};
use guidelint::{CheckOptions, Report};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};
use serde_json::Value;
use std::path::Path;
use std::sync::LazyLock;

const GUIDELINE: &str = include_str!("../../guidelines/iliopsoas-hematoma.json");
const TODAY: &str = "2026-11-26";
const NAME: &str = "mutant.json";

static OPTIONS: LazyLock<CheckOptions> = LazyLock::new(crate::common::options);

// ---------------------------------------------------------------------------------------------
// Mutations

/// Picks one of a number of things, whatever the number; shrinks towards the first.
#[derive(Debug, Clone, Copy)]
struct Pick(usize);

impl Pick {
    fn of(self, count: usize) -> usize {
        self.0 % count
    }
}

fn pick() -> impl Strategy<Value = Pick> {
    any::<usize>().prop_map(Pick)
}

/// One edit of a document. Picks choose among whatever exists when the edit applies, so an edit
/// stays meaningful (and shrinks well) whatever edits came before it.
#[derive(Debug, Clone)]
enum Mutation {
    /// Removes an object member: first a depth among those that have members, then a member there.
    DeleteMember {
        depth: Pick,
        member: Pick,
    },
    SwapValues {
        first: Pick,
        second: Pick,
    },
    /// Swaps two values in the same place of different items (two step ids, two `next` lists):
    /// the document usually still matches the schema, and the consistency rules get to judge it.
    SwapAlike {
        first: Pick,
        second: Pick,
    },
    /// Repeats an array item right after itself.
    DuplicateItem {
        item: Pick,
    },
    /// Replaces a value with one of a different JSON type.
    ReplaceValue {
        node: Pick,
        with: Replacement,
    },
    /// Writes an integer as a number JSON Schema still calls an integer: `24.0`, or `1e300`.
    RewriteInteger {
        number: Pick,
        huge: bool,
    },
    Truncate {
        at: Pick,
    },
    InsertBytes {
        at: Pick,
        bytes: Vec<u8>,
    },
    OverwriteBytes {
        at: Pick,
        bytes: Vec<u8>,
    },
    DuplicateLine {
        line: Pick,
    },
}

/// The makings of a value of any JSON type; [`Replacement::value`] picks a type other than the one
/// being replaced.
#[derive(Debug, Clone)]
struct Replacement {
    kind: Pick,
    flag: bool,
    number: f64,
    text: String,
}

const TYPES: usize = 6;

fn type_of(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

impl Replacement {
    fn value(&self, replaced: &Value) -> Value {
        let kind = (type_of(replaced) + 1 + self.kind.of(TYPES - 1)) % TYPES;
        match kind {
            0 => Value::Null,
            1 => Value::Bool(self.flag),
            2 => serde_json::Number::from_f64(self.number).map_or(Value::Null, Value::Number),
            3 => Value::String(self.text.clone()),
            4 if self.flag => Value::Array(Vec::new()),
            4 => Value::Array(vec![Value::String(self.text.clone())]),
            _ if self.flag => Value::Object(serde_json::Map::new()),
            _ => serde_json::json!({ "id": self.text.clone() }),
        }
    }
}

/// Bytes that matter to JSON more often than chance would pick them, plus any byte at all.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        prop::sample::select(
            b"{}[]\",:\\ \n\t0123456789-+.eEtrufalsn\xef\xbb\xbf\xc3\xa9".to_vec()
        ),
    ]
}

fn replacement() -> impl Strategy<Value = Replacement> {
    (
        pick(),
        any::<bool>(),
        prop_oneof![
            Just(0.0),
            Just(-1.0),
            Just(1.5),
            Just(1e300),
            any::<i32>().prop_map(f64::from),
        ],
        // Ids of the bundled guideline (a path, a step, a finding) make references that resolve,
        // often to the wrong kind of thing.
        prop_oneof![
            "[a-z][a-z0-9-]{0,12}",
            Just("workup".to_string()),
            Just("ct-scan".to_string()),
            Just("severe-pain".to_string()),
            Just("TODO".to_string()),
            Just(String::new()),
            any::<String>(),
        ],
    )
        .prop_map(|(kind, flag, number, text)| Replacement {
            kind,
            flag,
            number,
            text,
        })
}

/// An edit of the document as JSON: the result is still JSON, so it reaches the schema and rules.
fn structural() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (pick(), pick()).prop_map(|(depth, member)| Mutation::DeleteMember { depth, member }),
        1 => (pick(), pick()).prop_map(|(first, second)| Mutation::SwapValues { first, second }),
        3 => (pick(), pick()).prop_map(|(first, second)| Mutation::SwapAlike { first, second }),
        2 => pick().prop_map(|item| Mutation::DuplicateItem { item }),
        1 => (pick(), any::<bool>())
            .prop_map(|(number, huge)| Mutation::RewriteInteger { number, huge }),
        1 => (pick(), replacement()).prop_map(|(node, with)| Mutation::ReplaceValue { node, with }),
    ]
}

/// An edit of the text, which mostly leaves it something other than JSON.
fn textual() -> impl Strategy<Value = Mutation> {
    let bytes = || prop::collection::vec(byte(), 1..8);
    prop_oneof![
        pick().prop_map(|at| Mutation::Truncate { at }),
        (pick(), bytes()).prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        (pick(), bytes()).prop_map(|(at, bytes)| Mutation::OverwriteBytes { at, bytes }),
        pick().prop_map(|line| Mutation::DuplicateLine { line }),
    ]
}

/// The bundled guideline after one to three structural edits and, in some cases, one textual
/// edit last: a textual edit first would leave the structural ones nothing to work on. A failing
/// case is shown as its edits, which shrink well and read better than 20 KB of bytes.
#[derive(Debug, Clone)]
pub(crate) struct Mutant(Vec<Mutation>);

impl Mutant {
    pub(crate) fn document(&self) -> Vec<u8> {
        self.0
            .iter()
            .fold(GUIDELINE.as_bytes().to_vec(), |document, mutation| {
                apply(mutation, document)
            })
    }
}

pub(crate) fn mutant() -> impl Strategy<Value = Mutant> {
    (
        prop::collection::vec(structural(), 0..=3),
        prop::option::weighted(0.3, textual()),
    )
        .prop_filter("at least one edit", |(structural, textual)| {
            !structural.is_empty() || textual.is_some()
        })
        .prop_map(|(mut mutations, textual)| {
            mutations.extend(textual);
            Mutant(mutations)
        })
}

fn apply(mutation: &Mutation, mut document: Vec<u8>) -> Vec<u8> {
    match mutation {
        Mutation::DeleteMember { depth, member } => edit_value(document, |value| {
            let mut by_depth: Vec<Vec<String>> = Vec::new();
            for pointer in pointers(value).into_iter().skip(1) {
                let (parent, _) = split_last(&pointer);
                if value.pointer(parent).is_some_and(Value::is_object) {
                    let depth = pointer.matches('/').count();
                    by_depth.resize(by_depth.len().max(depth), Vec::new());
                    by_depth[depth - 1].push(pointer);
                }
            }
            by_depth.retain(|members| !members.is_empty());
            if by_depth.is_empty() {
                return;
            }
            let members = &by_depth[depth.of(by_depth.len())];
            let (parent, key) = split_last(&members[member.of(members.len())]);
            if let Some(Value::Object(object)) = value.pointer_mut(parent) {
                object.shift_remove(&unescape(key));
            }
        }),
        Mutation::SwapValues { first, second } => edit_value(document, |value| {
            let nodes = pointers(value);
            let first = &nodes[first.of(nodes.len())];
            let second = &nodes[second.of(nodes.len())];
            swap(value, first, second);
        }),
        Mutation::SwapAlike { first, second } => edit_value(document, |value| {
            let nodes = pointers(value);
            let first = &nodes[first.of(nodes.len())];
            let alike: Vec<&String> = nodes
                .iter()
                .filter(|node| place(node) == place(first))
                .collect();
            swap(value, first, alike[second.of(alike.len())]);
        }),
        Mutation::DuplicateItem { item } => edit_value(document, |value| {
            let items: Vec<String> = pointers(value)
                .into_iter()
                .filter(|pointer| pointer.rsplit('/').next().is_some_and(is_index))
                .collect();
            if items.is_empty() {
                return;
            }
            let (array, index) = split_last(&items[item.of(items.len())]);
            let index: usize = index.parse().unwrap();
            if let Some(Value::Array(array)) = value.pointer_mut(array) {
                array.insert(index + 1, array[index].clone());
            }
        }),
        Mutation::ReplaceValue { node, with } => edit_value(document, |value| {
            let nodes = pointers(value);
            let slot = value.pointer_mut(&nodes[node.of(nodes.len())]).unwrap();
            *slot = with.value(slot);
        }),
        Mutation::RewriteInteger { number, huge } => edit_value(document, |value| {
            let integers: Vec<String> = pointers(value)
                .into_iter()
                .filter(|pointer| value.pointer(pointer).is_some_and(is_integer))
                .collect();
            if integers.is_empty() {
                return;
            }
            let slot = value
                .pointer_mut(&integers[number.of(integers.len())])
                .unwrap();
            let rewritten = if *huge { 1e300 } else { slot.as_f64().unwrap() };
            // `Number::from_f64` keeps the fraction: 24 becomes `24.0`.
            *slot = Value::Number(serde_json::Number::from_f64(rewritten).unwrap());
        }),
        Mutation::Truncate { at } => {
            document.truncate(at.of(document.len() + 1));
            document
        }
        Mutation::InsertBytes { at, bytes } => {
            let at = at.of(document.len() + 1);
            document.splice(at..at, bytes.iter().copied());
            document
        }
        Mutation::OverwriteBytes { at, bytes } => {
            let at = at.of(document.len() + 1);
            let end = (at + bytes.len()).min(document.len());
            document.splice(at..end, bytes.iter().copied());
            document
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&[u8]> = document.split_inclusive(|&b| b == b'\n').collect();
            if lines.is_empty() {
                return document;
            }
            let at = line.of(lines.len());
            lines.insert(at, lines[at]);
            lines.concat()
        }
    }
}

/// Applies `edit` to the document as JSON and writes it back pretty-printed, member order kept.
/// A document that is no longer JSON (after an earlier byte edit) is left as it is.
fn edit_value(document: Vec<u8>, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    match serde_json::from_slice::<Value>(&document) {
        Ok(mut value) => {
            edit(&mut value);
            serde_json::to_vec_pretty(&value).unwrap()
        }
        Err(_) => document,
    }
}

/// Every node's JSON pointer, the root (`""`) first, in document order.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, pointer: &mut String, out: &mut Vec<String>) {
        out.push(pointer.clone());
        let length = pointer.len();
        match value {
            Value::Object(object) => {
                for (key, member) in object {
                    guidelint::parse::push_segment(pointer, key);
                    walk(member, pointer, out);
                    pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    pointer.push_str(&format!("/{index}"));
                    walk(item, pointer, out);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

/// Swaps the values at two pointers.
fn swap(value: &mut Value, first: &str, second: &str) {
    let (a, b) = (
        value.pointer(first).cloned(),
        value.pointer(second).cloned(),
    );
    if let (Some(a), Some(b)) = (a, b) {
        *value.pointer_mut(first).unwrap() = b;
        // When one held the other, the inner pointer may be gone now.
        if let Some(slot) = value.pointer_mut(second) {
            *slot = a;
        }
    }
}

fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64()
}

/// A pointer without its array indexes: `/diagnosis/paths/0/steps/3/id` is at `/diagnosis/paths/steps/id`.
fn place(pointer: &str) -> String {
    pointer
        .split('/')
        .filter(|segment| !is_index(segment))
        .collect::<Vec<_>>()
        .join("/")
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit())
}

fn split_last(pointer: &str) -> (&str, &str) {
    let slash = pointer.rfind('/').expect("not the root");
    (&pointer[..slash], &pointer[slash + 1..])
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

// ---------------------------------------------------------------------------------------------
// What every check must give

/// One document checked in-process, with what the assertions below need of it.
struct Checked {
    report: Report,
    json: Value,
    /// `human` (without color), `short` and `github`: what a terminal or a CI log shows.
    terminal: [(&'static str, String); 3],
}

/// Checks `bytes` as one document, renders every format, and asserts the properties in this file's
/// header.
fn check_everything(bytes: &[u8]) -> Checked {
    let file = guidelint::check_bytes(NAME, bytes, &OPTIONS);
    let report = Report {
        files: vec![file],
        unlisted_clean_files: 0,
        failures: Vec::new(),
    };
    let text = json::render(&report);
    assert!(text.ends_with('\n') && text.lines().count() == 1, "{text}");
    let json: Value = serde_json::from_str(&text).expect("the JSON report is JSON");
    assert_json_report(&json, &document_lines(bytes));

    let summary = report.summary();
    let exit = report.exit_code();
    assert_eq!(exit, i32::from(summary.errors > 0), "{summary:?}");

    // The other reporters only need to finish; tests/formats.rs holds them to the JSON report.
    let style = human::Style {
        color: false,
        width: 100,
    };
    let terminal = [
        ("human", human::render(&report, style)),
        ("short", short::render(&report)),
        ("github", github::render(&report)),
    ];
    assert!(terminal[0].1.ends_with('\n'));
    sarif::render(&report, Path::new("/properties"));
    junit::render(&report);
    Checked {
        report,
        json,
        terminal,
    }
}

/// Text from a document reaches a terminal only as visible characters: an escape sequence or a
/// carriage return could recolor, retitle or overwrite what the reader sees (a CI log that
/// renders ANSI included). Line feeds and tabs are all a report needs.
fn assert_terminal_safe(checked: &Checked) {
    let unsafe_texts: Vec<String> = checked
        .terminal
        .iter()
        .filter_map(|(format, text)| {
            let control = text
                .chars()
                .find(|&character| character.is_control() && !matches!(character, '\n' | '\t'))?;
            Some(format!(
                "{format}: U+{:04X} reaches the terminal:\n{text:?}",
                u32::from(control)
            ))
        })
        .collect();
    assert!(unsafe_texts.is_empty(), "{}", unsafe_texts.join("\n"));
}

/// How lib.rs starts the `schema` diagnostic of a document that matches the schema but does not
/// fit the model, which asks the user to report a bug: it must never happen. (The start, because
/// quoted document text can put these words anywhere else in a message.)
const MODEL_MISMATCH: &str = "the document matches the schema but not guidelint's model";

fn assert_schema_agrees_with_model(checked: &Checked) {
    for file in &checked.report.files {
        for diagnostic in &file.diagnostics {
            assert!(
                !diagnostic.message.starts_with(MODEL_MISMATCH),
                "{}",
                diagnostic.message
            );
        }
    }
}

/// The lines of the document as guidelint shows it (decoded, byte-order mark dropped), each as its
/// number of characters: a column may point at most one past the last.
fn document_lines(bytes: &[u8]) -> Vec<usize> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.split('\n').map(|line| line.chars().count()).collect()
}

const REPORT_KEYS: [&str; 3] = ["version", "diagnostics", "summary"];
const DIAGNOSTIC_KEYS: [&str; 13] = [
    "path",
    "rule",
    "code",
    "severity",
    "message",
    "help",
    "pointer",
    "line",
    "column",
    "end_line",
    "end_column",
    "labels",
    "fix",
];
const LABEL_KEYS: [&str; 5] = ["message", "line", "column", "end_line", "end_column"];

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// docs/format.md section 7 for a report of one document whose lines are `lines` characters wide.
fn assert_json_report(report: &Value, lines: &[usize]) {
    assert_eq!(keys(report), REPORT_KEYS, "{report}");
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let summary = &report["summary"];
    assert_eq!(keys(summary), ["files", "errors", "warnings"]);
    assert_eq!(summary["files"], 1);
    let count = |severity: &str| {
        diagnostics
            .iter()
            .filter(|diagnostic| diagnostic["severity"] == severity)
            .count()
    };
    assert_eq!(summary["errors"], count("error"), "{report}");
    assert_eq!(summary["warnings"], count("warning"), "{report}");
    assert_eq!(count("error") + count("warning"), diagnostics.len());
    let mut previous = (1, 1);
    for diagnostic in diagnostics {
        assert_eq!(keys(diagnostic), DIAGNOSTIC_KEYS, "{diagnostic}");
        assert_eq!(diagnostic["path"], NAME);
        let pointer = diagnostic["pointer"].as_str().unwrap();
        assert!(
            pointer.is_empty() || pointer.starts_with('/'),
            "{diagnostic}"
        );
        assert!(!diagnostic["message"].as_str().unwrap().is_empty());
        let start = assert_region(diagnostic, lines);
        assert!(previous <= start, "sorted by line, then column: {report}");
        previous = start;
        if !diagnostic["fix"].is_null() {
            assert_eq!(
                keys(&diagnostic["fix"]),
                ["title", "applicability", "edits"],
                "{diagnostic}"
            );
            for edit in diagnostic["fix"]["edits"].as_array().unwrap() {
                assert_region(edit, lines);
                assert!(edit["content"].is_string(), "{edit}");
            }
        }
        for label in diagnostic["labels"].as_array().unwrap() {
            assert_eq!(keys(label), LABEL_KEYS, "{label}");
            assert_region(label, lines);
        }
    }
}

/// A region is 1-based, inside the document and does not end before it starts. Returns its start.
fn assert_region(region: &Value, lines: &[usize]) -> (usize, usize) {
    let number = |key: &str| {
        let number = region[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` is a number: {region}"));
        usize::try_from(number).unwrap()
    };
    let start = (number("line"), number("column"));
    let end = (number("end_line"), number("end_column"));
    for (line, column) in [start, end] {
        assert!(line >= 1 && column >= 1, "1-based: {region}");
        let width = lines
            .get(line - 1)
            .unwrap_or_else(|| panic!("line {line} of a {}-line document: {region}", lines.len()));
        assert!(
            column <= width + 1,
            "column {column} of a {width}-character line: {region}"
        );
    }
    assert!(start <= end, "ends after it starts: {region}");
    start
}

// ---------------------------------------------------------------------------------------------
// The properties

/// `cases` fixed cases, unless `PROPTEST_CASES` and `PROPTEST_RNG_SEED` ask for others.
pub(crate) fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    // `tests/properties.proptest-regressions`: the default place is only found for tests in `src/`.
    config.failure_persistence = Some(Box::new(FileFailurePersistence::WithSource(
        "proptest-regressions",
    )));
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x6775_6964_656c_696e);
    }
    config
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_mutant_gets_a_report(mutant in mutant()) {
        check_everything(&mutant.document());
    }

    #[test]
    fn terminal_formats_carry_no_control_characters(mutant in mutant()) {
        assert_terminal_safe(&check_everything(&mutant.document()));
    }

    #[test]
    fn the_schema_admits_only_what_the_model_holds(mutant in mutant()) {
        assert_schema_agrees_with_model(&check_everything(&mutant.document()));
    }

    /// The schema decides on the parsed tree and explains on a `serde_json::Value`: both answer
    /// alike, so an invalid document always gets its diagnostics.
    #[test]
    fn both_schema_validators_agree(mutant in mutant()) {
        let document = mutant.document();
        if let Ok(text) = std::str::from_utf8(&document) {
            let source = guidelint::source::SourceFile::new(NAME, text);
            if let Some(parsed) = guidelint::parse::parse(&source).document {
                prop_assert!(guidelint::schema::validators_agree(&parsed));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// Through the binary, from a file or from stdin: stdout is exactly one JSON report.
    #[test]
    fn the_binary_prints_one_json_report(mutant in mutant(), from_stdin in any::<bool>()) {
        let document = mutant.document();
        let folder = tempfile::tempdir().unwrap();
        let mut command = crate::common::cli(folder.path());
        command
            .args(["check", "--today", TODAY, "--format", "json"]);
        if from_stdin {
            command.args(["--stdin-filename", NAME, "-"]).write_stdin(document.clone());
        } else {
            std::fs::write(folder.path().join(NAME), &document).unwrap();
            command.arg(NAME);
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code().expect("exited, not killed by a signal");
        prop_assert!(code == 0 || code == 1, "exit code {code}: {stderr}");
        prop_assert_eq!(&stderr, "", "a checked document writes nothing on stderr");
        prop_assert!(stdout.ends_with('\n') && stdout.lines().count() == 1, "{}", stdout);
        // `from_str` rejects anything after the first value but whitespace.
        let report: Value = serde_json::from_str(&stdout).expect("stdout is one JSON document");
        assert_json_report(&report, &document_lines(&document));
        prop_assert_eq!(code, i32::from(report["summary"]["errors"] != 0));
        // The library and the binary agree.
        prop_assert_eq!(report, check_everything(&document).json);
    }
}

#[test]
fn the_bundled_guideline_itself_is_clean() {
    let checked = check_everything(GUIDELINE.as_bytes());
    assert_eq!(checked.json["diagnostics"], serde_json::json!([]));
}

#[test]
fn every_mutation_kind_changes_the_document() {
    let original = GUIDELINE.as_bytes().to_vec();
    let at = || Pick(usize::MAX / 2);
    let replacement = Replacement {
        kind: at(),
        flag: true,
        number: 1.0,
        text: "x".into(),
    };
    let mutations = [
        Mutation::DeleteMember {
            depth: at(),
            member: at(),
        },
        Mutation::SwapValues {
            first: Pick(3),
            second: Pick(40),
        },
        Mutation::SwapAlike {
            first: Pick(usize::MAX / 3),
            second: Pick(1),
        },
        Mutation::DuplicateItem { item: at() },
        Mutation::RewriteInteger {
            number: at(),
            huge: false,
        },
        Mutation::ReplaceValue {
            node: at(),
            with: replacement,
        },
        Mutation::Truncate { at: at() },
        Mutation::InsertBytes {
            at: at(),
            bytes: b"{".to_vec(),
        },
        Mutation::OverwriteBytes {
            at: at(),
            bytes: b"\xff".to_vec(),
        },
        Mutation::DuplicateLine { line: at() },
    ];
    for mutation in mutations {
        let mutant = apply(&mutation, original.clone());
        assert_ne!(mutant, original, "{mutation:?} changed nothing");
        check_everything(&mutant);
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs found by `cargo fuzz run check` (minimized with `cargo fuzz tmin`) and by the properties
// above, reduced by hand to the smallest document that shows the problem. Each failed before the
// fix of 3746290; docs/fuzzing.md tells the story.

/// Fuzz crash `crash-a0b11b1f…`, minimized to one byte: `invalid-json` quoted the NUL in its message
/// (`` `\0` is not a JSON value ``) and the human report quoted the line holding it.
#[test]
fn a_nul_byte_never_reaches_the_terminal() {
    assert_terminal_safe(&check_everything(b"\0"));
}

/// An escape sequence written with JSON escapes in a key was decoded into the `schema` message
/// (`unexpected key ...`): this one cleared the screen of whoever read the human or short report.
#[test]
fn an_escaped_escape_sequence_in_a_key_never_reaches_the_terminal() {
    assert_terminal_safe(&check_everything(br#"{"\u001b[2J\u001b[H": 1}"#));
}

/// Raw control characters make the document invalid JSON, and the human report quotes the line:
/// this one set the terminal's title.
#[test]
fn a_raw_escape_sequence_in_the_document_never_reaches_the_terminal() {
    assert_terminal_safe(&check_everything(b"{\"a\": 1}\x1b]0;pwned\x07\n"));
}

/// A lone carriage return sends the cursor back to the start of the line, so the rest of the
/// quoted line overwrote what was printed before it.
#[test]
fn a_lone_carriage_return_never_reaches_the_terminal() {
    assert_terminal_safe(&check_everything(b"{\"a\":\r1,}"));
}

/// JSON Schema counts `24.0` as an integer, and so must the model: its `u32` used to refuse it, and
/// the document got a `schema` diagnostic at 1:1 asking the user to report a bug, with no rule run.
#[test]
fn an_integer_written_with_a_fraction_is_that_integer() {
    for (integer, rewritten) in [
        (
            "\"review_interval_months\": 24",
            "\"review_interval_months\": 24.0",
        ),
        ("\"sequence\": 1\n", "\"sequence\": 1.0\n"),
        ("\"year\": 2023", "\"year\": 2.023e3"),
    ] {
        let document = GUIDELINE.replacen(integer, rewritten, 1);
        assert_ne!(document, GUIDELINE, "{integer} is in the bundled guideline");
        let checked = check_everything(document.as_bytes());
        assert_schema_agrees_with_model(&checked);
        assert_eq!(
            checked.json["diagnostics"],
            serde_json::json!([]),
            "{rewritten}"
        );
    }
}

/// An integral number beyond what the model's integer holds (1e300 is an integer to JSON Schema)
/// is the schema's to reject, at the number; it used to reach the model, as above.
#[test]
fn an_integer_too_large_for_the_model_is_a_schema_error_at_the_number() {
    for (integer, rewritten) in [
        ("\"sequence\": 1\n", "\"sequence\": 1e300\n"),
        ("\"year\": 2023", "\"year\": 18446744073709551616"),
    ] {
        let document = GUIDELINE.replacen(integer, rewritten, 1);
        assert_ne!(document, GUIDELINE, "{integer} is in the bundled guideline");
        let checked = check_everything(document.as_bytes());
        assert_schema_agrees_with_model(&checked);
        let line = document[..document.find(rewritten).unwrap()]
            .lines()
            .count();
        let diagnostics = checked.json["diagnostics"].as_array().unwrap();
        assert!(
            diagnostics
                .iter()
                .any(|diagnostic| diagnostic["rule"] == "schema" && diagnostic["line"] == line),
            "{rewritten} reported on line {line}: {diagnostics:?}"
        );
    }
}

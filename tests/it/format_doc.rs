//! `docs/format.md` is the specification of the format and `schemas/guideline.schema.json` its machine
//! form. These tests keep the two in step: every property the schema holds, at any depth (`$defs`,
//! `allOf`, `oneOf`, `if`/`then`/`else`), has exactly one row in a table of the section that specifies
//! its object (the section whose `Schema:` line names the definition), with the schema's type,
//! requiredness, bounds and default; every allowed value has a row of its own; and the specification
//! describes no key or value the schema lacks. They also keep the specification's rule catalog, section
//! numbers, references, links and examples true.

use crate::common::{between, root, rules_table};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SPEC: &str = include_str!("../../docs/format.md");
const SCHEMA: &str = include_str!("../../schemas/guideline.schema.json");
const README: &str = include_str!("../../README.md");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("the schema is JSON")
}

/// One Markdown table: its header cells and its rows of cells (the separator row left out).
#[derive(Debug, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table of an object's keys: `| key | type | required | meaning |`.
    fn is_keys(&self) -> bool {
        self.header == ["key", "type", "required", "meaning"]
    }

    /// A table of allowed values: `| value | meaning |`.
    fn is_values(&self) -> bool {
        self.header == ["value", "meaning"]
    }
}

/// A heading and what follows it up to the next heading.
#[derive(Debug, Default)]
struct Section {
    heading: String,
    /// The schema definitions its `Schema:` line names: `#` for the root, else a `$defs` name.
    owners: Vec<String>,
    tables: Vec<Table>,
}

impl Section {
    fn specifies(&self, owner: &str) -> bool {
        self.owners.iter().any(|specified| specified == owner)
    }
}

/// The cells of a table line; `\|` is a pipe inside a cell.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut characters = inner.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' if characters.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                characters.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(character),
        }
    }
    cells
        .into_iter()
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// The spans written in backticks.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The sections of a Markdown document, reading headings and tables outside fenced code.
fn sections(markdown: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut table: Option<Table> = None;
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let is_table_line = line.trim_start().starts_with('|');
        if !is_table_line && let Some(finished) = table.take() {
            sections.last_mut().unwrap().tables.push(finished);
        }
        if line.starts_with('#') {
            sections.push(Section {
                heading: line.trim_start_matches('#').trim().to_string(),
                ..Section::default()
            });
        } else if is_table_line {
            let cells = cells(line);
            match &mut table {
                None => {
                    table = Some(Table {
                        header: cells,
                        rows: Vec::new(),
                    })
                }
                Some(_)
                    if cells
                        .iter()
                        .all(|cell| cell.chars().all(|c| "-:".contains(c))) => {}
                Some(table) => table.rows.push(cells),
            }
        } else if let Some(names) = line.strip_prefix("Schema:") {
            let owners = code_spans(names)
                .into_iter()
                .filter(|span| span.starts_with('#'))
                .map(|span| span.trim_start_matches("#/$defs/").to_string());
            sections.last_mut().unwrap().owners.extend(owners);
        }
    }
    if let Some(finished) = table {
        sections.last_mut().unwrap().tables.push(finished);
    }
    sections
}

/// One entry of a `properties` keyword somewhere in the schema.
#[derive(Debug)]
struct Property {
    /// The `$defs` entry it belongs to, or `#` for the root.
    owner: String,
    name: String,
    schema: Value,
    /// Listed in the `required` next to this `properties`, outside an `if` (where `required` is part
    /// of a test, not a requirement).
    required: bool,
}

/// Every property at every depth, with the definition it belongs to. `examples`, `enum`, `const` and
/// `default` hold data, not subschemas, and are not walked. `in_test` is true inside an `if`.
fn properties(node: &Value, owner: &str, in_test: bool, out: &mut Vec<Property>) {
    match node {
        Value::Object(map) => {
            let required: Vec<&str> = map
                .get("required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (key, child) in map {
                match key.as_str() {
                    "properties" => {
                        for (name, property) in child.as_object().into_iter().flatten() {
                            out.push(Property {
                                owner: owner.to_string(),
                                name: name.clone(),
                                schema: property.clone(),
                                required: !in_test && required.contains(&name.as_str()),
                            });
                            properties(property, owner, in_test, out);
                        }
                    }
                    "$defs" => {
                        for (name, definition) in child.as_object().into_iter().flatten() {
                            properties(definition, name, false, out);
                        }
                    }
                    "examples" | "enum" | "const" | "default" => {}
                    "if" => properties(child, owner, true, out),
                    _ => properties(child, owner, in_test, out),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                properties(item, owner, in_test, out);
            }
        }
        _ => {}
    }
}

/// The prefixes of `patternProperties` such as `^x-`, as written in the specification (`x-`).
fn pattern_prefixes(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "patternProperties" {
                    for pattern in child.as_object().into_iter().flatten().map(|(p, _)| p) {
                        out.insert(pattern.trim_start_matches('^').to_string());
                    }
                } else if key != "examples" {
                    pattern_prefixes(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| pattern_prefixes(item, out)),
        _ => {}
    }
}

/// A JSON value as the specification writes an allowed value: strings without quotes.
fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// The values a property allows or suggests: `enum` (of the property, or of the items of a list),
/// `const`, and `examples` (the checked code systems). Values of a definition the property refers
/// to (`Basis`) are specified with that definition.
fn listed_values(schema: &Value) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for key in ["enum", "examples"] {
        values.extend(schema[key].as_array().into_iter().flatten().map(plain));
    }
    values.extend(
        schema["items"]["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .map(plain),
    );
    values.extend(schema.get("const").map(plain));
    values
}

/// The words of a text, split at anything but letters and digits.
fn words(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect()
}

/// What the schema says about a property that its row must say too.
fn row_problems(property: &Property, row: &[String]) -> Vec<String> {
    let Some(map) = property.schema.as_object() else {
        // `"tests": true` only marks a key as known where the kind is checked; it is specified where
        // it is defined.
        return Vec::new();
    };
    let place = format!("`{}` of `{}`", property.name, property.owner);
    let type_cell = row[1].replace('`', "");
    let text = row.join(" | ").replace('`', "");
    let mut problems = Vec::new();
    let mut expect = |found: bool, what: String| {
        if !found {
            problems.push(format!("the row of {place} does not say {what}: {row:?}"));
        }
    };
    let type_name = |reference: &str| match reference.trim_start_matches("#/$defs/") {
        "NonEmptyString" => "non-empty string".to_string(),
        name => name.to_string(),
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let name = type_name(reference);
        expect(type_cell.contains(&name), format!("its type `{name}`"));
    }
    match map.get("type").and_then(Value::as_str) {
        Some("array") => {
            if let Some(reference) = map["items"].get("$ref").and_then(Value::as_str) {
                let name = format!("[{}]", type_name(reference));
                expect(type_cell.contains(&name), format!("its type `{name}`"));
            }
            if map.get("minItems").and_then(Value::as_u64) >= Some(1) {
                expect(
                    text.to_lowercase().contains("at least one"),
                    "\"at least one\"".into(),
                );
            }
        }
        Some("string") => {
            if map.get("minLength").and_then(Value::as_u64) >= Some(1) {
                expect(
                    type_cell.contains("non-empty") || type_cell.contains("non-blank"),
                    "that it is a non-empty string".into(),
                );
            } else {
                expect(type_cell.contains("string"), "its type `string`".into());
            }
            if map.get("format").and_then(Value::as_str) == Some("uri") {
                expect(type_cell.contains("URI"), "that it is a URI".into());
            }
            if let Some(pattern) = map.get("pattern").and_then(Value::as_str) {
                expect(text.contains(pattern), format!("its pattern `{pattern}`"));
            }
        }
        Some(name @ ("integer" | "boolean")) => {
            expect(type_cell.contains(name), format!("its type `{name}`"));
        }
        _ => {}
    }
    for bound in ["minimum", "maximum"] {
        if let Some(limit) = map.get(bound) {
            let limit = limit.to_string();
            expect(
                words(&text).contains(limit.as_str()),
                format!("its {bound} {limit}"),
            );
        }
    }
    if let Some(default) = map.get("default") {
        let default = default.to_string();
        expect(
            text.contains("default") && words(&text).contains(default.as_str()),
            format!("its default {default}"),
        );
    }
    if let Some(constant) = map.get("const").and_then(Value::as_str) {
        // A `const` on the key's own row is its type; a `const` in an `if` is one of the values the
        // key's value table lists, checked with the other values.
        if map.contains_key("description") {
            expect(
                text.contains(&format!("\"{constant}\"")),
                format!("its value \"{constant}\""),
            );
        }
    }
    if row[3].trim().is_empty() {
        problems.push(format!("the row of {place} has no meaning"));
    }
    problems
}

/// Everything the specification fails to say about `schema`, or says that the schema does not hold.
fn problems(spec: &str, schema: &Value) -> Vec<String> {
    let sections = sections(spec);
    let mut all = Vec::new();
    properties(schema, "#", false, &mut all);
    let mut problems = Vec::new();

    // Each definition is specified in a section that says so, and each such section names a real one.
    let definitions: Vec<&str> = schema["$defs"]
        .as_object()
        .expect("the schema has `$defs`")
        .keys()
        .map(String::as_str)
        .chain(["#"])
        .collect();
    for definition in &definitions {
        if !sections.iter().any(|section| section.specifies(definition)) {
            problems.push(format!(
                "no section of docs/format.md specifies `{definition}` (a line `Schema: `#/$defs/{definition}`.`)"
            ));
        }
    }
    for section in &sections {
        for owner in &section.owners {
            if !definitions.contains(&owner.as_str()) {
                problems.push(format!(
                    "section \"{}\" specifies `{owner}`, which the schema does not define",
                    section.heading
                ));
            }
        }
    }

    // Schema -> specification: one row per property, saying what the schema says.
    let mut by_key: BTreeMap<(&str, &str), Vec<&Property>> = BTreeMap::new();
    for property in &all {
        by_key
            .entry((property.owner.as_str(), property.name.as_str()))
            .or_default()
            .push(property);
    }
    for ((owner, name), occurrences) in &by_key {
        let rows: Vec<&Vec<String>> = sections
            .iter()
            .filter(|section| section.specifies(owner))
            .flat_map(|section| &section.tables)
            .filter(|table| table.is_keys())
            .flat_map(|table| &table.rows)
            .filter(|row| row[0] == format!("`{name}`"))
            .collect();
        let row = match rows.as_slice() {
            [row] => row,
            [] => {
                problems.push(format!(
                    "`{name}` of `{owner}` has no row in the key tables of the sections specifying `{owner}`"
                ));
                continue;
            }
            _ => {
                problems.push(format!("`{name}` of `{owner}` has {} rows", rows.len()));
                continue;
            }
        };
        if row.len() != 4 {
            problems.push(format!(
                "the row of `{name}` of `{owner}` does not have four cells: {row:?}"
            ));
            continue;
        }
        let required = occurrences.iter().any(|property| property.required);
        let says_required = row[2].to_lowercase().starts_with("yes");
        if required != says_required {
            problems.push(format!(
                "`{name}` of `{owner}` is {} in the schema, but its row says \"{}\"",
                if required { "required" } else { "optional" },
                row[2]
            ));
        }
        for property in occurrences {
            problems.extend(row_problems(property, row));
            for value in listed_values(&property.schema) {
                let in_a_value_table = sections
                    .iter()
                    .filter(|section| section.specifies(owner))
                    .flat_map(|section| &section.tables)
                    .filter(|table| table.is_values())
                    .flat_map(|table| &table.rows)
                    .any(|row| {
                        row[0] == format!("`{value}`")
                            && row.get(1).is_some_and(|meaning| !meaning.trim().is_empty())
                    });
                let on_its_row = row.join(" ").contains(&format!("\"{value}\""));
                if !in_a_value_table && !on_its_row {
                    problems.push(format!(
                        "the value `{value}` of `{name}` of `{owner}` has no row in a value table"
                    ));
                }
            }
        }
    }

    // A definition that is itself a list of values (`Basis`) has them in a value table of its section.
    for (definition, node) in schema["$defs"].as_object().into_iter().flatten() {
        for value in node["enum"].as_array().into_iter().flatten().map(plain) {
            let listed = sections
                .iter()
                .filter(|section| section.specifies(definition))
                .flat_map(|section| &section.tables)
                .filter(|table| table.is_values())
                .flat_map(|table| &table.rows)
                .any(|row| row[0] == format!("`{value}`"));
            if !listed {
                problems.push(format!(
                    "the value `{value}` of `{definition}` has no row in a value table"
                ));
            }
        }
    }

    // Specification -> schema: no key or value the schema lacks.
    for section in sections.iter().filter(|section| !section.owners.is_empty()) {
        let owned = || {
            all.iter()
                .filter(|property| section.specifies(&property.owner))
        };
        for table in &section.tables {
            for row in &table.rows {
                let cell = row[0].trim_matches('`');
                if table.is_keys() && !owned().any(|property| property.name == cell) {
                    problems.push(format!(
                        "section \"{}\" describes `{cell}`, which {:?} in the schema do not have",
                        section.heading, section.owners
                    ));
                }
                let a_definition_allows = section.owners.iter().any(|owner| {
                    schema["$defs"][owner.as_str()]["enum"]
                        .as_array()
                        .is_some_and(|values| values.iter().any(|value| plain(value) == cell))
                });
                if table.is_values()
                    && !a_definition_allows
                    && !owned()
                        .any(|property| listed_values(&property.schema).contains(&cell.to_string()))
                {
                    problems.push(format!(
                        "section \"{}\" lists the value `{cell}`, which no property of {:?} allows",
                        section.heading, section.owners
                    ));
                }
            }
        }
    }

    // Keys allowed by pattern (`^x-`) are specified in a section of their own.
    let mut prefixes = BTreeSet::new();
    pattern_prefixes(schema, &mut prefixes);
    let has_extension_section = sections
        .iter()
        .any(|section| section.heading.ends_with("Extension keys"));
    for prefix in prefixes {
        if !has_extension_section || !spec.contains(&format!("`{prefix}`")) {
            problems.push(format!("the extension keys `{prefix}` are not specified"));
        }
    }
    problems
}

#[test]
fn the_specification_describes_every_property_type_bound_and_value_of_the_schema() {
    let problems = problems(SPEC, &schema());
    assert!(
        problems.is_empty(),
        "docs/format.md and schemas/guideline.schema.json disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_walk_finds_properties_at_every_depth() {
    let mut all = Vec::new();
    properties(&schema(), "#", false, &mut all);
    let found = |owner: &str, name: &str| {
        all.iter()
            .any(|property| property.owner == owner && property.name == name)
    };
    // The root, a definition, `oneOf` siblings, an `if`/`then` block and an `else` block.
    for (owner, name) in [
        ("#", "diagnosis"),
        ("Provenance", "review_interval_months"),
        ("Condition", "not"),
        ("Step", "sequence"),
        ("Step", "specialties"),
        ("Transition", "to"),
    ] {
        assert!(found(owner, name), "`{name}` of `{owner}` not found");
    }
    assert!(all.len() > 80, "only {} properties found", all.len());
}

/// The specification with `from` replaced by `to` (which must occur exactly once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        SPEC.matches(from).count(),
        1,
        "`{from}` occurs once in docs/format.md"
    );
    SPEC.replacen(from, to, 1)
}

fn problems_of_edit(from: &str, to: &str) -> String {
    problems(&edited(from, to), &schema()).join("\n")
}

#[test]
fn a_schema_property_the_specification_lacks_fails() {
    // What a new field in the schema looks like before its section is written.
    let mut schema = schema();
    schema["$defs"]["Step"]["properties"]["urgency"] =
        serde_json::json!({"description": "How soon.", "enum": ["routine", "urgent"]});
    schema["$defs"]["Finding"]["properties"]["kind"]["enum"]
        .as_array_mut()
        .unwrap()
        .push("genetic".into());
    let found = problems(SPEC, &schema).join("\n");
    assert!(found.contains("`urgency` of `Step` has no row"), "{found}");
    assert!(
        found.contains("the value `genetic` of `kind` of `Finding`"),
        "{found}"
    );
}

#[test]
fn a_missing_row_fails() {
    let row = SPEC
        .lines()
        .find(|line| line.starts_with("| `sequence` |"))
        .expect("the `sequence` row");
    let found = problems_of_edit(&format!("{row}\n"), "");
    assert!(found.contains("`sequence` of `Step` has no row"), "{found}");
}

#[test]
fn a_missing_value_fails() {
    let found = problems_of_edit("| `retired` | superseded or withdrawn |\n", "");
    assert!(
        found.contains("the value `retired` of `status` of `#`"),
        "{found}"
    );
}

#[test]
fn a_field_the_schema_lacks_fails() {
    let found = problems_of_edit(
        "| `terminal` | `boolean` |",
        "| `sedation` | `[Id]` | no | An invented field. |\n| `terminal` | `boolean` |",
    );
    assert!(found.contains("describes `sedation`"), "{found}");
}

#[test]
fn a_wrong_bound_requiredness_or_type_fails() {
    for (from, to, expected) in [
        (
            "`integer` from 1 to 120, default 24",
            "`integer` from 1 to 12, default 24",
            "its maximum 120",
        ),
        (
            "| `summary` | `string` | no |",
            "| `summary` | `string` | yes |",
            "`summary` of `#` is optional",
        ),
        (
            "| `findings` | `[Finding]` | no |",
            "| `findings` | `[RiskFactor]` | no |",
            "its type `[Finding]`",
        ),
    ] {
        let found = problems_of_edit(from, to);
        assert!(found.contains(expected), "{expected}: {found}");
    }
}

#[test]
fn a_definition_without_a_section_fails() {
    let found = problems_of_edit("Schema: `#/$defs/LabTest`.", "");
    assert!(found.contains("specifies `LabTest`"), "{found}");
}

#[test]
fn the_rule_catalog_matches_the_registry() {
    let table = rules_table(SPEC);
    let expected = guidelint::report::rules::markdown();
    assert_eq!(
        table, expected,
        "docs/format.md's rule catalog (section 5.3) is out of date; replace it with:\n{expected}"
    );
}

/// The section numbers of the headings: "1", "1.1", ..., in order.
fn section_numbers(markdown: &str) -> Vec<String> {
    sections(markdown)
        .iter()
        .filter_map(|section| {
            let number = section.heading.split_whitespace().next()?;
            let number = number.trim_end_matches('.');
            number
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
                .then(|| number.to_string())
        })
        .collect()
}

#[test]
fn sections_are_numbered_in_order() {
    let numbers = section_numbers(SPEC);
    let (mut chapter, mut subsection) = (0, 0);
    for number in &numbers {
        let parts: Vec<u32> = number
            .split('.')
            .map(|part| part.parse().unwrap())
            .collect();
        match parts.as_slice() {
            [next] => {
                assert_eq!(
                    *next,
                    chapter + 1,
                    "section {number} follows section {chapter}"
                );
                (chapter, subsection) = (*next, 0);
            }
            [of, next] => {
                assert_eq!(*of, chapter, "section {number} is inside section {chapter}");
                assert_eq!(
                    *next,
                    subsection + 1,
                    "section {number} follows {chapter}.{subsection}"
                );
                subsection = *next;
            }
            _ => panic!("section {number}: two levels of numbering at most"),
        }
    }
    assert!(
        numbers.len() > 40,
        "only {} numbered sections",
        numbers.len()
    );
}

/// Every section number cited in `text` as "section 2.3", "sections 1 to 3", "sections 9.4 and 10.6".
fn cited_sections(text: &str) -> Vec<String> {
    let mut cited = Vec::new();
    for (start, _) in text.match_indices("section") {
        let mut rest = text[start + "section".len()..].trim_start_matches('s');
        loop {
            rest = rest.trim_start();
            let number: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.');
            if number.is_empty() {
                break;
            }
            cited.push(number.to_string());
            rest = &rest[number.len()..];
            match [" and ", " to ", ", "]
                .iter()
                .find_map(|joint| rest.strip_prefix(joint))
            {
                Some(after) => rest = after,
                None => break,
            }
        }
    }
    cited
}

/// GitHub's anchor for a heading: lowercase, spaces to hyphens, other punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Rust files under `folder`, recursively.
fn rust_files(folder: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_section_reference_and_link_resolves() {
    let numbers: BTreeSet<String> = section_numbers(SPEC).into_iter().collect();
    let anchors: BTreeSet<String> = sections(SPEC)
        .iter()
        .map(|section| anchor(&section.heading))
        .collect();
    let mut broken = Vec::new();
    for number in cited_sections(SPEC) {
        if !numbers.contains(&number) {
            broken.push(format!("docs/format.md cites section {number}"));
        }
    }
    for (start, _) in SPEC.match_indices("](#") {
        let target = &SPEC[start + 3..];
        let target = &target[..target.find(')').unwrap()];
        if !anchors.contains(target) {
            broken.push(format!("docs/format.md links to #{target}"));
        }
    }
    // Elsewhere, citations name the document: "docs/format.md section 2.3", links
    // "docs/format.md#23-steps".
    let mut others = vec![("README.md".to_string(), README.to_string())];
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests/it"), &mut files);
    for file in files {
        others.push((
            file.display().to_string(),
            std::fs::read_to_string(&file).unwrap(),
        ));
    }
    let mut linked = 0;
    for (name, text) in &others {
        for (start, _) in text.match_indices("docs/format.md") {
            let after = &text[start + "docs/format.md".len()..];
            if let Some(target) = after.strip_prefix('#') {
                let target: String = target
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                linked += usize::from(name == "README.md");
                if !anchors.contains(&target) {
                    broken.push(format!("{name} links to docs/format.md#{target}"));
                }
            } else if let Some(citation) = after
                .strip_prefix(' ')
                .filter(|rest| rest.starts_with("section"))
            {
                let line = citation.lines().next().unwrap_or_default();
                for number in cited_sections(line) {
                    if !numbers.contains(&number) {
                        broken.push(format!("{name} cites docs/format.md section {number}"));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "references that lead nowhere:\n{}",
        broken.join("\n")
    );
    assert!(
        linked >= 3,
        "the README links into docs/format.md ({linked} links found)"
    );
}

#[test]
fn the_reference_checks_can_fail() {
    assert_eq!(
        cited_sections("see sections 9.4 and 10.6, and section 2.3."),
        ["9.4", "10.6", "2.3"]
    );
    assert_eq!(
        anchor("10. Scenario tests: `guidelint test`"),
        "10-scenario-tests-guidelint-test"
    );
    assert_eq!(anchor("2.3 Steps"), "23-steps");
}

#[test]
fn readme_and_docs_cite_the_specification_not_the_old_contract() {
    let old = concat!("FORMAT", ".md");
    assert!(
        !README.contains(old),
        "README.md cites {old}; cite docs/format.md instead"
    );
    assert!(!SPEC.contains(old), "docs/format.md cites {old}");
    // Nor does the code: its comments cite the specification by section.
    let mut folders = vec![
        crate::common::root().join("src"),
        crate::common::root().join("tests/it"),
    ];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                assert!(
                    !text.contains(old),
                    "{} cites {old}; cite docs/format.md by section instead",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_worked_example_is_a_clean_guideline() {
    let block = between(
        SPEC,
        "<!-- worked-example:start -->\n```json\n",
        "```\n<!-- worked-example:end -->",
    );
    let report = guidelint::check_bytes(
        "example.json",
        block.as_bytes(),
        &guidelint::CheckOptions::on("2026-06-01".parse().expect("a valid date")),
    );
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|diagnostic| format!("{} {}", diagnostic.rule.code, diagnostic.message))
        .collect();
    assert!(
        found.is_empty(),
        "the worked example of section 8.9 has diagnostics: {found:?}"
    );
}

#[test]
fn every_json_example_is_json() {
    let mut in_json = false;
    let mut block = String::new();
    let mut checked = 0;
    for line in SPEC.lines() {
        if line.trim_start() == "```json" {
            (in_json, block) = (true, String::new());
        } else if in_json && line.trim_start() == "```" {
            in_json = false;
            checked += 1;
            // A fragment of members (`"next": [...]`) is JSON once wrapped in an object.
            let parses = serde_json::from_str::<Value>(&block).is_ok()
                || serde_json::from_str::<Value>(&format!("{{{block}}}")).is_ok();
            assert!(parses, "an example in docs/format.md is not JSON:\n{block}");
        } else if in_json {
            block.push_str(line);
            block.push('\n');
        }
    }
    assert!(checked >= 8, "only {checked} JSON examples found");
}

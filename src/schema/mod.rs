//! The embedded JSON Schema, compiled once, and the translation of its validation errors into
//! `schema` diagnostics that land on the offending key or value and speak the author's language.

use crate::diagnostic::Diagnostic;
use crate::parse::ParsedDocument;
use crate::tree::TreeJson;
use jsonschema::Validator;
use serde_json::Value;
use std::sync::LazyLock;

mod explain;
mod lookup;
mod rule;

pub use lookup::{Schema, describe};
pub use rule::SCHEMA;

/// The schema text as shipped in `schemas/`, so the binary works from any folder.
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/guideline.schema.json");

/// The schema parsed as JSON, for looking up property names and descriptions while explaining an error.
pub static SCHEMA_JSON: LazyLock<Value> = LazyLock::new(|| {
    // The embedded schema is checked by `tests/it/schema.rs` (valid JSON, valid against the 2020-12
    // meta-schema), so this cannot fail in a released binary.
    serde_json::from_str(SCHEMA_TEXT).expect("the embedded schema is valid JSON")
});

/// Answers whether a document is valid, on the parsed tree itself.
static VALIDATOR: LazyLock<Validator<TreeJson>> = LazyLock::new(|| {
    // Same invariant as `SCHEMA_JSON`: the embedded schema compiles, as `tests/it/schema.rs` proves.
    jsonschema::options_for::<TreeJson>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&SCHEMA_JSON)
        .expect("the embedded schema compiles")
});

/// Lists the errors of an invalid document, on a `serde_json::Value` of it. Errors carry their
/// instance; on a `Value` they borrow it, where on the tree each error would hold a copy (nine
/// errors at the root of a 50 MB document would copy it nine times). Compiled on the first
/// invalid document.
static ERROR_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    // Same invariant as `SCHEMA_JSON`.
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SCHEMA_JSON)
        .expect("the embedded schema compiles")
});

/// Compiles the schema now rather than when the first document needs it, so a caller can start it
/// on another thread while documents are still being found and read.
///
/// Compiling first checks the schema against the draft 2020-12 meta-schema, and jsonschema builds
/// the meta-schema's own validator for that (about 1 ms). It needs nothing of ours, so another core
/// builds it while this one parses the schema's text (0.2 ms); when no core is free, one does both.
pub fn prepare() {
    rayon::join(
        || drop(jsonschema::draft202012::meta::validator()),
        || LazyLock::force(&SCHEMA_JSON),
    );
    LazyLock::force(&VALIDATOR);
}

/// Whether the validator on the tree (which decides) and the one on a `serde_json::Value` (which
/// lists the errors) give the same answer for `document`: for tests, as a disagreement would
/// leave an invalid document without diagnostics.
pub fn validators_agree(document: &ParsedDocument) -> bool {
    let root = document.tree.root();
    VALIDATOR.is_valid(root) == ERROR_VALIDATOR.is_valid(&root.to_value())
}

/// Validates a parsed document; one diagnostic per violation.
pub fn check(document: &ParsedDocument) -> Vec<Diagnostic> {
    // Most documents are valid: answering yes or no is cheaper than collecting errors.
    let root = document.tree.root();
    if VALIDATOR.is_valid(root) {
        return Vec::new();
    }
    // Explaining errors looks values up by pointer and compares them with the schema: a
    // `serde_json::Value` of the document serves that cold path.
    let value = root.to_value();
    let mut diagnostics = Vec::new();
    let schema = lookup::Schema { root: &SCHEMA_JSON };
    for error in ERROR_VALIDATOR.iter_errors(&value) {
        explain::explain(&error, &value, &document.spans, schema, &mut diagnostics);
    }
    let mut seen = std::collections::HashSet::new();
    diagnostics
        .retain(|diagnostic| seen.insert((diagnostic.primary.span, diagnostic.message.clone())));
    diagnostics
}

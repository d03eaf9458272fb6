//! The embedded JSON Schema, compiled once, and the translation of its validation errors into
//! `schema` diagnostics that land on the offending key or value and speak the author's language.

use crate::diagnostic::Diagnostic;
use crate::parse::ParsedDocument;
use crate::tree::TreeJson;
use jsonschema::Validator;
use serde_json::Value;
use std::sync::OnceLock;

mod explain;
mod lookup;
mod rule;

pub use lookup::{Schema, describe};
pub use rule::SCHEMA;

/// The schema text as shipped in `schemas/`, so the binary works from any folder.
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/guideline.schema.json");

/// The guideline schema.
pub static GUIDELINE: EmbeddedSchema =
    EmbeddedSchema::new("schemas/guideline.schema.json", SCHEMA_TEXT);

/// The schema of scenario files (`*.scenarios.json`; docs/format.md, section 10).
pub static SCENARIOS: EmbeddedSchema = EmbeddedSchema::new(
    "schemas/scenarios.schema.json",
    include_str!("../../schemas/scenarios.schema.json"),
);

/// A JSON Schema shipped in the binary, parsed and compiled on first use. Documents are checked
/// against it, and its errors explained, by the same code whichever schema it is.
pub struct EmbeddedSchema {
    /// Where the schema lives in the repository, for help texts.
    pub file: &'static str,
    /// The schema as shipped.
    pub text: &'static str,
    /// The schema parsed as JSON, for looking up property names and descriptions while explaining
    /// an error.
    value: OnceLock<Value>,
    /// Answers whether a document is valid, on the parsed tree itself.
    validator: OnceLock<Validator<TreeJson>>,
    /// Lists the errors of an invalid document, on a `serde_json::Value` of it. Errors carry their
    /// instance; on a `Value` they borrow it, where on the tree each error would hold a copy (nine
    /// errors at the root of a 50 MB document would copy it nine times). Compiled on the first
    /// invalid document.
    error_validator: OnceLock<Validator>,
}

impl EmbeddedSchema {
    pub const fn new(file: &'static str, text: &'static str) -> Self {
        EmbeddedSchema {
            file,
            text,
            value: OnceLock::new(),
            validator: OnceLock::new(),
            error_validator: OnceLock::new(),
        }
    }

    /// The schema, for looking up what it says of a place.
    pub fn lookup(&self) -> lookup::Schema<'_> {
        lookup::Schema {
            root: self.value(),
            file: self.file,
        }
    }

    /// The schema parsed as JSON.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // The embedded schemas are checked by `tests/it/schema.rs` and `tests/it/test_cli.rs`
            // (valid JSON, valid against the 2020-12 meta-schema), so this cannot fail in a
            // released binary.
            serde_json::from_str(self.text).expect("an embedded schema is valid JSON")
        })
    }

    fn validator(&self) -> &Validator<TreeJson> {
        self.validator.get_or_init(|| {
            // Same invariant as `value`: the embedded schemas compile.
            jsonschema::options_for::<TreeJson>()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(self.value())
                .expect("an embedded schema compiles")
        })
    }

    fn error_validator(&self) -> &Validator {
        self.error_validator.get_or_init(|| {
            // Same invariant as `value`.
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(self.value())
                .expect("an embedded schema compiles")
        })
    }

    /// Validates a parsed document; one diagnostic per violation.
    pub fn check(&self, document: &ParsedDocument) -> Vec<Diagnostic> {
        // Most documents are valid: answering yes or no is cheaper than collecting errors.
        let root = document.tree.root();
        if self.validator().is_valid(root) {
            return Vec::new();
        }
        // Explaining errors looks values up by pointer and compares them with the schema: a
        // `serde_json::Value` of the document serves that cold path.
        let value = root.to_value();
        let mut diagnostics = Vec::new();
        let schema = self.lookup();
        for error in self.error_validator().iter_errors(&value) {
            explain::explain(&error, &value, &document.spans, schema, &mut diagnostics);
        }
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|diagnostic| {
            seen.insert((diagnostic.primary.span, diagnostic.message.clone()))
        });
        diagnostics
    }

    /// Whether the validator on the tree (which decides) and the one on a `serde_json::Value`
    /// (which lists the errors) give the same answer for `document`.
    pub fn validators_agree(&self, document: &ParsedDocument) -> bool {
        let root = document.tree.root();
        self.validator().is_valid(root) == self.error_validator().is_valid(&root.to_value())
    }
}

/// Compiles the guideline schema now rather than when the first document needs it, so a caller
/// can start it on another thread while documents are still being found and read.
///
/// Compiling first checks the schema against the draft 2020-12 meta-schema, and jsonschema builds
/// the meta-schema's own validator for that (about 1 ms). It needs nothing of ours, so another core
/// builds it while this one parses the schema's text (0.2 ms); when no core is free, one does both.
pub fn prepare() {
    rayon::join(
        || drop(jsonschema::draft202012::meta::validator()),
        || {
            GUIDELINE.value();
        },
    );
    GUIDELINE.validator();
}

/// Whether the validator on the tree (which decides) and the one on a `serde_json::Value` (which
/// lists the errors) give the same answer for `document`: for tests, as a disagreement would
/// leave an invalid document without diagnostics.
pub fn validators_agree(document: &ParsedDocument) -> bool {
    GUIDELINE.validators_agree(document)
}

/// Validates a parsed guideline; one diagnostic per violation.
pub fn check(document: &ParsedDocument) -> Vec<Diagnostic> {
    GUIDELINE.check(document)
}

//! A scenario file (`*.scenarios.json`, docs/format.md, section 10) read like a guideline: the
//! same parser with spans, the same schema diagnostics (against `schemas/scenarios.schema.json`),
//! then a typed model.

use crate::diagnostic::{Diagnostic, Label};
use crate::parse::SpanIndex;
use crate::pointer::Pointer;
use crate::source::SourceFile;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioFile {
    /// The guideline's id, or the path of its file relative to the scenario file's folder.
    pub guideline: String,
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    pub name: String,
    /// The findings the patient has.
    #[serde(default)]
    pub present: Vec<String>,
    pub expect: Expectations,
}

/// What must happen to a scenario's patient; each list is optional.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expectations {
    pub performed: Option<Vec<String>>,
    pub not_performed: Option<Vec<String>>,
    pub eligible: Option<Vec<String>>,
    pub not_eligible: Option<Vec<String>>,
    pub eligible_exactly: Option<Vec<String>>,
}

/// An expectation's key, as written in a scenario's `expect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectationKey {
    Performed,
    NotPerformed,
    Eligible,
    NotEligible,
    EligibleExactly,
}

impl ExpectationKey {
    pub const ALL: [ExpectationKey; 5] = [
        ExpectationKey::Performed,
        ExpectationKey::NotPerformed,
        ExpectationKey::Eligible,
        ExpectationKey::NotEligible,
        ExpectationKey::EligibleExactly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExpectationKey::Performed => "performed",
            ExpectationKey::NotPerformed => "not_performed",
            ExpectationKey::Eligible => "eligible",
            ExpectationKey::NotEligible => "not_eligible",
            ExpectationKey::EligibleExactly => "eligible_exactly",
        }
    }

    /// Whether the key lists steps (else treatments).
    pub fn lists_steps(self) -> bool {
        matches!(
            self,
            ExpectationKey::Performed | ExpectationKey::NotPerformed
        )
    }
}

impl Expectations {
    /// The ids listed under `key`, if the key is present.
    pub fn get(&self, key: ExpectationKey) -> Option<&[String]> {
        match key {
            ExpectationKey::Performed => self.performed.as_deref(),
            ExpectationKey::NotPerformed => self.not_performed.as_deref(),
            ExpectationKey::Eligible => self.eligible.as_deref(),
            ExpectationKey::NotEligible => self.not_eligible.as_deref(),
            ExpectationKey::EligibleExactly => self.eligible_exactly.as_deref(),
        }
    }
}

/// The pointer of a scenario.
pub fn scenario_pointer(scenario: usize) -> Pointer {
    Pointer::member("scenarios").index(scenario)
}

/// The pointer of a scenario file's `guideline`.
pub fn guideline_pointer() -> Pointer {
    Pointer::member("guideline")
}

/// A scenario file as read: its source, where each of its values is, its model when it has no
/// error, and the diagnostics of reading it.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: SourceFile,
    pub spans: SpanIndex,
    /// `None` when the file is not JSON or breaks the schema: its scenarios cannot be trusted.
    pub model: Option<ScenarioFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedFile {
    /// A label at the value at `pointer`.
    pub fn label(&self, pointer: &Pointer, message: impl Into<String>) -> Label {
        Label::new(self.spans.value(pointer.as_str()), message)
    }

    /// A label at the key of the member at `pointer` (its value when it has no key).
    pub fn key_label(&self, pointer: &Pointer, message: impl Into<String>) -> Label {
        Label::new(self.spans.key_or_value(pointer.as_str()), message)
    }
}

/// Reads the scenario file `bytes`, found at `path`.
pub fn load(path: &str, bytes: Vec<u8>) -> LoadedFile {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            // Explained as for a guideline: at the first bad byte.
            let report = crate::not_utf8(path, &error);
            return LoadedFile {
                source: report.source,
                spans: SpanIndex::default(),
                model: None,
                diagnostics: report.diagnostics,
            };
        }
    };
    let source = SourceFile::from_string(path, text);
    let outcome = crate::parse::parse(&source);
    let mut diagnostics = outcome.diagnostics;
    let Some(document) = outcome.document else {
        return LoadedFile {
            source,
            spans: SpanIndex::default(),
            model: None,
            diagnostics,
        };
    };
    diagnostics.extend(crate::schema::SCENARIOS.check(&document));
    let model = if diagnostics.is_empty() {
        match ScenarioFile::deserialize(document.tree.root()) {
            Ok(model) => Some(model),
            Err(error) => {
                // The schema admits only files the model can hold; reaching this is a bug in one
                // of them.
                diagnostics.push(
                    Diagnostic::new(
                        &crate::rules::SCHEMA,
                        format!("the file matches the scenario schema but not guidelint's model: {error}"),
                        Pointer::root(),
                        Label::new(document.spans.value(""), "this file"),
                    )
                    .with_help("Please report this as a guidelint bug, with the file attached."),
                );
                None
            }
        }
    } else {
        None
    };
    let spans = document.spans;
    LoadedFile {
        source,
        spans,
        model,
        diagnostics,
    }
}

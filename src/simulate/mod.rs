//! `guidelint simulate`: one patient played through one guideline (docs/format.md, section
//! 8), rendered by a reporter of `crate::report::simulation` for a reader or a program. A
//! document with an error is refused with its diagnostics: its meaning is not what its author
//! intended until it is fixed.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Guideline, IdKind};
use crate::semantics::Semantics;
use crate::source::SourceFile;
use crate::{CheckOptions, FileReport};

/// What to simulate.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Show this diagnosis path only (treatments are still judged over every path).
    pub path: Option<String>,
    /// The findings the patient has; every other finding is absent once elicited.
    pub present: Vec<String>,
}

/// The outcome of `simulate`.
#[derive(Debug)]
pub enum Outcome {
    /// The simulation, rendered.
    Simulated(String),
    /// The document has errors (exit 1): its report, to be shown as `check` shows it.
    Refused(FileReport),
    /// The request cannot be served (exit 2), such as a finding or path id that names nothing of
    /// that kind: the message.
    Rejected(String),
}

/// Checks the document in `bytes` (read from `path`) with `options`, then plays the patient of
/// `request` through it and renders the playthrough with `render` (a reporter of
/// `crate::report::simulation`).
pub fn simulate_bytes(
    path: &str,
    bytes: Vec<u8>,
    options: &CheckOptions,
    request: &Request,
    render: impl FnOnce(&Shown) -> String,
) -> Outcome {
    match String::from_utf8(bytes) {
        Ok(text) => simulate(
            SourceFile::from_string(path, text),
            options,
            request,
            render,
        ),
        Err(error) => Outcome::Refused(crate::not_utf8(path, &error)),
    }
}

/// Checks `source` with `options`, then plays the patient of `request` through it and renders
/// the playthrough with `render`.
pub fn simulate(
    source: SourceFile,
    options: &CheckOptions,
    request: &Request,
    render: impl FnOnce(&Shown) -> String,
) -> Outcome {
    if let Some(diagnostics) = refusal(&source, options) {
        return Outcome::Refused(FileReport {
            source,
            diagnostics,
        });
    }
    let outcome = crate::parse::parse(&source);
    let Some(document) = outcome.document else {
        // Unreachable: a document that does not parse has an `invalid-json` error.
        return Outcome::Rejected("the document is not JSON".to_string());
    };
    let guideline = match <Guideline as serde::Deserialize>::deserialize(document.tree.root()) {
        Ok(guideline) => guideline,
        // Unreachable: `check_source` reports a document the model cannot hold as an error.
        Err(error) => return Outcome::Rejected(format!("cannot read the document: {error}")),
    };
    let semantics = Semantics::new(&guideline);
    let path = match &request.path {
        Some(id) => match semantics.path_index(id) {
            Some(index) => Some(index),
            None => {
                return Outcome::Rejected(unknown_id(
                    &guideline,
                    id,
                    IdKind::DiagnosisPath,
                    semantics.path_ids(),
                ));
            }
        },
        None => None,
    };
    let present = match semantics.findings_named(request.present.iter().map(String::as_str)) {
        Ok(present) => present,
        Err(unknown) => {
            return Outcome::Rejected(unknown_id(
                &guideline,
                &unknown.id,
                IdKind::Finding,
                semantics.finding_ids().iter().copied(),
            ));
        }
    };
    let playthrough = semantics.play(&present);
    let shown = Shown {
        semantics: &semantics,
        playthrough: &playthrough,
        path,
    };
    Outcome::Simulated(render(&shown))
}

/// Why a document cannot be played (docs/format.md, section 8.1), or `None` when it can: the
/// diagnostics `check` reports with `options` when one is an error; and, whatever the
/// configuration or the document's suppressions say, every repeated id and dangling reference, for
/// a document with either has no meaning. (The document's shape is never in question here: the
/// rules that report it cannot be lowered or switched off.)
pub fn refusal(source: &SourceFile, options: &CheckOptions) -> Option<Vec<Diagnostic>> {
    let diagnostics = crate::check_source(source, options);
    if diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error)
    {
        return Some(diagnostics);
    }
    let outcome = crate::parse::parse(source);
    let document = outcome.document?;
    let guideline = <Guideline as serde::Deserialize>::deserialize(document.tree.root()).ok()?;
    let context = crate::rules::RuleContext::new(
        &guideline,
        document.tree.root(),
        &document.spans,
        &document.text,
        options.today,
    );
    let mut meaningless = crate::rules::run(&context, |rule| {
        *rule == crate::rules::DUPLICATE_ID || *rule == crate::rules::UNKNOWN_REFERENCE
    });
    if meaningless.is_empty() {
        return None;
    }
    for diagnostic in &mut meaningless {
        diagnostic.severity = Severity::Error;
    }
    meaningless.sort_by_key(|diagnostic| diagnostic.primary.span.start);
    Some(meaningless)
}

/// A playthrough and what of it to show.
pub struct Shown<'s, 'a> {
    pub semantics: &'s Semantics<'a>,
    pub playthrough: &'s crate::semantics::Playthrough,
    /// The one path to show, or every path.
    pub path: Option<usize>,
}

impl Shown<'_, '_> {
    /// The indices of the paths to show.
    pub fn paths(&self) -> Vec<usize> {
        match self.path {
            Some(path) => vec![path],
            None => (0..self.semantics.paths().len()).collect(),
        }
    }
}

/// "no finding is named `x`; did you mean `y`?", or "`x` is a step, not a finding", with what to
/// do next.
fn unknown_id<'c>(
    guideline: &Guideline,
    id: &str,
    wanted: IdKind,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    let (noun, option) = match wanted {
        IdKind::DiagnosisPath => ("diagnosis path", "--path"),
        _ => ("finding", "--present"),
    };
    let other = guideline
        .definitions()
        .into_iter()
        .find(|definition| definition.id == id && definition.kind != wanted);
    let mut message = match other {
        Some(definition) => format!("`{id}` is {}, not a {noun}", definition.kind.with_article()),
        None => format!("no {noun} of `{}` is named `{id}`", guideline.id),
    };
    match crate::text::closest(id, candidates) {
        Some(suggestion) => message.push_str(&format!("; did you mean `{suggestion}`?")),
        None => message.push_str(&format!(
            "; `{option}` takes the ids of the document's {noun}s"
        )),
    }
    crate::text::visible(message)
}

//! `--format json`: the stable machine-readable report of docs/format.md section 7.

use super::{Region, ordered};
use crate::{Report, Summary};
use serde::Serialize;

/// Bumped on any breaking change to the shape below.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

/// One diagnostic as the JSON report writes it; `guidelint test --format json` embeds the same.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'static str,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    /// The change `check --fix` would make (`safe`) or offers for review (`unsafe`), or `null`.
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the text from `line`:`column` up to `end_line`:`end_column` with `content` (an
/// insertion where both are the same position).
#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn render(report: &Report) -> String {
    let report = JsonReport {
        version: VERSION,
        diagnostics: diagnostics(report),
        summary: report.summary(),
    };
    // Serializing plain structs of strings and integers cannot fail.
    let mut text = serde_json::to_string(&report).expect("the JSON report serializes");
    text.push('\n');
    text
}

/// The diagnostics of a report, in output order, as the JSON report writes them.
pub fn diagnostics(report: &Report) -> Vec<JsonDiagnostic<'_>> {
    ordered(report)
        .map(|(source, diagnostic)| {
            let region = Region::of(source, diagnostic.primary.span);
            JsonDiagnostic {
                path: source.path(),
                rule: diagnostic.rule.name,
                code: diagnostic.rule.code,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                help: diagnostic.help.as_deref(),
                pointer: diagnostic.pointer.as_str(),
                line: region.start.line,
                column: region.start.column,
                end_line: region.end.line,
                end_column: region.end.column,
                labels: diagnostic
                    .secondary
                    .iter()
                    .map(|label| {
                        let region = Region::of(source, label.span);
                        JsonLabel {
                            message: &label.message,
                            line: region.start.line,
                            column: region.start.column,
                            end_line: region.end.line,
                            end_column: region.end.column,
                        }
                    })
                    .collect(),
                fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
                    title: fix.title(),
                    applicability: fix.applicability().as_str(),
                    edits: fix
                        .edits()
                        .iter()
                        .map(|edit| {
                            let region = Region::of(source, edit.span());
                            JsonEdit {
                                line: region.start.line,
                                column: region.start.column,
                                end_line: region.end.line,
                                end_column: region.end.column,
                                content: edit.replacement(),
                            }
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}

//! Code actions for the diagnostics under the cursor: the rule's own fixes, and "suppress this rule
//! here" (an `allow` entry on the step or treatment, or in `lint.allow` for the whole document).
//!
//! Every action is a list of [`ByteEdit`]s on the text the diagnostics were computed from; the server
//! turns it into a `WorkspaceEdit` with [`super::edits::workspace_edit`]. A suppression is one
//! insertion: the rest of the text stays byte for byte as it was.

use super::convert::editor_span;
use super::document::OpenDocument;
use super::edits::ByteEdit;
use super::navigation::{describe, kind_name};
use super::syntax::{Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::model::IdKind;
use crate::rules::Rule;
use crate::source::Span;

/// The reason a new suppression starts with. `placeholder-text` reports it until the author writes
/// the real reason, which the format requires and the next reader needs.
pub const REASON_PLACEHOLDER: &str = "TODO: say why this rule does not apply here";

/// One action offered for a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<ByteEdit>,
    /// The fix an editor may apply on its own ("fix all", a preferred quick fix).
    pub preferred: bool,
    /// The index of the diagnostic it is for in the document's current diagnostics.
    pub diagnostic: usize,
}

/// The actions for the diagnostics whose primary span touches `range`.
pub fn actions(document: &OpenDocument, range: Span) -> Vec<Action> {
    actions_with(document, range, rule_fixes)
}

/// [`actions`], with the fixes of each diagnostic given by `fixes`.
fn actions_with(
    document: &OpenDocument,
    range: Span,
    fixes: impl Fn(&Diagnostic) -> Vec<Fix>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    for (index, diagnostic) in document.current_diagnostics().iter().enumerate() {
        let span = editor_span(diagnostic.primary.span, &document.text);
        if span.start > range.end || range.start > span.end {
            continue;
        }
        for fix in fixes(diagnostic) {
            actions.push(Action {
                title: fix.title,
                edits: fix
                    .edits
                    .into_iter()
                    .map(|edit| {
                        ByteEdit::new(editor_span(edit.span, &document.text), edit.replacement)
                    })
                    .collect(),
                preferred: fix.preferred,
                diagnostic: index,
            });
        }
        for (title, edit) in suppressions(document, diagnostic) {
            actions.push(Action {
                title,
                edits: vec![edit],
                preferred: false,
                diagnostic: index,
            });
        }
    }
    actions
}

/// A fix a rule proposes for one of its diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    /// Byte ranges of the text `check` read (without a byte-order mark) and their replacements.
    pub edits: Vec<ByteEdit>,
    /// Whether applying it cannot change what the guideline means (`check --fix` applies only these).
    pub preferred: bool,
}

/// The fixes `diagnostic` carries: its [`crate::fix::Fix`], the one `check --fix` applies, preferred
/// when it is safe (an unsafe fix is a guess the author reviews, offered but never preferred).
fn rule_fixes(diagnostic: &Diagnostic) -> Vec<Fix> {
    diagnostic
        .fix
        .iter()
        .map(|fix| Fix {
            title: fix.title().to_string(),
            edits: fix
                .edits()
                .iter()
                .map(|edit| ByteEdit::new(edit.span(), edit.replacement()))
                .collect(),
            preferred: fix.applicability() == crate::fix::Applicability::Safe,
        })
        .collect()
}

/// Whether an `allow` entry can silence `rule`: any rule but those reporting a document guidelint
/// cannot read (not JSON, a repeated key, not the shape of a guideline).
fn suppressible(rule: &Rule) -> bool {
    !rule.unreadable_document
}

/// "Suppress this rule here": on the step or treatment the diagnostic is in, and for the document.
fn suppressions(document: &OpenDocument, diagnostic: &Diagnostic) -> Vec<(String, ByteEdit)> {
    let rule = diagnostic.rule;
    let Some(root) = document.tree().filter(|root| root.is_object()) else {
        return Vec::new();
    };
    if !suppressible(rule) {
        return Vec::new();
    }
    let text = document.text.as_str();
    let entry = format!(
        "{{\"rule\": \"{}\", \"reason\": \"{REASON_PLACEHOLDER}\"}}",
        rule.name
    );
    let mut offered = Vec::new();
    if let Some((node, kind)) = scope(root, diagnostic.pointer.as_str())
        && let Some(edit) = add_allow(text, node, &entry)
    {
        let outline = document.outline();
        let owner = outline
            .definitions
            .iter()
            .find(|definition| definition.kind == kind && definition.object == node.span)
            .map(|definition| describe(outline, definition))
            .unwrap_or_else(|| format!("this {}", kind_name(kind)));
        offered.push((
            format!("Suppress `{}` ({}) for {owner}", rule.name, rule.code),
            edit,
        ));
    }
    let document_wide = match root.get("lint") {
        Some(lint) if lint.is_object() => add_allow(text, lint, &entry),
        Some(_) => None,
        None => add_member(text, root, "lint", &format!("{{\"allow\": [{entry}]}}")),
    };
    if let Some(edit) = document_wide {
        offered.push((
            format!(
                "Suppress `{}` ({}) in the whole document",
                rule.name, rule.code
            ),
            edit,
        ));
    }
    offered
}

/// The step or treatment whose `allow` covers a diagnostic at `pointer`.
fn scope<'t>(root: &'t Node, pointer: &str) -> Option<(&'t Node, IdKind)> {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let index = |text: &str| text.parse::<usize>().ok();
    match segments.as_slice() {
        ["diagnosis", "paths", path, "steps", step, ..] => {
            let node = root
                .get("diagnosis")?
                .get("paths")?
                .elements()
                .get(index(path)?)?
                .get("steps")?
                .elements()
                .get(index(step)?)?;
            node.is_object().then_some((node, IdKind::Step))
        }
        ["treatments", treatment, ..] => {
            let node = root.get("treatments")?.elements().get(index(treatment)?)?;
            node.is_object().then_some((node, IdKind::Treatment))
        }
        _ => None,
    }
}

/// An insertion that adds `entry` to `object`'s `allow` list, creating the list if needed.
fn add_allow(text: &str, object: &Node, entry: &str) -> Option<ByteEdit> {
    let Some(member) = object.members().iter().find(|member| member.key == "allow") else {
        return add_member(text, object, "allow", &format!("[{entry}]"));
    };
    let list = member.value.as_ref()?;
    let NodeKind::Array(elements) = &list.kind else {
        return None;
    };
    Some(match elements.last() {
        Some(last) => {
            let separator = if text.get(list.span.start..list.span.end)?.contains('\n') {
                format!(
                    ",{}{}",
                    line_break(text),
                    indentation(text, last.span.start)
                )
            } else {
                ", ".to_string()
            };
            ByteEdit::new(Span::point(last.span.end), format!("{separator}{entry}"))
        }
        None => ByteEdit::new(Span::point(list.span.start + 1), entry.to_string()),
    })
}

/// An insertion that adds member `key: value` at the end of `object`, laid out like its last member.
fn add_member(text: &str, object: &Node, key: &str, value: &str) -> Option<ByteEdit> {
    let member = format!("\"{key}\": {value}");
    Some(match object.members().last() {
        Some(last) => {
            let end = last.value.as_ref()?.span.end;
            let separator = if text.get(object.span.start..object.span.end)?.contains('\n') {
                format!(
                    ",{}{}",
                    line_break(text),
                    indentation(text, last.key_span.start)
                )
            } else {
                ", ".to_string()
            };
            ByteEdit::new(Span::point(end), format!("{separator}{member}"))
        }
        None => ByteEdit::new(Span::point(object.span.start + 1), member),
    })
}

/// The document's own line break: `\r\n` in a file written with them, `\n` otherwise, so an
/// inserted line ends as its neighbours do.
fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The whitespace that starts the line holding `offset`.
fn indentation(text: &str, offset: usize) -> &str {
    let line_start = text[..offset]
        .rfind(['\n', '\r'])
        .map_or(0, |index| index + 1);
    let line = &text[line_start..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::edits::{Target, apply, workspace_edit};
    use crate::lsp::text::Encoding;

    /// A rule's fix reaches the editor as a preferred quick fix whose edits land on the editor's
    /// text, byte-order mark included, in the client's encoding.
    #[test]
    fn rule_fixes_become_preferred_actions_on_the_editors_text() {
        let text = "\u{feff}{\"format\": \"guidelint/1\", \"title\": \"Hématome 🩸\", \"status\": \"actve\"}";
        let uri: lsp_types::Uri = "untitled:fix.json".parse().unwrap();
        let mut document = OpenDocument::new(uri.clone(), 3, text.to_string());
        let options = crate::CheckOptions::on("2026-12-01".parse().unwrap());
        let source = crate::source::SourceFile::new("fix.json", text);
        document.diagnostics = Some(crate::check_source(&source, &options));
        // The fix `check --fix` would apply: a did-you-mean on the misspelt status, as byte ranges
        // of the text `check` read (without the byte-order mark).
        let checked = source.text();
        let misspelt = checked.find("\"actve\"").unwrap();
        let fix = |_: &Diagnostic| {
            vec![Fix {
                title: "Replace `actve` with `active`".to_string(),
                edits: vec![ByteEdit::new(
                    Span::new(misspelt, misspelt + "\"actve\"".len()),
                    "\"active\"",
                )],
                preferred: true,
            }]
        };
        let whole = Span::new(0, text.len());
        let offered = actions_with(&document, whole, fix);
        let fixes: Vec<&Action> = offered.iter().filter(|action| action.preferred).collect();
        assert!(!fixes.is_empty());
        let fixed = apply(text, &fixes[0].edits);
        assert_eq!(fixed, text.replace("actve", "active"));
        let edit = workspace_edit(
            Target {
                uri: &uri,
                version: 3,
                text: &document.text,
                encoding: Encoding::Utf16,
                versioned: false,
            },
            &fixes[0].edits,
        )
        .unwrap();
        let change = &edit.changes.unwrap()[&uri][0];
        // After the byte-order mark (one UTF-16 unit), `Hématome`, and the emoji (two).
        let before = &text[..text.find("\"actve\"").unwrap()];
        let character = before.encode_utf16().count() as u32;
        assert_eq!(change.range.start, lsp_types::Position::new(0, character));
        assert_eq!(change.new_text, "\"active\"");
    }

    /// The fixes of `check --fix` are the editor's quick fixes: a safe one preferred, an unsafe one
    /// offered to review, each giving the text `check --fix` (`--unsafe-fixes`) writes.
    #[test]
    fn a_suppression_in_a_crlf_document_keeps_its_line_breaks() {
        let text = "{\r\n  \"id\": \"g\",\r\n  \"title\": \"T\"\r\n}\r\n";
        let root = crate::lsp::syntax::parse(text).expect("a tree");
        let edit = add_member(text, &root, "lint", "{}").expect("an insertion");
        assert_eq!(edit.replacement, ",\r\n  \"lint\": {}");
        let lf = text.replace("\r\n", "\n");
        let root = crate::lsp::syntax::parse(&lf).expect("a tree");
        let edit = add_member(&lf, &root, "lint", "{}").expect("an insertion");
        assert_eq!(edit.replacement, ",\n  \"lint\": {}");
    }

    #[test]
    fn the_fixes_of_check_are_the_quick_fixes() {
        let root = env!("CARGO_MANIFEST_DIR");
        for (fixture, preferred) in [
            ("tests/fixtures/imaging-sequence/fix-order", true),
            ("tests/fixtures/dead-end/fix-unsafe-mark-terminal", false),
        ] {
            let text = std::fs::read_to_string(format!("{root}/{fixture}.json")).unwrap();
            let expected = std::fs::read_to_string(format!("{root}/{fixture}.fixed.json")).unwrap();
            let uri: lsp_types::Uri = "untitled:fix.json".parse().unwrap();
            let mut document = OpenDocument::new(uri, 1, text.clone());
            let options = crate::CheckOptions::on("2026-11-26".parse().unwrap());
            let source = crate::source::SourceFile::new("fix.json", &text);
            document.diagnostics = Some(crate::check_source(&source, &options));
            let offered = actions(&document, Span::new(0, text.len()));
            let fix = offered
                .iter()
                .find(|action| !action.title.starts_with("Suppress"))
                .unwrap_or_else(|| panic!("{fixture}: no fix among {offered:?}"));
            assert_eq!(fix.preferred, preferred, "{fixture}");
            assert_eq!(apply(&text, &fix.edits), expected, "{fixture}");
        }
    }
}

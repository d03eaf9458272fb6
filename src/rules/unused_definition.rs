use super::RuleContext;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::hash::Set;
use crate::model::IdKind;

declare_rule! {
    /// ## What it does
    /// Reports a finding that no step `elicits` and no `when`, `indications` or `contraindications`
    /// condition tests, and a source that no treatment cites in `evidence`.
    ///
    /// ## Why it matters
    /// A finding nobody elicits or tests changes no decision: either the step that should establish it
    /// or the condition that should act on it has lost its link (a sign the author meant to look for is
    /// never looked for), or it is left over and clutters the guideline. A source no treatment cites
    /// gives reviewers nothing to check a recommendation against.
    ///
    /// ## Example
    /// ```json
    /// {"id": "calf-tenderness", "kind": "sign", "name": "Localized tenderness along the deep veins"}
    /// ```
    /// (in `findings`, with no step eliciting it and no condition testing it)
    ///
    /// ## Use instead
    /// ```json
    /// "elicits": ["leg-swelling", "calf-tenderness", "dvt-likely", "active-bleeding"]
    /// ```
    /// (in the examination step that looks for it)
    pub static UNUSED_DEFINITION = {
        name: "unused-definition",
        code: "GL103",
        severity: Warning,
        summary: "a finding or source nothing refers to",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    // A reference counts as a use only in a field that names its kind: a finding named in `requires`
    // is still unused (and `unknown-reference` reports the `requires`).
    let used: Set<(IdKind, &str)> = context
        .references()
        .iter()
        .map(|reference| (reference.field.expected(), reference.id))
        .collect();
    context
        .definitions()
        .iter()
        .filter(|definition| matches!(definition.kind, IdKind::Finding | IdKind::Source))
        .filter(|definition| !used.contains(&(definition.kind, definition.id)))
        .map(|definition| {
            let id = definition.id;
            let (message, label, help) = match definition.kind {
                IdKind::Finding => (
                    format!("finding `{id}` is never elicited or tested"),
                    "unused finding",
                    format!(
                        "List `{id}` in the `elicits` of the step that establishes it and test it in the \
                         `when`, `indications` or `contraindications` it should decide, or remove it."
                    ),
                ),
                _ => (
                    format!("source `{id}` is not cited by any treatment"),
                    "uncited source",
                    format!(
                        "Cite `{id}` in the `evidence` of the treatments it supports, or remove it from \
                         `provenance.sources`."
                    ),
                ),
            };
            let pointer = definition.pointer();
            Diagnostic::new(
                &UNUSED_DEFINITION,
                message,
                pointer.clone(),
                context.label(&pointer, label),
            )
            .with_help(help)
        })
        .collect()
}

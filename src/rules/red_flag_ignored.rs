use super::RuleContext;
use crate::diagnostic::Diagnostic;
use crate::model::ReferenceField;
use crate::pointer::Pointer;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a finding marked `"red_flag": true` that no condition tests: no step's or
    /// transition's `when`, no indication and no contraindication. The label is on the finding.
    ///
    /// ## Why it matters
    /// A red flag is a warning sign that must change what happens next: a pulsatile mass calls
    /// for urgent angiography, weakness of the thigh for a surgical opinion. A guideline that
    /// marks a finding as a red flag but never acts on it lets a clinician record the warning
    /// sign and then carry on exactly as if it were absent.
    ///
    /// ## Example
    /// ```json
    /// {"id": "pulsatile-mass", "kind": "sign", "name": "Pulsatile groin mass", "red_flag": true}
    /// ```
    /// (elicited by the examination, tested by no condition)
    ///
    /// ## Use instead
    /// ```json
    /// {"to": "ct-angiography", "when": {"finding": "pulsatile-mass"}}
    /// ```
    /// (in the `next` of a step after the examination that elicits it)
    pub static RED_FLAG_IGNORED = {
        name: "red-flag-ignored",
        code: "GL707",
        severity: Error,
        summary: "a finding marked `red_flag` that no condition tests",
        fix: None "What a red flag must change (a transition, a step, a treatment) is a clinical decision.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    if !guideline.findings.iter().any(|finding| finding.red_flag) {
        return Vec::new();
    }
    // Per finding (by its index in `findings`): whether a condition tests it, whether a step
    // elicits it. One pass over the references, no set of ids.
    let semantics = context.semantics();
    let mut tested = vec![false; guideline.findings.len()];
    let mut elicited = vec![false; guideline.findings.len()];
    for reference in context.references() {
        let seen = match reference.field {
            ReferenceField::When | ReferenceField::Indication | ReferenceField::Contraindication => {
                &mut tested
            }
            ReferenceField::Elicits => &mut elicited,
            _ => continue,
        };
        if let Some(index) = semantics.finding_index(reference.id)
            && let Some(flag) = seen.get_mut(index)
        {
            *flag = true;
        }
    }
    let mut diagnostics = Vec::new();
    for (index, finding) in guideline.findings.iter().enumerate() {
        if !finding.red_flag || flag_of(&tested, semantics, finding.id) {
            continue;
        }
        let id = finding.id;
        let pointer = Pointer::finding(index).key("id");
        let elicited_note = if flag_of(&elicited, semantics, id) {
            ""
        } else {
            " (and no step elicits it yet)"
        };
        diagnostics.push(
            Diagnostic::new(
                &RED_FLAG_IGNORED,
                format!(
                    "finding `{id}` is a red flag, but no condition tests it{elicited_note}: the warning sign changes nothing in the pathway"
                ),
                pointer.clone(),
                context.label(&pointer, "red flag nothing acts on"),
            )
            .with_label(context.key_label(&Pointer::finding(index).key("red_flag"), "marked a red flag here"))
            .with_help(format!(
                "Test `{id}` where it must change the course: in the `when` of a transition to the step it calls for (urgent imaging, a consultation), or in a treatment's indications or contraindications; if it changes nothing, it is not a red flag: remove `\"red_flag\": true`."
            )),
        );
    }
    diagnostics
}

/// Whether `flags` is set for the finding `id` (for the first finding with that id, as every
/// reference to it means that one).
fn flag_of(flags: &[bool], semantics: &crate::semantics::Semantics<'_>, id: &str) -> bool {
    semantics
        .finding_index(id)
        .and_then(|index| flags.get(index).copied())
        .unwrap_or(false)
}

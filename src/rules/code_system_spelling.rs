use super::RuleContext;
use super::codes::CodeSystem;
use super::invalid_code::codes;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a code whose `system` names a terminology guidelint checks, spelled otherwise than
    /// docs/format.md section 1.8 lists it: `SNOMED CT` or `snomed_ct` for `snomed-ct`, `LOINC`
    /// for `loinc`, `ICD10CM` for `icd-10-cm` (the same letters and digits, whatever the case and
    /// punctuation). Any other terminology (`icd-11`, `atc`) is accepted as it is.
    ///
    /// ## Why it matters
    /// `invalid-code` checks the codes of the four systems it knows by their exact names; under
    /// another spelling a mistyped code, a wrong check digit or a code of the wrong terminology
    /// passes unnoticed, and software that reads the guideline may not recognize the terminology
    /// either.
    ///
    /// ## Example
    /// ```json
    /// {"name": "PT/INR", "code": {"system": "LOINC", "code": "6301-6"}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "PT/INR", "code": {"system": "loinc", "code": "6301-6"}}
    /// ```
    pub static CODE_SYSTEM_SPELLING = {
        name: "code-system-spelling",
        code: "GL506",
        severity: Warning,
        summary: "a code system guidelint checks, spelled otherwise, so its code goes unchecked",
        fix: Always "Writes the system as section 1.8 spells it (`SNOMED CT` becomes `snomed-ct`). The fix is safe (applied by `--fix`): the letters name the same terminology; once it is applied, `invalid-code` checks the code.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (at, code) in codes(context.guideline) {
        let Some(system) = CodeSystem::from_variant(code.system) else {
            continue;
        };
        let pointer = at.pointer().key("system");
        let name = system.name();
        let written = code.system;
        let fix = Fix::safe(
            format!("Write `{name}`"),
            vec![Edit::replace(context.span(&pointer), format!("\"{name}\""))],
        );
        diagnostics.push(
            Diagnostic::new(
                &CODE_SYSTEM_SPELLING,
                format!(
                    "code system `{written}` is not spelled as guidelint checks {} (`{name}`), so `{}` is not checked",
                    system.title(),
                    code.code
                ),
                pointer.clone(),
                context.label(&pointer, format!("write `{name}`")),
            )
            .with_help(format!(
                "Write `\"system\": \"{name}\"`: guidelint checks {} codes under that name only.",
                system.title()
            ))
            .with_fix(Some(fix)),
        );
    }
    diagnostics
}

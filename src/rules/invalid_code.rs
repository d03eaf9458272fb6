use super::codes::{CodeError, CodeSystem};
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Code, Guideline};

declare_rule! {
    /// ## What it does
    /// Checks every code in the document (the condition's codes, risk-factor and finding codes, and
    /// the codes of laboratory tests) against the rules of its system:
    ///
    /// - `loinc`: 1 to 7 digits, a hyphen and a check digit, which must match LOINC's mod 10
    ///   algorithm;
    /// - `snomed-ct`: 6 to 18 digits without a leading zero, a partition identifier (the two digits
    ///   before the last) of 00, 01, 02, 10, 11 or 12, and a last digit that is the Verhoeff check
    ///   digit of the others;
    /// - `icd-10-cm`: a capital letter, a digit and a capital letter or digit, then optionally a dot
    ///   and 1 to 4 capital letters or digits (`M79.81`, `S72.001A`);
    /// - `rxnorm`: digits only.
    ///
    /// Codes of any other system are not checked. The check cannot tell whether a well-formed code
    /// exists or means what its `display` says.
    ///
    /// ## Why it matters
    /// Codes are what electronic health records, order sets and decision-support systems read. A
    /// mistyped code either fails to load or, worse, silently points at a different test or
    /// diagnosis: a prothrombin time becomes an unrelated assay, and a patient's coagulation screen
    /// is never matched to the guideline. Check digits exist to catch exactly these typos.
    ///
    /// ## Example
    /// ```json
    /// {"name": "PT/INR", "code": {"system": "loinc", "code": "6301-5"}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "PT/INR", "code": {"system": "loinc", "code": "6301-6"}}
    /// ```
    pub static INVALID_CODE = {
        name: "invalid-code",
        code: "GL502",
        severity: Error,
        summary: "a code that fails its system's check",
    }
}

/// Where a code object sits; its pointer is built only for a diagnostic.
#[derive(Debug, Clone, Copy)]
pub(super) enum CodeAt {
    Condition(usize),
    RiskFactor(usize, usize),
    Finding(usize, usize),
    /// Path, step and test index: the test's `code`.
    Test(usize, usize, usize),
    /// Treatment, action and code index.
    Action(usize, usize, usize),
}

impl CodeAt {
    pub(super) fn pointer(self) -> Pointer {
        match self {
            CodeAt::Condition(index) => Pointer::member("condition").key("codes").index(index),
            CodeAt::RiskFactor(risk_factor, index) => {
                Pointer::risk_factor(risk_factor).key("codes").index(index)
            }
            CodeAt::Finding(finding, index) => Pointer::finding(finding).key("codes").index(index),
            CodeAt::Action(treatment, action, index) => Pointer::treatment(treatment)
                .key("actions")
                .index(action)
                .key("codes")
                .index(index),
            CodeAt::Test(path, step, index) => Pointer::step(path, step)
                .key("tests")
                .index(index)
                .key("code"),
        }
    }
}

/// Every code object in the document with where it sits, in document order.
pub(super) fn codes<'a>(guideline: &'a Guideline<'a>) -> Vec<(CodeAt, &'a Code<'a>)> {
    let mut codes = Vec::new();
    for (index, code) in guideline.condition.codes.iter().enumerate() {
        codes.push((CodeAt::Condition(index), code));
    }
    for (risk_factor, entry) in guideline.risk_factors.iter().enumerate() {
        for (index, code) in entry.codes.iter().enumerate() {
            codes.push((CodeAt::RiskFactor(risk_factor, index), code));
        }
    }
    for (finding, entry) in guideline.findings.iter().enumerate() {
        for (index, code) in entry.codes.iter().enumerate() {
            codes.push((CodeAt::Finding(finding, index), code));
        }
    }
    for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
        for (step_index, step) in path.steps.iter().enumerate() {
            for (index, test) in step.tests.iter().enumerate() {
                if let Some(code) = &test.code {
                    codes.push((CodeAt::Test(path_index, step_index, index), code));
                }
            }
        }
    }
    for (treatment_index, treatment) in guideline.treatments.iter().enumerate() {
        for (action_index, action) in treatment.actions.iter().enumerate() {
            for (index, code) in action.codes.iter().enumerate() {
                codes.push((CodeAt::Action(treatment_index, action_index, index), code));
            }
        }
    }
    codes
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (at, code) in codes(context.guideline) {
        let Some(system) = CodeSystem::from_name(code.system) else {
            continue;
        };
        let Err(error) = system.validate(code.code) else {
            continue;
        };
        let title = system.title();
        let value = &code.code;
        let (message, label, help) = match error {
            CodeError::Shape { suggestion } => (
                format!(
                    "`{value}` is not {} code: {title} codes are {}",
                    system.title_with_article(),
                    system.shape()
                ),
                format!("not {} code", system.title_with_article()),
                match suggestion {
                    Some(suggestion) => format!("Write it as `{suggestion}`."),
                    None => format!(
                        "Copy the code exactly as {title} publishes it, or change `system` if the code belongs to \
                         another terminology."
                    ),
                },
            ),
            CodeError::LeadingZero => (
                format!("{title} `{value}` starts with a zero, which no {title} identifier does"),
                "leading zero".to_string(),
                format!("Copy the identifier again from a {title} browser."),
            ),
            CodeError::Partition { found } => (
                format!(
                    "{title} `{value}` has the partition identifier `{found}` (the two digits before the check digit), \
                     which is none of 00, 01, 02, 10, 11, 12"
                ),
                "invalid partition identifier".to_string(),
                format!(
                    "The partition identifier says what kind of component an identifier names; copy the identifier \
                     again from a {title} browser."
                ),
            ),
            CodeError::CheckDigit { found, expected } => {
                let consistent: String = value
                    .chars()
                    .take(value.chars().count().saturating_sub(1))
                    .chain([expected])
                    .collect();
                (
                    format!(
                        "{title} `{value}` has check digit {found}, but its digits give {expected}"
                    ),
                    "wrong check digit".to_string(),
                    format!(
                        "A wrong check digit means a mistyped digit somewhere in the code: copy it again from a \
                         {title} browser (`{consistent}` would pass the check, but the typo may be in another digit)."
                    ),
                )
            }
        };
        let pointer = at.pointer().key("code");
        diagnostics.push(
            Diagnostic::new(
                &INVALID_CODE,
                message,
                pointer.clone(),
                context.label(&pointer, label),
            )
            .with_help(help),
        );
    }
    diagnostics
}

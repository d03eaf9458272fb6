//! Serde types for the document format (FORMAT.md sections 1-4), read from a document that already
//! satisfies the schema. `readers` holds the hand-written readers of the types serde's derive reads
//! slowly or too loosely; `ids` the tables of definitions and references every consistency rule
//! shares.
//!
//! Positions are not stored here: a node's RFC 6901 pointer (built by the helpers below) looks its
//! span up in the document's [`crate::parse::SpanIndex`].

use crate::pointer::Pointer;
use serde::Deserialize;

mod ids;
mod readers;

pub use ids::{Definition, IdKind, Pointers, Reference, ReferenceField};
use readers::integral;

#[derive(Debug, Clone, Deserialize)]
pub struct Guideline<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(default, borrow)]
    pub summary: Option<&'a str>,
    pub version: &'a str,
    pub status: Status,
    #[serde(borrow)]
    pub condition: ClinicalCondition<'a>,
    #[serde(borrow)]
    pub provenance: Provenance<'a>,
    #[serde(default, borrow)]
    pub risk_factors: Vec<RiskFactor<'a>>,
    #[serde(default, borrow)]
    pub findings: Vec<Finding<'a>>,
    #[serde(borrow)]
    pub diagnosis: Diagnosis<'a>,
    #[serde(borrow)]
    pub treatments: Vec<Treatment<'a>>,
    #[serde(default, borrow)]
    pub lint: Lint<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Active,
    Retired,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClinicalCondition<'a> {
    pub name: &'a str,
    #[serde(default, borrow)]
    pub codes: Vec<Code<'a>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Code<'a> {
    pub system: &'a str,
    pub code: &'a str,
    #[serde(default, borrow)]
    pub display: Option<&'a str>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Provenance<'a> {
    #[serde(default, borrow)]
    pub authors: Vec<&'a str>,
    #[serde(default, borrow)]
    pub reviewers: Vec<&'a str>,
    /// ISO date, `YYYY-MM-DD` (the schema checks the format).
    #[serde(default, borrow)]
    pub published: Option<&'a str>,
    #[serde(default, borrow)]
    pub last_reviewed: Option<&'a str>,
    #[serde(
        default = "default_review_interval",
        deserialize_with = "integral::u32"
    )]
    pub review_interval_months: u32,
    #[serde(default, borrow)]
    pub sources: Vec<Source<'a>>,
}

fn default_review_interval() -> u32 {
    24
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(default, borrow)]
    pub publisher: Option<&'a str>,
    #[serde(default, deserialize_with = "integral::option_i64")]
    pub year: Option<i64>,
    #[serde(default, borrow)]
    pub url: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskFactorCategory {
    Trauma,
    Iatrogenic,
    Medication,
    MedicalCondition,
    Miscellaneous,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RiskFactor<'a> {
    pub id: &'a str,
    pub category: RiskFactorCategory,
    pub name: &'a str,
    #[serde(default, borrow)]
    pub examples: Vec<&'a str>,
    #[serde(default, borrow)]
    pub codes: Vec<Code<'a>>,
    #[serde(default)]
    pub modifiable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Symptom,
    Sign,
    History,
    LabResult,
    ImagingResult,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Finding<'a> {
    pub id: &'a str,
    pub kind: FindingKind,
    pub name: &'a str,
    #[serde(default, borrow)]
    pub codes: Vec<Code<'a>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Diagnosis<'a> {
    #[serde(borrow)]
    pub paths: Vec<DiagnosisPath<'a>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DiagnosisPath<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub entry: &'a str,
    #[serde(borrow)]
    pub steps: Vec<Step<'a>>,
}

impl<'a> DiagnosisPath<'a> {
    pub fn step(&self, id: &str) -> Option<(usize, &Step<'a>)> {
        self.steps
            .iter()
            .enumerate()
            .find(|(_, step)| step.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    History,
    Examination,
    Laboratory,
    Imaging,
    Consultation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Ultrasound,
    Ct,
    Mri,
    Angiography,
    Radiograph,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Ultrasound => "ultrasound",
            Modality::Ct => "ct",
            Modality::Mri => "mri",
            Modality::Angiography => "angiography",
            Modality::Radiograph => "radiograph",
        }
    }
}

/// One step of a diagnosis path. The kind-specific fields are flattened into one struct; the schema
/// guarantees that only the fields of the step's kind are present.
#[derive(Debug, Clone, Deserialize)]
pub struct Step<'a> {
    pub id: &'a str,
    pub kind: StepKind,
    pub name: &'a str,
    #[serde(default, borrow)]
    pub description: Option<&'a str>,
    #[serde(default, borrow)]
    pub when: Option<Condition<'a>>,
    #[serde(default, borrow)]
    pub next: Vec<Transition<'a>>,
    #[serde(default)]
    pub terminal: bool,
    #[serde(default, borrow)]
    pub elicits: Vec<&'a str>,
    #[serde(default, borrow)]
    pub addresses: Vec<&'a str>,
    #[serde(default, borrow)]
    pub allow: Vec<Allow<'a>>,
    /// Laboratory steps.
    #[serde(default, borrow)]
    pub tests: Vec<LabTest<'a>>,
    /// Imaging steps.
    #[serde(default)]
    pub modality: Option<Modality>,
    #[serde(default, deserialize_with = "integral::option_u64")]
    pub sequence: Option<u64>,
    #[serde(default)]
    pub contrast: Option<bool>,
    /// Consultation steps.
    #[serde(default, borrow)]
    pub specialties: Vec<&'a str>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabTest<'a> {
    pub name: &'a str,
    #[serde(default, borrow)]
    pub code: Option<Code<'a>>,
}

/// A `next` entry: a step id, or `{to, when?}`.
#[derive(Debug, Clone)]
pub enum Transition<'a> {
    To(&'a str),
    Conditional {
        to: &'a str,
        when: Option<Condition<'a>>,
    },
}

impl<'a> Transition<'a> {
    pub fn target(&self) -> &'a str {
        match self {
            Transition::To(target) | Transition::Conditional { to: target, .. } => target,
        }
    }

    pub fn condition(&self) -> Option<&Condition<'a>> {
        match self {
            Transition::To(_) => None,
            Transition::Conditional { when, .. } => when.as_ref(),
        }
    }

    /// Where the target id is, given the transition's own pointer: the string itself, or its `to`.
    pub fn target_pointer(&self, transition: Pointer) -> Pointer {
        match self {
            Transition::To(_) => transition,
            Transition::Conditional { .. } => transition.key("to"),
        }
    }
}

/// `{finding}` | `{all: [...]}` | `{any: [...]}` | `{not: ...}`.
#[derive(Debug, Clone)]
pub enum Condition<'a> {
    Finding(&'a str),
    All(Vec<Condition<'a>>),
    Any(Vec<Condition<'a>>),
    Not(Box<Condition<'a>>),
}

impl<'a> Condition<'a> {
    /// Calls `visit(finding_id, pointer_of_the_id)` for every finding the condition mentions;
    /// `pointer` is the condition's own pointer. Pointers are empty when `pointers` skips them.
    pub fn for_each_finding(
        &self,
        pointers: Pointers,
        pointer: &Pointer,
        visit: &mut dyn FnMut(&'a str, Pointer),
    ) {
        match self {
            Condition::Finding(finding) => {
                visit(finding, pointers.make(|| pointer.clone().key("finding")))
            }
            Condition::All(conditions) | Condition::Any(conditions) => {
                let key = if matches!(self, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                for (index, condition) in conditions.iter().enumerate() {
                    condition.for_each_finding(
                        pointers,
                        &pointers.make(|| pointer.clone().key(key).index(index)),
                        visit,
                    );
                }
            }
            Condition::Not(condition) => condition.for_each_finding(
                pointers,
                &pointers.make(|| pointer.clone().key("not")),
                visit,
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TreatmentCategory {
    Conservative,
    Pharmacological,
    Rehabilitation,
    Interventional,
    Surgical,
}

impl TreatmentCategory {
    /// Interventional and surgical treatments are invasive (FORMAT.md section 3).
    pub fn is_invasive(self) -> bool {
        self >= TreatmentCategory::Interventional
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TreatmentCategory::Conservative => "conservative",
            TreatmentCategory::Pharmacological => "pharmacological",
            TreatmentCategory::Rehabilitation => "rehabilitation",
            TreatmentCategory::Interventional => "interventional",
            TreatmentCategory::Surgical => "surgical",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Treatment<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Invasiveness rises in declaration order, so `Ord` compares invasiveness.
    pub category: TreatmentCategory,
    /// `None` when the key is absent; `treatment-without-diagnosis` reports absent and empty alike.
    #[serde(default, borrow)]
    pub requires: Option<Vec<&'a str>>,
    #[serde(borrow)]
    pub actions: Vec<Action<'a>>,
    #[serde(default, borrow)]
    pub indications: Vec<Condition<'a>>,
    #[serde(default, borrow)]
    pub contraindications: Vec<Condition<'a>>,
    #[serde(default, borrow)]
    pub escalates_from: Vec<&'a str>,
    #[serde(default, borrow)]
    pub addresses: Vec<&'a str>,
    #[serde(default, borrow)]
    pub evidence: Vec<&'a str>,
    #[serde(default, borrow)]
    pub allow: Vec<Allow<'a>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action<'a> {
    pub name: &'a str,
    #[serde(default, borrow)]
    pub description: Option<&'a str>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Lint<'a> {
    #[serde(default, borrow)]
    pub allow: Vec<Allow<'a>>,
}

/// A suppression: `{rule, reason}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Allow<'a> {
    pub rule: &'a str,
    pub reason: &'a str,
}

//! Serde types for the document format (docs/format.md sections 1 to 4), read from a document that already
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
    /// Sources supporting it (docs/format.md section 1.15).
    #[serde(default, borrow)]
    pub evidence: Vec<&'a str>,
    #[serde(default)]
    pub basis: Option<Basis>,
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

impl FindingKind {
    /// The kind as written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Symptom => "symptom",
            FindingKind::Sign => "sign",
            FindingKind::History => "history",
            FindingKind::LabResult => "lab-result",
            FindingKind::ImagingResult => "imaging-result",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Finding<'a> {
    pub id: &'a str,
    pub kind: FindingKind,
    pub name: &'a str,
    #[serde(default, borrow)]
    pub codes: Vec<Code<'a>>,
    /// A warning sign that must change what happens next.
    #[serde(default)]
    pub red_flag: bool,
    /// Sources supporting it (docs/format.md section 1.15).
    #[serde(default, borrow)]
    pub evidence: Vec<&'a str>,
    #[serde(default)]
    pub basis: Option<Basis>,
}

/// Where a piece of content comes from (docs/format.md section 1.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Stated by a cited source.
    Source,
    /// Established practice beyond the sources.
    Consensus,
    /// A decision of the guideline's authors.
    Local,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Source => "source",
            Basis::Consensus => "consensus",
            Basis::Local => "local",
        }
    }

    /// Whether content on this basis must cite its sources.
    pub fn needs_evidence(self) -> bool {
        matches!(self, Basis::Source | Basis::Consensus)
    }
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
    Procedure,
    Consultation,
}

impl StepKind {
    /// The kind as written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::History => "history",
            StepKind::Examination => "examination",
            StepKind::Laboratory => "laboratory",
            StepKind::Imaging => "imaging",
            StepKind::Procedure => "procedure",
            StepKind::Consultation => "consultation",
        }
    }
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
    /// Whether this step can confirm the diagnosis its path works up.
    #[serde(default)]
    pub confirms: bool,
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
    /// Procedure steps.
    #[serde(default)]
    pub invasive: Option<bool>,
    /// Consultation steps.
    #[serde(default, borrow)]
    pub specialties: Vec<&'a str>,
    /// Sources supporting it (docs/format.md section 1.15).
    #[serde(default, borrow)]
    pub evidence: Vec<&'a str>,
    #[serde(default)]
    pub basis: Option<Basis>,
}

impl<'a> Step<'a> {
    /// A step with these three and nothing else: for code that builds paths, such as tests.
    pub fn new(id: &'a str, kind: StepKind, name: &'a str) -> Self {
        Step {
            id,
            kind,
            name,
            description: None,
            when: None,
            next: Vec::new(),
            terminal: false,
            confirms: false,
            elicits: Vec::new(),
            addresses: Vec::new(),
            allow: Vec::new(),
            tests: Vec::new(),
            modality: None,
            sequence: None,
            contrast: None,
            invasive: None,
            specialties: Vec::new(),
            evidence: Vec::new(),
            basis: None,
        }
    }
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
        /// Sources supporting the transition (docs/format.md section 1.15).
        evidence: Vec<&'a str>,
        basis: Option<Basis>,
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

    /// The sources the transition cites: only the object form can.
    pub fn evidence(&self) -> &[&'a str] {
        match self {
            Transition::To(_) => &[],
            Transition::Conditional { evidence, .. } => evidence,
        }
    }

    pub fn basis(&self) -> Option<Basis> {
        match self {
            Transition::To(_) => None,
            Transition::Conditional { basis, .. } => *basis,
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
    /// Interventional and surgical treatments are invasive (docs/format.md section 3.2).
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
    /// Started before the workup ends, with the reason: needs no `requires`.
    #[serde(default, borrow)]
    pub empiric: Option<Empiric<'a>>,
    #[serde(borrow)]
    pub actions: Vec<Action<'a>>,
    #[serde(default, borrow)]
    pub indications: Vec<Condition<'a>>,
    #[serde(default, borrow)]
    pub contraindications: Vec<Condition<'a>>,
    #[serde(default, borrow)]
    pub escalates_from: Vec<&'a str>,
    /// Given first, escalating from nothing (emergency surgery).
    #[serde(default)]
    pub first_line: bool,
    #[serde(default, borrow)]
    pub addresses: Vec<&'a str>,
    #[serde(default, borrow)]
    pub evidence: Vec<&'a str>,
    #[serde(default)]
    pub basis: Option<Basis>,
    #[serde(default, borrow)]
    pub allow: Vec<Allow<'a>>,
}

/// `{reason}`: why a treatment starts before the diagnosis is confirmed.
#[derive(Debug, Clone, Deserialize)]
pub struct Empiric<'a> {
    pub reason: &'a str,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action<'a> {
    pub name: &'a str,
    #[serde(default, borrow)]
    pub description: Option<&'a str>,
    /// The drug or procedure, coded (RxNorm for a medicine).
    #[serde(default, borrow)]
    pub codes: Vec<Code<'a>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Lint<'a> {
    #[serde(default, borrow)]
    pub allow: Vec<Allow<'a>>,
    /// The document's own rule profiles, replacing guidelint.toml's default; `None` when absent.
    #[serde(default)]
    pub profiles: Option<Vec<crate::rule::Profile>>,
}

/// A suppression: `{rule, reason}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Allow<'a> {
    pub rule: &'a str,
    pub reason: &'a str,
}

//! Serde types for the document format (FORMAT.md sections 1-4), read from a document that already
//! satisfies the schema, plus the tables of definitions and references every consistency rule shares.
//!
//! Positions are not stored here: a node's RFC 6901 pointer (built by the helpers below) looks its
//! span up in the document's [`crate::parse::SpanIndex`].

use crate::pointer::Pointer;
use serde::Deserialize;
use serde::de::{Error, IgnoredAny, MapAccess, Visitor};

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

/// JSON Schema's `integer` admits any number with a zero fraction (`24.0`, `2.023e3`); the model
/// reads those as the integers they are. The schema's bounds keep the values within range.
mod integral {
    use serde::de::{Deserialize, Deserializer, Error};
    use serde_json::Number;

    fn whole<E: Error>(number: &Number) -> Result<f64, E> {
        match number.as_f64() {
            Some(value) if value.fract() == 0.0 => Ok(value),
            _ => Err(E::custom(format!("{number} is not a whole number"))),
        }
    }

    fn to_i64<E: Error>(number: Number) -> Result<i64, E> {
        match number.as_i64() {
            Some(value) => Ok(value),
            None => {
                let value = whole(&number)?;
                // `as` saturates; the range check makes saturation an error instead.
                if (i64::MIN as f64..=i64::MAX as f64).contains(&value) {
                    Ok(value as i64)
                } else {
                    Err(E::custom(format!("{number} is out of range")))
                }
            }
        }
    }

    pub fn option_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        Option::<Number>::deserialize(deserializer)?
            .map(to_i64)
            .transpose()
    }

    pub fn option_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        Option::<Number>::deserialize(deserializer)?
            .map(|number| {
                let value = to_i64(number)?;
                u64::try_from(value).map_err(|_| D::Error::custom(format!("{value} is negative")))
            })
            .transpose()
    }

    pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
        let value = to_i64(Number::deserialize(deserializer)?)?;
        u32::try_from(value).map_err(|_| D::Error::custom(format!("{value} is out of range")))
    }
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

/// Read by hand rather than as `#[serde(untagged)]`, which buffers every transition and, for each
/// `{to, when}`, first builds the error of reading it as a string.
impl<'de: 'a, 'a> Deserialize<'de> for Transition<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TransitionVisitor;

        impl<'de> Visitor<'de> for TransitionVisitor {
            type Value = Transition<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a step id or an object with `to`")
            }

            fn visit_borrowed_str<E: Error>(self, target: &'de str) -> Result<Self::Value, E> {
                Ok(Transition::To(target))
            }

            fn visit_map<M: MapAccess<'de>>(self, mut members: M) -> Result<Self::Value, M::Error> {
                let (mut to, mut when) = (None, None);
                while let Some(name) = members.next_key::<&'de str>()? {
                    match name {
                        "to" => to = Some(members.next_value()?),
                        "when" => when = members.next_value()?,
                        _ => {
                            members.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let to = to.ok_or_else(|| M::Error::missing_field("to"))?;
                Ok(Transition::Conditional { to, when })
            }
        }

        deserializer.deserialize_any(TransitionVisitor)
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

/// The error of a condition that names none or several of its four kinds.
const CONDITION_SHAPE: &str = "a condition has exactly one of finding, all, any, not";

impl<'de: 'a, 'a> Deserialize<'de> for Condition<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConditionVisitor;

        impl<'de> Visitor<'de> for ConditionVisitor {
            type Value = Condition<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a condition with exactly one of finding, all, any, not")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut members: M) -> Result<Self::Value, M::Error> {
                let mut condition = None;
                while let Some(name) = members.next_key::<&'de str>()? {
                    let read = match name {
                        "finding" => Condition::Finding(members.next_value()?),
                        "all" => Condition::All(members.next_value()?),
                        "any" => Condition::Any(members.next_value()?),
                        "not" => Condition::Not(members.next_value()?),
                        _ => {
                            members.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if condition.replace(read).is_some() {
                        return Err(M::Error::custom(CONDITION_SHAPE));
                    }
                }
                condition.ok_or_else(|| M::Error::custom(CONDITION_SHAPE))
            }
        }

        deserializer.deserialize_map(ConditionVisitor)
    }
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

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    RiskFactor,
    Finding,
    Source,
    DiagnosisPath,
    Step,
    Treatment,
}

impl IdKind {
    /// "a finding", "a diagnosis path": for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            IdKind::RiskFactor => "a risk factor",
            IdKind::Finding => "a finding",
            IdKind::Source => "a source",
            IdKind::DiagnosisPath => "a diagnosis path",
            IdKind::Step => "a step",
            IdKind::Treatment => "a treatment",
        }
    }
}

/// Where an id is defined.
#[derive(Debug, Clone)]
pub struct Definition<'a> {
    pub kind: IdKind,
    pub id: &'a str,
    /// For steps: the index of their diagnosis path.
    pub path_index: Option<usize>,
    /// The position in its list (risk factors, findings, sources, paths, the path's steps, treatments).
    pub index: usize,
}

impl Definition<'_> {
    /// The object that defines the id.
    pub fn owner(&self) -> Pointer {
        match self.kind {
            IdKind::RiskFactor => Pointer::risk_factor(self.index),
            IdKind::Finding => Pointer::finding(self.index),
            IdKind::Source => Pointer::source(self.index),
            IdKind::DiagnosisPath => Pointer::path(self.index),
            IdKind::Step => Pointer::step(self.path_index.unwrap_or_default(), self.index),
            IdKind::Treatment => Pointer::treatment(self.index),
        }
    }

    /// The `id` value; built on demand, as only diagnostics need it.
    pub fn pointer(&self) -> Pointer {
        self.owner().key("id")
    }
}

/// The fields that hold references (FORMAT.md sections 2-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceField {
    Entry,
    Next,
    When,
    Indication,
    Contraindication,
    Requires,
    EscalatesFrom,
    Addresses,
    Evidence,
    Elicits,
}

impl ReferenceField {
    /// The kind of thing the field must name.
    pub fn expected(self) -> IdKind {
        match self {
            ReferenceField::Entry | ReferenceField::Next => IdKind::Step,
            ReferenceField::When
            | ReferenceField::Indication
            | ReferenceField::Contraindication
            | ReferenceField::Elicits => IdKind::Finding,
            ReferenceField::Requires => IdKind::DiagnosisPath,
            ReferenceField::EscalatesFrom => IdKind::Treatment,
            ReferenceField::Addresses => IdKind::RiskFactor,
            ReferenceField::Evidence => IdKind::Source,
        }
    }

    /// The key as written in documents.
    pub fn key(self) -> &'static str {
        match self {
            ReferenceField::Entry => "entry",
            ReferenceField::Next => "next",
            ReferenceField::When => "when",
            ReferenceField::Indication => "indications",
            ReferenceField::Contraindication => "contraindications",
            ReferenceField::Requires => "requires",
            ReferenceField::EscalatesFrom => "escalates_from",
            ReferenceField::Addresses => "addresses",
            ReferenceField::Evidence => "evidence",
            ReferenceField::Elicits => "elicits",
        }
    }
}

/// One use of an id.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub field: ReferenceField,
    pub id: &'a str,
    /// For `entry` and `next`: the diagnosis path whose steps the id must name.
    pub path_index: Option<usize>,
}

impl<'a> Reference<'a> {
    /// A reference that names an id anywhere in the document (not a step).
    fn new(field: ReferenceField, id: &'a str) -> Self {
        Reference {
            field,
            id,
            path_index: None,
        }
    }
}

/// Whether a walk over the document builds the JSON pointers of what it visits. Rules compare ids
/// on every document but need pointers only for diagnostics, and building them was a measurable
/// part of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointers {
    Build,
    Skip,
}

impl Pointers {
    /// The pointer `build` makes, or the root (no allocation) when skipping.
    pub fn make(self, build: impl FnOnce() -> Pointer) -> Pointer {
        match self {
            Pointers::Build => build(),
            Pointers::Skip => Pointer::root(),
        }
    }
}

impl<'a> Guideline<'a> {
    /// Every id defined in the document, in document order.
    pub fn definitions(&self) -> Vec<Definition<'a>> {
        let mut definitions = Vec::new();
        for (index, risk_factor) in self.risk_factors.iter().enumerate() {
            definitions.push(Definition {
                kind: IdKind::RiskFactor,
                id: risk_factor.id,
                index,
                path_index: None,
            });
        }
        for (index, finding) in self.findings.iter().enumerate() {
            definitions.push(Definition {
                kind: IdKind::Finding,
                id: finding.id,
                index,
                path_index: None,
            });
        }
        for (index, source) in self.provenance.sources.iter().enumerate() {
            definitions.push(Definition {
                kind: IdKind::Source,
                id: source.id,
                index,
                path_index: None,
            });
        }
        for (path_index, path) in self.diagnosis.paths.iter().enumerate() {
            definitions.push(Definition {
                kind: IdKind::DiagnosisPath,
                id: path.id,
                index: path_index,
                path_index: None,
            });
            for (step_index, step) in path.steps.iter().enumerate() {
                definitions.push(Definition {
                    kind: IdKind::Step,
                    id: step.id,
                    index: step_index,
                    path_index: Some(path_index),
                });
            }
        }
        for (index, treatment) in self.treatments.iter().enumerate() {
            definitions.push(Definition {
                kind: IdKind::Treatment,
                id: treatment.id,
                index,
                path_index: None,
            });
        }
        definitions
    }

    /// Every reference in the document, in document order, without pointers: what the rules compare.
    pub fn references(&self) -> Vec<Reference<'a>> {
        let mut out = Vec::new();
        self.visit_references(Pointers::Skip, &mut |reference, _| out.push(reference));
        out
    }

    /// The pointer of each reference, in the order of [`Guideline::references`]; only diagnostics
    /// need them.
    pub fn reference_pointers(&self) -> Vec<Pointer> {
        let mut out = Vec::new();
        self.visit_references(Pointers::Build, &mut |_, pointer| out.push(pointer));
        out
    }

    /// Calls `visit` with every reference in document order and its pointer, when `pointers` builds
    /// them (an empty string otherwise).
    fn visit_references(&self, pointers: Pointers, visit: &mut dyn FnMut(Reference<'a>, Pointer)) {
        for (path_index, path) in self.diagnosis.paths.iter().enumerate() {
            let base = pointers.make(|| Pointer::path(path_index));
            visit(
                Reference {
                    field: ReferenceField::Entry,
                    id: path.entry,
                    path_index: Some(path_index),
                },
                pointers.make(|| base.clone().key("entry")),
            );
            for (step_index, step) in path.steps.iter().enumerate() {
                let step_base = pointers.make(|| Pointer::step(path_index, step_index));
                if let Some(when) = &step.when {
                    when.for_each_finding(
                        pointers,
                        &pointers.make(|| step_base.clone().key("when")),
                        &mut |id, pointer| visit(Reference::new(ReferenceField::When, id), pointer),
                    );
                }
                for (index, transition) in step.next.iter().enumerate() {
                    let transition_base =
                        pointers.make(|| Pointer::transition(path_index, step_index, index));
                    visit(
                        Reference {
                            field: ReferenceField::Next,
                            id: transition.target(),
                            path_index: Some(path_index),
                        },
                        pointers.make(|| transition.target_pointer(transition_base.clone())),
                    );
                    if let Some(when) = transition.condition() {
                        when.for_each_finding(
                            pointers,
                            &pointers.make(|| transition_base.clone().key("when")),
                            &mut |id, pointer| {
                                visit(Reference::new(ReferenceField::When, id), pointer)
                            },
                        );
                    }
                }
                for (field, ids) in [
                    (ReferenceField::Elicits, &step.elicits),
                    (ReferenceField::Addresses, &step.addresses),
                ] {
                    for (index, id) in ids.iter().enumerate() {
                        visit(
                            Reference::new(field, id),
                            pointers.make(|| step_base.clone().key(field.key()).index(index)),
                        );
                    }
                }
            }
        }
        for (treatment_index, treatment) in self.treatments.iter().enumerate() {
            let base = pointers.make(|| Pointer::treatment(treatment_index));
            let lists: [(ReferenceField, &[&'a str]); 4] = [
                (
                    ReferenceField::Requires,
                    treatment.requires.as_deref().unwrap_or_default(),
                ),
                (ReferenceField::EscalatesFrom, &treatment.escalates_from),
                (ReferenceField::Addresses, &treatment.addresses),
                (ReferenceField::Evidence, &treatment.evidence),
            ];
            for (field, ids) in lists {
                for (index, id) in ids.iter().enumerate() {
                    visit(
                        Reference::new(field, id),
                        pointers.make(|| base.clone().key(field.key()).index(index)),
                    );
                }
            }
            for (field, conditions) in [
                (ReferenceField::Indication, &treatment.indications),
                (
                    ReferenceField::Contraindication,
                    &treatment.contraindications,
                ),
            ] {
                for (index, condition) in conditions.iter().enumerate() {
                    condition.for_each_finding(
                        pointers,
                        &pointers.make(|| base.clone().key(field.key()).index(index)),
                        &mut |id, pointer| visit(Reference::new(field, id), pointer),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Condition, Pointer, Transition};
    use serde::Deserialize;
    use serde_json::{Value, json};

    fn transition(value: &Value) -> Result<Transition<'_>, serde_json::Error> {
        Transition::deserialize(value)
    }

    fn condition(value: &Value) -> Result<Condition<'_>, serde_json::Error> {
        Condition::deserialize(value)
    }

    #[test]
    fn a_transition_is_a_step_id_or_an_object_with_to() {
        let bare = json!("ct-scan");
        let bare = transition(&bare).unwrap();
        assert_eq!(
            (
                bare.target(),
                bare.target_pointer(Pointer::root()).as_str(),
                bare.condition().is_none()
            ),
            ("ct-scan", "", true)
        );
        let conditional = json!({"to": "angiography", "when": {"finding": "active-bleeding"}});
        let conditional = transition(&conditional).unwrap();
        assert_eq!(
            (
                conditional.target(),
                conditional.target_pointer(Pointer::root()).as_str()
            ),
            ("angiography", "/to")
        );
        assert!(matches!(
            conditional.condition(),
            Some(Condition::Finding("active-bleeding"))
        ));
        let unconditional = json!({"to": "mri"});
        assert!(transition(&unconditional).unwrap().condition().is_none());
    }

    #[test]
    fn a_transition_without_a_target_is_refused() {
        assert!(transition(&json!({"when": {"finding": "pain"}})).is_err());
        assert!(transition(&json!(3)).is_err());
    }

    #[test]
    fn a_condition_has_exactly_one_of_finding_all_any_not() {
        let nested =
            json!({"all": [{"finding": "pain"}, {"not": {"any": [{"finding": "fever"}]}}]});
        let Condition::All(parts) = condition(&nested).unwrap() else {
            panic!("an `all` condition");
        };
        assert!(matches!(parts[0], Condition::Finding("pain")));
        assert!(matches!(&parts[1], Condition::Not(inner) if matches!(**inner, Condition::Any(_))));
        for refused in [
            json!({}),
            json!({"finding": "pain", "all": []}),
            json!("pain"),
        ] {
            let error = condition(&refused).unwrap_err().to_string();
            assert!(
                error.contains("exactly one of finding, all, any, not"),
                "{error}"
            );
        }
    }
}

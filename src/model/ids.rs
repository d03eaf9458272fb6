//! The ids of a document: where each is defined and where each is used, in document order, with
//! their pointers built only when a diagnostic needs them.

use super::Guideline;
use crate::pointer::Pointer;

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

/// The fields that hold references (docs/format.md section 1.5).
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
        let mut evidence = |ids: &[&'a str], owner: &dyn Fn() -> Pointer| {
            for (index, id) in ids.iter().enumerate() {
                visit(
                    Reference::new(ReferenceField::Evidence, id),
                    pointers.make(|| owner().key("evidence").index(index)),
                );
            }
        };
        for (index, risk_factor) in self.risk_factors.iter().enumerate() {
            evidence(&risk_factor.evidence, &|| Pointer::risk_factor(index));
        }
        for (index, finding) in self.findings.iter().enumerate() {
            evidence(&finding.evidence, &|| Pointer::finding(index));
        }
        self.visit_path_references(pointers, visit);
        self.visit_treatment_references(pointers, visit);
    }

    fn visit_path_references(
        &self,
        pointers: Pointers,
        visit: &mut dyn FnMut(Reference<'a>, Pointer),
    ) {
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
                    for (evidence, id) in transition.evidence().iter().enumerate() {
                        visit(
                            Reference::new(ReferenceField::Evidence, id),
                            pointers
                                .make(|| transition_base.clone().key("evidence").index(evidence)),
                        );
                    }
                }
                for (field, ids) in [
                    (ReferenceField::Elicits, &step.elicits),
                    (ReferenceField::Addresses, &step.addresses),
                    (ReferenceField::Evidence, &step.evidence),
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
    }

    fn visit_treatment_references(
        &self,
        pointers: Pointers,
        visit: &mut dyn FnMut(Reference<'a>, Pointer),
    ) {
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

//! What a step or a treatment holds, in words: the one place that knows how each field of the model
//! reads, shared by the drawings (node labels) and the review pages. A new field of a step or a
//! treatment is described here once.

use crate::hash::Map;
use crate::model::{
    FindingKind, Guideline, Modality, RiskFactorCategory, Step, StepKind, TreatmentCategory,
};

/// Names of what a document defines, by id.
#[derive(Debug, Default)]
pub struct Lookup<'a> {
    findings: Map<&'a str, &'a str>,
    steps: Map<&'a str, &'a str>,
    paths: Map<&'a str, &'a str>,
    treatments: Map<&'a str, &'a str>,
    risk_factors: Map<&'a str, &'a str>,
    /// A source's number in the list of sources (from 1), and its title.
    sources: Map<&'a str, (usize, &'a str)>,
}

impl<'a> Lookup<'a> {
    pub fn new(guideline: &Guideline<'a>) -> Self {
        // The first definition of an id wins, as `duplicate-id` reports the later ones.
        fn first<'a>(map: &mut Map<&'a str, &'a str>, id: &'a str, name: &'a str) {
            map.entry(id).or_insert(name);
        }
        let mut lookup = Lookup::default();
        for finding in &guideline.findings {
            first(&mut lookup.findings, finding.id, finding.name);
        }
        for path in &guideline.diagnosis.paths {
            first(&mut lookup.paths, path.id, path.name);
            for step in &path.steps {
                first(&mut lookup.steps, step.id, step.name);
            }
        }
        for treatment in &guideline.treatments {
            first(&mut lookup.treatments, treatment.id, treatment.name);
        }
        for risk_factor in &guideline.risk_factors {
            first(&mut lookup.risk_factors, risk_factor.id, risk_factor.name);
        }
        for (index, source) in guideline.provenance.sources.iter().enumerate() {
            lookup
                .sources
                .entry(source.id)
                .or_insert((index + 1, source.title));
        }
        lookup
    }

    /// A lookup that knows only findings, for tests of conditions.
    #[cfg(test)]
    pub fn from_findings(findings: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Lookup {
            findings: findings.into_iter().collect(),
            ..Lookup::default()
        }
    }

    pub fn finding_name(&self, id: &str) -> Option<&'a str> {
        self.findings.get(id).copied()
    }

    pub fn step_name(&self, id: &str) -> Option<&'a str> {
        self.steps.get(id).copied()
    }

    pub fn path_name(&self, id: &str) -> Option<&'a str> {
        self.paths.get(id).copied()
    }

    pub fn treatment_name(&self, id: &str) -> Option<&'a str> {
        self.treatments.get(id).copied()
    }

    pub fn risk_factor_name(&self, id: &str) -> Option<&'a str> {
        self.risk_factors.get(id).copied()
    }

    /// The source's number in the numbered source list, and its title.
    pub fn source(&self, id: &str) -> Option<(usize, &'a str)> {
        self.sources.get(id).copied()
    }
}

pub fn step_kind(kind: StepKind) -> &'static str {
    match kind {
        StepKind::History => "History",
        StepKind::Examination => "Examination",
        StepKind::Laboratory => "Laboratory",
        StepKind::Imaging => "Imaging",
        StepKind::Consultation => "Consultation",
        StepKind::Procedure => "Procedure",
    }
}

/// "Stated by a cited source", "Established practice", "A local decision".
pub fn basis(basis: crate::model::Basis) -> &'static str {
    match basis {
        crate::model::Basis::Source => "Stated by a cited source",
        crate::model::Basis::Consensus => "Established practice beyond the sources",
        crate::model::Basis::Local => "A decision of the guideline's authors",
    }
}

pub fn modality(modality: Modality) -> &'static str {
    match modality {
        Modality::Ultrasound => "ultrasound",
        Modality::Ct => "CT",
        Modality::Mri => "MRI",
        Modality::Angiography => "angiography",
        Modality::Radiograph => "radiograph",
    }
}

pub fn treatment_category(category: TreatmentCategory) -> &'static str {
    match category {
        TreatmentCategory::Conservative => "Conservative",
        TreatmentCategory::Pharmacological => "Pharmacological",
        TreatmentCategory::Rehabilitation => "Rehabilitation",
        TreatmentCategory::Interventional => "Interventional",
        TreatmentCategory::Surgical => "Surgical",
    }
}

pub fn risk_factor_category(category: RiskFactorCategory) -> &'static str {
    match category {
        RiskFactorCategory::Trauma => "Trauma",
        RiskFactorCategory::Iatrogenic => "Iatrogenic",
        RiskFactorCategory::Medication => "Medication",
        RiskFactorCategory::MedicalCondition => "Medical condition",
        RiskFactorCategory::Miscellaneous => "Miscellaneous",
    }
}

pub fn finding_kind(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Symptom => "Symptom",
        FindingKind::Sign => "Sign",
        FindingKind::History => "History",
        FindingKind::LabResult => "Laboratory result",
        FindingKind::ImagingResult => "Imaging result",
    }
}

/// "Imaging 2 · CT · with contrast": what kind of imaging, where in the sequence, and contrast.
pub fn imaging(step: &Step<'_>) -> String {
    let mut parts = vec![match step.sequence {
        Some(sequence) => format!("Imaging {sequence}"),
        None => "Imaging".to_string(),
    }];
    if let Some(modality) = step.modality {
        parts.push(self::modality(modality).to_string());
    }
    match step.contrast {
        Some(true) => parts.push("with contrast".to_string()),
        Some(false) => parts.push("without contrast".to_string()),
        None => {}
    }
    parts.join(" · ")
}

/// The smaller lines under a step's name in a drawing: its kind with imaging details, its
/// laboratory tests, its specialties.
pub fn step_caption(step: &Step<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    match step.kind {
        StepKind::Imaging => lines.push(imaging(step)),
        StepKind::Procedure if step.invasive == Some(true) => {
            lines.push("Procedure · invasive".to_string());
        }
        kind => lines.push(step_kind(kind).to_string()),
    }
    if !step.tests.is_empty() {
        let tests: Vec<&str> = step
            .tests
            .iter()
            .map(|test| short_name(test.name))
            .collect();
        lines.push(format!("Tests: {}", tests.join(", ")));
    }
    if !step.specialties.is_empty() {
        lines.push(step.specialties.join(", "));
    }
    lines
}

/// "Prothrombin time (PT)" is "PT" in a drawing, where room is short; a name without an
/// abbreviation in parentheses stays whole: a unit ("Hemoglobin (g/dL)") or a qualifier
/// ("Lactate (venous)") in parentheses is not a name for the test.
pub fn short_name(name: &str) -> &str {
    let trimmed = name.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let short = &inner[open + 1..];
        if is_abbreviation(short) && !inner[..open].trim().is_empty() {
            return short;
        }
    }
    name
}

/// "PT", "INR", "aPTT", "eGFR", "HbA1c": short, letters and digits (and `-`), with at least as
/// many capitals as small letters.
fn is_abbreviation(text: &str) -> bool {
    let capitals = text.chars().filter(char::is_ascii_uppercase).count();
    let small = text.chars().filter(char::is_ascii_lowercase).count();
    !text.is_empty()
        && text.chars().count() <= 10
        && text
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || character == '-')
        && capitals > 0
        && capitals >= small
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_are_shortened_to_their_abbreviation() {
        assert_eq!(short_name("Prothrombin time (PT)"), "PT");
        assert_eq!(short_name("Blood chemistry panel"), "Blood chemistry panel");
        assert_eq!(
            short_name("Test (a long explanation)"),
            "Test (a long explanation)"
        );
        assert_eq!(short_name("()"), "()");
        assert_eq!(
            short_name("Activated partial thromboplastin time (aPTT)"),
            "aPTT"
        );
        assert_eq!(short_name("Glycated hemoglobin (HbA1c)"), "HbA1c");
        assert_eq!(short_name("Hemoglobin (g/dL)"), "Hemoglobin (g/dL)");
        assert_eq!(short_name("Lactate (venous)"), "Lactate (venous)");
        assert_eq!(short_name("(PT)"), "(PT)");
    }
}

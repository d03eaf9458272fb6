//! Scenario coverage of one guideline (docs/format.md, section 10): a step is covered when some
//! scenario performs it, a transition when some scenario follows it, and a treatment when some
//! scenario makes it eligible. Eligible, rather than merely reached, because a treatment that no
//! scenario makes eligible has never had its indications and contraindications shown to let it
//! through: the scenarios have not exercised the one outcome that matters for the patient.

use crate::semantics::{Playthrough, Semantics, TreatmentStatus};
use serde::Serialize;

/// What the scenarios of one guideline covered, once they have all run.
#[derive(Debug, Clone, Serialize)]
pub struct GuidelineCoverage {
    /// The guideline's id.
    pub guideline: String,
    /// Its file, as reported.
    pub path: String,
    /// How many scenarios ran on it.
    pub scenarios: usize,
    pub steps: Part,
    pub transitions: Part,
    pub treatments: Part,
}

/// One kind of item: how many there are and which no scenario covered, in document order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Part {
    pub covered: usize,
    pub total: usize,
    /// Ids of steps and treatments; `from -> to` for transitions (plain text, for machines).
    pub missed: Vec<String>,
}

impl Part {
    /// The missed items as a reader sees them: "`ct`", "`ultrasound` -> `ct`".
    pub fn missed_quoted(&self) -> Vec<String> {
        self.missed
            .iter()
            .map(|item| match item.split_once(" -> ") {
                Some((from, to)) => format!("`{from}` -> `{to}`"),
                None => format!("`{item}`"),
            })
            .collect()
    }
}

impl GuidelineCoverage {
    pub fn covered(&self) -> usize {
        self.steps.covered + self.transitions.covered + self.treatments.covered
    }

    pub fn total(&self) -> usize {
        self.steps.total + self.transitions.total + self.treatments.total
    }

    /// The share of steps, transitions and treatments covered, in percent; 100 for a guideline with
    /// none.
    pub fn percent(&self) -> f64 {
        match self.total() {
            0 => 100.0,
            total => self.covered() as f64 * 100.0 / total as f64,
        }
    }

    /// Whether the coverage reaches `minimum` percent. Compared on the counts, so that 2 of 3
    /// reaches 66.67 but not 66.7, as a reader of the rounded percentage expects.
    pub fn reaches(&self, minimum: f64) -> bool {
        self.covered() as f64 * 100.0 >= minimum * self.total() as f64
    }
}

/// "95.2%", "100%": one decimal, none when whole; never rounded up to 100% when something is
/// missed.
pub fn format_percent(percent: f64) -> String {
    let tenths = (percent * 10.0).floor() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}%")
    } else {
        format!("{tenths:.1}%")
    }
}

/// What the scenarios of one guideline have covered so far.
#[derive(Debug)]
pub struct Tracker {
    scenarios: usize,
    /// Per path, per step.
    steps: Vec<Vec<bool>>,
    /// Per path, per step, per transition.
    transitions: Vec<Vec<Vec<bool>>>,
    treatments: Vec<bool>,
}

impl Tracker {
    pub fn new(semantics: &Semantics) -> Self {
        Tracker {
            scenarios: 0,
            steps: semantics
                .paths()
                .iter()
                .map(|path| vec![false; path.steps.len()])
                .collect(),
            transitions: semantics
                .paths()
                .iter()
                .map(|path| {
                    path.steps
                        .iter()
                        .map(|step| vec![false; step.transitions.len()])
                        .collect()
                })
                .collect(),
            treatments: vec![false; semantics.treatments().len()],
        }
    }

    /// Counts one scenario's playthrough.
    pub fn record(&mut self, playthrough: &Playthrough) {
        self.scenarios += 1;
        for (path, play) in playthrough.paths.iter().enumerate() {
            for (step, outcome) in play.steps.iter().enumerate() {
                if outcome.performed() {
                    self.steps[path][step] = true;
                }
                for (index, covered) in self.transitions[path][step].iter_mut().enumerate() {
                    *covered |= outcome.followed(index);
                }
            }
        }
        for (covered, outcome) in self.treatments.iter_mut().zip(&playthrough.treatments) {
            *covered |= outcome.status == TreatmentStatus::Eligible;
        }
    }

    pub fn finish(self, semantics: &Semantics, path: &str) -> GuidelineCoverage {
        let mut steps = Part::default();
        let mut transitions = Part::default();
        for (path_index, path) in semantics.paths().iter().enumerate() {
            for (step_index, step) in path.steps.iter().enumerate() {
                tally(&mut steps, self.steps[path_index][step_index], || {
                    step.step.id.to_string()
                });
                for (index, transition) in step.transitions.iter().enumerate() {
                    tally(
                        &mut transitions,
                        self.transitions[path_index][step_index][index],
                        || format!("{} -> {}", step.step.id, transition.transition.target()),
                    );
                }
            }
        }
        let mut treatments = Part::default();
        for (treatment, covered) in semantics.treatments().iter().zip(&self.treatments) {
            tally(&mut treatments, *covered, || treatment.id().to_string());
        }
        GuidelineCoverage {
            guideline: semantics.guideline().id.to_string(),
            path: path.to_string(),
            scenarios: self.scenarios,
            steps,
            transitions,
            treatments,
        }
    }
}

fn tally(part: &mut Part, covered: bool, name: impl FnOnce() -> String) {
    part.total += 1;
    if covered {
        part.covered += 1;
    } else {
        part.missed.push(name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_never_round_up_to_full_coverage() {
        assert_eq!(format_percent(100.0), "100%");
        assert_eq!(format_percent(99.99), "99.9%");
        assert_eq!(format_percent(200.0 / 3.0), "66.6%");
        assert_eq!(format_percent(0.0), "0%");
    }

    #[test]
    fn the_minimum_is_compared_on_counts() {
        let coverage = GuidelineCoverage {
            guideline: "g".into(),
            path: "g.json".into(),
            scenarios: 1,
            steps: Part {
                covered: 2,
                total: 3,
                missed: vec!["x".into()],
            },
            transitions: Part::default(),
            treatments: Part::default(),
        };
        assert!(coverage.reaches(66.0));
        assert!(coverage.reaches(200.0 / 3.0));
        assert!(!coverage.reaches(66.7));
        assert!(!coverage.reaches(100.0));
    }
}

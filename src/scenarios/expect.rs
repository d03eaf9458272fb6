//! The scenarios of one file run against their guideline: each id checked (`scenario-unknown-id`,
//! `scenario-duplicate-name`), each patient played, each expectation compared with what happened
//! (`scenario-failed`, with what happened instead and why).

use super::coverage::Tracker;
use super::file::{ExpectationKey, LoadedFile, Scenario, ScenarioFile, scenario_pointer};
use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::model::IdKind;
use crate::pointer::Pointer;
use crate::rules::{SCENARIO_DUPLICATE_NAME, SCENARIO_FAILED, SCENARIO_UNKNOWN_ID};
use crate::semantics::explain::Explainer;
use crate::semantics::{Playthrough, Semantics, TreatmentStatus};
use crate::text::and_list;

/// The diagnostics of one file's scenarios, each with the scenario it is about.
pub struct FileOutcome {
    pub diagnostics: Vec<(usize, Diagnostic)>,
    /// Whether each scenario was played (its present findings all exist).
    pub played: Vec<bool>,
}

/// Runs every scenario of `model` (read from `file`) against `semantics`, recording coverage.
pub fn run_file(
    semantics: &Semantics,
    kinds: &Map<&str, IdKind>,
    file: &LoadedFile,
    model: &ScenarioFile,
    tracker: &mut Tracker,
) -> FileOutcome {
    let mut diagnostics = Vec::new();
    let mut played = Vec::with_capacity(model.scenarios.len());
    let mut first_named: Map<&str, usize> = Map::default();
    for (index, scenario) in model.scenarios.iter().enumerate() {
        let context = Context {
            semantics,
            kinds,
            file,
            scenario,
            index,
        };
        if let Some(&first) = first_named.get(scenario.name.as_str()) {
            diagnostics.push((index, context.duplicate_name(first)));
        } else {
            first_named.insert(&scenario.name, index);
        }
        let mut present = semantics.no_findings();
        let mut unknown = false;
        for (position, id) in scenario.present.iter().enumerate() {
            match semantics.finding_index(id) {
                Some(finding) => present.insert(finding),
                None => {
                    unknown = true;
                    diagnostics.push((
                        index,
                        context.unknown_id(
                            id,
                            IdKind::Finding,
                            &scenario_pointer(index).key("present").index(position),
                        ),
                    ));
                }
            }
        }
        let mut expectations = Vec::new();
        for key in ExpectationKey::ALL {
            let wanted = if key.lists_steps() {
                IdKind::Step
            } else {
                IdKind::Treatment
            };
            for (position, id) in scenario
                .expect
                .get(key)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let pointer = scenario_pointer(index)
                    .key("expect")
                    .key(key.as_str())
                    .index(position);
                let target = if key.lists_steps() {
                    semantics.step_location(id).map(Target::Step)
                } else {
                    semantics.treatment_index(id).map(Target::Treatment)
                };
                match target {
                    Some(target) => expectations.push((key, target, pointer)),
                    None => diagnostics.push((index, context.unknown_id(id, wanted, &pointer))),
                }
            }
        }
        // A patient with a misspelt finding is not the patient the scenario describes.
        if unknown {
            played.push(false);
            continue;
        }
        let playthrough = semantics.play(&present);
        tracker.record(&playthrough);
        played.push(true);
        let explain = Explainer::new(semantics, &playthrough);
        for (key, target, pointer) in &expectations {
            if let Some(diagnostic) = context.judge(&explain, *key, *target, pointer) {
                diagnostics.push((index, diagnostic));
            }
        }
        if let Some(listed) = scenario.expect.get(ExpectationKey::EligibleExactly) {
            diagnostics.extend(
                context
                    .unlisted_eligible(&explain, listed)
                    .into_iter()
                    .map(|diagnostic| (index, diagnostic)),
            );
        }
    }
    FileOutcome {
        diagnostics,
        played,
    }
}

/// What an expectation names.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// `(path, step)`.
    Step((usize, usize)),
    Treatment(usize),
}

/// One scenario being judged.
struct Context<'c, 'a> {
    semantics: &'c Semantics<'a>,
    kinds: &'c Map<&'c str, IdKind>,
    file: &'c LoadedFile,
    scenario: &'c Scenario,
    index: usize,
}

impl Context<'_, '_> {
    fn guideline_id(&self) -> &str {
        self.semantics.guideline().id
    }

    fn duplicate_name(&self, first: usize) -> Diagnostic {
        let pointer = scenario_pointer(self.index).key("name");
        Diagnostic::new(
            &SCENARIO_DUPLICATE_NAME,
            format!("two scenarios are named `{}`", self.scenario.name),
            pointer.clone(),
            self.file.label(&pointer, "second scenario with this name"),
        )
        .with_label(
            self.file
                .label(&scenario_pointer(first).key("name"), "first named here"),
        )
        .with_help("Give each scenario a name of its own, saying what sets its patient apart.")
    }

    fn unknown_id(&self, id: &str, wanted: IdKind, pointer: &Pointer) -> Diagnostic {
        let noun = match wanted {
            IdKind::Finding => "finding",
            IdKind::Step => "step",
            _ => "treatment",
        };
        let candidates: Vec<&str> = match wanted {
            IdKind::Finding => self.semantics.finding_ids().to_vec(),
            IdKind::Step => self.semantics.step_ids().collect(),
            _ => self.semantics.treatment_ids().collect(),
        };
        let (message, label) = match self.kinds.get(id) {
            Some(kind) => (
                format!(
                    "scenario `{}`: `{id}` is {} of `{}`, not a {noun}",
                    self.scenario.name,
                    kind.with_article(),
                    self.guideline_id()
                ),
                format!("not a {noun}"),
            ),
            None => (
                format!(
                    "scenario `{}`: `{}` has no {noun} `{id}`",
                    self.scenario.name,
                    self.guideline_id()
                ),
                format!("unknown {noun}"),
            ),
        };
        let help = match crate::text::closest(id, candidates.iter().copied()) {
            Some(suggestion) => format!("Did you mean `{suggestion}`?"),
            None if candidates.is_empty() => format!("`{}` has no {noun}s.", self.guideline_id()),
            None => format!(
                "Use the id of one of the guideline's {noun}s: {}.",
                abbreviated(&candidates)
            ),
        };
        Diagnostic::new(
            &SCENARIO_UNKNOWN_ID,
            message,
            pointer.clone(),
            self.file.label(pointer, label),
        )
        .with_help(help)
    }

    /// The diagnostic of an expectation that failed, or `None` when it holds.
    fn judge(
        &self,
        explain: &Explainer,
        key: ExpectationKey,
        target: Target,
        pointer: &Pointer,
    ) -> Option<Diagnostic> {
        let playthrough = explain.playthrough;
        let name = &self.scenario.name;
        match target {
            Target::Step((path, step)) => {
                let id = self.semantics.paths()[path].step_id(step);
                let performed = playthrough.paths[path].is_performed(step);
                let why = explain.step(path, step);
                let (message, label, route) = match (key, performed) {
                    (ExpectationKey::Performed, false) => (
                        format!(
                            "scenario `{name}`: step `{id}` was expected to be performed, but it was not: {why}"
                        ),
                        "not performed",
                        {
                            let mut route = format!(
                                "Steps performed in path `{}`: {}.",
                                self.semantics.paths()[path].id(),
                                explain.performed(path)
                            );
                            let stops = explain.stopping_points(path, step);
                            if !stops.is_empty() {
                                route.push_str(&format!(
                                    " The branches toward `{id}` stopped at {}.",
                                    stops.join("; ")
                                ));
                            }
                            route
                        },
                    ),
                    (ExpectationKey::NotPerformed, true) => (
                        format!(
                            "scenario `{name}`: step `{id}` was expected not to be performed, but it was: {why}"
                        ),
                        "performed",
                        format!("Route taken: {}.", explain.route(path, step)),
                    ),
                    _ => return None,
                };
                Some(self.failure(message, label, pointer, route))
            }
            Target::Treatment(treatment) => {
                let id = self.semantics.treatments()[treatment].id();
                let status = playthrough.treatments[treatment].status;
                let eligible = status == TreatmentStatus::Eligible;
                let why = explain.treatment(treatment);
                let expected_eligible = matches!(
                    key,
                    ExpectationKey::Eligible | ExpectationKey::EligibleExactly
                );
                if expected_eligible == eligible {
                    return None;
                }
                let (message, label) = if expected_eligible {
                    let words = match status {
                        TreatmentStatus::NotReached => "not reached",
                        TreatmentStatus::NotIndicated => "not indicated",
                        TreatmentStatus::Excluded => "excluded",
                        TreatmentStatus::Eligible => "eligible",
                    };
                    (
                        format!(
                            "scenario `{name}`: treatment `{id}` was expected to be eligible, but it is {words}: {why}"
                        ),
                        words,
                    )
                } else {
                    (
                        format!(
                            "scenario `{name}`: treatment `{id}` was expected not to be eligible, but it is: {why}"
                        ),
                        "eligible",
                    )
                };
                Some(self.failure(message, label, pointer, self.eligible_help(playthrough)))
            }
        }
    }

    /// The eligible treatments that `eligible_exactly` does not list.
    fn unlisted_eligible(&self, explain: &Explainer, listed: &[String]) -> Vec<Diagnostic> {
        let pointer = scenario_pointer(self.index)
            .key("expect")
            .key(ExpectationKey::EligibleExactly.as_str());
        let playthrough = explain.playthrough;
        self.semantics
            .treatments()
            .iter()
            .enumerate()
            .filter(|(index, treatment)| {
                playthrough.treatments[*index].status == TreatmentStatus::Eligible
                    && !listed.iter().any(|id| id == treatment.id())
            })
            .map(|(index, treatment)| {
                let message = format!(
                    "scenario `{}`: treatment `{}` is eligible too, but `eligible_exactly` does not list it: {}",
                    self.scenario.name,
                    treatment.id(),
                    explain.treatment(index)
                );
                Diagnostic::new(
                    &SCENARIO_FAILED,
                    message,
                    pointer.clone(),
                    self.file
                        .key_label(&pointer, format!("`{}` missing", treatment.id())),
                )
                .with_help(format!(
                    "{} If the guideline is right, add `{}` to `eligible_exactly`; otherwise fix the treatment's indications or contraindications.",
                    self.eligible_help(playthrough),
                    treatment.id()
                ))
            })
            .collect()
    }

    fn failure(
        &self,
        message: String,
        label: &str,
        pointer: &Pointer,
        context: String,
    ) -> Diagnostic {
        Diagnostic::new(
            &SCENARIO_FAILED,
            message,
            pointer.clone(),
            self.file.label(pointer, label),
        )
        .with_help(format!(
            "{context} If the guideline is right, change the expectation; otherwise fix the guideline."
        ))
    }

    /// "Eligible treatments: `a` and `b`." (or none).
    fn eligible_help(&self, playthrough: &Playthrough) -> String {
        let eligible: Vec<String> = playthrough
            .eligible_in_order(self.semantics)
            .into_iter()
            .map(|index| format!("`{}`", self.semantics.treatments()[index].id()))
            .collect();
        if eligible.is_empty() {
            "No treatment is eligible for this patient.".to_string()
        } else {
            format!("Eligible treatments: {}.", and_list(&eligible))
        }
    }
}

/// "`a`, `b`, `c`" for a few ids, "`a`, `b`, ... (12 in all)" for many.
fn abbreviated(ids: &[&str]) -> String {
    const SHOWN: usize = 8;
    let listed: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
    if ids.len() > SHOWN {
        format!("{}, ... ({} in all)", listed.join(", "), ids.len())
    } else {
        listed.join(", ")
    }
}

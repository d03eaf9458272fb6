use super::RuleContext;
use crate::diagnostic::Diagnostic;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::semantics::explain::describe_condition;
use super::conditions::DESCRIBED_LENGTH;
use crate::semantics::{Budget, Formula, Search, Semantics};
use crate::text::truncate;

declare_rule! {
    /// ## What it does
    /// Reports a treatment that no combination of findings makes eligible, because every way to
    /// satisfy its indications also satisfies one of its contraindications (or, without
    /// indications, a contraindication holds for every combination); and, in a treatment that can
    /// be eligible, an indication that can only hold when a contraindication holds (the label is
    /// on that indication). Conditions are judged exactly, every finding they test taken as
    /// known (docs/format.md, section 5.4). An indication that no combination satisfies at all is
    /// left to `contradictory-condition`.
    ///
    /// ## Why it matters
    /// A treatment the guideline can never offer is a recommendation in name only: the patients
    /// its indication describes are exactly those it excludes, so a clinician following the
    /// guideline never reaches it, and a reviewer reading the treatment list believes it is part
    /// of the plan. Usually one of the two conditions is too broad (a contraindication that
    /// names a finding every indicated patient has) or a `not` is missing.
    ///
    /// ## Example
    /// ```json
    /// {"id": "surgical-evacuation", "name": "Surgical evacuation of the hematoma", "category": "surgical", "requires": ["suspected-hematoma"], "actions": [{"name": "Open evacuation and hemostasis"}], "indications": [{"all": [{"finding": "hematoma-seen"}, {"finding": "thigh-weakness"}]}], "contraindications": [{"finding": "hematoma-seen"}], "escalates_from": ["conservative"], "evidence": ["overview-2023"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "surgical-evacuation", "name": "Surgical evacuation of the hematoma", "category": "surgical", "requires": ["suspected-hematoma"], "actions": [{"name": "Open evacuation and hemostasis"}], "indications": [{"all": [{"finding": "hematoma-seen"}, {"finding": "thigh-weakness"}]}], "contraindications": [{"finding": "uncorrected-coagulopathy"}], "escalates_from": ["conservative"], "evidence": ["overview-2023"]}
    /// ```
    pub static NEVER_ELIGIBLE = {
        name: "never-eligible",
        code: "GL704",
        severity: Error,
        summary: "a treatment no combination of findings makes eligible, or an indication that only holds with a contraindication",
        fix: None "Whether the indication or the contraindication is wrong is a clinical question.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let semantics = context.semantics();
    let universe = semantics.finding_count();
    let budget = semantics.budget();
    let mut diagnostics = Vec::new();
    for (index, treatment) in semantics.treatments().iter().enumerate() {
        // Without contraindications eligibility is the indications' alone
        // (`contradictory-condition`); a condition naming an unknown finding is
        // `unknown-reference`'s.
        if treatment.contraindications.is_empty()
            || !treatment
                .indications
                .iter()
                .chain(&treatment.contraindications)
                .all(|condition| condition.is_resolved() && !condition.has_empty_list())
        {
            continue;
        }
        let satisfiable: Vec<usize> = treatment
            .indications
            .iter()
            .enumerate()
            .filter(|(_, indication)| satisfiable(indication, universe, budget))
            .map(|(position, _)| position)
            .collect();
        if !treatment.indications.is_empty() && satisfiable.is_empty() {
            continue;
        }
        match treatment.eligible_combination(universe, budget) {
            Search::Impossible => {
                diagnostics.push(never_eligible(context, semantics, index, &satisfiable))
            }
            Search::TooLarge => {}
            Search::Found(_) => {
                for position in satisfiable {
                    if treatment.indication_alone(position, universe, budget) == Search::Impossible {
                        diagnostics.push(indication_needs_contraindication(
                            context, semantics, index, position,
                        ));
                    }
                }
            }
        }
    }
    diagnostics
}

/// Whether some combination of findings makes `condition` true (or the search could not tell).
fn satisfiable(condition: &Formula, universe: usize, budget: &Budget) -> bool {
    !condition.repeats_a_finding()
        || condition.satisfying_within(universe, budget) != Search::Impossible
}

/// The positions of the contraindications of treatment `treatment` that hold whenever `condition`
/// does (every one, for a condition that always holds).
fn implied_contraindications(
    semantics: &Semantics<'_>,
    treatment: usize,
    condition: Option<&Formula>,
) -> Vec<usize> {
    let universe = semantics.finding_count();
    semantics.treatments()[treatment]
        .contraindications
        .iter()
        .enumerate()
        .filter(|(_, contraindication)| {
            let escape = Formula::Not(Box::new((*contraindication).clone()));
            let judged = match condition {
                Some(condition) => Formula::All(vec![condition.clone(), escape]),
                None => escape,
            };
            judged.satisfying_within(universe, semantics.budget()) == Search::Impossible
        })
        .map(|(position, _)| position)
        .collect()
}

fn never_eligible(
    context: &RuleContext<'_>,
    semantics: &Semantics<'_>,
    treatment_index: usize,
    satisfiable: &[usize],
) -> Diagnostic {
    let treatment = &semantics.treatments()[treatment_index];
    let id = treatment.id();
    let base = Pointer::treatment(treatment_index);
    let pointer = base.clone().key("id");
    let message = if treatment.indications.is_empty() {
        format!(
            "treatment `{id}` is never eligible: it lists no indications, and for every combination of findings one of its contraindications holds"
        )
    } else {
        format!(
            "treatment `{id}` is never eligible: every combination of findings that satisfies one of its indications also satisfies a contraindication"
        )
    };
    let mut diagnostic = Diagnostic::new(
        &NEVER_ELIGIBLE,
        message,
        pointer.clone(),
        context.label(&pointer, "never eligible"),
    );
    for &position in satisfiable {
        let at = base.clone().key("indications").index(position);
        diagnostic = diagnostic.with_label(
            context.label(&at, "holds only with a contraindication"),
        );
    }
    let implied = if treatment.indications.is_empty() {
        implied_contraindications(semantics, treatment_index, None)
    } else {
        Vec::new()
    };
    if implied.is_empty() {
        diagnostic = diagnostic.with_label(
            context.key_label(&base.clone().key("contraindications"), "contraindications"),
        );
    }
    for position in implied {
        let at = base.clone().key("contraindications").index(position);
        diagnostic = diagnostic.with_label(context.label(&at, "holds for every patient"));
    }
    diagnostic.with_help(format!(
        "Correct the indications or the contraindications of `{id}` so that some patient can receive it (often a contraindication broader than meant, or a missing `not`); as written, every patient it is meant for is also excluded."
    ))
}

fn indication_needs_contraindication(
    context: &RuleContext<'_>,
    semantics: &Semantics<'_>,
    treatment_index: usize,
    position: usize,
) -> Diagnostic {
    let treatment = &semantics.treatments()[treatment_index];
    let id = treatment.id();
    let base = Pointer::treatment(treatment_index);
    let pointer = base.clone().key("indications").index(position);
    let written = treatment
        .treatment
        .indications
        .get(position)
        .map(|condition| truncate(&describe_condition(condition), DESCRIBED_LENGTH))
        .unwrap_or_default();
    let mut diagnostic = Diagnostic::new(
        &NEVER_ELIGIBLE,
        format!(
            "indication {} of treatment `{id}`, {written}, can only hold when a contraindication holds too: it never makes the treatment eligible",
            position + 1
        ),
        pointer.clone(),
        context.label(&pointer, "holds only with a contraindication"),
    );
    let implied = implied_contraindications(
        semantics,
        treatment_index,
        treatment.indications.get(position),
    );
    if implied.is_empty() {
        diagnostic = diagnostic.with_label(context.key_label(
            &base.clone().key("contraindications"),
            "together they cover it",
        ));
    }
    for other in implied {
        let at = base.clone().key("contraindications").index(other);
        diagnostic = diagnostic.with_label(context.label(
            &at,
            format!("holds whenever indication {} does", position + 1),
        ));
    }
    diagnostic.with_help(format!(
        "Correct indication {} or the contraindication it runs into, so that some patient meets it and is not excluded; remove it if no patient should be treated on that ground.",
        position + 1
    ))
}

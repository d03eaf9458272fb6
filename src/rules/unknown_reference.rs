use crate::fix::{Edit, Fix, layout};
use crate::text::{or_list, truncate};
use super::RuleContext;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Definition, Guideline, IdKind, Reference, ReferenceField};

declare_rule! {
    /// ## What it does
    /// Reports a reference that names nothing, or names the wrong kind of thing. Each field must name
    /// its own kind: `entry` and `next` a step of the same diagnosis path; `when`, `indications`,
    /// `contraindications` and `elicits` a finding; `requires` a diagnosis path; `escalates_from` a
    /// treatment; `addresses` a risk factor; `evidence` a source. The help suggests the closest id of
    /// the right kind.
    ///
    /// ## Why it matters
    /// A reference that leads nowhere silently drops part of the guideline: a misspelt transition means
    /// no patient gets the test it was meant to lead to, a misspelt finding in a condition means the
    /// step or treatment it guards is never (or always) indicated, and a treatment that `requires` a
    /// treatment instead of a workup has no diagnosis behind it.
    ///
    /// ## Example
    /// ```json
    /// {"to": "compression-ultrasound", "when": {"any": [{"finding": "dvt-likely"}, {"finding": "elevated-d-dimmer"}]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"to": "compression-ultrasound", "when": {"any": [{"finding": "dvt-likely"}, {"finding": "elevated-d-dimer"}]}}
    /// ```
    pub static UNKNOWN_REFERENCE = {
        name: "unknown-reference",
        code: "GL102",
        severity: Error,
        summary: "a reference that resolves to nothing or to the wrong kind of thing",
        fix: Sometimes "When exactly one id of the right kind is close to the one written (`elevated-d-dimmer`), the reference is replaced by it. The fix is unsafe (applied with `--unsafe-fixes`): the closest id is a guess a person should confirm. A reference to an id of the wrong kind has no fix.",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let resolver = Resolver { context };
    context
        .references()
        .iter()
        .enumerate()
        .filter_map(|(index, reference)| resolver.diagnose(index, reference))
        .collect()
}

struct Resolver<'a, 'g> {
    context: &'a RuleContext<'g>,
}

impl Resolver<'_, '_> {
    /// A diagnostic when `reference` does not name a definition of the kind its field requires.
    /// `index` is the reference's position in `RuleContext::references`, which gives its pointer.
    fn diagnose(&self, index: usize, reference: &Reference<'_>) -> Option<Diagnostic> {
        let mut named = self.context.definitions_of(reference.id);
        let expected = reference.field.expected();
        if named
            .clone()
            .any(|definition| self.fits(reference, definition))
        {
            return None;
        }
        // A step of another path is the likeliest meaning of a transition that names one.
        let other_path_step = named
            .clone()
            .find(|definition| expected == IdKind::Step && definition.kind == IdKind::Step);
        Some(match other_path_step.or_else(|| named.next()) {
            Some(definition) => self.wrong_target(index, reference, definition),
            None => self.undefined(index, reference),
        })
    }

    /// Whether `definition` is what `reference` must name: its kind, and for steps its path.
    fn fits(&self, reference: &Reference<'_>, definition: &Definition<'_>) -> bool {
        definition.kind == reference.field.expected()
            && (definition.kind != IdKind::Step || definition.path_index == reference.path_index)
    }

    fn undefined(&self, index: usize, reference: &Reference<'_>) -> Diagnostic {
        let pointer = self.context.reference_pointer(index);
        let expected = reference.field.expected();
        let candidates = self.candidates(reference);
        let help = match crate::text::closest(reference.id, candidates.iter().copied()) {
            Some(closest) => format!("Did you mean `{closest}`?"),
            None => self.name_one_of(reference, &candidates),
        };
        let fix = crate::text::closest_unique(reference.id, candidates.iter().copied()).map(
            |closest| {
                Fix::suggestion(
                    format!("Replace `{}` with `{closest}`", truncate(reference.id, 60)),
                    vec![Edit::replace(
                        self.context.span(&pointer),
                        layout::string_literal(closest),
                    )],
                )
            },
        );
        Diagnostic::new(
            &UNKNOWN_REFERENCE,
            format!("`{}` is not defined", reference.id),
            pointer.clone(),
            self.context
                .label(&pointer, format!("unknown {}", noun(expected))),
        )
        .with_help(help)
        .with_fix(fix)
    }

    /// `reference` names an existing id of the wrong kind, or a step of another path.
    fn wrong_target(
        &self,
        index: usize,
        reference: &Reference<'_>,
        definition: &Definition<'_>,
    ) -> Diagnostic {
        let pointer = self.context.reference_pointer(index);
        let guideline = self.context.guideline;
        let field = reference.field;
        let key = field.key();
        let id = reference.id;
        let found = match (definition.kind, path_id(guideline, definition.path_index)) {
            (IdKind::Step, Some(path)) => format!("step `{id}` of path `{path}`"),
            (kind, _) => format!("{} `{id}`", noun(kind)),
        };
        let wanted = self.wanted(reference);
        let defined_here = match (definition.kind, path_id(guideline, definition.path_index)) {
            (IdKind::Step, Some(path)) => format!("step of path `{path}`"),
            (kind, _) => format!("{} defined here", noun(kind)),
        };
        let own_path = path_id(guideline, reference.path_index).unwrap_or_default();
        let (label, help) = if definition.kind == IdKind::Step && field.expected() == IdKind::Step {
            (
                "a step of another path".to_string(),
                format!(
                    "Each path's transitions stay within the path: add a step with its own id to path \
                     `{own_path}`, or name one of its steps instead."
                ),
            )
        } else {
            let hint = match (field, definition.kind) {
                (ReferenceField::Requires, IdKind::Treatment) => {
                    " To say that this treatment is tried after another, list it in `escalates_from`."
                }
                (ReferenceField::EscalatesFrom, IdKind::DiagnosisPath) => {
                    " To say that this treatment depends on a workup, list the path in `requires`."
                }
                _ => "",
            };
            (
                format!(
                    "{}, not {}",
                    definition.kind.with_article(),
                    field.expected().with_article()
                ),
                format!(
                    "{}{hint}",
                    self.name_one_of(reference, &self.candidates(reference))
                ),
            )
        };
        Diagnostic::new(
            &UNKNOWN_REFERENCE,
            format!("`{key}` names {found}, but it must name {wanted}"),
            pointer.clone(),
            self.context.label(&pointer, label),
        )
        .with_label(self.context.label(&definition.pointer(), defined_here))
        .with_help(help)
    }

    /// What the reference must name: "a finding", "a step of path `workup`".
    fn wanted(&self, reference: &Reference<'_>) -> String {
        let expected = reference.field.expected();
        match (
            expected,
            path_id(self.context.guideline, reference.path_index),
        ) {
            (IdKind::Step, Some(path)) => format!("a step of path `{path}`"),
            _ => expected.with_article().to_string(),
        }
    }

    /// The ids the reference could name, in document order.
    fn candidates(&self, reference: &Reference<'_>) -> Vec<&str> {
        let mut candidates: Vec<&str> = Vec::new();
        for definition in self
            .context
            .definitions()
            .iter()
            .filter(|definition| self.fits(reference, definition))
        {
            if !candidates.contains(&definition.id) {
                candidates.push(definition.id);
            }
        }
        candidates
    }

    /// A help sentence listing a few valid ids, or saying where to define one when there are none.
    fn name_one_of(&self, reference: &Reference<'_>, candidates: &[&str]) -> String {
        let wanted = self.wanted(reference);
        let expected = reference.field.expected();
        match candidates {
            [] => format!(
                "The document defines no {}: add `{}` to {}, or remove this reference.",
                plural(expected),
                reference.id,
                defined_in(expected)
            ),
            [only] => format!("Name {wanted} here: the only one is `{only}`."),
            few if few.len() <= 4 => format!("Name {wanted} here: {}.", alternatives(few)),
            many => format!("Name {wanted} here, such as {}.", alternatives(&many[..3])),
        }
    }
}

fn path_id<'a>(guideline: &Guideline<'a>, path_index: Option<usize>) -> Option<&'a str> {
    path_index
        .and_then(|index| guideline.diagnosis.paths.get(index))
        .map(|path| path.id)
}

/// "step", "diagnosis path": the kind without its article.
fn noun(kind: IdKind) -> &'static str {
    let with_article = kind.with_article();
    with_article
        .strip_prefix("a ")
        .or_else(|| with_article.strip_prefix("an "))
        .unwrap_or(with_article)
}

fn plural(kind: IdKind) -> String {
    format!("{}s", noun(kind))
}

/// Where definitions of a kind live, for messages.
fn defined_in(kind: IdKind) -> &'static str {
    match kind {
        IdKind::RiskFactor => "`risk_factors`",
        IdKind::Finding => "`findings`",
        IdKind::Source => "`provenance.sources`",
        IdKind::DiagnosisPath => "`diagnosis.paths`",
        IdKind::Step => "the path's `steps`",
        IdKind::Treatment => "`treatments`",
    }
}

/// "`a`, `b` or `c`".
fn alternatives(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    or_list(&quoted)
}

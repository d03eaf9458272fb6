//! The rule registry: every rule is declared once, in its own file, with its documentation as the doc
//! comment that `guidelint explain` prints and the README's rule table is generated from, and listed
//! once, in [`registry!`] below, which derives the module, the re-export, [`ALL`] and the checks
//! that [`run`] calls.

use crate::diagnostic::Diagnostic;
use crate::pointer::Pointer;
pub use crate::rule::{Rule, Severity};

mod codes;
mod conditions;
mod lab_tests;

/// When a guideline's review falls due; the review pages of `render` show the date this rule checks.
pub use review_overdue::due_date;

/// Lists every rule once, in code order, and derives the rest. `check module::RULE` is a rule in
/// `rules/module.rs` whose `check` function runs on every schema-valid document; `reported
/// module::RULE` is one declared there that a later stage reports (the suppressions);
/// `stage path::RULE` is one that an earlier stage reports itself (the parser, the schema check),
/// declared beside that stage, since stages before the rules must not import them.
macro_rules! registry {
    (@munch [$($done:tt)*]) => {
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(registry!(@rule $done)),*];
        /// The check of each rule in [`ALL`], at the same position; `None` for stage rules.
        static CHECKS: &[Option<CheckFn>] = &[$(registry!(@check $done)),*];
    };
    (@munch [$($done:tt)*] check $module:ident :: $rule:ident, $($rest:tt)*) => {
        mod $module;
        pub use $module::$rule;
        registry!(@munch [$($done)* ((&$module::$rule) (Some($module::check as CheckFn)))] $($rest)*);
    };
    (@munch [$($done:tt)*] reported $module:ident :: $rule:ident, $($rest:tt)*) => {
        mod $module;
        pub use $module::$rule;
        registry!(@munch [$($done)* ((&$module::$rule) (None))] $($rest)*);
    };
    (@munch [$($done:tt)*] stage $rule:path, $($rest:tt)*) => {
        pub use $rule;
        registry!(@munch [$($done)* ((&$rule) (None))] $($rest)*);
    };
    (@rule (($rule:expr) ($check:expr))) => { $rule };
    (@check (($rule:expr) ($check:expr))) => { $check };
    ($($entries:tt)*) => { registry!(@munch [] $($entries)*); };
}

registry! {
    stage crate::parse::INVALID_JSON,
    stage crate::schema::SCHEMA,
    stage crate::parse::DUPLICATE_KEY,
    check duplicate_id::DUPLICATE_ID,
    check unknown_reference::UNKNOWN_REFERENCE,
    check unused_definition::UNUSED_DEFINITION,
    check unreachable_step::UNREACHABLE_STEP,
    check cycle::CYCLE,
    check dead_end::DEAD_END,
    check imaging_sequence::IMAGING_SEQUENCE,
    check imaging_escalation::IMAGING_ESCALATION,
    check contrast_without_renal_check::CONTRAST_WITHOUT_RENAL_CHECK,
    check treatment_without_diagnosis::TREATMENT_WITHOUT_DIAGNOSIS,
    check unconfirmed_diagnosis::UNCONFIRMED_DIAGNOSIS,
    check invasive_without_coagulation_screen::INVASIVE_WITHOUT_COAGULATION_SCREEN,
    check surgery_without_indication::SURGERY_WITHOUT_INDICATION,
    check escalation_order::ESCALATION_ORDER,
    check unaddressed_risk_factor::UNADDRESSED_RISK_FACTOR,
    check treatment_without_evidence::TREATMENT_WITHOUT_EVIDENCE,
    check review_overdue::REVIEW_OVERDUE,
    check invalid_code::INVALID_CODE,
    check date_order::DATE_ORDER,
    check placeholder_text::PLACEHOLDER_TEXT,
    check unsupported_content::UNSUPPORTED_CONTENT,
    check code_system_spelling::CODE_SYSTEM_SPELLING,
    reported unused_allow::UNUSED_ALLOW,
    check undecidable_condition::UNDECIDABLE_CONDITION,
    check contradictory_condition::CONTRADICTORY_CONDITION,
    check redundant_condition::REDUNDANT_CONDITION,
    check never_eligible::NEVER_ELIGIBLE,
    check incomplete_decision::INCOMPLETE_DECISION,
    check finding_kind_mismatch::FINDING_KIND_MISMATCH,
    check red_flag_ignored::RED_FLAG_IGNORED,
    check invasive_without_contraindications::INVASIVE_WITHOUT_CONTRAINDICATIONS,
    reported scenario_failed::SCENARIO_FAILED,
    reported scenario_unknown_id::SCENARIO_UNKNOWN_ID,
    reported scenario_guideline::SCENARIO_GUIDELINE,
    reported scenario_duplicate_name::SCENARIO_DUPLICATE_NAME,
}

/// Runs the check of every rule that applies to the document (see [`RuleContext::applies`]) and
/// that `enabled` lets run, in code order.
pub fn run(context: &RuleContext<'_>, enabled: impl Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (rule, check) in ALL.iter().zip(CHECKS) {
        if let Some(check) = check
            && context.applies(rule)
            && enabled(rule)
        {
            diagnostics.extend(check(context));
        }
    }
    diagnostics
}

/// Whether the registry runs a check for `rule`, or a stage reports it.
pub fn has_check(rule: &Rule) -> bool {
    ALL.iter()
        .zip(CHECKS)
        .any(|(registered, check)| *registered == rule && check.is_some())
}

/// What a consistency rule gets to look at. Rules read; they never print or touch files.
pub struct RuleContext<'a> {
    /// The document as typed serde model.
    pub guideline: &'a crate::model::Guideline<'a>,
    /// The same document as a tree, for rules that walk every string.
    pub value: crate::tree::NodeRef<'a>,
    /// Pointer -> source spans, for labels.
    pub spans: &'a crate::parse::SpanIndex,
    /// The document's text, for rules that can rule a whole document out with one scan.
    pub text: &'a str,
    /// The date `review-overdue` and `date-order` compare against.
    pub today: jiff::civil::Date,
    /// The rule profiles that apply to the document besides the core rules.
    pub profiles: Vec<crate::rule::Profile>,
    /// Every reference of the document, built once for the rules that read them.
    references: std::sync::OnceLock<Vec<crate::model::Reference<'a>>>,
    /// Every definition of an id, and each id's first definition and count, built once.
    definitions: std::sync::OnceLock<Definitions<'a>>,
    /// The pointer of each reference, built only when a diagnostic needs one.
    reference_pointers: std::sync::OnceLock<Vec<Pointer>>,
    /// The document's meaning (docs/format.md section 8), with the step graph of each path,
    /// built once on first use and shared by the graph and logic rules.
    semantics: std::sync::OnceLock<crate::semantics::Semantics<'a>>,
}

impl<'a> RuleContext<'a> {
    pub fn new(
        guideline: &'a crate::model::Guideline<'a>,
        value: crate::tree::NodeRef<'a>,
        spans: &'a crate::parse::SpanIndex,
        text: &'a str,
        today: jiff::civil::Date,
    ) -> Self {
        RuleContext {
            guideline,
            value,
            spans,
            text,
            today,
            profiles: Vec::new(),
            references: std::sync::OnceLock::new(),
            definitions: std::sync::OnceLock::new(),
            reference_pointers: std::sync::OnceLock::new(),
            semantics: std::sync::OnceLock::new(),
        }
    }

    /// The context with `profiles` applying besides the core rules.
    pub fn with_profiles(mut self, profiles: Vec<crate::rule::Profile>) -> Self {
        self.profiles = profiles;
        self
    }

    /// Whether `rule` applies to the document: a core rule, or one of a profile the document uses.
    pub fn applies(&self, rule: &Rule) -> bool {
        rule.profile
            .is_none_or(|profile| self.profiles.contains(&profile))
    }

    /// `Guideline::references`, computed on first use and shared by every rule.
    pub fn references(&self) -> &[crate::model::Reference<'a>] {
        self.references.get_or_init(|| self.guideline.references())
    }

    /// `Guideline::definitions`, computed on first use and shared by every rule.
    pub fn definitions(&self) -> &[crate::model::Definition<'a>] {
        &self.indexed_definitions().list
    }

    /// For each defined id: the index in [`RuleContext::definitions`] of its first definition,
    /// and how many definitions it has (more than one only for duplicates).
    pub fn definitions_by_id(&self) -> &crate::hash::Map<&'a str, (usize, usize)> {
        &self.indexed_definitions().by_id
    }

    /// Every definition of `id`, in document order (more than one only for a duplicate id).
    pub fn definitions_of<'s>(
        &'s self,
        id: &'s str,
    ) -> impl Iterator<Item = &'s crate::model::Definition<'a>> + Clone {
        let (first, count) = self.definitions_by_id().get(id).copied().unwrap_or((0, 0));
        self.definitions()
            .get(first..)
            .unwrap_or_default()
            .iter()
            .filter(move |definition| definition.id == id)
            .take(count)
    }

    fn indexed_definitions(&self) -> &Definitions<'a> {
        self.definitions.get_or_init(|| {
            let list = self.guideline.definitions();
            let mut by_id: crate::hash::Map<&'a str, (usize, usize)> =
                crate::hash::Map::with_capacity_and_hasher(list.len(), Default::default());
            for (index, definition) in list.iter().enumerate() {
                by_id.entry(definition.id).or_insert((index, 0)).1 += 1;
            }
            Definitions { list, by_id }
        })
    }

    /// The pointer of the string holding `references()[index]`.
    pub fn reference_pointer(&self, index: usize) -> Pointer {
        self.reference_pointers
            .get_or_init(|| self.guideline.reference_pointers())
            .get(index)
            .cloned()
            .unwrap_or_default()
    }

    /// Each diagnosis path with its index and step graph, in document order.
    pub fn paths_with_graphs(
        &self,
    ) -> impl Iterator<
        Item = (
            usize,
            &'a crate::model::DiagnosisPath<'a>,
            &crate::paths::PathGraph,
        ),
    > {
        self.guideline
            .diagnosis
            .paths
            .iter()
            .zip(self.semantics().paths())
            .enumerate()
            .map(|(index, (path, resolved))| (index, path, resolved.graph()))
    }

    /// Every step that `is_target` picks and that some route from its path's entry reaches without
    /// passing a step that `clears` (the step itself excepted), with the shortest such route: an
    /// angiography before any coagulation screen, contrast before any renal-function test. A path
    /// with no target costs nothing; `clears` is asked once per step of a path with one.
    pub fn targets_reached_avoiding(
        &self,
        is_target: impl Fn(&crate::model::Step) -> bool,
        clears: impl Fn(&crate::model::Step) -> bool,
    ) -> Vec<ReachedAvoiding<'a>> {
        let mut found = Vec::new();
        for (path_index, path, graph) in self.paths_with_graphs() {
            let mut cleared: Option<Vec<bool>> = None;
            for (step_index, step) in path.steps.iter().enumerate() {
                if !is_target(step) {
                    continue;
                }
                let cleared =
                    cleared.get_or_insert_with(|| path.steps.iter().map(&clears).collect());
                let clears = |step: usize| cleared.get(step).copied().unwrap_or(false);
                if let Some(route) = graph.route_avoiding(step_index, clears) {
                    found.push(ReachedAvoiding {
                        path_index,
                        path,
                        step_index,
                        step,
                        route,
                    });
                }
            }
        }
        found
    }

    /// The document's ids resolved and its conditions compiled (docs/format.md section 8), built on
    /// first use and shared by the logic rules.
    pub fn semantics(&self) -> &crate::semantics::Semantics<'a> {
        self.semantics
            .get_or_init(|| crate::semantics::Semantics::new(self.guideline))
    }
}

impl RuleContext<'_> {
    /// The span of the value at `pointer`.
    pub fn span(&self, pointer: &Pointer) -> crate::source::Span {
        self.spans.value(pointer.as_str())
    }

    /// The span of the key at `pointer` (or its value when it has no key, like an array item).
    pub fn key_span(&self, pointer: &Pointer) -> crate::source::Span {
        self.spans.key_or_value(pointer.as_str())
    }

    /// Whether the document has something at `pointer`: an optional key the author wrote.
    pub fn has(&self, pointer: &Pointer) -> bool {
        self.spans.get(pointer.as_str()).is_some()
    }

    /// A label at the value at `pointer`.
    pub fn label(&self, pointer: &Pointer, message: impl Into<String>) -> crate::diagnostic::Label {
        crate::diagnostic::Label::new(self.span(pointer), message)
    }

    /// A label at the key at `pointer`.
    pub fn key_label(
        &self,
        pointer: &Pointer,
        message: impl Into<String>,
    ) -> crate::diagnostic::Label {
        crate::diagnostic::Label::new(self.key_span(pointer), message)
    }

    /// A label where `route` comes to its last step: the transition into it, or the path's `entry`
    /// when the route is the entry alone.
    pub fn route_label(
        &self,
        path: &crate::model::DiagnosisPath,
        path_index: usize,
        route: &crate::paths::Route,
    ) -> crate::diagnostic::Label {
        let message = match route.entered_by {
            Some(_) => "entered here",
            None => "the path starts here",
        };
        self.label(&route.entered_at(path, path_index), message)
    }
}

/// A step found by [`RuleContext::targets_reached_avoiding`], with the route that reaches it.
pub struct ReachedAvoiding<'a> {
    pub path_index: usize,
    pub path: &'a crate::model::DiagnosisPath<'a>,
    pub step_index: usize,
    pub step: &'a crate::model::Step<'a>,
    pub route: crate::paths::Route,
}

/// The document's definitions, in document order, indexed by id.
struct Definitions<'a> {
    list: Vec<crate::model::Definition<'a>>,
    by_id: crate::hash::Map<&'a str, (usize, usize)>,
}

pub type CheckFn = fn(&RuleContext<'_>) -> Vec<Diagnostic>;

/// Finds a rule by name (`dead-end`) or code (`GL203`, any case).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.name == name_or_code || rule.code.eq_ignore_ascii_case(name_or_code))
}

/// The names of every rule, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|rule| rule.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_found_by_name_or_code() {
        assert_eq!(find("duplicate-key").map(|rule| rule.code), Some("GL003"));
        assert_eq!(find("gl001").map(|rule| rule.name), Some("invalid-json"));
        assert!(find("nope").is_none());
    }
}

//! The rule registry: every rule is declared once, in its own file, with its documentation as the
//! doc comment that `guidelint explain` prints and the README's rule table is generated from.

use crate::diagnostic::{Diagnostic, Severity};

mod codes;
mod contrast_without_renal_check;
mod cycle;
mod date_order;
mod dead_end;
mod duplicate_id;
mod duplicate_key;
mod escalation_order;
mod imaging_escalation;
mod imaging_sequence;
mod invalid_code;
mod invalid_json;
mod invasive_without_coagulation_screen;
mod lab_tests;
mod placeholder_text;
mod prose;
mod review_overdue;
mod scenario_duplicate_name;
mod scenario_failed;
mod scenario_guideline;
mod scenario_unknown_id;
mod schema;
mod surgery_without_indication;
mod treatment_without_diagnosis;
mod treatment_without_evidence;
mod unaddressed_risk_factor;
mod unconfirmed_diagnosis;
mod unknown_reference;
mod unreachable_step;
mod unused_allow;
mod unused_definition;

pub use contrast_without_renal_check::CONTRAST_WITHOUT_RENAL_CHECK;
pub use cycle::CYCLE;
pub use date_order::DATE_ORDER;
pub use dead_end::DEAD_END;
pub use duplicate_id::DUPLICATE_ID;
pub use duplicate_key::DUPLICATE_KEY;
pub use escalation_order::ESCALATION_ORDER;
pub use imaging_escalation::IMAGING_ESCALATION;
pub use imaging_sequence::IMAGING_SEQUENCE;
pub use invalid_code::INVALID_CODE;
pub use invalid_json::INVALID_JSON;
pub use invasive_without_coagulation_screen::INVASIVE_WITHOUT_COAGULATION_SCREEN;
pub use placeholder_text::PLACEHOLDER_TEXT;
pub use review_overdue::REVIEW_OVERDUE;
pub use scenario_duplicate_name::SCENARIO_DUPLICATE_NAME;
pub use scenario_failed::SCENARIO_FAILED;
pub use scenario_guideline::SCENARIO_GUIDELINE;
pub use scenario_unknown_id::SCENARIO_UNKNOWN_ID;
pub use schema::SCHEMA;
pub use surgery_without_indication::SURGERY_WITHOUT_INDICATION;
pub use treatment_without_diagnosis::TREATMENT_WITHOUT_DIAGNOSIS;
pub use treatment_without_evidence::TREATMENT_WITHOUT_EVIDENCE;
pub use unaddressed_risk_factor::UNADDRESSED_RISK_FACTOR;
pub use unconfirmed_diagnosis::UNCONFIRMED_DIAGNOSIS;
pub use unknown_reference::UNKNOWN_REFERENCE;
pub use unreachable_step::UNREACHABLE_STEP;
pub use unused_allow::UNUSED_ALLOW;
pub use unused_definition::UNUSED_DEFINITION;

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
    /// Every reference of the document, built once for the rules that read them.
    references: std::sync::OnceLock<Vec<crate::model::Reference<'a>>>,
    /// Every definition of an id, and each id's first definition and count, built once.
    definitions: std::sync::OnceLock<Definitions<'a>>,
    /// The pointer of each reference, built only when a diagnostic needs one.
    reference_pointers: std::sync::OnceLock<Vec<String>>,
    /// One step graph per diagnosis path, built once for the graph rules.
    path_graphs: std::sync::OnceLock<Vec<crate::paths::PathGraph>>,
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
            references: std::sync::OnceLock::new(),
            definitions: std::sync::OnceLock::new(),
            reference_pointers: std::sync::OnceLock::new(),
            path_graphs: std::sync::OnceLock::new(),
        }
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
    pub fn reference_pointer(&self, index: usize) -> &str {
        self.reference_pointers
            .get_or_init(|| self.guideline.reference_pointers())
            .get(index)
            .map_or("", String::as_str)
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
            .zip(self.path_graphs())
            .enumerate()
            .map(|(index, (path, graph))| (index, path, graph))
    }

    /// The step graph of each diagnosis path, in document order, built on first use and shared by
    /// every rule.
    fn path_graphs(&self) -> &[crate::paths::PathGraph] {
        self.path_graphs.get_or_init(|| {
            self.guideline
                .diagnosis
                .paths
                .iter()
                .map(crate::paths::PathGraph::new)
                .collect()
        })
    }
}

impl RuleContext<'_> {
    /// The span of the value at `pointer`.
    pub fn span(&self, pointer: &str) -> crate::source::Span {
        self.spans.value(pointer)
    }

    /// The span of the key at `pointer` (or its value when it has no key, like an array item).
    pub fn key_span(&self, pointer: &str) -> crate::source::Span {
        self.spans.key_or_value(pointer)
    }

    /// A label at the value at `pointer`.
    pub fn label(&self, pointer: &str, message: impl Into<String>) -> crate::diagnostic::Label {
        crate::diagnostic::Label::new(self.span(pointer), message)
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

/// The document's definitions, in document order, indexed by id.
struct Definitions<'a> {
    list: Vec<crate::model::Definition<'a>>,
    by_id: crate::hash::Map<&'a str, (usize, usize)>,
}

pub type CheckFn = fn(&RuleContext<'_>) -> Vec<Diagnostic>;

/// A rule's declaration.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case name, used in configuration, suppressions and output.
    pub name: &'static str,
    /// Stable code such as `GL101`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line for `guidelint rules` and the README table.
    pub summary: &'static str,
    /// The rule's doc comment, in Markdown.
    pub documentation: &'static str,
    /// `None` for the rules reported by the parsing and schema stages themselves.
    pub check: Option<CheckFn>,
}

impl Rule {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        self.documentation
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Declares a rule: its doc comment becomes the documentation `guidelint explain` prints.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            name: $name:literal,
            code: $code:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            code: $code,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            documentation: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &INVALID_JSON,
    &SCHEMA,
    &DUPLICATE_KEY,
    &DUPLICATE_ID,
    &UNKNOWN_REFERENCE,
    &UNUSED_DEFINITION,
    &UNREACHABLE_STEP,
    &CYCLE,
    &DEAD_END,
    &IMAGING_SEQUENCE,
    &IMAGING_ESCALATION,
    &CONTRAST_WITHOUT_RENAL_CHECK,
    &TREATMENT_WITHOUT_DIAGNOSIS,
    &UNCONFIRMED_DIAGNOSIS,
    &INVASIVE_WITHOUT_COAGULATION_SCREEN,
    &SURGERY_WITHOUT_INDICATION,
    &ESCALATION_ORDER,
    &UNADDRESSED_RISK_FACTOR,
    &TREATMENT_WITHOUT_EVIDENCE,
    &REVIEW_OVERDUE,
    &INVALID_CODE,
    &DATE_ORDER,
    &PLACEHOLDER_TEXT,
    &UNUSED_ALLOW,
    &SCENARIO_FAILED,
    &SCENARIO_UNKNOWN_ID,
    &SCENARIO_GUIDELINE,
    &SCENARIO_DUPLICATE_NAME,
];

/// Finds a rule by name (`dead-end`) or code (`GL203`, any case).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.name == name_or_code || rule.code.eq_ignore_ascii_case(name_or_code))
}

/// The candidate closest to `word` when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let word_length = word.chars().count();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .filter_map(|candidate| {
            let longest = word_length.max(candidate.chars().count());
            let allowed = 3.min(longest.div_ceil(3).max(1));
            // Lengths that differ by more than the allowed edits cannot match: skip the distance.
            if word_length.abs_diff(candidate.chars().count()) > allowed {
                return None;
            }
            // Optimal string alignment: insertions, deletions, substitutions and swaps of
            // neighbours, the typos people make.
            let distance = strsim::osa_distance(&word_lower, &candidate.to_lowercase());
            (distance <= allowed).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The names of every rule, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|rule| rule.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_typos_only() {
        assert_eq!(
            closest("modalty", ["modality", "sequence"]),
            Some("modality")
        );
        assert_eq!(
            closest("sequnce", ["modality", "sequence"]),
            Some("sequence")
        );
        assert_eq!(closest("zzz", ["modality", "sequence"]), None);
    }

    #[test]
    fn rules_are_found_by_name_or_code() {
        assert_eq!(find("duplicate-key").map(|rule| rule.code), Some("GL003"));
        assert_eq!(find("gl001").map(|rule| rule.name), Some("invalid-json"));
        assert!(find("nope").is_none());
    }
}

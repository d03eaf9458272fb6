//! Conditions as three-valued formulas over findings (docs/format.md, section 8.3): evaluation
//! under a partial assignment with Kleene's strong logic, the findings that decide a value, and an
//! exact search for a combination of findings that makes a
//! judgement hold, which the logic rules use to decide conditions (satisfiable, always true, never
//! eligible, a decision that can leave a patient nowhere).

use crate::model::Condition;
use fixedbitset::FixedBitSet;

/// A set of findings, by their index in the document's `findings` list.
pub type FindingSet = FixedBitSet;

/// The value of a finding or condition: Kleene's strong three-valued logic. Ordered `False <
/// Unknown < True`, so `and` is the minimum and `or` the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    /// False if either is false, true only if both are.
    pub fn and(self, other: Truth) -> Truth {
        self.min(other)
    }

    /// True if either is true, false only if both are.
    pub fn or(self, other: Truth) -> Truth {
        self.max(other)
    }

    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    /// "true", "false", "unknown".
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::False => "false",
            Truth::Unknown => "unknown",
            Truth::True => "true",
        }
    }
}

/// `not` of unknown is unknown.
impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
            Truth::True => Truth::False,
        }
    }
}

impl std::fmt::Display for Truth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known of a patient's findings at one moment: a finding in `known` is present when it is
/// in `present` and absent otherwise; a finding outside `known` is unknown, whatever `present` says
/// (a patient has findings nobody has elicited yet).
#[derive(Debug, Clone, Copy)]
pub struct Valuation<'s> {
    known: &'s FindingSet,
    present: &'s FindingSet,
}

impl<'s> Valuation<'s> {
    pub fn new(known: &'s FindingSet, present: &'s FindingSet) -> Self {
        Valuation { known, present }
    }

    /// The value of one finding.
    pub fn value(&self, finding: usize) -> Truth {
        if !self.known.contains(finding) {
            Truth::Unknown
        } else {
            Truth::from_bool(self.present.contains(finding))
        }
    }

    /// The findings whose value is known.
    pub fn known(&self) -> &'s FindingSet {
        self.known
    }
}

/// A condition with its finding ids resolved to indices: what evaluation and the searches read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    /// A finding; `None` for an id that names no finding (`unknown-reference` reports it), which
    /// stays unknown whatever is learnt.
    Finding(Option<usize>),
    /// True when every member is true; false when one is false.
    All(Vec<Formula>),
    /// True when one member is true; false when every member is false.
    Any(Vec<Formula>),
    Not(Box<Formula>),
}

impl Formula {
    /// Resolves a condition's finding ids with `finding_index`.
    pub fn compile(condition: &Condition, finding_index: &impl Fn(&str) -> Option<usize>) -> Self {
        let members = |members: &[Condition]| {
            members
                .iter()
                .map(|member| Formula::compile(member, finding_index))
                .collect()
        };
        match condition {
            Condition::Finding(id) => Formula::Finding(finding_index(id)),
            Condition::All(all) => Formula::All(members(all)),
            Condition::Any(any) => Formula::Any(members(any)),
            Condition::Not(inner) => Formula::Not(Box::new(Formula::compile(inner, finding_index))),
        }
    }

    /// The formula's value under `valuation` (Kleene's strong logic).
    pub fn evaluate(&self, valuation: Valuation<'_>) -> Truth {
        match self {
            Formula::Finding(Some(finding)) => valuation.value(*finding),
            Formula::Finding(None) => Truth::Unknown,
            Formula::All(members) => combine(members, valuation, Truth::True, Truth::and),
            Formula::Any(members) => combine(members, valuation, Truth::False, Truth::or),
            Formula::Not(inner) => !inner.evaluate(valuation),
        }
    }

    /// Calls `visit` with every finding the formula tests, in the order written (repeats included).
    pub fn for_each_finding(&self, visit: &mut impl FnMut(usize)) {
        match self {
            Formula::Finding(Some(finding)) => visit(*finding),
            Formula::Finding(None) => {}
            Formula::All(members) | Formula::Any(members) => {
                for member in members {
                    member.for_each_finding(visit);
                }
            }
            Formula::Not(inner) => inner.for_each_finding(visit),
        }
    }

    /// The findings the formula tests, each once, in the order first written.
    pub fn findings(&self) -> Vec<usize> {
        let mut findings = Vec::new();
        self.for_each_finding(&mut |finding| {
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        });
        findings
    }

    /// Whether `not` appears anywhere in the formula. Without it a formula is monotone in the
    /// findings: making one more finding present never turns it from true to false.
    pub fn uses_not(&self) -> bool {
        match self {
            Formula::Finding(_) => false,
            Formula::All(members) | Formula::Any(members) => members.iter().any(Formula::uses_not),
            Formula::Not(_) => true,
        }
    }

    /// The findings whose values give the formula its value under `valuation`, each once, in the
    /// order written: for a true `any`, those of its first true member; for a false `all`, those of
    /// its first false member; for an unknown formula, the unknown findings that leave it undecided;
    /// otherwise those of every member. What an explanation names after "because".
    pub fn reasons(&self, valuation: Valuation<'_>) -> Vec<usize> {
        let mut reasons = Vec::new();
        self.collect_reasons(valuation, &mut reasons);
        reasons
    }

    fn collect_reasons(&self, valuation: Valuation<'_>, reasons: &mut Vec<usize>) {
        let value = self.evaluate(valuation);
        match self {
            Formula::Finding(Some(finding)) => {
                if !reasons.contains(finding) {
                    reasons.push(*finding);
                }
            }
            Formula::Finding(None) => {}
            Formula::Not(inner) => inner.collect_reasons(valuation, reasons),
            Formula::All(members) | Formula::Any(members) => {
                // The member value that decides on its own: false for `all`, true for `any`.
                let decisive = if matches!(self, Formula::All(_)) {
                    Truth::False
                } else {
                    Truth::True
                };
                if value == decisive {
                    if let Some(member) = members
                        .iter()
                        .find(|member| member.evaluate(valuation) == decisive)
                    {
                        member.collect_reasons(valuation, reasons);
                    }
                } else {
                    // Every member counts; when undecided, only the undecided members do.
                    for member in members {
                        if value != Truth::Unknown || member.evaluate(valuation) == Truth::Unknown {
                            member.collect_reasons(valuation, reasons);
                        }
                    }
                }
            }
        }
    }

    /// A combination of values for the findings the formula tests that makes it true, if any: the
    /// formula is satisfiable. Every finding is taken as known (present or absent).
    pub fn satisfying(&self, universe: usize) -> Search {
        find_combination(universe, &self.findings(), |valuation, _| {
            self.evaluate(valuation)
        })
    }

    /// A combination of values for the findings the formula tests that makes it false, if any: the
    /// formula is not always true.
    pub fn falsifying(&self, universe: usize) -> Search {
        find_combination(universe, &self.findings(), |valuation, _| {
            !self.evaluate(valuation)
        })
    }
}

/// The members' values combined with `with` from `start` (true for `all`, false for `any`), stopping
/// at the first member that decides: the opposite of `start`.
fn combine(
    members: &[Formula],
    valuation: Valuation<'_>,
    start: Truth,
    with: fn(Truth, Truth) -> Truth,
) -> Truth {
    let mut value = start;
    for member in members {
        value = with(value, member.evaluate(valuation));
        if value == !start {
            break;
        }
    }
    value
}

/// Values chosen for some findings, as a search returns them: the findings in `known` have a value
/// (present when in `present`), the others are unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combination {
    pub known: FindingSet,
    pub present: FindingSet,
}

impl Combination {
    pub fn valuation(&self) -> Valuation<'_> {
        Valuation::new(&self.known, &self.present)
    }

    /// The known findings that are present, in index order.
    pub fn present(&self) -> impl Iterator<Item = usize> + '_ {
        self.known
            .ones()
            .filter(|finding| self.present.contains(*finding))
    }

    /// The known findings that are absent, in index order.
    pub fn absent(&self) -> impl Iterator<Item = usize> + '_ {
        self.known
            .ones()
            .filter(|finding| !self.present.contains(*finding))
    }
}

/// The outcome of [`find_combination`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// A combination that makes the judgement hold.
    Found(Combination),
    /// No combination does.
    Impossible,
    /// The search gave up after [`SEARCH_BUDGET`] judgements without an answer: the question is
    /// left undecided rather than answered wrongly or slowly.
    TooLarge,
}

impl Search {
    pub fn found(self) -> Option<Combination> {
        match self {
            Search::Found(combination) => Some(combination),
            Search::Impossible | Search::TooLarge => None,
        }
    }
}

/// How many judgements [`find_combination`] makes before it gives up. Conditions test few
/// findings and the search stops early on every branch whose value is decided, so real documents
/// stay far below this; a crafted one cannot make a check hang.
pub const SEARCH_BUDGET: usize = 1 << 20;

/// Looks for present/absent values for the findings of `over` (every other finding stays unknown)
/// for which `judge` holds.
///
/// The search gives findings values one at a time, in the order of `over`, and asks `judge` about
/// each partial combination, where the findings not yet given a value are unknown; the second
/// argument says whether every finding of `over` has one. `judge` answers `True` when every way of
/// completing the combination satisfies it (the search stops there), `False` when none does (the
/// branch is dropped), and `Unknown` to have the search go on; on a complete combination,
/// `Unknown` means "does not hold". Because Kleene's logic never changes a decided value when more
/// becomes known, judging a partial combination by evaluating conditions on it is exact: for
/// "condition C can be true", judge with `C.evaluate(valuation)`.
pub fn find_combination(
    universe: usize,
    over: &[usize],
    mut judge: impl FnMut(Valuation<'_>, bool) -> Truth,
) -> Search {
    let mut variables: Vec<usize> = Vec::with_capacity(over.len());
    for finding in over {
        if !variables.contains(finding) {
            variables.push(*finding);
        }
    }
    let universe = variables
        .iter()
        .map(|finding| finding + 1)
        .max()
        .unwrap_or(0)
        .max(universe);
    let mut known = FindingSet::with_capacity(universe);
    let mut present = FindingSet::with_capacity(universe);
    // For each finding given a value so far, whether it is on its second (absent) value.
    let mut second_value: Vec<bool> = Vec::with_capacity(variables.len());
    for _ in 0..SEARCH_BUDGET {
        let complete = second_value.len() == variables.len();
        match judge(Valuation::new(&known, &present), complete) {
            Truth::True => return Search::Found(Combination { known, present }),
            Truth::Unknown if !complete => {
                let finding = variables[second_value.len()];
                known.insert(finding);
                present.insert(finding);
                second_value.push(false);
            }
            _ => loop {
                // Backtrack to the latest finding still on its first value and try the second.
                let depth = second_value.len();
                let Some(last) = second_value.last_mut() else {
                    return Search::Impossible;
                };
                let finding = variables[depth - 1];
                if !*last {
                    *last = true;
                    present.set(finding, false);
                    break;
                }
                second_value.pop();
                known.set(finding, false);
                present.set(finding, false);
            },
        }
    }
    Search::TooLarge
}

/// Every combination of present/absent values for the findings of `over`, in binary counting
/// order (all present first), or `None` when `over` holds more than 20 findings (a million
/// combinations): for small sets, where listing beats searching.
pub fn combinations(universe: usize, over: &[usize]) -> Option<impl Iterator<Item = Combination>> {
    let mut variables: Vec<usize> = Vec::with_capacity(over.len());
    for finding in over {
        if !variables.contains(finding) {
            variables.push(finding.to_owned());
        }
    }
    if variables.len() > 20 {
        return None;
    }
    let universe = variables
        .iter()
        .map(|finding| finding + 1)
        .max()
        .unwrap_or(0)
        .max(universe);
    let mut known = FindingSet::with_capacity(universe);
    for finding in &variables {
        known.insert(*finding);
    }
    Some((0..1u32 << variables.len()).map(move |absent_bits| {
        let mut present = FindingSet::with_capacity(universe);
        for (bit, finding) in variables.iter().enumerate() {
            if absent_bits & (1 << bit) == 0 {
                present.insert(*finding);
            }
        }
        Combination {
            known: known.clone(),
            present,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(universe: usize, members: &[usize]) -> FindingSet {
        let mut set = FindingSet::with_capacity(universe);
        for member in members {
            set.insert(*member);
        }
        set
    }

    fn finding(index: usize) -> Formula {
        Formula::Finding(Some(index))
    }

    #[test]
    fn truth_follows_kleenes_strong_tables() {
        use Truth::*;
        let values = [False, Unknown, True];
        for a in values {
            for b in values {
                let and = if a == False || b == False {
                    False
                } else if a == True && b == True {
                    True
                } else {
                    Unknown
                };
                let or = if a == True || b == True {
                    True
                } else if a == False && b == False {
                    False
                } else {
                    Unknown
                };
                assert_eq!(a.and(b), and, "{a} and {b}");
                assert_eq!(a.or(b), or, "{a} or {b}");
            }
        }
        assert_eq!(!Unknown, Unknown);
        assert_eq!(!True, False);
    }

    #[test]
    fn a_finding_is_unknown_until_known_then_present_or_absent() {
        let known = set(3, &[0, 1]);
        let present = set(3, &[0, 2]);
        let valuation = Valuation::new(&known, &present);
        assert_eq!(valuation.value(0), Truth::True);
        assert_eq!(valuation.value(1), Truth::False);
        // Present in the patient, but nobody has elicited it yet.
        assert_eq!(valuation.value(2), Truth::Unknown);
    }

    #[test]
    fn all_and_any_decide_with_a_member_and_stay_unknown_otherwise() {
        let known = set(3, &[0, 1]);
        let present = set(3, &[0]);
        let valuation = Valuation::new(&known, &present);
        // 0 present, 1 absent, 2 unknown.
        let all = |members: Vec<Formula>| Formula::All(members);
        let any = |members: Vec<Formula>| Formula::Any(members);
        assert_eq!(
            all(vec![finding(0), finding(2)]).evaluate(valuation),
            Truth::Unknown
        );
        assert_eq!(
            all(vec![finding(1), finding(2)]).evaluate(valuation),
            Truth::False
        );
        assert_eq!(
            any(vec![finding(0), finding(2)]).evaluate(valuation),
            Truth::True
        );
        assert_eq!(
            any(vec![finding(1), finding(2)]).evaluate(valuation),
            Truth::Unknown
        );
        assert_eq!(
            Formula::Not(Box::new(finding(2))).evaluate(valuation),
            Truth::Unknown
        );
        assert_eq!(Formula::Finding(None).evaluate(valuation), Truth::Unknown);
    }

    #[test]
    fn reasons_name_the_findings_that_decide() {
        let known = set(4, &[0, 1, 2]);
        let present = set(4, &[1]);
        let valuation = Valuation::new(&known, &present);
        // any(0 absent, 1 present, 3 unknown) is true because of 1 alone.
        let any = Formula::Any(vec![finding(0), finding(1), finding(3)]);
        assert_eq!(any.reasons(valuation), vec![1]);
        // all(1 present, 2 absent) is false because of 2.
        let all = Formula::All(vec![finding(1), finding(2)]);
        assert_eq!(all.reasons(valuation), vec![2]);
        // any(0 absent, 3 unknown) is unknown because of 3.
        let undecided = Formula::Any(vec![finding(0), finding(3)]);
        assert_eq!(undecided.reasons(valuation), vec![3]);
        // any(0 absent, 2 absent) is false because of both.
        let false_any = Formula::Any(vec![finding(0), Formula::Not(Box::new(finding(1)))]);
        assert_eq!(false_any.reasons(valuation), vec![0, 1]);
    }

    #[test]
    fn a_contradiction_has_no_satisfying_combination() {
        let contradiction = Formula::All(vec![finding(0), Formula::Not(Box::new(finding(0)))]);
        assert_eq!(contradiction.satisfying(1), Search::Impossible);
        let tautology = Formula::Any(vec![finding(0), Formula::Not(Box::new(finding(0)))]);
        assert_eq!(tautology.falsifying(1), Search::Impossible);
        let satisfiable = Formula::All(vec![finding(0), Formula::Not(Box::new(finding(1)))]);
        let witness = satisfiable.satisfying(2).found().expect("satisfiable");
        assert_eq!(witness.present().collect::<Vec<_>>(), vec![0]);
        assert_eq!(witness.absent().collect::<Vec<_>>(), vec![1]);
        assert_eq!(satisfiable.evaluate(witness.valuation()), Truth::True);
    }

    #[test]
    fn the_search_stops_as_soon_as_a_partial_combination_decides() {
        // any of 40 findings: the first one present already decides, so two judgements suffice
        // where listing would take 2^40 combinations.
        let wide = Formula::Any((0..40).map(finding).collect());
        let mut judged = 0;
        let found = find_combination(40, &wide.findings(), |valuation, _| {
            judged += 1;
            wide.evaluate(valuation)
        });
        assert!(matches!(found, Search::Found(_)));
        assert_eq!(judged, 2);
    }

    #[test]
    fn the_search_can_leave_findings_unknown_for_undecided_judgements() {
        // "Some combination of 0 and 1, with 2 never known, follows no transition", where the
        // transitions need 0, and 1-and-2: 0 absent and 1 either way leaves both unfollowed.
        let transitions = [finding(0), Formula::All(vec![finding(1), finding(2)])];
        let found = find_combination(3, &[0, 1], |valuation, complete| {
            let values: Vec<Truth> = transitions.iter().map(|t| t.evaluate(valuation)).collect();
            if values.contains(&Truth::True) {
                Truth::False
            } else if complete || values.iter().all(|value| *value == Truth::False) {
                Truth::True
            } else {
                Truth::Unknown
            }
        })
        .found()
        .expect("a combination that follows nothing");
        assert_eq!(found.absent().collect::<Vec<_>>(), vec![0]);
        assert!(!found.known.contains(2));
    }

    #[test]
    fn a_search_beyond_its_budget_says_so() {
        // Parity of 24 findings: nothing is decided before every finding has a value, and no
        // combination satisfies the judgement, so the search would visit 2^25 nodes.
        let over: Vec<usize> = (0..24).collect();
        let outcome = find_combination(24, &over, |_, complete| {
            if complete {
                Truth::False
            } else {
                Truth::Unknown
            }
        });
        assert_eq!(outcome, Search::TooLarge);
    }

    #[test]
    fn combinations_list_every_assignment_of_a_small_set() {
        let all: Vec<Combination> = combinations(5, &[1, 3, 1]).expect("small").collect();
        assert_eq!(all.len(), 4);
        let presents: Vec<Vec<usize>> = all.iter().map(|c| c.present().collect()).collect();
        assert_eq!(presents, vec![vec![1, 3], vec![3], vec![1], vec![]]);
        assert!(combinations(30, &(0..21).collect::<Vec<_>>()).is_none());
    }
}

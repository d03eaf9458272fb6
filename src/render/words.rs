//! Conditions in words: `{"not": {"finding": "fever"}}` reads "unless fever". Written once and used
//! by every drawing (edge labels) and by the review pages (step guards, indications), so a reviewer
//! reads the same sentence wherever a condition appears.

use super::describe::Lookup;
use crate::model::Condition;

/// The condition as a clause: "if active bleeding suspected", "if all of: A, B", "unless C".
pub fn condition(condition: &Condition<'_>, lookup: &Lookup<'_>) -> String {
    let mut out = String::new();
    write_condition(&mut out, condition, lookup);
    out
}

/// Appends [`condition`]'s clause to `out` (as text: a page escapes it).
pub fn write_condition(out: &mut String, condition: &Condition<'_>, lookup: &Lookup<'_>) {
    match condition {
        Condition::Not(inner) => {
            out.push_str("unless ");
            phrase(out, inner, lookup, false);
        }
        other => {
            out.push_str("if ");
            phrase(out, other, lookup, false);
        }
    }
}

/// Appends the condition without its leading "if" to `out`: what must hold ("any of: A, B").
pub fn write_requirement(out: &mut String, condition: &Condition<'_>, lookup: &Lookup<'_>) {
    phrase(out, condition, lookup, false);
}

/// Writes the phrase straight into `out`, without building its parts first: conditions are read
/// for every transition of every page `guidelint render` writes.
fn phrase(out: &mut String, condition: &Condition<'_>, lookup: &Lookup<'_>, nested: bool) {
    match condition {
        Condition::Finding(id) => match lookup.finding_name(id) {
            Some(name) => push_lowercase_first(out, name),
            None => {
                out.push('“');
                out.push_str(id);
                out.push_str("” (no such finding)");
            }
        },
        Condition::Not(inner) => {
            out.push_str("not ");
            phrase(out, inner, lookup, true);
        }
        Condition::All(parts) | Condition::Any(parts) => {
            let quantifier = if matches!(condition, Condition::All(_)) {
                "all of"
            } else {
                "any of"
            };
            match parts.as_slice() {
                [] => {
                    out.push_str(quantifier);
                    out.push_str(": nothing");
                }
                // "any of: A" says no more than "A".
                [only] => phrase(out, only, lookup, nested),
                parts => {
                    // Finding names may hold commas; then semicolons keep the items apart.
                    let separator = if parts.iter().any(|part| has_comma(part, lookup)) {
                        "; "
                    } else {
                        ", "
                    };
                    if nested {
                        out.push('(');
                    }
                    out.push_str(quantifier);
                    out.push_str(": ");
                    for (index, part) in parts.iter().enumerate() {
                        if index > 0 {
                            out.push_str(separator);
                        }
                        phrase(out, part, lookup, true);
                    }
                    if nested {
                        out.push(')');
                    }
                }
            }
        }
    }
}

/// Whether the phrase of `condition` as a list item holds a comma.
fn has_comma(condition: &Condition<'_>, lookup: &Lookup<'_>) -> bool {
    match condition {
        Condition::Finding(id) => lookup.finding_name(id).unwrap_or(id).contains(','),
        Condition::Not(inner) => has_comma(inner, lookup),
        Condition::All(parts) | Condition::Any(parts) => match parts.as_slice() {
            [] => false,
            [only] => has_comma(only, lookup),
            // A list of two or more is written with commas, or with semicolons between items
            // that hold commas.
            _ => true,
        },
    }
}

/// "Active bleeding" reads "active bleeding" inside a sentence; "CT shows" and "MRI" keep their
/// capitals, as does a one-letter word.
fn push_lowercase_first(out: &mut String, name: &str) {
    let mut characters = name.chars();
    match (characters.next(), characters.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            out.extend(first.to_lowercase());
            out.push_str(&name[first.len_utf8()..]);
        }
        _ => out.push_str(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Condition::{All, Any, Finding, Not};

    fn lookup() -> Lookup<'static> {
        Lookup::from_findings([
            ("bleeding", "Active bleeding"),
            ("mass", "Pulsatile mass, felt in the groin"),
            ("ct", "CT shows a hematoma"),
            ("pain", "Pain"),
        ])
    }

    #[test]
    fn a_finding_reads_as_its_name() {
        assert_eq!(
            condition(&Finding("bleeding"), &lookup()),
            "if active bleeding"
        );
        assert_eq!(
            condition(&Finding("ct"), &lookup()),
            "if CT shows a hematoma"
        );
    }

    #[test]
    fn all_any_and_not_read_as_words() {
        let both = All(vec![Finding("bleeding"), Finding("pain")]);
        assert_eq!(
            condition(&both, &lookup()),
            "if all of: active bleeding, pain"
        );
        let unless = Not(Box::new(Finding("pain")));
        assert_eq!(condition(&unless, &lookup()), "unless pain");
        let nested = Any(vec![
            Finding("pain"),
            All(vec![Finding("bleeding"), Not(Box::new(Finding("ct")))]),
        ]);
        assert_eq!(
            condition(&nested, &lookup()),
            "if any of: pain; (all of: active bleeding, not CT shows a hematoma)"
        );
    }

    #[test]
    fn names_with_commas_are_separated_by_semicolons() {
        let either = Any(vec![Finding("mass"), Finding("pain")]);
        assert_eq!(
            condition(&either, &lookup()),
            "if any of: pulsatile mass, felt in the groin; pain"
        );
    }

    #[test]
    fn nested_lists_hold_commas_and_are_kept_apart_by_semicolons() {
        let nested = All(vec![
            Finding("pain"),
            Any(vec![Finding("bleeding"), Finding("ct")]),
            Not(Box::new(Any(vec![Finding("pain")]))),
        ]);
        assert_eq!(
            condition(&nested, &lookup()),
            "if all of: pain; (any of: active bleeding, CT shows a hematoma); not pain"
        );
        let unknown = Any(vec![Finding("a,b"), Finding("pain")]);
        assert_eq!(
            condition(&unknown, &lookup()),
            "if any of: “a,b” (no such finding); pain"
        );
        let mut requirement = String::new();
        write_requirement(
            &mut requirement,
            &Any(vec![Finding("pain"), All(vec![])]),
            &lookup(),
        );
        assert_eq!(requirement, "any of: pain, all of: nothing");
    }

    #[test]
    fn one_item_lists_and_unknown_findings_still_read() {
        assert_eq!(condition(&Any(vec![Finding("pain")]), &lookup()), "if pain");
        assert_eq!(condition(&All(vec![]), &lookup()), "if all of: nothing");
        assert_eq!(
            condition(&Finding("fever"), &lookup()),
            "if “fever” (no such finding)"
        );
    }
}

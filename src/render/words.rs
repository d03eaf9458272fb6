//! Conditions in words: `{"not": {"finding": "fever"}}` reads "unless fever". Written once and used
//! by every drawing (edge labels) and by the review pages (step guards, indications), so a reviewer
//! reads the same sentence wherever a condition appears.

use super::describe::Lookup;
use crate::model::Condition;

/// The condition as a clause: "if active bleeding suspected", "if all of: A, B", "unless C".
pub fn condition(condition: &Condition<'_>, lookup: &Lookup<'_>) -> String {
    match condition {
        Condition::Not(inner) => format!("unless {}", phrase(inner, lookup, false)),
        other => format!("if {}", phrase(other, lookup, false)),
    }
}

/// The condition without its leading "if": what must hold ("any of: A, B").
pub fn requirement(condition: &Condition<'_>, lookup: &Lookup<'_>) -> String {
    phrase(condition, lookup, false)
}

fn phrase(condition: &Condition<'_>, lookup: &Lookup<'_>, nested: bool) -> String {
    match condition {
        Condition::Finding(id) => match lookup.finding_name(id) {
            Some(name) => lowercase_first(name),
            None => format!("“{id}” (no such finding)"),
        },
        Condition::Not(inner) => format!("not {}", phrase(inner, lookup, true)),
        Condition::All(parts) | Condition::Any(parts) => {
            let quantifier = if matches!(condition, Condition::All(_)) {
                "all of"
            } else {
                "any of"
            };
            match parts.as_slice() {
                [] => format!("{quantifier}: nothing"),
                // "any of: A" says no more than "A".
                [only] => phrase(only, lookup, nested),
                parts => {
                    let items: Vec<String> = parts
                        .iter()
                        .map(|part| phrase(part, lookup, true))
                        .collect();
                    // Finding names may hold commas; then semicolons keep the items apart.
                    let separator = if items.iter().any(|item| item.contains(',')) {
                        "; "
                    } else {
                        ", "
                    };
                    let list = format!("{quantifier}: {}", items.join(separator));
                    if nested { format!("({list})") } else { list }
                }
            }
        }
    }
}

/// "Active bleeding" reads "active bleeding" inside a sentence; "CT shows" and "MRI" keep their
/// capitals, as does a one-letter word.
fn lowercase_first(name: &str) -> String {
    let mut characters = name.chars();
    match (characters.next(), characters.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => first
            .to_lowercase()
            .chain(name[first.len_utf8()..].chars())
            .collect(),
        _ => name.to_string(),
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
    fn one_item_lists_and_unknown_findings_still_read() {
        assert_eq!(condition(&Any(vec![Finding("pain")]), &lookup()), "if pain");
        assert_eq!(condition(&All(vec![]), &lookup()), "if all of: nothing");
        assert_eq!(
            condition(&Finding("fever"), &lookup()),
            "if “fever” (no such finding)"
        );
    }
}

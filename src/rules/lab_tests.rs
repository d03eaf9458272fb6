//! The laboratory tests the consistency rules recognise: coagulation tests (for
//! `invasive-without-coagulation-screen`) and renal-function tests (for
//! `contrast-without-renal-check`).
//!
//! A test is recognised by its LOINC code or by its name. A name matches when one of the table's
//! names appears in it as whole words, ignoring case and runs of whitespace: "PT" matches `PT`,
//! `PT/INR` and `Prothrombin time (PT)`, but not `aPTT` or `optional`. Every LOINC code in the table
//! passes its check digit (see the tests below).

use crate::model::{LabTest, Step, StepKind};
use std::sync::LazyLock;

/// What a recognised test tells the clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestGroup {
    /// Clotting function: PT, aPTT, INR.
    Coagulation,
    /// Kidney function: creatinine, eGFR, urea, or a panel containing them.
    RenalFunction,
}

/// One recognised test.
#[derive(Debug)]
pub struct KnownTest {
    pub group: TestGroup,
    /// Names and abbreviations, matched as whole words, ignoring case.
    pub names: &'static [&'static str],
    /// LOINC codes, matched exactly when the test's code system is `loinc`.
    pub loinc: &'static [&'static str],
}

/// The one table of recognised tests.
pub const KNOWN_TESTS: &[KnownTest] = &[
    // Prothrombin time; 5902-2 in platelet-poor plasma, 5964-2 in blood, 34528-0 the PT panel
    // (PT with its INR).
    KnownTest {
        group: TestGroup::Coagulation,
        names: &["PT", "prothrombin time"],
        loinc: &["5902-2", "5964-2", "34528-0"],
    },
    // Activated partial thromboplastin time (matched case-insensitively, so `APTT` too); 14979-9 in
    // platelet-poor plasma, 3173-2 in blood.
    KnownTest {
        group: TestGroup::Coagulation,
        names: &["aPTT", "PTT", "partial thromboplastin time"],
        loinc: &["14979-9", "3173-2"],
    },
    // International normalized ratio; 6301-6 in platelet-poor plasma, 34714-6 in blood.
    KnownTest {
        group: TestGroup::Coagulation,
        names: &[
            "INR",
            "international normalized ratio",
            "international normalised ratio",
        ],
        loinc: &["6301-6", "34714-6"],
    },
    // A named set of clotting tests.
    KnownTest {
        group: TestGroup::Coagulation,
        names: &[
            "coagulation panel",
            "coagulation studies",
            "coagulation screen",
        ],
        loinc: &[],
    },
    // Creatinine; 2160-0 in serum or plasma, 38483-4 in blood.
    KnownTest {
        group: TestGroup::RenalFunction,
        names: &["creatinine"],
        loinc: &["2160-0", "38483-4"],
    },
    // Estimated glomerular filtration rate: 33914-3 (MDRD), 48642-3 and 48643-1 (MDRD with race
    // terms), 62238-1 (CKD-EPI), 98979-8 (CKD-EPI 2021).
    KnownTest {
        group: TestGroup::RenalFunction,
        names: &["eGFR", "GFR", "glomerular filtration rate"],
        loinc: &["33914-3", "48642-3", "48643-1", "62238-1", "98979-8"],
    },
    // Urea and blood urea nitrogen; 3094-0 urea nitrogen in serum or plasma.
    KnownTest {
        group: TestGroup::RenalFunction,
        names: &["urea", "BUN"],
        loinc: &["3094-0"],
    },
    // Panels that include creatinine: 24362-6 renal function panel, 24323-8 comprehensive metabolic
    // panel, 51990-0 and 24321-2 basic metabolic panel. "Metabolic panel" covers the basic and the
    // comprehensive one.
    KnownTest {
        group: TestGroup::RenalFunction,
        names: &[
            "renal function",
            "kidney function",
            "chemistry panel",
            "metabolic panel",
            "BMP",
            "CMP",
        ],
        loinc: &["24362-6", "24323-8", "51990-0", "24321-2"],
    },
];

/// Whether `test` belongs to `group`, by LOINC code or by name.
pub fn is_test_of(test: &LabTest, group: TestGroup) -> bool {
    let loinc = test
        .code
        .as_ref()
        .filter(|code| code.system == "loinc")
        .map(|code| code.code);
    let in_group = || KNOWN_TESTS.iter().filter(|known| known.group == group);
    if loinc.is_some_and(|code| in_group().any(|known| known.loinc.contains(&code))) {
        return true;
    }
    let name = normalize(test.name);
    NORMALIZED_NAMES
        .iter()
        .filter(|known| known.group == group)
        .any(|known| contains_words(&name, &known.finder))
}

/// A name of `KNOWN_TESTS`, normalized, with its substring searcher built once.
struct KnownName {
    group: TestGroup,
    finder: memchr::memmem::Finder<'static>,
}

/// The names of `KNOWN_TESTS`, normalized once.
static NORMALIZED_NAMES: LazyLock<Vec<KnownName>> = LazyLock::new(|| {
    KNOWN_TESTS
        .iter()
        .flat_map(|known| {
            known.names.iter().map(|name| KnownName {
                group: known.group,
                finder: memchr::memmem::Finder::new(normalize(name).as_bytes()).into_owned(),
            })
        })
        .collect()
});

/// Whether `step` is a laboratory step ordering a test of `group`.
pub fn step_orders(step: &Step, group: TestGroup) -> bool {
    step.kind == StepKind::Laboratory && step.tests.iter().any(|test| is_test_of(test, group))
}

/// Lower case, with every run of whitespace turned into one space.
fn normalize(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.extend(word.chars().flat_map(char::to_lowercase));
    }
    normalized
}

/// Whether the needle of `finder` occurs in `haystack` with no letter or digit right before or
/// after it.
fn contains_words(haystack: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    let needle_len = finder.needle().len();
    if needle_len == 0 {
        return false;
    }
    finder.find_iter(haystack.as_bytes()).any(|start| {
        // The needle is whole characters, so both ends of a match are character boundaries.
        let before = haystack
            .get(..start)
            .and_then(|text| text.chars().next_back());
        let after = haystack
            .get(start + needle_len..)
            .and_then(|text| text.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;
    use crate::rules::codes::CodeSystem;

    fn named(name: &str) -> LabTest<'_> {
        LabTest { name, code: None }
    }

    fn coded<'a>(system: &'a str, code: &'a str) -> LabTest<'a> {
        LabTest {
            name: "Blood test",
            code: Some(Code {
                system,
                code,
                display: None,
            }),
        }
    }

    #[test]
    fn every_loinc_code_in_the_table_is_valid_and_listed_once() {
        let mut seen = Vec::new();
        for known in KNOWN_TESTS {
            for code in known.loinc {
                assert_eq!(CodeSystem::Loinc.validate(code), Ok(()), "{code}");
                assert!(!seen.contains(code), "{code} is listed twice");
                seen.push(code);
            }
        }
    }

    #[test]
    fn coagulation_tests_are_recognised_by_name() {
        for name in [
            "PT",
            "pt",
            "PT/INR",
            "PT-INR",
            "Prothrombin time (PT)",
            "Prothrombin  time",
            "aPTT",
            "APTT",
            "Activated partial thromboplastin time (aPTT)",
            "PTT",
            "INR",
            "International normalized ratio",
            "Coagulation panel",
            "Coagulation studies",
            "Coagulation screen",
        ] {
            assert!(is_test_of(&named(name), TestGroup::Coagulation), "{name}");
        }
    }

    #[test]
    fn names_match_on_word_boundaries_only() {
        for name in [
            "Optional panel",
            "Complete blood count (CBC)",
            "Platelets",
            "Interrupted",
            "Coagulation",
            "PTH",
        ] {
            assert!(!is_test_of(&named(name), TestGroup::Coagulation), "{name}");
        }
        // "PT" inside "aPTT" does not count, but aPTT itself is a coagulation test.
        assert!(is_test_of(&named("aPTT"), TestGroup::Coagulation));
        for name in [
            "Ureaplasma culture",
            "Bunny",
            "Glucose",
            "Complete blood count",
            "Liver function",
        ] {
            assert!(
                !is_test_of(&named(name), TestGroup::RenalFunction),
                "{name}"
            );
        }
    }

    #[test]
    fn renal_function_tests_are_recognised_by_name() {
        for name in [
            "Creatinine",
            "Serum creatinine",
            "eGFR",
            "Estimated glomerular filtration rate",
            "Urea and electrolytes",
            "BUN",
            "Renal function tests",
            "Kidney function panel",
            "Blood chemistry panel",
            "Basic metabolic panel",
            "Comprehensive metabolic panel (CMP)",
            "BMP",
        ] {
            assert!(is_test_of(&named(name), TestGroup::RenalFunction), "{name}");
        }
    }

    #[test]
    fn tests_are_recognised_by_loinc_code() {
        assert!(is_test_of(
            &coded("loinc", "5902-2"),
            TestGroup::Coagulation
        ));
        assert!(is_test_of(
            &coded("loinc", "6301-6"),
            TestGroup::Coagulation
        ));
        assert!(is_test_of(
            &coded("loinc", "14979-9"),
            TestGroup::Coagulation
        ));
        assert!(is_test_of(
            &coded("loinc", "2160-0"),
            TestGroup::RenalFunction
        ));
        assert!(is_test_of(
            &coded("loinc", "24323-8"),
            TestGroup::RenalFunction
        ));
        assert!(!is_test_of(
            &coded("loinc", "58410-2"),
            TestGroup::Coagulation
        ));
        assert!(!is_test_of(
            &coded("loinc", "5902-2"),
            TestGroup::RenalFunction
        ));
        // Codes of other systems are not LOINC codes, whatever their digits.
        assert!(!is_test_of(
            &coded("local", "5902-2"),
            TestGroup::Coagulation
        ));
    }

    #[test]
    fn the_groups_do_not_overlap() {
        for known in KNOWN_TESTS {
            let other = match known.group {
                TestGroup::Coagulation => TestGroup::RenalFunction,
                TestGroup::RenalFunction => TestGroup::Coagulation,
            };
            for name in known.names {
                assert!(!is_test_of(&named(name), other), "{name}");
            }
            for code in known.loinc {
                assert!(!is_test_of(&coded("loinc", code), other), "{code}");
            }
        }
    }
}

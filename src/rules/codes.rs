//! The checks `invalid-code` runs on a code of a known terminology: the shape each system writes
//! its codes in, and the check digits of LOINC (mod 10) and SNOMED CT (Verhoeff).

/// A terminology whose codes guidelint can check; other systems are accepted unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSystem {
    Loinc,
    SnomedCt,
    Icd10Cm,
    RxNorm,
}

impl CodeSystem {
    /// The system for a `system` value, spelled exactly as docs/format.md section 1.8 lists it.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "loinc" => Some(CodeSystem::Loinc),
            "snomed-ct" => Some(CodeSystem::SnomedCt),
            "icd-10-cm" => Some(CodeSystem::Icd10Cm),
            "rxnorm" => Some(CodeSystem::RxNorm),
            _ => None,
        }
    }

    /// The `system` value that names it, as docs/format.md section 1.8 spells it.
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Loinc => "loinc",
            CodeSystem::SnomedCt => "snomed-ct",
            CodeSystem::Icd10Cm => "icd-10-cm",
            CodeSystem::RxNorm => "rxnorm",
        }
    }

    /// The system that `name` spells otherwise than section 1.8 (`SNOMED CT`, `snomed_ct`,
    /// `LOINC`, `icd10cm`): the same letters and digits, whatever the case and punctuation.
    /// `None` for a name spelled exactly, and for any other terminology.
    pub fn from_variant(name: &str) -> Option<Self> {
        if CodeSystem::from_name(name).is_some() {
            return None;
        }
        let letters: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|character| character.to_ascii_lowercase())
            .collect();
        [
            CodeSystem::Loinc,
            CodeSystem::SnomedCt,
            CodeSystem::Icd10Cm,
            CodeSystem::RxNorm,
        ]
        .into_iter()
        .find(|system| system.name().replace('-', "") == letters)
    }

    /// The name the terminology goes by, for messages.
    pub fn title(self) -> &'static str {
        match self {
            CodeSystem::Loinc => "LOINC",
            CodeSystem::SnomedCt => "SNOMED CT",
            CodeSystem::Icd10Cm => "ICD-10-CM",
            CodeSystem::RxNorm => "RxNorm",
        }
    }

    /// "a LOINC", "an ICD-10-CM": the name with its indefinite article, for messages.
    pub fn title_with_article(self) -> &'static str {
        match self {
            CodeSystem::Loinc => "a LOINC",
            CodeSystem::SnomedCt => "a SNOMED CT",
            CodeSystem::Icd10Cm => "an ICD-10-CM",
            CodeSystem::RxNorm => "an RxNorm",
        }
    }

    /// What a code of this system looks like, for messages.
    pub fn shape(self) -> &'static str {
        match self {
            CodeSystem::Loinc => "1 to 7 digits, a hyphen and a check digit, such as `5902-2`",
            CodeSystem::SnomedCt => "6 to 18 digits without a leading zero, such as `385494008`",
            CodeSystem::Icd10Cm => {
                "a capital letter, a digit and a capital letter or digit, then optionally a dot and 1 to 4 \
                 capital letters or digits, such as `M79.81`"
            }
            CodeSystem::RxNorm => "digits only, such as `11289`",
        }
    }

    /// Checks `code` against this system's rules.
    pub fn validate(self, code: &str) -> Result<(), CodeError> {
        match self {
            CodeSystem::Loinc => validate_loinc(code),
            CodeSystem::SnomedCt => validate_snomed_ct(code),
            CodeSystem::Icd10Cm => validate_icd_10_cm(code),
            CodeSystem::RxNorm => {
                if !code.is_empty() && code.bytes().all(|byte| byte.is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(CodeError::Shape { suggestion: None })
                }
            }
        }
    }
}

/// Why a code fails its system's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// The text does not have the system's shape; `suggestion` is the same code in the right shape
    /// when the only problem is letter case or a missing dot.
    Shape { suggestion: Option<String> },
    /// A SNOMED CT identifier starting with `0`.
    LeadingZero,
    /// A SNOMED CT partition identifier (the two digits before the check digit) other than
    /// 00, 01, 02 (short-format concept, description, relationship) or 10, 11, 12 (long format).
    Partition { found: String },
    /// The last digit differs from the check digit the other digits give.
    CheckDigit { found: char, expected: char },
}

/// The SNOMED CT partition identifiers of concepts, descriptions and relationships.
const SNOMED_CT_PARTITIONS: [&str; 6] = ["00", "01", "02", "10", "11", "12"];

fn validate_loinc(code: &str) -> Result<(), CodeError> {
    let shape = Err(CodeError::Shape { suggestion: None });
    let Some((base, check)) = code.split_once('-') else {
        return shape;
    };
    let all_digits = |text: &str| text.bytes().all(|byte| byte.is_ascii_digit());
    if !(1..=7).contains(&base.len()) || !all_digits(base) || check.len() != 1 || !all_digits(check)
    {
        return shape;
    }
    compare_check_digit(check, loinc_check_digit(base))
}

fn validate_snomed_ct(code: &str) -> Result<(), CodeError> {
    if !(6..=18).contains(&code.len()) || !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(CodeError::Shape { suggestion: None });
    }
    if code.starts_with('0') {
        return Err(CodeError::LeadingZero);
    }
    let (payload, check) = code.split_at(code.len() - 1);
    let partition = &payload[payload.len() - 2..];
    if !SNOMED_CT_PARTITIONS.contains(&partition) {
        return Err(CodeError::Partition {
            found: partition.to_string(),
        });
    }
    compare_check_digit(check, verhoeff_check_digit(payload))
}

fn validate_icd_10_cm(code: &str) -> Result<(), CodeError> {
    if icd_10_cm_shape(code) {
        return Ok(());
    }
    // Offer the code in capitals, and with the dot after the category, when that is all it lacks.
    let mut suggestion = code.to_ascii_uppercase();
    if !suggestion.contains('.') && (4..=7).contains(&suggestion.len()) && suggestion.is_ascii() {
        suggestion.insert(3, '.');
    }
    let suggestion = (suggestion != code && icd_10_cm_shape(&suggestion)).then_some(suggestion);
    Err(CodeError::Shape { suggestion })
}

/// Letter, digit, letter or digit, then optionally a dot and 1 to 4 letters or digits (capitals).
fn icd_10_cm_shape(code: &str) -> bool {
    let bytes = code.as_bytes();
    let alphanumeric = |byte: &u8| byte.is_ascii_uppercase() || byte.is_ascii_digit();
    let category = match bytes {
        [letter, digit, third, ..] => {
            letter.is_ascii_uppercase() && digit.is_ascii_digit() && alphanumeric(third)
        }
        _ => false,
    };
    category
        && match &bytes[3..] {
            [] => true,
            [b'.', rest @ ..] => (1..=4).contains(&rest.len()) && rest.iter().all(alphanumeric),
            _ => false,
        }
}

fn compare_check_digit(found: &str, expected: u8) -> Result<(), CodeError> {
    let expected = char::from(b'0' + expected);
    match found.chars().next() {
        Some(found) if found == expected => Ok(()),
        Some(found) => Err(CodeError::CheckDigit { found, expected }),
        None => Err(CodeError::Shape { suggestion: None }),
    }
}

/// LOINC's mod 10 check digit of the digits before the hyphen: from the right, every other digit
/// starting with the last is doubled, the digits of all results are summed, and the check digit
/// brings the sum up to a multiple of ten (the Luhn scheme). `base` must be ASCII digits.
pub fn loinc_check_digit(base: &str) -> u8 {
    let sum: u32 = base
        .bytes()
        .rev()
        .enumerate()
        .map(|(position, byte)| {
            let digit = u32::from(byte - b'0');
            if position % 2 == 0 {
                let doubled = digit * 2;
                doubled / 10 + doubled % 10
            } else {
                digit
            }
        })
        .sum();
    // `sum % 10` is below 10, so the result always fits.
    ((10 - sum % 10) % 10) as u8
}

/// Verhoeff's dihedral group D5 multiplication table.
const VERHOEFF_MULTIPLY: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Verhoeff's position-dependent permutations: row `i` applies to the digit `i` places (mod 8)
/// from the right, the check digit's own place being 0.
const VERHOEFF_PERMUTE: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// The inverse of each element of D5.
const VERHOEFF_INVERSE: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit SNOMED CT appends to an identifier's other digits. `payload` must be
/// ASCII digits.
pub fn verhoeff_check_digit(payload: &str) -> u8 {
    let mut check = 0u8;
    for (position, byte) in payload.bytes().rev().enumerate() {
        let digit = usize::from(byte - b'0');
        check = VERHOEFF_MULTIPLY[usize::from(check)]
            [usize::from(VERHOEFF_PERMUTE[(position + 1) % 8][digit])];
    }
    VERHOEFF_INVERSE[usize::from(check)]
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOINC: [&str; 5] = ["5902-2", "6301-6", "14979-9", "24323-8", "58410-2"];
    const SNOMED_CT: [&str; 3] = ["385494008", "138875005", "422587007"];

    /// Every code obtained by replacing one digit of `code` with another digit.
    fn one_digit_corruptions(code: &str) -> Vec<String> {
        let mut corruptions = Vec::new();
        for (index, byte) in code
            .bytes()
            .enumerate()
            .filter(|(_, byte)| byte.is_ascii_digit())
        {
            for replacement in (b'0'..=b'9').filter(|replacement| *replacement != byte) {
                let mut corrupted = code.as_bytes().to_vec();
                corrupted[index] = replacement;
                corruptions.push(String::from_utf8(corrupted).unwrap());
            }
        }
        corruptions
    }

    #[test]
    fn real_loinc_codes_pass() {
        for code in LOINC {
            assert_eq!(CodeSystem::Loinc.validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn every_one_digit_corruption_of_a_loinc_code_fails() {
        for code in LOINC {
            let corruptions = one_digit_corruptions(code);
            assert_eq!(corruptions.len(), 9 * (code.len() - 1));
            for corrupted in corruptions {
                assert!(
                    CodeSystem::Loinc.validate(&corrupted).is_err(),
                    "{corrupted} (from {code}) passed"
                );
            }
        }
    }

    #[test]
    fn a_wrong_loinc_check_digit_names_the_right_one() {
        assert_eq!(
            CodeSystem::Loinc.validate("5902-3"),
            Err(CodeError::CheckDigit {
                found: '3',
                expected: '2'
            })
        );
    }

    #[test]
    fn loinc_shape_is_checked() {
        for code in [
            "5902",
            "5902-",
            "-2",
            "5902-22",
            "12345678-9",
            "59O2-2",
            "5902 -2",
            " 5902-2",
            "5902-2-2",
        ] {
            assert_eq!(
                CodeSystem::Loinc.validate(code),
                Err(CodeError::Shape { suggestion: None }),
                "{code}"
            );
        }
        // A one-digit base is allowed (0 doubled is 0, so its check digit is 0).
        assert_eq!(CodeSystem::Loinc.validate("0-0"), Ok(()));
    }

    #[test]
    fn real_snomed_ct_codes_pass() {
        for code in SNOMED_CT {
            assert_eq!(CodeSystem::SnomedCt.validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn every_one_digit_corruption_of_a_snomed_ct_code_fails() {
        for code in SNOMED_CT {
            let corruptions = one_digit_corruptions(code);
            assert_eq!(corruptions.len(), 9 * code.len());
            for corrupted in corruptions {
                assert!(
                    CodeSystem::SnomedCt.validate(&corrupted).is_err(),
                    "{corrupted} (from {code}) passed"
                );
            }
        }
    }

    #[test]
    fn verhoeff_detects_every_adjacent_transposition_of_real_codes() {
        for code in SNOMED_CT {
            for index in 0..code.len() - 1 {
                let mut swapped = code.as_bytes().to_vec();
                swapped.swap(index, index + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                if swapped != code {
                    assert!(
                        CodeSystem::SnomedCt.validate(&swapped).is_err(),
                        "{swapped} (from {code}) passed"
                    );
                }
            }
        }
    }

    #[test]
    fn snomed_ct_failures_say_why() {
        assert_eq!(
            CodeSystem::SnomedCt.validate("385494007"),
            Err(CodeError::CheckDigit {
                found: '7',
                expected: '8'
            })
        );
        assert_eq!(
            CodeSystem::SnomedCt.validate("085494008"),
            Err(CodeError::LeadingZero)
        );
        assert_eq!(
            CodeSystem::SnomedCt.validate("385494308"),
            Err(CodeError::Partition {
                found: "30".to_string()
            })
        );
        for code in [
            "12345",
            "1234567890123456789",
            "38549400A",
            "385 494 008",
            "",
        ] {
            assert_eq!(
                CodeSystem::SnomedCt.validate(code),
                Err(CodeError::Shape { suggestion: None }),
                "{code}"
            );
        }
    }

    #[test]
    fn long_format_snomed_ct_identifiers_pass() {
        // A concept id in the extension namespace 1000036 (partition 10): item id, namespace, partition.
        let payload = "1000000100003610";
        let code = format!("{payload}{}", verhoeff_check_digit(payload));
        assert_eq!(CodeSystem::SnomedCt.validate(&code), Ok(()));
    }

    #[test]
    fn icd_10_cm_shapes() {
        for code in [
            "M79.81", "S72.001A", "I82.40", "N23", "N20.1", "T36.0X1A", "A00",
        ] {
            assert_eq!(CodeSystem::Icd10Cm.validate(code), Ok(()), "{code}");
        }
        for code in [
            "M7",
            "79.81",
            "MM9.81",
            "M79.",
            "M79.81234",
            "M79-81",
            "M79.8 1",
            "",
        ] {
            assert_eq!(
                CodeSystem::Icd10Cm.validate(code),
                Err(CodeError::Shape { suggestion: None }),
                "{code}"
            );
        }
    }

    #[test]
    fn icd_10_cm_suggests_capitals_and_the_dot() {
        let suggestion = |code: &str| match CodeSystem::Icd10Cm.validate(code) {
            Err(CodeError::Shape { suggestion }) => suggestion,
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(suggestion("m79.81").as_deref(), Some("M79.81"));
        assert_eq!(suggestion("M7981").as_deref(), Some("M79.81"));
        assert_eq!(suggestion("s72001a").as_deref(), Some("S72.001A"));
    }

    #[test]
    fn rxnorm_is_digits() {
        assert_eq!(CodeSystem::RxNorm.validate("11289"), Ok(()));
        for code in ["", "RX11289", "11289 ", "-1"] {
            assert_eq!(
                CodeSystem::RxNorm.validate(code),
                Err(CodeError::Shape { suggestion: None }),
                "{code}"
            );
        }
    }

    #[test]
    fn systems_are_named_exactly() {
        assert_eq!(CodeSystem::from_name("loinc"), Some(CodeSystem::Loinc));
        assert_eq!(
            CodeSystem::from_variant("SNOMED CT"),
            Some(CodeSystem::SnomedCt)
        );
        assert_eq!(
            CodeSystem::from_variant("ICD10-CM"),
            Some(CodeSystem::Icd10Cm)
        );
        assert_eq!(CodeSystem::from_variant("LOINC"), Some(CodeSystem::Loinc));
        assert_eq!(CodeSystem::from_variant("loinc"), None);
        assert_eq!(CodeSystem::from_variant("icd-11"), None);
        assert_eq!(CodeSystem::from_variant("atc"), None);
        assert_eq!(
            CodeSystem::from_name("snomed-ct"),
            Some(CodeSystem::SnomedCt)
        );
        assert_eq!(
            CodeSystem::from_name("icd-10-cm"),
            Some(CodeSystem::Icd10Cm)
        );
        assert_eq!(CodeSystem::from_name("rxnorm"), Some(CodeSystem::RxNorm));
        assert_eq!(CodeSystem::from_name("LOINC"), None);
        assert_eq!(CodeSystem::from_name("icd-10"), None);
    }
}

//! Readers written by hand: `Transition` and `Condition`, which `#[serde(untagged)]` would read
//! slowly and with poor errors, and integers that JSON Schema admits as `24.0`.

use super::{Condition, Transition};
use serde::Deserialize;
use serde::de::{Error, IgnoredAny, MapAccess, Visitor};

/// JSON Schema's `integer` admits any number with a zero fraction (`24.0`, `2.023e3`); the model
/// reads those as the integers they are. The schema's bounds keep the values within range.
pub(super) mod integral {
    use serde::de::{Deserialize, Deserializer, Error};
    use serde_json::Number;

    fn whole<E: Error>(number: &Number) -> Result<f64, E> {
        match number.as_f64() {
            Some(value) if value.fract() == 0.0 => Ok(value),
            _ => Err(E::custom(format!("{number} is not a whole number"))),
        }
    }

    fn to_i64<E: Error>(number: Number) -> Result<i64, E> {
        match number.as_i64() {
            Some(value) => Ok(value),
            None => {
                let value = whole(&number)?;
                // `as` saturates; the range check makes saturation an error instead.
                if (i64::MIN as f64..=i64::MAX as f64).contains(&value) {
                    Ok(value as i64)
                } else {
                    Err(E::custom(format!("{number} is out of range")))
                }
            }
        }
    }

    pub fn option_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        Option::<Number>::deserialize(deserializer)?
            .map(to_i64)
            .transpose()
    }

    pub fn option_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        Option::<Number>::deserialize(deserializer)?
            .map(|number| {
                let value = to_i64(number)?;
                u64::try_from(value).map_err(|_| D::Error::custom(format!("{value} is negative")))
            })
            .transpose()
    }

    pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
        let value = to_i64(Number::deserialize(deserializer)?)?;
        u32::try_from(value).map_err(|_| D::Error::custom(format!("{value} is out of range")))
    }
}

/// Read by hand rather than as `#[serde(untagged)]`, which buffers every transition and, for each
/// `{to, when}`, first builds the error of reading it as a string.
impl<'de: 'a, 'a> Deserialize<'de> for Transition<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TransitionVisitor;

        impl<'de> Visitor<'de> for TransitionVisitor {
            type Value = Transition<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a step id or an object with `to`")
            }

            fn visit_borrowed_str<E: Error>(self, target: &'de str) -> Result<Self::Value, E> {
                Ok(Transition::To(target))
            }

            fn visit_map<M: MapAccess<'de>>(self, mut members: M) -> Result<Self::Value, M::Error> {
                let (mut to, mut when, mut evidence, mut basis) = (None, None, Vec::new(), None);
                while let Some(name) = members.next_key::<&'de str>()? {
                    match name {
                        "to" => to = Some(members.next_value()?),
                        "when" => when = members.next_value()?,
                        "evidence" => evidence = members.next_value()?,
                        "basis" => basis = members.next_value()?,
                        _ => {
                            members.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let to = to.ok_or_else(|| M::Error::missing_field("to"))?;
                Ok(Transition::Conditional {
                    to,
                    when,
                    evidence,
                    basis,
                })
            }
        }

        deserializer.deserialize_any(TransitionVisitor)
    }
}

/// The error of a condition that names none or several of its four kinds.
const CONDITION_SHAPE: &str = "a condition has exactly one of finding, all, any, not";

impl<'de: 'a, 'a> Deserialize<'de> for Condition<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConditionVisitor;

        impl<'de> Visitor<'de> for ConditionVisitor {
            type Value = Condition<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a condition with exactly one of finding, all, any, not")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut members: M) -> Result<Self::Value, M::Error> {
                let mut condition = None;
                while let Some(name) = members.next_key::<&'de str>()? {
                    let read = match name {
                        "finding" => Condition::Finding(members.next_value()?),
                        "all" => Condition::All(members.next_value()?),
                        "any" => Condition::Any(members.next_value()?),
                        "not" => Condition::Not(members.next_value()?),
                        _ => {
                            members.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if condition.replace(read).is_some() {
                        return Err(M::Error::custom(CONDITION_SHAPE));
                    }
                }
                condition.ok_or_else(|| M::Error::custom(CONDITION_SHAPE))
            }
        }

        deserializer.deserialize_map(ConditionVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{Condition, Transition};
    use crate::pointer::Pointer;
    use serde::Deserialize;
    use serde_json::{Value, json};

    fn transition(value: &Value) -> Result<Transition<'_>, serde_json::Error> {
        Transition::deserialize(value)
    }

    fn condition(value: &Value) -> Result<Condition<'_>, serde_json::Error> {
        Condition::deserialize(value)
    }

    #[test]
    fn a_transition_is_a_step_id_or_an_object_with_to() {
        let bare = json!("ct-scan");
        let bare = transition(&bare).unwrap();
        assert_eq!(
            (
                bare.target(),
                bare.target_pointer(Pointer::root()).as_str(),
                bare.condition().is_none()
            ),
            ("ct-scan", "", true)
        );
        let conditional = json!({"to": "angiography", "when": {"finding": "active-bleeding"}});
        let conditional = transition(&conditional).unwrap();
        assert_eq!(
            (
                conditional.target(),
                conditional.target_pointer(Pointer::root()).as_str()
            ),
            ("angiography", "/to")
        );
        assert!(matches!(
            conditional.condition(),
            Some(Condition::Finding("active-bleeding"))
        ));
        let unconditional = json!({"to": "mri"});
        assert!(transition(&unconditional).unwrap().condition().is_none());
    }

    #[test]
    fn a_transition_without_a_target_is_refused() {
        assert!(transition(&json!({"when": {"finding": "pain"}})).is_err());
        assert!(transition(&json!(3)).is_err());
    }

    #[test]
    fn a_condition_has_exactly_one_of_finding_all_any_not() {
        let nested =
            json!({"all": [{"finding": "pain"}, {"not": {"any": [{"finding": "fever"}]}}]});
        let Condition::All(parts) = condition(&nested).unwrap() else {
            panic!("an `all` condition");
        };
        assert!(matches!(parts[0], Condition::Finding("pain")));
        assert!(matches!(&parts[1], Condition::Not(inner) if matches!(**inner, Condition::Any(_))));
        for refused in [
            json!({}),
            json!({"finding": "pain", "all": []}),
            json!("pain"),
        ] {
            let error = condition(&refused).unwrap_err().to_string();
            assert!(
                error.contains("exactly one of finding, all, any, not"),
                "{error}"
            );
        }
    }
}

//! The strict parser: serde_json reads the text and a `DeserializeSeed` pushes each value onto the
//! tape, refusing what RFC 8259 refuses, repeated keys, and values past [`MAX_VALUES`].

use super::{Entry, MAX_VALUES, Refusal, skip};
use crate::hash;
use serde::de::{DeserializeSeed, Visitor};
use serde_json::Number;
use std::borrow::Cow;

/// The entries of `text`'s tree, or why it was refused.
pub(super) fn parse(text: &str) -> Result<Vec<Entry<'_>>, Refusal> {
    let mut tape = Tape {
        // Guideline documents hold about one entry per 24 bytes pretty-printed and one per 16
        // minified; reserving for the denser case spares a copy of the tape as it grows. Capped, so
        // that a huge string does not reserve memory for entries that never come.
        entries: Vec::with_capacity((text.len() / 16).min(1 << 16)),
        values: 0,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = StrictSeed(&mut tape)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match parsed {
        Ok(()) => Ok(tape.entries),
        Err(_) if tape.values > MAX_VALUES => Err(Refusal::TooManyValues),
        Err(_) => Err(Refusal::NotStrictJson),
    }
}

/// The tape being built, with its count of values.
struct Tape<'a> {
    entries: Vec<Entry<'a>>,
    values: usize,
}

impl<'a> Tape<'a> {
    /// Pushes a value's entry, or refuses one value too many.
    fn value<E: serde::de::Error>(&mut self, entry: Entry<'a>) -> Result<(), E> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(E::custom("too many values"));
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// Pushes one value onto the tape; serde_json drives it and refuses what RFC 8259 refuses.
struct StrictSeed<'t, 'a>(&'t mut Tape<'a>);

impl<'de> DeserializeSeed<'de> for StrictSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<(), E> {
        self.0.value(Entry::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<(), E> {
        self.0.value(Entry::Number(value.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<(), E> {
        self.0.value(Entry::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<(), E> {
        let number = Number::from_f64(value).ok_or_else(|| E::custom("number out of range"))?;
        self.0.value(Entry::Number(number))
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<(), E> {
        self.0.value(Entry::String(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        self.0.value(Entry::String(Cow::Owned(value.to_owned())))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.value(Entry::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut elements: A) -> Result<(), A::Error> {
        let start = self.0.entries.len();
        self.0.value(Entry::Array { len: 0, end: 0 })?;
        let mut len = 0;
        while elements
            .next_element_seed(StrictSeed(&mut *self.0))?
            .is_some()
        {
            len += 1;
        }
        let end = self.0.entries.len();
        self.0.entries[start] = Entry::Array { len, end };
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let start = self.0.entries.len();
        self.0.value(Entry::Object { len: 0, end: 0 })?;
        let mut len = 0;
        // Most objects are small: a scan of the names so far beats hashing them. Past that size
        // the names go into a set, so a huge object cannot make the check quadratic.
        let mut names: Option<hash::Set<Cow<'de, str>>> = None;
        while let Some(name) = members.next_key_seed(KeySeed)? {
            let entries = &self.0.entries;
            let repeated = match &mut names {
                Some(names) => !names.insert(name.clone()),
                None => {
                    let repeated =
                        open_object_names(entries, start).any(|earlier| *earlier == name);
                    if !repeated && len + 1 >= SCANNED_NAMES {
                        let mut set: hash::Set<Cow<'de, str>> =
                            open_object_names(entries, start).cloned().collect();
                        set.insert(name.clone());
                        names = Some(set);
                    }
                    repeated
                }
            };
            if repeated {
                return Err(serde::de::Error::custom("repeated key"));
            }
            self.0.entries.push(Entry::Key(name));
            members.next_value_seed(StrictSeed(&mut *self.0))?;
            len += 1;
        }
        let end = self.0.entries.len();
        self.0.entries[start] = Entry::Object { len, end };
        Ok(())
    }
}

/// How many names an object may have before repeats are found with a set instead of a scan.
const SCANNED_NAMES: usize = 32;

/// The names of the members read so far of the object whose entry is at `start`.
fn open_object_names<'t, 'a>(
    entries: &'t [Entry<'a>],
    start: usize,
) -> impl Iterator<Item = &'t Cow<'a, str>> {
    let mut index = start + 1;
    std::iter::from_fn(move || {
        let Some(Entry::Key(name)) = entries.get(index) else {
            return None;
        };
        index = skip(entries, index + 1);
        Some(name)
    })
}

/// Reads a member name, borrowing it from the text unless it holds escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(value.to_owned()))
    }
}

//! The tree as a serde `Deserializer`, for the typed model.

use super::{Elements, Members, NodeRef, View};
use serde::de::{DeserializeSeed, IntoDeserializer, Visitor};

/// The typed model reads a tree through serde, as it would read text: strings are lent, not copied.
impl<'de> serde::Deserializer<'de> for NodeRef<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.view() {
            View::Null => visitor.visit_unit(),
            View::Bool(value) => visitor.visit_bool(value),
            View::Number(number) => number.deserialize_any(visitor),
            View::String(text) => visitor.visit_borrowed_str(text),
            View::Array(elements) => visitor.visit_seq(SeqAccess(elements)),
            View::Object(members) => visitor.visit_map(MapAccess {
                members,
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.view() {
            View::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // The model's enums are all unit variants, written as strings.
        match self.view() {
            View::String(text) => visitor.visit_enum(text.into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
    }

    /// A member the model does not read is skipped whole: the tape already knows where it ends.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct SeqAccess<'de>(Elements<'de>);

impl<'de> serde::de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(ExactSizeIterator::len(&self.0))
    }
}

struct MapAccess<'de> {
    members: Members<'de>,
    /// The value of the member whose name was just read.
    value: Option<NodeRef<'de>>,
}

impl<'de> serde::de::MapAccess<'de> for MapAccess<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let name: serde::de::value::BorrowedStrDeserializer<'de, serde_json::Error> =
            serde::de::value::BorrowedStrDeserializer::new(name);
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(serde::de::Error::custom(
                "a member value was read before its name",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(ExactSizeIterator::len(&self.members))
    }
}

//! `guidelint simulate`'s outputs: a playthrough ([`crate::simulate::Shown`]) explained for a
//! reader, or as the JSON of docs/format.md, section 9.3.

pub mod human;
pub mod json;

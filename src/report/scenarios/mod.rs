//! `guidelint test`'s outputs: a [`crate::scenarios::TestRun`] for a reader, as JSON, or as JUnit
//! XML with one test case per scenario.

pub mod human;
pub mod json;
pub mod junit;

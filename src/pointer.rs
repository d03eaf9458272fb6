//! RFC 6901 JSON pointers into a guideline document, built from the model's positions (the index of
//! a step in its path, the key of a field) instead of formatted by hand, so that a diagnostic's
//! location is right by construction. Every pointer a rule builds resolves exactly in the
//! document's [`crate::parse::SpanIndex`]; a test checks it for every fixture.

/// A JSON pointer: empty for the whole document, else `/`-separated segments, with `~` and `/`
/// in keys escaped as `~0` and `~1`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The member `name` of the object here.
    pub fn key(mut self, name: &str) -> Self {
        push_segment(&mut self.0, name);
        self
    }

    /// The item `index` of the array here.
    pub fn index(mut self, index: usize) -> Self {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = write!(self.0, "/{index}");
        self
    }

    /// A pointer already written in RFC 6901 form by something that escapes its segments, such as
    /// the parser's span index or the schema validator's instance paths.
    pub fn from_escaped(pointer: impl Into<String>) -> Self {
        Pointer(pointer.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `self` is `ancestor` or lies inside it.
    pub fn is_within(&self, ancestor: &Pointer) -> bool {
        ancestor.0.is_empty()
            || self.0 == ancestor.0
            || (self.0.starts_with(&ancestor.0) && self.0[ancestor.0.len()..].starts_with('/'))
    }

    /// A top-level member: `/provenance`, `/condition`...
    pub fn member(name: &str) -> Self {
        Pointer::root().key(name)
    }

    /// `/provenance/KEY`.
    pub fn provenance(key: &str) -> Self {
        Pointer::member("provenance").key(key)
    }

    /// The risk factor at `index` of `risk_factors`.
    pub fn risk_factor(index: usize) -> Self {
        Pointer::member("risk_factors").index(index)
    }

    /// The finding at `index` of `findings`.
    pub fn finding(index: usize) -> Self {
        Pointer::member("findings").index(index)
    }

    /// The source at `index` of `provenance.sources`.
    pub fn source(index: usize) -> Self {
        Pointer::provenance("sources").index(index)
    }

    /// The diagnosis path at `index`.
    pub fn path(index: usize) -> Self {
        Pointer::member("diagnosis").key("paths").index(index)
    }

    /// The step at `step` of the diagnosis path at `path`.
    pub fn step(path: usize, step: usize) -> Self {
        Pointer::path(path).key("steps").index(step)
    }

    /// The transition at `transition` of that step's `next`.
    pub fn transition(path: usize, step: usize, transition: usize) -> Self {
        Pointer::step(path, step).key("next").index(transition)
    }

    /// The treatment at `index`.
    pub fn treatment(index: usize) -> Self {
        Pointer::member("treatments").index(index)
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Pointer {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Appends one pointer segment, escaped as RFC 6901 requires.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for character in segment.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn pointers_name_the_document_places() {
        assert_eq!(Pointer::root().as_str(), "");
        assert_eq!(
            Pointer::step(0, 3).key("sequence").as_str(),
            "/diagnosis/paths/0/steps/3/sequence"
        );
        assert_eq!(
            Pointer::transition(1, 2, 0).key("to").as_str(),
            "/diagnosis/paths/1/steps/2/next/0/to"
        );
        assert_eq!(
            Pointer::source(2).key("id").as_str(),
            "/provenance/sources/2/id"
        );
        assert_eq!(Pointer::member("a/b~c").as_str(), "/a~1b~0c");
    }

    #[test]
    fn within_means_the_same_node_or_below_it() {
        let step = Pointer::step(0, 1);
        assert!(step.clone().key("id").is_within(&step));
        assert!(step.is_within(&step));
        assert!(step.is_within(&Pointer::root()));
        assert!(!Pointer::step(0, 10).is_within(&step));
    }
}

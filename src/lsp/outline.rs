//! What the editor features read from a document: every id it defines, every reference to one, and
//! what sits under the cursor. Built from the tolerant reading ([`super::syntax`]), so it works on text
//! that is not valid JSON or not schema-valid; on a valid document it finds exactly the definitions
//! and references of [`crate::model::Guideline::definitions`] and
//! [`crate::model::Guideline::references`] (a test holds the two to that). Which field names which
//! kind of thing is [`ReferenceField::expected`], the one table the rules read too.

use super::syntax::{Member, Node, NodeKind};
use crate::model::{IdKind, ReferenceField};
use crate::source::Span;

/// One step of the way from the root to a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'t> {
    Key(&'t str),
    Index(usize),
}

use Segment::{Index as I, Key as K};

/// The RFC 6901 pointer of `segments`.
pub fn pointer(segments: &[Segment<'_>]) -> String {
    let mut pointer = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => crate::parse::push_segment(&mut pointer, key),
            Segment::Index(index) => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
        }
    }
    pointer
}

/// Where an id is defined.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub kind: IdKind,
    pub id: String,
    /// The `id` string, quotes included.
    pub span: Span,
    /// The object the id belongs to (the step, the treatment...).
    pub object: Span,
    /// Its `name`, when it has one.
    pub name: Option<String>,
    /// For steps, and for paths themselves: the index of the diagnosis path.
    pub path_index: Option<usize>,
    pub pointer: String,
}

/// One use of an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub field: ReferenceField,
    pub id: String,
    /// The string, quotes included.
    pub span: Span,
    /// For `entry` and `next`: the diagnosis path whose steps it must name.
    pub path_index: Option<usize>,
    pub pointer: String,
}

/// The definitions and references of one version of a document.
#[derive(Debug, Default)]
pub struct Outline {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
}

/// The field a string at `segments` is a reference in, and for steps the path whose steps it names.
pub fn reference_field(segments: &[Segment<'_>]) -> Option<(ReferenceField, Option<usize>)> {
    match segments {
        [K("diagnosis"), K("paths"), I(path), K("entry")] => {
            Some((ReferenceField::Entry, Some(*path)))
        }
        [K("risk_factors" | "findings"), I(_), K("evidence"), I(_)] => {
            Some((ReferenceField::Evidence, None))
        }
        [
            K("diagnosis"),
            K("paths"),
            I(path),
            K("steps"),
            I(_),
            rest @ ..,
        ] => match rest {
            [K("next"), I(_)] | [K("next"), I(_), K("to")] => {
                Some((ReferenceField::Next, Some(*path)))
            }
            [K("next"), I(_), K("when"), condition @ ..] | [K("when"), condition @ ..]
                if names_a_finding(condition) =>
            {
                Some((ReferenceField::When, None))
            }
            [K("elicits"), I(_)] => Some((ReferenceField::Elicits, None)),
            [K("addresses"), I(_)] => Some((ReferenceField::Addresses, None)),
            [K("evidence"), I(_)] | [K("next"), I(_), K("evidence"), I(_)] => {
                Some((ReferenceField::Evidence, None))
            }
            _ => None,
        },
        [K("treatments"), I(_), rest @ ..] => match rest {
            [K("requires"), I(_)] => Some((ReferenceField::Requires, None)),
            [K("escalates_from"), I(_)] => Some((ReferenceField::EscalatesFrom, None)),
            [K("addresses"), I(_)] => Some((ReferenceField::Addresses, None)),
            [K("evidence"), I(_)] => Some((ReferenceField::Evidence, None)),
            [K("indications"), I(_), condition @ ..] if names_a_finding(condition) => {
                Some((ReferenceField::Indication, None))
            }
            [K("contraindications"), I(_), condition @ ..] if names_a_finding(condition) => {
                Some((ReferenceField::Contraindication, None))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether `segments`, from a condition, lead to the id of a `finding` (through `all`, `any`, `not`).
fn names_a_finding(segments: &[Segment<'_>]) -> bool {
    match segments {
        [K("finding")] => true,
        [K("all" | "any"), I(_), rest @ ..] | [K("not"), rest @ ..] => names_a_finding(rest),
        _ => false,
    }
}

/// The kind of id a string at `segments` defines, and for steps the index of their path.
pub fn definition_kind(segments: &[Segment<'_>]) -> Option<(IdKind, Option<usize>)> {
    match segments {
        [K("risk_factors"), I(_), K("id")] => Some((IdKind::RiskFactor, None)),
        [K("findings"), I(_), K("id")] => Some((IdKind::Finding, None)),
        [K("provenance"), K("sources"), I(_), K("id")] => Some((IdKind::Source, None)),
        [K("diagnosis"), K("paths"), I(path), K("id")] => {
            Some((IdKind::DiagnosisPath, Some(*path)))
        }
        [
            K("diagnosis"),
            K("paths"),
            I(path),
            K("steps"),
            I(_),
            K("id"),
        ] => Some((IdKind::Step, Some(*path))),
        [K("treatments"), I(_), K("id")] => Some((IdKind::Treatment, None)),
        _ => None,
    }
}

impl Outline {
    pub fn new(root: Option<&Node>) -> Outline {
        let mut outline = Outline::default();
        if let Some(root) = root {
            let mut segments = Vec::new();
            outline.visit(root, None, &mut segments);
        }
        outline
    }

    fn visit<'t>(
        &mut self,
        node: &'t Node,
        parent: Option<&'t Node>,
        segments: &mut Vec<Segment<'t>>,
    ) {
        match &node.kind {
            NodeKind::Object(members) => {
                for member in members {
                    if let Some(value) = &member.value {
                        segments.push(Segment::Key(&member.key));
                        self.visit(value, Some(node), segments);
                        segments.pop();
                    }
                }
            }
            NodeKind::Array(elements) => {
                for (index, element) in elements.iter().enumerate() {
                    segments.push(Segment::Index(index));
                    self.visit(element, Some(node), segments);
                    segments.pop();
                }
            }
            NodeKind::String { value, .. } => {
                if let Some((kind, path_index)) = definition_kind(segments) {
                    let object = parent.map_or(node.span, |parent| parent.span);
                    self.definitions.push(Definition {
                        kind,
                        id: value.clone(),
                        span: node.span,
                        object,
                        name: parent
                            .and_then(|parent| parent.get("name"))
                            .and_then(Node::as_str)
                            .map(str::to_string),
                        path_index,
                        pointer: pointer(segments),
                    });
                } else if let Some((field, path_index)) = reference_field(segments) {
                    self.references.push(Reference {
                        field,
                        id: value.clone(),
                        span: node.span,
                        path_index,
                        pointer: pointer(segments),
                    });
                }
            }
            NodeKind::Scalar | NodeKind::Skipped => {}
        }
    }

    /// The definitions a reference names: those of the kind its field requires (for steps, in its
    /// path); failing that, anything with its id, which is where the author will want to look.
    pub fn resolve(&self, reference: &Reference) -> Vec<&Definition> {
        let fitting: Vec<&Definition> = self
            .definitions
            .iter()
            .filter(|definition| fits(reference, definition))
            .collect();
        if !fitting.is_empty() {
            return fitting;
        }
        self.definitions
            .iter()
            .filter(|definition| definition.id == reference.id)
            .collect()
    }

    /// The references that name `definition`.
    pub fn references_to<'s>(
        &'s self,
        definition: &'s Definition,
    ) -> impl Iterator<Item = &'s Reference> + 's {
        self.references
            .iter()
            .filter(move |reference| fits(reference, definition))
    }

    /// The diagnosis path of index `index`.
    pub fn path(&self, index: usize) -> Option<&Definition> {
        self.definitions.iter().find(|definition| {
            definition.kind == IdKind::DiagnosisPath && definition.path_index == Some(index)
        })
    }

    pub fn definition_at(&self, offset: usize) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|definition| inside_string(definition.span, offset))
    }

    pub fn reference_at(&self, offset: usize) -> Option<&Reference> {
        self.references
            .iter()
            .find(|reference| inside_string(reference.span, offset))
    }

    /// The definition under the cursor, or the one the reference under the cursor names.
    pub fn target_at(&self, offset: usize) -> Option<&Definition> {
        if let Some(definition) = self.definition_at(offset) {
            return Some(definition);
        }
        let reference = self.reference_at(offset)?;
        self.resolve(reference).into_iter().next()
    }
}

/// Whether `definition` is what `reference` must name: its kind, and for a step its path.
pub fn fits(reference: &Reference, definition: &Definition) -> bool {
    definition.id == reference.id
        && definition.kind == reference.field.expected()
        && (definition.kind != IdKind::Step || definition.path_index == reference.path_index)
}

/// Whether a cursor at `offset` is on the string spanning `span` (quotes included): from just after
/// the opening quote to just before the closing one, or just after it, where a cursor stands after
/// typing or selecting the word.
fn inside_string(span: Span, offset: usize) -> bool {
    offset > span.start && offset <= span.end
}

/// What sits under a cursor.
#[derive(Debug)]
pub struct Cursor<'t> {
    /// From the root to the node the cursor is in (for a gap, the container).
    pub segments: Vec<Segment<'t>>,
    /// The containers along the way, root first; the last is the innermost.
    pub containers: Vec<&'t Node>,
    pub place: Place<'t>,
}

#[derive(Debug)]
pub enum Place<'t> {
    /// In the key of `member` (an object member).
    Key { member: &'t Member },
    /// In a string or scalar value (`segments` lead to it).
    Value { node: &'t Node },
    /// After a member's colon, where its value is missing or not yet reached.
    MissingValue,
    /// In an object, where a new member may be typed.
    ObjectGap,
    /// In an array, where a new element may be typed at `index`.
    ArrayGap { index: usize },
    /// Outside the document's value.
    Outside,
}

impl<'t> Cursor<'t> {
    pub fn at(root: Option<&'t Node>, offset: usize, text_len: usize) -> Cursor<'t> {
        let mut cursor = Cursor {
            segments: Vec::new(),
            containers: Vec::new(),
            place: Place::Outside,
        };
        let Some(mut node) = root else {
            return cursor;
        };
        if !node.contains_cursor(offset, text_len) {
            return cursor;
        }
        loop {
            match &node.kind {
                NodeKind::Object(members) => {
                    cursor.containers.push(node);
                    let mut next = None;
                    for member in members {
                        if inside_string(member.key_span, offset)
                            && (offset < member.key_span.end
                                || member.colon.is_none_or(|colon| offset <= colon))
                        {
                            cursor.segments.push(Segment::Key(&member.key));
                            cursor.place = Place::Key { member };
                            return cursor;
                        }
                        match (&member.value, member.colon) {
                            (Some(value), _) if value.contains_cursor(offset, text_len) => {
                                cursor.segments.push(Segment::Key(&member.key));
                                next = Some(value);
                                break;
                            }
                            (value, Some(colon))
                                if offset > colon
                                    && value
                                        .as_ref()
                                        .is_none_or(|value| offset <= value.span.start)
                                    && !members_between(members, colon, offset) =>
                            {
                                cursor.segments.push(Segment::Key(&member.key));
                                cursor.place = Place::MissingValue;
                                return cursor;
                            }
                            _ => {}
                        }
                    }
                    match next {
                        Some(value) => node = value,
                        None => {
                            cursor.place = Place::ObjectGap;
                            return cursor;
                        }
                    }
                }
                NodeKind::Array(elements) => {
                    cursor.containers.push(node);
                    match elements
                        .iter()
                        .position(|element| element.contains_cursor(offset, text_len))
                    {
                        Some(index) => {
                            cursor.segments.push(Segment::Index(index));
                            node = &elements[index];
                        }
                        None => {
                            let index = elements
                                .iter()
                                .take_while(|element| element.span.end <= offset)
                                .count();
                            cursor.place = Place::ArrayGap { index };
                            return cursor;
                        }
                    }
                }
                NodeKind::String { .. } | NodeKind::Scalar | NodeKind::Skipped => {
                    cursor.place = Place::Value { node };
                    return cursor;
                }
            }
        }
    }

    /// The innermost container.
    pub fn container(&self) -> Option<&'t Node> {
        self.containers.last().copied()
    }
}

/// Whether a comma or another member stands between a colon and the cursor, so that the cursor is
/// no longer at that member's value.
fn members_between(members: &[Member], colon: usize, offset: usize) -> bool {
    members
        .iter()
        .any(|member| member.key_span.start > colon && member.key_span.start < offset)
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse;
    use super::*;

    #[test]
    fn references_and_definitions_carry_kind_path_and_pointer() {
        let text = r#"{"diagnosis": {"paths": [{"id": "p", "entry": "s", "steps": [
            {"id": "s", "name": "Start", "next": ["t", {"to": "t", "when": {"all": [{"finding": "f"}]}}]}]}]},
            "treatments": [{"id": "x", "requires": ["p"], "indications": [{"not": {"finding": "f"}}]}]}"#;
        let root = parse(text);
        let outline = Outline::new(root.as_ref());
        let definitions: Vec<(IdKind, &str, Option<usize>, &str)> = outline
            .definitions
            .iter()
            .map(|d| (d.kind, d.id.as_str(), d.path_index, d.pointer.as_str()))
            .collect();
        assert_eq!(
            definitions,
            [
                (IdKind::DiagnosisPath, "p", Some(0), "/diagnosis/paths/0/id"),
                (IdKind::Step, "s", Some(0), "/diagnosis/paths/0/steps/0/id"),
                (IdKind::Treatment, "x", None, "/treatments/0/id"),
            ]
        );
        assert_eq!(outline.definitions[1].name.as_deref(), Some("Start"));
        let references: Vec<(ReferenceField, &str)> = outline
            .references
            .iter()
            .map(|r| (r.field, r.pointer.as_str()))
            .collect();
        assert_eq!(
            references,
            [
                (ReferenceField::Entry, "/diagnosis/paths/0/entry"),
                (ReferenceField::Next, "/diagnosis/paths/0/steps/0/next/0"),
                (ReferenceField::Next, "/diagnosis/paths/0/steps/0/next/1/to"),
                (
                    ReferenceField::When,
                    "/diagnosis/paths/0/steps/0/next/1/when/all/0/finding"
                ),
                (ReferenceField::Requires, "/treatments/0/requires/0"),
                (
                    ReferenceField::Indication,
                    "/treatments/0/indications/0/not/finding"
                ),
            ]
        );
    }

    /// On valid documents the tolerant outline finds exactly the model's definitions and references:
    /// the rules and the editor agree on what every id and reference is.
    #[test]
    fn on_valid_documents_the_outline_is_the_models() {
        // The bundled guideline with evidence everywhere the format allows it.
        let mut cited: serde_json::Value =
            serde_json::from_str(include_str!("../../guidelines/iliopsoas-hematoma.json")).unwrap();
        let source = cited["provenance"]["sources"][0]["id"].clone();
        cited["risk_factors"][0]["evidence"] = serde_json::json!([source]);
        cited["findings"][1]["evidence"] = serde_json::json!([source, source]);
        let step = &mut cited["diagnosis"]["paths"][0]["steps"][0];
        step["evidence"] = serde_json::json!([source]);
        let target = step["next"][0].clone();
        step["next"][0] = serde_json::json!({"to": target, "evidence": [source]});
        let cited = serde_json::to_string_pretty(&cited).unwrap();
        let documents = [
            include_str!("../../guidelines/iliopsoas-hematoma.json"),
            include_str!("../../tests/fixtures/clean/renal-colic.json"),
            include_str!("../../tests/fixtures/clean/deep-vein-thrombosis.json"),
            include_str!("../../tests/fixtures/unknown-reference/fail.json"),
            &cited,
        ];
        for text in documents {
            let source = crate::source::SourceFile::new("a.json", text);
            let parsed = crate::parse::parse(&source);
            let document = parsed.document.expect("the document parses");
            let guideline: crate::model::Guideline<'_> =
                serde::Deserialize::deserialize(document.tree.root()).expect("schema-valid");
            let outline = Outline::new(parse(text).as_ref());
            let expected: Vec<(IdKind, String, String)> = guideline
                .definitions()
                .iter()
                .map(|d| (d.kind, d.id.to_string(), d.pointer().to_string()))
                .collect();
            let mut found: Vec<(IdKind, String, String)> = outline
                .definitions
                .iter()
                .map(|d| (d.kind, d.id.clone(), d.pointer.clone()))
                .collect();
            // The model lists definitions kind by kind; the outline in text order.
            let order = |kind: IdKind| expected.iter().position(|e| e.0 == kind);
            found.sort_by_key(|d| order(d.0));
            let mut sorted_expected = expected.clone();
            sorted_expected.sort_by_key(|d| order(d.0));
            assert_eq!(found, sorted_expected);
            let mut expected: Vec<(ReferenceField, String, String)> = guideline
                .references()
                .iter()
                .zip(guideline.reference_pointers())
                .map(|(r, pointer)| (r.field, r.id.to_string(), pointer.to_string()))
                .collect();
            let mut found: Vec<(ReferenceField, String, String)> = outline
                .references
                .iter()
                .map(|r| (r.field, r.id.clone(), r.pointer.clone()))
                .collect();
            expected.sort_by(|a, b| a.2.cmp(&b.2));
            found.sort_by(|a, b| a.2.cmp(&b.2));
            assert!(!found.is_empty());
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn the_cursor_knows_keys_values_and_gaps() {
        let text = r#"{"kind": "imaging", "next": ["a", ], "name": }"#;
        let root = parse(text);
        let at = |needle: &str, shift: usize| {
            let offset = text.find(needle).unwrap() + shift;
            Cursor::at(root.as_ref(), offset, text.len())
        };
        let cursor = at("kind", 2);
        assert!(matches!(cursor.place, Place::Key { member } if member.key == "kind"));
        let cursor = at("imaging", 3);
        assert!(matches!(cursor.place, Place::Value { .. }));
        assert_eq!(cursor.segments, [Segment::Key("kind")]);
        let cursor = at(", ]", 1);
        assert!(matches!(cursor.place, Place::ArrayGap { index: 1 }));
        assert_eq!(cursor.segments, [Segment::Key("next")]);
        let cursor = at(": }", 1);
        assert!(matches!(cursor.place, Place::MissingValue));
        assert_eq!(cursor.segments, [Segment::Key("name")]);
        let cursor = at(r#", "next""#, 1);
        assert!(matches!(cursor.place, Place::ObjectGap));
    }
}

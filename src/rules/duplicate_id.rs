use crate::text::and_list;
use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Definition, Guideline, IdKind};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports an id defined more than once. Risk factors, findings, sources, diagnosis paths, steps,
    /// treatments and the guideline itself share one namespace, so a step and a finding may not share an
    /// id, nor may two steps in different paths. The later definition is reported; the first is labelled.
    ///
    /// ## Why it matters
    /// Every link in a guideline is an id: a transition names the next test, a condition names the finding
    /// that triggers it, a treatment names the workup it depends on. With two definitions a reader, a
    /// reviewer or a decision-support system may follow the link to a different test, finding or workup
    /// than the author meant, and act on the wrong one.
    ///
    /// ## Example
    /// ```json
    /// {"id": "leg-swelling", "kind": "sign", "name": "Swelling of the whole leg"},
    /// {"id": "leg-swelling", "kind": "sign", "name": "Calf swelling over 3 cm more than the other side"}
    /// ```
    /// (in `findings`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "leg-swelling", "kind": "sign", "name": "Swelling of the whole leg"},
    /// {"id": "calf-swelling", "kind": "sign", "name": "Calf swelling over 3 cm more than the other side"}
    /// ```
    pub static DUPLICATE_ID = {
        name: "duplicate-id",
        code: "GL101",
        severity: Error,
        summary: "an id defined twice",
        fix: None "Which of the two definitions keeps the id, and what the other one is called, is a clinical question; guidelint never picks one.",
    }
}

/// One definition of an id, with what it defines in words ("a step of path `workup`").
struct Named {
    pointer: Pointer,
    description: String,
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let guideline = context.guideline;
    let definitions = context.definitions();
    // Nearly every document has no duplicate: find that out before describing anything. Every id
    // is defined once when there are as many ids as definitions, and the guideline's own id is
    // none of them.
    let by_id = context.definitions_by_id();
    if by_id.len() == definitions.len() && !by_id.contains_key(guideline.id) {
        return Vec::new();
    }
    // The guideline's own id shares the namespace (docs/format.md section 1.4) but has no entry in the model's
    // definition table, because nothing can refer to it.
    let named = std::iter::once((
        guideline.id,
        Named {
            pointer: Pointer::member("id"),
            description: "the guideline's id".to_string(),
        },
    ))
    .chain(definitions.iter().map(|definition| {
        let description = describe(guideline, definition);
        (
            definition.id,
            Named {
                pointer: definition.pointer(),
                description,
            },
        )
    }));

    // Ids in the order of their first definition, each with all of its definitions in document order.
    let mut order: Vec<&str> = Vec::new();
    let mut by_id: HashMap<&str, Vec<Named>> = HashMap::new();
    for (id, definition) in named {
        let definitions = by_id.entry(id).or_default();
        if definitions.is_empty() {
            order.push(id);
        }
        definitions.push(definition);
    }

    let mut diagnostics = Vec::new();
    for id in order {
        let Some(definitions) = by_id.get(id) else {
            continue;
        };
        let [first, later @ ..] = definitions.as_slice() else {
            continue;
        };
        if later.is_empty() {
            continue;
        }
        let message = message(id, definitions);
        for (position, again) in later.iter().enumerate() {
            let mut diagnostic = Diagnostic::new(
                &DUPLICATE_ID,
                message.clone(),
                again.pointer.clone(),
                context.label(&again.pointer, "defined again here"),
            )
            .with_label(context.label(&first.pointer, "first defined here"));
            for (other_position, other) in later.iter().enumerate() {
                if other_position != position {
                    diagnostic =
                        diagnostic.with_label(context.label(&other.pointer, "also defined here"));
                }
            }
            diagnostics.push(diagnostic.with_help(
                "Give one of them a different id and update the references that mean it; every id in a \
                 document must be unique, whatever it names.",
            ));
        }
    }
    diagnostics
}

/// "`x` is defined twice: as a step of path `workup` and as a finding".
fn message(id: &str, definitions: &[Named]) -> String {
    let times = match definitions.len() {
        2 => "twice".to_string(),
        count => format!("{count} times"),
    };
    let descriptions: Vec<&str> = definitions
        .iter()
        .map(|named| named.description.as_str())
        .collect();
    if descriptions.windows(2).all(|pair| pair[0] == pair[1]) {
        let each = if definitions.len() == 2 {
            "both times"
        } else {
            "each time"
        };
        return format!("`{id}` is defined {times}, {each} as {}", descriptions[0]);
    }
    let kinds: Vec<String> = descriptions
        .iter()
        .map(|description| format!("as {description}"))
        .collect();
    format!("`{id}` is defined {times}: {}", and_list(&kinds))
}

/// What a definition defines, in words: "a finding", "a step of path `workup`".
fn describe(guideline: &Guideline, definition: &Definition<'_>) -> String {
    let path = definition
        .path_index
        .and_then(|index| guideline.diagnosis.paths.get(index));
    match (definition.kind, path) {
        (IdKind::Step, Some(path)) => format!("a step of path `{}`", path.id),
        (kind, _) => kind.with_article().to_string(),
    }
}

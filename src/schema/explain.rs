//! Turning one JSON Schema validation error into `schema` diagnostics that land on the offending key
//! or value and speak the author's language: one small function per kind of error.

use super::SCHEMA;
use super::lookup::{
    Schema, article, capitalize, describe, description_of, json_type, plain, quoted, type_help,
};
use crate::diagnostic::{Diagnostic, Label};
use crate::fix::{Edit, Fix, layout};
use crate::parse::SpanIndex;
use crate::pointer::Pointer;
use crate::text::{closest, closest_unique, or_list, truncate};
use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// One validation error being explained: where it is, and what the schema says there.
struct Violation<'v> {
    /// The instance path, as the validator escapes it.
    pointer: String,
    instance: &'v Value,
    /// The schema object holding the failing keyword.
    schema_node: Option<&'v Value>,
    /// How messages name the value: "`status`", "step `ct-scan`".
    name: String,
    spans: &'v SpanIndex,
    schema: Schema<'v>,
}

/// Appends the diagnostics that explain `error` to `out`.
pub(super) fn explain(
    error: &ValidationError<'_>,
    document: &Value,
    spans: &SpanIndex,
    schema: Schema<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let violation = Violation {
        instance: document.pointer(&pointer).unwrap_or(&Value::Null),
        schema_node: schema.parent(error.schema_path().as_str()),
        name: describe(&pointer, document),
        pointer,
        spans,
        schema,
    };
    let diagnostic = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            out.extend(violation.unexpected_keys(unexpected));
            return;
        }
        ValidationErrorKind::Required { property } => {
            match violation.missing_key(property.as_str().unwrap_or_default()) {
                Some(diagnostic) => diagnostic,
                None => return,
            }
        }
        ValidationErrorKind::Enum { options } => violation.not_allowed(options),
        ValidationErrorKind::Constant { expected_value } => violation.not_constant(expected_value),
        ValidationErrorKind::Type { kind } => violation.wrong_type(kind),
        ValidationErrorKind::Pattern { pattern } => violation.not_matching(pattern),
        ValidationErrorKind::Format { format } => violation.badly_formatted(format),
        ValidationErrorKind::MinItems { limit } => violation.too_few_items(*limit),
        ValidationErrorKind::MinLength { limit } => violation.too_short(*limit),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => violation.too_small(limit),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => violation.too_large(limit),
        ValidationErrorKind::UniqueItems => violation.repeated_item(),
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // When exactly one alternative has the instance's type, its errors are the useful ones.
            if let Some(branch) = violation.only_fitting_alternative(context) {
                for inner in branch {
                    explain(inner, document, spans, schema, out);
                }
                return;
            }
            match violation.no_key_of_the_alternatives(error) {
                Some(Some(diagnostic)) => diagnostic,
                // A misspelt key: its unexpected-key diagnostic says "did you mean ...?".
                Some(None) => return,
                None => violation.no_alternative_fits(),
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => violation.several_alternatives_fit(),
        ValidationErrorKind::FalseSchema => {
            violation.not_allowed_here(document, error.schema_path().as_str())
        }
        _ => violation
            .at_value(
                format!(
                    "{}: {}",
                    violation.name,
                    truncate(&error.masked().to_string(), 200)
                ),
                "invalid value",
            )
            .with_help(format!(
                "See the schema `{}` for what this field accepts.",
                schema.file
            )),
    };
    out.push(diagnostic);
}

impl Violation<'_> {
    fn here(&self) -> Pointer {
        Pointer::from_escaped(self.pointer.as_str())
    }

    /// The pointer of `key` in the object here.
    fn key_pointer(&self, key: &str) -> Pointer {
        self.here().key(key)
    }

    /// A diagnostic labelled at the value here.
    fn at_value(&self, message: String, label: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            &SCHEMA,
            message,
            self.here(),
            Label::new(self.spans.value(&self.pointer), label),
        )
    }

    fn known_properties(&self) -> Vec<String> {
        self.schema_node
            .map(|node| self.schema.known_properties(node, self.instance))
            .unwrap_or_default()
    }

    fn unexpected_keys(&self, unexpected: &[String]) -> Vec<Diagnostic> {
        let known = self.known_properties();
        unexpected
            .iter()
            .map(|key| self.unexpected_key(key, &known))
            .collect()
    }

    fn unexpected_key(&self, key: &str, known: &[String]) -> Diagnostic {
        let key_pointer = self.key_pointer(key);
        let span = self.spans.key_or_value(key_pointer.as_str());
        let help = match closest(key, known.iter().map(String::as_str)) {
            Some(closest) if self.instance.get(closest).is_none() => {
                format!(
                    "Did you mean `{closest}`? {} has no `{closest}` yet.",
                    capitalize(&self.name)
                )
            }
            Some(closest) => format!("Did you mean `{closest}`?"),
            None if known.is_empty() => {
                "Remove it, or prefix it with `x-` to keep it as an extension that no rule reads."
                    .to_string()
            }
            None => format!(
                "Remove it, or prefix it with `x-` to keep it as an extension. Known keys here: {}.",
                known
                    .iter()
                    .map(|known| format!("`{known}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // Renaming is a guess, and only one the object has room for: never a second `sequence`.
        let fix = closest_unique(key, known.iter().map(String::as_str))
            .filter(|closest| self.instance.get(*closest).is_none() && !key.starts_with("x-"))
            .map(|closest| {
                Fix::suggestion(
                    format!("Rename `{}` to `{closest}`", truncate(key, 60)),
                    vec![Edit::replace(span, layout::string_literal(closest))],
                )
            });
        Diagnostic::new(
            &SCHEMA,
            format!("unexpected key `{}` in {}", truncate(key, 60), self.name),
            key_pointer,
            Label::new(span, "unknown key"),
        )
        .with_help(help)
        .with_fix(fix)
    }

    /// `None` when an unexpected key is a misspelling of the missing one: that diagnostic already
    /// says "did you mean `property`?", and a second one for the same slip would only be noise.
    fn missing_key(&self, property: &str) -> Option<Diagnostic> {
        if self.is_misspelt_as(property) {
            return None;
        }
        let description = self
            .schema_node
            .and_then(|node| self.schema.property(node, property, self.instance))
            .and_then(|node| node.get("description"))
            .and_then(Value::as_str);
        let help = match description {
            Some(description) => format!("Add `{property}`: {description}"),
            None => format!("Add `{property}`."),
        };
        Some(
            Diagnostic::new(
                &SCHEMA,
                format!("{} is missing the required key `{property}`", self.name),
                self.here(),
                Label::new(
                    self.spans.object_head(&self.pointer),
                    format!("`{property}` missing here"),
                ),
            )
            .with_help(help),
        )
    }

    /// True when the instance lacks `property` but has an unknown key that is a likely
    /// misspelling of it.
    fn is_misspelt_as(&self, property: &str) -> bool {
        let Some(object) = self.instance.as_object() else {
            return false;
        };
        if self.schema_node.is_none() {
            return false;
        }
        let known = self.known_properties();
        object
            .keys()
            .filter(|key| !key.starts_with("x-") && !known.contains(key))
            .any(|key| closest(key, known.iter().map(String::as_str)) == Some(property))
    }

    fn not_allowed(&self, options: &Value) -> Diagnostic {
        let allowed: Vec<String> = options
            .as_array()
            .map(|values| values.iter().map(plain).collect())
            .unwrap_or_default();
        let found = plain(self.instance);
        let mut help = format!("Use one of: {}.", allowed.join(", "));
        if let Some(closest) = closest(&found, allowed.iter().map(String::as_str)) {
            help = format!("Did you mean `{closest}`? {help}");
        }
        let fix = self.closest_allowed(options).map(|closest| {
            Fix::suggestion(
                format!(
                    "Replace `{}` with `{}`",
                    truncate(&found, 60),
                    plain(closest)
                ),
                vec![Edit::replace(
                    self.spans.value(&self.pointer),
                    closest.to_string(),
                )],
            )
        });
        self.at_value(
            format!(
                "{} must be one of {}, found {}",
                self.name,
                allowed.join(", "),
                quoted(self.instance)
            ),
            "not an allowed value",
        )
        .with_help(help)
        .with_fix(fix)
    }

    /// The one allowed string value a misspelt string is closest to (`ultrasond` -> `ultrasound`,
    /// `CT` -> `ct`), for a fix.
    fn closest_allowed<'o>(&self, options: &'o Value) -> Option<&'o Value> {
        let found = self.instance.as_str()?;
        let allowed = options.as_array()?;
        let closest = closest_unique(found, allowed.iter().filter_map(Value::as_str))?;
        allowed
            .iter()
            .find(|option| option.as_str() == Some(closest))
    }

    fn not_constant(&self, expected: &Value) -> Diagnostic {
        self.at_value(
            format!(
                "{} must be {}, found {}",
                self.name,
                quoted(expected),
                quoted(self.instance)
            ),
            "unexpected value",
        )
        .with_help(format!("Write {}.", quoted(expected)))
    }

    fn wrong_type(&self, kind: &TypeKind) -> Diagnostic {
        let expected = match kind {
            TypeKind::Single(kind) => article(&kind.to_string()),
            TypeKind::Multiple(kinds) => kinds
                .iter()
                .map(|kind| article(&kind.to_string()))
                .collect::<Vec<_>>()
                .join(" or "),
        };
        let found = article(json_type(self.instance));
        self.at_value(
            format!("{} must be {expected}, found {found}", self.name),
            found.clone(),
        )
        .with_help(type_help(self.schema_node, &expected))
    }

    fn not_matching(&self, pattern: &str) -> Diagnostic {
        let name = &self.name;
        let instance = quoted(self.instance);
        // The schema's `Id` is `^[a-z][a-z0-9-]*$` split in two patterns (see its `$comment`); an
        // id that breaks both gets one diagnostic, as `check` drops repeats.
        let (message, help) = if matches!(pattern, "^[a-z0-9-]+$" | "^[a-z]") {
            (
                format!("{name} must be a lowercase id, found {instance}"),
                "Ids start with a lowercase letter and use only lowercase letters, digits and hyphens, like `ct-scan`.".to_string(),
            )
        } else if pattern.starts_with("^(0|[1-9]") {
            (
                format!("{name} must be a semantic version, found {instance}"),
                "Write MAJOR.MINOR.PATCH, like `1.0.0`.".to_string(),
            )
        } else if pattern == "\\S" {
            (
                format!("{name} must not be blank"),
                "Write a real value, not just spaces.".to_string(),
            )
        } else if pattern.starts_with("^(GL") {
            (
                format!("{name} must be a rule name or code, found {instance}"),
                "Use a rule name such as `dead-end` or a code such as `GL203`; `guidelint rules` lists them.".to_string(),
            )
        } else {
            (
                format!("{name} does not match the pattern `{pattern}`, found {instance}"),
                "Change the value to match the pattern.".to_string(),
            )
        };
        self.at_value(message, "does not match").with_help(help)
    }

    fn badly_formatted(&self, format: &str) -> Diagnostic {
        let (what, help) = match format {
            "date" => (
                "a calendar date",
                "Write dates as YYYY-MM-DD, for example 2024-03-15.",
            ),
            "uri" => (
                "an absolute URL",
                "Write a full URL, for example https://example.org/guideline.",
            ),
            _ => ("well-formed", "Check the value's format."),
        };
        self.at_value(
            format!(
                "{} must be {what}, found {}",
                self.name,
                quoted(self.instance)
            ),
            format!("not {what}"),
        )
        .with_help(help)
    }

    fn too_few_items(&self, limit: u64) -> Diagnostic {
        let message = if limit == 1 {
            format!("{} must not be empty", self.name)
        } else {
            format!("{} must have at least {limit} items", self.name)
        };
        self.at_value(message, "empty list").with_help(
            description_of(self.schema_node)
                .map(|description| format!("Add at least {limit}: {description}"))
                .unwrap_or_else(|| format!("Add at least {limit} item(s).")),
        )
    }

    fn too_short(&self, limit: u64) -> Diagnostic {
        let message = if limit == 1 {
            format!("{} must not be empty", self.name)
        } else {
            format!("{} must be at least {limit} characters long", self.name)
        };
        self.at_value(message, "too short").with_help(
            description_of(self.schema_node)
                .map(|description| format!("Fill it in: {description}"))
                .unwrap_or_else(|| "Fill in a value.".to_string()),
        )
    }

    fn too_small(&self, limit: &Value) -> Diagnostic {
        self.at_value(
            format!(
                "{} must be at least {limit}, found {}",
                self.name,
                quoted(self.instance)
            ),
            "too small",
        )
        .with_help(format!("Use a number of at least {limit}."))
    }

    fn too_large(&self, limit: &Value) -> Diagnostic {
        self.at_value(
            format!(
                "{} must be at most {limit}, found {}",
                self.name,
                quoted(self.instance)
            ),
            "too large",
        )
        .with_help(format!("Use a number of at most {limit}."))
    }

    fn repeated_item(&self) -> Diagnostic {
        self.at_value(
            format!("{} lists the same item twice", self.name),
            "repeated item",
        )
        .with_help("Remove the repeated item.")
    }

    /// The errors of the one alternative of a `oneOf`/`anyOf` that has the instance's type, when
    /// there is exactly one and its errors say more than "a key is missing here".
    fn only_fitting_alternative<'c>(
        &self,
        context: &'c [Vec<ValidationError<'static>>],
    ) -> Option<&'c Vec<ValidationError<'static>>> {
        let is_type_error_here = |error: &ValidationError<'_>| {
            error.instance_path().as_str() == self.pointer
                && matches!(
                    error.kind(),
                    ValidationErrorKind::Type { .. }
                        | ValidationErrorKind::Constant { .. }
                        | ValidationErrorKind::Enum { .. }
                )
        };
        let matching: Vec<&Vec<ValidationError<'static>>> = context
            .iter()
            .filter(|branch| !branch.iter().any(is_type_error_here))
            .collect();
        match matching.as_slice() {
            [branch]
                if !branch.is_empty()
                    && !branch.iter().all(|error| {
                        matches!(error.kind(), ValidationErrorKind::Required { .. })
                            && error.instance_path().as_str() == self.pointer
                    }) =>
            {
                Some(branch)
            }
            _ => None,
        }
    }

    /// For alternatives told apart by one required key each (a condition's `finding`, `all`, `any`,
    /// `not`; a scenario's expectations), none of which the object has: which keys are wanted.
    /// `Some(None)` when the object has a likely misspelling of one, which its unexpected-key
    /// diagnostic explains; `None` for other alternatives.
    fn no_key_of_the_alternatives(
        &self,
        error: &ValidationError<'_>,
    ) -> Option<Option<Diagnostic>> {
        let one_of = matches!(error.kind(), ValidationErrorKind::OneOfNotValid { .. });
        let keys = self
            .schema_node
            .and_then(|node| node.get(if one_of { "oneOf" } else { "anyOf" }))
            .and_then(|alternatives| self.schema.exclusive_keys(alternatives))?;
        let object = self.instance.as_object()?;
        if object
            .keys()
            .any(|key| !key.starts_with("x-") && closest(key, keys.iter().copied()).is_some())
        {
            return Some(None);
        }
        let listed: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
        let how_many = if one_of {
            "exactly one"
        } else {
            "at least one"
        };
        Some(Some(
            Diagnostic::new(
                &SCHEMA,
                format!("{} must have {how_many} of {}", self.name, or_list(&listed)),
                self.here(),
                Label::new(self.spans.object_head(&self.pointer), "none of them here"),
            )
            .with_help(
                description_of(self.schema_node)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("Add one of {}.", or_list(&listed))),
            ),
        ))
    }

    fn no_alternative_fits(&self) -> Diagnostic {
        let alternatives = self
            .schema_node
            .and_then(|node| node.get("oneOf").or_else(|| node.get("anyOf")))
            .map(|alternatives| self.schema.describe_alternatives(alternatives))
            .unwrap_or_else(|| "one of the allowed shapes".to_string());
        self.at_value(
            format!("{} must be {alternatives}", self.name),
            "does not fit any allowed shape",
        )
        .with_help(
            description_of(self.schema_node)
                .map(str::to_string)
                .unwrap_or_else(|| format!("Rewrite it as {alternatives}.")),
        )
    }

    fn several_alternatives_fit(&self) -> Diagnostic {
        let alternatives = self.schema_node.and_then(|node| node.get("oneOf"));
        let exclusive_keys = alternatives.and_then(|found| self.schema.exclusive_keys(found));
        let (Some(keys), Some(object)) = (exclusive_keys, self.instance.as_object()) else {
            return self
                .at_value(
                    format!(
                        "{} must be exactly one of {}, but it matches several",
                        self.name,
                        alternatives
                            .map(|found| self.schema.describe_alternatives(found))
                            .unwrap_or_else(|| "the allowed shapes".to_string())
                    ),
                    "ambiguous",
                )
                .with_help("Keep one of the alternatives.");
        };
        // Alternatives told apart by one required key each (a condition's `finding`, `all`,
        // `any`, `not`): name the keys that clash and point at them.
        let present: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|key| object.contains_key(*key))
            .collect();
        let quote =
            |keys: &[&str]| -> Vec<String> { keys.iter().map(|key| format!("`{key}`")).collect() };
        let last = present.last().copied().unwrap_or_default();
        let mut diagnostic = Diagnostic::new(
            &SCHEMA,
            format!(
                "{} must have exactly one of {}, but it has {}",
                self.name,
                or_list(&quote(&keys)),
                quote(&present).join(" and ")
            ),
            self.key_pointer(last),
            Label::new(
                self.spans.key_or_value(self.key_pointer(last).as_str()),
                "second alternative",
            ),
        )
        .with_help("Keep one; to combine conditions, list them inside `all` or `any`.");
        for key in &present[..present.len().saturating_sub(1)] {
            diagnostic = diagnostic.with_label(Label::new(
                self.spans.key_or_value(self.key_pointer(key).as_str()),
                "first alternative",
            ));
        }
        diagnostic
    }

    /// A key the schema forbids in this place (`"confirms": false` on a history step): the message
    /// names the object, and the help quotes the description of the block that forbids it.
    fn not_allowed_here(&self, document: &Value, schema_path: &str) -> Diagnostic {
        let owner = match self.pointer.rsplit_once('/') {
            Some((parent, _)) => format!(" in {}", describe(parent, document)),
            None => String::new(),
        };
        // `.../then/properties/confirms`: the block two levels up says why.
        let reason = schema_path
            .rsplitn(3, '/')
            .nth(2)
            .and_then(|block| self.schema.parent(&format!("{block}/description")))
            .and_then(|block| block.get("description"))
            .and_then(Value::as_str);
        Diagnostic::new(
            &SCHEMA,
            format!("{} is not allowed{owner}", self.name),
            self.here(),
            Label::new(self.spans.key_or_value(&self.pointer), "not allowed"),
        )
        .with_help(match reason {
            Some(reason) => format!("Remove it: {reason}"),
            None => "Remove it.".to_string(),
        })
    }
}

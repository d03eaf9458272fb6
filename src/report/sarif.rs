//! `--format sarif`: a SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps, IDE viewers).
//!
//! The run lists every rule of the registry, so a result's `ruleIndex` is the rule's place in
//! [`crate::rules::ALL`]. Locations are URIs relative to `%SRCROOT%`, the folder guidelint ran in;
//! columns count Unicode code points, as everywhere in guidelint.

use super::{Region, message_with_help, ordered};
use crate::Report;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::rules::{ALL, Rule};
use crate::source::SourceFile;
use serde_sarif::sarif;
use std::path::Path;

/// Where consumers fetch the schema from, as the SARIF specification recommends.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The project's home, the domain the guideline schema's `$id` lives under.
pub const INFORMATION_URI: &str = "https://guidelint.dev";

/// The base every artifact URI is relative to.
pub const SOURCE_ROOT: &str = "%SRCROOT%";

/// The log for `report`; paths that are absolute are made relative to `root` when they lie under it.
pub fn render(report: &Report, root: &Path) -> String {
    let driver = sarif::ToolComponent::builder()
        .name("guidelint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(ALL.iter().map(|rule| descriptor(rule)).collect::<Vec<_>>())
        .build();
    let results: Vec<sarif::Result> = ordered(report)
        .map(|(source, diagnostic)| result(source, diagnostic, root))
        .collect();
    let notifications: Vec<sarif::Notification> = report
        .failures
        .iter()
        .map(|failure| {
            sarif::Notification::builder()
                .level(serde_json::Value::from("error"))
                .message(text(failure))
                .build()
        })
        .collect();
    let mut invocation = sarif::Invocation::builder()
        .execution_successful(report.failures.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let run = sarif::Run::builder()
        .tool(driver)
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    // The log is plain strings and integers; serializing it cannot fail.
    let mut output = serde_json::to_string_pretty(&log).expect("the SARIF log serializes");
    output.push('\n');
    output
}

fn descriptor(rule: &Rule) -> sarif::ReportingDescriptor {
    let documentation = rule.documentation();
    let level = match rule.default_severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    sarif::ReportingDescriptor::builder()
        .id(rule.code)
        .name(rule.name)
        .short_description(multiformat(rule.summary, None))
        .full_description(multiformat(&documentation, None))
        .help(multiformat(&documentation, Some(&documentation)))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::Value::from(level))
                .build(),
        )
        .build()
}

fn result(source: &SourceFile, diagnostic: &Diagnostic, root: &Path) -> sarif::Result {
    let uri = artifact_uri(source.path(), root);
    let rule_index = ALL
        .iter()
        .position(|rule| rule.code == diagnostic.rule.code)
        .expect("every diagnostic's rule is registered");
    let level = match diagnostic.severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
    };
    let mut result = sarif::Result::builder()
        .rule_id(diagnostic.rule.code)
        .rule_index(rule_index as i64)
        .level(level)
        .message(text(&message_with_help(diagnostic)))
        .locations(vec![location(source, &diagnostic.primary, &uri, None)])
        .build();
    if let Some(fix) = &diagnostic.fix {
        result.fixes = Some(vec![sarif_fix(source, fix, &uri)]);
    }
    if !diagnostic.secondary.is_empty() {
        result.related_locations = Some(
            diagnostic
                .secondary
                .iter()
                .enumerate()
                .map(|(id, label)| location(source, label, &uri, Some(id as i64)))
                .collect(),
        );
    }
    result
}

/// The fix as SARIF proposes one: its replacements in the document, described by its title and
/// whether `check --fix` applies it.
fn sarif_fix(source: &SourceFile, fix: &crate::fix::Fix, uri: &ArtifactUri) -> sarif::Fix {
    let replacements: Vec<sarif::Replacement> = fix
        .edits()
        .iter()
        .map(|edit| {
            let mut content = sarif::ArtifactContent::builder().build();
            content.text = Some(edit.replacement().to_string());
            let mut replacement = sarif::Replacement::builder()
                .deleted_region(region(source, edit.span()))
                .build();
            replacement.inserted_content = Some(content);
            replacement
        })
        .collect();
    let change = sarif::ArtifactChange::builder()
        .artifact_location(artifact_location(uri))
        .replacements(replacements)
        .build();
    let mut proposed = sarif::Fix::builder().artifact_changes(vec![change]).build();
    let applied = match fix.applicability() {
        crate::fix::Applicability::Safe => "applied by `guidelint check --fix`",
        crate::fix::Applicability::Unsafe => {
            "a suggestion to review, applied only by `guidelint check --unsafe-fixes`"
        }
    };
    proposed.description = Some(text(&format!("{} ({applied})", fix.title())));
    proposed
}

fn location(
    source: &SourceFile,
    label: &Label,
    uri: &ArtifactUri,
    id: Option<i64>,
) -> sarif::Location {
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact_location(uri))
        .region(region(source, label.span))
        .build();
    let mut location = sarif::Location::builder()
        .physical_location(physical)
        .message(text(&label.message))
        .build();
    location.id = id;
    location
}

/// The document's location, relative to `%SRCROOT%` when it lies under it.
fn artifact_location(uri: &ArtifactUri) -> sarif::ArtifactLocation {
    let mut artifact = sarif::ArtifactLocation::builder()
        .uri(uri.uri.clone())
        .build();
    if uri.relative {
        artifact.uri_base_id = Some(SOURCE_ROOT.to_string());
    }
    artifact
}

/// The region of `span`, from its first line and column to the position after its end.
fn region(source: &SourceFile, span: crate::source::Span) -> sarif::Region {
    let region = Region::of(source, span);
    sarif::Region::builder()
        .start_line(region.start.line as i64)
        .start_column(region.start.column as i64)
        .end_line(region.end.line as i64)
        .end_column(region.end.column as i64)
        .build()
}

fn text(value: &str) -> sarif::Message {
    sarif::Message::builder().text(value).build()
}

fn multiformat(text: &str, markdown: Option<&str>) -> sarif::MultiformatMessageString {
    let mut message = sarif::MultiformatMessageString::builder()
        .text(text)
        .build();
    message.markdown = markdown.map(str::to_string);
    message
}

struct ArtifactUri {
    uri: String,
    /// Relative to [`SOURCE_ROOT`]; otherwise an absolute `file:` URI.
    relative: bool,
}

/// The URI of a reported path: relative paths stay relative to the folder guidelint ran in, absolute
/// ones under `root` become relative, anything else becomes a `file:` URI.
fn artifact_uri(path: &str, root: &Path) -> ArtifactUri {
    let as_path = Path::new(path);
    if !as_path.is_absolute() {
        return ArtifactUri {
            uri: percent_encode(path),
            relative: true,
        };
    }
    match as_path.strip_prefix(root) {
        Ok(relative) => ArtifactUri {
            uri: percent_encode(&relative.to_string_lossy().replace('\\', "/")),
            relative: true,
        },
        Err(_) => {
            let path = path.replace('\\', "/");
            let separator = if path.starts_with('/') { "" } else { "/" };
            ArtifactUri {
                // A drive letter's colon stays as it is: `file:///C:/guidelines/a.json`.
                uri: format!(
                    "file://{separator}{}",
                    percent_encode(&path).replace("%3A", ":")
                ),
                relative: false,
            }
        }
    }
}

/// Percent-encodes everything but unreserved characters and `/`, so any file name is a valid URI
/// reference.
fn percent_encode(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            percent_encode("guidelines/a b/é#1.json"),
            "guidelines/a%20b/%C3%A9%231.json"
        );
        assert_eq!(percent_encode("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn absolute_paths_under_the_root_become_relative() {
        let uri = artifact_uri("/repo/guidelines/a.json", Path::new("/repo"));
        assert_eq!(
            (uri.uri.as_str(), uri.relative),
            ("guidelines/a.json", true)
        );
        let uri = artifact_uri("/elsewhere/a.json", Path::new("/repo"));
        assert_eq!(
            (uri.uri.as_str(), uri.relative),
            ("file:///elsewhere/a.json", false)
        );
        let uri = artifact_uri("guidelines/a.json", Path::new("/repo"));
        assert_eq!(
            (uri.uri.as_str(), uri.relative),
            ("guidelines/a.json", true)
        );
    }
}

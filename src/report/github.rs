//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic, then the summary
//! as a plain log line (not a `::notice`, which would spend one of the few annotations GitHub shows
//! per step on something that is not a problem).
//!
//! ```text
//! ::error file=guidelines/a.json,line=57,col=23,endLine=57,endColumn=24,title=GL301 imaging-sequence::message%0Ahelp
//! ```
//!
//! GitHub accepts columns only on a one-line region, so a region spanning lines has `line` and
//! `endLine` alone.

use super::{Region, message_with_help, ordered, summary_line};
use crate::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report) -> String {
    let mut output = String::new();
    for (source, diagnostic) in ordered(report) {
        let region = Region::of(source, diagnostic.primary.span);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![
            ("file", source.path().to_string()),
            ("line", region.start.line.to_string()),
        ];
        if region.start.line == region.end.line {
            properties.push(("col", region.start.column.to_string()));
        }
        properties.push(("endLine", region.end.line.to_string()));
        if region.start.line == region.end.line {
            properties.push(("endColumn", region.end.column.to_string()));
        }
        properties.push((
            "title",
            format!("{} {}", diagnostic.rule.code, diagnostic.rule.name),
        ));
        let properties: Vec<String> = properties
            .iter()
            .map(|(name, value)| format!("{name}={}", escape_property(value)))
            .collect();
        output.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message_with_help(diagnostic))
        ));
    }
    output.push_str(&summary_line(report));
    output.push('\n');
    output
}

/// The message part of a workflow command, escaped as the Actions runner unescapes it.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `name=value` property: additionally `:` and `,`, which would end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_and_line_breaks() {
        assert_eq!(escape_data("100%\r\nnext: a,b"), "100%25%0D%0Anext: a,b");
        // `%0A` typed by a user must not turn into a line break when GitHub unescapes it.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}

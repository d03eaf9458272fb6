//! `--format junit`: JUnit XML, the test report GitLab, Jenkins and Azure Pipelines read. One
//! `<testsuite>` per checked file; one failing `<testcase>` per diagnostic (warnings included, marked
//! `type="warning"`); a file without diagnostics gets one passing test case, so it still shows up.
//! No timestamps or durations: two runs give the same bytes.

use super::{Region, message_with_help};
use crate::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report) -> String {
    let summary = report.summary();
    let tests: usize = report
        .files
        .iter()
        .map(|file| file.diagnostics.len().max(1))
        .sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"guidelint\" tests=\"{tests}\" failures=\"{}\" errors=\"0\">\n",
        summary.errors + summary.warnings
    ));
    for file in &report.files {
        let path = attribute(file.source.path());
        let failures = file.diagnostics.len();
        xml.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            failures.max(1)
        ));
        if file.diagnostics.is_empty() {
            xml.push_str(&format!(
                "    <testcase name=\"no problems\" classname=\"{path}\" file=\"{path}\"/>\n"
            ));
        }
        for diagnostic in &file.diagnostics {
            let start = Region::of(&file.source, diagnostic.primary.span).start;
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let name = format!(
                "{} {} at {}:{}",
                diagnostic.rule.code, diagnostic.rule.name, start.line, start.column
            );
            let body = format!(
                "{}:{}:{}: {severity}[{}] {}\n{}",
                file.source.path(),
                start.line,
                start.column,
                diagnostic.rule.code,
                diagnostic.rule.name,
                message_with_help(diagnostic)
            );
            xml.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n",
                attribute(&name),
                start.line
            ));
            xml.push_str(&format!(
                "      <failure type=\"{severity}\" message=\"{}\">{}</failure>\n",
                attribute(&diagnostic.message),
                text(&body)
            ));
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Character data: markup characters escaped, `\r` kept (a parser would fold it into `\n`).
pub(crate) fn text(value: &str) -> String {
    escape(value, false)
}

/// An attribute value in double quotes: line breaks and tabs are written as character references
/// because a parser turns literal ones into spaces.
pub(crate) fn attribute(value: &str) -> String {
    escape(value, true)
}

fn escape(value: &str, in_attribute: bool) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' if in_attribute => escaped.push_str("&quot;"),
            '\n' if in_attribute => escaped.push_str("&#10;"),
            '\t' if in_attribute => escaped.push_str("&#9;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' | '\n' => escaped.push(character),
            // XML 1.0 cannot carry other control characters or these two, not even as references.
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            text("a < b && c > \"d\""),
            "a &lt; b &amp;&amp; c &gt; \"d\""
        );
        assert_eq!(
            attribute("say \"hi\" <now>"),
            "say &quot;hi&quot; &lt;now&gt;"
        );
    }

    #[test]
    fn line_breaks_survive_attribute_normalization() {
        assert_eq!(attribute("one\ntwo\r\tthree"), "one&#10;two&#13;&#9;three");
        assert_eq!(text("one\ntwo\r"), "one\ntwo&#13;");
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(
            text("bell\u{7} nul\u{0} \u{ffff}"),
            "bell\u{fffd} nul\u{fffd} \u{fffd}"
        );
    }
}

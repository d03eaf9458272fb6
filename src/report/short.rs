//! `--format short`: one line per diagnostic, `path:line:column: severity[CODE] rule: message`, the
//! shape compilers print, so editors and terminals can jump to each problem. Nothing else is written:
//! the summary line goes to stderr.

use super::{Region, ordered};
use crate::Report;

pub fn render(report: &Report) -> String {
    let mut output = String::new();
    for (source, diagnostic) in ordered(report) {
        let start = Region::of(source, diagnostic.primary.span).start;
        output.push_str(&format!(
            "{}:{}:{}: {}[{}] {}: {}\n",
            source.path(),
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule.code,
            diagnostic.rule.name,
            one_line(&diagnostic.message)
        ));
    }
    output
}

/// One diagnostic must stay one line, whatever its message holds.
fn one_line(message: &str) -> String {
    message
        .split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(one_line("first\r\nsecond\nthird"), "first second third");
        assert_eq!(one_line("plain"), "plain");
    }
}

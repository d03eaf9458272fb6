//! `rules.html`: every rule's documentation, from the registry `guidelint explain` reads, so a
//! diagnostic on a page links to the same text the command line prints.

use super::super::markup::Escaped;
use super::{close_page, open_page};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::fmt::Write;

pub fn render() -> String {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        let mut out = String::with_capacity(64 * 1024);
        open_page(&mut out, "guidelint rules");
        out.push_str("<h1>Rules</h1>\n<p>Every rule guidelint checks, with its code and default severity (a project's <code>guidelint.toml</code> may change it). The same text is printed by <code>guidelint explain RULE</code>.</p>\n<nav class=\"contents\" aria-labelledby=\"rules-contents\">\n<h2 id=\"rules-contents\">Contents</h2>\n<ol>\n");
        for rule in crate::rules::ALL {
            let _ = writeln!(
                out,
                "<li><a href=\"#{code}\">{code} {name}</a></li>",
                code = rule.code,
                name = rule.name
            );
        }
        out.push_str("</ol>\n</nav>\n");
        for rule in crate::rules::ALL {
            let _ = write!(
                out,
                "<section class=\"rule\" id=\"{code}\" aria-labelledby=\"{code}-heading\">\n<h2 id=\"{code}-heading\">{code} {name}</h2>\n<p><span class=\"severity {severity}\">{severity}</span> by default. {}</p>\n",
                Escaped(rule.summary),
                code = rule.code,
                name = rule.name,
                severity = rule.default_severity
            );
            out.push_str(&markdown(&rule.documentation()));
            out.push_str("</section>\n");
        }
        close_page(&mut out, None);
        out
    })
    .clone()
}

/// A rule's Markdown documentation as HTML, its headings under the rule's own `<h2>` and any raw
/// HTML in it shown as text.
fn markdown(text: &str) -> String {
    let events = Parser::new_ext(text, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// `##` in a rule's documentation is a section of the rule: `<h3>` on the page.
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

//! `index.html`: every guideline rendered, with its status, dates and counts, linked to its page.

use super::super::markup::{Escaped, push};
use super::{Entry, close_page, open_page};
use crate::report::plural;
use std::fmt::Write;

pub fn render(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 512);
    open_page(&mut out, "Guidelines");
    let errors: usize = entries.iter().map(|entry| entry.errors).sum();
    let warnings: usize = entries.iter().map(|entry| entry.warnings).sum();
    let class = if errors > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else {
        "clean"
    };
    let _ = write!(
        out,
        "<h1>Guidelines</h1>\n<p class=\"banner {class}\" role=\"status\">{}: {}, {}.</p>\n",
        plural(entries.len(), "guideline"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if entries.is_empty() {
        out.push_str("<p>No guideline documents were found.</p>\n");
        close_page(&mut out, None);
        return out;
    }
    out.push_str("<div class=\"table\"><table class=\"index\">\n<caption class=\"legend\">Each guideline as checked by guidelint; review dates as of the day the site was rendered.</caption>\n<thead><tr><th scope=\"col\">Guideline</th><th scope=\"col\">Status</th><th scope=\"col\">Version</th><th scope=\"col\">Condition</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Review due</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n");
    for entry in entries {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}.html\">{}</a><br><span class=\"id\">{}</span></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            Escaped(&entry.page),
            Escaped(&entry.title),
            Escaped(&entry.path),
            Escaped(&entry.status),
            Escaped(&entry.version),
            Escaped(&entry.condition),
            Escaped(&entry.last_reviewed)
        );
        match &entry.review_due {
            Some((date, true)) => {
                let _ = write!(
                    out,
                    "<span class=\"overdue\">{} (overdue)</span>",
                    Escaped(date)
                );
            }
            Some((date, false)) => push(&mut out, date),
            None => {}
        }
        let severity = |count: usize, class: &str| {
            if count > 0 {
                format!("<span class=\"severity {class}\">{count}</span>")
            } else {
                "0".to_string()
            }
        };
        let _ = writeln!(
            out,
            "</td><td>{}</td><td>{}</td></tr>",
            severity(entry.errors, "error"),
            severity(entry.warnings, "warning")
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    close_page(&mut out, None);
    out
}

use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Checks the dates in `provenance`: `last_reviewed` must not be before `published`, and neither
    /// may be after today (the system date unless `--today` gives another).
    ///
    /// ## Why it matters
    /// Readers judge how current a guideline is by its dates, and `review-overdue` computes the next
    /// review from them. A review dated before publication, or a date that has not come yet, is a
    /// typo that hides how old the recommendations really are and can postpone the next review by
    /// years.
    ///
    /// ## Example
    /// ```json
    /// "published": "2026-03-02",
    /// "last_reviewed": "2025-09-14",
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// "published": "2026-03-02",
    /// "last_reviewed": "2026-09-14",
    /// ```
    pub static DATE_ORDER = {
        name: "date-order",
        code: "GL503",
        severity: Error,
        summary: "`last_reviewed` before `published`, or either in the future",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let provenance = &context.guideline.provenance;
    // The schema checks the date format; a date it lets through that jiff rejects is not ours to judge.
    let parse = |value: Option<&str>| value.and_then(|value| value.parse::<Date>().ok());
    let published = parse(provenance.published);
    let last_reviewed = parse(provenance.last_reviewed);
    let mut diagnostics = Vec::new();
    if let (Some(published), Some(last_reviewed)) = (published, last_reviewed)
        && last_reviewed < published
    {
        let pointer = Pointer::provenance("last_reviewed");
        diagnostics.push(
            Diagnostic::new(
                &DATE_ORDER,
                format!("`last_reviewed` ({last_reviewed}) is before `published` ({published})"),
                pointer.clone(),
                context.label(&pointer, "reviewed before publication"),
            )
            .with_label(context.label(&Pointer::provenance("published"), "published here"))
            .with_help("A guideline is reviewed after it is published: correct whichever of the two dates is wrong."),
        );
    }
    for (key, date) in [("published", published), ("last_reviewed", last_reviewed)] {
        let Some(date) = date.filter(|date| *date > context.today) else {
            continue;
        };
        let pointer = Pointer::provenance(key);
        diagnostics.push(
            Diagnostic::new(
                &DATE_ORDER,
                format!("`{key}` ({date}) is in the future (today is {})", context.today),
                pointer.clone(),
                context.label(&pointer, "future date"),
            )
            .with_help(format!(
                "Correct `{key}` to the date the guideline was {event}: it cannot be {event} on a day that has not \
                 come yet.",
                event = if key == "published" { "published" } else { "last reviewed" }
            )),
        );
    }
    diagnostics
}

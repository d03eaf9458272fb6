use super::RuleContext;
use crate::pointer::Pointer;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Reports a guideline whose next review is past: `provenance.last_reviewed` (or `published` when
    /// it has never been reviewed) plus `review_interval_months` (24 when absent) is before today.
    /// Adding months keeps the day of the month, or uses the month's last day when it is shorter
    /// (January 31 plus one month is February 28 or 29). Today is the system date unless `--today`
    /// gives another.
    ///
    /// ## Why it matters
    /// Evidence moves: reversal agents for anticoagulants, thresholds for embolization and imaging
    /// recommendations change. A guideline past its review date may recommend what is no longer
    /// current practice, and readers cannot tell whether anyone has checked it against newer sources.
    ///
    /// ## Example
    /// ```json
    /// "published": "2023-05-02",
    /// "last_reviewed": "2024-01-15",
    /// "review_interval_months": 24,
    /// ```
    /// (checked on 2026-11-26: the review was due on 2026-01-15)
    ///
    /// ## Use instead
    /// ```json
    /// "published": "2023-05-02",
    /// "last_reviewed": "2026-01-12",
    /// "review_interval_months": 24,
    /// ```
    pub static REVIEW_OVERDUE = {
        name: "review-overdue",
        code: "GL501",
        severity: Warning,
        summary: "`last_reviewed` + `review_interval_months` is before today",
    }
}

/// `date` plus `months`, clamping the day to the end of a shorter month; `None` past the last date
/// jiff represents (such a review is never due).
pub fn due_date(date: Date, months: u32) -> Option<Date> {
    let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
    date.checked_add(span).ok()
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let provenance = &context.guideline.provenance;
    let (key, what, value) = match (&provenance.last_reviewed, &provenance.published) {
        (Some(last_reviewed), _) => ("last_reviewed", "its last review", last_reviewed),
        (None, Some(published)) => ("published", "its publication", published),
        (None, None) => return Vec::new(),
    };
    // The schema checks the date format; a date it lets through that jiff rejects is not ours to judge.
    let Ok(date) = value.parse::<Date>() else {
        return Vec::new();
    };
    let months = provenance.review_interval_months;
    let Some(due) = due_date(date, months).filter(|due| *due < context.today) else {
        return Vec::new();
    };
    let pointer = Pointer::provenance(key);
    let interval_pointer = Pointer::provenance("review_interval_months");
    let interval_written = context.has(&interval_pointer);
    let period = if months == 1 {
        "1 month".to_string()
    } else {
        format!("{months} months")
    };
    let default = if interval_written {
        ""
    } else {
        " (the default interval)"
    };
    let record = if key == "published" {
        "add `last_reviewed` with"
    } else {
        "set `last_reviewed` to"
    };
    let mut diagnostic = Diagnostic::new(
        &REVIEW_OVERDUE,
        format!(
            "the guideline was due for review on {due}, {period}{default} after {what} on {date} (today is {})",
            context.today
        ),
        pointer.clone(),
        context.label(&pointer, format!("review due {due}")),
    )
    .with_help(format!("Review the guideline against current evidence, then {record} the date of that review."));
    if interval_written {
        diagnostic = diagnostic
            .with_label(context.label(&interval_pointer, format!("review every {period}")));
    }
    vec![diagnostic]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(due_date(date(2024, 1, 15), 24), Some(date(2026, 1, 15)));
        assert_eq!(due_date(date(2024, 11, 30), 3), Some(date(2025, 2, 28)));
    }

    #[test]
    fn the_day_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(due_date(date(2026, 1, 31), 1), Some(date(2026, 2, 28)));
        assert_eq!(due_date(date(2028, 1, 31), 1), Some(date(2028, 2, 29)));
        assert_eq!(due_date(date(2026, 8, 31), 1), Some(date(2026, 9, 30)));
        assert_eq!(due_date(date(2024, 2, 29), 12), Some(date(2025, 2, 28)));
    }

    #[test]
    fn intervals_past_the_calendar_are_never_due() {
        assert_eq!(due_date(date(2026, 1, 1), u32::MAX), None);
        assert_eq!(due_date(date(9999, 6, 1), 12), None);
    }
}

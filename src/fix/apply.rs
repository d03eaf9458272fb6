//! Applying fixes: one round applies every fix that does not conflict with one applied before it;
//! [`fix_until_stable`] repeats rounds on the re-checked text until nothing is left to apply.

use super::Fix;

/// At most this many rounds: a fix that keeps proposing another (two fixes undoing each other)
/// cannot make a run loop for ever.
pub const MAX_ROUNDS: usize = 10;

/// The outcome of one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub text: String,
    /// How many of the fixes the text now holds. A fix identical to one already applied (the same
    /// renumbering proposed by two diagnostics) counts as applied too: it is.
    pub applied: usize,
    /// How many were left out because they conflict with a fix applied before them (the next
    /// round, on the new text, may apply them), or do not fit the text.
    pub conflicting: usize,
}

/// Applies `fixes` to `text` in one pass, in the order of their first edit; a fix that conflicts
/// with one applied before it is left out whole (never half applied). Edits are byte ranges of
/// `text`; one outside it or not on a character boundary leaves its fix out.
pub fn apply<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> Round {
    let mut fixes: Vec<&Fix> = fixes
        .into_iter()
        .filter(|fix| !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|fix| {
        let first = fix.edits[0].span;
        (first.start, first.end)
    });
    let mut accepted: Vec<&Fix> = Vec::with_capacity(fixes.len());
    let mut applied = 0;
    let mut conflicting = 0;
    for fix in fixes {
        if accepted.iter().any(|earlier| earlier.edits == fix.edits) {
            applied += 1;
        } else if !fits(text, fix) || accepted.iter().any(|earlier| earlier.conflicts_with(fix)) {
            conflicting += 1;
        } else {
            accepted.push(fix);
            applied += 1;
        }
    }
    let mut edits: Vec<&super::Edit> = accepted.iter().flat_map(|fix| fix.edits()).collect();
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut fixed = String::with_capacity(text.len());
    let mut copied = 0;
    for edit in edits {
        fixed.push_str(&text[copied..edit.span.start]);
        fixed.push_str(&edit.replacement);
        copied = edit.span.end;
    }
    fixed.push_str(&text[copied..]);
    Round {
        text: fixed,
        applied,
        conflicting,
    }
}

/// Whether every edit of `fix` lies inside `text`, on character boundaries.
fn fits(text: &str, fix: &Fix) -> bool {
    fix.edits.iter().all(|edit| {
        edit.span.start <= edit.span.end
            && text.is_char_boundary(edit.span.start)
            && text.is_char_boundary(edit.span.end)
    })
}

/// The outcome of [`fix_until_stable`].
#[derive(Debug)]
pub struct Fixed<T> {
    /// The text after the last round that was kept.
    pub text: String,
    /// What the check said about `text`.
    pub checked: T,
    /// How many fixes the rounds applied in all.
    pub applied: usize,
    /// How many rounds were kept.
    pub rounds: usize,
}

/// Applies fixes round after round. `check` checks a text and returns what it found, with the
/// fixes to apply, or `None` when the text must not be kept (a round that broke the document; it
/// cannot happen with fixes built from spans, but a fix must never cost an author their text).
/// The rounds stop when a round has nothing to apply, when a round changes nothing, when the
/// checked text must not be kept (that round is dropped), or after [`MAX_ROUNDS`].
///
/// Returns `None` when `check` refuses the original text itself.
pub fn fix_until_stable<T>(
    text: String,
    mut check: impl FnMut(&str) -> Option<(T, Vec<Fix>)>,
) -> Option<Fixed<T>> {
    let (checked, mut fixes) = check(&text)?;
    let mut fixed = Fixed {
        text,
        checked,
        applied: 0,
        rounds: 0,
    };
    while fixed.rounds < MAX_ROUNDS && !fixes.is_empty() {
        let round = apply(&fixed.text, &fixes);
        if round.applied == 0 || round.text == fixed.text {
            break;
        }
        let Some((checked, next)) = check(&round.text) else {
            break;
        };
        fixed.text = round.text;
        fixed.checked = checked;
        fixed.applied += round.applied;
        fixed.rounds += 1;
        fixes = next;
    }
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Edit;
    use crate::source::Span;

    fn replace(start: usize, end: usize, with: &str) -> Fix {
        Fix::safe(
            format!("{start}..{end}"),
            vec![Edit::replace(Span::new(start, end), with)],
        )
    }

    #[test]
    fn a_round_applies_what_does_not_conflict_and_leaves_the_rest() {
        let fixes = [
            replace(6, 9, "[b]"),
            replace(0, 3, "[a]"),
            replace(1, 4, "[overlaps a]"),
        ];
        let round = apply("abcdefghij", &fixes);
        assert_eq!(round.text, "[a]def[b]j");
        assert_eq!((round.applied, round.conflicting), (2, 1));
    }

    #[test]
    fn an_identical_fix_counts_as_applied_once_written() {
        let fixes = [replace(0, 1, "x"), replace(0, 1, "x")];
        let round = apply("abc", &fixes);
        assert_eq!(round.text, "xbc");
        assert_eq!(round.applied, 2);
    }

    #[test]
    fn an_edit_off_a_character_boundary_is_left_out() {
        let round = apply("é", &[replace(1, 2, "e")]);
        assert_eq!(round.text, "é");
        assert_eq!(round.applied, 0);
    }

    #[test]
    fn rounds_repeat_until_nothing_applies() {
        // Each round turns the first `a` into `b`: three rounds, then none is left.
        let fixed = fix_until_stable("aaa".to_string(), |text| {
            let fixes = text
                .find('a')
                .map(|at| replace(at, at + 1, "b"))
                .into_iter()
                .collect();
            Some((text.to_string(), fixes))
        })
        .unwrap();
        assert_eq!(fixed.text, "bbb");
        assert_eq!((fixed.applied, fixed.rounds), (3, 3));
        assert_eq!(fixed.checked, "bbb");
    }

    #[test]
    fn fixes_that_undo_each_other_stop_after_the_last_round() {
        let fixed = fix_until_stable("a".to_string(), |text| {
            let other = if text == "a" { "b" } else { "a" };
            Some(((), vec![replace(0, 1, other)]))
        })
        .unwrap();
        assert_eq!(fixed.rounds, MAX_ROUNDS);
    }

    #[test]
    fn a_round_whose_text_is_refused_is_dropped() {
        let fixed = fix_until_stable("ok".to_string(), |text| {
            (text == "ok").then(|| ((), vec![replace(0, 2, "broken")]))
        })
        .unwrap();
        assert_eq!(fixed.text, "ok");
        assert_eq!(fixed.applied, 0);
    }
}

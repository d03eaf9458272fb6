//! Text helpers every stage shares: making document text safe to show, and writing the small pieces
//! of plain English that messages are made of. A leaf module: it imports nothing of guidelint.

/// Text as a terminal may safely show it. Messages quote document text (keys, values, bare words),
/// and a control character there could recolor, retitle or overwrite a reader's terminal or CI log;
/// every control character but line feed and tab is written as its JSON escape (`\u001b`).
pub fn visible(text: String) -> String {
    if !text.chars().any(is_hidden_control) {
        return text;
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if is_hidden_control(character) {
            shown.push_str(&format!("\\u{:04x}", u32::from(character)));
        } else {
            shown.push(character);
        }
    }
    shown
}

/// A control character a report must not pass to a terminal as it is.
pub fn is_hidden_control(character: char) -> bool {
    character.is_control() && !matches!(character, '\n' | '\t')
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn and_list(items: &[String]) -> String {
    list(items, "and")
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
pub fn or_list(items: &[String]) -> String {
    list(items, "or")
}

fn list(items: &[String], conjunction: &str) -> String {
    match items {
        [rest @ .., last] if !rest.is_empty() => {
            format!("{} {conjunction} {last}", rest.join(", "))
        }
        _ => items.join(""),
    }
}

/// "1 warning", "3 warnings".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// At most `max_chars` characters of `text`, with an ellipsis when something was cut.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The candidate closest to `word` when it is close enough to be a likely typo: the "did you mean"
/// of every message about an unknown name.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    near_misses(word, candidates)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// [`closest`], when no other candidate is as close: what a fix may replace `word` with. When two
/// candidates are equally likely, picking one would be a coin toss.
pub fn closest_unique<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    for (distance, candidate) in near_misses(word, candidates) {
        match best {
            Some((shortest, found)) if distance == shortest && candidate != found => tied = true,
            Some((shortest, _)) if distance >= shortest => {}
            _ => {
                best = Some((distance, candidate));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, candidate)| candidate)
}

/// The candidates close enough to `word` to be a likely typo of it, with their distance.
fn near_misses<'a, 'w>(
    word: &'w str,
    candidates: impl IntoIterator<Item = &'a str> + 'w,
) -> impl Iterator<Item = (usize, &'a str)> + 'w {
    let word_lower = word.to_lowercase();
    let word_length = word.chars().count();
    candidates
        .into_iter()
        .filter(move |candidate| *candidate != word)
        .filter_map(move |candidate| {
            let longest = word_length.max(candidate.chars().count());
            let allowed = 3.min(longest.div_ceil(3).max(1));
            // Lengths that differ by more than the allowed edits cannot match: skip the distance.
            if word_length.abs_diff(candidate.chars().count()) > allowed {
                return None;
            }
            // Optimal string alignment: insertions, deletions, substitutions and swaps of
            // neighbours, the typos people make.
            let distance = strsim::osa_distance(&word_lower, &candidate.to_lowercase());
            (distance <= allowed).then_some((distance, candidate))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_as_json_escapes() {
        assert_eq!(visible("a\u{1b}[2Jb".to_string()), "a\\u001b[2Jb");
        assert_eq!(visible("x\ry\u{7}".to_string()), "x\\u000dy\\u0007");
        assert_eq!(visible("line\n\tkept".to_string()), "line\n\tkept");
    }

    #[test]
    fn lists_read_as_english() {
        let items = |items: &[&str]| {
            items
                .iter()
                .map(|item| item.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(and_list(&items(&[])), "");
        assert_eq!(and_list(&items(&["a"])), "a");
        assert_eq!(and_list(&items(&["a", "b"])), "a and b");
        assert_eq!(and_list(&items(&["a", "b", "c"])), "a, b and c");
        assert_eq!(or_list(&items(&[])), "");
        assert_eq!(or_list(&items(&["a"])), "a");
        assert_eq!(or_list(&items(&["a", "b"])), "a or b");
        assert_eq!(or_list(&items(&["a", "b", "c"])), "a, b or c");
    }

    #[test]
    fn counts_and_cuts() {
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("été", 3), "été");
    }

    #[test]
    fn closest_suggests_near_typos_only() {
        assert_eq!(
            closest("modalty", ["modality", "sequence"]),
            Some("modality")
        );
        assert_eq!(
            closest("sequnce", ["modality", "sequence"]),
            Some("sequence")
        );
        assert_eq!(closest("zzz", ["modality", "sequence"]), None);
    }

    #[test]
    fn a_fix_needs_one_closest_candidate() {
        assert_eq!(
            closest_unique("ultrasond", ["ultrasound", "ct"]),
            Some("ultrasound")
        );
        assert_eq!(closest_unique("ct-scam", ["ct-scan", "ct-scar"]), None);
        assert_eq!(
            closest_unique("ct-scam", ["ct-scan", "ct-scan"]),
            Some("ct-scan")
        );
        assert_eq!(
            closest_unique("ct-scam", ["ct-scan", "mri"]),
            Some("ct-scan")
        );
    }
}

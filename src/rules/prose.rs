//! Small helpers for writing diagnostic messages in plain English.

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

#[cfg(test)]
mod tests {
    use super::{and_list, or_list};

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
}

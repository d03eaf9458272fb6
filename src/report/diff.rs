//! The unified diff of a document's text before and after `check --fix` or `fmt` would change it
//! (`--diff`), as `diff -u` and `git diff` print it, so that `patch -p0` can apply it.
//!
//! Written with the `similar` crate (Myers' algorithm, the unified format with its hunk headers and
//! "no newline at end of file" marks), which insta already brings into the build for our tests.

/// The unified diff of `before` and `after`, with three lines of context, under `name`; empty when
/// they are equal.
pub fn unified(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    // `patch` reads a name up to the first tab, or else up to the first space: a name with a
    // space in it ends with a tab, as `diff -u` ends every name (before its date).
    let header = if name.contains(char::is_whitespace) {
        format!("{name}\t")
    } else {
        name.to_string()
    };
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&header, &header)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_the_changed_lines_with_their_context() {
        let before = "{\n  \"a\": 1,\n  \"b\": \"ultrasond\"\n}\n";
        let after = "{\n  \"a\": 1,\n  \"b\": \"ultrasound\"\n}\n";
        assert_eq!(
            unified("g.json", before, after),
            "--- g.json\n+++ g.json\n@@ -1,4 +1,4 @@\n {\n   \"a\": 1,\n-  \"b\": \"ultrasond\"\n+  \"b\": \"ultrasound\"\n }\n"
        );
        assert_eq!(unified("g.json", before, before), "");
    }

    #[test]
    fn a_name_with_a_space_ends_with_a_tab_for_patch() {
        let diff = unified("space dir/g.json", "{}\n", "[]\n");
        assert!(
            diff.starts_with("--- space dir/g.json\t\n+++ space dir/g.json\t\n"),
            "{diff}"
        );
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let diff = unified("g.json", "{}", "{}\n");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }
}

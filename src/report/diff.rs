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
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
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
    fn a_missing_final_newline_is_marked() {
        let diff = unified("g.json", "{}", "{}\n");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }
}

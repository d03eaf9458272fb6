//! Escaping document text for XML and HTML (the SVG drawing and the review pages).

use std::fmt::{self, Write};

/// Text escaped for XML and HTML, in element content and in quoted attribute values alike: `&`,
/// `<`, `>`, `"` and `'` become references, and characters XML forbids even as references (control
/// characters other than tab and line feed, U+FFFE, U+FFFF) are shown as `\u0001`, as `check`'s
/// messages show them. A carriage return becomes a line feed.
pub struct Escaped<'t>(pub &'t str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        // Most text holds nothing to escape: one pass over its bytes says so.
        if !text.bytes().any(needs_attention) {
            return out.write_str(text);
        }
        let mut start = 0;
        for (index, character) in text.char_indices() {
            let replacement = match character {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\r' => "\n",
                '\t' | '\n' => continue,
                other if is_forbidden(other) => {
                    out.write_str(&text[start..index])?;
                    write!(out, "\\u{:04x}", u32::from(other))?;
                    start = index + other.len_utf8();
                    continue;
                }
                _ => continue,
            };
            out.write_str(&text[start..index])?;
            out.write_str(replacement)?;
            start = index + character.len_utf8();
        }
        out.write_str(&text[start..])
    }
}

/// A byte that may start something to escape: markup, a control character (C0, DEL, and the lead
/// byte 0xC2 of C1 controls) or the lead byte 0xEF of the noncharacters.
fn needs_attention(byte: u8) -> bool {
    matches!(
        byte,
        b'&' | b'<' | b'>' | b'"' | b'\'' | 0..0x20 | 0x7f | 0xc2 | 0xef
    )
}

/// A character neither XML 1.0 nor HTML admits in a document, not even as a reference.
fn is_forbidden(character: char) -> bool {
    (character.is_control() && !matches!(character, '\t' | '\n' | '\r'))
        || matches!(character, '\u{fffe}' | '\u{ffff}')
        || ('\u{fdd0}'..='\u{fdef}').contains(&character)
}

/// Appends `text`, escaped, to `out`.
pub fn push(out: &mut String, text: &str) {
    if text.bytes().any(needs_attention) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}", Escaped(text));
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(
            Escaped(r#"<script>alert("x")</script> & 'y'"#).to_string(),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(
            Escaped("a\u{1}b\u{ffff}\r\n").to_string(),
            "a\\u0001b\\uffff\n\n"
        );
        assert_eq!(Escaped("plain é 漢字").to_string(), "plain é 漢字");
    }
}

//! Escaping document text for XML and HTML (the SVG drawing and the review pages), and writing
//! numbers into them, straight into the page being written.

use std::fmt::{self, Write};

/// Text escaped for XML and HTML, in element content and in quoted attribute values alike: `&`,
/// `<`, `>`, `"` and `'` become references, and characters XML forbids even as references (control
/// characters other than tab and line feed, U+FFFE, U+FFFF) are shown as `\u0001`, as `check`'s
/// messages show them. A carriage return becomes a line feed.
pub struct Escaped<'t>(pub &'t str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(out, self.0)
    }
}

/// Appends `text`, escaped as [`Escaped`] describes, to `out`.
pub fn push(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = escape(out, text);
}

/// Appends a whole number.
pub fn push_count(out: &mut String, count: usize) {
    out.push_str(itoa::Buffer::new().format(count));
}

/// Something [`put!`] appends to a page: markup as written (`&'static str`: only literals and
/// guidelint's own constants, never document text), document text [`Escaped`], whole numbers.
pub trait Piece {
    fn put(self, out: &mut String);
}

impl Piece for &'static str {
    fn put(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Escaped<'_> {
    fn put(self, out: &mut String) {
        push(out, self.0);
    }
}

impl Piece for usize {
    fn put(self, out: &mut String) {
        push_count(out, self);
    }
}

/// Appends each piece to `out` in turn: `put!(out, "<h1>", Escaped(title), "</h1>")`. Like
/// `write!`, but without the formatting machinery, which was a quarter of the time of
/// `guidelint render` (BENCHMARKS.md).
macro_rules! put {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::render::markup::Piece::put($piece, out); )+
    }};
}
pub(crate) use put;

/// Writes `text` escaped: runs with nothing to escape are copied whole, and nothing goes through
/// the formatting machinery except the rare forbidden character. Pages are mostly such runs, and
/// this is the innermost loop of `guidelint render` (BENCHMARKS.md).
fn escape<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Whole blocks of printable ASCII without markup are skipped at once (the test compiles
        // to a few vector instructions); any other block is read byte by byte.
        if let Some(block) = bytes.get(index..index + BLOCK)
            && !block
                .iter()
                .fold(false, |any, &byte| any | may_need_attention(byte))
        {
            index += BLOCK;
            continue;
        }
        let end = bytes.len().min(index + BLOCK);
        while index < end {
            let byte = bytes[index];
            if !ATTENTION[usize::from(byte)] {
                index += 1;
                continue;
            }
            let replacement = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                b'\r' => "\n",
                b'\t' | b'\n' => {
                    index += 1;
                    continue;
                }
                _ => {
                    // A control character, or the lead byte of a C1 control or a noncharacter
                    // (bytes that need attention are ASCII or lead bytes, so `index` is where a
                    // character starts).
                    let Some(character) = text[index..].chars().next() else {
                        index += 1;
                        continue;
                    };
                    if is_forbidden(character) {
                        out.write_str(&text[start..index])?;
                        write!(out, "\\u{:04x}", u32::from(character))?;
                        start = index + character.len_utf8();
                    }
                    index += character.len_utf8();
                    continue;
                }
            };
            out.write_str(&text[start..index])?;
            out.write_str(replacement)?;
            index += 1;
            start = index;
        }
    }
    out.write_str(&text[start..])
}

/// Bytes read at once while nothing needs escaping.
const BLOCK: usize = 16;

/// True for every byte that [`needs_attention`] (and for other bytes outside printable ASCII),
/// in fewer operations: `&` and `'` are 0x26 and 0x27, `<` and `>` are 0x3C and 0x3E.
const fn may_need_attention(byte: u8) -> bool {
    (byte.wrapping_sub(0x20) > 0x5e)
        | (byte & 0xfe == 0x26)
        | (byte & 0xfd == 0x3c)
        | (byte == b'"')
}

/// [`needs_attention`] of every byte, for the bytes read one at a time.
const ATTENTION: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = needs_attention(byte as u8);
        byte += 1;
    }
    table
};

/// A byte that may start something to escape: markup, a control character (C0, DEL, and the lead
/// byte 0xC2 of C1 controls) or the lead byte 0xEF of the noncharacters. Comparisons rather than
/// a table, so that a block of bytes is tested with vector instructions.
const fn needs_attention(byte: u8) -> bool {
    (byte < 0x20)
        | (byte == b'&')
        | (byte == b'<')
        | (byte == b'>')
        | (byte == b'"')
        | (byte == b'\'')
        | (byte == 0x7f)
        | (byte == 0xc2)
        | (byte == 0xef)
}

/// A character neither XML 1.0 nor HTML admits in a document, not even as a reference.
fn is_forbidden(character: char) -> bool {
    (character.is_control() && !matches!(character, '\t' | '\n' | '\r'))
        || matches!(character, '\u{fffe}' | '\u{ffff}')
        || ('\u{fdd0}'..='\u{fdef}').contains(&character)
}

#[cfg(test)]
mod tests {
    use super::{Escaped, push};

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

    #[test]
    fn the_block_test_finds_every_byte_that_needs_attention() {
        for byte in 0..=u8::MAX {
            if super::needs_attention(byte) {
                assert!(super::may_need_attention(byte), "{byte:#x}");
            }
        }
        for byte in b' '..=b'~' {
            let markup = b"&<>\"'".contains(&byte);
            assert_eq!(super::may_need_attention(byte), markup, "{byte:#x}");
        }
    }

    #[test]
    fn pushing_escapes_as_displaying_does() {
        let samples = [
            "",
            "plain",
            "<&>\"'",
            "tab\tline\ncarriage\r",
            "\u{0}\u{1f}\u{7f}\u{80}\u{9f}\u{a0}",
            "\u{fdd0}\u{fdef}\u{fdf0}\u{fffd}\u{fffe}\u{ffff}",
            "é 漢字 🙂 ]]> --> %%",
            "a plain run longer than one block, then <markup> & a\u{1}control",
            "exactly sixteen!",
            "exactly sixteen<",
            "<exactly sixteen",
            "fifteen bytes..<a plain run of thirty-two bytes.....>",
        ];
        for sample in samples {
            let mut pushed = String::from("before:");
            push(&mut pushed, sample);
            assert_eq!(pushed, format!("before:{}", Escaped(sample)), "{sample:?}");
        }
        let mut pushed = String::new();
        push(&mut pushed, "\u{80}\u{a0}\u{fdd0}\u{fdf0}");
        assert_eq!(pushed, "\\u0080\u{a0}\\ufdd0\u{fdf0}");
    }
}

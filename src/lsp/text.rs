//! An open document's text as the editor holds it, and the conversion between byte offsets and LSP
//! positions in the encoding negotiated with the client.
//!
//! LSP lines end at `\n`, `\r\n` or a lone `\r`; a position's `character` counts UTF-8 bytes, UTF-16
//! code units or Unicode scalar values, as negotiated. Positions a client should never send (past
//! the end of a line or of the text, inside a character) are clamped to the nearest character
//! boundary before them rather than refused: an edit notification has no way to report an error,
//! and dropping it would lose the author's text.

use crate::source::Span;
use lsp_types::{Position, Range};

/// What an LSP position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given what the client offers: UTF-8 (no conversion at all), then UTF-32,
    /// else UTF-16, which every client must support.
    pub fn negotiate(offered: &[lsp_types::PositionEncodingKind]) -> Encoding {
        use lsp_types::PositionEncodingKind as Kind;
        if offered.contains(&Kind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&Kind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        use lsp_types::PositionEncodingKind as Kind;
        match self {
            Encoding::Utf8 => Kind::UTF8,
            Encoding::Utf16 => Kind::UTF16,
            Encoding::Utf32 => Kind::UTF32,
        }
    }

    /// How many units `character` takes in this encoding.
    fn width(self, character: char) -> usize {
        match self {
            Encoding::Utf8 => character.len_utf8(),
            Encoding::Utf16 => character.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A document's text with the offsets where its lines start.
#[derive(Debug, Clone)]
pub struct Text {
    text: String,
    /// Byte offsets where lines start, by LSP's rules (after `\n`, `\r\n` or a lone `\r`).
    line_starts: Vec<usize>,
}

impl Text {
    pub fn new(text: String) -> Text {
        let line_starts = line_starts(&text);
        Text { text, line_starts }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Replaces `range` (or the whole text when `None`) with `replacement`.
    pub fn edit(&mut self, range: Option<Range>, replacement: &str, encoding: Encoding) {
        match range {
            None => {
                self.text.clear();
                self.text.push_str(replacement);
            }
            Some(range) => {
                let start = self.offset(range.start, encoding);
                let end = self.offset(range.end, encoding);
                // A reversed range is read as the text between its two ends.
                let (start, end) = (start.min(end), start.max(end));
                self.text.replace_range(start..end, replacement);
            }
        }
        self.line_starts = line_starts(&self.text);
    }

    /// The byte offset of `position`, clamped to the text: a line past the last is the end of the
    /// text, a character past the end of its line is the end of the line (before its line break),
    /// and a position inside a character (half of a UTF-16 surrogate pair, a byte inside a UTF-8
    /// sequence) is the start of that character.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let Some(&line_start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line_end = self.line_content_end(position.line as usize);
        let line = &self.text[line_start..line_end];
        let wanted = position.character as usize;
        if encoding == Encoding::Utf8 {
            let mut offset = wanted.min(line.len());
            while !line.is_char_boundary(offset) {
                offset -= 1;
            }
            return line_start + offset;
        }
        let mut units = 0;
        for (index, character) in line.char_indices() {
            let next = units + encoding.width(character);
            if next > wanted {
                return line_start + index;
            }
            units = next;
        }
        line_end
    }

    /// The LSP position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        // An offset between the `\r` and `\n` of a line break is the end of its line.
        let offset = offset.min(self.line_content_end(line));
        let before = &self.text[self.line_starts[line]..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
            Encoding::Utf32 => before.chars().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(span.start, encoding),
            self.position(span.end, encoding),
        )
    }

    pub fn span(&self, range: Range, encoding: Encoding) -> Span {
        let start = self.offset(range.start, encoding);
        let end = self.offset(range.end, encoding);
        Span::new(start.min(end), start.max(end))
    }

    /// Where line `line`'s content ends, before its line break.
    fn line_content_end(&self, line: usize) -> usize {
        let Some(&next) = self.line_starts.get(line + 1) else {
            return self.text.len();
        };
        let bytes = self.text.as_bytes();
        if next >= 2 && bytes[next - 1] == b'\n' && bytes[next - 2] == b'\r' {
            next - 2
        } else {
            next - 1
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for index in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let is_crlf_middle = bytes[index] == b'\r' && bytes.get(index + 1) == Some(&b'\n');
        if !is_crlf_middle {
            starts.push(index + 1);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(content: &str) -> Text {
        Text::new(content.to_string())
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32_else_utf16() {
        use lsp_types::PositionEncodingKind as Kind;
        assert_eq!(
            Encoding::negotiate(&[Kind::UTF16, Kind::UTF32, Kind::UTF8]),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(&[Kind::UTF16, Kind::UTF32]),
            Encoding::Utf32
        );
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
    }

    #[test]
    fn accents_cjk_and_emoji_count_per_encoding() {
        // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "肝" 3 and 1; "🩸" 4 and 2 (a surrogate pair).
        let document = text("{\"é肝🩸\": \"x\"}");
        let x = document.as_str().find('x').unwrap();
        assert_eq!(document.position(x, Encoding::Utf8), Position::new(0, 15));
        assert_eq!(document.position(x, Encoding::Utf16), Position::new(0, 10));
        assert_eq!(document.position(x, Encoding::Utf32), Position::new(0, 9));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(document.offset(document.position(x, encoding), encoding), x);
        }
    }

    #[test]
    fn a_position_inside_a_character_is_its_start() {
        let document = text("a🩸b");
        // UTF-16 character 2 is the second half of the surrogate pair.
        assert_eq!(document.offset(Position::new(0, 2), Encoding::Utf16), 1);
        assert_eq!(document.offset(Position::new(0, 3), Encoding::Utf16), 5);
        assert_eq!(document.offset(Position::new(0, 3), Encoding::Utf8), 1);
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let document = text("ab\ncd");
        assert_eq!(document.offset(Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(document.offset(Position::new(7, 0), Encoding::Utf16), 5);
        assert_eq!(document.position(99, Encoding::Utf16), Position::new(1, 2));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let document = text("a\r\nb\rc\nd");
        assert_eq!(document.offset(Position::new(1, 0), Encoding::Utf16), 3);
        assert_eq!(document.offset(Position::new(2, 0), Encoding::Utf16), 5);
        assert_eq!(document.offset(Position::new(3, 0), Encoding::Utf16), 7);
        // The end of line 0 is before its `\r\n`.
        assert_eq!(document.offset(Position::new(0, 5), Encoding::Utf16), 1);
        assert_eq!(document.position(2, Encoding::Utf16), Position::new(0, 1));
    }

    #[test]
    fn edits_replace_ranges_and_keep_lines_current() {
        let mut document = text("{\n  \"a\": 1\n}");
        document.edit(
            Some(Range::new(Position::new(1, 7), Position::new(1, 8))),
            "[\n    2\n  ]",
            Encoding::Utf16,
        );
        assert_eq!(document.as_str(), "{\n  \"a\": [\n    2\n  ]\n}");
        assert_eq!(
            document.position(document.as_str().find('2').unwrap(), Encoding::Utf16),
            Position::new(2, 4)
        );
        document.edit(None, "{}", Encoding::Utf16);
        assert_eq!(document.as_str(), "{}");
        assert_eq!(document.position(2, Encoding::Utf16), Position::new(0, 2));
    }
}

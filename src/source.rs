//! A checked file: its display path, its text and a line index for turning byte offsets into
//! 1-based line and column numbers (columns count Unicode scalar values, as docs/format.md section 7.3 says).

use std::sync::{Arc, OnceLock};

/// A byte range into a [`SourceFile`]'s text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`, used where a problem sits between characters.
    pub fn point(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A document's text, shared by its source, its parsed document and its lazy span index. An
/// `Arc<String>` rather than an `Arc<str>`, so that text read from a file becomes shared without
/// being copied.
pub type SharedText = Arc<String>;

/// One document as read from disk or stdin.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: SharedText,
    /// Where lines start, computed the first time a position is asked for.
    lines: OnceLock<LineIndex>,
    /// For a source whose text was let go ([`SourceFile::without_text`],
    /// [`SourceFile::excerpts`]): what reports still need of it.
    reduced: Option<Box<Reduced>>,
}

/// What a source keeps when it lets its text go.
#[derive(Debug, Clone)]
struct Reduced {
    /// What a report asks about the offsets it points at, sorted by offset.
    kept: Box<[Kept]>,
    /// The runs of whole lines kept for quoting, in order, apart; none for `without_text`.
    excerpts: Box<[Excerpt]>,
}

/// What a text-less source still knows about one offset.
#[derive(Debug, Clone, Copy)]
struct Kept {
    offset: usize,
    position: Position,
    line_width: usize,
}

/// Whole lines of a text, kept for quoting after the rest was let go.
#[derive(Debug, Clone)]
struct Excerpt {
    /// Where the first line starts in the whole text.
    start: usize,
    /// The index of the first line.
    first_line: usize,
    text: Box<str>,
}

/// Turns byte offsets into lines and columns in logarithmic time, however long the lines are.
#[derive(Debug, Clone)]
struct LineIndex {
    /// Byte offsets where lines start.
    starts: Vec<usize>,
    /// For each block of `BLOCK` bytes, how many characters the text holds before it; a column is
    /// then counted over at most one block instead of from the start of a line that may run for
    /// megabytes (a minified document is one line).
    characters_before_block: Vec<usize>,
}

const BLOCK: usize = 4096;

/// Whether `byte` starts a character in UTF-8 (continuation bytes are `0b10xx_xxxx`).
fn starts_character(byte: &u8) -> bool {
    (*byte as i8) >= -0x40
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        let mut characters_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut characters = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            characters_before_block.push(characters);
            characters += block.iter().filter(|byte| starts_character(byte)).count();
        }
        LineIndex {
            starts,
            characters_before_block,
        }
    }

    /// How many characters `text[..offset]` holds.
    fn characters_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let counted = self
            .characters_before_block
            .get(block)
            .copied()
            .unwrap_or(0);
        let rest = text
            .as_bytes()
            .get(block * BLOCK..offset)
            .unwrap_or_default();
        counted + rest.iter().filter(|byte| starts_character(byte)).count()
    }
}

impl SourceFile {
    /// `text` must already be decoded; a leading byte-order mark is dropped here so that offsets,
    /// lines and columns match what an editor shows.
    pub fn new(path: impl Into<String>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        SourceFile::from_string(path, text.to_owned())
    }

    /// A source that takes ownership of its text, without copying it (unless it starts with a
    /// byte-order mark, which is dropped).
    pub fn from_string(path: impl Into<String>, mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        SourceFile {
            // The path is only ever shown, and a file name can hold control characters too.
            path: crate::text::visible(path.into()),
            text: Arc::new(text),
            lines: OnceLock::new(),
            reduced: None,
        }
    }

    /// A source over text that is already shared, without copying it; the text must have no
    /// byte-order mark (it comes from another `SourceFile`).
    pub fn from_shared(path: impl Into<String>, text: SharedText) -> Self {
        SourceFile {
            path: crate::text::visible(path.into()),
            text,
            lines: OnceLock::new(),
            reduced: None,
        }
    }

    /// The same file with no text at all: for a clean file, whose report shows only its path.
    pub fn into_path_only(self) -> SourceFile {
        SourceFile {
            path: self.path,
            text: SharedText::default(),
            lines: OnceLock::new(),
            reduced: None,
        }
    }

    /// The same file without its text, knowing only the positions of `offsets`: for reports that
    /// print positions but never quote the document, so a run over many files with diagnostics
    /// does not hold every one of their texts. Asked for any other offset, it answers with the
    /// closest kept position before it.
    pub fn without_text(&self, offsets: impl IntoIterator<Item = usize>) -> SourceFile {
        self.reduced(offsets, Box::default())
    }

    /// The same file keeping, of its text, only the lines around each group of spans: the lines
    /// from the first span's to the last one's, and `around` lines above and below. A report that
    /// quotes the document asks for nothing else ([`SourceFile::lines_around`] within those lines
    /// and [`SourceFile::quotable`] for the text), and positions and line widths of the spans'
    /// ends. A run over many files with diagnostics then keeps a few lines of each.
    pub fn excerpts(&self, groups: &[Vec<Span>], around: usize) -> SourceFile {
        let mut windows: Vec<(usize, usize, usize)> = groups
            .iter()
            .filter_map(|spans| {
                let start = spans.iter().map(|span| span.start).min()?;
                let end = spans.iter().map(|span| span.end).max()?;
                Some(self.lines_around_text(start, end, around, around))
            })
            .collect();
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(windows.len());
        for window in windows {
            match merged.last_mut() {
                Some(last) if window.0 <= last.1 => last.1 = last.1.max(window.1),
                _ => merged.push(window),
            }
        }
        let excerpts = merged
            .into_iter()
            .map(|(start, end, first_line)| Excerpt {
                start,
                first_line,
                text: self.text.get(start..end).unwrap_or_default().into(),
            })
            .collect();
        let offsets = groups
            .iter()
            .flatten()
            .flat_map(|span| [span.start, span.end]);
        self.reduced(offsets, excerpts)
    }

    /// The same file without its text, keeping what reports ask about `offsets`, and `excerpts`.
    fn reduced(
        &self,
        offsets: impl IntoIterator<Item = usize>,
        excerpts: Box<[Excerpt]>,
    ) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: SharedText::default(),
            lines: OnceLock::new(),
            reduced: Some(Box::new(Reduced {
                kept: self.kept(offsets),
                excerpts,
            })),
        }
    }

    fn kept(&self, offsets: impl IntoIterator<Item = usize>) -> Box<[Kept]> {
        let mut kept: Vec<Kept> = offsets
            .into_iter()
            .map(|offset| Kept {
                offset,
                position: self.position(offset),
                line_width: self.line_width_at(offset),
            })
            .collect();
        kept.sort_unstable_by_key(|kept| kept.offset);
        kept.dedup_by_key(|kept| kept.offset);
        kept.into_boxed_slice()
    }

    /// What is kept about the closest offset at or before `offset`.
    fn kept_at(kept: &[Kept], offset: usize) -> Option<&Kept> {
        let index = kept.partition_point(|kept| kept.offset <= offset);
        kept.get(index.checked_sub(1)?)
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    fn line_starts(&self) -> &[usize] {
        &self.lines().starts
    }

    /// The index of the line holding `offset` (the text's first line starts at 0, so there is one).
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The path as the user should see it in reports.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> SharedText {
        Arc::clone(&self.text)
    }

    /// The line and column of a byte offset. Offsets past the end clamp to the end of the text.
    pub fn position(&self, offset: usize) -> Position {
        if let Some(reduced) = &self.reduced {
            return SourceFile::kept_at(&reduced.kept, offset)
                .map_or(Position { line: 1, column: 1 }, |kept| kept.position);
        }
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_index = self.line_of(offset);
        let line_start = self.line_starts()[line_index];
        let lines = self.lines();
        let column = lines.characters_before(&self.text, offset)
            - lines.characters_before(&self.text, line_start)
            + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// The lines holding `start..end`, widened by `before` lines above and `after` lines below
    /// (fewer at the ends of the text): `(first byte, byte after the last line's line feed, index
    /// of the first line)`. Lines end at line feeds. For [`SourceFile::excerpts`], the kept lines
    /// that hold `start..end`, or `None`.
    pub fn lines_around(
        &self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> Option<(usize, usize, usize)> {
        let Some(reduced) = &self.reduced else {
            return Some(self.lines_around_text(start, end, before, after));
        };
        reduced
            .excerpts
            .iter()
            .find(|excerpt| excerpt.start <= start && end <= excerpt.start + excerpt.text.len())
            .map(|excerpt| {
                (
                    excerpt.start,
                    excerpt.start + excerpt.text.len(),
                    excerpt.first_line,
                )
            })
    }

    /// The text that can be quoted, as `(offset of its first byte, text)`: the whole text, or each
    /// excerpt.
    pub fn quotable(&self) -> Vec<(usize, &str)> {
        let Some(reduced) = &self.reduced else {
            return vec![(0, &*self.text)];
        };
        reduced
            .excerpts
            .iter()
            .map(|excerpt| (excerpt.start, &*excerpt.text))
            .collect()
    }

    fn lines_around_text(
        &self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> (usize, usize, usize) {
        let starts = self.line_starts();
        let first = self.line_of(start).saturating_sub(before);
        let last = self.line_of(end).saturating_add(after);
        let from = starts.get(first).copied().unwrap_or(0);
        let to = starts.get(last + 1).copied().unwrap_or(self.text.len());
        (from, to, first)
    }

    /// The length in characters of the line holding `offset`, to keep human output readable when a
    /// document holds an enormous line.
    pub fn line_width_at(&self, offset: usize) -> usize {
        if let Some(reduced) = &self.reduced {
            return SourceFile::kept_at(&reduced.kept, offset).map_or(0, |kept| kept.line_width);
        }
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_index = self.line_of(offset);
        let line_starts = self.line_starts();
        let start = line_starts[line_index];
        let end = line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        end - start
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let source = SourceFile::new("a.json", "{\n  \"é\": 1\n}");
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
        // `1` follows `  "é": ` which is 7 characters but 8 bytes.
        let one = source.text().find('1').unwrap();
        assert_eq!(source.position(one), Position { line: 2, column: 8 });
        assert_eq!(
            source.position(source.text().len()),
            Position { line: 3, column: 2 }
        );
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_blocks() {
        // A minified document is one long line; characters of 1 to 4 bytes straddle the blocks.
        let line: String = "aé€😀".repeat(3000);
        let text = format!("{{\n{line}\n}}");
        let source = SourceFile::new("a.json", &text);
        let second_line = 2;
        for (offset, _) in text.char_indices() {
            let expected_line = text[..offset].matches('\n').count() + 1;
            let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
            let expected_column = text[line_start..offset].chars().count() + 1;
            let position = source.position(offset);
            assert_eq!(
                (position.line, position.column),
                (expected_line, expected_column),
                "offset {offset}"
            );
            if offset > 20_000 {
                assert_eq!(position.line, second_line);
                break;
            }
        }
    }

    #[test]
    fn byte_order_mark_is_not_a_column() {
        let source = SourceFile::new("a.json", "\u{feff}{}");
        assert_eq!(source.text(), "{}");
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
    }
}

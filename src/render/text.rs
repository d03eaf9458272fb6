//! Text measured without a font: the SVG drawing is laid out by guidelint, so it must know how wide
//! a label will be in the reader's browser. Widths come from a table of advance widths close to
//! DejaVu Sans, the widest of the common system sans-serif fonts (Arial, Helvetica, Segoe UI,
//! Roboto and Noto Sans are narrower), so a label fits its box in any of them; a test measures the
//! drawn labels in Chromium.

/// Advance width of `character` in ems.
const fn advance(character: char) -> f32 {
    match character {
        ' ' => 0.32,
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | 'J' => 0.32,
        'f' | 'r' | 't' | '(' | ')' | '[' | ']' | '{' | '}' | '/' | '\\' | '-' | '"' | '`' => 0.42,
        'm' => 0.98,
        'w' => 0.82,
        'M' => 0.87,
        'W' => 0.99,
        'a'..='z' => 0.64,
        'A'..='Z' => 0.79,
        '0'..='9' => 0.64,
        '#' | '%' | '&' | '@' | '~' | '<' | '>' | '=' | '+' | '*' | '^' | '_' | '$' | '?' => 0.84,
        other if is_wide(other) => 1.0,
        other if other.is_ascii() => 0.7,
        // Accented Latin, Greek, Cyrillic: about as wide as capitals.
        _ => 0.8,
    }
}

/// [`advance`] of each ASCII character: labels are measured word by word and line by line, and
/// the `match` per character was the largest cost of laying out a flowchart (BENCHMARKS.md).
const ASCII_ADVANCE: [f32; 128] = {
    let mut table = [0.0; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = advance(byte as u8 as char);
        byte += 1;
    }
    table
};

/// East Asian wide and full-width characters, and emoji: one em or more.
const fn is_wide(character: char) -> bool {
    matches!(character as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in pixels.
    pub size: f32,
    pub bold: bool,
}

impl Font {
    /// The width of `text` in pixels.
    pub fn width(self, text: &str) -> f32 {
        // Summed in the same order either way, so the width is the same to the last bit.
        let ems: f32 = if text.is_ascii() {
            text.bytes()
                .map(|byte| ASCII_ADVANCE[usize::from(byte)])
                .sum()
        } else {
            text.chars().map(advance).sum()
        };
        // Bold faces are about a tenth wider.
        ems * self.size * if self.bold { 1.1 } else { 1.0 }
    }

    /// The distance between the baselines of two lines.
    pub fn line_height(self) -> f32 {
        (self.size * 1.25).ceil()
    }

    /// `text` broken into lines at most `max_width` pixels wide, at spaces; a word wider than a line
    /// is broken between characters. Runs of white space, line breaks included, are one space.
    pub fn wrap(self, text: &str, max_width: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        // Each line is given room for the whole text, so it never grows word by word (a line's
        // buffer lives only as long as the label's measurement).
        let fresh = || String::with_capacity(text.len());
        let mut line = fresh();
        let mut line_width = 0.0;
        let space = self.width(" ");
        for word in text.split_whitespace() {
            let word_width = self.width(word);
            if !line.is_empty() && line_width + space + word_width <= max_width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::replace(&mut line, fresh()));
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word longer than a line: as many characters as fit on each line.
            line_width = 0.0;
            for character in word.chars() {
                let width = self.width(character.encode_utf8(&mut [0; 4]));
                if !line.is_empty() && line_width + width > max_width {
                    lines.push(std::mem::replace(&mut line, fresh()));
                    line_width = 0.0;
                }
                line.push(character);
                line_width += width;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// `text` on one line: runs of white space, line breaks included, become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` broken into lines of at most `max_chars` characters, at spaces where it can be; for
/// outputs laid out by another program (DOT), where a character count is all that is needed.
pub fn wrap_chars(text: &str, max_chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let word_length = word.chars().count();
        if !line.is_empty() && length + 1 + word_length <= max_chars {
            line.push(' ');
            length += 1;
        } else if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            length = 0;
        }
        line.push_str(word);
        length += word_length;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: Font = Font {
        size: 10.0,
        bold: false,
    };

    #[test]
    fn text_wraps_at_spaces_within_the_width() {
        let lines = FONT.wrap("Computed tomography of the abdomen and pelvis", 120.0);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(FONT.width(line) <= 120.0, "{line}");
        }
        assert_eq!(
            lines.join(" "),
            "Computed tomography of the abdomen and pelvis"
        );
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken() {
        let word = "x".repeat(100);
        let lines = FONT.wrap(&word, 50.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn the_ascii_table_gives_every_character_its_advance() {
        for byte in 0..128_u8 {
            assert_eq!(ASCII_ADVANCE[usize::from(byte)], advance(char::from(byte)));
        }
        assert_eq!(FONT.width("Ab é"), (0.79 + 0.64 + 0.32 + 0.8) * 10.0);
    }

    #[test]
    fn line_breaks_and_runs_of_spaces_are_one_space() {
        assert_eq!(one_line("a\n\n b\t c"), "a b c");
        assert_eq!(FONT.wrap("a\nb", 1000.0), ["a b"]);
        assert_eq!(wrap_chars("one two three", 7), ["one two", "three"]);
    }
}

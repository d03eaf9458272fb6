//! `--format human`: miette's graphical report per diagnostic, then a summary line.

use super::{Region, ordered, summary_line};
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::fmt;

/// Lines quoted above and below each labelled line.
pub const CONTEXT_LINES: usize = 1;

/// Lines longer than this are not quoted: a 30 MB one-line document must not flood the terminal.
const MAX_QUOTED_LINE: usize = 2_000;

/// How the human report is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width used for wrapping.
    pub width: usize,
}

pub fn render(report: &Report, style: Style) -> String {
    let mut output = render_diagnostics(report, style);
    output.push_str(&summary_line(report));
    output.push('\n');
    output
}

/// The diagnostics of [`render`] without the summary line: for a command with a summary of its own
/// (`fmt` reporting a document that is not JSON).
pub fn render_diagnostics(report: &Report, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        // Ids such as `ct-scan` must not be broken at their hyphens when help text wraps.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_context_lines(CONTEXT_LINES);
    let mut output = String::new();
    let mut current_path: Option<&str> = None;
    let mut named_source: Option<Quoted<'_>> = None;
    for (source, diagnostic) in ordered(report) {
        if current_path != Some(source.path()) {
            current_path = Some(source.path());
            named_source = Some(Quoted {
                source,
                shown: source
                    .quotable()
                    .into_iter()
                    .map(|(start, text)| (start, shown_text(text)))
                    .collect(),
            });
        }
        let view = MietteView {
            diagnostic,
            source,
            named_source: named_source
                .as_ref()
                .filter(|_| quotable(source, diagnostic)),
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut output, &view);
        output.push('\n');
    }
    output
}

fn quotable(source: &SourceFile, diagnostic: &Diagnostic) -> bool {
    std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .all(|label| source.line_width_at(label.span.start) <= MAX_QUOTED_LINE)
}

/// The document text as quoted in the report: each control character other than line feed and tab
/// becomes a visible character of the same UTF-8 length, so every span still fits.
fn shown_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(crate::text::is_hidden_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|character| match character {
                character if !crate::text::is_hidden_control(character) => character,
                character if character.len_utf8() == 1 => '?',
                // C1 controls take two bytes, like the inverted question mark.
                _ => '¿',
            })
            .collect(),
    )
}

/// The text miette quotes from. miette counts the header's column in bytes; docs/format.md
/// section 7.3 (and every other format) counts characters, so the position of the header's span
/// comes from `SourceFile`.
struct Quoted<'a> {
    source: &'a SourceFile,
    /// The quotable text as shown, whole or in excerpts: `(offset of its first byte, text)`.
    shown: Vec<(usize, Cow<'a, str>)>,
}

impl miette::SourceCode for Quoted<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let contents = self.read_window(span, context_lines_before, context_lines_after)?;
        if context_lines_before > 0 || context_lines_after > 0 {
            return Ok(Box::new(contents));
        }
        // Without context lines, this read positions the header: `path:line:column`.
        let position = self.source.position(span.offset());
        Ok(Box::new(
            miette::MietteSpanContents::new_named(
                self.source.path().to_string(),
                contents.data(),
                *contents.span(),
                position.line - 1,
                position.column - 1,
                contents.line_count(),
            )
            .with_language("json"),
        ))
    }
}

impl Quoted<'_> {
    /// What miette would read from the whole text, read from the few lines around the span:
    /// miette finds lines by scanning from the start of the text, which for each of thousands of
    /// diagnostics in a large document made the report quadratic. The quoted text holds no
    /// carriage return (it shows as `?`), so miette's lines are the line index's lines, and the
    /// window starts one line early so that miette sees every line it would have counted.
    fn read_window(
        &self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<miette::MietteSpanContents<'_>, miette::MietteError> {
        let end = span.offset() + span.len();
        let (from, to, first_line) = self
            .source
            .lines_around(
                span.offset(),
                end,
                context_lines_before + 1,
                context_lines_after + 1,
            )
            .ok_or(miette::MietteError::OutOfBounds)?;
        let (start, text) = self
            .shown
            .iter()
            .rev()
            .find(|(start, _)| *start <= from)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let window = text
            .get(from - start..to - start)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let inner = SourceSpan::new((span.offset() - from).into(), span.len());
        let contents = window.read_span(&inner, context_lines_before, context_lines_after)?;
        Ok(miette::MietteSpanContents::new_named(
            self.source.path().to_string(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + from).into(),
                contents.span().len(),
            ),
            contents.line() + first_line,
            contents.column(),
            contents.line_count() + first_line,
        )
        .with_language("json"))
    }
}

struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a SourceFile,
    named_source: Option<&'a Quoted<'a>>,
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)?;
        if self.named_source.is_none() {
            // Without a quoted snippet, say where the problem is in the message itself.
            let region = Region::of(self.source, self.diagnostic.primary.span);
            write!(
                f,
                " ({}:{}:{})",
                self.source.path(),
                region.start.line,
                region.start.column
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}] {}",
            self.diagnostic.severity, self.diagnostic.rule.code, self.diagnostic.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.named_source
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.named_source?;
        let primary = &self.diagnostic.primary;
        let primary = LabeledSpan::new_primary_with_span(
            Some(primary.message.clone()),
            to_miette(primary.span),
        );
        let secondary = self.diagnostic.secondary.iter().map(|label| {
            LabeledSpan::new_with_span(Some(label.message.clone()), to_miette(label.span))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn to_miette(span: crate::source::Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

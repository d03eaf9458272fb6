//! `guidelint render`: a static review site. `index.html` lists every guideline, `<id>.html` shows
//! one, `rules.html` documents every rule from the registry `explain` reads.
//!
//! The pages need no JavaScript and no network: the style sheet is inline, fonts are the system's,
//! and the only external links are a guideline's own sources. The same input gives the same bytes.
//! Only `index.html`, `rules.html` and one page per guideline are written in the output folder;
//! nothing else there is touched.

mod index;
mod page;
mod rules_page;

use crate::discover::{self, Found};
use crate::{CheckOptions, Input};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a run of `render` did.
#[derive(Debug, Default)]
pub struct Site {
    /// Pages written for guidelines (not counting the index and the rules).
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    /// What stopped guidelint from reading a document or writing a page.
    pub failures: Vec<String>,
}

/// A guideline's line in the index.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The page's file name, without `.html`.
    pub page: String,
    /// The file the guideline was read from.
    pub path: String,
    /// The title, or the path for a document that could not be read as a guideline.
    pub title: String,
    pub readable: bool,
    pub status: String,
    pub version: String,
    pub condition: String,
    pub last_reviewed: String,
    /// The review due date, and whether it has passed.
    pub review_due: Option<(String, bool)>,
    pub errors: usize,
    pub warnings: usize,
}

/// Pages rendered together on all cores, then named and written; a bound on memory.
const BATCH: usize = 256;

/// A document's page (written into a buffer reused from an earlier batch), its line in the index
/// and the name it would like; or why the document could not be read, with the buffer back.
type Rendered = Result<(String, Entry, String), (String, String)>;

/// Renders every guideline `inputs` name into `out`.
pub fn render(inputs: &[Input], options: &CheckOptions, out: &Path) -> Site {
    let mut site = Site::default();
    let documents = find(inputs, options, &mut site.failures);
    if let Err(error) = std::fs::create_dir_all(out) {
        site.failures
            .push(format!("cannot create {}: {error}", out.display()));
        return site;
    }
    let mut taken = std::collections::HashSet::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(documents.len());
    // The pages of one batch are written into the buffers of the one before: memory that is
    // already the process's and mapped, where a fresh buffer of a page's size (about 90 KB) takes a
    // page fault for each 4 KiB it is written to.
    let mut buffers: Vec<String> = Vec::with_capacity(BATCH.min(documents.len()));
    for batch in documents.chunks(BATCH) {
        buffers.resize_with(batch.len().max(buffers.len()), String::new);
        let rendered: Vec<Rendered> = batch
            .par_iter()
            .zip(buffers.par_drain(..batch.len()))
            .map(|((display, path), mut html)| {
                html.clear();
                let bytes = match std::fs::read(path) {
                    Ok(bytes) => bytes,
                    Err(error) => return Err((format!("cannot read {display}: {error}"), html)),
                };
                let (entry, preferred) =
                    super::with_document(display, bytes, options, |document| {
                        page::render(document, options.today, &mut html)
                    });
                Ok((html, entry, preferred))
            })
            .collect();
        let mut pages = Vec::with_capacity(rendered.len());
        for outcome in rendered {
            match outcome {
                Ok((html, mut entry, preferred)) => {
                    entry.page = page_name(&preferred, &mut taken);
                    pages.push((format!("{}.html", entry.page), html));
                    entries.push(entry);
                }
                Err((failure, html)) => {
                    site.failures.push(failure);
                    buffers.push(html);
                }
            }
        }
        let failures: Vec<String> = pages
            .par_iter()
            .filter_map(|(name, html)| write(out, name, html).err())
            .collect();
        site.failures.extend(failures);
        buffers.extend(pages.into_iter().map(|(_, html)| html));
    }
    site.pages = entries.len();
    site.errors = entries.iter().map(|entry| entry.errors).sum();
    site.warnings = entries.iter().map(|entry| entry.warnings).sum();
    for (name, html) in [
        ("index.html", index::render(&entries)),
        ("rules.html", rules_page::render()),
    ] {
        if let Err(failure) = write(out, name, &html) {
            site.failures.push(failure);
        }
    }
    site
}

/// The documents the inputs name, in the order `check` reports them, each once.
fn find(
    inputs: &[Input],
    options: &CheckOptions,
    failures: &mut Vec<String>,
) -> Vec<(String, PathBuf)> {
    let selection = match discover::Selection::new(&options.config.files, options.config.root()) {
        Ok(selection) => selection,
        Err(message) => {
            failures.push(message);
            return Vec::new();
        }
    };
    let mut paths: Vec<&PathBuf> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Path(path) => Some(path),
            Input::Stdin { .. } => None,
        })
        .collect();
    paths.sort_by_key(|path| discover::display_path(path));
    let mut seen = std::collections::HashSet::new();
    let mut documents = Vec::new();
    for path in paths {
        discover::walk(
            path,
            &selection,
            options.force_exclude,
            |found| match found {
                Found::Document(path) => {
                    let display = discover::display_path(&path);
                    if seen.insert(display.clone()) {
                        documents.push((display, path));
                    }
                }
                Found::Failure(failure) => failures.push(failure),
            },
        );
    }
    documents
}

/// A file name for a page, unique in the site: the guideline's id (or its file's name), never
/// `index` or `rules`, nor a name Windows reserves.
fn page_name(preferred: &str, taken: &mut std::collections::HashSet<String>) -> String {
    const RESERVED: &[&str] = &[
        "index", "rules", "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
        "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
        "lpt8", "lpt9",
    ];
    let mut base: String = preferred
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    base = base.trim_matches('-').chars().take(80).collect();
    if base.is_empty() {
        base = "guideline".to_string();
    }
    let mut name = base.clone();
    let mut number = 2;
    while RESERVED.contains(&name.as_str()) || taken.contains(&name) {
        name = format!("{base}-{number}");
        number += 1;
    }
    taken.insert(name.clone());
    name
}

/// Writes `html` to `folder/name`. A symbolic link at that name is replaced by the page, never
/// followed, so a page cannot be written through a link to a file elsewhere.
///
/// An existing page is overwritten and then cut to length, not truncated first: ext4 flushes a
/// file truncated to nothing (or renamed over another) to disk when it is closed, and that was
/// half the time of rendering 2,000 pages (BENCHMARKS.md). It is cut only when it was longer than
/// the new page (a system call per page otherwise, about 1.5% of a render).
fn write(folder: &Path, name: &str, html: &str) -> Result<(), String> {
    let path = folder.join(name);
    let failure = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
    let existing = std::fs::symlink_metadata(&path).ok();
    let mut longer = false;
    if let Some(metadata) = &existing {
        if metadata.file_type().is_symlink() {
            std::fs::remove_file(&path).map_err(failure)?;
        } else {
            longer = metadata.len() > html.len() as u64;
        }
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(failure)?;
    file.write_all(html.as_bytes()).map_err(failure)?;
    if longer {
        file.set_len(html.len() as u64).map_err(failure)?;
    }
    Ok(())
}

/// The page head and the site's navigation, shared by every page.
fn open_page(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"guidelint ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<title>");
    super::markup::push(out, title);
    out.push_str("</title>\n<style>");
    out.push_str(style());
    out.push_str("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\"><nav aria-label=\"Site\"><a href=\"index.html\">All guidelines</a><a href=\"rules.html\">Rules</a></nav></header>\n<main id=\"main\">\n");
}

fn close_page(out: &mut String, source: Option<&str>) {
    out.push_str("</main>\n<footer class=\"site-footer\"><p>");
    if let Some(source) = source {
        out.push_str("Rendered from <code>");
        super::markup::push(out, source);
        out.push_str("</code> by guidelint ");
    } else {
        out.push_str("Rendered by guidelint ");
    }
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(". guidelint checks a guideline's structure and consistency; it does not establish that the guideline is clinically correct.</p></footer>\n</body>\n</html>\n");
}

/// The style sheet, with the palette's colours filled in.
fn style() -> &'static str {
    use super::palette;
    use crate::diagnostic::Severity;
    static STYLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STYLE.get_or_init(|| {
        include_str!("style.css")
            .replace("@TEXT@", palette::TEXT)
            .replace("@MUTED@", palette::MUTED)
            .replace("@BACKGROUND@", palette::BACKGROUND)
            .replace("@BORDER@", palette::BORDER)
            .replace("@LINK@", palette::LINK)
            .replace("@CLUSTER_FILL@", palette::CLUSTER_FILL)
            .replace("@ERROR@", palette::severity(Severity::Error))
            .replace("@WARNING@", palette::severity(Severity::Warning))
            .replace("@ERROR_BACKGROUND@", palette::ERROR_BACKGROUND)
            .replace("@WARNING_BACKGROUND@", palette::WARNING_BACKGROUND)
            .replace("@CLEAN@", palette::CLEAN)
            .replace("@CLEAN_BACKGROUND@", palette::CLEAN_BACKGROUND)
            .trim_end()
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_unique_and_never_the_site_s_own() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(
            page_name("iliopsoas-hematoma", &mut taken),
            "iliopsoas-hematoma"
        );
        assert_eq!(
            page_name("iliopsoas-hematoma", &mut taken),
            "iliopsoas-hematoma-2"
        );
        assert_eq!(page_name("index", &mut taken), "index-2");
        assert_eq!(page_name("RULES", &mut taken), "rules-2");
        assert_eq!(page_name("../../etc/passwd", &mut taken), "etc-passwd");
        assert_eq!(page_name("<>", &mut taken), "guideline");
        assert_eq!(page_name("con", &mut taken), "con-2");
    }

    #[test]
    fn every_colour_of_the_style_sheet_is_filled_in() {
        // Placeholders are `@NAME@`; CSS's own at-rules are lower case.
        let placeholder = style()
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'@' && pair[1].is_ascii_uppercase());
        assert!(!placeholder, "{}", style());
    }
}

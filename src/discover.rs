//! Finding the documents to check. A file named on the command line is always checked; a folder is
//! walked with the `ignore` crate (`.gitignore`, `.ignore` and hidden entries are skipped, symbolic
//! links are not followed so a link loop cannot trap the walk), keeping `*.json` files that the
//! `[files]` table of `guidelint.toml` selects. Scenario files (`*.scenarios.json`) are not
//! guidelines: a walk keeps them only for `guidelint test`.

use crate::config::Files;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Component, Path, PathBuf};

/// The `[files]` patterns, compiled, with the folder they are relative to.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The configuration file's folder, absolute; `None` without a configuration file.
    root: Option<PathBuf>,
    /// The folder relative paths are resolved against.
    current_dir: PathBuf,
    /// Empty means every `*.json` file.
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Whether scenario files are kept too (`guidelint test`); `check` leaves them out.
    scenario_files: bool,
}

impl Selection {
    /// Compiles `files`, whose patterns are relative to `root` (the configuration file's folder).
    pub fn new(files: &Files, root: Option<&Path>) -> Result<Self, String> {
        let current_dir = std::env::current_dir().unwrap_or_default();
        let root = root.map(|root| absolute(&current_dir, root));
        Ok(Selection {
            include: compile(&files.include, "include")?,
            exclude: compile(&files.exclude, "exclude")?,
            root,
            current_dir,
            scenario_files: false,
        })
    }

    /// The same selection, keeping scenario files as well as guidelines.
    pub fn with_scenario_files(mut self) -> Self {
        self.scenario_files = true;
        self
    }

    /// Whether a file found in a folder is checked: a `.json` file that the include patterns (if any)
    /// match and no exclude pattern does. Files outside the configuration's folder are not filtered.
    pub fn selects_file(&self, path: &Path) -> bool {
        let is_json = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
        if !is_json || (!self.scenario_files && is_scenario_file(path)) {
            return false;
        }
        let Some(relative) = self.relative(path) else {
            return true;
        };
        let included = self
            .include
            .as_ref()
            .is_none_or(|include| include.is_match(&relative));
        included
            && !self
                .exclude
                .as_ref()
                .is_some_and(|exclude| exclude.is_match(&relative))
    }

    /// Whether `--force-exclude` drops a file named on the command line: the include patterns (if
    /// any) miss it, or an exclude pattern matches it or one of its folders, or it is a scenario
    /// file and the selection keeps none (as pre-commit passes every staged JSON file to `check`).
    /// Its name need not end in `.json`, and files outside the configuration's folder are kept, as
    /// in a walk.
    pub fn excludes_named_file(&self, path: &Path) -> bool {
        if !self.scenario_files && is_scenario_file(path) {
            return true;
        }
        let Some(relative) = self.relative(path) else {
            return false;
        };
        let included = self
            .include
            .as_ref()
            .is_none_or(|include| include.is_match(&relative));
        let excluded = self.exclude.as_ref().is_some_and(|exclude| {
            relative
                .ancestors()
                .filter(|ancestor| !ancestor.as_os_str().is_empty())
                .any(|ancestor| exclude.is_match(ancestor))
        });
        !included || excluded
    }

    /// Whether a folder found in a folder is skipped, with everything inside it.
    pub fn skips_folder(&self, path: &Path) -> bool {
        match (self.relative(path), &self.exclude) {
            (Some(relative), Some(exclude)) => exclude.is_match(relative),
            _ => false,
        }
    }

    /// `path` relative to the configuration's folder, when it lies inside it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        absolute(&self.current_dir, path)
            .strip_prefix(root)
            .ok()
            .map(Path::to_path_buf)
    }
}

/// The suffix that makes a JSON file a scenario file (docs/format.md, section 10).
pub const SCENARIO_SUFFIX: &str = ".scenarios.json";

/// Whether `path` names a scenario file (`*.scenarios.json`, any case), which `guidelint test`
/// runs and `check` leaves alone.
pub fn is_scenario_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            name.len() > SCENARIO_SUFFIX.len()
                && name
                    .get(name.len() - SCENARIO_SUFFIX.len()..)
                    .is_some_and(|suffix| suffix.eq_ignore_ascii_case(SCENARIO_SUFFIX))
        })
}

/// `*` stays within one folder, `**` crosses folders, as in `.gitignore`.
fn compile(patterns: &[String], key: &str) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob: Glob = GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|error| {
                format!(
                    "invalid `[files] {key}` pattern `{pattern}`: {}",
                    error.kind()
                )
            })?;
        set.add(glob);
    }
    set.build()
        .map(Some)
        .map_err(|error| format!("invalid `[files] {key}` patterns: {error}"))
}

/// `path` made absolute against `base` with `.` and `..` resolved by name, without touching the disk.
fn absolute(base: &Path, path: &Path) -> PathBuf {
    let mut resolved = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    resolved
}

/// One thing discovery came across, in the order the report lists it.
#[derive(Debug)]
pub enum Found {
    /// A document to check.
    Document(PathBuf),
    /// A place that could not be read; the run cannot vouch for it.
    Failure(String),
}

/// Calls `found` for each document `path` stands for, in path order: the file itself whatever its
/// name (unless `force_exclude` and [`Selection::excludes_named_file`] drop it), or the selected
/// files under the folder, walked depth-first with each folder's entries sorted by name (so
/// `a/b.json` comes before `a.json`, as `Path` orders them). Nothing is collected: the walk holds
/// the entries of the folders along its current path, whatever the size of the repository.
pub fn walk(path: &Path, selection: &Selection, force_exclude: bool, mut found: impl FnMut(Found)) {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            found(Found::Failure(match error.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("{}: no such file or folder", display_path(path))
                }
                _ => format!("cannot read {}: {error}", display_path(path)),
            }));
            return;
        }
    };
    if !metadata.is_dir() {
        if !(force_exclude && selection.excludes_named_file(path)) {
            found(Found::Document(path.to_path_buf()));
        }
        return;
    }
    let filter = selection.clone();
    let walk = ignore::WalkBuilder::new(path)
        .follow_links(false)
        // `.gitignore` applies even in a folder that is not (yet) a git checkout, such as an
        // unpacked archive, so the same tree always gives the same files.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            entry.depth() == 0
                || !entry.file_type().is_some_and(|kind| kind.is_dir())
                || !filter.skips_folder(entry.path())
        })
        .build();
    for entry in walk {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|kind| kind.is_file())
                    && selection.selects_file(entry.path())
                {
                    found(Found::Document(entry.into_path()));
                }
            }
            // A bad pattern in an ignore file: git skips such a line too.
            Err(error) if error.is_partial() => {}
            // The error names the entry it is about.
            Err(error) => found(Found::Failure(format!("cannot read {error}"))),
        }
    }
}

/// The path as the user should read it: relative paths stay as typed, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(include: &[&str], exclude: &[&str]) -> Selection {
        let files = Files {
            include: include.iter().map(|pattern| pattern.to_string()).collect(),
            exclude: exclude.iter().map(|pattern| pattern.to_string()).collect(),
        };
        Selection::new(&files, Some(Path::new("/repo"))).unwrap()
    }

    #[test]
    fn only_json_files_are_selected() {
        let all = selection(&[], &[]);
        assert!(all.selects_file(Path::new("/repo/guidelines/a.json")));
        assert!(!all.selects_file(Path::new("/repo/guidelines/notes.md")));
        assert!(!all.selects_file(Path::new("/repo/guidelines/json")));
    }

    #[test]
    fn scenario_files_are_kept_only_when_asked_for() {
        let guidelines = selection(&[], &[]);
        let scenario = Path::new("/repo/guidelines/a.scenarios.json");
        assert!(!guidelines.selects_file(scenario));
        assert!(guidelines.excludes_named_file(scenario));
        let both = guidelines.with_scenario_files();
        assert!(both.selects_file(scenario));
        assert!(!both.excludes_named_file(scenario));
        assert!(both.selects_file(Path::new("/repo/guidelines/a.json")));
    }

    #[test]
    fn patterns_are_relative_to_the_configuration_folder() {
        let chosen = selection(&["guidelines/**/*.json"], &["guidelines/drafts/**"]);
        assert!(chosen.selects_file(Path::new("/repo/guidelines/a.json")));
        assert!(chosen.selects_file(Path::new("/repo/guidelines/x/y/a.json")));
        assert!(!chosen.selects_file(Path::new("/repo/other/a.json")));
        assert!(!chosen.selects_file(Path::new("/repo/guidelines/drafts/a.json")));
        assert!(chosen.selects_file(Path::new("/repo/../repo/./guidelines/a.json")));
        // Outside the configuration's folder nothing is filtered but the extension.
        assert!(chosen.selects_file(Path::new("/elsewhere/drafts/a.json")));
    }

    #[test]
    fn a_single_star_stays_in_one_folder() {
        let chosen = selection(&["guidelines/*.json"], &[]);
        assert!(chosen.selects_file(Path::new("/repo/guidelines/a.json")));
        assert!(!chosen.selects_file(Path::new("/repo/guidelines/x/a.json")));
    }

    #[test]
    fn an_excluded_folder_is_skipped_whole() {
        let chosen = selection(&[], &["guidelines/drafts"]);
        assert!(chosen.skips_folder(Path::new("/repo/guidelines/drafts")));
        assert!(!chosen.skips_folder(Path::new("/repo/guidelines")));
    }

    #[test]
    fn invalid_patterns_name_the_key_and_pattern() {
        let files = Files {
            include: vec![],
            exclude: vec!["guidelines/[".to_string()],
        };
        let error = Selection::new(&files, Some(Path::new("/repo"))).unwrap_err();
        assert!(
            error.starts_with("invalid `[files] exclude` pattern `guidelines/[`"),
            "{error}"
        );
    }
}

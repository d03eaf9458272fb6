//! Which `guidelint.toml` governs each document, whether a document is a guideline to diagnose,
//! and what is wrong with a configuration file.
//!
//! A document gets the configuration `guidelint check` would use for it: `--config` when the server
//! was started with it, else the nearest `guidelint.toml` in the document's folder or above
//! ([`crate::config::resolve`]). It is diagnosed when that configuration's `[files]` selects it, or,
//! with no configuration over its folder (or for a document that is not a file), when it declares
//! itself a guideline. Configurations are read from disk (as `check` reads them) once, and again after
//! the client reports a change.

use super::syntax::Node;
use crate::config::{self, Config};
use crate::discover::Selection;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The configuration of a group of documents.
#[derive(Debug)]
pub struct Settings {
    /// The defaults when there is no configuration file or it is broken.
    pub config: Config,
    /// `[files]` compiled; `None` without a usable configuration file.
    selection: Option<Selection>,
    /// What is wrong with the configuration file, if anything.
    pub problem: Option<ConfigProblem>,
}

/// A configuration file `check` would refuse, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// 1-based line and column of the problem, when the message names one.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Settings {
    /// The settings from configuration file `file`.
    fn load(file: &Path) -> Settings {
        let loaded = config::load(file).and_then(|config| {
            let selection = match &config.path {
                Some(_) => Some(Selection::new(&config.files, config.root())?),
                None => None,
            };
            Ok((config, selection))
        });
        match loaded {
            Ok((config, selection)) => Settings {
                config,
                selection,
                problem: None,
            },
            Err(message) => Settings {
                config: Config::default(),
                selection: None,
                problem: Some(ConfigProblem::from_message(file.to_path_buf(), &message)),
            },
        }
    }

    /// Whether the document at `path` (or, for a document that is not a file, `None`) is a guideline
    /// to diagnose; `root` gives its syntax tree, read only when the configuration does not decide.
    pub fn diagnoses<'t>(
        &self,
        path: Option<&Path>,
        root: impl FnOnce() -> Option<&'t Node>,
    ) -> bool {
        if let (Some(selection), Some(folder), Some(path)) =
            (&self.selection, self.config.root(), path)
            && path.starts_with(folder)
        {
            return selection.selects_file(path);
        }
        declares_guideline(root())
    }
}

impl ConfigProblem {
    /// Reads the location `config` writes at the start of its messages (`path:line:column: ...`).
    pub fn from_message(path: PathBuf, message: &str) -> ConfigProblem {
        let shown = path.display().to_string();
        let located = message
            .strip_prefix(shown.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|rest| {
                let mut parts = rest.splitn(3, ':');
                let line = parts.next()?.parse().ok()?;
                let column = parts.next()?.parse().ok()?;
                Some((line, column, parts.next()?.trim_start().to_string()))
            });
        let (line, column, message) = match located {
            Some(located) => located,
            None => (
                1,
                1,
                message
                    .strip_prefix(shown.as_str())
                    .and_then(|rest| rest.strip_prefix(": "))
                    .unwrap_or(message)
                    .to_string(),
            ),
        };
        ConfigProblem {
            path,
            line,
            column,
            message,
        }
    }
}

/// Whether a document says it is a guideline: `"format": "guidelint/1"`, or a `$schema` naming the
/// guideline schema (`guideline.schema.json`, `.../guideline-v1.schema.json`).
pub fn declares_guideline(root: Option<&Node>) -> bool {
    let Some(root) = root else {
        return false;
    };
    let format = root.get("format").and_then(Node::as_str);
    let schema = root.get("$schema").and_then(Node::as_str);
    format == Some("guidelint/1")
        || schema.is_some_and(|schema| {
            let file = schema.rsplit(['/', '\\']).next().unwrap_or(schema);
            file.starts_with("guideline") && file.ends_with(".schema.json")
        })
}

/// Configurations by folder, read once.
#[derive(Debug, Default)]
pub struct Workspace {
    /// `--config`.
    explicit: Option<PathBuf>,
    /// The settings of each configuration file (`None`: no file), by file.
    settings: HashMap<Option<PathBuf>, Rc<Settings>>,
    /// The configuration file found for each folder.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
}

impl Workspace {
    pub fn new(explicit: Option<PathBuf>) -> Workspace {
        Workspace {
            // Documents arrive with absolute paths; `[files]` patterns are relative to the
            // configuration's folder, which must be absolute too to compare.
            explicit: explicit.map(|path| std::path::absolute(&path).unwrap_or(path)),
            ..Workspace::default()
        }
    }

    /// The settings for a document at `path` (`None` for a document that is not a file).
    pub fn settings_for(&mut self, path: Option<&Path>) -> Rc<Settings> {
        let folder = path.and_then(Path::parent);
        let file = match (&self.explicit, folder) {
            (Some(explicit), _) => Some(explicit.clone()),
            (None, Some(folder)) => self
                .discovered
                .entry(folder.to_path_buf())
                .or_insert_with(|| config::discover(folder))
                .clone(),
            (None, None) => None,
        };
        Rc::clone(self.settings.entry(file.clone()).or_insert_with(|| {
            Rc::new(match &file {
                Some(file) => Settings::load(file),
                None => Settings {
                    config: Config::default(),
                    selection: None,
                    problem: None,
                },
            })
        }))
    }

    /// Forgets every configuration read, after one changed on disk.
    pub fn reload(&mut self) {
        self.settings.clear();
        self.discovered.clear();
    }

    /// Every configuration file read so far, with its problem if it has one.
    pub fn files(&self) -> impl Iterator<Item = (&Path, Option<&ConfigProblem>)> {
        self.settings.iter().filter_map(|(file, settings)| {
            file.as_deref()
                .map(|file| (file, settings.problem.as_ref()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse;
    use super::*;

    #[test]
    fn guidelines_declare_themselves_by_format_or_schema() {
        let declares = |text: &str| declares_guideline(parse(text).as_ref());
        assert!(declares(r#"{"format": "guidelint/1"}"#));
        assert!(declares(
            r#"{"$schema": "../schemas/guideline.schema.json", "id": "#
        ));
        assert!(declares(
            r#"{"$schema": "https://guidelint.dev/schemas/guideline-v1.schema.json"}"#
        ));
        assert!(!declares(r#"{"name": "my-package", "version": "1.0.0"}"#));
        assert!(!declares(
            r#"{"$schema": "https://json.schemastore.org/package.json"}"#
        ));
        assert!(!declares("[1, 2]"));
    }

    #[test]
    fn problems_are_located_from_the_configurations_message() {
        let path = PathBuf::from("/work/g/guidelint.toml");
        let message = config::parse(&path, "[rules]\n\ndead-edn = \"off\"\n").unwrap_err();
        let problem = ConfigProblem::from_message(path.clone(), &message);
        assert_eq!((problem.line, problem.column), (3, 1));
        assert_eq!(
            problem.message,
            "unknown rule `dead-edn`; did you mean `dead-end`?"
        );
        let unlocated = ConfigProblem::from_message(path, "cannot read /x: denied");
        assert_eq!((unlocated.line, unlocated.column), (1, 1));
        assert_eq!(unlocated.message, "cannot read /x: denied");
    }
}

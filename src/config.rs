//! `guidelint.toml`: per-rule severities and the files to check. Found from the current folder
//! upwards, or named with `--config`.
//!
//! ```toml
//! [rules]
//! dead-end = "off"
//! GL407 = "error"
//!
//! [files]
//! include = ["guidelines/**/*.json"]
//! exclude = ["guidelines/drafts/**"]
//!
//! [format]
//! indent-width = 2
//! line-width = 100
//! ```

use crate::rule::{Profile, Rule, Severity};
use crate::rules;
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = "guidelint.toml";

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Warning,
    Error,
}

/// The `[files]` table: glob patterns relative to the configuration file's folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

/// The `[format]` table: the layout `guidelint fmt` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// Spaces per level of nesting.
    pub indent_width: usize,
    /// The widest line, in characters, that an array of scalars is put on whole.
    pub line_width: usize,
}

impl Format {
    pub const INDENT_WIDTHS: std::ops::RangeInclusive<usize> = 1..=16;
    pub const LINE_WIDTHS: std::ops::RangeInclusive<usize> = 20..=1000;
}

impl Default for Format {
    fn default() -> Self {
        Format {
            indent_width: 2,
            line_width: 100,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file this configuration came from, if any.
    pub path: Option<PathBuf>,
    /// Levels by rule code.
    levels: HashMap<&'static str, Level>,
    pub files: Files,
    pub format: Format,
    /// The profiles of a document that names none itself (`[lint] profiles`).
    pub profiles: Vec<Profile>,
}

impl Config {
    /// The severity a rule's diagnostics get, or `None` when the rule is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.levels.get(rule.code) {
            None => Some(rule.default_severity),
            Some(Level::Off) => None,
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }

    /// The severity a diagnostic of `rule` gets, given the one its rule chose for it (a rule may
    /// choose more than its default, as `unsupported-content` does for active guidelines); `None`
    /// when the rule is off. A level set in the configuration wins.
    pub fn severity_of(&self, rule: &Rule, chosen: Severity) -> Option<Severity> {
        match self.levels.get(rule.code) {
            None => Some(chosen),
            Some(_) => self.severity(rule),
        }
    }

    /// The folder that `[files]` patterns are relative to.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    format: RawFormat,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLint {
    #[serde(default)]
    profiles: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    #[serde(alias = "indent_width")]
    indent_width: Option<Spanned<i64>>,
    #[serde(alias = "line_width")]
    line_width: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// The nearest `guidelint.toml` in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|folder| folder.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The configuration `check` uses for documents in `folder`: the file named with `--config`
/// (`explicit`), else the nearest `guidelint.toml` in `folder` or above, else the defaults. The
/// command line passes the current folder; the language server, each document's folder.
pub fn resolve(explicit: Option<&Path>, folder: &Path) -> Result<Config, String> {
    match explicit.map(Path::to_path_buf).or_else(|| discover(folder)) {
        Some(path) => load(&path),
        None => Ok(Config::default()),
    }
}

/// Reads and validates a configuration file. Errors name the file, the line and the column, and
/// suggest the closest valid name.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    parse(path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<Config, String> {
    let source = SourceFile::new(path.display().to_string(), text);
    let at = |offset: usize| {
        let position = source.position(offset);
        format!("{}:{}:{}", path.display(), position.line, position.column)
    };
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let location = error
            .span()
            .map(|span| at(span.start))
            .unwrap_or_else(|| path.display().to_string());
        format!(
            "{location}: invalid configuration: {}",
            error.message().trim()
        )
    })?;
    let mut levels = HashMap::new();
    for (name, level) in &raw.rules {
        let Some(rule) = rules::find(name.get_ref()) else {
            let suggestion = crate::text::closest(name.get_ref(), rules::names())
                .map(|closest| format!("; did you mean `{closest}`?"))
                .unwrap_or_else(|| "; `guidelint rules` lists every rule".to_string());
            return Err(format!(
                "{}: unknown rule `{}`{suggestion}",
                at(name.span().start),
                name.get_ref()
            ));
        };
        let parsed = match level.get_ref().as_str() {
            "off" => Level::Off,
            "warning" => Level::Warning,
            "error" => Level::Error,
            other => {
                let suggestion = crate::text::closest(other, ["off", "warning", "error"])
                    .map(|closest| format!("did you mean \"{closest}\"? "))
                    .unwrap_or_default();
                return Err(format!(
                    "{}: `{}` cannot be set to \"{other}\": {suggestion}use \"off\", \"warning\" or \"error\"",
                    at(level.span().start),
                    name.get_ref()
                ));
            }
        };
        if rule.unreadable_document && parsed != Level::Error {
            return Err(format!(
                "{}: `{}` cannot be set to \"{}\": it reports a document guidelint cannot read, and such a document must never pass; remove the line",
                at(level.span().start),
                name.get_ref(),
                level.get_ref()
            ));
        }
        levels.insert(rule.code, parsed);
    }
    let mut profiles = Vec::new();
    for name in &raw.lint.profiles {
        let Some(profile) = Profile::from_name(name.get_ref()) else {
            let names = Profile::ALL.map(Profile::name);
            let suggestion = crate::text::closest(name.get_ref(), names)
                .map(|closest| format!("did you mean \"{closest}\"? "))
                .unwrap_or_default();
            return Err(format!(
                "{}: no rule profile is named \"{}\": {suggestion}profiles are {}",
                at(name.span().start),
                name.get_ref(),
                names.map(|name| format!("\"{name}\"")).join(", ")
            ));
        };
        if !profiles.contains(&profile) {
            profiles.push(profile);
        }
    }
    let mut format = Format::default();
    for (key, value, range, setting) in [
        (
            "indent-width",
            &raw.format.indent_width,
            Format::INDENT_WIDTHS,
            &mut format.indent_width,
        ),
        (
            "line-width",
            &raw.format.line_width,
            Format::LINE_WIDTHS,
            &mut format.line_width,
        ),
    ] {
        let Some(value) = value else { continue };
        match usize::try_from(*value.get_ref()) {
            Ok(number) if range.contains(&number) => *setting = number,
            _ => {
                return Err(format!(
                    "{}: `{key}` is {}; use a number from {} to {}",
                    at(value.span().start),
                    value.get_ref(),
                    range.start(),
                    range.end()
                ));
            }
        }
    }
    Ok(Config {
        path: Some(path.to_path_buf()),
        levels,
        profiles,
        files: Files {
            include: raw.files.include,
            exclude: raw.files.exclude,
        },
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_name_or_code() {
        let config = parse(
            Path::new("guidelint.toml"),
            "[rules]\ndead-end = \"error\"\nGL407 = \"off\"\nGL001 = \"error\"\n",
        )
        .unwrap();
        assert_eq!(config.severity(&rules::DEAD_END), Some(Severity::Error));
        assert_eq!(config.severity(&rules::TREATMENT_WITHOUT_EVIDENCE), None);
        assert_eq!(config.severity(&rules::INVALID_JSON), Some(Severity::Error));
        assert_eq!(config.severity(&rules::SCHEMA), Some(Severity::Error));
    }

    #[test]
    fn rules_of_unreadable_documents_cannot_be_lowered_or_switched_off() {
        for (line, rule) in [
            ("invalid-json = \"off\"", "invalid-json"),
            ("GL002 = \"warning\"", "GL002"),
            ("duplicate-key = \"off\"", "duplicate-key"),
        ] {
            let error = parse(Path::new("g.toml"), &format!("[rules]\n{line}\n")).unwrap_err();
            let value = line.split(" = ").nth(1).unwrap_or_default();
            assert_eq!(
                error,
                format!(
                    "g.toml:2:{}: `{rule}` cannot be set to {value}: it reports a document guidelint cannot read, and such a document must never pass; remove the line",
                    line.find('"').unwrap_or_default() + 1
                )
            );
        }
    }

    #[test]
    fn unknown_rule_names_file_line_and_closest_name() {
        let error = parse(
            Path::new("guidelint.toml"),
            "[rules]\n\nduplicate-kye = \"off\"\n",
        )
        .unwrap_err();
        assert_eq!(
            error,
            "guidelint.toml:3:1: unknown rule `duplicate-kye`; did you mean `duplicate-key`?"
        );
    }

    #[test]
    fn bad_level_names_file_line_and_allowed_values() {
        let error = parse(Path::new("g.toml"), "[rules]\ndead-end = \"warn\"\n").unwrap_err();
        assert_eq!(
            error,
            "g.toml:2:12: `dead-end` cannot be set to \"warn\": did you mean \"warning\"? use \"off\", \"warning\" or \"error\""
        );
    }

    #[test]
    fn the_format_table_sets_the_layout_of_fmt() {
        let config = parse(
            Path::new("g.toml"),
            "[format]\nindent-width = 4\nline-width = 80\n",
        )
        .unwrap();
        assert_eq!(
            config.format,
            Format {
                indent_width: 4,
                line_width: 80
            }
        );
        let defaults = parse(Path::new("g.toml"), "").unwrap();
        assert_eq!(defaults.format, Format::default());
        let error = parse(Path::new("g.toml"), "[format]\nindent-width = 0\n").unwrap_err();
        assert_eq!(
            error,
            "g.toml:2:16: `indent-width` is 0; use a number from 1 to 16"
        );
        let error = parse(Path::new("g.toml"), "[format]\nindent = 4\n").unwrap_err();
        assert!(
            error.starts_with("g.toml:2:1: invalid configuration: unknown field `indent`"),
            "{error}"
        );
    }

    #[test]
    fn profiles_by_name_with_a_suggestion_for_a_typo() {
        let config = parse(
            Path::new("g.toml"),
            "[lint]\nprofiles = [\"bleeding\", \"bleeding\"]\n",
        )
        .unwrap();
        assert_eq!(config.profiles, vec![Profile::Bleeding]);
        let error = parse(Path::new("g.toml"), "[lint]\nprofiles = [\"bleding\"]\n").unwrap_err();
        assert_eq!(
            error,
            "g.toml:2:13: no rule profile is named \"bleding\": did you mean \"bleeding\"? profiles are \"bleeding\""
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let error = parse(Path::new("g.toml"), "[rules\n").unwrap_err();
        assert!(error.starts_with("g.toml:1:"), "{error}");
    }
}

//! What a rule is, apart from how it checks: its name, code, default severity and documentation.
//! Every stage that reports a diagnostic names one of these, and every reporter reads them; this
//! leaf module lets both do so without importing the rules themselves. The list of every rule is
//! [`crate::rules::ALL`].

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule's diagnostics come with a fix that `guidelint check --fix` can apply (ruff's
/// "fix available"). Whether each fix is safe or unsafe is said by the fix itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    /// No diagnostic of the rule has a fix.
    None,
    /// Some diagnostics have a fix: those where the intended change can be told from the document.
    Sometimes,
    /// Every diagnostic has a fix.
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Why a rule without a `fix_note` of its own has no fix.
pub const NO_FIX: &str =
    "What to change depends on what the guideline means, which only its authors can decide.";

/// A set of rules whose premises hold for some conditions only. The core rules apply to every
/// guideline; a document opts into a profile with `lint.profiles`, or guidelint.toml gives every
/// document a default (`[lint] profiles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Bleeding conditions: imaging escalates from non-invasive studies to angiography, clotting is
    /// checked before anything invasive, and imaging confirms the diagnosis.
    Bleeding,
}

impl Profile {
    pub const ALL: [Profile; 1] = [Profile::Bleeding];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Bleeding => "bleeding",
        }
    }

    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL
            .into_iter()
            .find(|profile| profile.name() == name)
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule's declaration.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case name, used in configuration, suppressions and output.
    pub name: &'static str,
    /// Stable code such as `GL101`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line for `guidelint rules` and the README table.
    pub summary: &'static str,
    /// The rule's doc comment, in Markdown.
    pub documentation: &'static str,
    /// Whether the rule reports a document guidelint cannot read (not JSON, an ambiguous key, not the
    /// shape of a guideline). Such a document must never pass, so the rule can be neither switched
    /// off, nor lowered to a warning, nor suppressed.
    pub unreadable_document: bool,
    /// Whether its diagnostics come with fixes.
    pub fix: FixAvailability,
    /// One or two sentences for `guidelint explain`: what the fix changes and whether it is safe,
    /// or why the rule has none.
    pub fix_note: &'static str,
    /// The profile the rule belongs to; `None` for a core rule, which applies to every guideline.
    pub profile: Option<Profile>,
}

impl Rule {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        self.documentation
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The severity configuration may give the rule: any, or only `error` for a rule that reports
    /// an unreadable document.
    pub fn accepts(&self, severity: Option<Severity>) -> bool {
        !self.unreadable_document || severity == Some(Severity::Error)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Declares a rule: its doc comment becomes the documentation `guidelint explain` prints. A rule of
/// a profile names it (`profile: Bleeding`); a rule that reports an unreadable document says so with
/// `unreadable_document: true`. A rule whose diagnostics can carry a fix says how often and what it
/// does with `fix: Sometimes "note"` (or `Always`); a rule without a fix may say why with
/// `fix: None "note"`, else [`NO_FIX`] is shown.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            name: $name:literal,
            code: $code:literal,
            severity: $severity:ident,
            summary: $summary:literal
            $(, profile: $profile:ident)?
            $(, unreadable_document: $unreadable:literal)?
            $(, fix: $fix:ident $note:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rule::Rule = $crate::rule::Rule {
            name: $name,
            code: $code,
            default_severity: $crate::rule::Severity::$severity,
            summary: $summary,
            documentation: concat!($($doc, "\n"),*),
            unreadable_document: $crate::rule::declare_rule!(@or_false $($unreadable)?),
            profile: $crate::rule::declare_rule!(@profile $($profile)?),
            fix: $crate::rule::declare_rule!(@fix $($fix)?),
            fix_note: $crate::rule::declare_rule!(@note $($note)?),
        };
    };
    (@profile $profile:ident) => { Some($crate::rule::Profile::$profile) };
    (@profile) => { None };
    (@or_false $value:literal) => { $value };
    (@or_false) => { false };
    (@fix $fix:ident) => { $crate::rule::FixAvailability::$fix };
    (@fix) => { $crate::rule::FixAvailability::None };
    (@note $note:literal) => { $note };
    (@note) => { $crate::rule::NO_FIX };
}
pub(crate) use declare_rule;

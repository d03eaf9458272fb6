//! One guideline's review page: its header, diagnostics, summary, risk factors, findings, each
//! diagnosis path as a flowchart and its steps, the treatments as an escalation ladder, and the
//! numbered sources. A document that cannot be read as a guideline gets a page of its diagnostics.

use super::super::describe::{self, Lookup};
use super::super::graph::{self, ClusterKind, Place};
use super::super::markup::{Escaped, push};
use super::super::{Document, svg, words};
use super::{Entry, close_page, open_page};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Code, Condition, Guideline, Status, Step, Treatment};
use crate::report::{Region, plural};
use std::fmt::Write;

/// The page, its line in the index, and the name it would like (the guideline's id, or the file's
/// name).
pub fn render(document: &Document<'_, '_>, today: jiff::civil::Date) -> (String, Entry, String) {
    let errors = count(document.diagnostics, Severity::Error);
    let warnings = count(document.diagnostics, Severity::Warning);
    let path = document.source.path().to_string();
    match document.guideline {
        Some(guideline) => {
            let due = review_due(guideline, today);
            let entry = Entry {
                page: String::new(),
                path: path.clone(),
                title: guideline.title.to_string(),
                readable: true,
                status: status(guideline.status).to_string(),
                version: guideline.version.to_string(),
                condition: guideline.condition.name.to_string(),
                last_reviewed: guideline
                    .provenance
                    .last_reviewed
                    .unwrap_or_default()
                    .to_string(),
                review_due: due.clone(),
                errors,
                warnings,
            };
            let html = Page::new(document, guideline, due).render();
            (html, entry, guideline.id.to_string())
        }
        None => {
            let stem = std::path::Path::new(&path)
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entry = Entry {
                page: String::new(),
                path: path.clone(),
                title: path.clone(),
                readable: false,
                status: "unreadable".to_string(),
                version: String::new(),
                condition: String::new(),
                last_reviewed: String::new(),
                review_due: None,
                errors,
                warnings,
            };
            (unreadable(document), entry, stem)
        }
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == severity)
        .count()
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Active => "active",
        Status::Retired => "retired",
    }
}

/// The date the next review is due (from the last review, else the publication), and whether it
/// has passed, as `review-overdue` computes it.
fn review_due(guideline: &Guideline<'_>, today: jiff::civil::Date) -> Option<(String, bool)> {
    let provenance = &guideline.provenance;
    let from = provenance.last_reviewed.or(provenance.published)?;
    let date = from.parse::<jiff::civil::Date>().ok()?;
    let due = crate::rules::due_date(date, provenance.review_interval_months)?;
    Some((due.to_string(), due < today))
}

/// The page of a document that could not be read as a guideline: its diagnostics.
fn unreadable(document: &Document<'_, '_>) -> String {
    let path = document.source.path();
    let mut out = String::with_capacity(8 * 1024);
    open_page(&mut out, &format!("{path}: not readable as a guideline"));
    out.push_str("<article>\n<header><h1>");
    push(&mut out, path);
    out.push_str("</h1></header>\n<p class=\"banner error\" role=\"status\">This document could not be read as a guideline. Fix the problems below, then render it again.</p>\n");
    diagnostics_section(&mut out, document, &[]);
    out.push_str("</article>\n");
    close_page(&mut out, Some(path));
    out
}

/// Where a diagnostic's pointer lands on the page, and what that part is called.
struct Concern {
    place: Concerned,
    anchor: String,
    name: String,
}

struct Page<'p, 'd, 'a> {
    document: &'p Document<'d, 'a>,
    guideline: &'p Guideline<'a>,
    lookup: Lookup<'a>,
    due: Option<(String, bool)>,
    /// For each diagnostic (in document order), the part of the page it concerns.
    concerns: Vec<Option<Concern>>,
    out: String,
}

impl<'p, 'd, 'a> Page<'p, 'd, 'a> {
    fn new(
        document: &'p Document<'d, 'a>,
        guideline: &'p Guideline<'a>,
        due: Option<(String, bool)>,
    ) -> Self {
        let concerns = document
            .diagnostics
            .iter()
            .map(|diagnostic| concern(guideline, diagnostic.pointer.as_str()))
            .collect();
        Page {
            document,
            guideline,
            lookup: Lookup::new(guideline),
            due,
            concerns,
            out: String::with_capacity(48 * 1024),
        }
    }

    fn render(mut self) -> String {
        let guideline = self.guideline;
        open_page(&mut self.out, guideline.title);
        self.out.push_str("<article>\n");
        self.header();
        self.contents();
        let concerns: Vec<Option<(String, String)>> = self
            .concerns
            .iter()
            .map(|concern| {
                concern
                    .as_ref()
                    .map(|concern| (concern.anchor.clone(), concern.name.clone()))
            })
            .collect();
        diagnostics_section(&mut self.out, self.document, &concerns);
        if let Some(summary) = guideline.summary {
            self.out
                .push_str("<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n<p>");
            push(&mut self.out, summary);
            self.out.push_str("</p>\n</section>\n");
        }
        self.risk_factors();
        self.findings();
        self.diagnosis();
        self.treatments();
        self.sources();
        self.out.push_str("</article>\n");
        close_page(&mut self.out, Some(self.document.source.path()));
        self.out
    }

    fn header(&mut self) {
        let guideline = self.guideline;
        let provenance = &guideline.provenance;
        self.out.push_str("<header>\n<h1>");
        push(&mut self.out, guideline.title);
        self.out
            .push_str("</h1>\n<dl class=\"facts meta\" id=\"provenance\">\n");
        self.fact("Status", status(guideline.status));
        self.fact("Version", guideline.version);
        self.out.push_str("<dt>Condition</dt><dd>");
        push(&mut self.out, guideline.condition.name);
        if !guideline.condition.codes.is_empty() {
            self.out.push_str(" (");
            codes(&mut self.out, &guideline.condition.codes);
            self.out.push(')');
        }
        self.out.push_str("</dd>\n");
        self.list_fact("Authors", &provenance.authors);
        self.list_fact("Reviewers", &provenance.reviewers);
        self.fact("Published", provenance.published.unwrap_or("not recorded"));
        self.fact(
            "Last reviewed",
            provenance.last_reviewed.unwrap_or("not recorded"),
        );
        self.out.push_str("<dt>Review due</dt><dd>");
        match &self.due {
            Some((date, true)) => {
                let _ = write!(
                    self.out,
                    "<span class=\"overdue\">{} (overdue)</span>",
                    Escaped(date)
                );
            }
            Some((date, false)) => push(&mut self.out, date),
            None => self.out.push_str("not known"),
        }
        let _ = write!(
            self.out,
            " <span class=\"id\">every {}</span></dd>\n</dl>\n</header>\n",
            plural(provenance.review_interval_months as usize, "month")
        );
    }

    fn fact(&mut self, term: &str, value: &str) {
        let _ = writeln!(self.out, "<dt>{term}</dt><dd>{}</dd>", Escaped(value));
    }

    fn list_fact(&mut self, term: &str, values: &[&str]) {
        if values.is_empty() {
            return;
        }
        let _ = write!(self.out, "<dt>{term}</dt><dd>");
        push(&mut self.out, &values.join(", "));
        self.out.push_str("</dd>\n");
    }

    fn contents(&mut self) {
        self.out.push_str("<nav class=\"contents\" aria-labelledby=\"contents-heading\">\n<h2 id=\"contents-heading\">Contents</h2>\n<ol>\n<li><a href=\"#diagnostics\">Diagnostics</a></li>\n");
        let guideline = self.guideline;
        if guideline.summary.is_some() {
            self.out
                .push_str("<li><a href=\"#summary\">Summary</a></li>\n");
        }
        if !guideline.risk_factors.is_empty() {
            self.out
                .push_str("<li><a href=\"#risk-factors\">Risk factors</a></li>\n");
        }
        if !guideline.findings.is_empty() {
            self.out
                .push_str("<li><a href=\"#findings\">Findings</a></li>\n");
        }
        for (index, path) in guideline.diagnosis.paths.iter().enumerate() {
            let _ = writeln!(
                self.out,
                "<li><a href=\"#path-{index}\">{}</a></li>",
                Escaped(path.name)
            );
        }
        self.out
            .push_str("<li><a href=\"#treatments\">Treatments</a></li>\n");
        if !guideline.provenance.sources.is_empty() {
            self.out
                .push_str("<li><a href=\"#sources\">Sources</a></li>\n");
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    fn risk_factors(&mut self) {
        let guideline = self.guideline;
        if guideline.risk_factors.is_empty() {
            return;
        }
        self.out.push_str("<section id=\"risk-factors\" aria-labelledby=\"risk-factors-heading\">\n<h2 id=\"risk-factors-heading\">Risk factors</h2>\n<div class=\"table\"><table>\n<thead><tr><th scope=\"col\">Risk factor</th><th scope=\"col\">Category</th><th scope=\"col\">Modifiable</th><th scope=\"col\">Examples</th><th scope=\"col\">Addressed by</th></tr></thead>\n<tbody>\n");
        for (index, risk_factor) in guideline.risk_factors.iter().enumerate() {
            let _ = write!(
                self.out,
                "<tr id=\"risk-{index}\"{}><td>{}",
                self.highlight(|place| place == &Concerned::RiskFactor(index)),
                Escaped(risk_factor.name)
            );
            if !risk_factor.codes.is_empty() {
                self.out.push_str("<br><span class=\"id\">");
                codes(&mut self.out, &risk_factor.codes);
                self.out.push_str("</span>");
            }
            let _ = write!(
                self.out,
                "</td><td>{}</td><td>{}</td><td>",
                describe::risk_factor_category(risk_factor.category),
                if risk_factor.modifiable { "yes" } else { "no" }
            );
            push(&mut self.out, &risk_factor.examples.join(", "));
            self.out.push_str("</td><td>");
            let mut addressed = Vec::new();
            for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
                for (step_index, step) in path.steps.iter().enumerate() {
                    if step.addresses.contains(&risk_factor.id) {
                        addressed.push(link(&step_anchor(path_index, step_index), step.name));
                    }
                }
            }
            for (treatment_index, treatment) in guideline.treatments.iter().enumerate() {
                if treatment.addresses.contains(&risk_factor.id) {
                    addressed.push(link(&treatment_anchor(treatment_index), treatment.name));
                }
            }
            if addressed.is_empty() {
                self.out.push_str("nothing");
            } else {
                self.out.push_str(&addressed.join(", "));
            }
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table></div>\n</section>\n");
    }

    fn findings(&mut self) {
        let guideline = self.guideline;
        if guideline.findings.is_empty() {
            return;
        }
        self.out.push_str("<section id=\"findings\" aria-labelledby=\"findings-heading\">\n<h2 id=\"findings-heading\">Findings</h2>\n<div class=\"table\"><table>\n<thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Kind</th><th scope=\"col\">Codes</th><th scope=\"col\">Established by</th></tr></thead>\n<tbody>\n");
        for (index, finding) in guideline.findings.iter().enumerate() {
            let _ = write!(
                self.out,
                "<tr id=\"finding-{index}\"{}><td>{}{}</td><td>{}</td><td>",
                self.highlight(|place| place == &Concerned::Finding(index)),
                Escaped(finding.name),
                if finding.red_flag {
                    " <span class=\"badge red-flag\">red flag</span>"
                } else {
                    ""
                },
                describe::finding_kind(finding.kind)
            );
            codes(&mut self.out, &finding.codes);
            self.out.push_str("</td><td>");
            let mut steps = Vec::new();
            for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
                for (step_index, step) in path.steps.iter().enumerate() {
                    if step.elicits.contains(&finding.id) {
                        steps.push(link(&step_anchor(path_index, step_index), step.name));
                    }
                }
            }
            self.out.push_str(&steps.join(", "));
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table></div>\n</section>\n");
    }

    fn diagnosis(&mut self) {
        let guideline = self.guideline;
        let drawing = graph::build(guideline, self.document.diagnostics, graph::Selection::All);
        let flowcharts = svg::Flowcharts::new(&drawing);
        for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
            let marked = self
                .severity_of(|place| place == &Concerned::Path(path_index))
                .map_or(String::new(), |severity| format!(" has-{severity}"));
            let _ = write!(
                self.out,
                "<section id=\"path-{path_index}\" class=\"path{marked}\" aria-labelledby=\"path-{path_index}-heading\">\n<h2 id=\"path-{path_index}-heading\">{}</h2>\n<p class=\"id\">Diagnosis path <code>{}</code>, starting at ",
                Escaped(path.name),
                Escaped(path.id)
            );
            match path.step(path.entry) {
                Some((step_index, step)) => self
                    .out
                    .push_str(&link(&step_anchor(path_index, step_index), step.name)),
                None => {
                    let _ = write!(
                        self.out,
                        "<code>{}</code> (no such step)",
                        Escaped(path.entry)
                    );
                }
            }
            self.out.push_str(".</p>\n");
            self.concerns_of(|place| place == &Concerned::Path(path_index));
            let cluster = drawing.clusters.iter().position(|cluster| {
                cluster.kind == ClusterKind::Path && cluster.key == format!("p{path_index}")
            });
            if let Some(cluster) = cluster {
                self.out.push_str("<figure>\n");
                flowcharts.write(&mut self.out, cluster, &format!("path-{path_index}-"));
                self.out.push_str("<figcaption>Rounded box: where the path starts. Hexagon: a decision, left by conditional transitions. Double outline: the path may end there. A red or amber outline marks a step or transition with a diagnostic.</figcaption>\n</figure>\n");
            }
            let _ = write!(
                self.out,
                "<h3 id=\"path-{path_index}-steps\">Steps</h3>\n<ol class=\"steps\" aria-labelledby=\"path-{path_index}-steps\">\n"
            );
            for (step_index, step) in path.steps.iter().enumerate() {
                self.step(path_index, step_index, step);
            }
            self.out.push_str("</ol>\n</section>\n");
        }
    }

    /// A step with everything it holds; the one place the page describes a step.
    fn step(&mut self, path_index: usize, step_index: usize, step: &Step<'a>) {
        let path = &self.guideline.diagnosis.paths[path_index];
        let concerned = |place: &Concerned| match place {
            Concerned::Step(p, s) => *p == path_index && *s == step_index,
            _ => false,
        };
        let severity = self.severity_of(concerned);
        let _ = write!(
            self.out,
            "<li id=\"{}\" class=\"step{}\">\n<h4>{}. {}",
            step_anchor(path_index, step_index),
            severity.map_or(String::new(), |severity| format!(" has-{severity}")),
            step_index + 1,
            Escaped(step.name)
        );
        if step.id == path.entry {
            self.out.push_str(" <span class=\"badge\">start</span>");
        }
        if step.terminal {
            self.out
                .push_str(" <span class=\"badge\">may end here</span>");
        }
        self.out.push_str("</h4>\n");
        if let Some(description) = step.description {
            self.out.push_str("<p>");
            push(&mut self.out, description);
            self.out.push_str("</p>\n");
        }
        self.out.push_str("<dl class=\"facts\">\n");
        let kind = match step.kind {
            crate::model::StepKind::Imaging => describe::imaging(step),
            kind => describe::step_kind(kind).to_string(),
        };
        self.fact("Kind", &kind);
        if step.invasive == Some(true) {
            self.fact("Invasive", "yes");
        }
        if step.confirms {
            self.fact("Confirms", "the diagnosis this path works up");
        }
        if let Some(when) = &step.when {
            let words = words::condition(when, &self.lookup);
            self.fact("Only", &words);
        }
        if !step.tests.is_empty() {
            self.out.push_str("<dt>Tests</dt><dd><ul>");
            for test in &step.tests {
                self.out.push_str("<li>");
                push(&mut self.out, test.name);
                if let Some(code) = &test.code {
                    self.out.push_str(" <span class=\"id\">");
                    codes(&mut self.out, std::slice::from_ref(code));
                    self.out.push_str("</span>");
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></dd>\n");
        }
        self.list_fact("Specialties", &step.specialties);
        if !step.elicits.is_empty() {
            let findings = self.finding_links(&step.elicits);
            let _ = writeln!(self.out, "<dt>Establishes</dt><dd>{findings}</dd>");
        }
        if !step.addresses.is_empty() {
            let risks = self.risk_factor_links(&step.addresses);
            let _ = writeln!(self.out, "<dt>Addresses</dt><dd>{risks}</dd>");
        }
        if !step.next.is_empty() {
            self.out.push_str("<dt>Next</dt><dd><ul>");
            for transition in &step.next {
                self.out.push_str("<li>");
                match path.step(transition.target()) {
                    Some((target_index, target)) => self
                        .out
                        .push_str(&link(&step_anchor(path_index, target_index), target.name)),
                    None => {
                        let _ = write!(
                            self.out,
                            "<code>{}</code> (no such step)",
                            Escaped(transition.target())
                        );
                    }
                }
                if let Some(condition) = transition.condition() {
                    self.out.push_str(", ");
                    push(&mut self.out, &words::condition(condition, &self.lookup));
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></dd>\n");
        }
        self.evidence(&step.evidence, false);
        if let Some(basis) = step.basis {
            self.fact("Basis", describe::basis(basis));
        }
        self.suppressions(&step.allow);
        let _ = writeln!(
            self.out,
            "<dt>Id</dt><dd><code>{}</code></dd>\n</dl>",
            Escaped(step.id)
        );
        self.concerns_of(concerned);
        self.out.push_str("</li>\n");
    }

    fn treatments(&mut self) {
        let guideline = self.guideline;
        let _ = write!(
            self.out,
            "<section id=\"treatments\" aria-labelledby=\"treatments-heading\">\n<h2 id=\"treatments-heading\">Treatments</h2>\n<p>The escalation ladder, from the least to the most invasive category.</p>\n"
        );
        let mut order: Vec<usize> = (0..guideline.treatments.len()).collect();
        order.sort_by_key(|&index| (guideline.treatments[index].category, index));
        self.out.push_str("<ol class=\"ladder\">\n");
        let mut category = None;
        for index in order {
            let treatment = &guideline.treatments[index];
            if category != Some(treatment.category) {
                if category.is_some() {
                    self.out.push_str("</ol>\n</li>\n");
                }
                category = Some(treatment.category);
                let name = describe::treatment_category(treatment.category);
                let _ = write!(
                    self.out,
                    "<li>\n<h3>{name}</h3>\n<ol class=\"treatments\">\n"
                );
            }
            self.treatment(index, treatment);
        }
        if category.is_some() {
            self.out.push_str("</ol>\n</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    /// A treatment with everything it holds; the one place the page describes a treatment.
    fn treatment(&mut self, index: usize, treatment: &Treatment<'a>) {
        let concerned = |place: &Concerned| place == &Concerned::Treatment(index);
        let severity = self.severity_of(concerned);
        let _ = write!(
            self.out,
            "<li id=\"{}\" class=\"treatment{}\">\n<h4>{}</h4>\n<dl class=\"facts\">\n",
            treatment_anchor(index),
            severity.map_or(String::new(), |severity| format!(" has-{severity}")),
            Escaped(treatment.name)
        );
        self.fact("Category", describe::treatment_category(treatment.category));
        let requires = treatment.requires.as_deref().unwrap_or_default();
        self.out.push_str("<dt>Requires</dt><dd>");
        if requires.is_empty() {
            self.out.push_str("no diagnosis path");
        } else {
            let links: Vec<String> = requires
                .iter()
                .map(|id| {
                    match self
                        .guideline
                        .diagnosis
                        .paths
                        .iter()
                        .position(|path| path.id == *id)
                    {
                        Some(path_index) => link(
                            &format!("path-{path_index}"),
                            self.guideline.diagnosis.paths[path_index].name,
                        ),
                        None => format!("<code>{}</code> (no such path)", Escaped(id)),
                    }
                })
                .collect();
            self.out.push_str(&links.join(", "));
        }
        self.out.push_str("</dd>\n");
        if !treatment.escalates_from.is_empty() {
            let links: Vec<String> = treatment
                .escalates_from
                .iter()
                .map(|id| {
                    match self
                        .guideline
                        .treatments
                        .iter()
                        .position(|other| other.id == *id)
                    {
                        Some(other) => link(
                            &treatment_anchor(other),
                            self.guideline.treatments[other].name,
                        ),
                        None => format!("<code>{}</code> (no such treatment)", Escaped(id)),
                    }
                })
                .collect();
            let _ = writeln!(
                self.out,
                "<dt>Escalates from</dt><dd>{}</dd>",
                links.join(", ")
            );
        }
        self.conditions("Indications", &treatment.indications);
        self.conditions("Contraindications", &treatment.contraindications);
        if !treatment.actions.is_empty() {
            self.out.push_str("<dt>Actions</dt><dd><ul>");
            for action in &treatment.actions {
                self.out.push_str("<li><strong>");
                push(&mut self.out, action.name);
                self.out.push_str("</strong>");
                if let Some(description) = action.description {
                    self.out.push_str(": ");
                    push(&mut self.out, description);
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></dd>\n");
        }
        if !treatment.addresses.is_empty() {
            let risks = self.risk_factor_links(&treatment.addresses);
            let _ = writeln!(self.out, "<dt>Addresses</dt><dd>{risks}</dd>");
        }
        self.evidence(&treatment.evidence, true);
        if let Some(basis) = treatment.basis {
            self.fact("Basis", describe::basis(basis));
        }
        self.suppressions(&treatment.allow);
        let _ = writeln!(
            self.out,
            "<dt>Id</dt><dd><code>{}</code></dd>\n</dl>",
            Escaped(treatment.id)
        );
        self.concerns_of(concerned);
        self.out.push_str("</li>\n");
    }

    /// Sources cited, linked to the numbered source list; `always` shows the row when none are.
    fn evidence(&mut self, ids: &[&str], always: bool) {
        if ids.is_empty() && !always {
            return;
        }
        self.out.push_str("<dt>Evidence</dt><dd>");
        if ids.is_empty() {
            self.out.push_str("none cited");
        } else {
            let links: Vec<String> = ids
                .iter()
                .map(|id| match self.lookup.source(id) {
                    Some((number, title)) => format!(
                        "<a href=\"#source-{number}\">[{number}]</a> {}",
                        Escaped(title)
                    ),
                    None => format!("<code>{}</code> (no such source)", Escaped(id)),
                })
                .collect();
            self.out.push_str(&links.join("; "));
        }
        self.out.push_str("</dd>\n");
    }

    fn conditions(&mut self, term: &str, conditions: &[Condition<'a>]) {
        if conditions.is_empty() {
            return;
        }
        let _ = write!(self.out, "<dt>{term}</dt><dd><ul>");
        for condition in conditions {
            self.out.push_str("<li>");
            push(&mut self.out, &words::requirement(condition, &self.lookup));
            self.out.push_str("</li>");
        }
        self.out.push_str("</ul></dd>\n");
    }

    fn suppressions(&mut self, allow: &[crate::model::Allow<'_>]) {
        if allow.is_empty() {
            return;
        }
        self.out.push_str("<dt>Suppressed</dt><dd><ul>");
        for suppression in allow {
            let _ = write!(
                self.out,
                "<li><code>{}</code>: {}</li>",
                Escaped(suppression.rule),
                Escaped(suppression.reason)
            );
        }
        self.out.push_str("</ul></dd>\n");
    }

    fn sources(&mut self) {
        let sources = &self.guideline.provenance.sources;
        if sources.is_empty() {
            return;
        }
        self.out.push_str("<section id=\"sources\" class=\"sources\" aria-labelledby=\"sources-heading\">\n<h2 id=\"sources-heading\">Sources</h2>\n<ol>\n");
        for (index, source) in sources.iter().enumerate() {
            let _ = write!(self.out, "<li id=\"source-{}\">", index + 1);
            match source.url.filter(|url| is_web_address(url)) {
                Some(url) => {
                    let _ = write!(
                        self.out,
                        "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                        Escaped(url),
                        Escaped(source.title)
                    );
                }
                None => push(&mut self.out, source.title),
            }
            let details: Vec<String> = source
                .publisher
                .map(str::to_string)
                .into_iter()
                .chain(source.year.map(|year| year.to_string()))
                .collect();
            if !details.is_empty() {
                self.out.push_str(". ");
                push(&mut self.out, &details.join(", "));
            }
            if let Some(url) = source.url.filter(|url| !is_web_address(url)) {
                self.out.push_str(" <span class=\"id\">");
                push(&mut self.out, url);
                self.out.push_str("</span>");
            }
            self.out.push_str(".</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn finding_links(&self, ids: &[&str]) -> String {
        ids.iter()
            .map(|id| {
                match self
                    .guideline
                    .findings
                    .iter()
                    .position(|finding| finding.id == *id)
                {
                    Some(index) => link(
                        &format!("finding-{index}"),
                        self.guideline.findings[index].name,
                    ),
                    None => format!("<code>{}</code> (no such finding)", Escaped(id)),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn risk_factor_links(&self, ids: &[&str]) -> String {
        ids.iter()
            .map(|id| {
                match self
                    .guideline
                    .risk_factors
                    .iter()
                    .position(|risk_factor| risk_factor.id == *id)
                {
                    Some(index) => link(
                        &format!("risk-{index}"),
                        self.guideline.risk_factors[index].name,
                    ),
                    None => format!("<code>{}</code> (no such risk factor)", Escaped(id)),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The highest severity of the diagnostics that concern a part.
    fn severity_of(&self, concerned: impl Fn(&Concerned) -> bool) -> Option<Severity> {
        self.document
            .diagnostics
            .iter()
            .zip(&self.concerns)
            .filter(|(_, concern)| {
                concern
                    .as_ref()
                    .is_some_and(|concern| concerned(&concern.place))
            })
            .map(|(diagnostic, _)| diagnostic.severity)
            .max()
    }

    /// ` class="has-error"` for a table row or section a diagnostic concerns.
    fn highlight(&self, concerned: impl Fn(&Concerned) -> bool) -> String {
        match self.severity_of(concerned) {
            Some(severity) => format!(" class=\"has-{severity}\""),
            None => String::new(),
        }
    }

    /// Links to the diagnostics that concern a part, under it.
    fn concerns_of(&mut self, concerned: impl Fn(&Concerned) -> bool) {
        let mut items = String::new();
        for (number, (diagnostic, concern)) in self
            .document
            .diagnostics
            .iter()
            .zip(&self.concerns)
            .enumerate()
        {
            let Some(concern) = concern else { continue };
            if !concerned(&concern.place) {
                continue;
            }
            let _ = write!(
                items,
                "<li class=\"{severity}\"><span class=\"severity\">{severity}</span> <a href=\"#problem-{}\">{} {}</a>: ",
                number + 1,
                diagnostic.rule.code,
                diagnostic.rule.name,
                severity = diagnostic.severity
            );
            prose(&mut items, &diagnostic.message);
            items.push_str("</li>");
        }
        if !items.is_empty() {
            let _ = writeln!(self.out, "<ul class=\"concerns\">{items}</ul>");
        }
    }
}

/// The part of a page an anchor names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Concerned {
    Path(usize),
    Step(usize, usize),
    Treatment(usize),
    Finding(usize),
    RiskFactor(usize),
    Provenance,
}

fn step_anchor(path: usize, step: usize) -> String {
    format!("step-{path}-{step}")
}

fn treatment_anchor(treatment: usize) -> String {
    format!("treatment-{treatment}")
}

fn link(anchor: &str, text: &str) -> String {
    format!("<a href=\"#{anchor}\">{}</a>", Escaped(text))
}

/// The part of the page a diagnostic's pointer concerns: the step, treatment, path, finding or
/// risk factor it lands in, or the header for provenance.
fn concern(guideline: &Guideline<'_>, pointer: &str) -> Option<Concern> {
    let paths = &guideline.diagnosis.paths;
    if let Some(place) = Place::of(pointer) {
        return match place {
            Place::Step(path, step) | Place::Transition(path, step, _) => {
                let step_name = paths.get(path)?.steps.get(step)?.name;
                Some(Concern {
                    place: Concerned::Step(path, step),
                    anchor: step_anchor(path, step),
                    name: step_name.to_string(),
                })
            }
            Place::Path(path) => Some(Concern {
                place: Concerned::Path(path),
                anchor: format!("path-{path}"),
                name: paths.get(path)?.name.to_string(),
            }),
            Place::Treatment(treatment)
            | Place::Escalation(treatment, _)
            | Place::Requirement(treatment, _) => Some(Concern {
                place: Concerned::Treatment(treatment),
                anchor: treatment_anchor(treatment),
                name: guideline.treatments.get(treatment)?.name.to_string(),
            }),
        };
    }
    let mut segments = pointer.split('/').skip(1);
    let key = segments.next()?;
    let index = segments
        .next()
        .and_then(|index| index.parse::<usize>().ok());
    match (key, index) {
        ("findings", Some(index)) => Some(Concern {
            place: Concerned::Finding(index),
            anchor: format!("finding-{index}"),
            name: guideline.findings.get(index)?.name.to_string(),
        }),
        ("risk_factors", Some(index)) => Some(Concern {
            place: Concerned::RiskFactor(index),
            anchor: format!("risk-{index}"),
            name: guideline.risk_factors.get(index)?.name.to_string(),
        }),
        ("provenance", _) => Some(Concern {
            place: Concerned::Provenance,
            anchor: "provenance".to_string(),
            name: "the provenance".to_string(),
        }),
        _ => None,
    }
}

/// A message or help sentence: escaped, with the `quoted` ids and keys the rules write set as code.
fn prose(out: &mut String, text: &str) {
    let parts: Vec<&str> = text.split('`').collect();
    let last = parts.len() - 1;
    for (index, part) in parts.iter().enumerate() {
        // With an odd number of backticks, the last one opens nothing and stays a backtick.
        let unpaired = index == last && parts.len().is_multiple_of(2);
        if index % 2 == 1 && !unpaired {
            out.push_str("<code>");
            push(out, part);
            out.push_str("</code>");
        } else {
            if unpaired {
                out.push('`');
            }
            push(out, part);
        }
    }
}

/// Only web addresses become links; anything else (`javascript:`, `file:`) is shown as text.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `ICD-10-CM M79.81 (Nontraumatic hematoma of soft tissue), SNOMED CT 385494008 (Hematoma)`.
fn codes(out: &mut String, codes: &[Code<'_>]) {
    for (index, code) in codes.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let system = match code.system {
            "snomed-ct" => "SNOMED CT",
            "icd-10-cm" => "ICD-10-CM",
            "loinc" => "LOINC",
            "rxnorm" => "RxNorm",
            other => other,
        };
        push(out, system);
        out.push(' ');
        push(out, code.code);
        if let Some(display) = code.display {
            out.push_str(" (");
            push(out, display);
            out.push(')');
        }
    }
}

/// The banner with the counts and each diagnostic, linked to its rule's documentation and to the
/// part of the page it concerns.
fn diagnostics_section(
    out: &mut String,
    document: &Document<'_, '_>,
    concerns: &[Option<(String, String)>],
) {
    let diagnostics = document.diagnostics;
    let errors = count(diagnostics, Severity::Error);
    let warnings = count(diagnostics, Severity::Warning);
    out.push_str("<section id=\"diagnostics\" aria-labelledby=\"diagnostics-heading\">\n<h2 id=\"diagnostics-heading\">Diagnostics</h2>\n");
    let class = if errors > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else {
        "clean"
    };
    if diagnostics.is_empty() {
        out.push_str("<p class=\"banner clean\" role=\"status\">guidelint check found no problems: 0 errors, 0 warnings.</p>\n");
    } else {
        let _ = write!(
            out,
            "<p class=\"banner {class}\" role=\"status\">guidelint check found {}, {}.</p>\n<ol class=\"diagnostics\">\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        for (index, diagnostic) in diagnostics.iter().enumerate() {
            let start = Region::of(document.source, diagnostic.primary.span).start;
            let _ = write!(
                out,
                "<li id=\"problem-{}\" class=\"diagnostic {severity}\">\n<p><span class=\"severity\">{severity}</span> <a href=\"rules.html#{code}\">{code} {name}</a> at line {}, column {}",
                index + 1,
                start.line,
                start.column,
                severity = diagnostic.severity,
                code = diagnostic.rule.code,
                name = diagnostic.rule.name
            );
            if let Some(Some((anchor, name))) = concerns.get(index) {
                let _ = write!(out, ", in {}", link(anchor, name));
            }
            out.push_str("</p>\n<p class=\"message\">");
            prose(out, &diagnostic.message);
            out.push_str("</p>\n");
            if let Some(help) = &diagnostic.help {
                out.push_str("<p class=\"help\">");
                prose(out, help);
                out.push_str("</p>\n");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn quoted_ids_are_set_as_code() {
        let mut out = String::new();
        prose(&mut out, "step `a<b>` has `x`, and ` alone");
        assert_eq!(
            out,
            "step <code>a&lt;b&gt;</code> has <code>x</code>, and ` alone"
        );
    }
}

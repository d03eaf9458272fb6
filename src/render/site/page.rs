//! One guideline's review page: its header, diagnostics, summary, risk factors, findings, each
//! diagnosis path as a flowchart and its steps, the treatments as an escalation ladder, and the
//! numbered sources. A document that cannot be read as a guideline gets a page of its diagnostics.

use super::super::describe::{self, Lookup};
use super::super::graph::{self, ClusterKind, Place};
use super::super::markup::{Escaped, Piece, push, put};
use super::super::{Document, svg, words};
use super::{Entry, close_page, open_page};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Code, Condition, Guideline, Status, Step, Treatment};
use crate::report::{Region, plural};

/// Writes the page into `out`; returns its line in the index and the name it would like (the
/// guideline's id, or the file's name).
pub fn render(
    document: &Document<'_, '_>,
    today: jiff::civil::Date,
    out: &mut String,
) -> (Entry, String) {
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
            Page::new(document, guideline, due, out).render();
            (entry, guideline.id.to_string())
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
            unreadable(document, out);
            (entry, stem)
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
fn unreadable(document: &Document<'_, '_>, out: &mut String) {
    let path = document.source.path();
    open_page(out, &format!("{path}: not readable as a guideline"));
    out.push_str("<article>\n<header><h1>");
    push(out, path);
    out.push_str("</h1></header>\n<p class=\"banner error\" role=\"status\">This document could not be read as a guideline. Fix the problems below, then render it again.</p>\n");
    diagnostics_section(out, document, &[]);
    out.push_str("</article>\n");
    close_page(out, Some(path));
}

/// Where a diagnostic's pointer lands on the page, and what that part is called.
struct Concern<'a> {
    place: Concerned,
    name: &'a str,
}

struct Page<'p, 'd, 'a> {
    document: &'p Document<'d, 'a>,
    guideline: &'p Guideline<'a>,
    lookup: Lookup<'a>,
    due: Option<(String, bool)>,
    /// For each diagnostic (in document order), the part of the page it concerns.
    concerns: Vec<Option<Concern<'a>>>,
    out: &'p mut String,
    /// Conditions in words, before they are escaped into the page.
    words: String,
}

impl<'p, 'd, 'a> Page<'p, 'd, 'a> {
    fn new(
        document: &'p Document<'d, 'a>,
        guideline: &'p Guideline<'a>,
        due: Option<(String, bool)>,
        out: &'p mut String,
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
            out,
            words: String::new(),
        }
    }

    fn render(mut self) {
        let guideline = self.guideline;
        // A page is 1.7 to 2 times as long as its document (BENCHMARKS.md); reserved at once, it
        // is not copied as it grows.
        self.out
            .reserve(16 * 1024 + 2 * self.document.source.text().len());
        open_page(self.out, guideline.title);
        self.out.push_str("<article>\n");
        self.header();
        self.contents();
        diagnostics_section(self.out, self.document, &self.concerns);
        if let Some(summary) = guideline.summary {
            put!(
                self.out,
                "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n<p>",
                Escaped(summary),
                "</p>\n</section>\n"
            );
        }
        self.risk_factors();
        self.findings();
        self.diagnosis();
        self.treatments();
        self.sources();
        self.out.push_str("</article>\n");
        close_page(self.out, Some(self.document.source.path()));
    }

    fn header(&mut self) {
        let guideline = self.guideline;
        let provenance = &guideline.provenance;
        put!(
            self.out,
            "<header>\n<h1>",
            Escaped(guideline.title),
            "</h1>\n<dl class=\"facts meta\" id=\"provenance\">\n"
        );
        self.fact("Status", status(guideline.status));
        self.fact("Version", guideline.version);
        put!(
            self.out,
            "<dt>Condition</dt><dd>",
            Escaped(guideline.condition.name)
        );
        if !guideline.condition.codes.is_empty() {
            self.out.push_str(" (");
            codes(self.out, &guideline.condition.codes);
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
            Some((date, true)) => put!(
                self.out,
                "<span class=\"overdue\">",
                Escaped(date),
                " (overdue)</span>"
            ),
            Some((date, false)) => push(self.out, date),
            None => self.out.push_str("not known"),
        }
        put!(
            self.out,
            " <span class=\"id\">every ",
            Escaped(&plural(provenance.review_interval_months as usize, "month")),
            "</span></dd>\n</dl>\n</header>\n"
        );
    }

    fn fact(&mut self, term: &'static str, value: &str) {
        put!(
            self.out,
            "<dt>",
            term,
            "</dt><dd>",
            Escaped(value),
            "</dd>\n"
        );
    }

    fn list_fact(&mut self, term: &'static str, values: &[&str]) {
        if values.is_empty() {
            return;
        }
        put!(self.out, "<dt>", term, "</dt><dd>");
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.out.push_str(", ");
            }
            push(self.out, value);
        }
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
            put!(
                self.out,
                "<li><a href=\"#",
                Concerned::Path(index),
                "\">",
                Escaped(path.name),
                "</a></li>\n"
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
            let place = Concerned::RiskFactor(index);
            put!(self.out, "<tr id=\"", place, "\"");
            self.highlight(place);
            put!(self.out, "><td>", Escaped(risk_factor.name));
            if !risk_factor.codes.is_empty() {
                self.out.push_str("<br><span class=\"id\">");
                codes(self.out, &risk_factor.codes);
                self.out.push_str("</span>");
            }
            put!(
                self.out,
                "</td><td>",
                describe::risk_factor_category(risk_factor.category),
                "</td><td>",
                if risk_factor.modifiable { "yes" } else { "no" },
                "</td><td>"
            );
            for (position, example) in risk_factor.examples.iter().enumerate() {
                if position > 0 {
                    self.out.push_str(", ");
                }
                push(self.out, example);
            }
            self.out.push_str("</td><td>");
            let mut addressed = 0;
            for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
                for (step_index, step) in path.steps.iter().enumerate() {
                    if step.addresses.contains(&risk_factor.id) {
                        if addressed > 0 {
                            self.out.push_str(", ");
                        }
                        addressed += 1;
                        link(self.out, Concerned::Step(path_index, step_index), step.name);
                    }
                }
            }
            for (treatment_index, treatment) in guideline.treatments.iter().enumerate() {
                if treatment.addresses.contains(&risk_factor.id) {
                    if addressed > 0 {
                        self.out.push_str(", ");
                    }
                    addressed += 1;
                    link(
                        self.out,
                        Concerned::Treatment(treatment_index),
                        treatment.name,
                    );
                }
            }
            if addressed == 0 {
                self.out.push_str("nothing");
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
            let place = Concerned::Finding(index);
            put!(self.out, "<tr id=\"", place, "\"");
            self.highlight(place);
            put!(
                self.out,
                "><td>",
                Escaped(finding.name),
                if finding.red_flag {
                    " <span class=\"badge red-flag\">red flag</span>"
                } else {
                    ""
                },
                "</td><td>",
                describe::finding_kind(finding.kind),
                "</td><td>"
            );
            codes(self.out, &finding.codes);
            self.out.push_str("</td><td>");
            let mut steps = 0;
            for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
                for (step_index, step) in path.steps.iter().enumerate() {
                    if step.elicits.contains(&finding.id) {
                        if steps > 0 {
                            self.out.push_str(", ");
                        }
                        steps += 1;
                        link(self.out, Concerned::Step(path_index, step_index), step.name);
                    }
                }
            }
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table></div>\n</section>\n");
    }

    fn diagnosis(&mut self) {
        let guideline = self.guideline;
        let drawing = graph::build(guideline, self.document.diagnostics, graph::Selection::All);
        let flowcharts = svg::Flowcharts::new(&drawing);
        let mut prefix = String::new();
        for (path_index, path) in guideline.diagnosis.paths.iter().enumerate() {
            let place = Concerned::Path(path_index);
            put!(self.out, "<section id=\"", place, "\" class=\"path");
            if let Some(severity) = self.severity_of(|concerned| concerned == &place) {
                put!(self.out, " has-", severity.as_str());
            }
            put!(
                self.out,
                "\" aria-labelledby=\"",
                place,
                "-heading\">\n<h2 id=\"",
                place,
                "-heading\">",
                Escaped(path.name),
                "</h2>\n<p class=\"id\">Diagnosis path <code>",
                Escaped(path.id),
                "</code>, starting at "
            );
            match path.step(path.entry) {
                Some((step_index, step)) => {
                    link(self.out, Concerned::Step(path_index, step_index), step.name)
                }
                None => put!(
                    self.out,
                    "<code>",
                    Escaped(path.entry),
                    "</code> (no such step)"
                ),
            }
            self.out.push_str(".</p>\n");
            self.concerns_of(|concerned| concerned == &place);
            let cluster = drawing.clusters.iter().position(|cluster| {
                cluster.kind == ClusterKind::Path
                    && cluster.key.strip_prefix('p') == Some(itoa::Buffer::new().format(path_index))
            });
            if let Some(cluster) = cluster {
                self.out.push_str("<figure>\n");
                prefix.clear();
                put!(&mut prefix, place, "-");
                flowcharts.write(self.out, cluster, &prefix);
                self.out.push_str("<figcaption>Rounded box: where the path starts. Hexagon: a decision, left by conditional transitions. Double outline: the path may end there. A red or amber outline marks a step or transition with a diagnostic.</figcaption>\n</figure>\n");
            }
            put!(
                self.out,
                "<h3 id=\"",
                place,
                "-steps\">Steps</h3>\n<ol class=\"steps\" aria-labelledby=\"",
                place,
                "-steps\">\n"
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
        let place = Concerned::Step(path_index, step_index);
        let concerned = |concerned: &Concerned| concerned == &place;
        put!(self.out, "<li id=\"", place, "\" class=\"step");
        if let Some(severity) = self.severity_of(concerned) {
            put!(self.out, " has-", severity.as_str());
        }
        put!(
            self.out,
            "\">\n<h4>",
            step_index + 1,
            ". ",
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
            put!(self.out, "<p>", Escaped(description), "</p>\n");
        }
        self.out.push_str("<dl class=\"facts\">\n");
        match step.kind {
            crate::model::StepKind::Imaging => self.fact("Kind", &describe::imaging(step)),
            kind => self.fact("Kind", describe::step_kind(kind)),
        }
        if step.invasive == Some(true) {
            self.fact("Invasive", "yes");
        }
        if step.confirms {
            self.fact("Confirms", "the diagnosis this path works up");
        }
        if let Some(when) = &step.when {
            self.words.clear();
            words::write_condition(&mut self.words, when, &self.lookup);
            put!(
                self.out,
                "<dt>Only</dt><dd>",
                Escaped(&self.words),
                "</dd>\n"
            );
        }
        if !step.tests.is_empty() {
            self.out.push_str("<dt>Tests</dt><dd><ul>");
            for test in &step.tests {
                put!(self.out, "<li>", Escaped(test.name));
                if let Some(code) = &test.code {
                    self.out.push_str(" <span class=\"id\">");
                    codes(self.out, std::slice::from_ref(code));
                    self.out.push_str("</span>");
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></dd>\n");
        }
        self.list_fact("Specialties", &step.specialties);
        if !step.elicits.is_empty() {
            self.out.push_str("<dt>Establishes</dt><dd>");
            self.finding_links(&step.elicits);
            self.out.push_str("</dd>\n");
        }
        if !step.addresses.is_empty() {
            self.out.push_str("<dt>Addresses</dt><dd>");
            self.risk_factor_links(&step.addresses);
            self.out.push_str("</dd>\n");
        }
        if !step.next.is_empty() {
            self.out.push_str("<dt>Next</dt><dd><ul>");
            for transition in &step.next {
                self.out.push_str("<li>");
                match path.step(transition.target()) {
                    Some((target_index, target)) => link(
                        self.out,
                        Concerned::Step(path_index, target_index),
                        target.name,
                    ),
                    None => put!(
                        self.out,
                        "<code>",
                        Escaped(transition.target()),
                        "</code> (no such step)"
                    ),
                }
                if let Some(condition) = transition.condition() {
                    self.words.clear();
                    words::write_condition(&mut self.words, condition, &self.lookup);
                    put!(self.out, ", ", Escaped(&self.words));
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
        put!(
            self.out,
            "<dt>Id</dt><dd><code>",
            Escaped(step.id),
            "</code></dd>\n</dl>\n"
        );
        self.concerns_of(concerned);
        self.out.push_str("</li>\n");
    }

    fn treatments(&mut self) {
        let guideline = self.guideline;
        self.out.push_str("<section id=\"treatments\" aria-labelledby=\"treatments-heading\">\n<h2 id=\"treatments-heading\">Treatments</h2>\n<p>The escalation ladder, from the least to the most invasive category.</p>\n");
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
                put!(
                    self.out,
                    "<li>\n<h3>",
                    describe::treatment_category(treatment.category),
                    "</h3>\n<ol class=\"treatments\">\n"
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
        let place = Concerned::Treatment(index);
        let concerned = |concerned: &Concerned| concerned == &place;
        put!(self.out, "<li id=\"", place, "\" class=\"treatment");
        if let Some(severity) = self.severity_of(concerned) {
            put!(self.out, " has-", severity.as_str());
        }
        put!(
            self.out,
            "\">\n<h4>",
            Escaped(treatment.name),
            "</h4>\n<dl class=\"facts\">\n"
        );
        self.fact("Category", describe::treatment_category(treatment.category));
        let requires = treatment.requires.as_deref().unwrap_or_default();
        self.out.push_str("<dt>Requires</dt><dd>");
        if requires.is_empty() {
            self.out.push_str("no diagnosis path");
        }
        let paths = &self.guideline.diagnosis.paths;
        for (position, id) in requires.iter().enumerate() {
            if position > 0 {
                self.out.push_str(", ");
            }
            match paths.iter().position(|path| path.id == *id) {
                Some(path_index) => link(
                    self.out,
                    Concerned::Path(path_index),
                    paths[path_index].name,
                ),
                None => put!(self.out, "<code>", Escaped(id), "</code> (no such path)"),
            }
        }
        self.out.push_str("</dd>\n");
        if !treatment.escalates_from.is_empty() {
            self.out.push_str("<dt>Escalates from</dt><dd>");
            let treatments = &self.guideline.treatments;
            for (position, id) in treatment.escalates_from.iter().enumerate() {
                if position > 0 {
                    self.out.push_str(", ");
                }
                match treatments.iter().position(|other| other.id == *id) {
                    Some(other) => link(
                        self.out,
                        Concerned::Treatment(other),
                        treatments[other].name,
                    ),
                    None => put!(
                        self.out,
                        "<code>",
                        Escaped(id),
                        "</code> (no such treatment)"
                    ),
                }
            }
            self.out.push_str("</dd>\n");
        }
        self.conditions("Indications", &treatment.indications);
        self.conditions("Contraindications", &treatment.contraindications);
        if !treatment.actions.is_empty() {
            self.out.push_str("<dt>Actions</dt><dd><ul>");
            for action in &treatment.actions {
                put!(self.out, "<li><strong>", Escaped(action.name), "</strong>");
                if let Some(description) = action.description {
                    put!(self.out, ": ", Escaped(description));
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></dd>\n");
        }
        if !treatment.addresses.is_empty() {
            self.out.push_str("<dt>Addresses</dt><dd>");
            self.risk_factor_links(&treatment.addresses);
            self.out.push_str("</dd>\n");
        }
        self.evidence(&treatment.evidence, true);
        if let Some(basis) = treatment.basis {
            self.fact("Basis", describe::basis(basis));
        }
        self.suppressions(&treatment.allow);
        put!(
            self.out,
            "<dt>Id</dt><dd><code>",
            Escaped(treatment.id),
            "</code></dd>\n</dl>\n"
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
        }
        for (position, id) in ids.iter().enumerate() {
            if position > 0 {
                self.out.push_str("; ");
            }
            match self.lookup.source(id) {
                Some((number, title)) => put!(
                    self.out,
                    "<a href=\"#source-",
                    number,
                    "\">[",
                    number,
                    "]</a> ",
                    Escaped(title)
                ),
                None => put!(self.out, "<code>", Escaped(id), "</code> (no such source)"),
            }
        }
        self.out.push_str("</dd>\n");
    }

    fn conditions(&mut self, term: &'static str, conditions: &[Condition<'a>]) {
        if conditions.is_empty() {
            return;
        }
        put!(self.out, "<dt>", term, "</dt><dd><ul>");
        for condition in conditions {
            self.words.clear();
            words::write_requirement(&mut self.words, condition, &self.lookup);
            put!(self.out, "<li>", Escaped(&self.words), "</li>");
        }
        self.out.push_str("</ul></dd>\n");
    }

    fn suppressions(&mut self, allow: &[crate::model::Allow<'_>]) {
        if allow.is_empty() {
            return;
        }
        self.out.push_str("<dt>Suppressed</dt><dd><ul>");
        for suppression in allow {
            put!(
                self.out,
                "<li><code>",
                Escaped(suppression.rule),
                "</code>: ",
                Escaped(suppression.reason),
                "</li>"
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
            put!(self.out, "<li id=\"source-", index + 1, "\">");
            match source.url.filter(|url| is_web_address(url)) {
                Some(url) => put!(
                    self.out,
                    "<a href=\"",
                    Escaped(url),
                    "\" rel=\"noopener noreferrer\">",
                    Escaped(source.title),
                    "</a>"
                ),
                None => push(self.out, source.title),
            }
            match (source.publisher, source.year) {
                (None, None) => {}
                (Some(publisher), None) => put!(self.out, ". ", Escaped(publisher)),
                (None, Some(year)) => put!(self.out, ". ", Escaped(&year.to_string())),
                (Some(publisher), Some(year)) => put!(
                    self.out,
                    ". ",
                    Escaped(publisher),
                    ", ",
                    Escaped(&year.to_string())
                ),
            }
            if let Some(url) = source.url.filter(|url| !is_web_address(url)) {
                put!(self.out, " <span class=\"id\">", Escaped(url), "</span>");
            }
            self.out.push_str(".</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn finding_links(&mut self, ids: &[&str]) {
        let findings = &self.guideline.findings;
        for (position, id) in ids.iter().enumerate() {
            if position > 0 {
                self.out.push_str("; ");
            }
            match findings.iter().position(|finding| finding.id == *id) {
                Some(index) => link(self.out, Concerned::Finding(index), findings[index].name),
                None => put!(self.out, "<code>", Escaped(id), "</code> (no such finding)"),
            }
        }
    }

    fn risk_factor_links(&mut self, ids: &[&str]) {
        let risk_factors = &self.guideline.risk_factors;
        for (position, id) in ids.iter().enumerate() {
            if position > 0 {
                self.out.push_str("; ");
            }
            match risk_factors
                .iter()
                .position(|risk_factor| risk_factor.id == *id)
            {
                Some(index) => link(
                    self.out,
                    Concerned::RiskFactor(index),
                    risk_factors[index].name,
                ),
                None => put!(
                    self.out,
                    "<code>",
                    Escaped(id),
                    "</code> (no such risk factor)"
                ),
            }
        }
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

    /// ` class="has-error"` for a table row a diagnostic concerns.
    fn highlight(&mut self, place: Concerned) {
        if let Some(severity) = self.severity_of(|concerned| concerned == &place) {
            put!(self.out, " class=\"has-", severity.as_str(), "\"");
        }
    }

    /// Links to the diagnostics that concern a part, under it.
    fn concerns_of(&mut self, concerned: impl Fn(&Concerned) -> bool) {
        let mut any = false;
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
            if !any {
                self.out.push_str("<ul class=\"concerns\">");
                any = true;
            }
            let severity = diagnostic.severity.as_str();
            put!(
                self.out,
                "<li class=\"",
                severity,
                "\"><span class=\"severity\">",
                severity,
                "</span> <a href=\"#problem-",
                number + 1,
                "\">",
                diagnostic.rule.code,
                " ",
                diagnostic.rule.name,
                "</a>: "
            );
            prose(self.out, &diagnostic.message);
            self.out.push_str("</li>");
        }
        if any {
            self.out.push_str("</ul>\n");
        }
    }
}

/// The part of a page an anchor names; as a [`Piece`], the id of its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Concerned {
    Path(usize),
    Step(usize, usize),
    Treatment(usize),
    Finding(usize),
    RiskFactor(usize),
    Provenance,
}

impl Piece for Concerned {
    fn put(self, out: &mut String) {
        match self {
            Concerned::Path(path) => put!(out, "path-", path),
            Concerned::Step(path, step) => put!(out, "step-", path, "-", step),
            Concerned::Treatment(treatment) => put!(out, "treatment-", treatment),
            Concerned::Finding(finding) => put!(out, "finding-", finding),
            Concerned::RiskFactor(risk_factor) => put!(out, "risk-", risk_factor),
            Concerned::Provenance => out.push_str("provenance"),
        }
    }
}

/// A link to a part of the page, with `text` escaped.
fn link(out: &mut String, anchor: Concerned, text: &str) {
    put!(out, "<a href=\"#", anchor, "\">", Escaped(text), "</a>");
}

/// The part of the page a diagnostic's pointer concerns: the step, treatment, path, finding or
/// risk factor it lands in, or the header for provenance.
fn concern<'a>(guideline: &Guideline<'a>, pointer: &str) -> Option<Concern<'a>> {
    let paths = &guideline.diagnosis.paths;
    if let Some(place) = Place::of(pointer) {
        return match place {
            Place::Step(path, step) | Place::Transition(path, step, _) => Some(Concern {
                place: Concerned::Step(path, step),
                name: paths.get(path)?.steps.get(step)?.name,
            }),
            Place::Path(path) => Some(Concern {
                place: Concerned::Path(path),
                name: paths.get(path)?.name,
            }),
            Place::Treatment(treatment)
            | Place::Escalation(treatment, _)
            | Place::Requirement(treatment, _) => Some(Concern {
                place: Concerned::Treatment(treatment),
                name: guideline.treatments.get(treatment)?.name,
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
            name: guideline.findings.get(index)?.name,
        }),
        ("risk_factors", Some(index)) => Some(Concern {
            place: Concerned::RiskFactor(index),
            name: guideline.risk_factors.get(index)?.name,
        }),
        ("provenance", _) => Some(Concern {
            place: Concerned::Provenance,
            name: "the provenance",
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
            put!(out, "<code>", Escaped(part), "</code>");
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
        put!(out, Escaped(system), " ", Escaped(code.code));
        if let Some(display) = code.display {
            put!(out, " (", Escaped(display), ")");
        }
    }
}

/// The banner with the counts and each diagnostic, linked to its rule's documentation and to the
/// part of the page it concerns.
fn diagnostics_section(
    out: &mut String,
    document: &Document<'_, '_>,
    concerns: &[Option<Concern<'_>>],
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
        put!(
            out,
            "<p class=\"banner ",
            class,
            "\" role=\"status\">guidelint check found ",
            Escaped(&plural(errors, "error")),
            ", ",
            Escaped(&plural(warnings, "warning")),
            ".</p>\n<ol class=\"diagnostics\">\n"
        );
        for (index, diagnostic) in diagnostics.iter().enumerate() {
            let start = Region::of(document.source, diagnostic.primary.span).start;
            let severity = diagnostic.severity.as_str();
            let (code, name) = (diagnostic.rule.code, diagnostic.rule.name);
            put!(
                out,
                "<li id=\"problem-",
                index + 1,
                "\" class=\"diagnostic ",
                severity,
                "\">\n<p><span class=\"severity\">",
                severity,
                "</span> <a href=\"rules.html#",
                code,
                "\">",
                code,
                " ",
                name,
                "</a> at line ",
                start.line,
                ", column ",
                start.column
            );
            if let Some(Some(concern)) = concerns.get(index) {
                out.push_str(", in ");
                link(out, concern.place, concern.name);
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

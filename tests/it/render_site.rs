//! `guidelint render`: the review site's files, their HTML5, what a guideline's page shows, where
//! diagnostics are marked, and that nothing else in the output folder is touched.

use crate::common::{BUNDLED, HOSTILE, TODAY, guidelint, hostile_guideline};
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

/// Renders `inputs` (relative to `folder`) into `folder/site`.
fn render(folder: &Path, inputs: &[&str], today: &str) -> std::process::Output {
    let mut arguments = vec!["render", "--today", today, "--out", "site"];
    arguments.extend_from_slice(inputs);
    guidelint(folder, &arguments)
}

fn folder_with(documents: &[(&str, &str)]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(folder.path().join("guidelines")).expect("creates");
    for (name, text) in documents {
        std::fs::write(folder.path().join("guidelines").join(name), text).expect("writes");
    }
    folder
}

fn read(folder: &Path, page: &str) -> String {
    std::fs::read_to_string(folder.join("site").join(page)).expect("page written")
}

/// The page, parsed as HTML5, which must have no parse error.
fn parse(html: &str) -> Html {
    let document = Html::parse_document(html);
    assert!(
        document.errors.is_empty(),
        "HTML5 parse errors: {:?}",
        document.errors
    );
    document
}

fn select<'h>(document: &'h Html, selector: &str) -> Vec<scraper::ElementRef<'h>> {
    let selector = Selector::parse(selector).expect("a selector");
    document.select(&selector).collect()
}

fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

fn files(folder: &Path) -> BTreeSet<String> {
    std::fs::read_dir(folder)
        .expect("lists")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn the_site_has_an_index_the_rules_and_a_page_per_guideline() {
    let folder = folder_with(&[
        ("iliopsoas-hematoma.json", BUNDLED),
        ("broken.json", "{\"id\": "),
    ]);
    let output = render(folder.path(), &["guidelines"], TODAY);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "2 guidelines rendered to site/index.html: 1 error, 0 warnings\n"
    );
    assert_eq!(
        files(&folder.path().join("site")),
        BTreeSet::from(
            [
                "broken.html",
                "iliopsoas-hematoma.html",
                "index.html",
                "rules.html"
            ]
            .map(String::from)
        )
    );
    let index = parse(&read(folder.path(), "index.html"));
    let rows = select(&index, "table.index tbody tr");
    assert_eq!(rows.len(), 2);
    let cells: Vec<String> = rows[1].child_elements().map(|cell| text(&cell)).collect();
    assert_eq!(
        cells,
        [
            "Iliopsoas hematoma: diagnosis and managementguidelines/iliopsoas-hematoma.json",
            "active",
            "2.0.0",
            "Iliopsoas hematoma",
            "2026-11-20",
            "2028-11-20",
            "0",
            "0"
        ]
    );
    let link = select(&index, "table.index tbody tr a")[1];
    assert_eq!(link.value().attr("href"), Some("iliopsoas-hematoma.html"));
    let broken = parse(&read(folder.path(), "broken.html"));
    assert_eq!(text(&select(&broken, "h1")[0]), "guidelines/broken.json");
    assert_eq!(
        text(&select(&broken, ".diagnostic")[0]).trim(),
        "error GL001 invalid-json at line 1, column 8\nexpected a value after :\nGive every key a value, or remove the key."
    );
}

#[test]
fn a_guideline_s_page_shows_what_the_issue_lists() {
    let folder = folder_with(&[("iliopsoas-hematoma.json", BUNDLED)]);
    render(folder.path(), &["guidelines"], TODAY);
    let html = read(folder.path(), "iliopsoas-hematoma.html");
    let page = parse(&html);
    // Landmarks and headings.
    for landmark in ["header.site nav", "main", "footer", "article > header h1"] {
        assert_eq!(select(&page, landmark).len(), 1, "{landmark}");
    }
    let headings: Vec<String> = select(&page, "main h2").iter().map(text).collect();
    assert_eq!(
        headings,
        [
            "Contents",
            "Diagnostics",
            "Summary",
            "Risk factors",
            "Findings",
            "Diagnostic workup for suspected iliopsoas hematoma",
            "Treatments",
            "Sources"
        ]
    );
    let facts: Vec<String> = select(&page, "#provenance dt, #provenance dd")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        facts,
        [
            "Status",
            "active",
            "Version",
            "2.0.0",
            "Condition",
            "Iliopsoas hematoma (ICD-10-CM M79.81 (Nontraumatic hematoma of soft tissue), SNOMED CT 385494008 (Hematoma))",
            "Authors",
            "guidelint clinical content team",
            "Reviewers",
            "guidelint clinical review board",
            "Published",
            "2026-11-20",
            "Last reviewed",
            "2026-11-20",
            "Review due",
            "2028-11-20 every 24 months"
        ]
    );
    assert_eq!(
        text(&select(&page, "#diagnostics .banner")[0]),
        "guidelint check found no problems: 0 errors, 0 warnings."
    );
    // The path: one inline SVG with its title and description, then its steps in order.
    let figures = select(&page, "#path-0 figure svg");
    assert_eq!(figures.len(), 1);
    assert_eq!(select(&page, "#path-0 svg > title").len(), 1);
    assert_eq!(select(&page, "#path-0 svg > desc").len(), 1);
    let steps: Vec<String> = select(&page, "#path-0 .step h4").iter().map(text).collect();
    assert_eq!(
        steps[0],
        "1. Vital signs and rapid assessment of circulation start"
    );
    assert_eq!(steps[5], "6. Ultrasound may end here");
    assert_eq!(steps.len(), 13);
    let ultrasound = select(&page, "#step-0-5")[0];
    let next: Vec<String> = ultrasound
        .select(&Selector::parse("dd li").expect("selector"))
        .map(|item| text(&item))
        .collect();
    assert_eq!(
        next,
        [
            "Contrast-enhanced CT with an arterial phase (CT angiography), if ultrasound not conclusive, or the extent of the hematoma not clear on ultrasound",
            "Contrast-enhanced CT with an arterial phase (CT angiography), if active bleeding suspected on imaging",
            "Specialist consultation, if large hematoma",
            "Repeated clinical review, if hematoma in the iliopsoas muscle shown on imaging, with its location and size"
        ]
    );
    // A step's own `when`.
    let angiography = text(&select(&page, "#step-0-11")[0]);
    assert!(
        angiography.contains(
            "Onlyif contrast leaking from an artery on contrast-enhanced CT (active bleeding)"
        ),
        "{angiography}"
    );
    // The ladder, by category, with evidence linked to the numbered sources.
    let categories: Vec<String> = select(&page, ".ladder > li > h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        categories,
        [
            "Conservative",
            "Pharmacological",
            "Rehabilitation",
            "Interventional",
            "Surgical"
        ]
    );
    let surgery = text(&select(&page, "#treatment-3")[0]);
    assert!(surgery.contains("Indicationslarge hematomaall of: hematoma in the iliopsoas muscle shown on imaging, with its location and size; marked pain attributed to the hematomahematoma failing to resolve despite conservative carebleeding source located, for example a torn or ruptured vessel"), "{surgery}");
    assert!(surgery.contains("Contraindicationsall of: clotting still abnormal after reversal or correction, not hemodynamic instability (signs of shock from blood loss)"), "{surgery}");
    assert!(surgery.contains("Escalates fromConservative management, Interventional procedures"));
    let evidence = select(&page, "#treatment-3 a[href='#source-1']");
    assert_eq!(evidence.len(), 1);
    assert_eq!(
        text(&select(&page, "#source-1")[0]),
        "Iliopsoas Hematoma - An Overview. iCliniq, 2023."
    );
    // Self-contained: no script, no external resource, no link out but the sources' own.
    assert!(select(&page, "script, link, img, iframe, object").is_empty());
    for link in select(&page, "a[href]") {
        let href = link.value().attr("href").expect("href");
        assert!(
            href.starts_with('#') || href == "index.html" || href.starts_with("rules.html"),
            "{href}"
        );
    }
    assert!(html.contains("@media print{\n@page{size:A4"));
}

#[test]
fn diagnostics_link_to_their_rule_and_mark_what_they_concern() {
    let dead_end = include_str!("../fixtures/dead-end/fail.json");
    let folder = folder_with(&[("renal-colic.json", dead_end)]);
    let output = render(folder.path(), &["guidelines"], "2030-01-01");
    assert_eq!(output.status.code(), Some(0));
    let page = parse(&read(folder.path(), "renal-colic.html"));
    assert_eq!(
        text(&select(&page, "#diagnostics .banner.warning")[0]),
        "guidelint check found 0 errors, 2 warnings."
    );
    let first = select(&page, "#problem-1")[0];
    let links: Vec<(String, String)> = first
        .select(&Selector::parse("a").expect("selector"))
        .map(|link| {
            (
                link.value().attr("href").unwrap_or_default().to_string(),
                text(&link),
            )
        })
        .collect();
    assert_eq!(
        links[0],
        (
            "rules.html#GL501".to_string(),
            "GL501 review-overdue".to_string()
        )
    );
    let dead_end = select(&page, ".diagnostic")
        .into_iter()
        .find(|item| text(item).contains("GL203 dead-end"))
        .expect("the dead end is listed");
    let concerned = dead_end
        .select(&Selector::parse("a[href^='#step-']").expect("selector"))
        .next()
        .expect("links to its step");
    let anchor = concerned
        .value()
        .attr("href")
        .expect("href")
        .trim_start_matches('#');
    let step = select(&page, &format!("li#{anchor}"))[0];
    assert_eq!(step.value().attr("class"), Some("step has-warning"));
    assert!(text(&step).contains("GL203 dead-end: step urology-consultation of path colic-workup has no next and is not terminal"));
    // The review date is overdue, and said so in words, not only in colour.
    assert_eq!(text(&select(&page, ".overdue")[0]), "2028-10-05 (overdue)");
    // The flowchart outlines the step in the warning colour.
    let svg_step = select(&page, "g.node[data-id='urology-consultation'] rect")[0];
    assert_eq!(svg_step.value().attr("stroke"), Some("#8a5a00"));
    let rules = parse(&read(folder.path(), "rules.html"));
    for code in ["GL501", "GL203"] {
        assert_eq!(
            select(&rules, &format!("section#{code}")).len(),
            1,
            "{code}"
        );
    }
}

#[test]
fn the_rules_page_comes_from_the_registry() {
    let folder = folder_with(&[]);
    render(folder.path(), &["guidelines"], TODAY);
    let rules = parse(&read(folder.path(), "rules.html"));
    let sections = select(&rules, "section.rule");
    assert_eq!(sections.len(), guidelint::rules::ALL.len());
    for (section, rule) in sections.iter().zip(guidelint::rules::ALL) {
        assert_eq!(section.value().attr("id"), Some(rule.code));
        let heading = text(
            &section
                .select(&Selector::parse("h2").expect("selector"))
                .next()
                .expect("h2"),
        );
        assert_eq!(heading, format!("{} {}", rule.code, rule.name));
        let body = text(section);
        let first_paragraph = rule
            .documentation()
            .lines()
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .expect("documented")
            .replace('`', "");
        assert!(
            body.contains(&first_paragraph),
            "{}: {first_paragraph}",
            rule.code
        );
    }
}

#[test]
fn hostile_names_are_text_on_every_page() {
    let folder = folder_with(&[("hostile.json", &hostile_guideline())]);
    let output = render(folder.path(), &["guidelines"], TODAY);
    assert_eq!(output.status.code(), Some(0));
    for (page, title) in [
        ("index.html", "table.index tbody a"),
        ("iliopsoas-hematoma.html", "h1"),
    ] {
        let html = read(folder.path(), page);
        let document = parse(&html);
        assert!(select(&document, "script").is_empty(), "{page}");
        assert!(!html.contains("<script"), "{page}");
        let shown = HOSTILE.replace('\u{1}', "\\u0001");
        let title = select(&document, title)[0];
        assert!(text(&title).starts_with(&shown), "{page}: {}", text(&title));
    }
    let page = parse(&read(folder.path(), "iliopsoas-hematoma.html"));
    // A `javascript:` source address is shown, never linked.
    assert!(select(&page, "a[href^='javascript']").is_empty());
    assert!(text(&select(&page, "#source-1")[0]).contains("javascript:alert(1)"));
    let step_names: Vec<String> = select(&page, "g.node[data-id='history'] > title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        step_names,
        [format!(
            "{} Patient history",
            HOSTILE.replace('\u{1}', "\\u0001")
        )]
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let folder = folder_with(&[("a.json", BUNDLED), ("b.json", &hostile_guideline())]);
    render(folder.path(), &["guidelines"], TODAY);
    let first: Vec<(String, Vec<u8>)> = files(&folder.path().join("site"))
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(folder.path().join("site").join(&name)).expect("reads");
            (name, bytes)
        })
        .collect();
    std::fs::remove_dir_all(folder.path().join("site")).expect("removes");
    render(folder.path(), &["guidelines"], TODAY);
    for (name, bytes) in first {
        assert_eq!(
            std::fs::read(folder.path().join("site").join(&name)).expect("reads"),
            bytes,
            "{name}"
        );
    }
}

#[test]
fn a_page_rendered_again_replaces_the_older_one_whatever_its_length() {
    let folder = folder_with(&[("iliopsoas-hematoma.json", BUNDLED)]);
    render(folder.path(), &["guidelines"], TODAY);
    let fresh = read(folder.path(), "iliopsoas-hematoma.html");
    // Pages are overwritten in place (BENCHMARKS.md): a longer older page must be cut to the new
    // page's length, a shorter one grown to it.
    for older in ["x".repeat(3 * fresh.len()), "short".to_string()] {
        std::fs::write(folder.path().join("site/iliopsoas-hematoma.html"), &older).expect("writes");
        let output = render(folder.path(), &["guidelines"], TODAY);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(read(folder.path(), "iliopsoas-hematoma.html"), fresh);
    }
}

#[test]
fn the_output_folder_keeps_everything_else() {
    let folder = folder_with(&[("iliopsoas-hematoma.json", BUNDLED)]);
    let site = folder.path().join("site");
    std::fs::create_dir(&site).expect("creates");
    std::fs::write(site.join("notes.txt"), "kept").expect("writes");
    std::fs::write(site.join("old.html"), "an older page").expect("writes");
    // A page name that is a link to a file elsewhere: the link is replaced, the file untouched.
    let elsewhere = folder.path().join("elsewhere.html");
    std::fs::write(&elsewhere, "not guidelint's").expect("writes");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, site.join("iliopsoas-hematoma.html")).expect("links");
    let before =
        std::fs::read(folder.path().join("guidelines/iliopsoas-hematoma.json")).expect("reads");
    let output = render(folder.path(), &["guidelines"], TODAY);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(site.join("notes.txt")).expect("kept"),
        "kept"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("old.html")).expect("kept"),
        "an older page"
    );
    assert_eq!(
        std::fs::read_to_string(&elsewhere).expect("kept"),
        "not guidelint's"
    );
    assert_eq!(
        files(&site),
        BTreeSet::from(
            [
                "iliopsoas-hematoma.html",
                "index.html",
                "notes.txt",
                "old.html",
                "rules.html"
            ]
            .map(String::from)
        )
    );
    assert_eq!(
        std::fs::read(folder.path().join("guidelines/iliopsoas-hematoma.json")).expect("reads"),
        before
    );
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error() {
    let folder = folder_with(&[("iliopsoas-hematoma.json", BUNDLED)]);
    std::fs::write(folder.path().join("site"), "a file, not a folder").expect("writes");
    let output = render(folder.path(), &["guidelines"], TODAY);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: cannot create site: "));
}

#[test]
fn every_fixture_gets_a_page_that_parses() {
    // Documents written to break rules: loops, dead ends, unknown references, schema errors, text
    // that is not JSON. Each gets a page; none stops the others.
    let folder = tempfile::tempdir().expect("temporary folder");
    let fixtures = crate::common::root().join("tests/fixtures");
    let output = guidelint(
        folder.path(),
        &[
            "render",
            "--today",
            TODAY,
            "--out",
            "site",
            fixtures.to_str().expect("UTF-8 path"),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages = files(&folder.path().join("site"));
    let documents = walk_json(&fixtures);
    assert_eq!(
        pages.len(),
        documents + 2,
        "a page per document, the index and the rules"
    );
    for page in pages {
        let html = read(folder.path(), &page);
        parse(&html);
        assert!(!html.contains("<script"), "{page}");
    }
}

fn walk_json(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .expect("lists")
        .map(|entry| entry.expect("entry").path())
        .map(|path| {
            if path.is_dir() {
                walk_json(&path)
            } else {
                // Scenario files are not guidelines: `render`, like `check`, leaves them out.
                usize::from(
                    path.extension()
                        .is_some_and(|extension| extension == "json")
                        && !guidelint::discover::is_scenario_file(&path),
                )
            }
        })
        .sum()
}

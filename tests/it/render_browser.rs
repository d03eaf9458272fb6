//! The review pages in a real browser, headless Chromium: every step and treatment name is in the
//! rendered DOM, nothing overflows a 1280-pixel-wide window, and the drawing's text stays inside
//! its boxes as the browser's fonts set it (guidelint lays the drawing out without fonts).
//!
//! The pages carry no JavaScript. To measure them, a test copies a page and appends a script that
//! writes its measurements into the DOM, which `--dump-dom` prints; a test on pages made to
//! overflow shows that the measurement catches what it looks for.

use crate::common::{BUNDLED, guidelint, tool_available};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Appended to a copy of a page: lists what overflows the window, what scrolls inside a table's
/// box, text drawn outside its node and edge labels over a node, one per line.
const MEASURE: &str = r#"<script>
(function () {
  const found = [];
  const width = window.innerWidth;
  const root = document.documentElement;
  found.push('window ' + width + ' page ' + root.scrollWidth);
  if (root.scrollWidth > width) found.push('overflow: the page is ' + root.scrollWidth + ' px wide');
  for (const element of document.body.querySelectorAll('*')) {
    // A flowchart wider than its frame scrolls inside it (reported below), as tables do.
    if (element.parentElement && element.parentElement.closest('figure')) continue;
    const right = element.getBoundingClientRect().right;
    if (right > width + 0.5) found.push('overflow: ' + element.tagName + ' ends at ' + right);
  }
  for (const figure of document.querySelectorAll('figure')) {
    if (figure.scrollWidth > figure.clientWidth) found.push('scrolls: a flowchart by ' + (figure.scrollWidth - figure.clientWidth));
    const svg = figure.querySelector('svg');
    if (svg) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      if (scale < 0.69) found.push('small: a flowchart at scale ' + scale.toFixed(2));
    }
  }
  for (const box of document.querySelectorAll('.table')) {
    if (box.scrollWidth > box.clientWidth) found.push('overflow: a table scrolls by ' + (box.scrollWidth - box.clientWidth));
  }
  const shapes = [];
  for (const node of document.querySelectorAll('g.node')) {
    const shape = node.querySelector('rect, polygon').getBBox();
    shapes.push([node.dataset.id, shape]);
    for (const text of node.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < shape.x - 0.5 || b.y < shape.y - 0.5 || b.x + b.width > shape.x + shape.width + 0.5 || b.y + b.height > shape.y + shape.height + 0.5)
        found.push('outside: "' + text.textContent + '" of ' + node.dataset.id);
    }
  }
  for (const edge of document.querySelectorAll('g.edge')) {
    for (const text of edge.querySelectorAll('text')) {
      const b = text.getBBox();
      for (const [id, s] of shapes) {
        if (text.ownerSVGElement !== document.querySelector('g.node[data-id="' + id + '"]').ownerSVGElement) continue;
        if (b.x < s.x + s.width && s.x < b.x + b.width && b.y < s.y + s.height && s.y < b.y + b.height)
          found.push('covers: label "' + text.textContent + '" over ' + id);
      }
    }
  }
  const report = document.createElement('pre');
  report.id = 'measurements';
  report.textContent = found.join('\n');
  document.body.appendChild(report);
})();
</script>"#;

/// Runs headless Chromium on `url` with `arguments`, in a profile of its own, for at most two
/// minutes.
fn chromium(arguments: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1280,1000",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(arguments)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Drain stdout while Chromium runs: a DOM larger than the pipe's buffer (64 KiB) would
    // otherwise block Chromium on its write while we wait for it to exit.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("chromium runs").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let bytes = reader
        .join()
        .expect("the reader ends")
        .expect("stdout is readable");
    String::from_utf8_lossy(&bytes).into_owned()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The measurements of a page: what the script appended found.
fn measure(page: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).expect("the page");
    let measured = page.with_file_name("measured.html");
    std::fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .expect("writes");
    let dom = chromium(&["--dump-dom"], &url(&measured));
    let document = scraper::Html::parse_document(&dom);
    let selector = scraper::Selector::parse("#measurements").expect("selector");
    let report = document
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("the measurement ran: {dom}"))
        .text()
        .collect::<String>();
    report.lines().map(str::to_string).collect()
}

/// The bundled guideline rendered into a temporary folder.
fn bundled_site() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temporary folder");
    let output = guidelint(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "render",
            "--today",
            "2026-11-26",
            "--out",
            folder.path().to_str().expect("UTF-8 path"),
            "guidelines",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    folder
}

#[test]
fn every_step_and_treatment_name_is_in_the_rendered_dom() {
    if !tool_available("chromium", "--version") {
        return;
    }
    let site = bundled_site();
    let dom = chromium(
        &["--dump-dom"],
        &url(&site.path().join("iliopsoas-hematoma.html")),
    );
    let document = scraper::Html::parse_document(&dom);
    let body = scraper::Selector::parse("main").expect("selector");
    let text: String = document
        .select(&body)
        .next()
        .expect("Chromium rendered the page")
        .text()
        .collect();
    let guideline: serde_json::Value = serde_json::from_str(BUNDLED).expect("JSON");
    let mut names = Vec::new();
    for step in guideline["diagnosis"]["paths"][0]["steps"]
        .as_array()
        .expect("steps")
    {
        names.push(step["name"].as_str().expect("name"));
    }
    for treatment in guideline["treatments"].as_array().expect("treatments") {
        names.push(treatment["name"].as_str().expect("name"));
    }
    assert_eq!(names.len(), 21);
    for name in names {
        assert!(text.contains(name), "`{name}` is not in the rendered page");
    }
}

#[test]
fn nothing_overflows_a_1280_pixel_window_and_text_stays_in_its_boxes() {
    if !tool_available("chromium", "--version") {
        return;
    }
    let site = bundled_site();
    for page in ["iliopsoas-hematoma.html", "index.html", "rules.html"] {
        let found = measure(&site.path().join(page));
        assert_eq!(found[0], "window 1280 page 1280", "{page}");
        assert_eq!(found[1..], [] as [String; 0], "{page}");
    }
}

#[test]
fn a_wide_flowchart_scrolls_in_its_frame_at_a_readable_size() {
    if !tool_available("chromium", "--version") {
        return;
    }
    // Sixteen examinations side by side after the entry: far wider than the page's column.
    let mut guideline: serde_json::Value = serde_json::from_str(BUNDLED).expect("JSON");
    let steps = guideline["diagnosis"]["paths"][0]["steps"]
        .as_array_mut()
        .expect("steps");
    for index in 0..16 {
        steps[0]["next"]
            .as_array_mut()
            .expect("the entry's transitions")
            .push(format!("extra-{index}").into());
        steps.push(serde_json::json!({
            "id": format!("extra-{index}"),
            "kind": "examination",
            "name": format!("Additional examination number {index}"),
            "terminal": true
        }));
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        folder.path().join("wide.json"),
        serde_json::to_string_pretty(&guideline).expect("JSON"),
    )
    .expect("writes");
    let site = folder.path().join("site");
    let output = guidelint(
        folder.path(),
        &[
            "render",
            "--today",
            "2026-11-26",
            "--out",
            "site",
            "wide.json",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let found = measure(&site.join("iliopsoas-hematoma.html"));
    assert_eq!(found[0], "window 1280 page 1280");
    assert!(
        found[1..]
            .iter()
            .all(|line| line.starts_with("scrolls: a flowchart by ")),
        "{found:?}"
    );
    assert!(found.len() > 1, "the flowchart scrolls: {found:?}");
}

#[test]
fn the_measurement_catches_overflow_and_text_outside_a_box() {
    if !tool_available("chromium", "--version") {
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let page = folder.path().join("overflowing.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><div style=\"width:2000px\">wide</div><svg width=\"300\" height=\"60\"><g class=\"node\" data-id=\"tight\"><rect x=\"0\" y=\"0\" width=\"40\" height=\"30\"/><text x=\"2\" y=\"20\">a label far wider than its box</text></g><g class=\"edge\"><text x=\"5\" y=\"25\">over</text></g></svg></body></html>",
    )
    .expect("writes");
    let found = measure(&page);
    assert!(found[0].starts_with("window 1280 page 2"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|line| line.starts_with("overflow: the page is")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|line| line == "outside: \"a label far wider than its box\" of tight"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|line| line == "covers: label \"over\" over tight"),
        "{found:?}"
    );
}

#[test]
fn chromium_takes_a_screenshot_1280_pixels_wide() {
    if !tool_available("chromium", "--version") {
        return;
    }
    let site = bundled_site();
    let shot = site.path().join("page.png");
    chromium(
        &[&format!("--screenshot={}", shot.display())],
        &url(&site.path().join("iliopsoas-hematoma.html")),
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, after the chunk's length and type.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 1280);
}

#[test]
fn the_page_prints_on_a4_and_the_flowchart_fits_a_page() {
    if !tool_available("chromium", "--version") {
        return;
    }
    let site = bundled_site();
    let pdf = site.path().join("page.pdf");
    chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &url(&site.path().join("iliopsoas-hematoma.html")),
    );
    let bytes = std::fs::read(&pdf).expect("a PDF");
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(index, _)| {
            let rest = &text[index + "/MediaBox [".len()..];
            &rest[..rest.find(']').expect("a closed box")]
        })
        .collect();
    assert!(boxes.len() > 3, "{} pages", boxes.len());
    for media in boxes {
        // A4 is 595.28 by 841.89 points; Chromium rounds to its own units.
        let numbers: Vec<f64> = media
            .split_whitespace()
            .map(|number| number.parse().expect("a number"))
            .collect();
        assert!(
            (numbers[2] - 595.0).abs() < 1.0 && (numbers[3] - 842.0).abs() < 1.0,
            "{media}"
        );
    }
    // In print, the flowchart is scaled to fit the height of one A4 page's content (225 mm).
    let html = std::fs::read_to_string(site.path().join("iliopsoas-hematoma.html")).expect("page");
    assert!(
        html.contains("figure svg{max-height:225mm;width:auto;height:auto;min-width:0!important}")
    );
}

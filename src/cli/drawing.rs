//! `guidelint graph` and `guidelint render`: the pathway drawn, and the review site.

use super::args::{GraphArgs, GraphFormat, RenderArgs};
use super::output::{configuration, print, tell};
use guidelint::report;
use guidelint::{CheckOptions, Input, Report};

pub(crate) fn run_graph(arguments: GraphArgs) -> u8 {
    use guidelint::render::{self as drawing, DrawError};
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        today: arguments
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
        ..CheckOptions::default()
    };
    let (name, bytes) = if arguments.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        (
            arguments.stdin_filename.clone(),
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes),
        )
    } else {
        (
            guidelint::discover::display_path(&arguments.file),
            std::fs::read(&arguments.file),
        )
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            tell(&format!("error: cannot read {name}: {error}\n"));
            return 2;
        }
    };
    let format = match arguments.format {
        GraphFormat::Mermaid => drawing::GraphFormat::Mermaid,
        GraphFormat::Dot => drawing::GraphFormat::Dot,
        GraphFormat::Svg => drawing::GraphFormat::Svg,
    };
    let drawn = drawing::with_document(&name, bytes, &options, |document| {
        let drawn = drawing::draw(document, arguments.path.as_deref(), format);
        let report = Report {
            files: vec![guidelint::FileReport {
                source: document.source.clone(),
                diagnostics: document.diagnostics.to_vec(),
            }],
            ..Report::default()
        };
        (drawn, report)
    });
    let (drawn, report) = drawn;
    let drawn = match drawn {
        Ok(drawn) => drawn,
        Err(DrawError::NotAGuideline) => {
            tell(&report::short::render(&report));
            tell(&format!(
                "error: cannot draw {name}: it cannot be read as a guideline ({}); `guidelint check {name}` explains each problem\n",
                report::plural(report.summary().errors, "error")
            ));
            return 1;
        }
        Err(DrawError::NoSuchPath { id, paths }) => {
            let suggestion = guidelint::text::closest(&id, paths.iter().map(String::as_str))
                .map(|closest| format!(" did you mean `{closest}`?"))
                .unwrap_or_default();
            tell(&format!(
                "error: {name} has no diagnosis path `{id}`;{suggestion} its paths are: {}\n",
                paths.join(", ")
            ));
            return 2;
        }
    };
    let summary = report.summary();
    if summary.errors + summary.warnings > 0 {
        let total = summary.errors + summary.warnings;
        let outlined = format!(
            "{}, {} outlined in the drawing",
            report::plural(drawn.errors, "error"),
            report::plural(drawn.warnings, "warning")
        );
        let elsewhere = total - (drawn.errors + drawn.warnings);
        let told = if elsewhere == 0 {
            format!("{name}: {outlined}")
        } else if elsewhere == total {
            format!(
                "{name}: {} about the document as a whole or a part not drawn, none outlined",
                report::plural(total, "diagnostic")
            )
        } else {
            format!(
                "{name}: {outlined}, {elsewhere} more about the document as a whole or a part not drawn"
            )
        };
        tell(&format!("{told}; `guidelint check {name}` explains them\n"));
    }
    let text = drawn.text;
    match &arguments.output_file {
        Some(path) => match report::write_atomically(path, &text) {
            Ok(()) => 0,
            Err(error) => {
                tell(&format!(
                    "error: cannot write {}: {error}\n",
                    path.display()
                ));
                2
            }
        },
        None => print(&text),
    }
}

pub(crate) fn run_render(arguments: RenderArgs) -> u8 {
    let Some(config) = configuration(arguments.config.as_deref()) else {
        return 2;
    };
    let options = CheckOptions {
        today: arguments
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        config,
        force_exclude: arguments.force_exclude,
        ..CheckOptions::default()
    };
    if let Some(stdin) = arguments.paths.iter().find(|path| path.as_os_str() == "-") {
        tell(&format!(
            "error: `render` reads files and folders, not standard input (`{}`)\n",
            stdin.display()
        ));
        return 2;
    }
    let inputs: Vec<Input> = arguments.paths.iter().cloned().map(Input::Path).collect();
    let site = guidelint::render::site::render(&inputs, &options, &arguments.out);
    for failure in &site.failures {
        tell(&format!("error: {failure}\n"));
    }
    tell(&format!(
        "{} rendered to {}: {}, {}\n",
        report::plural(site.pages, "guideline"),
        guidelint::discover::display_path(&arguments.out.join("index.html")),
        report::plural(site.errors, "error"),
        report::plural(site.warnings, "warning")
    ));
    if site.failures.is_empty() { 0 } else { 2 }
}

//! Per-document cost of each stage on the bundled guideline: parse with spans, schema, rules, and
//! rendering. `cargo bench --bench stages`; the whole-run comparison with peers is scripts/bench.sh.

use criterion::{Criterion, criterion_group, criterion_main};
use guidelint::source::SourceFile;
use guidelint::{CheckOptions, Report, check_bytes, parse, report, schema};
use std::hint::black_box;

const GUIDELINE: &str = include_str!("../guidelines/iliopsoas-hematoma.json");

/// The binary's allocator (src/main.rs), so that stages that allocate cost here what they cost in
/// a run: glibc's malloc made the model look twice as expensive as it is.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options() -> CheckOptions {
    CheckOptions::on("2026-11-26".parse().expect("a valid date"))
}

fn stages(c: &mut Criterion) {
    let source = SourceFile::new("iliopsoas-hematoma.json", GUIDELINE);
    let options = options();
    c.bench_function("parse floor (serde_json::Value)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(GUIDELINE)))
    });
    c.bench_function("parse with spans", |b| {
        b.iter(|| parse::parse(black_box(&source)))
    });
    let document = parse::parse(&source)
        .document
        .expect("the bundled guideline parses");
    c.bench_function("schema", |b| b.iter(|| schema::check(black_box(&document))));
    c.bench_function("rules", |b| {
        b.iter(|| guidelint::run_rules(black_box(&document), Vec::new(), &options))
    });
    let guideline: guidelint::model::Guideline =
        serde::Deserialize::deserialize(document.tree.root())
            .expect("the bundled guideline fits the model");
    c.bench_function("model", |b| {
        b.iter(|| {
            <guidelint::model::Guideline as serde::Deserialize>::deserialize(black_box(
                document.tree.root(),
            ))
        })
    });
    c.bench_function("semantics", |b| {
        b.iter(|| guidelint::semantics::Semantics::new(black_box(&guideline)))
    });
    let context = guidelint::rules::RuleContext::new(
        &guideline,
        document.tree.root(),
        &document.spans,
        &document.text,
        options.today,
    );
    let mut group = c.benchmark_group("rule");
    for rule in guidelint::rules::ALL {
        if guidelint::rules::has_check(rule) {
            group.bench_function(rule.name, |b| {
                b.iter(|| guidelint::rules::run(black_box(&context), |only| only == *rule))
            });
        }
    }
    group.finish();
    c.bench_function("whole check", |b| {
        b.iter(|| {
            check_bytes(
                "iliopsoas-hematoma.json",
                black_box(GUIDELINE.as_bytes()),
                &options,
            )
        })
    });

    // Rendering is measured on a document with a few dozen diagnostics.
    let broken = GUIDELINE
        .replace("\"sequence\": ", "\"sequence\": -")
        .replace("\"modality\"", "\"modalty\"");
    let report = Report {
        files: vec![check_bytes("broken.json", broken.as_bytes(), &options)],
        ..Default::default()
    };
    c.bench_function("render json", |b| {
        b.iter(|| report::json::render(black_box(&report)))
    });
    let style = report::human::Style {
        color: false,
        width: 100,
    };
    c.bench_function("render human", |b| {
        b.iter(|| report::human::render(black_box(&report), style))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);

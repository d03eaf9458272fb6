//! The language server's latency and memory under editing, as BENCHMARKS.md reports them:
//! `cargo bench --bench lsp` (release profile, fat LTO).
//!
//! The server runs in this process over `Connection::memory()`, as `guidelint lsp` runs it over
//! stdio, with the same allocator; the client side is this loop. Each measurement is one round
//! trip: from sending the message to receiving the answer (the transport's cost included, stdio's
//! pipe and JSON framing excluded).
//!
//! - `didChange -> publishDiagnostics`: the bundled guideline, one character typed or deleted in a
//!   description per change (the document stays valid, so every rule runs), waiting for the
//!   publication of that version each time.
//! - `completion` and `hover`: in a `next` list of the same document.
//! - memory: resident set size after 100 and after 10,000 such edits.

use guidelint::lsp::{Connection, ServerOptions};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const URI: &str = "untitled:iliopsoas-hematoma.json";

struct Client {
    connection: Connection,
    next_id: i32,
}

impl Client {
    fn send(&self, message: Message) {
        self.connection
            .sender
            .send(message)
            .expect("the server listens");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_string(), params).into());
        loop {
            if let Message::Response(response) = self.receive()
                && response.id == id
            {
                return response.response_result.expect("the request succeeds");
            }
        }
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers")
    }

    fn published(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(notification) = self.receive()
                && notification.method == "textDocument/publishDiagnostics"
                && notification.params["version"] == version
            {
                return notification.params["diagnostics"]
                    .as_array()
                    .map_or(0, Vec::len);
            }
        }
    }
}

fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |index| index + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |fraction: f64| samples[((samples.len() - 1) as f64 * fraction).round() as usize];
    println!(
        "{name:<40} n={:<6} median {:>8.3} ms   p90 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}

/// Resident set size in KiB, from /proc (Linux).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let text = include_str!("../guidelines/iliopsoas-hematoma.json");
    let (server_side, client_side) = Connection::memory();
    let server = std::thread::spawn(move || {
        guidelint::lsp::serve(
            server_side,
            ServerOptions {
                today: Some("2026-12-01".parse().unwrap()),
                ..ServerOptions::default()
            },
        )
    });
    let mut client = Client {
        connection: client_side,
        next_id: 0,
    };
    client.request(
        "initialize",
        json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": text}}),
    );
    assert_eq!(client.published(1), 0, "the bundled guideline is clean");

    // Type and delete one character inside the first step's description, alternately.
    let typed_at = position(text, text.find("Ask about any recent injury").unwrap());
    let insert = json!({"range": {"start": typed_at, "end": typed_at}, "text": "x"});
    let mut typed_end = typed_at.clone();
    typed_end["character"] = json!(typed_at["character"].as_u64().unwrap() + 1);
    let delete = json!({"range": {"start": typed_at, "end": typed_end}, "text": ""});
    let mut version = 1;
    let mut edit = |client: &Client| {
        version += 1;
        let change = if version % 2 == 0 { &insert } else { &delete };
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}),
        );
        client.published(version);
        started.elapsed()
    };

    // Warm-up, then memory after 100 edits.
    for _ in 0..100 {
        edit(&client);
    }
    let after_100 = resident_kib();
    let mut changes = Vec::with_capacity(10_000);
    for _ in 100..10_000 {
        changes.push(edit(&client));
    }
    let after_10_000 = resident_kib();
    summary("didChange -> publishDiagnostics", changes);

    // In `"next": ["physical-examination"]` of the history step, inside the string.
    let next = position(text, text.find("\"physical-examination\"\n").unwrap() + 5);
    let at = json!({"textDocument": {"uri": URI}, "position": next});
    for (method, name) in [
        ("textDocument/completion", "completion (step ids in `next`)"),
        ("textDocument/hover", "hover (a step reference)"),
    ] {
        let mut samples = Vec::with_capacity(5_000);
        for _ in 0..5_000 {
            let started = Instant::now();
            let answer = client.request(method, at.clone());
            samples.push(started.elapsed());
            assert!(!answer.is_null());
        }
        summary(name, samples);
    }
    // Completion and hover after an edit, when the syntax tree must be read again.
    let mut samples = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        edit(&client);
        let started = Instant::now();
        client.request("textDocument/completion", at.clone());
        samples.push(started.elapsed());
    }
    summary("completion right after an edit", samples);

    if let (Some(before), Some(after)) = (after_100, after_10_000) {
        println!(
            "resident memory: {before} KiB after 100 edits, {after} KiB after 10,000 ({:+.1}%)",
            (after as f64 - before as f64) * 100.0 / before as f64
        );
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    server.join().unwrap().unwrap();
}

//! `guidelint lsp` follows the protocol's lifecycle and survives any client: initialize, shutdown and
//! exit with their exit codes, errors for bad requests, a panicking request answered as an error.

use crate::common::lsp::Client;
use guidelint::lsp::{Connection, Exit, ServerOptions};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn initialize_announces_every_capability() {
    let client = Client::with_encodings(&["utf-16", "utf-32"]);
    let capabilities = &client.initialized["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-32");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
    ] {
        assert_eq!(capabilities[provider], true, "{provider}");
    }
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll"])
    );
    assert!(capabilities["completionProvider"].is_object());
    // No pull diagnostics for a client that does not offer them.
    assert!(capabilities.get("diagnosticProvider").is_none());
    assert_eq!(client.initialized["serverInfo"]["name"], "guidelint");
    assert_eq!(client.shutdown(), Exit::Clean);
}

#[test]
fn a_client_offering_nothing_gets_utf16() {
    let client = Client::with_encodings(&[]);
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-16"
    );
    client.shutdown();
}

#[test]
fn exit_without_shutdown_is_abrupt() {
    let mut client = Client::with_encodings(&["utf-8"]);
    client.notify("exit", Value::Null);
    assert_eq!(client.join(), Exit::Abrupt);
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let (server_side, client_side) = Connection::memory();
    let server =
        std::thread::spawn(move || guidelint::lsp::serve(server_side, ServerOptions::default()));
    let send = |message: Message| client_side.sender.send(message).unwrap();
    send(
        Request::new(
            RequestId::from(1),
            "textDocument/hover".to_string(),
            json!({}),
        )
        .into(),
    );
    let Message::Response(early) = client_side.receiver.recv().unwrap() else {
        panic!("a response");
    };
    assert_eq!(
        early.response_result.unwrap_err().code,
        -32002,
        "ServerNotInitialized"
    );
    send(
        Request::new(
            RequestId::from(2),
            "initialize".to_string(),
            json!({"capabilities": {}}),
        )
        .into(),
    );
    client_side.receiver.recv().unwrap();
    send(Request::new(RequestId::from(3), "shutdown".to_string(), Value::Null).into());
    client_side.receiver.recv().unwrap();
    send(
        Request::new(
            RequestId::from(4),
            "textDocument/hover".to_string(),
            json!({}),
        )
        .into(),
    );
    let Message::Response(late) = client_side.receiver.recv().unwrap() else {
        panic!("a response");
    };
    assert_eq!(
        late.response_result.unwrap_err().code,
        -32600,
        "InvalidRequest"
    );
    send(Notification::new("exit".to_string(), Value::Null).into());
    assert_eq!(server.join().unwrap(), Ok(Exit::Clean));
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let mut client = Client::with_encodings(&["utf-16"]);
    let unknown = client
        .request("textDocument/formatting", json!({}))
        .unwrap_err();
    assert_eq!(unknown.code, -32601, "MethodNotFound");
    let again = client
        .request("initialize", json!({"capabilities": {}}))
        .unwrap_err();
    assert_eq!(again.code, -32600, "InvalidRequest: {}", again.message);
    let invalid = client
        .request("textDocument/hover", json!({"nonsense": true}))
        .unwrap_err();
    assert_eq!(invalid.code, -32602, "InvalidParams");
    let not_open = client
        .request(
            "textDocument/hover",
            Client::at("untitled:never-opened", 0, 0),
        )
        .unwrap_err();
    assert!(
        not_open.message.contains("is not open"),
        "{}",
        not_open.message
    );
    // Positions past the end of the text and of lines are clamped, never a crash.
    client.open("untitled:short", "{\"format\": \"guidelint/1\"}");
    client.diagnostics("untitled:short", 1);
    for (line, character) in [(0, 9999), (9999, 0), (u32::MAX, u32::MAX)] {
        client
            .request(
                "textDocument/hover",
                Client::at("untitled:short", line, character),
            )
            .unwrap();
        client
            .request(
                "textDocument/completion",
                Client::at("untitled:short", line, character),
            )
            .unwrap();
    }
    // Edits with ranges past the end, reversed or inside a surrogate pair are applied clamped.
    client.change(
        "untitled:short",
        2,
        json!([
            {"range": {"start": {"line": 40, "character": 0}, "end": {"line": 50, "character": 3}}, "text": "🩸"},
            {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 0}}, "text": "{ "},
            {"range": {"start": {"line": 0, "character": 4294967295u32}, "end": {"line": 0, "character": 4294967295u32}}, "text": "x"}
        ]),
    );
    let text = "{ \"format\": \"guidelint/1\"}🩸x";
    let diagnostics = client.diagnostics("untitled:short", 2);
    assert_eq!(diagnostics[0]["code"], "GL001");
    assert_eq!(
        crate::lsp_diagnostics::published(&diagnostics),
        crate::lsp_diagnostics::expected(text, "utf-16", Default::default())
    );
    // A change to a document that is not open is logged, not fatal.
    client.change("untitled:never-opened", 2, json!([{"text": "{}"}]));
    client.wait_for("window/logMessage", |params| {
        params["message"]
            .as_str()
            .unwrap()
            .contains("which is not open")
    });
    assert_eq!(client.shutdown(), Exit::Clean);
}

#[test]
fn a_panicking_request_is_logged_and_answered_as_an_error() {
    let mut client = Client::start(
        ServerOptions {
            panic_on: Some("textDocument/hover".to_string()),
            ..ServerOptions::default()
        },
        json!({}),
    );
    client.open("untitled:a", "{\"format\": \"guidelint/1\"}");
    let error = client
        .request("textDocument/hover", Client::at("untitled:a", 0, 3))
        .unwrap_err();
    assert_eq!(error.code, -32603, "InternalError");
    assert!(
        error.message.contains("the test fault"),
        "{}",
        error.message
    );
    let logged = client.wait_for("window/logMessage", |params| params["type"] == 1);
    assert!(
        logged["message"]
            .as_str()
            .unwrap()
            .contains("textDocument/hover")
    );
    // The server goes on serving.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "untitled:a"}}),
        )
        .unwrap();
    assert_eq!(symbols, json!([]));
    assert_eq!(client.shutdown(), Exit::Clean);
}

/// Runs the real binary with `messages` on its stdin; its exit code and stdout.
fn run_binary(messages: &[Value]) -> (Option<i32>, String) {
    let bodies: Vec<String> = messages.iter().map(Value::to_string).collect();
    run_binary_on(&bodies)
}

/// Runs the real binary with each of `bodies` framed on its stdin, whatever they hold.
fn run_binary_on(bodies: &[String]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidelint"))
        .args(["lsp", "--today", "2026-12-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("guidelint lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    for body in bodies {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    }
    stdin.flush().unwrap();
    let mut stdout = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_to_string(&mut stdout)
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    (status.code(), stdout)
}

#[test]
fn a_body_that_is_no_message_is_answered_and_the_session_goes_on() {
    let bodies = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
            .to_string(),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string(),
        "{not json}".to_string(),
        "[]".to_string(),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}).to_string(),
        json!({"jsonrpc": "2.0", "method": "exit"}).to_string(),
    ];
    let (code, stdout) = run_binary_on(&bodies);
    let answers: Vec<Value> = stdout
        .split("Content-Length: ")
        .filter(|frame| !frame.is_empty())
        .map(|frame| {
            let body = &frame[frame.find("\r\n\r\n").expect("a header") + 4..];
            serde_json::from_str(body).expect("a JSON body")
        })
        .collect();
    let errors: Vec<(&Value, &Value)> = answers
        .iter()
        .filter(|answer| answer.get("error").is_some())
        .map(|answer| (&answer["id"], &answer["error"]["code"]))
        .collect();
    assert_eq!(
        errors,
        [
            (&Value::Null, &json!(-32700)),
            (&Value::Null, &json!(-32600))
        ],
        "{stdout}"
    );
    assert!(
        answers
            .iter()
            .any(|answer| answer["id"] == 2 && answer["result"].is_null()),
        "the shutdown after them is answered: {stdout}"
    );
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn the_binary_exits_0_after_shutdown_and_1_without() {
    let initialize =
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}});
    let initialized = json!({"jsonrpc": "2.0", "method": "initialized", "params": {}});
    let shutdown = json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"});
    let exit = json!({"jsonrpc": "2.0", "method": "exit"});
    let (code, stdout) = run_binary(&[
        initialize.clone(),
        initialized.clone(),
        shutdown,
        exit.clone(),
    ]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("\"positionEncoding\":\"utf-16\""),
        "{stdout}"
    );
    let (code, _) = run_binary(&[initialize, initialized, exit]);
    assert_eq!(code, Some(1));
}

#[test]
fn the_binary_serves_diagnostics_over_stdio() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dead-end/fail.json"),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidelint"))
        .args(["lsp", "--today", "2026-12-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |message: Value| {
        let body = message.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "untitled:dead-end", "languageId": "json", "version": 1, "text": text}}}),
    );
    let mut read = || -> Value {
        let mut length = 0;
        loop {
            let mut header = String::new();
            stdout.read_line(&mut header).unwrap();
            if header == "\r\n" {
                break;
            }
            if let Some(value) = header.strip_prefix("Content-Length: ") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let published = loop {
        let message = read();
        if message["method"] == "textDocument/publishDiagnostics" {
            break message;
        }
    };
    assert_eq!(published["params"]["version"], 1);
    assert_eq!(published["params"]["diagnostics"][0]["code"], "GL203");
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn man_lsp_prints_the_page() {
    let output = crate::common::guidelint(std::path::Path::new("."), &["man", "lsp"]);
    assert!(output.status.success());
    let page = crate::common::stdout(&output);
    assert!(page.contains("guidelint\\-lsp"), "{page}");
    assert!(page.contains("\\-\\-today"), "{page}");
}

#[test]
fn a_50_mb_document_is_checked_and_served_without_stalling() {
    let mut client = Client::with_encodings(&["utf-16"]);
    // Millions of tiny values, as a bad paste would bring: `check` stops at its value limit.
    let values = "0,".repeat(25_000_000);
    let huge = format!("{{\"format\": \"guidelint/1\", \"x\": [{values}0]}}");
    assert!(huge.len() > 50_000_000);
    let uri = "untitled:huge.json";
    client.open(uri, &huge);
    let diagnostics = client.diagnostics(uri, 1);
    assert_eq!(diagnostics[0]["code"], "GL001");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("JSON values"),
        "{}",
        diagnostics[0]["message"]
    );
    for method in ["textDocument/hover", "textDocument/completion"] {
        client.request(method, Client::at(uri, 0, 40)).unwrap();
    }
    client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    // An edit at its end is applied and checked in turn.
    client.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": " "}]),
    );
    assert_eq!(client.diagnostics(uri, 2)[0]["code"], "GL001");
    assert_eq!(client.shutdown(), Exit::Clean);
}

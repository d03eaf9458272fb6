//! An LSP client for the language server's tests: it runs `guidelint::lsp::serve` on a thread over
//! an in-memory connection and speaks to it as an editor would.

use guidelint::lsp::{Connection, Exit, ServerOptions};
use lsp_server::{Message, Notification, Request, RequestId, Response, ResponseError};
use serde_json::{Value, json};
use std::time::Duration;

/// How long a test waits for an answer before it fails (a stalled server fails the test).
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<Result<Exit, String>>>,
    next_id: i32,
    /// Notifications received and not yet looked at, in order.
    pub notifications: Vec<Notification>,
    /// The server's answer to `initialize`.
    pub initialized: Value,
}

impl Client {
    /// A server started with `options`, initialized by a client with `capabilities`.
    pub fn start(options: ServerOptions, capabilities: Value) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::Builder::new()
            .name("guidelint-lsp-under-test".to_string())
            .stack_size(8 * 1024 * 1024)
            .spawn(move || guidelint::lsp::serve(server_side, options))
            .expect("the server thread starts");
        let mut client = Client {
            connection: client_side,
            server: Some(server),
            next_id: 0,
            notifications: Vec::new(),
            initialized: Value::Null,
        };
        client.initialized = client
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
            )
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        client
    }

    /// A server with default options for a client offering `encodings` (and nothing else special).
    pub fn with_encodings(encodings: &[&str]) -> Client {
        Client::start(
            ServerOptions {
                today: Some("2026-12-01".parse().unwrap()),
                ..ServerOptions::default()
            },
            json!({"general": {"positionEncodings": encodings}}),
        )
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .expect("the server is listening");
    }

    /// Sends a request and waits for its answer, keeping the notifications that arrive meanwhile.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .expect("the server is listening");
        loop {
            match self.receive() {
                Message::Response(Response {
                    id: answered,
                    response_result,
                }) if answered == id => return response_result,
                Message::Response(_) => {}
                Message::Notification(notification) => self.notifications.push(notification),
                Message::Request(request) => self.answer_server(request),
            }
        }
    }

    /// Requests from the server (registering watchers, refreshing diagnostics) succeed.
    fn answer_server(&mut self, request: Request) {
        let _ = self
            .connection
            .sender
            .send(Response::new_ok(request.id, Value::Null).into());
    }

    fn receive(&mut self) -> Message {
        self.connection
            .receiver
            .recv_timeout(PATIENCE)
            .expect("the server answers in time")
    }

    /// Waits for a notification `method` that `accept` takes, and removes it from the buffer.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        loop {
            if let Some(index) = self
                .notifications
                .iter()
                .position(|n| n.method == method && accept(&n.params))
            {
                return self.notifications.remove(index).params;
            }
            match self.receive() {
                Message::Notification(notification) => self.notifications.push(notification),
                Message::Request(request) => self.answer_server(request),
                Message::Response(_) => {}
            }
        }
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    /// One `didChange` with the given content changes.
    pub fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let published = self.wait_for("textDocument/publishDiagnostics", |params| {
            params["uri"] == uri && params["version"] == version
        });
        published["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Every publication still buffered for `uri`.
    pub fn buffered_publications(&mut self, uri: &str) -> Vec<Value> {
        // Let anything already sent arrive.
        while let Ok(message) = self
            .connection
            .receiver
            .recv_timeout(Duration::from_millis(200))
        {
            match message {
                Message::Notification(notification) => self.notifications.push(notification),
                Message::Request(request) => self.answer_server(request),
                Message::Response(_) => {}
            }
        }
        self.notifications
            .iter()
            .filter(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
            .map(|n| n.params.clone())
            .collect()
    }

    /// `textDocument/position`-style parameters.
    pub fn at(uri: &str, line: u32, character: u32) -> Value {
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
    }

    /// `shutdown`, then `exit`: how the session ended.
    pub fn shutdown(mut self) -> Exit {
        self.request("shutdown", Value::Null)
            .expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        self.join()
    }

    /// Waits for the server to end (after `exit`, or once this client is gone).
    pub fn join(mut self) -> Exit {
        let server = self.server.take().expect("the server runs");
        drop(self);
        server
            .join()
            .expect("the server does not panic")
            .expect("the server ends cleanly")
    }
}

/// The UTF-8 byte offset of a line and UTF-8 character position, and the reverse, to state
/// expected positions from the text itself.
pub fn position_of(text: &str, needle: &str, encoding: &str) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    position_at(text, offset, encoding)
}

pub fn position_at(text: &str, offset: usize, encoding: &str) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_text = &before[before.rfind('\n').map_or(0, |index| index + 1)..];
    let character = match encoding {
        "utf-8" => line_text.len(),
        "utf-16" => line_text.encode_utf16().count(),
        _ => line_text.chars().count(),
    };
    (line as u32, character as u32)
}

/// `file://` URI of a path.
pub fn file_uri(path: &std::path::Path) -> String {
    let mut uri = String::from("file://");
    for component in path.to_string_lossy().split('/').filter(|c| !c.is_empty()) {
        uri.push('/');
        for byte in component.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                uri.push(byte as char);
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

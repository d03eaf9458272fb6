//! The session: the `initialize` handshake, the main loop, and one handler per message.

use super::checker::{self, Checked, Checker, Job};
use super::document::OpenDocument;
use super::edits::{self, ByteEdit};
use super::text::{Encoding, Text};
use super::workspace::{ConfigProblem, Workspace};
use super::{Exit, ServerOptions, actions, completion, convert, hover, navigation, symbols, uri};
use crate::CheckOptions;
use crate::model::IdKind;
use crate::source::Span;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notifications, Notification as _};
use lsp_types::request::{self as requests, Request as _};
use lsp_types::{
    ClientCapabilities, CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    DiagnosticOptions, DiagnosticServerCapabilities, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Documentation, FileSystemWatcher,
    FullDocumentDiagnosticReport, GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    Location, LogMessageParams, MarkupContent, MarkupKind, MessageType, OneOf, Position,
    PrepareRenameResponse, PublishDiagnosticsParams, Range, ReferenceParams, Registration,
    RegistrationParams, RelatedFullDocumentDiagnosticReport, RenameOptions, RenameParams,
    SaveOptions, ServerCapabilities, ServerInfo, SymbolKind, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkDoneProgressOptions,
};
use serde_json::Value;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;

/// Serves one client over `connection` (stdio, or `Connection::memory()` in tests) until it exits.
pub fn serve(connection: Connection, options: ServerOptions) -> Result<Exit, String> {
    let Some((id, params)) = wait_for_initialize(&connection)? else {
        return Ok(Exit::Abrupt);
    };
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let message = format!("cannot read the initialize request: {error}");
            send(
                &connection,
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()),
            );
            return Err(message);
        }
    };
    let checker =
        Checker::start().map_err(|error| format!("cannot start the check thread: {error}"))?;
    let mut server = Server::new(&connection, checker, options, &params.capabilities);
    let result = InitializeResult {
        capabilities: server.capabilities(),
        server_info: Some(ServerInfo {
            name: "guidelint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    send(&connection, Response::new_ok(id, result));
    Ok(server.main_loop())
}

/// Waits for `initialize`, answering any other request with `ServerNotInitialized` as the protocol
/// asks; `None` when the client exits or goes away first.
fn wait_for_initialize(connection: &Connection) -> Result<Option<(RequestId, Value)>, String> {
    loop {
        match connection.receiver.recv() {
            Err(_) => return Ok(None),
            Ok(Message::Request(request)) if request.method == requests::Initialize::METHOD => {
                return Ok(Some((request.id, request.params)));
            }
            Ok(Message::Request(request)) => send(
                connection,
                Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    format!("`{}` before `initialize`", request.method),
                ),
            ),
            Ok(Message::Notification(notification))
                if notification.method == notifications::Exit::METHOD =>
            {
                return Ok(None);
            }
            Ok(_) => {}
        }
    }
}

fn send(connection: &Connection, message: impl Into<Message>) {
    // Fails only when the client has gone; the main loop then ends on its own.
    let _ = connection.sender.send(message.into());
}

/// A request that cannot be answered with a result.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

type Answer = Result<Value, Failure>;

struct Server<'c> {
    connection: &'c Connection,
    checker: Checker,
    options: ServerOptions,
    encoding: Encoding,
    /// The client asks for diagnostics (`textDocument/diagnostic`) instead of being sent them.
    pull_diagnostics: bool,
    /// The client can be asked to pull every document's diagnostics again.
    refresh_diagnostics: bool,
    /// The client takes versioned `documentChanges` in workspace edits.
    versioned_edits: bool,
    /// The client can register file watchers for `guidelint.toml`.
    watch_configuration: bool,
    documents: HashMap<Uri, OpenDocument>,
    workspace: Workspace,
    /// Configuration files whose problem was published, with the problem.
    published_problems: HashMap<PathBuf, Option<ConfigProblem>>,
    shutdown: bool,
    next_request: i32,
}

impl<'c> Server<'c> {
    fn new(
        connection: &'c Connection,
        checker: Checker,
        options: ServerOptions,
        capabilities: &ClientCapabilities,
    ) -> Server<'c> {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.clone())
            .unwrap_or_default();
        let text_document = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        Server {
            connection,
            checker,
            encoding: Encoding::negotiate(&offered),
            pull_diagnostics: text_document.is_some_and(|text| text.diagnostic.is_some()),
            refresh_diagnostics: workspace
                .and_then(|workspace| workspace.diagnostic.as_ref())
                .and_then(|diagnostic| diagnostic.refresh_support)
                .unwrap_or(false),
            versioned_edits: workspace
                .and_then(|workspace| workspace.workspace_edit.as_ref())
                .and_then(|edit| edit.document_changes)
                .unwrap_or(false),
            watch_configuration: workspace
                .and_then(|workspace| workspace.did_change_watched_files.as_ref())
                .and_then(|watched| watched.dynamic_registration)
                .unwrap_or(false),
            workspace: Workspace::new(options.config.clone()),
            options,
            documents: HashMap::new(),
            published_problems: HashMap::new(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp_types::CompletionOptions {
                trigger_characters: Some(vec!["\"".to_string()]),
                ..lsp_types::CompletionOptions::default()
            }),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::SOURCE_FIX_ALL,
                    ]),
                    ..lsp_types::CodeActionOptions::default()
                },
            )),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            diagnostic_provider: self.pull_diagnostics.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(convert::SOURCE.to_string()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            ..ServerCapabilities::default()
        }
    }

    fn main_loop(&mut self) -> Exit {
        loop {
            crossbeam_channel::select! {
                recv(self.connection.receiver) -> message => match message {
                    Err(_) => return self.exit(),
                    Ok(Message::Request(request)) => self.on_request(request),
                    Ok(Message::Notification(notification)) => {
                        if notification.method == notifications::Exit::METHOD {
                            return self.exit();
                        }
                        self.on_notification(notification);
                    }
                    // Answers to our own requests (registering watchers, refreshing): nothing to do.
                    Ok(Message::Response(_)) => {}
                },
                recv(self.checker.results) -> checked => {
                    if let Ok(checked) = checked {
                        self.on_checked(checked);
                    }
                }
            }
        }
    }

    fn exit(&self) -> Exit {
        if self.shutdown {
            Exit::Clean
        } else {
            Exit::Abrupt
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let answer = if self.shutdown {
            Err(Failure::new(
                ErrorCode::InvalidRequest,
                format!("`{method}` after `shutdown`"),
            ))
        } else {
            match std::panic::catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
                Ok(answer) => answer,
                Err(payload) => {
                    let message = format!(
                        "guidelint failed on `{method}`: {}; please report this as a bug",
                        checker::panic_message(payload)
                    );
                    self.log(MessageType::ERROR, &message);
                    Err(Failure::new(ErrorCode::InternalError, message))
                }
            }
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err(failure) => Response::new_err(id, failure.code as i32, failure.message),
        };
        send(self.connection, response);
    }

    fn answer(&mut self, request: Request) -> Answer {
        if self.options.panic_on.as_deref() == Some(request.method.as_str()) {
            panic!("the test fault injected into `{}`", request.method);
        }
        let params = request.params;
        match request.method.as_str() {
            requests::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            requests::HoverRequest::METHOD => self.hover(parse(params)?),
            requests::GotoDefinition::METHOD => self.definition(parse(params)?),
            requests::References::METHOD => self.references(parse(params)?),
            requests::PrepareRenameRequest::METHOD => self.prepare_rename(parse(params)?),
            requests::Rename::METHOD => self.rename(parse(params)?),
            requests::Completion::METHOD => self.completion(parse(params)?),
            requests::DocumentSymbolRequest::METHOD => self.symbols(parse(params)?),
            requests::CodeActionRequest::METHOD => self.code_actions(parse(params)?),
            requests::DocumentDiagnosticRequest::METHOD => self.pull(parse(params)?),
            requests::Initialize::METHOD => Err(Failure::new(
                ErrorCode::InvalidRequest,
                "the server is already initialized; `initialize` is sent once per session"
                    .to_string(),
            )),
            other => Err(Failure::new(
                ErrorCode::MethodNotFound,
                format!("guidelint does not handle `{other}`"),
            )),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let handled = std::panic::catch_unwind(AssertUnwindSafe(|| self.notified(notification)));
        match handled {
            Ok(Ok(())) => {}
            Ok(Err(failure)) => self.log(MessageType::WARNING, &failure.message),
            Err(payload) => self.log(
                MessageType::ERROR,
                &format!(
                    "guidelint failed on `{method}`: {}; please report this as a bug",
                    checker::panic_message(payload)
                ),
            ),
        }
    }

    fn notified(&mut self, notification: Notification) -> Result<(), Failure> {
        let params = notification.params;
        match notification.method.as_str() {
            notifications::Initialized::METHOD => self.register_watchers(),
            notifications::DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = parse(params)?;
                let item = params.text_document;
                let document = OpenDocument::new(item.uri.clone(), item.version, item.text);
                self.documents.insert(item.uri.clone(), document);
                self.refresh(&item.uri);
            }
            notifications::DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = parse(params)?;
                let uri = params.text_document.uri;
                let encoding = self.encoding;
                let Some(document) = self.documents.get_mut(&uri) else {
                    return Err(Failure::new(
                        ErrorCode::InvalidParams,
                        format!("a change to {} which is not open", uri.as_str()),
                    ));
                };
                for change in &params.content_changes {
                    document.edit(change.range, &change.text, encoding);
                }
                document.version = params.text_document.version;
                self.refresh(&uri);
            }
            notifications::DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = parse(params)?;
                let uri = params.text_document.uri;
                if self.documents.remove(&uri).is_some() && !self.pull_diagnostics {
                    self.publish(uri.clone(), Vec::new(), None);
                }
                // A configuration file shown from memory falls back to what is on disk.
                if is_configuration(&uri) {
                    self.reload_configuration();
                }
            }
            notifications::DidSaveTextDocument::METHOD => {
                let params: DidSaveTextDocumentParams = parse(params)?;
                if is_configuration(&params.text_document.uri) {
                    self.reload_configuration();
                }
            }
            notifications::DidChangeWatchedFiles::METHOD => {
                let params: DidChangeWatchedFilesParams = parse(params)?;
                if params
                    .changes
                    .iter()
                    .any(|change| is_configuration(&change.uri))
                {
                    self.reload_configuration();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks the client to report changes to any `guidelint.toml`.
    fn register_watchers(&mut self) {
        if !self.watch_configuration {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "guidelint-configuration".to_string(),
                method: notifications::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.request::<requests::RegisterCapability>(params);
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("guidelint-{}", self.next_request));
        send(
            self.connection,
            Request::new(id, R::METHOD.to_string(), params),
        );
    }

    /// Reads every configuration again and checks every open document with it.
    fn reload_configuration(&mut self) {
        self.workspace.reload();
        let open: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in &open {
            if let Some(document) = self.documents.get_mut(uri) {
                document.diagnostics = None;
            }
            self.refresh(uri);
        }
        // Configurations no open document uses any more: clear what was said about them.
        let stale: Vec<PathBuf> = self
            .published_problems
            .iter()
            .filter(|(path, problem)| {
                problem.is_some()
                    && !self
                        .workspace
                        .files()
                        .any(|(file, _)| file == path.as_path())
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            self.publish_problem(&path, None);
        }
        if self.pull_diagnostics && self.refresh_diagnostics {
            self.request::<requests::WorkspaceDiagnosticRefresh>(());
        }
    }

    /// Decides whether a document is diagnosed and starts its check.
    fn refresh(&mut self, uri: &Uri) {
        if is_configuration(uri) {
            self.diagnose_open_configuration(uri);
            return;
        }
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        let settings = self.workspace.settings_for(document.path.as_deref());
        let today = self.today();
        self.publish_configuration_problems();
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        let diagnosed = settings.diagnoses(document.path.as_deref(), || document.tree());
        let was_diagnosed = std::mem::replace(&mut document.diagnosed, diagnosed);
        if !diagnosed {
            document.diagnostics = Some(Vec::new());
            if was_diagnosed && !self.pull_diagnostics {
                let version = document.version;
                self.publish(uri.clone(), Vec::new(), Some(version));
            }
            return;
        }
        if self.pull_diagnostics {
            // Checked when the client pulls.
            return;
        }
        let job = job(document, &settings.config, today);
        self.checker.submit(job);
    }

    fn today(&self) -> jiff::civil::Date {
        self.options
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
    }

    /// Checks the current version now, if the check thread has not answered for it yet.
    fn ensure_checked(&mut self, uri: &Uri) -> Result<(), Failure> {
        let today = self.today();
        let document = self.documents.get(uri).ok_or_else(|| not_open(uri))?;
        if document.diagnostics.is_none() && document.diagnosed {
            let settings = self.workspace.settings_for(document.path.as_deref());
            let diagnostics = checker::check(&job(document, &settings.config, today));
            if let Some(document) = self.documents.get_mut(uri) {
                document.diagnostics = Some(diagnostics);
            }
        }
        Ok(())
    }

    fn on_checked(&mut self, checked: Checked) {
        let Some(document) = self.documents.get_mut(&checked.uri) else {
            return;
        };
        // A result for an older version is never published: a newer check is on its way.
        if document.version != checked.version || !document.diagnosed {
            return;
        }
        match checked.outcome {
            Ok(diagnostics) => {
                let converted = diagnostics
                    .iter()
                    .map(|diagnostic| {
                        convert::diagnostic(
                            diagnostic,
                            &document.uri,
                            &document.text,
                            self.encoding,
                        )
                    })
                    .collect();
                document.diagnostics = Some(diagnostics);
                let version = document.version;
                self.publish(checked.uri, converted, Some(version));
            }
            Err(panic) => self.log(
                MessageType::ERROR,
                &format!(
                    "guidelint failed checking {}: {panic}; please report this as a bug",
                    checked.uri.as_str()
                ),
            ),
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        send(
            self.connection,
            Notification::new(
                notifications::PublishDiagnostics::METHOD.to_string(),
                params,
            ),
        );
    }

    fn log(&self, kind: MessageType, message: &str) {
        let params = LogMessageParams {
            typ: kind,
            message: message.to_string(),
        };
        send(
            self.connection,
            Notification::new(notifications::LogMessage::METHOD.to_string(), params),
        );
    }

    /// Publishes what is wrong (or no longer wrong) with each configuration file read from disk.
    fn publish_configuration_problems(&mut self) {
        let changed: Vec<(PathBuf, Option<ConfigProblem>)> = self
            .workspace
            .files()
            .filter(|(path, problem)| {
                self.published_problems.get(*path).map(Option::as_ref) != Some(*problem)
            })
            .map(|(path, problem)| (path.to_path_buf(), problem.cloned()))
            .collect();
        for (path, problem) in changed {
            self.publish_problem(&path, problem);
        }
    }

    fn publish_problem(&mut self, path: &std::path::Path, problem: Option<ConfigProblem>) {
        self.published_problems
            .insert(path.to_path_buf(), problem.clone());
        let Some(uri) = uri::from_path(path) else {
            return;
        };
        // An open configuration file shows the problems of the text being edited instead.
        if self.documents.contains_key(&uri) {
            return;
        }
        let diagnostics = match problem {
            Some(problem) => {
                // The file is not open in the editor: reading it is reading what `check` reads.
                let text = Text::new(std::fs::read_to_string(path).unwrap_or_default());
                if problem.line == 1 && problem.column == 1 && text.as_str().is_empty() {
                    self.log(MessageType::ERROR, &problem.message);
                }
                vec![self.problem_diagnostic(&problem, &text)]
            }
            None => Vec::new(),
        };
        self.publish(uri, diagnostics, None);
    }

    /// A configuration file open in the editor: its problems as it is typed.
    fn diagnose_open_configuration(&mut self, uri: &Uri) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        let path = document
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(uri.as_str()));
        let diagnostics =
            match crate::config::parse(&path, document.text.as_str()).and_then(|config| {
                crate::discover::Selection::new(&config.files, config.root()).map(|_| ())
            }) {
                Ok(()) => Vec::new(),
                Err(message) => {
                    let problem = super::workspace::ConfigProblem::from_message(path, &message);
                    vec![self.problem_diagnostic(&problem, &document.text)]
                }
            };
        let version = document.version;
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    fn problem_diagnostic(&self, problem: &ConfigProblem, text: &Text) -> lsp_types::Diagnostic {
        // Lines and columns of configuration messages count Unicode scalar values.
        let start = text.offset(
            Position::new(
                problem.line.saturating_sub(1) as u32,
                problem.column.saturating_sub(1) as u32,
            ),
            Encoding::Utf32,
        );
        let rest = &text.as_str()[start..];
        let end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
        lsp_types::Diagnostic {
            range: text.range(Span::new(start, end), self.encoding),
            severity: Some(lsp_types::DiagnosticSeverity::ERROR),
            source: Some(convert::SOURCE.to_string()),
            message: format!(
                "{}\nhelp: guidelint cannot use this configuration; until it is fixed, documents \
                 are checked with the default settings.",
                problem.message
            ),
            ..lsp_types::Diagnostic::default()
        }
    }

    /// A document and the byte offset of a position in it.
    fn locate(
        &self,
        position: &TextDocumentPositionParams,
    ) -> Result<(&OpenDocument, usize), Failure> {
        let uri = &position.text_document.uri;
        let document = self.documents.get(uri).ok_or_else(|| not_open(uri))?;
        let offset = document.text.offset(position.position, self.encoding);
        Ok((document, offset))
    }

    fn range(&self, document: &OpenDocument, span: Span) -> Range {
        document.text.range(span, self.encoding)
    }

    fn hover(&mut self, params: HoverParams) -> Answer {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.ensure_checked(&uri)?;
        let (document, offset) = self.locate(&params.text_document_position_params)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let hover = hover::hover(document, offset).map(|(markdown, span)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(self.range(document, span)),
        });
        to_value(hover)
    }

    fn definition(&mut self, params: GotoDefinitionParams) -> Answer {
        let (document, offset) = self.locate(&params.text_document_position_params)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let locations: Vec<Location> = navigation::definition(document, offset)
            .into_iter()
            .map(|span| Location::new(document.uri.clone(), self.range(document, span)))
            .collect();
        if locations.is_empty() {
            return Ok(Value::Null);
        }
        to_value(GotoDefinitionResponse::Array(locations))
    }

    fn references(&mut self, params: ReferenceParams) -> Answer {
        let (document, offset) = self.locate(&params.text_document_position)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let locations: Vec<Location> =
            navigation::references(document, offset, params.context.include_declaration)
                .into_iter()
                .map(|span| Location::new(document.uri.clone(), self.range(document, span)))
                .collect();
        to_value(locations)
    }

    fn prepare_rename(&mut self, params: TextDocumentPositionParams) -> Answer {
        let (document, offset) = self.locate(&params)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        match navigation::prepare_rename(document, offset) {
            Ok((span, placeholder)) => to_value(PrepareRenameResponse::RangeWithPlaceholder {
                range: self.range(document, span),
                placeholder,
            }),
            Err(refusal) => Err(Failure::new(ErrorCode::RequestFailed, refusal.0)),
        }
    }

    fn rename(&mut self, params: RenameParams) -> Answer {
        let (document, offset) = self.locate(&params.text_document_position)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let edits = navigation::rename(document, offset, &params.new_name)
            .map_err(|refusal| Failure::new(ErrorCode::RequestFailed, refusal.0))?;
        self.workspace_edit(document, &edits)
    }

    fn workspace_edit(&self, document: &OpenDocument, edits: &[ByteEdit]) -> Answer {
        let target = edits::Target {
            uri: &document.uri,
            version: document.version,
            text: &document.text,
            encoding: self.encoding,
            versioned: self.versioned_edits,
        };
        let edit = edits::workspace_edit(target, edits)
            .map_err(|message| Failure::new(ErrorCode::InternalError, message))?;
        to_value(edit)
    }

    fn completion(&mut self, params: CompletionParams) -> Answer {
        let (document, offset) = self.locate(&params.text_document_position)?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let items: Vec<CompletionItem> = completion::complete(document, offset)
            .into_iter()
            .enumerate()
            .map(|(rank, proposal)| {
                let new_text = proposal.edit.replacement.clone();
                CompletionItem {
                    kind: Some(match proposal.kind {
                        completion::ProposalKind::Id => CompletionItemKind::REFERENCE,
                        completion::ProposalKind::Value => CompletionItemKind::ENUM_MEMBER,
                        completion::ProposalKind::Property => CompletionItemKind::PROPERTY,
                    }),
                    detail: proposal.detail,
                    documentation: proposal.documentation.map(|value| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value,
                        })
                    }),
                    // Keep the schema's and the document's order.
                    sort_text: Some(format!("{rank:04}")),
                    filter_text: Some(new_text.trim_end_matches(": ").to_string()),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range: self.range(document, proposal.edit.span),
                        new_text,
                    })),
                    label: proposal.label,
                    ..CompletionItem::default()
                }
            })
            .collect();
        to_value(CompletionResponse::Array(items))
    }

    fn symbols(&mut self, params: DocumentSymbolParams) -> Answer {
        let uri = &params.text_document.uri;
        let document = self.documents.get(uri).ok_or_else(|| not_open(uri))?;
        if !document.diagnosed {
            return Ok(Value::Null);
        }
        let symbols: Vec<DocumentSymbol> = symbols::symbols(document)
            .into_iter()
            .map(|symbol| self.document_symbol(document, symbol))
            .collect();
        to_value(DocumentSymbolResponse::Nested(symbols))
    }

    fn document_symbol(&self, document: &OpenDocument, symbol: symbols::Symbol) -> DocumentSymbol {
        #[allow(
            deprecated,
            reason = "`deprecated` is a required field of the deprecated kind"
        )]
        DocumentSymbol {
            name: symbol.id,
            detail: symbol.name,
            kind: match symbol.kind {
                IdKind::RiskFactor => SymbolKind::CONSTANT,
                IdKind::Finding => SymbolKind::EVENT,
                IdKind::Source => SymbolKind::FILE,
                IdKind::DiagnosisPath => SymbolKind::NAMESPACE,
                IdKind::Step => SymbolKind::FUNCTION,
                IdKind::Treatment => SymbolKind::METHOD,
            },
            tags: None,
            deprecated: None,
            range: self.range(document, symbol.span),
            selection_range: self.range(document, symbol.id_span),
            children: (!symbol.children.is_empty()).then(|| {
                symbol
                    .children
                    .into_iter()
                    .map(|child| self.document_symbol(document, child))
                    .collect()
            }),
        }
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Answer {
        let uri = params.text_document.uri.clone();
        self.ensure_checked(&uri)?;
        if !self
            .documents
            .get(&uri)
            .ok_or_else(|| not_open(&uri))?
            .diagnosed
        {
            return Ok(Value::Null);
        }
        // Quick fixes unless the client asks for other kinds; "fix all" (`source.fixAll`, as editors
        // ask on save) only when asked for by name, so that it does not crowd the quick fixes.
        let asked = |wanted: &CodeActionKind| {
            params.context.only.as_ref().is_some_and(|only| {
                only.iter().any(|kind| {
                    let kind = kind.as_str();
                    kind.is_empty() || wanted.as_str().starts_with(kind)
                })
            })
        };
        let mut offered: Vec<CodeActionOrCommand> = Vec::new();
        if asked(&CodeActionKind::SOURCE_FIX_ALL) {
            offered.extend(self.fix_all(&uri));
        }
        let document = self.documents.get(&uri).ok_or_else(|| not_open(&uri))?;
        if params.context.only.is_some() && !asked(&CodeActionKind::QUICKFIX) {
            return to_value(offered);
        }
        let span = document.text.span(params.range, self.encoding);
        for action in actions::actions(document, span) {
            let Some(diagnostic) = document.current_diagnostics().get(action.diagnostic) else {
                continue;
            };
            let Ok(edit) = self.workspace_edit(document, &action.edits) else {
                continue;
            };
            offered.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(
                    diagnostic,
                    &document.uri,
                    &document.text,
                    self.encoding,
                )]),
                edit: serde_json::from_value(edit).ok(),
                is_preferred: Some(action.preferred),
                ..CodeAction::default()
            }));
        }
        to_value(offered)
    }

    /// "Fix all": every safe fix of the document, applied round after round as `check --fix`
    /// applies them, as one edit; none when there is nothing to fix.
    fn fix_all(&mut self, uri: &Uri) -> Option<CodeActionOrCommand> {
        let path = self.documents.get(uri)?.path.clone();
        let config = self.workspace.settings_for(path.as_deref()).config.clone();
        let today = self.today();
        let document = self.documents.get(uri)?;
        let job = job(document, &config, today);
        let text = job.text.strip_prefix('\u{feff}').unwrap_or(&job.text);
        let fixed = crate::rewrite::fix_text(&job.name, text, &job.options, false)?;
        if fixed.applied == 0 || fixed.text == text {
            return None;
        }
        let whole = ByteEdit::new(crate::source::Span::new(0, text.len()), fixed.text);
        let edit = self.workspace_edit(document, &[whole]).ok()?;
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Fix all safe guidelint problems ({})",
                if fixed.applied == 1 {
                    "1 fix".to_string()
                } else {
                    format!("{} fixes", fixed.applied)
                }
            ),
            kind: Some(CodeActionKind::SOURCE_FIX_ALL),
            edit: serde_json::from_value(edit).ok(),
            ..CodeAction::default()
        }))
    }

    fn pull(&mut self, params: DocumentDiagnosticParams) -> Answer {
        let uri = params.text_document.uri.clone();
        self.ensure_checked(&uri)?;
        let document = self.documents.get(&uri).ok_or_else(|| not_open(&uri))?;
        let items = document
            .current_diagnostics()
            .iter()
            .map(|diagnostic| {
                convert::diagnostic(diagnostic, &document.uri, &document.text, self.encoding)
            })
            .collect();
        to_value(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}

/// The check of `document`'s current text, with `config`, comparing dates against `today`.
fn job(document: &OpenDocument, config: &crate::config::Config, today: jiff::civil::Date) -> Job {
    Job {
        uri: document.uri.clone(),
        version: document.version,
        name: document
            .path
            .as_ref()
            .map(|path| path.display().to_string())
            .unwrap_or_else(|| document.uri.as_str().to_string()),
        text: Arc::new(document.text.as_str().to_string()),
        options: CheckOptions {
            config: config.clone(),
            ..CheckOptions::on(today)
        },
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|error| {
        Failure::new(
            ErrorCode::InvalidParams,
            format!("invalid parameters: {error}"),
        )
    })
}

fn to_value(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value)
        .map_err(|error| Failure::new(ErrorCode::InternalError, error.to_string()))
}

fn not_open(uri: &Uri) -> Failure {
    Failure::new(
        ErrorCode::InvalidParams,
        format!(
            "{} is not open: send `textDocument/didOpen` first",
            uri.as_str()
        ),
    )
}

/// Whether a URI names a `guidelint.toml`.
fn is_configuration(uri: &Uri) -> bool {
    uri.path()
        .as_str()
        .rsplit('/')
        .next()
        .is_some_and(|name| name == crate::config::FILE_NAME)
}

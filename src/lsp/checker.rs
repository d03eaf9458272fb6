//! Checks run on a thread of their own, so that a long check (a document of many megabytes) never
//! keeps the server from answering, and a burst of edits is checked once: the thread takes every job
//! waiting and runs only the newest of each document. Each result names the version it is for; the
//! server publishes it only if the document is still at that version, so an older result never
//! replaces a newer one.

use crate::CheckOptions;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use std::sync::Arc;

pub struct Job {
    pub uri: Uri,
    pub version: i32,
    /// The name the check reports the document under.
    pub name: String,
    pub text: Arc<String>,
    pub options: CheckOptions,
}

pub struct Checked {
    pub uri: Uri,
    pub version: i32,
    /// The diagnostics, or what a panic in the check said.
    pub outcome: Result<Vec<Diagnostic>, String>,
}

pub struct Checker {
    jobs: Option<Sender<Job>>,
    pub results: Receiver<Checked>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Stack for the checking thread: the command line checks on rayon's threads, whose stacks are the
/// same size or smaller, so every document `check` handles fits.
const STACK: usize = 16 * 1024 * 1024;

impl Checker {
    pub fn start() -> std::io::Result<Checker> {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let (done, results) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("guidelint-check".to_string())
            .stack_size(STACK)
            .spawn(move || work(&queue, &done))?;
        Ok(Checker {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
        })
    }

    pub fn submit(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // Fails only once the thread is gone, which `Drop` alone causes.
            let _ = jobs.send(job);
        }
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn work(queue: &Receiver<Job>, done: &Sender<Checked>) {
    while let Ok(first) = queue.recv() {
        let mut pending = vec![first];
        pending.extend(queue.try_iter());
        // Only the newest job of each document matters.
        let mut newest: Vec<Job> = Vec::with_capacity(pending.len());
        for job in pending {
            match newest.iter_mut().find(|queued| queued.uri == job.uri) {
                Some(queued) => *queued = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&job)))
                .map_err(panic_message);
            let checked = Checked {
                uri: job.uri,
                version: job.version,
                outcome,
            };
            if done.send(checked).is_err() {
                return;
            }
        }
    }
}

/// Exactly what `guidelint check` does with the same text and configuration.
pub fn check(job: &Job) -> Vec<Diagnostic> {
    let source = SourceFile::new(job.name.as_str(), &job.text);
    crate::check_source(&source, &job.options)
}

/// What a panic said, for the log.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

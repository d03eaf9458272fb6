//! `guidelint lsp`: the language server on stdin and stdout.

use super::args::LspArgs;
use super::output::tell;

/// Serves one editor on stdin and stdout until it exits.
pub(crate) fn run_lsp(arguments: LspArgs) -> u8 {
    guidelint::prepare_in_background();
    let options = guidelint::lsp::ServerOptions {
        today: arguments.today,
        config: arguments.config,
        ..Default::default()
    };
    let (connection, io_threads) = guidelint::lsp::stdio();
    let exit = match guidelint::lsp::serve(connection, options) {
        Ok(exit) => exit,
        Err(error) => {
            tell(&format!("error: guidelint lsp: {error}\n"));
            guidelint::lsp::Exit::Abrupt
        }
    };
    // The reader thread ends with the client's `exit` or the end of its input, the writer once
    // every message is written.
    if let Err(error) = io_threads.join() {
        tell(&format!("error: guidelint lsp: {error}\n"));
    }
    exit.code()
}

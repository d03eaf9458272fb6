//! The server's stdio transport: LSP base-protocol framing (`Content-Length` headers) over stdin
//! and stdout, with a reader and a writer thread as `lsp_server::Connection::stdio` has. Unlike
//! it, a well-framed body that is not a JSON-RPC message (`{not json}`, `[]`) is answered with a
//! JSON-RPC error (`-32700` parse error, `-32600` invalid request, `id: null`) and skipped: one bad
//! message from a client does not end the session. Only input that cannot be framed at all (a
//! header without `Content-Length`, a body cut short) ends it, since nothing after it can be
//! found.

use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::thread::JoinHandle;

/// The reader and writer threads of [`stdio`], or why one could not start (the system could make
/// no thread; the server cannot run then, and the other thread ends as its channel closes).
pub struct IoThreads {
    reader: io::Result<JoinHandle<io::Result<()>>>,
    writer: io::Result<JoinHandle<io::Result<()>>>,
}

impl IoThreads {
    /// Waits for both threads: the reader ends at the client's `exit` or the end of its input,
    /// the writer once the server has dropped its sender and every message is written.
    pub fn join(self) -> io::Result<()> {
        let join = |thread: io::Result<JoinHandle<io::Result<()>>>, name: &str| {
            thread?
                .join()
                .unwrap_or_else(|_| Err(io::Error::other(format!("the {name} thread panicked"))))
        };
        let reader = join(self.reader, "reader");
        let writer = join(self.writer, "writer");
        reader.and(writer)
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_client, outgoing) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            for message in outgoing {
                // `Stdout::lock` excludes the reader's error answers while a message is written.
                let mut out = io::stdout().lock();
                message.write(&mut out)?;
                out.flush()?;
            }
            Ok(())
        });
    let (incoming, from_client) = crossbeam_channel::bounded::<Message>(0);
    let reader = std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let mut input = io::stdin().lock();
            while let Some(body) = read_frame(&mut input)? {
                match parse(&body) {
                    Ok(message) => {
                        let exit = matches!(&message, Message::Notification(notification)
                            if notification.method == "exit");
                        if incoming.send(message).is_err() || exit {
                            break;
                        }
                    }
                    Err(answer) => write_frame(&mut io::stdout().lock(), &answer)?,
                }
            }
            Ok(())
        });
    let threads = IoThreads { reader, writer };
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        threads,
    )
}

/// The next message body, or `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("malformed Content-Length header: {header:?}"),
                )
            })?);
        }
    }
    let length = length.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without a Content-Length header",
        )
    })?;
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// The message in `body`, or the JSON-RPC error that answers it when it is none.
fn parse(body: &[u8]) -> Result<Message, String> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| error_response(-32700, &format!("Parse error: {error}")))?;
    serde_json::from_value(value).map_err(|error| {
        error_response(
            -32600,
            &format!("Invalid Request: not a JSON-RPC request, response or notification ({error})"),
        )
    })
}

/// A JSON-RPC error response to a message whose id could not be read.
fn error_response(code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": code, "message": message},
    })
    .to_string()
}

fn write_frame(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_by_their_length_whatever_the_header_case() {
        let mut input =
            io::Cursor::new(b"content-length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]".to_vec());
        assert_eq!(read_frame(&mut input).unwrap(), Some(b"{}".to_vec()));
        assert_eq!(read_frame(&mut input).unwrap(), Some(b"[1]".to_vec()));
        assert_eq!(read_frame(&mut input).unwrap(), None);
    }

    #[test]
    fn a_body_that_is_no_message_is_answered_with_an_error() {
        let answer = parse(b"{not json}").unwrap_err();
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["error"]["code"], -32700);
        assert_eq!(answer["id"], serde_json::Value::Null);
        let answer = parse(b"[]").unwrap_err();
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["error"]["code"], -32600);
        assert!(matches!(
            parse(br#"{"jsonrpc": "2.0", "method": "exit"}"#),
            Ok(Message::Notification(_))
        ));
    }
}

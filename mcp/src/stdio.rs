//! [`StdioTransport`]: MCP over standard input and output, one JSON-RPC message per line.
//!
//! rmcp's own line transport skips a line that is not JSON without a word, so a client that sent
//! one waits for its own timeout. JSON-RPC 2.0 says such a line gets a parse error (`-32700`,
//! `id` null), and a JSON value that is no request an invalid-request error (`-32600`): this
//! transport answers both and reads on.

use std::io;

use rmcp::RoleServer;
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, Lines};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// JSON-RPC's code for a message that is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's code for JSON that is not a valid request.
pub const INVALID_REQUEST: i64 = -32600;

/// Reads messages line by line from `input`; every line written (replies, notifications and the
/// errors of unreadable lines) goes through one writer task, so lines never interleave.
pub struct StdioTransport {
    lines: Lines<BufReader<Box<dyn AsyncRead + Send + Unpin>>>,
    outgoing: Option<mpsc::UnboundedSender<String>>,
    writer: Option<JoinHandle<io::Result<()>>>,
}

impl StdioTransport {
    /// A transport over `input` and `output` (the process's stdin and stdout).
    pub fn new(
        input: Box<dyn AsyncRead + Send + Unpin>,
        mut output: Box<dyn AsyncWrite + Send + Unpin>,
    ) -> Self {
        let (outgoing, mut queue) = mpsc::unbounded_channel::<String>();
        let writer = tokio::spawn(async move {
            while let Some(mut line) = queue.recv().await {
                line.push('\n');
                output.write_all(line.as_bytes()).await?;
                output.flush().await?;
            }
            Ok(())
        });
        StdioTransport {
            lines: BufReader::new(input).lines(),
            outgoing: Some(outgoing),
            writer: Some(writer),
        }
    }

    fn write(&self, line: String) -> io::Result<()> {
        let outgoing = self.outgoing.as_ref().ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotConnected, "the transport is closed")
        })?;
        outgoing
            .send(line)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "standard output is closed"))
    }
}

/// The reply to a line that is no message: a parse error when it is not JSON, else an invalid
/// request (with the line's `id`, when it has one that JSON-RPC allows).
pub fn error_reply(line: &str, error: &serde_json::Error) -> Value {
    let (code, message, id) = match serde_json::from_str::<Value>(line) {
        Err(_) => (PARSE_ERROR, format!("Parse error: {error}"), Value::Null),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
                _ => Value::Null,
            };
            (INVALID_REQUEST, format!("Invalid request: {error}"), id)
        }
    };
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

impl Transport<RoleServer> for StdioTransport {
    type Error = io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let sent = serde_json::to_string(&item)
            .map_err(io::Error::other)
            .and_then(|line| self.write(line));
        std::future::ready(sent)
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            let line = match self.lines.next_line().await {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(error) => {
                    tracing::error!("cannot read standard input: {error}");
                    return None;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(&line) {
                Ok(message) => return Some(message),
                Err(error) => {
                    tracing::debug!("unreadable message: {error}");
                    let reply = error_reply(&line, &error).to_string();
                    if self.write(reply).is_err() {
                        return None;
                    }
                }
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        // Dropping the sender ends the writer once it has written what is queued.
        self.outgoing = None;
        match self.writer.take() {
            Some(writer) => writer.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply_to(line: &str) -> Value {
        let error = serde_json::from_str::<RxJsonRpcMessage<RoleServer>>(line)
            .expect_err("the line is no message");
        error_reply(line, &error)
    }

    #[test]
    fn a_line_that_is_not_json_gets_a_parse_error_with_a_null_id() {
        let reply = reply_to("{not json");
        assert_eq!(reply["error"]["code"], PARSE_ERROR);
        assert_eq!(reply["id"], Value::Null);
        assert_eq!(reply["jsonrpc"], "2.0");
    }

    #[test]
    fn json_that_is_no_request_gets_invalid_request_with_its_id() {
        let reply = reply_to(r#"{"jsonrpc":"2.0","id":7,"method":42}"#);
        assert_eq!(reply["error"]["code"], INVALID_REQUEST);
        assert_eq!(reply["id"], 7);
    }
}

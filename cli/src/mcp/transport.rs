//! Standard input and output between the client and rmcp, with JSON-RPC's Parse error for a
//! line that is not JSON: rmcp drops such a line without a word (it answers JSON that is not a
//! message with Invalid Request), and a client that sent it would wait for an answer forever.
//! Each line goes to stdout whole, whether rmcp or this module wrote it.

use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::Mutex;

/// The longest line read, as rmcp's own transport allows (16 MiB): a client that never ends a
/// line cannot make the server hold all it sends.
const MAX_LINE: usize = 16 * 1024 * 1024;

/// Bytes in flight between this module and rmcp, each way.
const PIPE: usize = 64 * 1024;

/// The answer to a line that is not JSON: it has no id to answer with, so `null`.
const PARSE_ERROR: &str = r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: the line is not JSON"}}"#;

/// The streams rmcp reads and writes, and the task that carries its output to `output` (done
/// once rmcp has written its last line).
pub fn relay<R, W>(input: R, output: W) -> ((DuplexStream, DuplexStream), tokio::task::JoinHandle<()>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (to_rmcp, rmcp_reads) = tokio::io::duplex(PIPE);
    let (rmcp_writes, from_rmcp) = tokio::io::duplex(PIPE);
    let output = Arc::new(Mutex::new(output));
    let answers = output.clone();
    tokio::spawn(read_lines(input, to_rmcp, answers));
    let carried = tokio::spawn(async move {
        let mut lines = BufReader::new(from_rmcp);
        let mut line = Vec::new();
        while lines.read_until(b'\n', &mut line).await.is_ok_and(|n| n > 0) {
            if write_line(&output, &line).await.is_err() {
                return;
            }
            line.clear();
        }
    });
    ((rmcp_reads, rmcp_writes), carried)
}

/// Passes each line of `input` that is JSON to rmcp, and answers the others; ends rmcp's
/// input with its own.
async fn read_lines<R, W>(input: R, mut to_rmcp: DuplexStream, output: Arc<Mutex<W>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    use tokio::io::AsyncReadExt;
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        line.clear();
        let Ok(read) = (&mut input).take(MAX_LINE as u64).read_until(b'\n', &mut line).await else { return };
        if read == 0 {
            return;
        }
        let whole = line.ends_with(b"\n") || read < MAX_LINE;
        if !whole {
            // Too long: the rest of the line is dropped, and the line answered as not JSON.
            let mut rest = Vec::new();
            while input.read_until(b'\n', &mut rest).await.is_ok_and(|n| n > 0) && !rest.ends_with(b"\n") {
                rest.clear();
            }
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        if whole && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok() {
            if to_rmcp.write_all(&line).await.is_err() || (!line.ends_with(b"\n") && to_rmcp.write_all(b"\n").await.is_err()) {
                return;
            }
        } else if write_line(&output, format!("{PARSE_ERROR}\n").as_bytes()).await.is_err() {
            return;
        }
    }
}

async fn write_line<W: AsyncWrite + Unpin>(output: &Mutex<W>, line: &[u8]) -> std::io::Result<()> {
    let mut output = output.lock().await;
    output.write_all(line).await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn a_line_that_is_not_json_is_answered_and_json_goes_on_to_rmcp() {
        let input: &[u8] = b"{\"jsonrpc\":\"2.0\",\"id\":1}\nnot json\n\n[1, 2\n{\"id\":2}";
        let (client_reads, server_writes) = tokio::io::duplex(PIPE);
        let ((mut rmcp_reads, rmcp_writes), carried) = relay(input, server_writes);
        let mut passed = String::new();
        rmcp_reads.read_to_string(&mut passed).await.unwrap();
        assert_eq!(passed, "{\"jsonrpc\":\"2.0\",\"id\":1}\n{\"id\":2}\n");
        drop(rmcp_writes);
        carried.await.unwrap();
        // Both tasks have ended (the input did, and rmcp's output), so the client's stream ends.
        let mut answered = String::new();
        let mut client_reads = client_reads;
        client_reads.read_to_string(&mut answered).await.unwrap();
        assert_eq!(answered, format!("{PARSE_ERROR}\n{PARSE_ERROR}\n"), "`not json` and `[1, 2` are answered; the empty line is not");
    }
}

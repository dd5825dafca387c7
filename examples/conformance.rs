//! The conformance driver's runner: makes every generated driver call against a server (a
//! mock of the spec) and prints one JSON line per operation. `cargo xtask conformance` starts
//! the server, runs this and reads the lines; run it through that.
//!
//! Usage: `conformance <base-url> [--sequential] [<operation-id>...]`; `--sequential` makes
//! one call at a time, in order, so that a failure of the server can be told apart.

use cloudflare_sdk::conformance::{credentials_for, Call, Failure};
use cloudflare_sdk::{Client, Error};
use futures::StreamExt;
use serde_json::json;

// The rows, compiled here rather than with the SDK's tree.
cloudflare_sdk::conformance_rows!();
use conformance_rows::{CALLS, UNFILLED};

/// Calls in flight at once: enough to keep the server busy, few enough to keep it healthy.
const CONCURRENCY: usize = 8;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next() else {
        eprintln!("usage: conformance <base-url> [--sequential] [<operation-id>...]");
        std::process::exit(2);
    };
    let mut only: Vec<String> = args.collect();
    let concurrency = match only.iter().position(|a| a == "--sequential") {
        Some(at) => {
            only.remove(at);
            1
        }
        None => CONCURRENCY,
    };
    let selected = |id: &str| only.is_empty() || only.iter().any(|o| o == id);

    let calls: Vec<&Call> = CALLS.iter().filter(|c| selected(c.operation.id)).collect();
    let lines: Vec<serde_json::Value> = futures::stream::iter(calls).map(|call| run(call, &base_url)).buffered(concurrency).collect().await;
    for line in lines {
        println!("{line}");
    }
    for (id, reason) in UNFILLED.iter().filter(|(id, _)| selected(id)) {
        println!("{}", json!({"id": id, "outcome": "unfilled", "message": reason}));
    }
}

async fn run(call: &Call, base_url: &str) -> serde_json::Value {
    let operation = call.operation;
    let report = |outcome: &str, status: Option<u16>, message: String, body: Option<String>| json!({"id": operation.id, "method": operation.method, "outcome": outcome, "status": status, "message": message, "body": body});
    // Prism lists what it found wrong in this header when it answers with the spec's own
    // error example rather than a problem document.
    let violations = |headers: &reqwest::header::HeaderMap| headers.get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_string);
    // No retries: a mock answers at once, and a retried failure would hide what it said.
    let client = match Client::builder().base_url(base_url).credentials(credentials_for(operation)).max_retries(0).build() {
        Ok(client) => client,
        Err(err) => return report("failed", None, err.to_string(), None),
    };
    match call.run(&client).await {
        Ok(()) => report("decoded", None, String::new(), None),
        Err(Failure::Argument { what, message }) => report("argument", None, format!("{what}: {message}"), None),
        Err(Failure::Call(Error::Api(api))) => {
            let mut line = report("rejected", Some(api.status.as_u16()), api.to_string(), Some(api.body_text()));
            line["violations"] = json!(violations(&api.headers));
            line
        }
        Err(Failure::Call(Error::Decode(decode))) => report("undecoded", Some(decode.status.as_u16()), decode.source.to_string(), Some(String::from_utf8_lossy(&decode.body).into_owned())),
        Err(Failure::Call(other)) => report("failed", other.status().map(|s| s.as_u16()), other.to_string(), None),
    }
}

//! What the command line's and the MCP server's tests both answer with.

use serde_json::{json, Value};

/// `result` in Cloudflare's success envelope.
pub fn envelope(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

/// The `n`th DNS record of a listing.
pub fn record(n: u32) -> Value {
    json!({"id": format!("r{n}"), "name": format!("host{n}.example.com"), "type": "A", "content": format!("192.0.2.{n}"), "ttl": 1, "proxied": false})
}

//! `cloudflare mcp`, driven by a client nobody here wrote: the official MCP Python SDK (`mcp`
//! from PyPI, installed by the test into a virtual environment under the target folder), against
//! a Cloudflare on loopback (wiremock). The malformed-input test speaks JSON-RPC by hand, since
//! a real client never sends malformed input.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use serde_json::{json, Value};
use support::{envelope, record};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mcp-test-token-5e1b";

/// The version of the official Python SDK the tests drive the server with.
const MCP_PYTHON_SDK: &str = "mcp==2.3.0";

/// The virtual environment's Python, with the SDK installed (once, however many tests ask).
fn python() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _once = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mcp-python-sdk");
    let python = venv.join("bin").join("python");
    let ready = |python: &Path| Command::new(python).args(["-c", "import mcp"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !ready(&python) {
        let made = Command::new("python3").args(["-m", "venv"]).arg(&venv).status().expect("python3 runs");
        assert!(made.success(), "python3 -m venv {}", venv.display());
        let installed = Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", MCP_PYTHON_SDK]).status().expect("pip runs");
        assert!(installed.success(), "pip install {MCP_PYTHON_SDK}");
        assert!(ready(&python), "{MCP_PYTHON_SDK} imports once installed");
    }
    python
}

/// One server run by the client: the server's arguments and the tool calls, in order.
struct Session {
    args: Vec<&'static str>,
    steps: Vec<(&'static str, Value)>,
}

/// What the client saw of each session, and everything the servers wrote on standard error.
struct Seen {
    sessions: Vec<Value>,
    stderr: String,
}

impl Seen {
    /// The text of the `step`th call of session `session`, and whether it was a tool error.
    fn result(&self, session: usize, step: usize) -> (String, bool) {
        let result = &self.sessions[session]["results"][step];
        (result["text"].as_str().unwrap_or_default().to_string(), result["is_error"] == json!(true))
    }

    /// Every message of every session and the servers' standard error, as text.
    fn everything(&self) -> String {
        format!("{}{}", serde_json::to_string(&self.sessions).unwrap(), self.stderr)
    }
}

fn drive(server: &MockServer, sessions: &[Session]) -> Seen {
    let folder = tempfile::tempdir().unwrap();
    let env = json!({
        "CLOUDFLARE_API_TOKEN": TOKEN,
        "CLOUDFLARE_BASE_URL": format!("{}/client/v4", server.uri()),
        "XDG_CONFIG_HOME": folder.path(),
    });
    let plan = json!({
        "command": env!("CARGO_BIN_EXE_cloudflare"),
        "sessions": sessions.iter().enumerate().map(|(i, s)| json!({
            "args": s.args,
            "env": env,
            "stderr": folder.path().join(format!("stderr-{i}")),
            "steps": s.steps.iter().map(|(tool, arguments)| json!({"tool": tool, "arguments": arguments})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut child =
        Command::new(python()).arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp_client.py")).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the client starts");
    child.stdin.take().unwrap().write_all(plan.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the client failed: {}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).expect("the client writes JSON");
    let stderr = (0..sessions.len()).map(|i| std::fs::read_to_string(folder.path().join(format!("stderr-{i}"))).unwrap_or_default()).collect();
    let seen = Seen { sessions: seen["sessions"].as_array().unwrap().clone(), stderr };
    // Whatever a test asks, no answer, error or line of standard error holds the token.
    assert!(!seen.everything().contains(TOKEN), "a message holds the token: {}", seen.everything());
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_lists_the_tools_searches_describes_and_walks_two_pages() {
    let server = MockServer::start().await;
    for page in 1..=2u32 {
        let items: Vec<Value> = if page == 1 { vec![record(1), record(2)] } else { vec![record(3)] };
        let info = json!({"page": page, "per_page": 2, "count": items.len(), "total_count": 3, "total_pages": 2});
        Mock::given(method("GET"))
            .and(path("/client/v4/zones/z1/dns_records"))
            .and(query_param("page", page.to_string()))
            .and(query_param("per_page", "2"))
            .and(header("authorization", format!("Bearer {TOKEN}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": items, "result_info": info})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let list = "dns-records-for-a-zone-list-dns-records";
    let seen = drive(
        &server,
        &[Session {
            args: vec!["mcp"],
            steps: vec![
                ("search", json!({"query": "dns records"})),
                ("describe", json!({"operation": list})),
                ("call", json!({"operation": "zone(zone_id).dns_records().list()", "params": {"zone_id": "z1", "per_page": 2}, "all_pages": true})),
            ],
        }],
    );
    assert_eq!(seen.sessions[0]["server"], "cloudflare");
    assert_eq!(seen.sessions[0]["tools"], json!(["search", "describe", "call"]));

    let (found, _) = seen.result(0, 0);
    let found: Value = serde_json::from_str(&found).unwrap();
    let operations = found["operations"].as_array().unwrap();
    assert_eq!(operations[0]["operation"], list, "the DNS list call comes first");
    assert_eq!(operations[0]["call"], "zone(zone_id).dns_records().list()");
    assert_eq!(operations[0]["token_permissions"], json!(["DNS Read", "DNS Write"]));
    assert!(operations.len() <= 20);

    let (described, failed) = seen.result(0, 1);
    assert!(!failed, "{described}");
    let described: Value = serde_json::from_str(&described).unwrap();
    assert_eq!(described["method"], "GET");
    assert_eq!(described["pagination"], "page");
    let parameters: Vec<&str> = described["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(parameters.starts_with(&["zone_id"]) && parameters.contains(&"per_page") && parameters.contains(&"page"), "{parameters:?}");
    assert_eq!(described["result_schema"]["type"], "array", "{}", described["result_schema"]);
    assert_eq!(described["example"]["params"], json!({"zone_id": "<zone_id>"}));

    let (walked, failed) = seen.result(0, 2);
    assert!(!failed, "{walked}");
    let (items, note) = walked.split_once("\n\n").expect("the items, then a note");
    assert_eq!(serde_json::from_str::<Value>(items).unwrap(), json!([record(1), record(2), record(3)]));
    assert_eq!(note, "[2 pages walked]");
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_sent_only_when_allowed_and_deletes_need_their_own_flag() {
    let server = MockServer::start().await;
    let sent = json!({"type": "A", "name": "www.example.com", "content": "192.0.2.1", "ttl": 300, "tags": []});
    Mock::given(method("POST"))
        .and(path("/client/v4/zones/z1/dns_records"))
        .and(header("content-type", "application/json"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "new1", "name": "www.example.com"}))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "r1"})))).expect(1).mount(&server).await;
    let create = ("call", json!({"operation": "dns-records-for-a-zone-create-dns-record", "params": {"zone_id": "z1"}, "body": sent}));
    let delete = ("call", json!({"operation": "zone(zone_id).dns_records().delete(dns_record_id)", "params": {"zone_id": "z1", "dns_record_id": "r1"}}));
    let misfit = ("call", json!({"operation": "dns-records-for-a-zone-create-dns-record", "params": {"zone_id": "z1"}, "body": {"type": "A", "name": "x", "content": "192.0.2.1", "ttl": "soon"}}));
    let seen = drive(
        &server,
        &[
            Session { args: vec!["mcp"], steps: vec![create.clone(), delete.clone()] },
            Session { args: vec!["mcp", "--allow-writes"], steps: vec![create, delete.clone(), misfit] },
            Session { args: vec!["mcp", "--allow-writes", "--allow-deletes"], steps: vec![delete] },
        ],
    );
    let (refused, failed) = seen.result(0, 0);
    assert!(failed && refused.contains("--allow-writes") && refused.contains("Nothing was sent"), "{refused}");
    let (refused, failed) = seen.result(0, 1);
    assert!(failed && refused.contains("--allow-writes --allow-deletes"), "{refused}");

    let (created, failed) = seen.result(1, 0);
    assert!(!failed, "{created}");
    assert_eq!(serde_json::from_str::<Value>(&created).unwrap(), json!({"id": "new1", "name": "www.example.com"}));
    let (refused, failed) = seen.result(1, 1);
    assert!(failed && refused.contains("start it with --allow-deletes"), "{refused}");
    let (misfit, failed) = seen.result(1, 2);
    assert!(failed && misfit.contains("does not fit its schema") && misfit.contains("nothing was sent"), "{misfit}");
    assert!(misfit.contains("\"schema\""), "the answer gives the operation's schema to try again: {misfit}");

    let (deleted, failed) = seen.result(2, 0);
    assert!(!failed, "{deleted}");
    // wiremock checks on drop that the create and the delete were each sent once: the refused
    // and the misfit calls sent nothing.
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_answers_with_its_codes_and_ray_a_dry_run_names_the_token_and_groups_limit_the_server() {
    let server = MockServer::start().await;
    let failure = json!({"success": false, "errors": [{"code": 9109, "message": "Unauthorized to access requested resource"}, {"code": 10000, "message": "Authentication error"}], "messages": [], "result": null});
    Mock::given(method("GET"))
        .and(path("/client/v4/zones/z1"))
        .respond_with(ResponseTemplate::new(403).insert_header("cf-ray", "8f00aa11bb22cc33-LHR").set_body_json(failure))
        .expect(1)
        .mount(&server)
        .await;
    let seen = drive(
        &server,
        &[
            Session {
                args: vec!["mcp"],
                steps: vec![
                    ("call", json!({"operation": "zones-0-get", "params": {"zone_id": "z1"}})),
                    ("call", json!({"operation": "zones-0-get", "params": {}})),
                    ("call", json!({"operation": "no-such-operation", "params": {}})),
                ],
            },
            Session {
                args: vec!["mcp", "--dry-run", "--allow-writes"],
                steps: vec![(
                    "call",
                    json!({"operation": "dns-records-for-a-zone-create-dns-record", "params": {"zone_id": "z1"}, "body": {"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 1}}),
                )],
            },
            Session {
                args: vec!["mcp", "--groups", "zones"],
                steps: vec![("search", json!({"query": "dns records"})), ("call", json!({"operation": "dns-records-for-a-zone-list-dns-records", "params": {"zone_id": "z1"}}))],
            },
        ],
    );
    let (failed, is_error) = seen.result(0, 0);
    assert!(is_error, "{failed}");
    for expected in ["403", "9109", "Unauthorized to access requested resource", "10000", "Authentication error", "8f00aa11bb22cc33-LHR"] {
        assert!(failed.contains(expected), "the answer lacks {expected:?}: {failed}");
    }
    let (missing, is_error) = seen.result(0, 1);
    assert!(is_error && missing.contains("missing: zone_id"), "{missing}");
    let (unknown, is_error) = seen.result(0, 2);
    assert!(is_error && unknown.contains("no operation `no-such-operation`"), "{unknown}");

    let (shown, is_error) = seen.result(1, 0);
    assert!(!is_error, "{shown}");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["method"], "POST");
    assert_eq!(shown["url"], format!("{}/client/v4/zones/z1/dns_records", server.uri()));
    assert_eq!(shown["headers"], json!(["Authorization: Bearer $CLOUDFLARE_API_TOKEN"]));
    assert_eq!(serde_json::from_str::<Value>(shown["body"]["text"].as_str().unwrap()).unwrap(), json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 1}));

    let (found, _) = seen.result(2, 0);
    let found: Value = serde_json::from_str(&found).unwrap();
    assert!(found["operations"].as_array().unwrap().iter().all(|o| o["group"] == "zones"), "{found}");
    let (refused, is_error) = seen.result(2, 1);
    assert!(is_error && refused.contains("--groups"), "{refused}");

    assert_eq!(server.received_requests().await.unwrap().len(), 1, "only the failing get was sent");
}

#[test]
fn malformed_json_rpc_gets_the_protocols_error_and_the_server_goes_on() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_cloudflare"))
        .arg("mcp")
        .env_clear()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut input = server.stdin.take().unwrap();
    let mut output = BufReader::new(server.stdout.take().unwrap());
    let mut send = |line: &str| writeln!(input, "{line}").and_then(|()| input.flush()).unwrap();
    let mut answer = || {
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        serde_json::from_str::<Value>(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    };
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"by-hand","version":"0"}}}"#);
    assert_eq!(answer()["id"], 1);
    send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
    // Not JSON: the protocol's Parse error, with no id to answer.
    send("this is not JSON");
    let unparsable = answer();
    assert_eq!((unparsable["id"].clone(), unparsable["error"]["code"].clone()), (Value::Null, json!(-32700)), "{unparsable}");
    // JSON, but not a JSON-RPC message: the protocol's Invalid Request.
    send(r#"{"jsonrpc":"2.0","id":2,"method":42}"#);
    let invalid = answer();
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    // An unknown tool: the protocol's Invalid Params, and still serving.
    send(r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope","arguments":{}}}"#);
    let unknown = answer();
    assert_eq!((unknown["id"].clone(), unknown["error"]["code"].clone()), (json!(3), json!(-32602)), "{unknown}");
    send(r#"{"jsonrpc":"2.0","id":4,"method":"tools/list"}"#);
    let listed = answer();
    assert_eq!(listed["id"], 4);
    assert_eq!(listed["result"]["tools"].as_array().unwrap().len(), 3);
    drop(input);
    let status = server.wait().unwrap();
    assert!(status.success(), "the server ends when its input does");
}

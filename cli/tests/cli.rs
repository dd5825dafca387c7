//! The `cloudflare` binary, run as a user runs it, against a Cloudflare on loopback (wiremock).

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};
use support::{envelope, record};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "cli-test-token-7f3a";

/// Runs the binary with `args`, its credentials and base URL from the environment, standard
/// input closed (not a terminal), and `config_home` as `XDG_CONFIG_HOME`.
fn cloudflare(server: &MockServer, args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudflare"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", server.uri()))
        .env("XDG_CONFIG_HOME", config_home)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn all_walks_three_pages_and_prints_one_item_per_line() {
    let server = MockServer::start().await;
    for page in 1..=3u32 {
        let items = vec![record(2 * page - 1), record(2 * page)];
        let info = json!({"page": page, "per_page": 2, "count": 2, "total_count": 6, "total_pages": 3});
        Mock::given(method("GET"))
            .and(path("/client/v4/zones/z1/dns_records"))
            .and(query_param("page", page.to_string()))
            .and(header("authorization", format!("Bearer {TOKEN}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": items, "result_info": info})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "list", "--per-page", "2", "--all"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each line is one JSON item")).collect();
    assert_eq!(lines, (1..=6).map(record).collect::<Vec<_>>());
    assert!(text(&out.stderr).is_empty(), "no progress line when standard error is not a terminal: {}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn max_pages_stops_the_walk() {
    let server = MockServer::start().await;
    for page in 1..=2u32 {
        let info = json!({"page": page, "per_page": 1, "count": 1, "total_count": 9, "total_pages": 9});
        Mock::given(method("GET"))
            .and(path("/client/v4/zones/z1/dns_records"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": [record(page)], "result_info": info})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "list", "--all", "--max-pages", "2"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_the_body_file_with_the_fields_given_as_flags() {
    let server = MockServer::start().await;
    let sent = json!({"type": "A", "name": "www.example.com", "content": "192.0.2.1", "ttl": 300, "proxied": true});
    Mock::given(method("POST"))
        .and(path("/client/v4/zones/z1/dns_records"))
        .and(header("content-type", "application/json"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "new1", "name": "www.example.com"}))))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("record.json");
    std::fs::write(&file, r#"{"type": "A", "name": "www.example.com", "content": "192.0.2.1"}"#).unwrap();
    let body = format!("@{}", file.display());
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "create", "--body", &body, "--ttl", "300", "--proxied"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("the result is printed as JSON");
    assert_eq!(printed, json!({"id": "new1", "name": "www.example.com"}));
    assert_eq!(text(&out.stdout).lines().count(), 1, "compact when piped");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_prints_its_status_codes_and_ray_and_exits_with_1() {
    let server = MockServer::start().await;
    let failure = json!({"success": false, "errors": [{"code": 10000, "message": "Authentication error"}, {"code": 10001, "message": "Second problem"}], "messages": [], "result": null});
    Mock::given(method("GET")).and(path("/client/v4/accounts")).respond_with(ResponseTemplate::new(403).insert_header("cf-ray", "8f00aa11bb22cc33-LHR").set_body_json(failure)).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["accounts", "list"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for expected in ["HTTP 403", "[10000] Authentication error", "[10001] Second problem", "cf-ray: 8f00aa11bb22cc33-LHR"] {
        assert!(stderr.contains(expected), "stderr lacks {expected:?}: {stderr}");
    }
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_usage_error_exits_with_2_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "list", "--no-such-flag"], home.path());
    assert_eq!(out.status.code(), Some(2));
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "create", "--body", "{not json"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--body is not JSON"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_curl_with_no_secret_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["zone", "z 1", "dns-records", "create", "--name", "www", "--ttl", "60", "--dry-run"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.starts_with(&format!("curl -X POST '{}/client/v4/zones/z%201/dns_records'", server.uri())), "{shown}");
    assert!(shown.contains(r#"-H "Authorization: Bearer $CLOUDFLARE_API_TOKEN""#), "{shown}");
    assert!(shown.contains(r#"--data-binary '{"name":"www","ttl":60}'"#), "{shown}");
    assert!(!shown.contains(TOKEN) && !text(&out.stderr).contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_is_refused_without_yes_when_not_on_a_terminal() {
    let server = MockServer::start().await;
    let delete = Mock::given(method("DELETE")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "r1"}))));
    let home = tempfile::tempdir().unwrap();
    {
        let _never = delete.expect(0).named("no DELETE without --yes").mount_as_scoped(&server).await;
        let out = cloudflare(&server, &["zone", "z1", "dns-records", "delete", "r1"], home.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    }
    let delete = Mock::given(method("DELETE")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "r1"}))));
    let _once = delete.expect(1).mount_as_scoped(&server).await;
    let out = cloudflare(&server, &["zone", "z1", "dns-records", "delete", "r1", "--yes"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!({"id": "r1"}));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_null_result_prints_null() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).and(path("/client/v4/accounts/a1")).respond_with(ResponseTemplate::new(200).set_body_json(envelope(Value::Null))).expect(1).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["accounts", "delete", "a1", "--yes"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "null\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn form_sends_a_multipart_body_with_its_boundary() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/client/v4/accounts/a1/workers/scripts/hello"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"id": "hello"}))))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("worker.js");
    std::fs::write(&script, "export default { fetch() { return new Response('hi') } }").unwrap();
    let file = format!("worker.js=@{};type=application/javascript+module", script.display());
    let out = cloudflare(&server, &["account", "a1", "workers", "scripts", "update", "hello", "--form", r#"metadata={"main_module":"worker.js"}"#, "--form", &file], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers.get("content-type").unwrap().to_str().unwrap().to_string();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("the boundary is in the media type");
    let body = String::from_utf8_lossy(&received.body).into_owned();
    assert!(body.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{{\"main_module\":\"worker.js\"}}\r\n")), "{body}");
    assert!(body.contains("Content-Disposition: form-data; name=\"worker.js\"; filename=\"worker.js\"\r\nContent-Type: application/javascript+module\r\n\r\nexport default"), "{body}");
    assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_supplies_the_credentials_and_is_never_printed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts"))
        .and(header("authorization", "Bearer profile-token-9c1d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!([{"id": "a1", "name": "Main"}]))))
        .expect(2)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("cloudflare")).unwrap();
    std::fs::write(home.path().join("cloudflare/config.toml"), "[profiles.work]\napi_token = \"profile-token-9c1d\"\n").unwrap();
    let out = cloudflare(&server, &["accounts", "list", "--profile", "work", "-o", "table"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ID  NAME\na1  Main\n");
    let out = cloudflare(&server, &["--profile", "work", "accounts", "list", "--dry-run"], home.path());
    assert!(!text(&out.stdout).contains("profile-token-9c1d"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("<redacted: profile work, api_token>"), "{}", text(&out.stdout));
    let out = cloudflare(&server, &["accounts", "list", "--profile", "work", "-o", "yaml"], home.path());
    assert_eq!(text(&out.stdout), "- id: a1\n  name: Main\n");
    let out = cloudflare(&server, &["accounts", "list", "--profile", "nope"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no profile `nope`"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_calls_any_path_through_the_raw_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/client/v4/zones/z1/some/new/endpoint"))
        .and(query_param("a", "1"))
        .and(query_param("b", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"ok": true}))))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["api", "GET", "/zones/z1/some/new/endpoint?a=1", "--query", "b=2"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!({"ok": true}));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_decodes_the_path_it_is_given_and_shows_an_answer_that_is_not_an_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts/a1/r2/buckets/b/objects/dir%2Fkey%20one"))
        .and(query_param("q", "a b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"plain": [1, 2]})))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["api", "get", "accounts/a1/r2/buckets/b/objects/dir%2Fkey%20one?q=a%20b"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!({"plain": [1, 2]}));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_path_argument_is_a_usage_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["zone", "", "dns-records", "list"], home.path());
    assert_eq!(out.status.code(), Some(2), "stderr: {}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("raw-request"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_table_of_a_null_result_and_a_config_file_with_keys_of_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).and(path("/client/v4/accounts/a1")).respond_with(ResponseTemplate::new(200).set_body_json(envelope(Value::Null))).expect(1).mount(&server).await;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("cloudflare")).unwrap();
    std::fs::write(home.path().join("cloudflare/config.toml"), "editor = \"vi\"\n[profiles.work]\napi_token = \"t\"\naccount_id = \"a1\"\n").unwrap();
    let out = cloudflare(&server, &["accounts", "delete", "a1", "--yes", "-o", "table", "--profile", "work"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "VALUE\n\n");
}

#[test]
fn dry_run_shows_no_password_of_the_base_url() {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudflare"))
        .args(["accounts", "list", "--dry-run"])
        .env_clear()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_BASE_URL", "https://user:hunter2@proxy.example/client/v4")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.starts_with("curl -X GET 'https://proxy.example/client/v4/accounts'"), "{shown}");
    assert!(!shown.contains("hunter2") && !shown.contains("user"), "{shown}");
}

/// `--help` of a few commands, as a user sees it.
#[test]
fn help_of_a_few_commands() {
    for (name, args) in [
        ("dns_records_list", &["zone", "ZONE_ID", "dns-records", "list", "--help"][..]),
        ("dns_records_create", &["zone", "ZONE_ID", "dns-records", "create", "--help"][..]),
        ("accounts_get", &["accounts", "get", "--help"][..]),
        ("zone", &["zone", "--help"][..]),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_cloudflare")).args(args).env_clear().env("COLUMNS", "100").output().expect("the binary runs");
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        insta::assert_snapshot!(name, text(&out.stdout));
    }
}

#[test]
fn search_lists_the_commands_that_match_every_word() {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudflare")).args(["search", "DNS", "records", "list"]).env_clear().output().expect("the binary runs");
    assert!(out.status.success());
    let shown = text(&out.stdout);
    assert!(shown.contains("cloudflare zone <ZONE_ID> dns-records list\n    GET /zones/{zone_id}/dns_records  List DNS Records\n"), "{shown}");
    assert!(!shown.contains("cloudflare accounts list"), "{shown}");
}

#[test]
fn completions_register_with_the_shell_and_are_answered_by_the_binary() {
    let bin = env!("CARGO_BIN_EXE_cloudflare");
    let out = Command::new(bin).args(["completions", "bash"]).env_clear().output().expect("the binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("COMPLETE=\"bash\""), "{script}");
    assert!(script.len() < 10_000, "the script registers; the binary answers ({} bytes)", script.len());
    // What the fish script asks when `cloudflare zone z1 dns-records l` is typed.
    let out = Command::new(bin).args(["--", "cloudflare", "zone", "z1", "dns-records", "l"]).env_clear().env("COMPLETE", "fish").output().expect("the binary runs");
    let verbs: Vec<String> = text(&out.stdout).lines().map(|l| l.split('\t').next().unwrap_or_default().to_string()).collect();
    assert_eq!(verbs, ["list"]);
    let out = Command::new(bin).args(["--", "cloudflare", "zone", "z1", "dns-records", "list", "--per"]).env_clear().env("COMPLETE", "fish").output().expect("the binary runs");
    assert!(text(&out.stdout).lines().any(|l| l.starts_with("--per-page")), "{}", text(&out.stdout));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_parameter_beside_text_in_a_segment_is_filled_in_and_a_second_one_is_a_flag() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts/a1/urlscanner/v2/screenshots/s%201.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PNG".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts/a1/magic/connectors/c1/telemetry/events/e1.7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"k": "v"}))))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["account", "a1", "urlscanner", "v2", "screenshots", "get", "s 1"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(out.stdout, b"PNG");
    let out = cloudflare(&server, &["account", "a1", "magic", "connector", "c1", "telemetry", "events", "get", "e1", "--event-n", "7"], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let missing = cloudflare(&server, &["account", "a1", "magic", "connector", "c1", "telemetry", "events", "get", "e1"], home.path());
    assert_eq!(missing.status.code(), Some(2), "stderr: {}", text(&missing.stderr));
    assert!(text(&missing.stderr).contains("--event-n"), "{}", text(&missing.stderr));
}

/// Workers AI's run-by-name call takes the model's name as written: its slashes are the path's
/// (the table marks the parameter reserved, as the models' own paths spell such names).
#[tokio::test(flavor = "multi_thread")]
async fn a_model_name_keeps_its_slashes_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/client/v4/accounts/a1/ai/run/@cf/meta/llama-3.1-8b-instruct"))
        .and(body_json(json!({"prompt": "hello"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(json!({"response": "hi"}))))
        .expect(1)
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let out = cloudflare(&server, &["account", "a1", "ai", "run", "model", "@cf/meta/llama-3.1-8b-instruct", "--body", r#"{"prompt": "hello"}"#], home.path());
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!({"response": "hi"}));
}

//! Per-call extras (`RequestOptions::header`, `query`, `extra_body`) and the client's defaults
//! (`ClientBuilder::default_header`, `user_agent_suffix`), as they go out on the wire: how a
//! user sends a header, a parameter or a field newer than the SDK.

mod common;

use cloudflare_sdk::{Client, Error, RequestOptions};
use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_calls_extra_header_query_and_body_fields_go_out_with_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok(json!({"id": "ns", "title": "replaced"}))).mount(&server).await;
    let options = RequestOptions::new()
        .header("x-newer-header", "1")
        .header("User-Agent", "mine/1.0")
        .query("newer_param", "a b")
        .extra_body(json!({"newer_field": true}))
        .extra_body(json!({"title": "replaced"}));
    client(&server, token()).account("acc").storage().kv().namespaces().create().body_map(|b| b.title("original")).send_with(options).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-newer-header"), Some("1"));
    // The caller's replaces the SDK's.
    assert_eq!(header(&request, "user-agent"), Some("mine/1.0"));
    assert_eq!(request.url.query(), Some("newer_param=a+b"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({"title": "replaced", "newer_field": true}));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-secret"));
}

#[tokio::test]
async fn extra_body_fields_are_the_body_of_a_call_that_sends_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok(json!({"id": "tail", "url": "wss://tail.example"}))).mount(&server).await;
    let options = RequestOptions::new().extra_body(json!({"newer_field": 1}));
    client(&server, token()).account("acc").workers().script("w").tails().create().send_with(options).await.unwrap();
    let body: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(body, json!({"newer_field": 1}));
}

#[tokio::test]
async fn a_credential_header_or_a_bad_extra_fails_the_call_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok(json!([]))).mount(&server).await;
    let bad = [
        (RequestOptions::new().header("Authorization", "Bearer other-secret"), "authorization"),
        (RequestOptions::new().header("X-Auth-Key", "other-secret"), "x-auth-key"),
        (RequestOptions::new().header("bad name", "x"), "not a valid header name"),
        (RequestOptions::new().header("x-ok", "line\nother-secret"), "not a valid header value"),
        (RequestOptions::new().extra_body(json!(["other-secret"])), "JSON object"),
    ];
    for (options, says) in bad {
        let err = client(&server, token()).accounts().list().send_with(options).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(shown.contains(says) && !shown.contains("other-secret"), "{shown}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    // Nor does an extra header's value show in `Debug` of the options.
    assert!(!format!("{:?}", RequestOptions::new().header("x-private", "value-secret")).contains("value-secret"));
}

#[tokio::test]
async fn the_clients_default_headers_and_user_agent_suffix_go_with_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok(json!([]))).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(format!("{}/client/v4", server.uri())).default_header("x-team", "dns").user_agent_suffix("my-tool/2.3").build().unwrap();
    client.accounts().list().send().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-team"), Some("dns"));
    assert_eq!(header(&request, "user-agent"), Some(concat!("cloudflare-sdk-rust/", env!("CARGO_PKG_VERSION"), " my-tool/2.3")));
    // A call's own header replaces the client's.
    client.accounts().list().send_with(RequestOptions::new().header("x-team", "ops")).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[1], "x-team"), Some("ops"));

    let err = Client::builder().credentials(token()).default_header("X-Auth-Email", "a@example.com").build().unwrap_err();
    assert!(matches!(err, Error::Config(ref m) if m.contains("x-auth-email")), "{err}");
}

#[tokio::test]
async fn every_page_of_a_walk_carries_the_options() {
    use futures::TryStreamExt;
    let server = MockServer::start().await;
    for n in 1..=2 {
        let info = json!({"page": n, "per_page": 1, "total_pages": 2, "total_count": 2});
        let page = json!({"success": true, "errors": [], "messages": [], "result": [{"id": format!("a{n}")}], "result_info": info});
        Mock::given(method("GET"))
            .and(query_param("page", n.to_string()))
            .and(query_param("newer_param", "x"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let options = RequestOptions::new().query("newer_param", "x").header("x-walk", "1");
    let items: Vec<_> = client(&server, token()).accounts().list().per_page(1).paginate().with_options(options).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
    for request in server.received_requests().await.unwrap() {
        assert_eq!(header(&request, "x-walk"), Some("1"));
    }
}

#[tokio::test]
async fn a_raw_call_reaches_any_path_with_the_sdks_credentials_and_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok(json!([{"id": "r1", "type": "A"}]))).mount(&server).await;
    let records = client(&server, token()).request(reqwest::Method::GET, ["zones", "z/1", "dns_records"]).query("type", "A").send::<Vec<Value>>().await.unwrap();
    assert_eq!(records[0]["id"], "r1");
    let request = only_request(&server).await;
    // Each segment is one path segment, encoded as a path parameter is.
    assert_eq!(request.url.path(), "/client/v4/zones/z%2F1/dns_records");
    assert_eq!(request.url.query(), Some("type=A"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-secret"));

    let err = client(&server, token()).request(reqwest::Method::GET, ["zones", ".."]).send::<Value>().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing more sent");
}

/// The raw call reads server-sent events as a generated call does: it asks for them, and each
/// event's `data` is read as the type asked for; a failure is the API's error before any event.
#[tokio::test]
async fn a_raw_call_reads_server_sent_events() {
    use futures::TryStreamExt;
    let server = MockServer::start().await;
    let events = "data: {\"response\": \"Hel\"}\n\ndata: {\"response\": \"lo\"}\n\ndata: [DONE]\n\n";
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream")).mount(&server).await;
    let model = "@cf/meta/llama-3.1-8b-instruct";
    // A model's name is a path of its own below `run/`: one segment per part.
    let segments = ["accounts", "a1", "ai", "run"].into_iter().chain(model.split('/'));
    let stream = client(&server, token()).request(reqwest::Method::POST, segments).json(&json!({"prompt": "hi", "stream": true})).send_events::<Value>().await.unwrap();
    let parts: Vec<String> = stream.map_ok(|event| event.data["response"].as_str().unwrap_or_default().to_string()).try_collect().await.unwrap();
    assert_eq!(parts.concat(), "Hello");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/client/v4/accounts/a1/ai/run/@cf/meta/llama-3.1-8b-instruct");
    assert_eq!(header(&request, "accept"), Some("text/event-stream"));
    assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap()["stream"], true);

    let failing = MockServer::start().await;
    let failure = json!({"success": false, "errors": [{"code": 5007, "message": "No such model"}], "messages": [], "result": null});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400).set_body_json(failure)).mount(&failing).await;
    let err = client(&failing, token()).request(reqwest::Method::POST, ["accounts", "a1", "ai", "run", "nothing"]).send_events::<Value>().await;
    let Err(err) = err else { panic!("a failure envelope is an error") };
    assert_eq!(err.codes(), vec![5007]);
}

#[tokio::test]
async fn a_raw_write_sends_its_json_and_fails_like_any_call() {
    let server = MockServer::start().await;
    let failure = json!({"success": false, "errors": [{"code": 1004, "message": "DNS Validation Error"}], "messages": [], "result": null});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400).set_body_json(failure).insert_header("cf-ray", "8abc-SJC")).mount(&server).await;
    let err =
        client(&server, token()).request(reqwest::Method::POST, ["zones", "z1", "dns_records"]).json(&json!({"type": "A", "name": "www", "content": "192.0.2.1"})).send::<Value>().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.codes(), vec![1004]);
    assert_eq!(err.as_api().unwrap().cf_ray.as_deref(), Some("8abc-SJC"));
    let request = only_request(&server).await;
    assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), json!({"type": "A", "name": "www", "content": "192.0.2.1"}));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_raw_call_is_retried_by_its_method_as_generated_calls_are() {
    let busy = || ResponseTemplate::new(503).set_body_json(json!({"success": false, "errors": [{"code": 10000, "message": "busy"}], "messages": []}));
    let retrying = |server: &MockServer| {
        Client::builder()
            .credentials(token())
            .base_url(format!("{}/client/v4", server.uri()))
            .retry_policy(cloudflare_sdk::RetryPolicy { max_retries: 2, initial_backoff: std::time::Duration::from_millis(5), max_backoff: std::time::Duration::from_millis(10), ..Default::default() })
            .build()
            .unwrap()
    };
    for (verb, attempts) in [(reqwest::Method::GET, 3), (reqwest::Method::POST, 1)] {
        let server = MockServer::start().await;
        Mock::given(method(verb.as_str())).respond_with(busy()).mount(&server).await;
        let _ = retrying(&server).request(verb.clone(), ["accounts"]).send::<Value>().await.unwrap_err();
        assert_eq!(server.received_requests().await.unwrap().len(), attempts, "{verb}");
    }
}

//! Pagination, retries, timeouts, per-call options and metadata, against a loopback server.
//! Tracing has its own test binary (`tests/tracing.rs`).

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use cloudflare_sdk::{operations, Client, Error, Operation, Plan, RequestOptions, RetryPolicy};
use common::*;
use futures::TryStreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn page(items: Value, info: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": items, "result_info": info})
}

fn fast_retries(server: &MockServer, retries: u32) -> Client {
    Client::builder()
        .credentials(token())
        .base_url(format!("{}/client/v4", server.uri()))
        .retry_policy(RetryPolicy { max_retries: retries, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50), ..RetryPolicy::default() })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_page_whose_items_were_all_left_out_does_not_end_the_walk() {
    let server = MockServer::start().await;
    for n in 1..=3 {
        // Page 2's items are not accounts at all: lenient decoding leaves both out.
        let items = if n == 2 { json!(["not an account", 7]) } else { json!([{"id": format!("a{n}")}, {"id": format!("b{n}")}]) };
        Mock::given(method("GET"))
            .and(path("/client/v4/accounts"))
            .and(query_param("page", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(items, json!({"page": n, "per_page": 2, "total_pages": 3, "total_count": 6}))))
            .expect(1)
            .mount(&server)
            .await;
    }
    let items: Vec<cloudflare_sdk::types::IamAccount> = client(&server, token()).accounts().list().per_page(2).paginate().items().try_collect().await.unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["a1", "b1", "a3", "b3"]);
}

#[tokio::test]
async fn three_pages_then_stop() {
    let server = MockServer::start().await;
    for n in 1..=3 {
        let items = json!([{"id": format!("a{n}")}, {"id": format!("b{n}")}]);
        Mock::given(method("GET"))
            .and(path("/client/v4/accounts"))
            .and(query_param("page", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(items, json!({"page": n, "per_page": 2, "total_pages": 3, "total_count": 6}))))
            .expect(1)
            .mount(&server)
            .await;
    }
    let items: Vec<cloudflare_sdk::types::IamAccount> = client(&server, token()).accounts().list().per_page(2).paginate().items().try_collect().await.unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["a1", "b1", "a2", "b2", "a3", "b3"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Offset/limit lists (Radar, Images sourcing, Zaraz history, ...): each request asks for the
/// items after those sent so far, and the walk stops at `total_count`.
#[tokio::test]
async fn an_offset_walk_asks_for_the_items_after_those_sent_and_stops_at_the_total() {
    let server = MockServer::start().await;
    for (offset, items) in [(0, json!([1, 2])), (2, json!([3, 4])), (4, json!([5, 6]))] {
        let info = json!({"count": 2, "per_page": 2, "total_count": 6});
        Mock::given(method("GET")).and(query_param("offset", offset.to_string())).respond_with(ResponseTemplate::new(200).set_body_json(page(items, info))).mount(&server).await;
    }
    let client = client(&server, token());
    let walk = cloudflare_sdk::pagination::Paginator::by_offset(|offset| client.request(reqwest::Method::GET, ["things"]).query("offset", offset.to_string()).send::<Vec<i64>>());
    let items: Vec<i64> = walk.items().try_collect().await.unwrap();
    assert_eq!(items, [1, 2, 3, 4, 5, 6]);
    // Three requests: the total is reached, offset 6 is never asked for.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_server_that_ignores_page_ends_the_stream_on_the_repeat() {
    let server = MockServer::start().await;
    // Always the first page, and a total that promises many more.
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([{"id": "a"}, {"id": "b"}]), json!({"page": 1, "per_page": 2, "total_count": 1000}))))
        .mount(&server)
        .await;
    let pages: Vec<_> = client(&server, token()).accounts().list().paginate().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the second request shows the repeat");
}

#[tokio::test]
async fn a_cap_on_pages_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &Request| {
            let n: u64 = request.url.query_pairs().find(|(k, _)| k == "page").map(|(_, v)| v.parse().unwrap()).unwrap_or(1);
            ResponseTemplate::new(200).set_body_json(page(json!([{"id": n}]), json!({"page": n, "per_page": 1, "total_count": 1000})))
        })
        .mount(&server)
        .await;
    let pages: Vec<_> = client(&server, token()).accounts().list().paginate().max_pages(4).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[3].result_info().unwrap().page, Some(4));
}

#[tokio::test]
async fn cursor_pages_follow_the_cursor_until_it_is_empty() {
    let server = MockServer::start().await;
    let keys = "/client/v4/accounts/acc/storage/kv/namespaces/ns/keys";
    let respond = |names: &[&str], cursor: &str| {
        let items: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
        ResponseTemplate::new(200).set_body_json(page(json!(items), json!({"count": names.len(), "cursor": cursor})))
    };
    Mock::given(method("GET")).and(path(keys)).and(query_param("cursor", "c1")).respond_with(respond(&["c", "d"], "c2")).mount(&server).await;
    Mock::given(method("GET")).and(path(keys)).and(query_param("cursor", "c2")).respond_with(respond(&["e"], "")).mount(&server).await;
    Mock::given(method("GET")).and(path(keys)).respond_with(respond(&["a", "b"], "c1")).mount(&server).await;

    let keys: Vec<_> = client(&server, token()).account("acc").storage().kv().namespace("ns").keys().list().paginate().items().try_collect().await.unwrap();
    let names: Vec<_> = keys.iter().map(|k| k.name.clone().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Answers with the given responses in turn, then repeats the last.
struct Sequence(Vec<ResponseTemplate>, AtomicU32);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, Ordering::SeqCst) as usize;
        self.0[n.min(self.0.len() - 1)].clone()
    }
}

fn sequence(responses: Vec<ResponseTemplate>) -> Sequence {
    Sequence(responses, AtomicU32::new(0))
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_wait() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).set_body_json(failure(&[(10000, "Rate limited")])).insert_header("retry-after", "1");
    Mock::given(method("GET")).respond_with(sequence(vec![limited, seed_ok()])).mount(&server).await;
    let started = Instant::now();
    let invites = fast_retries(&server, 2).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    // A lower bound only: the client waited as told (its own backoff here is 10-50 ms).
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn retry_after_ms_is_read_before_retry_after() {
    let server = MockServer::start().await;
    // `Retry-After: 3600` alone would end the call (past the cap); 150 ms is waited for.
    let limited = ResponseTemplate::new(429).set_body_json(failure(&[(10000, "Rate limited")])).insert_header("retry-after", "3600").insert_header("retry-after-ms", "150");
    Mock::given(method("GET")).respond_with(sequence(vec![limited, seed_ok()])).mount(&server).await;
    let started = Instant::now();
    fast_retries(&server, 1).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(140), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_retry_after_given_as_an_http_date_is_waited_for_and_one_past_the_cap_ends_the_call() {
    let server = MockServer::start().await;
    // Two seconds ahead, written to the second: a wait of between one and two seconds.
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let limited = ResponseTemplate::new(429).set_body_json(failure(&[(10000, "Rate limited")])).insert_header("retry-after", date.as_str());
    Mock::given(method("GET")).respond_with(sequence(vec![limited, seed_ok()])).mount(&server).await;
    let started = Instant::now();
    fast_retries(&server, 1).organization(ORG).invites().list().send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900), "waited {:?}", started.elapsed());

    // A date an hour ahead is more than the policy's `max_retry_after`: the call ends with the
    // 429 at once, rather than retry before the server is ready.
    let server = MockServer::start().await;
    let far = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    let limited = ResponseTemplate::new(429).set_body_json(failure(&[(10000, "Rate limited")])).insert_header("retry-after", far.as_str());
    Mock::given(method("GET")).respond_with(sequence(vec![limited, seed_ok()])).mount(&server).await;
    let client = Client::builder()
        .credentials(token())
        .base_url(format!("{}/client/v4", server.uri()))
        .retry_policy(RetryPolicy { max_retries: 1, max_retry_after: Duration::from_millis(200), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let err = client.organization(ORG).invites().list().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.as_api().unwrap().headers.contains_key("retry-after"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_attempts_and_waits() {
    // An attempt cut by the deadline, not by the (long) attempt timeout.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_secs(10))).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(server.uri()).timeout(Duration::from_secs(60)).deadline(Duration::from_millis(300)).build().unwrap();
    let started = Instant::now();
    let err = client.organization(ORG).invites().list().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());

    // A backoff that would end past the deadline is not waited: the call ends with its answer.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503).set_body_json(failure(&[(10000, "busy")]))).mount(&server).await;
    let slow_backoff = RetryPolicy { max_retries: 5, initial_backoff: Duration::from_secs(20), max_backoff: Duration::from_secs(20), ..RetryPolicy::default() };
    let client = Client::builder().credentials(token()).base_url(server.uri()).retry_policy(slow_backoff).build().unwrap();
    let options = RequestOptions::new().deadline(Duration::from_millis(200));
    let started = Instant::now();
    let err = client.organization(ORG).invites().list().send_with(options).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    // Backoff is jittered (0-20 s): a wait under 200 ms may happen, and then a second attempt.
    let sent = server.received_requests().await.unwrap().len();
    assert!((1..=2).contains(&sent), "{sent} attempts");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_503_twice_then_success() {
    let server = MockServer::start().await;
    let unavailable = ResponseTemplate::new(503).set_body_string("upstream unavailable");
    Mock::given(method("GET")).respond_with(sequence(vec![unavailable.clone(), unavailable, seed_ok()])).mount(&server).await;
    let invites = fast_retries(&server, 2).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn exhausted_retries_say_how_many_attempts_were_made() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503).set_body_json(failure(&[(1000, "Service unavailable")]))).mount(&server).await;
    let err = fast_retries(&server, 2).organization(ORG).invites().list().send().await.unwrap_err();
    assert_eq!(err.as_api().unwrap().attempts, 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn client_errors_other_than_408_409_429_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(400).set_body_json(failure(&[(1001, "Bad request")]))).mount(&server).await;
    let err = fast_retries(&server, 2).organization(ORG).invites().list().send().await.unwrap_err();
    assert_eq!(err.as_api().unwrap().attempts, 1);
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported_with_the_attempts() {
    // A port with nothing listening: bind, learn the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder()
        .credentials(token())
        .base_url(format!("http://127.0.0.1:{port}/client/v4"))
        .retry_policy(RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(10), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let err = client.organization(ORG).invites().list().send().await.unwrap_err();
    assert!(matches!(err, Error::Transport { attempts: 3, .. }), "{err:?}");
}

#[tokio::test]
async fn a_timeout_fires_with_the_sdks_http_client_and_with_ones_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_secs(5))).mount(&server).await;
    for own in [None, Some(reqwest::Client::new())] {
        let mut builder = Client::builder().credentials(token()).base_url(server.uri()).timeout(Duration::from_millis(200)).max_retries(0);
        if let Some(http) = own.clone() {
            builder = builder.http_client(http);
        }
        let err = builder.build().unwrap().organization(ORG).invites().list().send().await.unwrap_err();
        assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "own client {}: {err:?}", own.is_some());
    }
}

#[tokio::test]
async fn a_longer_per_call_timeout_outlasts_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_millis(600))).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(server.uri()).timeout(Duration::from_millis(100)).max_retries(0).build().unwrap();
    let options = RequestOptions::new().timeout(Duration::from_secs(30));
    let invites = client.organization(ORG).invites().list().send_with(options).await.unwrap();
    assert_eq!(invites.len(), 1);
}

#[tokio::test]
async fn per_call_options_override_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_secs(5))).mount(&server).await;
    // The client would wait 60 s and retry twice; this call waits 200 ms, once.
    let client = fast_retries(&server, 2);
    let options = RequestOptions::new().timeout(Duration::from_millis(200)).max_retries(0);
    let err = client.organization(ORG).invites().list().send_with(options).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn each_attempt_gets_the_whole_timeout_and_the_wait_between_counts_for_none() {
    let server = MockServer::start().await;
    // Each attempt takes 150 ms of a 250 ms timeout, and the server asks for a 1 s wait in
    // between: 1.3 s in all, which only a deadline per attempt, paused for the wait, allows.
    let busy = ResponseTemplate::new(503).insert_header("retry-after", "1").set_delay(Duration::from_millis(150));
    Mock::given(method("GET")).respond_with(sequence(vec![busy, seed_ok().set_delay(Duration::from_millis(150))])).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(server.uri()).timeout(Duration::from_millis(250)).max_retries(1).build().unwrap();
    let invites = client.organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_endless_timeout_is_no_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_millis(100))).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(server.uri()).timeout(Duration::MAX).build().unwrap();
    let invites = client.organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);
    let options = RequestOptions::new().timeout(Duration::MAX);
    let invites = client.organization(ORG).invites().list().send_with(options).await.unwrap();
    assert_eq!(invites.len(), 1);
}

/// A server that sends the head of its answer and part of the body, then nothing more.
async fn stalling_server() -> String {
    raw_server(|mut socket| async move {
        use tokio::io::AsyncWriteExt;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"success\": true, ";
        let _ = socket.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await
}

#[tokio::test]
async fn the_timeout_covers_the_body_too() {
    let base = stalling_server().await;
    let client = Client::builder().credentials(token()).base_url(base).timeout(Duration::from_millis(300)).max_retries(0).build().unwrap();
    let started = Instant::now();
    let err = client.organization(ORG).invites().list().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

/// A server that sends the head of its answer (its `content-length` the sum of the parts),
/// then each part after its pause, on a connection not to be used again.
async fn trickling_server(parts: &'static [(u64, &'static str)]) -> String {
    raw_server(move |mut socket| async move {
        use tokio::io::AsyncWriteExt;
        let length: usize = parts.iter().map(|(_, part)| part.len()).sum();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\nconnection: close\r\ncontent-length: {length}\r\n\r\n");
        let _ = socket.write_all(head.as_bytes()).await;
        for (pause, part) in parts {
            tokio::time::sleep(Duration::from_millis(*pause)).await;
            let _ = socket.write_all(part.as_bytes()).await;
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await
}

fn streaming_client(base: String, timeout_ms: u64, idle_ms: u64) -> Client {
    Client::builder().credentials(token()).base_url(base).timeout(Duration::from_millis(timeout_ms)).idle_timeout(Duration::from_millis(idle_ms)).max_retries(0).build().unwrap()
}

#[tokio::test]
async fn a_streamed_body_outlasts_the_attempt_timeout_while_data_keeps_coming() {
    // Ten parts 100 ms apart: a second in all, over three times the attempt's timeout.
    static PARTS: [(u64, &str); 10] = [(100, "0"), (100, "1"), (100, "2"), (100, "3"), (100, "4"), (100, "5"), (100, "6"), (100, "7"), (100, "8"), (100, "9")];
    let client = streaming_client(trickling_server(&PARTS).await, 300, 2_000);
    let started = Instant::now();
    let response = client.organization(ORG).invites().list().send_http().await.unwrap();
    assert_eq!(response.content_length(), Some(10), "the length is kept");
    assert!(response.url().path().ends_with("/invites"), "the URL is kept: {}", response.url());
    assert_eq!(response.bytes().await.unwrap(), "0123456789");
    assert!(started.elapsed() > Duration::from_millis(900), "took {:?}", started.elapsed());
    // The same through `send_raw`, progenitor's stream.
    let raw = client.organization(ORG).invites().list().send_raw().await.unwrap();
    let bytes: Vec<bytes::Bytes> = raw.into_inner().into_inner().try_collect().await.unwrap();
    assert_eq!(bytes.concat(), b"0123456789");
}

#[tokio::test]
async fn a_streamed_body_that_goes_quiet_fails_after_the_idle_timeout() {
    let client = streaming_client(stalling_server().await, 30_000, 300);
    let response = client.organization(ORG).invites().list().send_http().await.unwrap();
    let started = Instant::now();
    let err = response.bytes().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&err);
    while let Some(err) = source {
        chain.push_str(&format!("{err}; "));
        source = err.source();
    }
    assert!(chain.contains("no data for 300ms while reading the body"), "{chain}");
    assert!(started.elapsed() >= Duration::from_millis(300) && started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn the_idle_timeout_counts_the_readers_wait_not_its_pauses() {
    // The second part comes 700 ms after the first; the reader pauses 500 ms in between, then
    // waits 200 ms, well within its 400 ms.
    static PARTS: [(u64, &str); 2] = [(0, "first "), (700, "second")];
    let client = streaming_client(trickling_server(&PARTS).await, 1_000, 400);
    let mut response = client.organization(ORG).invites().list().send_http().await.unwrap();
    assert_eq!(response.chunk().await.unwrap().unwrap(), "first ");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(response.chunk().await.unwrap().unwrap(), "second");
}

#[tokio::test]
async fn the_attempt_timeout_of_a_streamed_call_ends_at_the_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(seed_ok().set_delay(Duration::from_secs(5))).mount(&server).await;
    let client = streaming_client(server.uri(), 200, 30_000);
    let started = Instant::now();
    let err = client.organization(ORG).invites().list().send_http().await.unwrap_err();
    assert!(matches!(&err, cloudflare_sdk::Error::Timeout { attempts: 1, .. }) && err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    // A GET is retried on a timeout, as `send()` does.
    let options = RequestOptions::new().max_retries(1);
    let err = client.organization(ORG).invites().list().send_http_with(options).await.unwrap_err();
    assert!(matches!(&err, cloudflare_sdk::Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn per_call_timeouts_of_a_streamed_call_override_the_clients() {
    static PARTS: [(u64, &str); 2] = [(0, "first "), (600, "second")];
    let base = trickling_server(&PARTS).await;
    let client = streaming_client(base, 30_000, 200);
    let quiet = client.organization(ORG).invites().list().send_http().await.unwrap().bytes().await.unwrap_err();
    assert!(quiet.is_timeout(), "{quiet:?}");
    let patient = RequestOptions::new().idle_timeout(Duration::from_secs(5));
    let body = client.organization(ORG).invites().list().send_http_with(patient.clone()).await.unwrap().bytes().await.unwrap();
    assert_eq!(body, "first second");
    // And the raw call's.
    let body = client.request(reqwest::Method::GET, ["anything"]).send_http_with(patient).await.unwrap().bytes().await.unwrap();
    assert_eq!(body, "first second");
}

/// The README's download of an R2 object, as written there (between `{` and `Ok(())`).
#[rustfmt::skip] // As the README shows it.
async fn readme_download(client: &Client, account_id: &str, bucket: &str, key: &str, path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use futures::TryStreamExt;
    use tokio::io::AsyncWriteExt;

    let response = client.account(account_id).r2().bucket(bucket).objects().get(key)
        .send_http_with(RequestOptions::new().idle_timeout(Duration::from_secs(120)))
        .await?
        .error_for_status()?;
    let mut file = tokio::fs::File::create(path).await?;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.try_next().await? {
        file.write_all(&chunk).await?;
    }
    file.flush().await?; // tokio writes in the background: wait for the last chunk
    Ok(())
}

#[tokio::test]
async fn the_readmes_download_streams_an_object_longer_than_the_attempt_timeout_to_a_file() {
    static PARTS: [(u64, &str); 4] = [(0, "a"), (150, "b"), (150, "c"), (150, "d")];
    // An attempt's timeout of 200 ms, and a body that takes 450 ms.
    let client = streaming_client(trickling_server(&PARTS).await, 200, 50);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("object.bin");
    readme_download(&client, "acc", "bucket", "logs/2026/12/04.ndjson", &path).await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "abcd");
}

#[test]
fn the_readme_shows_the_download_above_as_it_is() {
    assert_readme_shows("runtime.rs", "use futures::TryStreamExt;", "Ok(())");
}

#[test]
fn the_seed_operation_metadata_equals_its_record() {
    let record_text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/codegen/tests/fixtures/organization-invites-list-invitations.record.txt")).unwrap();
    let record = cloudflare_sdk_codegen::spec::parse_record(std::path::Path::new("record"), &record_text).unwrap();
    let meta = &operations::ORGANIZATION_INVITES_LIST_INVITATIONS;
    assert_eq!(meta.id, record.operation_id);
    assert_eq!(meta.method, "GET");
    // The record's path, with the SDK's parameter names.
    assert_eq!(record.path, "/organizations/{organization_identifier}/invites");
    assert_eq!(meta.path, "/organizations/{organization_id}/invites");
    assert_eq!(meta.call, "organization(organization_id).invites().list()");
    assert_eq!(meta.tag, record.tag);
    assert_eq!(meta.required_permissions, ["#organization:read"]);
    assert_eq!(meta.required_permissions.to_vec(), record.required_permissions.iter().map(String::as_str).collect::<Vec<_>>());
    let plans = record.plan_availability.unwrap();
    assert_eq!(meta.available_on(Plan::Enterprise), Some(plans.enterprise));
    assert_eq!([Plan::Free, Plan::Pro, Plan::Business, Plan::Enterprise].map(|p| meta.available_on(p)), [Some(false), Some(false), Some(false), Some(true)]);
    assert_eq!(meta.security, [["api_email", "api_key"]]);
    assert_eq!(operations::find("organization-invites-list-invitations"), Some(meta));
    assert!(operations::ALL.iter().any(|o| o.id == meta.id));
}

#[test]
fn permissions_for_several_operations() {
    let needed = Operation::permissions_for([&operations::ORGANIZATION_INVITES_LIST_INVITATIONS, &operations::ACCOUNTS_LIST_ACCOUNTS]);
    assert!(needed.contains(&"#organization:read"));
    let mut sorted = needed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(needed, sorted);
}

#[tokio::test]
async fn what_the_types_have_no_field_for_stays_reachable_in_the_body() {
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    body["result"][0]["field_newer_than_the_spec"] = serde_json::json!({"nested": [1, 2]});
    body["envelope_extra"] = serde_json::json!(true);
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let response = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(response.len(), 1);
    let json = response.json().unwrap();
    assert_eq!(json["result"][0]["field_newer_than_the_spec"]["nested"][1], 2);
    assert_eq!(json["envelope_extra"], true);
    assert_eq!(response.body().as_ref(), serde_json::to_vec(&body).unwrap().as_slice());
    // Still there after mapping the result.
    assert_eq!(response.map(|invites| invites.len()).json().unwrap(), json);
}

#[tokio::test]
async fn an_answer_that_deviates_from_the_spec_still_decodes() {
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    let role = body["result"][0]["roles"][0].clone();
    // A number where text is declared, one object where a list is, `null` for a list.
    body["result"][0]["invited_member_email"] = json!(12345);
    body["result"][0]["roles"] = role.clone();
    body["messages"] = Value::Null;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let invites = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites[0].invited_member_email.as_deref(), Some("12345"));
    let roles = invites[0].roles.as_deref().expect("the roles were sent");
    assert_eq!(roles.len(), 1);
    assert_eq!(serde_json::to_value(&roles[0]).unwrap()["id"], role["id"]);
}

#[tokio::test]
async fn a_setter_value_that_does_not_convert_fails_the_call_before_sending_with_its_message() {
    let server = MockServer::start().await;
    let client = client(&server, token());
    // `per_page` is an `i64`; this `u64` does not fit.
    let error = client.accounts().list().per_page(u64::MAX).send().await.unwrap_err();
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!((*operation, message.as_str()), ("accounts-list-accounts", "conversion to `i64` for per_page failed"));
        }
        other => panic!("not an invalid request: {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "an invalid request was sent");
}

#[tokio::test]
async fn send_events_asks_for_an_event_stream_and_yields_typed_events_until_done() {
    let server = MockServer::start().await;
    let body = ": keep-alive\n\nevent: metrics\nid: 1\ndata: {\"backlog_count\": 5, \"backlog_bytes\": 1024,\n\
                data: \"oldest_message_timestamp_ms\": 1710950954154}\n\ndata: not json\n\ndata: {\"backlog_count\": \"7\"}\r\n\r\ndata: [DONE]\n\ndata: {\"backlog_count\": 9}\n\n";
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts/acc/queues/q1/metrics"))
        .and(wiremock::matchers::header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).insert_header("cf-ray", "ray-1").set_body_raw(body, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let mut events = client(&server, token()).account("acc").queue("q1").metrics().get().send_events().await.unwrap();
    assert_eq!(events.cf_ray(), Some("ray-1"));
    let first = events.try_next().await.unwrap().unwrap();
    assert_eq!((first.data.backlog_count, first.data.backlog_bytes, first.data.oldest_message_timestamp_ms), (Some(5), Some(1024.0), Some(1710950954154)));
    assert_eq!((first.event.as_deref(), first.id.as_deref()), (Some("metrics"), Some("1")));
    assert!(first.raw_data.contains("\n\"oldest_message_timestamp_ms\""), "data lines are joined by a newline: {:?}", first.raw_data);
    // Data that does not decode is an error holding it, and the stream goes on.
    let err = events.try_next().await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.body == "not json"), "{err:?}");
    // Mended like any answer: the number sent as text is read.
    let third = events.try_next().await.unwrap().unwrap();
    assert_eq!((third.data.backlog_count, third.id.as_deref()), (Some(7), Some("1")));
    // `[DONE]` ends the stream; what follows is not read.
    assert!(events.try_next().await.unwrap().is_none());
    assert!(events.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn send_events_of_a_failure_is_the_api_error_before_any_event() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(403).insert_header("cf-ray", "ray-2").set_body_json(failure(&[(10000, "Authentication error")]))).mount(&server).await;
    let err = client(&server, token()).account("acc").queue("q1").metrics().get().send_events().await.unwrap_err();
    assert_eq!((err.status(), err.codes()), (Some(reqwest::StatusCode::FORBIDDEN), vec![10000]));
    assert_eq!(err.as_api().unwrap().cf_ray.as_deref(), Some("ray-2"));
}

#[tokio::test]
async fn events_outlast_the_attempt_timeout_while_they_keep_coming_and_a_silent_stream_fails_after_the_idle_timeout() {
    static PARTS: [(u64, &str); 5] =
        [(0, "data: {\"backlog_count\": 1}\n"), (150, "\n"), (150, "data: {\"backlog_count\": 2}\n\n"), (150, "data: {\"backlog_count\": 3}\n\n"), (150, "data: [DONE]\n\n")];
    // An attempt's timeout of 200 ms, and events over 600 ms.
    let client = streaming_client(trickling_server(&PARTS).await, 200, 400);
    let events = client.account("acc").queue("q1").metrics().get().send_events().await.unwrap();
    let counts: Vec<Option<i64>> = events.map_ok(|e| e.data.backlog_count).try_collect().await.unwrap();
    assert_eq!(counts, [Some(1), Some(2), Some(3)]);

    let client = streaming_client(stalling_server().await, 30_000, 300);
    let mut events = client.account("acc").queue("q1").metrics().get().send_events().await.unwrap();
    let started = Instant::now();
    let err = events.try_next().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(events.try_next().await.unwrap().is_none(), "the stream ends after its error");
}

#[tokio::test]
async fn an_event_longer_than_max_response_bytes_ends_the_stream_but_many_small_events_do_not() {
    let server = MockServer::start().await;
    let small = "data: {\"backlog_count\": 1}\n\n".repeat(200);
    // An endless line, as far as the client may read: 64 KiB with no line end.
    let endless = format!("{small}data: {}", "x".repeat(64 * 1024));
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(endless, "text/event-stream")).mount(&server).await;
    let client = Client::builder().credentials(token()).base_url(server.uri()).max_response_bytes(4096).build().unwrap();
    let mut events = client.account("acc").queue("q1").metrics().get().send_events().await.unwrap();
    // 200 events of 5.6 KiB in all, more than the limit together, each well under it.
    for _ in 0..200 {
        assert_eq!(events.try_next().await.unwrap().unwrap().data.backlog_count, Some(1));
    }
    let err = events.try_next().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 4096, .. }), "{err:?}");
    assert!(events.try_next().await.unwrap().is_none(), "the stream ends after its error");
}

#[tokio::test]
async fn paginate_walks_a_list_held_by_the_one_list_field_of_the_result_by_offset() {
    let server = MockServer::start().await;
    let source = |id: &str| json!({"id": id, "name": format!("bucket {id}")});
    for (offset, sources) in [(0, json!([source("a"), source("b")])), (2, json!([source("c")])), (3, json!([]))] {
        Mock::given(method("GET"))
            .and(path("/client/v4/accounts/acc/images/v2/sourcingkit/sources"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": {"sources": sources}})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server, token());
    let walk = client.account("acc").images().v2().sourcingkit().sources().list().paginate();
    let ids: Vec<Option<String>> = walk.items().map_ok(|source| source.id).try_collect().await.unwrap();
    assert_eq!(ids, [Some("a".to_string()), Some("b".to_string()), Some("c".to_string())]);
}

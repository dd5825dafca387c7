//! What the client refuses to do, against loopback servers: send credentials to another
//! origin, send a write twice after the server may have acted, or retry against the server's
//! word (`x-should-retry`). One test per row of the README's retry table.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use cloudflare_sdk::{Client, Credentials, Error, RequestOptions, RetryPolicy};
use common::*;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn retrying(server: &MockServer, credentials: Credentials, policy: RetryPolicy) -> Client {
    Client::builder().credentials(credentials).base_url(format!("{}/client/v4", server.uri())).retry_policy(policy).build().unwrap()
}

fn fast(retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries: retries, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(20), ..RetryPolicy::default() }
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(failure(&[(10000, "nope")]))
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// `POST /accounts/{id}/storage/kv/namespaces` (a write) and `GET /organizations/{id}/invites` (a read).
async fn create(client: &Client) -> Result<(), Error> {
    create_with(client, RequestOptions::new()).await
}

async fn create_with(client: &Client, options: RequestOptions) -> Result<(), Error> {
    let namespace = client.account(ORG).storage().kv().namespaces().create().body_map(|body| body.title("new"));
    namespace.send_with(options).await.map(|_| ())
}

async fn list(client: &Client) -> Result<(), Error> {
    client.organization(ORG).invites().list().send().await.map(|_| ())
}

#[tokio::test]
async fn a_read_is_retried_on_5xx() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(status(502)).mount(&server).await;
    let err = list(&retrying(&server, token(), fast(2))).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_write_is_not_retried_after_the_server_may_have_acted() {
    for code in [408, 409, 500, 502, 503] {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(status(code)).mount(&server).await;
        let err = create(&retrying(&server, token(), fast(2))).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
        assert_eq!(requests(&server).await, 1, "POST answered {code} must be sent once");
    }
}

#[tokio::test]
async fn a_write_is_retried_on_429_which_says_it_was_not_processed() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(status(429)).mount(&server).await;
    let _ = create(&retrying(&server, token(), fast(2))).await.unwrap_err();
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn writes_are_retried_when_the_client_or_the_call_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(status(503)).mount(&server).await;
    let opted = retrying(&server, token(), RetryPolicy { retry_writes: true, ..fast(2) });
    let _ = create(&opted).await.unwrap_err();
    assert_eq!(requests(&server).await, 3);

    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(status(503)).mount(&server).await;
    let client = retrying(&server, token(), fast(2));
    let _ = create_with(&client, RequestOptions::new().retry_writes(true)).await.unwrap_err();
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn x_should_retry_decides_before_any_other_rule() {
    // `false` stops a retry the status would allow...
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(status(503).insert_header("x-should-retry", "false")).mount(&server).await;
    let _ = list(&retrying(&server, token(), fast(2))).await.unwrap_err();
    assert_eq!(requests(&server).await, 1);
    // ...and `true` allows one it would not, even for a write.
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(status(400).insert_header("x-should-retry", "true")).mount(&server).await;
    let _ = create(&retrying(&server, token(), fast(2))).await.unwrap_err();
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_success_is_never_sent_again_whatever_x_should_retry_says() {
    let created = json!({"success": true, "errors": [], "messages": [], "result": {"id": "ns", "title": "new"}});
    for code in [200, 201, 202] {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(code).set_body_json(&created).insert_header("x-should-retry", "true")).mount(&server).await;
        create(&retrying(&server, token(), fast(2))).await.unwrap();
        assert_eq!(requests(&server).await, 1, "a {code} was sent again");
    }
    // Nor a redirect, which is an answer too (and an error: the client follows none).
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(307).insert_header("location", "/elsewhere").insert_header("x-should-retry", "true")).mount(&server).await;
    let _ = list(&retrying(&server, token(), fast(2))).await.unwrap_err();
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_write_to_a_closed_port_is_retried_because_it_was_never_sent() {
    // Bind and drop a listener: its port refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().credentials(token()).base_url(format!("http://127.0.0.1:{port}/client/v4")).retry_policy(fast(2)).build().unwrap();
    let err = create(&client).await.unwrap_err();
    assert!(err.to_string().contains("after 3 attempt"), "{err}");
}

#[tokio::test]
async fn send_http_and_send_raw_errors_do_not_print_the_query_either() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().credentials(token()).base_url(format!("http://127.0.0.1:{port}/client/v4")).max_retries(0).build().unwrap();
    let list = || client.accounts().list().name("query-secret");
    let errors = [
        list().send_http().await.map(|_| ()).unwrap_err().to_string(),
        format!("{:?}", list().send_http().await.map(|_| ()).unwrap_err()),
        list().send_raw().await.map(|_| ()).unwrap_err().to_string(),
        format!("{:?}", list().send_raw().await.map(|_| ()).unwrap_err()),
    ];
    for shown in errors {
        assert!(!shown.contains("query-secret"), "{shown}");
    }
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_origin() {
    let credentials = [
        Credentials::ApiToken("token-secret".into()),
        Credentials::ApiKey { email: "user@example.com".into(), key: "key-secret".into() },
        Credentials::UserServiceKey("v1.0-service-key-secret".into()),
    ];
    for credential in credentials {
        let elsewhere = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": []}))).mount(&elsewhere).await;
        let server = MockServer::start().await;
        let location = format!("{}/client/v4/organizations/{ORG}/invites", elsewhere.uri());
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str())).mount(&server).await;

        let err = list(&retrying(&server, credential.clone(), fast(0))).await.unwrap_err();
        assert_eq!(requests(&elsewhere).await, 0, "{credential:?} reached another origin");
        let Error::Api(api) = &err else { panic!("a redirect is an API error: {err:?}") };
        assert_eq!(api.status.as_u16(), 302);
        assert_eq!(api.headers.get("location").and_then(|v| v.to_str().ok()), Some(location.as_str()));
    }
}

#[tokio::test]
async fn no_way_of_building_a_client_lets_a_credential_follow_a_redirect() {
    let credentials = [
        (Credentials::ApiToken("token-secret".into()), "token-secret"),
        (Credentials::ApiKey { email: "user@example.com".into(), key: "key-secret".into() }, "key-secret"),
        (Credentials::UserServiceKey("v1.0-service-key-secret".into()), "service-key-secret"),
    ];
    for (credential, secret) in credentials {
        let elsewhere = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": []}))).mount(&elsewhere).await;
        let server = MockServer::start().await;
        let location = format!("{}/client/v4/organizations/{ORG}/invites", elsewhere.uri());
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str())).mount(&server).await;
        let builder = || Client::builder().credentials(credential.clone()).base_url(format!("{}/client/v4", server.uri())).max_retries(0);

        // reqwest's own configuration, asking to follow redirects: the SDK's policy wins.
        let configured = builder().configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(5))).build().unwrap();
        let err = list(&configured).await.unwrap_err();
        assert!(matches!(&err, Error::Api(api) if api.status.as_u16() == 302), "{err:?}");
        assert_eq!(requests(&elsewhere).await, 0, "{credential:?} reached another origin");

        // A client of the caller's, which follows redirects (reqwest's default): refused where
        // the credential is an `X-Auth-*` header; a token goes, and reqwest strips it when
        // the redirect leaves the origin.
        match builder().http_client(reqwest::Client::new()).build() {
            Ok(own) => {
                assert!(matches!(credential, Credentials::ApiToken(_)));
                list(&own).await.unwrap();
                for request in elsewhere.received_requests().await.unwrap() {
                    for (name, value) in &request.headers {
                        assert!(!value.to_str().unwrap_or_default().contains(secret), "{name} carried the credential to another origin");
                    }
                }
            }
            Err(err) => {
                assert!(!matches!(credential, Credentials::ApiToken(_)), "{err}");
                assert!(matches!(&err, Error::Config(m) if m.contains("X-Auth-")), "{err}");
            }
        }
    }
}

#[tokio::test]
async fn a_page_number_at_the_end_of_the_range_ends_the_walk() {
    use futures::TryStreamExt;
    let server = MockServer::start().await;
    let page = json!({"success": true, "errors": [], "messages": [], "result": [{"id": "a"}, {"id": "b"}], "result_info": {"page": u64::MAX, "per_page": 2}});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(page)).mount(&server).await;
    let items: Vec<_> = retrying(&server, token(), fast(0)).accounts().list().paginate().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_transport_error_does_not_print_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().credentials(token()).base_url(format!("http://127.0.0.1:{port}/client/v4")).max_retries(0).build().unwrap();
    let err = client.accounts().list().name("private-query-value").send().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!shown.contains("private-query-value"), "{shown}");
    assert!(shown.contains("accounts-list-accounts"), "{shown}");
}

#[tokio::test]
async fn an_answer_longer_than_the_limit_is_an_error_and_read_no_further() {
    let server = MockServer::start().await;
    let big = json!({"success": true, "errors": [], "messages": [], "result": [{"id": "x".repeat(4096)}]});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
    let client = |limit| Client::builder().credentials(token()).base_url(format!("{}/client/v4", server.uri())).max_response_bytes(limit).max_retries(0).build().unwrap();
    let err = list(&client(1024)).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1024, .. }), "{err:?}");
    assert!(err.to_string().contains("max_response_bytes"), "{err}");
    list(&client(1 << 20)).await.unwrap();
}

/// Answers after 5 s, `times` times (then no more).
fn late(method_name: &str, times: u64) -> Mock {
    Mock::given(method(method_name)).respond_with(seed_ok().set_delay(Duration::from_secs(5))).up_to_n_times(times)
}

fn impatient(server: &MockServer, retries: u32) -> Client {
    let base_url = format!("{}/client/v4", server.uri());
    Client::builder().credentials(token()).base_url(base_url).timeout(Duration::from_millis(300)).retry_policy(fast(retries)).build().unwrap()
}

#[tokio::test]
async fn a_read_that_gets_no_answer_in_time_is_tried_again() {
    let server = MockServer::start().await;
    late("GET", 1).mount(&server).await;
    Mock::given(method("GET")).respond_with(seed_ok()).mount(&server).await;
    let invites = impatient(&server, 2).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(requests(&server).await, 2);

    // The last attempt runs into the call's deadline.
    let server = MockServer::start().await;
    late("GET", 10).mount(&server).await;
    let err = list(&impatient(&server, 1)).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_write_that_gets_no_answer_in_time_is_not_sent_again() {
    let server = MockServer::start().await;
    late("POST", 1).mount(&server).await;
    Mock::given(method("POST")).respond_with(seed_ok()).mount(&server).await;
    let err = create(&impatient(&server, 2)).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(requests(&server).await, 1);
}

/// A server that answers 200 with a chunked body that never ends.
async fn endless_server() -> String {
    let base = raw_server(|mut socket| async move {
        use tokio::io::AsyncWriteExt;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = socket.write_all(head.as_bytes()).await;
        let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
        while socket.write_all(chunk.as_bytes()).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await;
    format!("{base}/client/v4")
}

#[tokio::test]
async fn a_chunked_answer_is_cut_at_the_limit_as_it_arrives() {
    let base_url = endless_server().await;
    let client = Client::builder().credentials(token()).base_url(base_url).max_response_bytes(16 * 1024).timeout(Duration::from_secs(20)).max_retries(0).build().unwrap();
    let started = std::time::Instant::now();
    let err = list(&client).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 16384, .. }), "{err:?}");
    // Cut as soon as 16 KiB came (16 chunks, ~16 ms), far before the 20 s timeout.
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

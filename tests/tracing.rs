//! The request span and the decoding warning, in a test binary of their own.
//!
//! `tracing` caches each callsite's interest process-wide, computed on the thread that first
//! reaches it. A sibling test running without a subscriber would cache "never" for the SDK's span
//! and this test's thread-local subscriber would see nothing, so this binary holds one test only.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use cloudflare_sdk::{Client, RetryPolicy};
use common::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn one_span_per_request_with_its_fields_and_no_secret() {
    let server = MockServer::start().await;
    // One 503, then the seed's example: the span closes after the second attempt.
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    // Its roles are one string, which is no role: left out, with a warning.
    let mut body = seed_example_response();
    body["result"][0]["roles"] = serde_json::json!("unfit-value-xyz");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let client = Client::builder()
        .credentials(token())
        .base_url(format!("{}/client/v4", server.uri()))
        .retry_policy(RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50), ..RetryPolicy::default() })
        .build()
        .unwrap();

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        tracing_subscriber::fmt().with_writer(move || writer.clone()).with_max_level(tracing::Level::DEBUG).with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let invites = client.organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites[0].roles, Some(Vec::new()));

    let text = captured.text();
    for field in ["cloudflare.request", "operation=\"organization-invites-list-invitations\"", "method=GET", "path=\"/client/v4/organizations/", "status=200", "attempt=2", "duration_ms="] {
        assert!(text.contains(field), "no `{field}` in:\n{text}");
    }
    assert!(!text.contains("test-token-secret"), "a secret in the logs:\n{text}");
    let warning = text.lines().find(|l| l.contains("WARN")).unwrap_or_else(|| panic!("no warning in:\n{text}"));
    for part in ["left out values", "operation=\"organization-invites-list-invitations\"", "path=/result/0/roles/0", "places=/result/*/roles/*", "count=1"] {
        assert!(warning.contains(part), "no `{part}` in {warning}");
    }
    assert!(!text.contains("unfit-value-xyz"), "a value in the logs:\n{text}");
}

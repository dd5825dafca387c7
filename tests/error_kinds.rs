//! `Error`'s kinds, as the official SDKs' error classes give them, each from a real answer (or
//! its absence) over loopback.

use std::time::Duration;

use cloudflare_sdk::mock::{MockCloudflare, ResponseTemplate};
use cloudflare_sdk::Error;
use serde_json::json;

/// The error of a call answered `status` with `headers` and a failure envelope, not retried.
async fn answered(status: u16, headers: &[(&str, &str)]) -> Error {
    let mock = MockCloudflare::start().await;
    let mut template = ResponseTemplate::new(status).set_body_json(json!({"success": false, "errors": [{"code": 1000, "message": "failed"}], "messages": [], "result": null}));
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    mock.zone("z1").dns_records().get("r1").respond_with(template).await;
    let client = mock.client_builder().max_retries(0).build().unwrap();
    client.zone("z1").dns_records().get("r1").send().await.unwrap_err()
}

/// not found, rate limited, unauthorized, conflict, server error, timeout, connection.
fn kinds(err: &Error) -> [bool; 7] {
    [err.is_not_found(), err.is_rate_limited(), err.is_unauthorized(), err.is_conflict(), err.is_server_error(), err.is_timeout(), err.is_connection()]
}

#[tokio::test]
async fn each_failure_status_is_its_kind_and_no_other() {
    let (t, f) = (true, false);
    let table = [
        (404, [t, f, f, f, f, f, f]),
        (429, [f, t, f, f, f, f, f]),
        (401, [f, f, t, f, f, f, f]),
        (403, [f, f, t, f, f, f, f]),
        (409, [f, f, f, t, f, f, f]),
        (500, [f, f, f, f, t, f, f]),
        (503, [f, f, f, f, t, f, f]),
        (400, [f, f, f, f, f, f, f]),
    ];
    for (status, expected) in table {
        let err = answered(status, &[]).await;
        assert_eq!(kinds(&err), expected, "{status}: {err:?}");
    }
}

#[tokio::test]
async fn a_rate_limit_says_how_long_to_wait_in_milliseconds_first() {
    assert_eq!(answered(429, &[("retry-after", "7")]).await.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(answered(429, &[("retry-after-ms", "1500"), ("retry-after", "7")]).await.retry_after(), Some(Duration::from_millis(1500)));
    assert_eq!(answered(429, &[]).await.retry_after(), None);
}

#[tokio::test]
async fn a_timeout_and_a_refused_connection_are_told_apart() {
    let mock = MockCloudflare::start().await;
    mock.zone("z1").dns_records().get("r1").respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let slow = mock.client_builder().max_retries(0).timeout(Duration::from_millis(200)).build().unwrap();
    let err = slow.zone("z1").dns_records().get("r1").send().await.unwrap_err();
    assert_eq!(kinds(&err), [false, false, false, false, false, true, false], "{err:?}");

    // A port nothing listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let refused = mock.client_builder().base_url(format!("http://127.0.0.1:{port}/client/v4")).max_retries(0).build().unwrap();
    let err = refused.zone("z1").dns_records().get("r1").send().await.unwrap_err();
    assert_eq!(kinds(&err), [false, false, false, false, false, false, true], "{err:?}");
}

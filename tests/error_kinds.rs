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

/// `send_http` as a program that reports the SDK's errors writes it: `?` on the call, the
/// status read from reqwest's response through the SDK's own re-export.
async fn status_of_dns_record(client: &cloudflare_sdk::Client) -> Result<cloudflare_sdk::StatusCode, Error> {
    let response = client.zone("z1").dns_records().get("r1").send_http().await?;
    Ok(response.status())
}

#[tokio::test]
async fn send_http_fails_with_the_sdks_error_and_answers_any_status() {
    let mock = MockCloudflare::start().await;
    mock.zone("z1").dns_records().get("r1").fails(404, [(81044, "Record not found")]).await;
    // A failure status is an answer: send_http gives it unread.
    assert_eq!(status_of_dns_record(&mock.client()).await.unwrap(), cloudflare_sdk::StatusCode::NOT_FOUND);
    // No answer at all is the SDK's error, naming the operation, like every other call's.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client =
        cloudflare_sdk::Client::builder().credentials(cloudflare_sdk::Credentials::ApiToken("t".into())).base_url(format!("http://127.0.0.1:{port}/client/v4")).max_retries(0).build().unwrap();
    let err = status_of_dns_record(&client).await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    assert!(err.to_string().contains("dns-records-for-a-zone-dns-record-details"), "{err}");
    // The raw call's too, with the method the SDK re-exports.
    let err = client.request(cloudflare_sdk::Method::GET, ["zones"]).send_http().await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
}

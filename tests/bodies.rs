//! Request bodies other than typed JSON: multipart uploads and optional schema-less bodies.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use cloudflare_sdk::multipart::Form;
use common::*;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok(result: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
}

#[tokio::test]
async fn a_multipart_upload_goes_out_with_its_media_type_and_boundary() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ok(json!({"id": "my-worker"}))).mount(&server).await;
    let body = Form::new()
        .text("metadata", r#"{"main_module":"worker.js"}"#)
        .file("worker.js", "worker.js", "application/javascript+module", "export default { fetch() { return new Response('hi') } }")
        .unwrap()
        .into_bytes();
    client(&server, token()).account("acc").workers().scripts().update("my-worker").body(body.clone()).send().await.unwrap();

    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/client/v4/accounts/acc/workers/scripts/my-worker");
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
    assert_eq!(request.body, body.to_vec());
    let text = String::from_utf8_lossy(&request.body);
    assert!(text.contains("name=\"worker.js\"; filename=\"worker.js\"") && text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}

#[tokio::test]
async fn a_multipart_body_without_a_boundary_is_refused_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server, token()).account("acc").workers().scripts().update("w").body("not multipart").send().await.unwrap_err();
    assert!(matches!(err, cloudflare_sdk::Error::InvalidRequest { .. }) && err.to_string().contains("multipart::Form"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_required_schema_less_body_is_not_asked_for_and_goes_out_as_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok(json!({"recs_added": 2}))).mount(&server).await;
    let scanned = client(&server, token()).zone(ORG).dns_records().scan().send().await.unwrap();
    assert_eq!(scanned.recs_added, Some(2.0));
    // The spec requires a JSON body it does not describe: the smallest one satisfies it.
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.body, b"{}", "{:?}", String::from_utf8_lossy(&request.body));
    assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
}

#[tokio::test]
async fn a_bare_json_operation_reads_the_envelope_the_api_answers_with() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ok(json!({"id": "org"}))).mount(&server).await;
    // The spec declares a bare `{id}`; the API answers with the envelope, which is read.
    let left = client(&server, token()).user().organizations().delete(ORG).send().await.unwrap();
    assert_eq!(left.id.as_deref(), Some("org"));
}

#[tokio::test]
async fn a_bare_json_operation_answered_with_a_failure_envelope_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200).set_body_json(failure(&[(1002, "Organization not found")]))).mount(&server).await;
    let err = client(&server, token()).user().organizations().delete("x").send().await.unwrap_err();
    assert_eq!(err.codes(), vec![1002]);
}

#[test]
fn a_part_media_type_that_could_end_its_header_is_refused() {
    use cloudflare_sdk::multipart::Form;
    for bad in ["text/plain\r\nX-Injected: 1", "text/plain\n", "", "a\u{0}b"] {
        let err = Form::new().file("f", "f.txt", bad, "x").unwrap_err();
        assert!(err.to_string().contains("not a media type"), "{err}");
    }
    assert!(Form::new().file("f", "f.txt", "text/plain; charset=utf-8", "x").is_ok());
}

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

/// The parts of a multipart body: (headers, contents) each, in order.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap_or_else(|| panic!("{content_type}"));
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut out = Vec::new();
    let mut rest = &text[..];
    assert!(rest.starts_with(delimiter.as_bytes()), "{}", String::from_utf8_lossy(body));
    rest = &rest[delimiter.len()..];
    while let Some(after) = rest.strip_prefix(b"\r\n") {
        let end = after.windows(delimiter.len() + 2).position(|w| w == format!("\r\n{delimiter}").as_bytes()).expect("a closing delimiter");
        let part = &after[..end];
        let split = part.windows(4).position(|w| w == b"\r\n\r\n").expect("headers");
        out.push((String::from_utf8(part[..split].to_vec()).unwrap(), part[split + 4..].to_vec()));
        rest = &after[end + 2 + delimiter.len()..];
    }
    assert_eq!(rest, b"--\r\n", "the closing boundary ends the body");
    out
}

fn worker_metadata() -> cloudflare_sdk::types::ScriptUpdateFormMetadata {
    cloudflare_sdk::types::ScriptUpdateFormMetadata::builder().main_module("worker.js".to_string()).compatibility_date("2026-11-01".to_string()).try_into().unwrap()
}

#[tokio::test]
async fn a_typed_form_sends_its_json_part_as_json_and_each_file_with_its_name_and_media_type() {
    use cloudflare_sdk::{forms, multipart::File};
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ok(json!({"id": "my-worker"}))).mount(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let wasm = dir.path().join("add.wasm");
    std::fs::write(&wasm, b"\0asm\x01\0\0\0").unwrap();
    let form = forms::AccountWorkersScriptsUpdate {
        metadata: worker_metadata(),
        files: vec![File::bytes("worker.js", "export default {}").media_type("application/javascript+module"), File::path(&wasm).media_type("application/wasm")],
    };
    let uploaded = client(&server, token()).account("acc").workers().scripts().update("my-worker").form(form).send().await.unwrap();
    assert_eq!(uploaded.id.as_deref(), Some("my-worker"));

    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let parts = parts(content_type, &request.body);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert_eq!(parts[0].0, "Content-Disposition: form-data; name=\"files\"; filename=\"worker.js\"\r\nContent-Type: application/javascript+module");
    assert_eq!(parts[0].1, b"export default {}");
    assert_eq!(parts[1].0, "Content-Disposition: form-data; name=\"files\"; filename=\"add.wasm\"\r\nContent-Type: application/wasm");
    assert_eq!(parts[1].1, b"\0asm\x01\0\0\0");
    assert_eq!(parts[2].0, "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json");
    let metadata: serde_json::Value = serde_json::from_slice(&parts[2].1).unwrap();
    assert_eq!(metadata["main_module"], "worker.js");
    assert_eq!(metadata["compatibility_date"], "2026-11-01");
}

#[tokio::test]
async fn a_form_in_memory_is_sent_again_on_a_retry_and_a_streamed_one_once() {
    use cloudflare_sdk::{forms, multipart::File};
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let policy = cloudflare_sdk::RetryPolicy { max_retries: 1, initial_backoff: std::time::Duration::ZERO, ..Default::default() };
    let c = cloudflare_sdk::Client::builder().credentials(token()).base_url(format!("{}/client/v4", server.uri())).retry_policy(policy).build().unwrap();
    let in_memory = forms::AccountWorkersScriptsUpdate { metadata: worker_metadata(), files: vec![File::bytes("worker.js", "export default {}")] };
    c.account("acc").workers().scripts().update("w").form(in_memory).send().await.unwrap_err();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);

    let chunks = futures::stream::iter(["export ", "default ", "{}"].map(|s| Ok::<_, std::io::Error>(bytes::Bytes::from(s))));
    let streamed = forms::AccountWorkersScriptsUpdate { metadata: worker_metadata(), files: vec![File::stream("worker.js", chunks)] };
    c.account("acc").workers().scripts().update("w").form(streamed).send().await.unwrap_err();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 3, "a streamed body cannot be sent twice");
    let content_type = sent[2].headers.get("content-type").unwrap().to_str().unwrap();
    let parts = parts(content_type, &sent[2].body);
    assert_eq!(parts[0].1, b"export default {}");
}

#[tokio::test]
async fn a_file_that_cannot_be_read_or_a_bad_part_media_type_fails_the_call_naming_it() {
    use cloudflare_sdk::{forms, multipart::File};
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ok(json!({"id": "w"}))).mount(&server).await;
    let c = client(&server, token());
    let missing = std::env::temp_dir().join("cloudflare-sdk-no-such-dir").join("worker.js");
    let form = forms::AccountWorkersScriptsUpdate { metadata: worker_metadata(), files: vec![File::path(&missing)] };
    let err = c.account("acc").workers().scripts().update("w").form(form).send().await.unwrap_err();
    let chain = std::iter::successors(Some(&err as &dyn std::error::Error), |e| e.source()).map(|e| e.to_string()).collect::<Vec<_>>().join(": ");
    assert!(chain.contains(&missing.display().to_string()), "{chain}");

    let form = forms::AccountWorkersScriptsUpdate { metadata: worker_metadata(), files: vec![File::bytes("w.js", "x").media_type("text/plain\r\nX-Injected: 1")] };
    let err = c.account("acc").workers().scripts().update("w").form(form).send().await.unwrap_err();
    assert!(matches!(err, cloudflare_sdk::Error::InvalidRequest { .. }) && err.to_string().contains("part `files`"), "{err}");
    assert!(server.received_requests().await.unwrap().iter().all(|r| !String::from_utf8_lossy(&r.body).contains("X-Injected")));
}

#[rustfmt::skip]
async fn readme_upload(client: &cloudflare_sdk::Client, account_id: &str, script_name: &str, worker_js: &std::path::Path, data: Vec<u8>) -> Result<cloudflare_sdk::Response<cloudflare_sdk::types::ScriptResponseUpload>, Box<dyn std::error::Error>> {
    use cloudflare_sdk::{forms, multipart::File, types};

    let metadata = types::ScriptUpdateFormMetadata::builder()
        .main_module("worker.js")
        .compatibility_date("2026-11-01");
    let uploaded = client.account(account_id).workers().scripts().update(script_name)
        .form(forms::AccountWorkersScriptsUpdate {
            metadata: metadata.try_into()?,
            files: vec![
                File::path(worker_js).media_type("application/javascript+module"),
                File::bytes("data.bin", data).media_type("application/octet-stream"),
            ],
        })
        .send().await?;
    Ok(uploaded)
}

#[tokio::test]
async fn the_readmes_upload_sends_the_worker_from_its_path_and_the_data_from_memory() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ok(json!({"id": "my-worker"}))).mount(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let worker_js = dir.path().join("worker.js");
    std::fs::write(&worker_js, "export default { fetch() { return new Response('hi') } }").unwrap();
    let uploaded = readme_upload(&client(&server, token()), "acc", "my-worker", &worker_js, vec![1, 2, 3]).await.unwrap();
    assert_eq!(uploaded.id.as_deref(), Some("my-worker"));

    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/client/v4/accounts/acc/workers/scripts/my-worker");
    let parts = parts(request.headers.get("content-type").unwrap().to_str().unwrap(), &request.body);
    let files: Vec<(&str, &[u8])> = parts.iter().map(|(headers, body)| (headers.as_str(), body.as_slice())).collect();
    assert_eq!(
        files,
        [
            ("Content-Disposition: form-data; name=\"files\"; filename=\"worker.js\"\r\nContent-Type: application/javascript+module", &b"export default { fetch() { return new Response('hi') } }"[..]),
            ("Content-Disposition: form-data; name=\"files\"; filename=\"data.bin\"\r\nContent-Type: application/octet-stream", &[1, 2, 3][..]),
            ("Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json", &br#"{"compatibility_date":"2026-11-01","main_module":"worker.js"}"#[..]),
        ]
    );
}

#[test]
fn the_readme_shows_the_upload_above_as_it_is() {
    assert_readme_shows("bodies.rs", "use cloudflare_sdk::{forms, multipart::File, types};", "Ok(uploaded)");
}

#[tokio::test]
async fn a_forms_text_parts_go_out_as_their_values_and_unset_optional_parts_not_at_all() {
    use cloudflare_sdk::{forms, multipart::File};
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok(json!({"id": "img"}))).mount(&server).await;
    let form = forms::AccountImagesV1Create {
        file: Some(File::bytes("cat.png", vec![0x89, b'P', b'N', b'G']).media_type("image/png")),
        require_signed_ur_ls: Some(true),
        metadata: Some(json!({"owner": "me"})),
        ..Default::default()
    };
    client(&server, token()).account("acc").images().v1().create().form(form).send().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let parts = parts(request.headers.get("content-type").unwrap().to_str().unwrap(), &request.body);
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(headers, body)| (headers.as_str(), body.as_slice())).collect();
    assert_eq!(
        parts,
        [
            ("Content-Disposition: form-data; name=\"file\"; filename=\"cat.png\"\r\nContent-Type: image/png", &[0x89, b'P', b'N', b'G'][..]),
            ("Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json", &br#"{"owner":"me"}"#[..]),
            ("Content-Disposition: form-data; name=\"requireSignedURLs\"", &b"true"[..]),
        ]
    );
}

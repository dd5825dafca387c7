//! Writing to the API as a newcomer does after the official SDKs' docs: bodies filled field by
//! field with plain values, unions built from plain values, each DNS record kind typed for
//! itself.

mod common;

use cloudflare_sdk::types::{DnsRecordCreateBody, DnsRecordCreateBodyMx, MxRecordType};
use cloudflare_sdk::{Client, Error};
use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
}

async fn answering(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(route)).respond_with(ok(json!({"id": "r1", "type": "A", "name": "www.example.com"}))).mount(&server).await;
    server
}

async fn sent(server: &MockServer) -> (String, Value) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let text = String::from_utf8(requests[0].body.clone()).unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

/// The program of the issue, as written: a DNS record the way the Python SDK's docs create one.
async fn create_a_record(client: &Client, zone: &str) -> Result<(), Error> {
    client.zone(zone).dns_records().create().body_map(|b| b.type_("A").name("www.example.com").content("192.0.2.1").ttl(300).proxied(true)).send().await?;
    Ok(())
}

/// The second program, as written: a purge by URL, each URL a plain string.
async fn purge_two_files(client: &Client, zone: &str) -> Result<(), Error> {
    client.zone(zone).purge_cache().body_map(|b| b.files(vec!["https://example.com/a.css".into(), "https://example.com/b.js".into()])).send().await?;
    Ok(())
}

#[tokio::test]
async fn a_dns_record_is_created_from_plain_values_and_sent_as_its_kind() {
    let server = answering("/client/v4/zones/z1/dns_records").await;
    create_a_record(&client(&server, token()), "z1").await.unwrap();
    let (text, body) = sent(&server).await;
    assert_eq!(body, json!({"type": "A", "name": "www.example.com", "content": "192.0.2.1", "ttl": 300, "proxied": true}));
    // A TTL is a count of seconds: written as an integer.
    assert!(text.contains(r#""ttl":300"#) && !text.contains("300.0"), "{text}");
}

#[tokio::test]
async fn an_edit_sends_only_what_it_changes() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ok(json!({"id": "r1", "type": "A", "name": "www.example.com", "ttl": 300}))).mount(&server).await;
    // The record's kind says which fields it may have; nothing else is asked for.
    client(&server, token()).zone("z1").dns_records().edit("r1").body_map(|b| b.type_("A").ttl(300)).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&requests[0].body).unwrap(), json!({"type": "A", "ttl": 300}));
}

#[tokio::test]
async fn a_purge_takes_urls_as_plain_strings() {
    let server = answering("/client/v4/zones/z1/purge_cache").await;
    purge_two_files(&client(&server, token()), "z1").await.unwrap();
    assert_eq!(sent(&server).await.1, json!({"files": ["https://example.com/a.css", "https://example.com/b.js"]}));
}

#[tokio::test]
async fn a_field_the_chosen_kind_does_not_have_is_an_error_naming_both_before_sending() {
    let server = answering("/client/v4/zones/z1/dns_records").await;
    let err = client(&server, token()).zone("z1").dns_records().create().body_map(|b| b.type_("A").name("www").content("192.0.2.1").ttl(1).priority(10)).send().await.unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(message.contains("`priority` is not a field of DnsRecordCreateBody when `type` is \"A\""), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());

    // The same field on a kind that has it is sent, as an integer.
    client(&server, token()).zone("z1").dns_records().create().body_map(|b| b.type_("MX").name("example.com").content("mx.example.com").ttl(1).priority(10)).send().await.unwrap();
    assert_eq!(sent(&server).await.1, json!({"type": "MX", "name": "example.com", "content": "mx.example.com", "ttl": 1, "priority": 10}));
}

#[tokio::test]
async fn a_typed_kind_is_sent_as_it_is_and_its_builder_starts_from_it() {
    let server = answering("/client/v4/zones/z1/dns_records").await;
    let record = DnsRecordCreateBody::from(mx_record());
    assert_eq!(record.kind(), Some("MX"));
    // `body` takes the kind, and `body_map` goes on from it.
    client(&server, token()).zone("z1").dns_records().create().body(record).body_map(|b| b.comment("backup")).send().await.unwrap();
    assert_eq!(sent(&server).await.1, json!({"type": "MX", "name": "example.com", "content": "mx.example.com", "ttl": 3600, "priority": 5, "comment": "backup"}));
}

/// A value the caller set is sent, even empty: `tags: []` clears a record's tags; a field
/// nobody set is not sent.
#[tokio::test]
async fn an_empty_list_the_caller_set_is_sent_and_one_not_set_is_not() {
    let server = answering("/client/v4/zones/z1/dns_records").await;
    let client = client(&server, token());
    let create = || client.zone("z1").dns_records().create();
    create().body_map(|b| b.type_("A").name("www").content("192.0.2.1").ttl(1).tags(Vec::<String>::new())).send().await.unwrap();
    let (text, value) = sent(&server).await;
    assert!(text.contains(r#""tags":[]"#), "{text}");
    assert_eq!(value, json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 1, "tags": []}));
    server.reset().await;
    Mock::given(method("POST")).respond_with(ok(json!({"id": "r1", "type": "A", "name": "www.example.com"}))).mount(&server).await;
    create().body_map(|b| b.type_("A").name("www").content("192.0.2.1").ttl(1)).send().await.unwrap();
    assert_eq!(sent(&server).await.1, json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 1}));
    // And a typed value's field set to empty, the same.
    let record = DnsRecordCreateBody::from(DnsRecordCreateBodyMx { tags: Some(vec![]), ..mx_record() });
    assert_eq!(serde_json::to_value(&record).unwrap()["tags"], json!([]));
}

#[tokio::test]
async fn a_kind_newer_than_the_sdk_is_sent_with_the_fields_set() {
    let server = answering("/client/v4/zones/z1/dns_records").await;
    client(&server, token()).zone("z1").dns_records().create().body_map(|b| b.type_("NEWTYPE").name("x.example.com").content("...").ttl(1)).send().await.unwrap();
    assert_eq!(sent(&server).await.1, json!({"type": "NEWTYPE", "name": "x.example.com", "content": "...", "ttl": 1}));
}

#[test]
fn optional_setters_take_the_value_or_an_option_of_it() {
    use cloudflare_sdk::types::builder;
    let plain = builder::ZonePurgeCacheBody::default().purge_everything(true);
    let wrapped = builder::ZonePurgeCacheBody::default().purge_everything(Some(true));
    let left_out = builder::ZonePurgeCacheBody::default().purge_everything(None::<bool>);
    let body = |b: builder::ZonePurgeCacheBody| serde_json::to_value(cloudflare_sdk::types::ZonePurgeCacheBody::try_from(b).unwrap()).unwrap();
    assert_eq!(body(plain), json!({"purge_everything": true}));
    assert_eq!(body(wrapped), json!({"purge_everything": true}));
    assert_eq!(body(left_out), json!({}));
}

#[test]
fn a_request_union_read_from_json_is_strict_about_the_kinds_it_knows() {
    let mx: DnsRecordCreateBody = serde_json::from_value(json!({"type": "MX", "name": "example.com", "ttl": 1, "priority": 10})).unwrap();
    assert!(matches!(&mx, DnsRecordCreateBody::Mx(record) if record.priority == Some(10)), "{mx:?}");
    // A known kind that does not fit its type is an error, not a value sent as it came.
    let err = serde_json::from_value::<DnsRecordCreateBody>(json!({"type": "MX", "name": "example.com"})).unwrap_err().to_string();
    assert!(err.contains("DnsRecordCreateBody: missing field `ttl`"), "{err}");
    let err = serde_json::from_value::<DnsRecordCreateBody>(json!({"name": "example.com", "ttl": 1})).unwrap_err().to_string();
    assert!(err.contains("DnsRecordCreateBody needs `type`, which says its kind"), "{err}");
    // A kind newer than the SDK is kept as it is.
    let newer: DnsRecordCreateBody = serde_json::from_value(json!({"type": "NEWTYPE", "name": "x"})).unwrap();
    assert_eq!(newer.kind(), Some("NEWTYPE"));
}

/// An MX record written out, every field named.
fn mx_record() -> DnsRecordCreateBodyMx {
    DnsRecordCreateBodyMx {
        comment: None,
        content: Some("mx.example.com".into()),
        name: "example.com".into(),
        priority: Some(5),
        proxied: None,
        settings: None,
        tags: None,
        ttl: 3600,
        type_: MxRecordType::Mx,
    }
}

/// Nested values written in place: a batch's records and deletions appended one by one, each
/// from its builder (for the union of record kinds, the union's builder, whose `type` picks the
/// kind) or as a finished kind, with no `try_into()?` per item; a list of unions from its kinds
/// still takes `vec![a.into(), b.into()]`.
#[tokio::test]
async fn a_list_takes_its_items_one_by_one_from_their_builders() {
    use cloudflare_sdk::types::builder;
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/client/v4/zones/z1/dns_records/batch")).respond_with(ok(json!({}))).mount(&server).await;
    let client = client(&server, token());
    client
        .zone("z1")
        .dns_records()
        .batch()
        .body_map(|b| {
            b.add_post(builder::DnsRecordCreateBody::default().type_("A").name("www.example.com").content("192.0.2.1").ttl(300))
                .add_post(builder::DnsRecordCreateBody::default().type_("MX").name("example.com").content("mx.example.com").ttl(1).priority(10))
                .add_post(mx_record())
                .add_delete(builder::IdList::default().id("r0"))
        })
        .send()
        .await
        .unwrap();
    let mx = json!({"type": "MX", "name": "example.com", "content": "mx.example.com", "ttl": 3600, "priority": 5});
    assert_eq!(
        sent(&server).await.1,
        json!({
            "posts": [
                {"type": "A", "name": "www.example.com", "content": "192.0.2.1", "ttl": 300},
                {"type": "MX", "name": "example.com", "content": "mx.example.com", "ttl": 1, "priority": 10},
                mx,
            ],
            "deletes": [{"id": "r0"}],
        })
    );
    server.reset().await;
    Mock::given(method("POST")).respond_with(ok(json!({}))).mount(&server).await;
    let record = builder::DnsRecordCreateBody::default().type_("A").name("www.example.com").content("192.0.2.1").ttl(300);
    client.zone("z1").dns_records().batch().body_map(|b| b.posts(vec![mx_record().into(), cloudflare_sdk::types::DnsRecordCreateBody::try_from(record).unwrap()])).send().await.unwrap();
    assert_eq!(sent(&server).await.1["posts"][0], mx);

    // An item that does not build is the request's error, naming the list, and nothing is sent.
    server.reset().await;
    let err = client.zone("z1").dns_records().batch().body_map(|b| b.add_delete(builder::IdList::default())).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }) && err.to_string().contains("error converting supplied value for deletes: no value supplied for id"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// What you read, you can send back: a record read is edited by making the edit's body from it
/// (`builder::DnsRecordCreateBody::from(&record)`), changing one field. What only answers hold
/// (`id`, `created_on`, `meta`) is not sent; the rest goes back as read.
#[tokio::test]
async fn a_record_read_is_sent_back_with_one_field_changed() {
    use cloudflare_sdk::types::builder;
    let server = MockServer::start().await;
    let read = json!({
        "id": "r1", "type": "MX", "name": "example.com", "content": "mx.example.com", "priority": 10, "ttl": 3600,
        "proxied": false, "comment": "mail", "tags": ["owner:mail"], "created_on": "2026-01-02T03:04:05Z", "meta": {"auto_added": false}
    });
    Mock::given(method("GET")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ok(read)).mount(&server).await;
    Mock::given(method("PATCH")).and(path("/client/v4/zones/z1/dns_records/r1")).respond_with(ok(json!({"id": "r1", "type": "MX", "name": "example.com"}))).mount(&server).await;
    let client = client(&server, token());
    let record = client.zone("z1").dns_records().get("r1").send().await.unwrap().into_result();
    client.zone("z1").dns_records().edit("r1").body(builder::DnsRecordEditBody::from(&record).ttl(300)).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let edit: Value = serde_json::from_slice(&requests.last().unwrap().body).unwrap();
    assert_eq!(edit, json!({"type": "MX", "name": "example.com", "content": "mx.example.com", "priority": 10, "ttl": 300, "proxied": false, "comment": "mail", "tags": ["owner:mail"]}));
}

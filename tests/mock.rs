//! The `mock` feature as a user's tests use it: a mock Cloudflare whose expectations follow
//! the client's tree, answering a list, a create, a failure, a paginated walk, and a call
//! nobody set up.

use cloudflare_sdk::mock::{MockCloudflare, TEST_TOKEN};
use cloudflare_sdk::types::{DnsRecord, DnsRecordCreateBody, WorkersKvKey};
use cloudflare_sdk::Error;
use futures::TryStreamExt;
use serde_json::json;

fn record(id: &str, name: &str) -> DnsRecord {
    serde_json::from_value(json!({"id": id, "type": "A", "name": name, "content": "192.0.2.1", "ttl": 300, "proxied": false})).unwrap()
}

fn name_of(record: &DnsRecord) -> Option<String> {
    serde_json::to_value(record).unwrap()["name"].as_str().map(str::to_string)
}

#[tokio::test]
async fn a_list_is_answered_with_the_records_given_and_sees_the_client_credentials() {
    let mock = MockCloudflare::start().await;
    let list = mock.zone("z1").dns_records().list().respond(vec![record("r1", "www.example.com")]).await;

    let records = mock.client().zone("z1").dns_records().list().send().await.unwrap();

    assert_eq!(records.len(), 1);
    assert_eq!(name_of(&records[0]).as_deref(), Some("www.example.com"));
    let received = list.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path(), "/zones/z1/dns_records");
    assert_eq!(received[0].header("authorization"), Some(format!("Bearer {TEST_TOKEN}").as_str()));
}

#[tokio::test]
async fn a_create_is_answered_and_its_body_is_read_back_typed() {
    let mock = MockCloudflare::start().await;
    let create = mock.zone("z1").dns_records().create().respond(record("r1", "www.example.com")).await;

    let created = mock.client().zone("z1").dns_records().create().body_map(|b| b.type_("A").name("www.example.com").content("192.0.2.1").ttl(300)).send().await.unwrap();

    assert_eq!(name_of(&created).as_deref(), Some("www.example.com"));
    let sent: DnsRecordCreateBody = create.received()[0].body();
    let DnsRecordCreateBody::A(a) = sent else { panic!("sent as another kind: {sent:?}") };
    assert_eq!(a.content.as_deref(), Some("192.0.2.1"));
    assert_eq!(a.ttl, 300);
}

#[tokio::test]
async fn a_failure_keeps_its_status_codes_and_ray() {
    let mock = MockCloudflare::start().await;
    mock.zone("z1").dns_records().get("r1").fails(403, [(10000, "Authentication error")]).await;

    let err = mock.client().zone("z1").dns_records().get("r1").send().await.unwrap_err();

    let api = err.as_api().unwrap_or_else(|| panic!("not an API error: {err:?}"));
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(err.codes(), vec![10000]);
    assert!(err.to_string().contains("Authentication error"), "{err}");
    assert!(api.cf_ray.as_deref().is_some_and(|ray| ray.ends_with("-MOCK")), "{api:?}");
}

#[tokio::test]
async fn pages_are_walked_by_paginate_in_order_and_the_walk_stops_after_the_last() {
    let mock = MockCloudflare::start().await;
    let pages = vec![vec![record("r1", "a"), record("r2", "b")], vec![record("r3", "c"), record("r4", "d")], vec![record("r5", "e")]];
    let list = mock.zone("z1").dns_records().list().pages(pages).await;

    let client = mock.client();
    let all: Vec<DnsRecord> = client.zone("z1").dns_records().list().paginate().items().try_collect().await.unwrap();

    let names: Vec<_> = all.iter().filter_map(name_of).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    let asked: Vec<_> = list.received().iter().map(|r| r.query("page")).collect();
    assert_eq!(asked, [Some("1".to_string()), Some("2".to_string()), Some("3".to_string())]);
    assert!(mock.unexpected_calls().is_empty(), "{:?}", mock.unexpected_calls());
}

#[tokio::test]
async fn cursor_pages_are_walked_by_the_cursor_each_page_hands_out() {
    let mock = MockCloudflare::start().await;
    let key = |name: &str| serde_json::from_value::<WorkersKvKey>(json!({ "name": name })).unwrap();
    let keys = mock.account("a1").storage().kv().namespace("n1").keys().list().pages(vec![vec![key("k1")], vec![key("k2")], vec![key("k3")]]).await;

    let client = mock.client();
    let all: Vec<WorkersKvKey> = client.account("a1").storage().kv().namespace("n1").keys().list().paginate().items().try_collect().await.unwrap();

    assert_eq!(all.iter().map(|k| k.name.as_deref()).collect::<Vec<_>>(), [Some("k1"), Some("k2"), Some("k3")]);
    let asked: Vec<_> = keys.received().iter().map(|r| r.query("cursor")).collect();
    assert_eq!(asked, [None, Some("mock-cursor-2".to_string()), Some("mock-cursor-3".to_string())]);
}

#[tokio::test]
async fn a_call_nobody_set_up_fails_at_once_naming_the_call() {
    let mock = MockCloudflare::start().await;
    mock.zone("z1").dns_records().list().respond(Vec::<DnsRecord>::new()).await;

    let err = mock.client().zone("z1").dns_records().get("r9").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.codes(), vec![7000]);
    assert!(err.to_string().contains("zone(zone_id).dns_records().get(dns_record_id)"), "{err}");
    assert_eq!(mock.unexpected_calls(), ["GET /zones/z1/dns_records/r9"]);
}

#[tokio::test]
async fn a_path_parameter_matches_as_the_client_encodes_it() {
    let mock = MockCloudflare::start().await;
    let get = mock.zone("z 1/x").dns_records().get("r1").respond(record("r1", "a")).await;

    mock.client().zone("z 1/x").dns_records().get("r1").send().await.unwrap();
    let other: Error = mock.client().zone("z 1").dns_records().get("r1").send().await.unwrap_err();

    assert_eq!(get.calls(), 1);
    assert_eq!(get.received()[0].path(), "/zones/z%201%2Fx/dns_records/r1");
    assert_eq!(other.codes(), vec![7000]);
}

#[tokio::test]
#[should_panic(expected = "Verifications failed")]
async fn times_fails_the_test_when_the_calls_differ() {
    let mock = MockCloudflare::start().await;
    mock.zone("z1").dns_records().get("r1").times(2).respond(record("r1", "a")).await;
    mock.client().zone("z1").dns_records().get("r1").send().await.unwrap();
    // Dropping the mock checks the count: one call, two expected.
}

/// The README's test, as written there.
mod readme {
    use cloudflare_sdk::mock::MockCloudflare;
    use cloudflare_sdk::types::{DnsRecord, DnsRecordCreateBody};
    use futures::TryStreamExt;

    /// The code under test: the names of a zone's records.
    async fn record_names(client: &cloudflare_sdk::Client, zone: &str) -> Result<Vec<String>, cloudflare_sdk::Error> {
        let records: Vec<DnsRecord> = client.zone(zone).dns_records().list().paginate().items().try_collect().await?;
        Ok(records.iter().filter_map(|r| r.name().map(String::from)).collect())
    }

    #[tokio::test]
    async fn lists_every_page_then_creates() {
        let mock = MockCloudflare::start().await;
        let record = |name: &str| serde_json::from_value::<DnsRecord>(serde_json::json!({"type": "A", "name": name})).unwrap();
        // Two pages: `result_info` is filled in, so `paginate()` asks for page 2 and stops.
        mock.zone("z1").dns_records().list().pages(vec![vec![record("a")], vec![record("b")]]).await;
        let create = mock.zone("z1").dns_records().create().times(1).respond(record("c")).await;
        mock.zone("z2").dns_records().list().fails(403, [(10000, "Authentication error")]).await;

        let client = mock.client();
        assert_eq!(record_names(&client, "z1").await.unwrap(), ["a", "b"]);
        client.zone("z1").dns_records().create().body_map(|b| b.type_("A").name("c").content("192.0.2.1").ttl(1)).send().await.unwrap();
        let err = record_names(&client, "z2").await.unwrap_err();
        assert_eq!(err.codes(), [10000]);

        // What the mock received, decoded into the operation's body type.
        let DnsRecordCreateBody::A(sent) = create.received()[0].body() else { panic!("not an A record") };
        assert_eq!(sent.name, "c");
    }
}

#[test]
fn the_readme_shows_the_test_above_as_it_is() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("### Testing code that calls Cloudflare").expect("the README's mock section")..];
    let block = &section[section.find("```rust,ignore\n").expect("its test") + "```rust,ignore\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mock.rs")).unwrap();
    let module = &source[source.find("mod readme {\n").unwrap() + "mod readme {\n".len()..];
    let module = &module[..module.find("\n}\n").unwrap() + 1];
    let dedented: String = module.lines().map(|line| format!("{}\n", line.strip_prefix("    ").unwrap_or(line))).collect();
    assert_eq!(block, dedented);
}

//! The blocking client as a program without async uses it: a call, a walk over pages, and the
//! clear error inside a runtime. The mock server runs on a runtime of the test's own threads.

use cloudflare_sdk::mock::MockCloudflare;
use cloudflare_sdk::types::DnsRecord;
use cloudflare_sdk::{blocking, Error};
use serde_json::json;

fn record(name: &str) -> DnsRecord {
    serde_json::from_value(json!({"type": "A", "name": name, "content": "192.0.2.1"})).unwrap()
}

fn name_of(record: &DnsRecord) -> Option<String> {
    serde_json::to_value(record).unwrap()["name"].as_str().map(str::to_string)
}

/// A mock server running on threads of its own, as an outside service would.
fn served() -> (tokio::runtime::Runtime, MockCloudflare) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let mock = runtime.block_on(MockCloudflare::start());
    (runtime, mock)
}

#[test]
fn a_call_outside_any_runtime_returns_its_result() {
    let (runtime, mock) = served();
    runtime.block_on(mock.zone("z1").dns_records().get("r1").respond(record("www")));

    let client = blocking::Client::new(mock.client()).unwrap();
    let got = client.call(|c| c.zone("z1").dns_records().get("r1").send()).unwrap();

    assert_eq!(name_of(&got).as_deref(), Some("www"));
    // A failure is the async client's error.
    let err = client.call(|c| c.zone("z1").dns_records().get("r2").send()).unwrap_err();
    assert_eq!(err.codes(), vec![7000]);
}

#[test]
fn a_walk_is_an_iterator_over_every_page() {
    let (runtime, mock) = served();
    let list = runtime.block_on(mock.zone("z1").dns_records().list().pages(vec![vec![record("a"), record("b")], vec![record("c")]]));

    let client = blocking::Client::new(mock.client()).unwrap();
    let names: Vec<String> = client.items(|c| c.zone("z1").dns_records().list().paginate()).unwrap().map(|r| name_of(&r.unwrap()).unwrap()).collect();

    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(list.calls(), 2);
}

#[tokio::test]
async fn inside_a_runtime_it_is_a_clear_error() {
    let mock = MockCloudflare::start().await;
    let err = blocking::Client::new(mock.client()).unwrap_err();
    assert!(matches!(&err, Error::Config(message) if message.contains("inside an async runtime")), "{err:?}");
}

#[test]
fn a_call_made_inside_a_runtime_is_the_same_error() {
    let (runtime, mock) = served();
    let client = blocking::Client::new(mock.client()).unwrap();
    let err = runtime.block_on(async { client.call(|c| c.zone("z1").dns_records().get("r1").send()) }).unwrap_err();
    assert!(matches!(&err, Error::Config(message) if message.contains("inside an async runtime")), "{err:?}");
}

//! Each way the live API departs from its description, answered over loopback to a generated
//! call (the seed's invitation list): the call succeeds, the typed value is what was meant,
//! and what could not be typed is still in the body.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use cloudflare_sdk::types::{Invite, InviteStatus};
use cloudflare_sdk::Response;
use common::*;
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The seed's example answer with its first invitation changed by `change`, as decoded.
async fn answered(change: impl FnOnce(&mut Value)) -> Response<Vec<Invite>> {
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    change(&mut body);
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    client(&server, token()).organization(ORG).invites().list().send().await.expect("the answer decodes")
}

#[tokio::test]
async fn one_object_where_a_list_is_declared_is_a_list_of_it() {
    let invites = answered(|body| body["result"] = body["result"][0].clone()).await;
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].status, Some(InviteStatus::Accepted));
}

/// What a field of `T` reads from `result` through the envelope's lenient decoding: `T` has
/// one required field, so a value left out (rather than mended) loses the whole result, and
/// the three ways `null` or `[]` could be handled (mended, left out, failed) differ.
fn read_result<T: serde::de::DeserializeOwned>(result: Value) -> Option<T> {
    let body = serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": result})).unwrap();
    let op = &cloudflare_sdk::operations::ORGANIZATION_INVITES_LIST_INVITATIONS;
    cloudflare_sdk::decode_envelope::<T>(op, reqwest::StatusCode::OK, Default::default(), body.into()).expect("a success").into_result()
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Names {
    /// Items that may be `null` themselves: the list read from `null` is empty, not `[null]`.
    names: Vec<Value>,
    id: String,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Labels {
    labels: std::collections::BTreeMap<String, String>,
    id: String,
}

#[test]
fn null_where_a_list_is_declared_is_an_empty_list() {
    assert_eq!(read_result::<Names>(json!({"names": null, "id": "a"})), Some(Names { names: vec![], id: "a".into() }));
}

/// Seen from the live API: an empty map serialised as `[]` (a PHP empty array). serde reads a
/// struct from `[]` itself; a map it does not.
#[test]
fn an_empty_list_where_a_map_is_declared_is_an_empty_map() {
    assert_eq!(read_result::<Labels>(json!({"labels": [], "id": "a"})), Some(Labels { labels: Default::default(), id: "a".into() }));
}

#[tokio::test]
async fn a_number_or_a_boolean_where_text_is_declared_is_its_text() {
    let invites = answered(|body| {
        body["result"][0]["invited_member_email"] = json!(13335);
        body["result"][0]["organization_name"] = json!(true);
    })
    .await;
    assert_eq!(invites[0].invited_member_email.as_deref(), Some("13335"));
    assert_eq!(invites[0].organization_name.as_deref(), Some("true"));
}

#[tokio::test]
async fn text_where_a_boolean_is_declared_is_the_boolean() {
    let invites = answered(|body| body["result"][0]["organization_is_enforcing_twofactor"] = json!("true")).await;
    assert_eq!(invites[0].organization_is_enforcing_twofactor, Some(true));
}

#[tokio::test]
async fn a_value_that_cannot_fit_is_left_out_and_stays_in_the_body() {
    let invites = answered(|body| body["result"][0]["status"] = json!({"state": "accepted"})).await;
    assert_eq!(invites[0].status, None);
    assert_eq!(invites.json().unwrap()["result"][0]["status"], json!({"state": "accepted"}));
    // The rest of the invitation is typed as usual.
    assert_eq!(invites[0].invited_member_email.as_deref(), Some("user@example.com"));
}

/// DNS records are read by their `type`, wherever it comes in the record: each kind is its
/// own type (an MX record's `priority`, a CAA record's `data`), a kind the spec does not list
/// is kept whole as JSON, and a record that deviates is mended on its own.
#[tokio::test]
async fn records_are_read_by_their_type_and_an_unknown_type_is_kept() {
    use cloudflare_sdk::types::DnsRecord;
    let server = MockServer::start().await;
    let result = json!([
        {"id": "1", "name": "example.com", "content": "192.0.2.1", "ttl": 300, "type": "A"},
        {"type": "MX", "id": "2", "name": "example.com", "content": "mx.example.com", "priority": "10"},
        {"id": "3", "type": "CAA", "name": "example.com", "data": {"flags": 128, "tag": "issue", "value": "ca.example.net"}},
        {"id": "4", "type": "NEWTYPE", "name": "example.com", "content": {"whatever": [1, 2]}},
        {"id": "5", "name": "no type at all"}
    ]);
    let body = json!({"success": true, "errors": [], "messages": [], "result": result});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let records: Response<Vec<DnsRecord>> = client(&server, token()).zone(ORG).dns_records().list().send().await.expect("the answer decodes");
    let kinds: Vec<Option<&str>> = records.iter().map(DnsRecord::kind).collect();
    assert_eq!(kinds, [Some("A"), Some("MX"), Some("CAA"), Some("NEWTYPE"), None]);
    let DnsRecord::A(a) = &records[0] else { panic!("an A record: {:?}", records[0]) };
    assert_eq!((a.content.as_deref(), a.ttl), (Some("192.0.2.1"), Some(300)));
    // `"10"` for a number is mended within the record, the rest of which stays typed.
    let DnsRecord::Mx(mx) = &records[1] else { panic!("an MX record: {:?}", records[1]) };
    assert_eq!((mx.priority, mx.content.as_deref()), (Some(10), Some("mx.example.com")));
    let DnsRecord::Caa(caa) = &records[2] else { panic!("a CAA record: {:?}", records[2]) };
    assert_eq!(caa.data.as_ref().and_then(|d| d.flags), Some(128.0));
    // What the spec does not list is kept, and written back, as it came.
    assert_eq!(records[3], DnsRecord::Other(result[3].clone()));
    assert_eq!(records[4], DnsRecord::Other(result[4].clone()));
    let written: Vec<Value> = records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    assert_eq!(written[3..], result.as_array().unwrap()[3..]);
    assert_eq!(written[0]["type"], "A");
}

/// A union answers the fields all its kinds share, whatever the kind: a listing's names, ids
/// and TTLs read without a match; `None` for a kind the SDK does not know (kept as JSON).
#[tokio::test]
async fn a_union_answers_the_fields_all_its_kinds_share() {
    use cloudflare_sdk::types::DnsRecord;
    let server = MockServer::start().await;
    let result = json!([
        {"id": "1", "name": "a.example.com", "content": "192.0.2.1", "ttl": 300, "proxied": true, "type": "A"},
        {"type": "MX", "id": "2", "name": "example.com", "content": "mx.example.com", "priority": 10, "ttl": 1},
        {"id": "3", "type": "CAA", "name": "example.com", "data": {"flags": 128, "tag": "issue", "value": "ca.example.net"}},
        {"id": "4", "type": "NEWTYPE", "name": "new.example.com"}
    ]);
    let body = json!({"success": true, "errors": [], "messages": [], "result": result});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let records: Response<Vec<DnsRecord>> = client(&server, token()).zone(ORG).dns_records().list().send().await.expect("the answer decodes");
    let names: Vec<(Option<&str>, Option<&str>)> = records.iter().map(|r| (r.id(), r.name())).collect();
    assert_eq!(names, [(Some("1"), Some("a.example.com")), (Some("2"), Some("example.com")), (Some("3"), Some("example.com")), (None, None)]);
    let settings: Vec<(Option<i64>, Option<bool>)> = records.iter().map(|r| (r.ttl(), r.proxied())).collect();
    assert_eq!(settings, [(Some(300), Some(true)), (Some(1), None), (None, None), (None, None)]);
    // The kind-specific fields stay on the kinds; the tag is `kind()`.
    assert_eq!(records.iter().map(DnsRecord::kind).collect::<Vec<_>>(), [Some("A"), Some("MX"), Some("CAA"), Some("NEWTYPE")]);
}

/// A quantity counted in whole units is an integer in answers as in requests (a record's
/// `ttl` is `i64` read and sent): `300.0` reads as 300, and a fractional value is left out of
/// the typed record, which stays, the answer keeping the value.
#[tokio::test]
async fn a_whole_number_written_with_a_fraction_reads_as_it_and_a_real_fraction_is_left_out() {
    use cloudflare_sdk::types::DnsRecord;
    let server = MockServer::start().await;
    let result = json!([
        {"id": "1", "name": "a.example.com", "content": "192.0.2.1", "ttl": 300.0, "type": "A"},
        {"id": "2", "name": "b.example.com", "content": "192.0.2.2", "ttl": 1.5, "type": "A"}
    ]);
    let body = json!({"success": true, "errors": [], "messages": [], "result": result});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let records: Response<Vec<DnsRecord>> = client(&server, token()).zone(ORG).dns_records().list().send().await.expect("the answer decodes");
    let read: Vec<(Option<&str>, Option<i64>)> = records.iter().map(|r| (r.name(), r.ttl())).collect();
    assert_eq!(read, [(Some("a.example.com"), Some(300)), (Some("b.example.com"), None)]);
    assert_eq!(records.json().unwrap()["result"][1]["ttl"], 1.5);
    // What is read is sent back as the API writes it: an integer.
    assert_eq!(serde_json::to_value(&records[0]).unwrap()["ttl"], json!(300));
}

/// Timestamps keep the text they came as: one that is not RFC 3339 still decodes, and only
/// parsing it says so.
#[tokio::test]
async fn a_timestamp_keeps_its_text_and_parses_on_demand() {
    let invites = answered(|body| body["result"][0]["expires_on"] = json!("2014-01-01 05:20:00")).await;
    let odd = invites[0].expires_on.as_ref().expect("kept");
    assert_eq!(odd.as_str(), "2014-01-01 05:20:00");
    assert!(odd.parse().is_err());
    let invited_on = invites[0].invited_on.as_ref().expect("in the example");
    assert_eq!(invited_on.parse().expect("RFC 3339").year(), 2014);
    assert_eq!(invites[0].invited_on.as_deref(), Some("2014-01-01T05:20:00Z"));
}

/// Seen from the live API (stream live inputs, health check deletes, ASN overviews): a success
/// whose `result` is `null` where an object is declared. It is that object with nothing in it.
#[tokio::test]
async fn null_where_an_object_is_declared_is_an_empty_object() {
    let server = MockServer::start().await;
    let body = json!({"success": true, "errors": [], "messages": [], "result": null});
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let zone = "023e105f4ecef8ad9ca31a8372d0c353";
    let deleted = client(&server, token()).zone(zone).dns_records().delete("372e67954025e0ba6aaa6d586b9e0b59").send().await.expect("a success");
    assert_eq!(deleted.id, None);
    assert_eq!(deleted.json().unwrap(), body);
}

/// A Worker's delete declares `result: {enum: [null]}`: the call answers `()`. Whatever the
/// API puts there instead still decodes, and stays in the response.
#[tokio::test]
async fn a_result_declared_to_hold_nothing_is_unit_whatever_comes() {
    let server = MockServer::start().await;
    for result in [Value::Null, json!({"id": "my-worker"})] {
        let body = json!({"success": true, "errors": [], "messages": [], "result": result});
        let mock = Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount_as_scoped(&server).await;
        let deleted: cloudflare_sdk::Response<()> = client(&server, token()).account("acc").workers().scripts().delete("my-worker").send().await.expect("a success");
        assert_eq!(deleted.json().unwrap(), body);
        drop(mock);
    }
}

#[test]
fn a_union_inside_a_callers_untagged_wrapper_is_read_as_plain_serde_json_reads_it() {
    use cloudflare_sdk::types::DnsRecord;
    use cloudflare_sdk::{decode_envelope, operations};
    // serde buffers the value to try each variant in turn: the union is then read from that
    // buffer, not from the answer's text, and must still be read, not make the wrapper fall
    // through to its next variant.
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    #[allow(clippy::large_enum_variant)]
    enum Wrapped {
        Record(DnsRecord),
        Anything(#[allow(dead_code)] Value),
    }
    let record = json!({"id": "1", "type": "A", "name": "example.com", "content": "192.0.2.1"});
    let plain: Wrapped = serde_json::from_value(record.clone()).unwrap();
    assert!(matches!(plain, Wrapped::Record(DnsRecord::A(_))), "{plain:?}");
    let body = serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": [record]})).unwrap();
    let decoded = decode_envelope::<Vec<Wrapped>>(&operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS, reqwest::StatusCode::OK, Default::default(), body.into()).unwrap();
    let records = decoded.into_result().unwrap();
    assert!(matches!(&records[0], Wrapped::Record(DnsRecord::A(a)) if a.content.as_deref() == Some("192.0.2.1")), "{records:?}");
}

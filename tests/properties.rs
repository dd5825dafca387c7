//! `decode_envelope` never panics: any status and any bytes give a `Response` or an error, and
//! either keeps the body exactly as it came. Plain types (the seed's invitations) and a tagged
//! union read by its tag (DNS records by `type`) alike.

use bytes::Bytes;
use cloudflare_sdk::operations::{DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS as DNS_LIST, ORGANIZATION_INVITES_LIST_INVITATIONS as LIST};
use cloudflare_sdk::types::{DnsRecord, Invite};
use cloudflare_sdk::{decode_envelope, Error, Operation};
use proptest::prelude::*;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map(prop_oneof!["success|errors|messages|result|result_info|code|message|id|email|page".prop_map(String::from), "\\PC{0,6}"], inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Envelopes with any parts, any JSON, and any bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let envelope = (proptest::option::of(any::<bool>()), json_value(), json_value(), json_value())
        .prop_map(|(success, errors, result, result_info)| json!({"success": success, "errors": errors, "result": result, "result_info": result_info}));
    prop_oneof![envelope.prop_map(|value| serde_json::to_vec(&value).unwrap()), json_value().prop_map(|value| serde_json::to_vec(&value).unwrap()), proptest::collection::vec(any::<u8>(), 0..64),]
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![Just(200u16), Just(204), Just(400), Just(404), Just(429), Just(500), 100..1000u16].prop_map(|code| StatusCode::from_u16(code).unwrap())
}

/// DNS records with any tag (the known kinds' and others), and fields of the kinds' names
/// holding any JSON.
fn records() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![Just(json!("A")), Just(json!("MX")), Just(json!("SRV")), Just(json!("CAA")), "\\PC{0,4}".prop_map(Value::from), json_value()];
    let fields = proptest::collection::btree_map("id|name|content|ttl|priority|proxied|meta|data|tags|comment".prop_map(String::from), json_value(), 0..6);
    let record = (proptest::option::of(tag), fields).prop_map(|(tag, fields)| {
        let mut record: serde_json::Map<String, Value> = fields.into_iter().collect();
        if let Some(tag) = tag {
            record.insert("type".into(), tag);
        }
        Value::Object(record)
    });
    (proptest::collection::vec(record, 0..5), any::<bool>()).prop_map(|(records, as_list)| {
        let result = if as_list { Value::from(records) } else { records.into_iter().next().unwrap_or(Value::Null) };
        serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": result})).unwrap()
    })
}

/// The property: a `Response` for a success that keeps the body and status, or an error that
/// keeps the body.
fn decodes_or_keeps<T: serde::de::DeserializeOwned>(operation: &'static Operation, status: StatusCode, body: &Bytes) -> Result<(), TestCaseError> {
    match decode_envelope::<T>(operation, status, HeaderMap::new(), body.clone()) {
        Ok(response) => prop_assert!(status.is_success() && response.status() == status && response.body() == body),
        Err(Error::Api(failure)) => prop_assert_eq!(&failure.body, body),
        Err(Error::Decode(failure)) => prop_assert!(status.is_success() && failure.body == *body),
        Err(other) => prop_assert!(false, "unexpected {other:?}"),
    }
    Ok(())
}

proptest! {
    #[test]
    fn decode_envelope_never_panics_and_keeps_the_body(status in status(), body in body()) {
        let body = Bytes::from(body);
        decodes_or_keeps::<Vec<Invite>>(&LIST, status, &body)?;
        decodes_or_keeps::<Vec<DnsRecord>>(&DNS_LIST, status, &body)?;
        // Printing the error never panics either (excerpts cut on character boundaries).
        if let Err(err) = decode_envelope::<Value>(&LIST, status, HeaderMap::new(), body) {
            let _ = format!("{err} {err:?}");
        }
    }
}

proptest! {
    #[test]
    fn a_tagged_union_decodes_or_keeps_the_body_whatever_its_tag_and_fields(status in status(), body in records()) {
        decodes_or_keeps::<Vec<DnsRecord>>(&DNS_LIST, status, &Bytes::from(body))?;
    }
}

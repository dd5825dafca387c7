//! The spec's own response examples decode into the SDK's types, and re-serialising what was
//! decoded gives back every leaf value the types have a field for.

use bytes::Bytes;
use cloudflare_sdk::{decode_envelope, operations, types, Operation};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The 200 answer an operation's spec file gives as its example.
fn example(spec_file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec").join(spec_file);
    let endpoint = cloudflare_sdk_codegen::spec::load_file(&path).unwrap();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().unwrap();
    let mut body = cloudflare_sdk_codegen::spec::example_value(&schema);
    body["success"] = Value::Bool(true);
    body
}

/// Every leaf of `value` with its JSON pointer.
fn leaves(value: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out)),
        leaf => out.push((at, leaf.clone())),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    a == b || matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// Decodes the example of `spec_file` as `operation` would, re-serialises the result and
/// compares leaves; returns (leaves in the example's result, leaves given back).
fn round_trip<T: DeserializeOwned + Serialize>(operation: &'static Operation, spec_file: &str) -> (usize, usize) {
    let body = example(spec_file);
    let bytes = Bytes::from(serde_json::to_vec(&body).unwrap());
    let response = decode_envelope::<Vec<T>>(operation, StatusCode::OK, HeaderMap::new(), bytes).unwrap_or_else(|e| panic!("{spec_file}: {e}"));
    let result = response.into_result().unwrap_or_default();
    assert!(!result.is_empty(), "{spec_file}: the example's result decoded to nothing");
    let again = serde_json::to_value(&result).unwrap();
    let mut original = Vec::new();
    leaves(&body["result"], String::new(), &mut original);
    let mut kept = 0;
    for (pointer, value) in &original {
        match again.pointer(pointer) {
            Some(back) if !back.is_null() || value.is_null() => {
                assert!(same(back, value), "{spec_file}: {pointer} was {value}, came back {back}");
                kept += 1;
            }
            // A leaf its type has no field for (or `null`, which an absent field serialises as).
            _ => {}
        }
    }
    (original.len(), kept)
}

#[test]
fn the_examples_of_the_tested_lists_decode_and_give_back_their_values() {
    let figures = [
        ("invites", round_trip::<types::Invite>(&operations::ORGANIZATION_INVITES_LIST_INVITATIONS, "organization-invites/organization-invites-list-invitations.yaml")),
        ("members", round_trip::<types::AccountMember>(&operations::ORGANIZATION_MEMBERS_LIST_MEMBERS, "organization-members/organization-members-list-members.yaml")),
        ("dns records", round_trip::<types::DnsRecord>(&operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS, "dns-records-for-a-zone/dns-records-for-a-zone-list-dns-records.yaml")),
        ("kv namespaces", round_trip::<types::Namespace>(&operations::WORKERS_KV_NAMESPACE_LIST_NAMESPACES, "workers-kv-namespace/workers-kv-namespace-list-namespaces.yaml")),
        ("worker scripts", round_trip::<types::ScriptResponse>(&operations::WORKER_SCRIPT_LIST_WORKERS, "worker-script/worker-script-list-workers.yaml")),
    ];
    for (what, (leaves, kept)) in figures {
        // Every example leaf comes back: the types have a field for each.
        assert_eq!(kept, leaves, "{what}: {kept} of {leaves} leaves came back");
    }
}

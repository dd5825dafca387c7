//! Decode throughput: an envelope of 10,000 DNS records (the spec's example record, varied)
//! into the SDK's generated type, and into a hand-written struct with the same fields with
//! plain serde_json. `bench/ratios.sh` turns the results into an SDK/hand ratio.

use bytes::Bytes;
use cloudflare_sdk::{operations, types};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

const RECORDS: usize = 10_000;

/// `RECORDS` records from the example in the list operation's own schema.
fn envelope() -> Bytes {
    let endpoint = cloudflare_sdk_codegen::spec::load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/dns-records-for-a-zone/dns-records-for-a-zone-list-dns-records.yaml"
    )))
    .unwrap();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().unwrap();
    let example = cloudflare_sdk_codegen::spec::example_value(&schema);
    let record = example["result"][0].clone();
    assert!(record.is_object(), "the spec's example has a record: {example}");
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            let mut r = record.clone();
            r["id"] = json!(format!("{i:032x}"));
            r["name"] = json!(format!("host{i}.example.com"));
            r["content"] = json!(format!("198.51.{}.{}", i / 256 % 256, i % 256));
            r["ttl"] = json!(60 + i % 3600);
            r
        })
        .collect();
    let info = json!({"page": 1, "per_page": RECORDS, "count": RECORDS, "total_count": RECORDS, "total_pages": 1});
    Bytes::from(serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": records, "result_info": info})).unwrap())
}

/// The hand-written baseline: the generated type's fields and types, with plain serde.
#[allow(dead_code)]
#[derive(Deserialize)]
struct Envelope {
    success: bool,
    errors: Vec<Value>,
    messages: Vec<Value>,
    result: Option<Vec<Record>>,
    result_info: Option<Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Record {
    comment: Option<String>,
    content: Option<Value>,
    created_on: Option<String>,
    data: Option<Value>,
    id: Option<String>,
    locked: Option<bool>,
    meta: Option<Meta>,
    modified_on: Option<String>,
    name: Option<String>,
    priority: Option<f64>,
    proxiable: Option<bool>,
    proxied: Option<bool>,
    #[serde(default)]
    tags: Vec<String>,
    ttl: Option<f64>,
    #[serde(rename = "type")]
    type_: Option<String>,
    zone_id: Option<String>,
    zone_name: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Meta {
    auto_added: Option<bool>,
    source: Option<String>,
}

fn decode(c: &mut Criterion) {
    let body = envelope();
    let sdk = || {
        cloudflare_sdk::decode_envelope::<Vec<types::DnsRecordsForAZoneCreateDnsRecordResult>>(
            &operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS,
            StatusCode::OK,
            HeaderMap::new(),
            body.clone(),
        )
        .unwrap()
        .into_result()
        .map(|r| r.len())
    };
    let hand = || serde_json::from_slice::<Envelope>(&body).unwrap().result.map(|r| r.len());
    assert_eq!(sdk(), Some(RECORDS));
    assert_eq!(hand(), Some(RECORDS));

    let mut group = c.benchmark_group("decode_10000_dns_records");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(30);
    group.bench_function("hand", |b| b.iter(hand));
    group.bench_function("sdk", |b| b.iter(sdk));
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);

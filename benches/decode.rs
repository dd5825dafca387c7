//! Decode throughput: an envelope of 10,000 DNS records (the spec's example record, varied)
//! into the SDK's generated type, and into a hand-written struct with the same fields with
//! plain serde_json. `bench/ratios.sh` turns the results into an SDK/hand ratio.

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::*;

fn decode(c: &mut Criterion) {
    let body = dns_envelope();
    assert_eq!(decode_sdk(&body), Some(RECORDS));
    assert_eq!(decode_hand(&body), Some(RECORDS));

    let mut group = c.benchmark_group("decode_10000_dns_records");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(30);
    group.bench_function("hand", |b| b.iter(|| decode_hand(&body)));
    group.bench_function("sdk", |b| b.iter(|| decode_sdk(&body)));
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);

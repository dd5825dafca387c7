//! Request overhead: the seed operation through the SDK against the same call written by hand
//! with reqwest + serde_json, both against one loopback server on warm connections,
//! sequentially and 32 at a time. `bench/ratios.sh` turns the results into SDK/raw ratios.

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::*;

fn request_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let address = runtime.block_on(serve(invites_body()));
    let (http, client, raw_base) = clients(&format!("http://{address}/client/v4"));
    runtime.block_on(async {
        assert_eq!(raw_call(&http, &raw_base).await, sdk_call(&client).await);
    });

    let mut group = c.benchmark_group("request_sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw", |b| b.to_async(&runtime).iter(|| raw_call(&http, &raw_base)));
    group.bench_function("sdk", |b| b.to_async(&runtime).iter(|| sdk_call(&client)));
    group.finish();

    let mut group = c.benchmark_group("request_concurrent_32");
    group.throughput(Throughput::Elements(CONCURRENT as u64));
    group.bench_function("raw", |b| b.to_async(&runtime).iter(|| futures::future::join_all((0..CONCURRENT).map(|_| raw_call(&http, &raw_base)))));
    group.bench_function("sdk", |b| b.to_async(&runtime).iter(|| futures::future::join_all((0..CONCURRENT).map(|_| sdk_call(&client)))));
    group.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);

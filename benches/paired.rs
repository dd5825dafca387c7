//! Request overhead measured in pairs: each round times one raw call and one SDK call (or 32
//! concurrent of each) back to back, alternating which goes first, and keeps the ratio of the
//! pair. The slow drifts of a shared machine, which move criterion's separate runs of each
//! side by more than the 5% being measured, cancel out within a pair.
//!
//! The SDK sets a timeout on every call by default (`DEFAULT_TIMEOUT`), which costs a timer per
//! call; the raw call has none. So each benchmark runs three times: against the raw call as
//! written with `reqwest::Client::new()`; against the same call inside
//! `tokio::time::timeout(DEFAULT_TIMEOUT, ..)`, a timer like the SDK's; and against a client
//! with reqwest's own `timeout(DEFAULT_TIMEOUT)`, which the SDK used to rely on.
//!
//! Usage: `cargo bench --bench paired [-- <rounds>]` (default 16,000 sequential rounds, an
//! eighth of that concurrent, and an eightieth for decoding 10,000 DNS records); prints, per benchmark, the median of each side and the median
//! of the per-pair ratios with their quartiles.

mod support;

use std::future::Future;
use std::time::{Duration, Instant};

use support::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let rounds: usize = args.first().map(|r| r.parse().expect("rounds is a number")).unwrap_or(16_000);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let address = runtime.block_on(serve(invites_body()));
    let (http, client, raw_base) = clients(&format!("http://{address}/client/v4"));
    let with_timeout = reqwest::Client::builder().timeout(cloudflare_sdk::DEFAULT_TIMEOUT).build().unwrap();
    runtime.block_on(async {
        assert_eq!(raw_call(&http, &raw_base).await, sdk_call(&client).await);
        let baselines = [("raw", &http, false), ("raw in tokio::time::timeout", &http, true), ("raw with reqwest's timeout", &with_timeout, false)];
        let base = raw_base.as_str();
        for (baseline, http, timer) in baselines {
            let raw = || async move {
                match timer {
                    true => tokio::time::timeout(cloudflare_sdk::DEFAULT_TIMEOUT, raw_call(http, base)).await.unwrap(),
                    false => raw_call(http, base).await,
                }
            };
            for _ in 0..200 {
                raw().await;
                sdk_call(&client).await;
            }
            let pairs = measure(rounds, raw, || sdk_call(&client)).await;
            report("request_sequential", baseline, &pairs);
            let raw_32 = || futures::future::join_all((0..CONCURRENT).map(|_| raw()));
            let sdk_32 = || futures::future::join_all((0..CONCURRENT).map(|_| sdk_call(&client)));
            let pairs = measure(rounds / 8, raw_32, sdk_32).await;
            report("request_concurrent_32", baseline, &pairs);
        }
        // Decoding, paired the same way: one envelope of 10,000 DNS records per side and round.
        let body = dns_envelope();
        assert_eq!(decode_hand(&body), decode_sdk(&body));
        let pairs = measure(rounds / 80, || async { decode_hand(&body) }, || async { decode_sdk(&body) }).await;
        report("decode_10000_dns_records", "the hand-written struct", &pairs);
    });
}

/// (raw, sdk) durations of each round.
async fn measure<R: Future, S: Future>(rounds: usize, raw: impl Fn() -> R, sdk: impl Fn() -> S) -> Vec<(Duration, Duration)> {
    let mut pairs = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let pair = if round % 2 == 0 {
            let raw = timed(raw()).await;
            (raw, timed(sdk()).await)
        } else {
            let sdk = timed(sdk()).await;
            (timed(raw()).await, sdk)
        };
        pairs.push(pair);
    }
    pairs
}

async fn timed<F: Future>(call: F) -> Duration {
    let started = Instant::now();
    std::hint::black_box(call.await);
    started.elapsed()
}

fn report(name: &str, baseline: &str, pairs: &[(Duration, Duration)]) {
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let raw = quartiles(pairs.iter().map(|p| micros(p.0)).collect());
    let sdk = quartiles(pairs.iter().map(|p| micros(p.1)).collect());
    let ratio = quartiles(pairs.iter().map(|p| p.1.as_secs_f64() / p.0.as_secs_f64()).collect());
    println!(
        "{name} against {baseline}: baseline median {:.1} us, sdk median {:.1} us; sdk/baseline per pair: median {:.3} (quartiles {:.3}-{:.3}) over {} pairs",
        raw[1],
        sdk[1],
        ratio[1],
        ratio[0],
        ratio[2],
        pairs.len()
    );
}

fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}

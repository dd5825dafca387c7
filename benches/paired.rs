//! Request overhead measured in pairs: each round times one raw call and one SDK call (or 32
//! concurrent of each) back to back, alternating which goes first, and keeps the ratio of the
//! pair. The slow drifts of a shared machine, which move criterion's separate runs of each
//! side by more than the 5% being measured, cancel out within a pair.
//!
//! The SDK sets a timeout on every call by default (`DEFAULT_TIMEOUT`), which costs a timer per
//! call; the raw call has none. So the SDK is paired with three baselines, taking turns round
//! by round: the raw call as written with `reqwest::Client::new()`; the same call inside
//! `tokio::time::timeout(DEFAULT_TIMEOUT, ..)`, a timer like the SDK's; and the call through a
//! client with reqwest's own `timeout(DEFAULT_TIMEOUT)`, which the SDK used to rely on.
//! Decoding 10,000 DNS records is paired with the hand-written struct the same way.
//!
//! Usage: `cargo bench --bench paired [-- <rounds>]`: rounds per baseline, 16,000 by default
//! (an eighth of that for 32 concurrent calls, an eightieth for decoding). Prints, per
//! benchmark and baseline, the median of each side and the median of the per-pair ratios
//! with their quartiles.

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
        // Baselines take turns round by round, so that each meets the same drifts of the
        // machine and of the process (run one after another, the later ones read worse).
        const BASELINES: [&str; 3] = ["raw", "raw in tokio::time::timeout", "raw with reqwest's timeout"];
        let base = raw_base.as_str();
        let (http, with_timeout) = (&http, &with_timeout);
        let raw = |round: usize| async move {
            match round % BASELINES.len() {
                0 => raw_call(http, base).await,
                1 => tokio::time::timeout(cloudflare_sdk::DEFAULT_TIMEOUT, raw_call(http, base)).await.unwrap(),
                _ => raw_call(with_timeout, base).await,
            }
        };
        for round in 0..600 {
            raw(round).await;
            sdk_call(&client).await;
        }
        let pairs = measure(rounds * BASELINES.len(), raw, |_| sdk_call(&client)).await;
        for (index, baseline) in BASELINES.iter().enumerate() {
            report("request_sequential", baseline, &of_baseline(&pairs, index, BASELINES.len()));
        }
        let raw_32 = |round| futures::future::join_all((0..CONCURRENT).map(|_| raw(round)));
        let sdk_32 = |_| futures::future::join_all((0..CONCURRENT).map(|_| sdk_call(&client)));
        let pairs = measure(rounds / 8 * BASELINES.len(), raw_32, sdk_32).await;
        for (index, baseline) in BASELINES.iter().enumerate() {
            report("request_concurrent_32", baseline, &of_baseline(&pairs, index, BASELINES.len()));
        }
        // Decoding, paired the same way: one envelope of 10,000 DNS records per side and round.
        let body = dns_envelope();
        assert_eq!(decode_hand(&body), decode_sdk(&body));
        let pairs = measure(rounds / 80, |_| async { decode_hand(&body) }, |_| async { decode_sdk(&body) }).await;
        report("decode_10000_dns_records", "the hand-written struct", &pairs);
    });
}

/// (raw, sdk) durations of each round; both sides are given the round's number.
async fn measure<R: Future, S: Future>(rounds: usize, raw: impl Fn(usize) -> R, sdk: impl Fn(usize) -> S) -> Vec<(Duration, Duration)> {
    let mut pairs = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let pair = if round % 2 == 0 {
            let raw = timed(raw(round)).await;
            (raw, timed(sdk(round)).await)
        } else {
            let sdk = timed(sdk(round)).await;
            (timed(raw(round)).await, sdk)
        };
        pairs.push(pair);
    }
    pairs
}

/// The pairs of the rounds that used baseline `index` of `count`.
fn of_baseline(pairs: &[(Duration, Duration)], index: usize, count: usize) -> Vec<(Duration, Duration)> {
    pairs.iter().skip(index).step_by(count).copied().collect()
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

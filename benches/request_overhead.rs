//! Request overhead: the seed operation through the SDK against the same call written by hand
//! with reqwest + serde_json, both against one loopback server on warm connections,
//! sequentially and 32 at a time. `bench/ratios.sh` turns the results into SDK/raw ratios.

use std::net::SocketAddr;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ORG: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const CONCURRENT: usize = 32;

/// The seed's example response, as the SDK's tests build it.
fn body() -> Bytes {
    let endpoint = cloudflare_sdk_codegen::spec::load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/organization-invites/organization-invites-list-invitations.yaml"
    )))
    .unwrap();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().unwrap();
    let mut value = cloudflare_sdk_codegen::spec::example_value(&schema);
    value["success"] = serde_json::json!(true);
    Bytes::from(serde_json::to_vec(&value).unwrap())
}

/// A minimal HTTP/1.1 server with keep-alive answering every request with `body`; it adds as
/// little as possible to what is measured.
async fn serve(body: Bytes) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // One write per response, and no Nagle delay: otherwise TCP's delayed acknowledgement
    // (40 ms) is what gets measured.
    let mut response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    response.extend_from_slice(&body);
    let response = Bytes::from(response);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let _ = socket.set_nodelay(true);
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut filled = 0;
                loop {
                    let Ok(n) = socket.read(&mut buffer[filled..]).await else { return };
                    if n == 0 {
                        return;
                    }
                    filled += n;
                    // GET requests: a request ends at the blank line.
                    while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                        if socket.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    address
}

/// The hand-written baseline: the same fields as the SDK's generated type.
#[allow(dead_code)]
#[derive(Deserialize)]
struct Envelope {
    success: bool,
    errors: Vec<serde_json::Value>,
    messages: Vec<serde_json::Value>,
    result: Option<Vec<Invite>>,
    result_info: Option<serde_json::Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Invite {
    expires_on: Option<String>,
    id: Option<String>,
    invited_by: Option<String>,
    invited_member_email: Option<String>,
    invited_member_id: Option<String>,
    invited_on: Option<String>,
    organization_id: Option<String>,
    organization_is_enforcing_twofactor: Option<bool>,
    organization_name: Option<String>,
    #[serde(default)]
    roles: Vec<Role>,
    status: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Role {
    description: Option<String>,
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    permissions: Vec<String>,
}

async fn raw_call(http: &reqwest::Client, url: &str) -> usize {
    let response = http.get(url).bearer_auth("bench-token").header("accept", "application/json").send().await.unwrap();
    let bytes = response.bytes().await.unwrap();
    let envelope: Envelope = serde_json::from_slice(&bytes).unwrap();
    envelope.result.map(|r| r.len()).unwrap_or(0)
}

async fn sdk_call(client: &cloudflare_sdk::Client) -> usize {
    client.organization_invites_list_invitations().organization_identifier(ORG).send().await.unwrap().len()
}

fn request_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let address = runtime.block_on(serve(body()));
    let base = format!("http://{address}/client/v4");
    let raw_url = format!("{base}/organizations/{ORG}/invites");
    let http = reqwest::Client::new();
    let client = cloudflare_sdk::Client::builder()
        .credentials(cloudflare_sdk::Credentials::ApiToken("bench-token".into()))
        .base_url(&base)
        .http_client(http.clone())
        .build()
        .unwrap();
    // Warm both connection pools.
    runtime.block_on(async {
        assert_eq!(raw_call(&http, &raw_url).await, sdk_call(&client).await);
    });

    let mut group = c.benchmark_group("request_sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw", |b| b.to_async(&runtime).iter(|| raw_call(&http, &raw_url)));
    group.bench_function("sdk", |b| b.to_async(&runtime).iter(|| sdk_call(&client)));
    group.finish();

    let mut group = c.benchmark_group("request_concurrent_32");
    group.throughput(Throughput::Elements(CONCURRENT as u64));
    group.bench_function("raw", |b| b.to_async(&runtime).iter(|| futures::future::join_all((0..CONCURRENT).map(|_| raw_call(&http, &raw_url)))));
    group.bench_function("sdk", |b| b.to_async(&runtime).iter(|| futures::future::join_all((0..CONCURRENT).map(|_| sdk_call(&client)))));
    group.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);

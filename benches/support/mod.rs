//! What the benchmarks share: the loopback server, the two ways of making the seed call, and
//! the DNS envelope with its two decoders. The criterion benchmarks time them; the
//! instruction-count benchmark counts them under callgrind.

#![allow(dead_code)]

use std::net::SocketAddr;

use bytes::Bytes;
use cloudflare_sdk::{operations, types};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const ORG: &str = "023e105f4ecef8ad9ca31a8372d0c353";
pub const CONCURRENT: usize = 32;

/// The example of the 200 response of the spec file at `relative` (below `spec/`), built from
/// its schema.
fn spec_example(relative: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec").join(relative);
    let endpoint = cloudflare_sdk_codegen::spec::load_file(&path).unwrap();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().unwrap();
    cloudflare_sdk_codegen::spec::example_value(&schema)
}

/// The seed's example response, as the SDK's tests build it.
pub fn invites_body() -> Bytes {
    let mut value = spec_example("organization-invites/organization-invites-list-invitations.yaml");
    value["success"] = serde_json::json!(true);
    Bytes::from(serde_json::to_vec(&value).unwrap())
}

/// A minimal HTTP/1.1 server with keep-alive answering every request with `body`; it adds as
/// little as possible to what is measured.
pub async fn serve(body: Bytes) -> SocketAddr {
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
pub struct InvitesEnvelope {
    success: bool,
    errors: Vec<serde_json::Value>,
    messages: Vec<serde_json::Value>,
    result: Option<Vec<Invite>>,
    result_info: Option<serde_json::Value>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct Invite {
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
pub struct Role {
    description: Option<String>,
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    permissions: Vec<String>,
}

/// The hand-written call: the URL built per call, as the organization is a parameter.
pub async fn raw_call(http: &reqwest::Client, base: &str) -> usize {
    let response = http.get(format!("{base}/organizations/{ORG}/invites")).bearer_auth("bench-token").header("accept", "application/json").send().await.unwrap();
    let bytes = response.bytes().await.unwrap();
    let envelope: InvitesEnvelope = serde_json::from_slice(&bytes).unwrap();
    envelope.result.map(|r| r.len()).unwrap_or(0)
}

// The seed operation is deprecated upstream; the benchmark measures it on purpose.
#[allow(deprecated)]
pub async fn sdk_call(client: &cloudflare_sdk::Client) -> usize {
    client.organization(ORG).invites().list().send().await.unwrap().len()
}

pub const RECORDS: usize = 10_000;

/// `RECORDS` records from the example in the list operation's own schema, of four kinds.
pub fn dns_envelope() -> Bytes {
    let example = spec_example("dns-records-for-a-zone/dns-records-for-a-zone-list-dns-records.yaml");
    let record = example["result"][0].clone();
    assert!(record.is_object(), "the spec's example has a record: {example}");
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            let mut r = record.clone();
            r["id"] = json!(format!("{i:032x}"));
            r["name"] = json!(format!("host{i}.example.com"));
            r["content"] = json!(format!("198.51.{}.{}", i / 256 % 256, i % 256));
            r["ttl"] = json!(60 + i % 3600);
            r["type"] = json!(["A", "AAAA", "CNAME", "TXT"][i % 4]);
            r
        })
        .collect();
    let info = json!({"page": 1, "per_page": RECORDS, "count": RECORDS, "total_count": RECORDS, "total_pages": 1});
    Bytes::from(serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": records, "result_info": info})).unwrap())
}

/// The hand-written baseline: the generated types' fields and types, with plain serde; a
/// record is read by its `type`, as serde's internally tagged enums read it.
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct Envelope {
    success: bool,
    errors: Vec<Value>,
    messages: Vec<Value>,
    result: Option<Vec<Record>>,
    result_info: Option<Value>,
}

#[allow(dead_code, clippy::upper_case_acronyms)]
#[derive(Deserialize)]
#[serde(tag = "type")]
pub enum Record {
    A(AddressRecord),
    AAAA(AddressRecord),
    CNAME(AddressRecord),
    TXT(AddressRecord),
}

/// The fields of the kinds the body holds (an A record's; AAAA, CNAME and TXT have the same).
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct AddressRecord {
    comment: Option<String>,
    content: Option<String>,
    created_on: Option<String>,
    id: Option<String>,
    locked: Option<bool>,
    meta: Option<Meta>,
    modified_on: Option<String>,
    name: Option<String>,
    proxiable: Option<bool>,
    proxied: Option<bool>,
    #[serde(default)]
    tags: Vec<String>,
    ttl: Option<f64>,
    zone_id: Option<String>,
    zone_name: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct Meta {
    auto_added: Option<bool>,
    source: Option<String>,
}

/// The envelope decoded the SDK's way, into the generated type.
pub fn decode_sdk(body: &Bytes) -> Option<usize> {
    cloudflare_sdk::decode_envelope::<Vec<types::DnsRecord>>(&operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS, StatusCode::OK, HeaderMap::new(), body.clone())
        .unwrap()
        .into_result()
        .map(|r| r.len())
}

/// The envelope decoded into the hand-written struct with plain serde_json.
pub fn decode_hand(body: &Bytes) -> Option<usize> {
    serde_json::from_slice::<Envelope>(body).unwrap().result.map(|r| r.len())
}

/// A client of the SDK and a plain reqwest client, each with its own (warm) connection to the
/// server at `base`, and the base URL the plain one calls below.
pub fn clients(base: &str) -> (reqwest::Client, cloudflare_sdk::Client, String) {
    let http = reqwest::Client::new();
    // The SDK as most callers build it: its own HTTP client, which carries the timeout.
    let client = cloudflare_sdk::Client::builder().credentials(cloudflare_sdk::Credentials::ApiToken("bench-token".into())).base_url(base).build().unwrap();
    (http, client, base.to_string())
}

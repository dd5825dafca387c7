//! Shared set-up: a loopback HTTP server and a client pointed at it.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use cloudflare_sdk::{Client, Credentials};
use serde_json::{json, Value};
use wiremock::MockServer;

pub const ORG: &str = "023e105f4ecef8ad9ca31a8372d0c353";
pub const SEED_SPEC: &str = "spec/organization-invites/organization-invites-list-invitations.yaml";

/// A client for `server` with the given credentials and no retries.
pub fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .credentials(credentials)
        .base_url(format!("{}/client/v4", server.uri()))
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

pub fn token() -> Credentials {
    Credentials::ApiToken("test-token-secret".into())
}

pub fn seed_path() -> String {
    format!("/client/v4/organizations/{ORG}/invites")
}

/// The seed operation as the spec file describes it.
pub fn seed_endpoint() -> cloudflare_sdk_codegen::spec::Endpoint {
    cloudflare_sdk_codegen::spec::load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_SPEC).as_path()).expect("seed spec loads")
}

/// The seed's 200 response built from the examples in its own schema.
pub fn seed_example_response() -> Value {
    let endpoint = seed_endpoint();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().expect("200 has a schema");
    let mut body = cloudflare_sdk_codegen::spec::example_value(&schema);
    // The envelope's own examples leave `success` true and `errors` empty, as a real success.
    body["success"] = json!(true);
    body
}

/// A Cloudflare failure envelope.
pub fn failure(errors: &[(u32, &str)]) -> Value {
    json!({
        "success": false,
        "errors": errors.iter().map(|(code, message)| json!({"code": code, "message": message})).collect::<Vec<_>>(),
        "messages": [],
        "result": null,
    })
}

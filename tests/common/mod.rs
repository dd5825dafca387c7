//! Shared set-up: a loopback HTTP server and a client pointed at it.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use cloudflare_sdk::{Client, Credentials};
use serde_json::{json, Value};
use wiremock::{MockServer, ResponseTemplate};

pub const ORG: &str = "023e105f4ecef8ad9ca31a8372d0c353";
pub const SEED_SPEC: &str = "spec/organization-invites/organization-invites-list-invitations.yaml";

/// A client for `server` with the given credentials and no retries.
pub fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder().credentials(credentials).base_url(format!("{}/client/v4", server.uri())).max_retries(0).timeout(Duration::from_secs(10)).build().expect("client builds")
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

/// A 200 answer of the seed operation.
pub fn seed_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(seed_example_response())
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

/// A loopback HTTP server written by hand, for answers wiremock cannot give (a body that
/// stalls or never ends): `answer` gets each connection once its request was read. Returns
/// the base URL.
pub async fn raw_server<F, Fut>(answer: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                answer(socket).await;
            });
        }
    });
    format!("http://{address}")
}

/// Collects what a `tracing_subscriber::fmt` subscriber writes.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Asserts that the README shows, in a code block of a list item (indented by two), the code
/// of the test file `source` (indented by four) from the line `first` up to the line `end`.
#[allow(dead_code)]
pub fn assert_readme_shows(source: &str, first: &str, end: &str) {
    let dedent = |text: &str, by: &str| -> String { text.lines().map(|line| format!("{}\n", line.strip_prefix(by).unwrap_or(line))).collect() };
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = &readme[readme.find(&format!("  {first}\n")).unwrap_or_else(|| panic!("the README shows no `{first}`"))..];
    let block = dedent(&block[..block.find("  ```").unwrap()], "  ");
    let code = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(source)).unwrap();
    let code = &code[code.find(&format!("    {first}\n")).unwrap()..];
    let code = dedent(&code[..code.find(&format!("    {end}\n")).unwrap()], "    ");
    assert_eq!(block, code);
}

//! Building clients: credentials from the environment, base URL, secrets kept out of output.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use cloudflare_sdk::{Client, ClientBuilder, Credentials, Error, DEFAULT_BASE_URL};
use common::*;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[test]
fn environment_credentials_in_order_of_preference() {
    let token = Credentials::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "t"), ("CLOUDFLARE_EMAIL", "e"), ("CLOUDFLARE_API_KEY", "k")]));
    assert_eq!(token.unwrap(), Credentials::ApiToken("t".into()));
    let key = Credentials::from_lookup(lookup(&[("CLOUDFLARE_EMAIL", "e"), ("CLOUDFLARE_API_KEY", "k")]));
    assert_eq!(key.unwrap(), Credentials::ApiKey { email: "e".into(), key: "k".into() });
    let service = Credentials::from_lookup(lookup(&[("CLOUDFLARE_API_USER_SERVICE_KEY", "s")]));
    assert_eq!(service.unwrap(), Credentials::UserServiceKey("s".into()));
}

#[test]
fn missing_credentials_name_the_variables() {
    let err = Credentials::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "  ")])).unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    let shown = err.to_string();
    for name in ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY"] {
        assert!(shown.contains(name), "`{shown}` does not name {name}");
    }
    let half = Credentials::from_lookup(lookup(&[("CLOUDFLARE_EMAIL", "e")])).unwrap_err().to_string();
    assert!(half.contains("CLOUDFLARE_API_KEY"), "{half}");
}

#[tokio::test]
async fn base_url_comes_from_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer from-env"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response()))
        .expect(1)
        .mount(&server)
        .await;
    let base = format!("{}/client/v4/", server.uri());
    let client = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "from-env"), ("CLOUDFLARE_BASE_URL", &base)])).unwrap().max_retries(0).build().unwrap();
    assert_eq!(client.base_url(), base.trim_end_matches('/'));
    client.organization(ORG).invites().list().send().await.unwrap();

    let default = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "x")])).unwrap().build().unwrap();
    assert_eq!(default.base_url(), DEFAULT_BASE_URL);
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    let err = Client::builder().credentials(token()).base_url("not a url").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)) && err.to_string().contains("not a url"), "{err}");
}

#[test]
fn secrets_never_show_in_debug_output() {
    let secrets = ["token-secret-1", "key-secret-2", "service-secret-3"];
    let all = [
        Credentials::ApiToken(secrets[0].into()),
        Credentials::ApiKey { email: "user@example.com".into(), key: secrets[1].into() },
        Credentials::UserServiceKey(secrets[2].into()),
    ];
    for credentials in all {
        let client = Client::builder().credentials(credentials.clone()).build().unwrap();
        for shown in [format!("{credentials:?}"), format!("{client:?}"), format!("{:?}", client.organization(ORG).invites().list())] {
            for secret in secrets {
                assert!(!shown.contains(secret), "secret in {shown}");
            }
        }
    }
}

#[test]
fn credentials_that_cannot_be_a_header_are_refused_without_echoing_them() {
    let err = Client::builder().credentials(Credentials::ApiToken("line\nbreak-secret".into())).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(!err.to_string().contains("break-secret"), "{err}");
}

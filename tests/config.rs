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
    Mock::given(method("GET")).and(header("authorization", "Bearer from-env")).respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response())).expect(1).mount(&server).await;
    let base = format!("{}/client/v4/", server.uri());
    let client = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "from-env"), ("CLOUDFLARE_BASE_URL", &base)])).unwrap().max_retries(0).build().unwrap();
    assert_eq!(client.base_url(), base.trim_end_matches('/'));
    client.organization(ORG).invites().list().send().await.unwrap();

    let default = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "x")])).unwrap().build().unwrap();
    assert_eq!(default.base_url(), DEFAULT_BASE_URL);
}

/// As the official SDKs name them: `api_token`, and `api_key` with its email.
#[tokio::test]
async fn a_token_or_a_key_given_to_the_builder_is_sent_the_way_the_api_reads_it() {
    let server = MockServer::start().await;
    let base = format!("{}/client/v4", server.uri());
    Mock::given(method("GET")).and(header("authorization", "Bearer the-token")).respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response())).expect(1).mount(&server).await;
    let client = Client::builder().api_token("the-token").base_url(&base).max_retries(0).build().unwrap();
    client.organization(ORG).invites().list().send().await.unwrap();
    server.reset().await;
    Mock::given(method("GET"))
        .and(header("x-auth-email", "me@example.com"))
        .and(header("x-auth-key", "the-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("me@example.com", "the-key").base_url(&base).max_retries(0).build().unwrap();
    client.organization(ORG).invites().list().send().await.unwrap();
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    let err = Client::builder().credentials(token()).base_url("not a url").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)) && err.to_string().contains("not a url"), "{err}");
}

#[test]
fn plain_http_is_refused_for_any_host_but_loopback_unless_allowed() {
    let build = |url: &str, allow: bool| Client::builder().credentials(token()).base_url(url).allow_insecure_http(allow).build();
    for remote in ["http://api.cloudflare.com/client/v4", "http://10.0.0.1/client/v4", "http://localhost.example.com/"] {
        let err = build(remote, false).unwrap_err();
        assert!(matches!(err, Error::Config(_)) && err.to_string().contains("clear text"), "{remote}: {err}");
        // Allowed explicitly, it builds.
        assert!(build(remote, true).is_ok(), "{remote}");
    }
    for local in ["http://localhost:8080/client/v4", "http://127.0.0.1:1/", "http://127.1.2.3/", "http://[::1]:8080/"] {
        assert!(build(local, false).is_ok(), "{local}");
    }
    assert!(build("https://api.cloudflare.com/client/v4", false).is_ok());
    // From the environment too: one missing "s" is caught before anything is sent.
    let err = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "t"), ("CLOUDFLARE_BASE_URL", "http://api.cloudflare.com/client/v4")])).unwrap().build().unwrap_err();
    assert!(err.to_string().contains("clear text"), "{err}");
}

#[test]
fn a_base_url_with_a_user_or_password_is_refused_and_never_shown() {
    for url in ["https://user:pw-secret@api.cloudflare.com/client/v4", "https://pw-secret@api.cloudflare.com/", "user:pw-secret@api.cloudflare.com/x"] {
        let builder = Client::builder().credentials(token()).base_url(url);
        let shown = format!("{builder:?}");
        assert!(!shown.contains("pw-secret") && shown.contains("***@api.cloudflare.com"), "{shown}");
        let err = builder.build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err}");
        assert!(!err.to_string().contains("pw-secret") && !format!("{err:?}").contains("pw-secret"), "{err}");
    }
    let err = Client::builder().credentials(token()).base_url("https://user:pw-secret@api.cloudflare.com/").build().unwrap_err();
    assert!(err.to_string().contains("user name or password"), "{err}");
}

#[test]
fn secrets_never_show_in_debug_output() {
    let secrets = ["token-secret-1", "key-secret-2", "service-secret-3"];
    let all = [Credentials::ApiToken(secrets[0].into()), Credentials::ApiKey { email: "user@example.com".into(), key: secrets[1].into() }, Credentials::UserServiceKey(secrets[2].into())];
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

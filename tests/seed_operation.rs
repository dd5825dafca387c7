//! The seed operation end to end against a real HTTP server on loopback.

// The seed operation's tag (organization invites) is deprecated upstream since 2020; these
// tests call it on purpose.
#![allow(deprecated)]

mod common;

use cloudflare_sdk::{Credentials, Error};
use common::*;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn api_token_sends_bearer_on_the_seed_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(seed_path()))
        .and(header("authorization", "Bearer test-token-secret"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response()))
        .expect(1)
        .mount(&server)
        .await;

    let invites = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    assert_eq!(invites.len(), 1);

    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("x-auth-email").is_none());
    // Progenitor's `api-version` header is not something Cloudflare defines: it is not sent.
    assert!(request.headers.get("api-version").is_none());
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("cloudflare-sdk-rust/"), "{agent}");
}

#[tokio::test]
async fn api_key_sends_email_and_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(seed_path()))
        .and(header("x-auth-email", "user@example.com"))
        .and(header("x-auth-key", "global-key-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response()))
        .expect(1)
        .mount(&server)
        .await;
    let credentials = Credentials::ApiKey { email: "user@example.com".into(), key: "global-key-secret".into() };
    client(&server, credentials).organization(ORG).invites().list().send().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("authorization").is_none());
}

#[tokio::test]
async fn user_service_key_sends_its_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(seed_path()))
        .and(header("x-auth-user-service-key", "v1.0-service-key-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response()))
        .expect(1)
        .mount(&server)
        .await;
    let credentials = Credentials::UserServiceKey("v1.0-service-key-secret".into());
    client(&server, credentials).organization(ORG).invites().list().send().await.unwrap();
}

#[tokio::test]
async fn the_seed_example_decodes_to_the_typed_result() {
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    body["result_info"] = json!({"page": 1, "per_page": 20, "count": 1, "total_count": 1});
    body["messages"] = json!([{"code": 1001, "message": "informational"}]);
    Mock::given(method("GET")).and(path(seed_path())).respond_with(ResponseTemplate::new(200).set_body_json(&body).insert_header("cf-ray", "8a1b2c3d4e5f6789-SJC")).mount(&server).await;

    let response = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    let invite = &response[0];
    let example = &body["result"][0];
    assert_eq!(invite.id.as_deref(), example["id"].as_str());
    assert_eq!(invite.id.as_deref(), Some("4f5f0c14a2a41d5063dd301b2f829f04"));
    assert_eq!(invite.invited_member_email.as_deref(), Some("user@example.com"));
    assert_eq!(invite.organization_name.as_deref(), Some("Cloudflare, Inc."));
    assert_eq!(invite.status, Some(cloudflare_sdk::types::InviteStatus::Accepted));
    assert_eq!(invite.expires_on.as_deref(), Some("2014-01-01T05:20:00Z"));
    assert_eq!(invite.organization_is_enforcing_twofactor, Some(true));
    let roles = invite.roles.as_deref().expect("the example has roles");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].name.as_deref(), Some("Organization Admin"));
    assert_eq!(roles[0].permissions.as_deref(), Some(&["#zones:read".to_string()][..]));

    assert_eq!(response.status(), 200);
    assert_eq!(response.cf_ray(), Some("8a1b2c3d4e5f6789-SJC"));
    let info = response.result_info().unwrap();
    assert_eq!((info.page, info.per_page, info.total_count), (Some(1), Some(20), Some(1)));
    assert_eq!(response.messages()[0].code, 1001);
    assert_eq!(response.into_result().len(), 1);
}

#[tokio::test]
async fn a_null_list_result_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": null}))).mount(&server).await;
    let response = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    assert!(response.is_empty());
}

#[tokio::test]
async fn a_404_failure_keeps_code_message_and_cf_ray() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(failure(&[(7003, "No route for the URI"), (81057, "Record already exists.")])).insert_header("cf-ray", "8a1b2c3d4e5f6789-SJC"))
        .mount(&server)
        .await;

    let err = client(&server, token()).organization(ORG).invites().list().send().await.unwrap_err();
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status, 404);
    assert_eq!(api.operation, "organization-invites-list-invitations");
    assert_eq!(err.codes(), vec![7003, 81057]);
    assert_eq!(api.errors[0].message, "No route for the URI");
    assert_eq!(api.cf_ray.as_deref(), Some("8a1b2c3d4e5f6789-SJC"));
    assert!(api.envelope);
    assert_eq!(api.attempts, 1);

    let shown = err.to_string();
    for part in ["404", "[7003] No route for the URI", "[81057] Record already exists.", "cf-ray 8a1b2c3d4e5f6789-SJC"] {
        assert!(shown.contains(part), "`{shown}` lacks `{part}`");
    }
}

#[tokio::test]
async fn success_false_on_a_200_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(failure(&[(1003, "Invalid or missing organization")]))).mount(&server).await;
    let err = client(&server, token()).organization(ORG).invites().list().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.codes(), vec![1003]);
    assert!(err.to_string().contains("[1003] Invalid or missing organization"));
}

#[tokio::test]
async fn a_non_json_502_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let page = "<html><body>502 Bad Gateway</body></html>";
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502).set_body_string(page).insert_header("cf-ray", "77aa-LHR")).mount(&server).await;
    let err = client(&server, token()).organization(ORG).invites().list().send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 502);
    assert!(!api.envelope);
    assert!(api.errors.is_empty());
    assert_eq!(api.body_text(), page);
    let shown = err.to_string();
    assert!(shown.contains("502") && shown.contains("502 Bad Gateway</body>") && shown.contains("cf-ray 77aa-LHR"), "{shown}");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_decodes_what_fits_and_keeps_the_rest() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": "not a list"}))).mount(&server).await;
    // One text where a list of invites is declared: a list of it, whose one item is no invite.
    let invites = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    assert!(invites.is_empty());
    assert_eq!(invites.json().unwrap()["result"], "not a list");
}

#[tokio::test]
async fn a_success_body_that_is_not_json_is_a_decode_error_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>")).mount(&server).await;
    let err = client(&server, token()).organization(ORG).invites().list().send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.status, 200);
    assert_eq!(decode.body.as_ref(), b"<html>maintenance</html>");
}

#[tokio::test]
async fn path_parameters_cannot_change_the_request_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(seed_example_response())).mount(&server).await;
    let client = client(&server, token());

    for (value, encoded) in [("a/b", "a%2Fb"), ("a?b=c", "a%3Fb=c"), ("a#b", "a%23b"), ("a\\b", "a%5Cb"), ("..x", "..x"), ("%2e%2e", "%252e%252e"), ("../../zones", "..%2F..%2Fzones")] {
        client.organization(value).invites().list().send().await.unwrap();
        let requests = server.received_requests().await.unwrap();
        let last = requests.last().unwrap();
        assert_eq!(last.url.path(), format!("/client/v4/organizations/{encoded}/invites"), "for {value:?}");
        assert_eq!(last.url.query(), None, "for {value:?}");
    }
    let sent = server.received_requests().await.unwrap().len();

    for value in ["..", ".", ""] {
        let result = client.organization(value).invites().list().send().await;
        let err = result.expect_err(value);
        assert!(matches!(err, Error::InvalidRequest { .. }), "for {value:?}: {err:?}");
        assert!(err.to_string().contains("path parameter"), "for {value:?}: {err}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), sent, "refused requests must not be sent");
}

#[tokio::test]
async fn a_missing_required_parameter_is_an_invalid_request() {
    let server = MockServer::start().await;
    let client = client(&server, token());
    // A builder made without the tree, so its path parameter is never set.
    let err = cloudflare_sdk::builder::OrganizationInvitesList::new(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("organization_id"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failure_with_odd_codes_and_messages_keeps_every_one() {
    let server = MockServer::start().await;
    // Seen from the live API: a code as a string, a message that is not a string, a plain
    // string entry.
    let body = serde_json::json!({"success": false, "errors": [
        {"code": "1003", "message": "Invalid organization"},
        {"code": 10000, "message": {"detail": "Authentication error"}},
        "A plain message",
        {"code": 9.0, "message": null}
    ], "messages": [], "result": null});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(400).set_body_json(&body)).mount(&server).await;
    let err = client(&server, token()).organization(ORG).invites().list().send().await.unwrap_err();
    assert_eq!(err.codes(), vec![1003, 10000, 0, 9]);
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.errors[1].message, r#"{"detail":"Authentication error"}"#);
    assert_eq!(api.errors[2].message, "A plain message");
    assert!(api.envelope);
}

#[tokio::test]
async fn an_enum_value_newer_than_the_spec_is_kept_as_sent() {
    use cloudflare_sdk::types::InviteStatus;
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    body["result"][0]["status"] = json!("revoked");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let invites = client(&server, token()).organization(ORG).invites().list().send().await.unwrap();
    let status = invites[0].status.clone().unwrap();
    assert_eq!(status, InviteStatus::Other("revoked".into()));
    assert_eq!((status.as_str(), status.to_string()), ("revoked", "revoked".to_string()));
    // Written back as it came, and a known value is still its variant.
    assert_eq!(serde_json::to_value(&invites[0]).unwrap()["status"], "revoked");
    assert_eq!("accepted".parse::<InviteStatus>().unwrap(), InviteStatus::Accepted);
    assert_eq!(serde_json::from_value::<InviteStatus>(json!("expired")).unwrap(), InviteStatus::Expired);
}

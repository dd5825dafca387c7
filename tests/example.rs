//! The `list_invitations` example, run as a program against a loopback server.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `cargo test` builds the examples next to the test binaries.
fn example() -> Command {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let binary: PathBuf = deps.parent().unwrap().join("examples").join(format!("list_invitations{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} is not built", binary.display());
    let mut command = Command::new(binary);
    for name in ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY", "CLOUDFLARE_BASE_URL"] {
        command.env_remove(name);
    }
    command
}

fn run(command: &mut Command) -> (Output, String, String) {
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output, stdout, stderr)
}

#[tokio::test]
async fn prints_one_line_per_invitation() {
    let server = MockServer::start().await;
    let mut body = seed_example_response();
    let second = serde_json::json!({"id": "second", "invited_member_email": "b@example.com", "status": "pending"});
    body["result"].as_array_mut().unwrap().push(second);
    Mock::given(method("GET")).and(path(seed_path())).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;

    let (output, stdout, _) = run(example().arg(ORG).env("CLOUDFLARE_API_TOKEN", "t").env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", server.uri())));
    assert!(output.status.success());
    assert_eq!(stdout, "4f5f0c14a2a41d5063dd301b2f829f04\tuser@example.com\taccepted\nsecond\tb@example.com\tpending\n");
}

#[tokio::test]
async fn an_api_error_exits_non_zero_with_its_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(failure(&[(9109, "Unauthorized to access requested resource")])).insert_header("cf-ray", "abc-SJC"))
        .mount(&server)
        .await;
    let (output, stdout, stderr) = run(example().arg(ORG).env("CLOUDFLARE_API_TOKEN", "t").env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", server.uri())));
    assert!(!output.status.success());
    assert!(stdout.is_empty());
    assert!(stderr.contains("[9109] Unauthorized to access requested resource") && stderr.contains("cf-ray abc-SJC"), "{stderr}");
}

#[test]
fn missing_credentials_exit_non_zero_naming_the_variables() {
    let (output, _, stderr) = run(example().arg(ORG));
    assert!(!output.status.success());
    assert!(stderr.contains("CLOUDFLARE_API_TOKEN") && stderr.contains("CLOUDFLARE_EMAIL"), "{stderr}");
}

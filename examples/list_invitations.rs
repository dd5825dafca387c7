//! Lists an organization's invitations, one line each: id, invited member email, status.
//!
//! ```text
//! CLOUDFLARE_API_TOKEN=... cargo run --example list_invitations -- <organization_id>
//! ```
//!
//! Credentials and `CLOUDFLARE_BASE_URL` come from the environment.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(organization) = std::env::args().nth(1) else {
        eprintln!("usage: list_invitations <organization_id>");
        return ExitCode::from(2);
    };
    match run(&organization).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

// Cloudflare deprecated the organization invites in favour of the account ones; the call says
// so with a compiler warning, which this example, kept for its output, does not need.
#[allow(deprecated)]
async fn run(organization: &str) -> Result<(), cloudflare_sdk::Error> {
    let client = cloudflare_sdk::Client::from_env()?;
    let invites = client.organization(organization).invites().list().send().await?;
    for invite in invites.iter() {
        println!("{}\t{}\t{}", field(&invite.id), field(&invite.invited_member_email), field(&invite.status));
    }
    Ok(())
}

/// The value as text (a status as Cloudflare sends it), or `-` when absent.
fn field(value: &Option<impl std::fmt::Display>) -> String {
    value.as_ref().map_or_else(|| "-".into(), ToString::to_string)
}

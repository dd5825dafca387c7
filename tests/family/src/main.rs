//! The README's calls in one program: invitations listed, a zone read, a DNS record created,
//! listed and sent back edited. Built, not run: it needs an account.

use cloudflare_sdk::{types, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [organization_id, zone_id] = [0, 1].map(|i| args.get(i).cloned().unwrap_or_default());
    let client = Client::from_env()?;

    // The README's first call, which Cloudflare deprecated for the account's.
    #[allow(deprecated)]
    let invites = client.organization(&organization_id).invites().list().send().await?;
    for invite in invites.iter() {
        println!("{:?} {:?}", invite.invited_member_email, invite.status);
    }

    let read = client.zones().get(&zone_id).send().await?;
    println!("{:?} {:?}", read.name, read.status);
    let zone = client.zone(&zone_id);
    let record = zone.dns_records().create().body_map(|b| b.type_("A").name("www.example.com").content("192.0.2.1").ttl(300).proxied(true)).send().await?;
    for listed in zone.dns_records().list().send().await?.iter() {
        println!("{:?}", listed);
    }
    let record_id = record.id().unwrap_or_default().to_string();
    zone.dns_records().edit(&record_id).body(types::builder::DnsRecordEditBody::from(&*record).ttl(600)).send().await?;
    println!("{} operations built", cloudflare_sdk::operations::ALL.len());
    Ok(())
}

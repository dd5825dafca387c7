//! The README's calls in one program: invitations listed, a zone read, a DNS record created,
//! listed and sent back edited; and the README's test of them against the mock. The program
//! is built, not run (it needs an account); the test runs.

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

#[cfg(test)]
mod tests {
    use cloudflare_sdk::mock::MockCloudflare;
    use cloudflare_sdk::serde_json::{self, json};
    use cloudflare_sdk::types::{DnsRecord, DnsRecordCreateBody};

    #[tokio::test]
    async fn the_mock_answers_the_calls_and_keeps_what_it_received() {
        let mock = MockCloudflare::start().await;
        let record = |name: &str| serde_json::from_value::<DnsRecord>(json!({"type": "A", "name": name})).unwrap();
        mock.zone("z1").dns_records().list().respond(vec![record("a"), record("b")]).await;
        let create = mock.zone("z1").dns_records().create().times(1).respond(record("c")).await;

        let client = mock.client();
        let listed = client.zone("z1").dns_records().list().send().await.unwrap();
        let names: Vec<&str> = listed.iter().filter_map(|r| r.name()).collect();
        assert_eq!(names, ["a", "b"]);
        client.zone("z1").dns_records().create().body_map(|b| b.type_("A").name("c").content("192.0.2.1").ttl(1)).send().await.unwrap();
        let DnsRecordCreateBody::A(sent) = create.received()[0].body() else { panic!("not an A record") };
        assert_eq!(sent.name, "c");
    }
}

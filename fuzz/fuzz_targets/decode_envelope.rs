//! `decode_envelope` on any status and any body: a `Response` or an error that keeps the body.
//! The first byte picks the answer's type: the seed's invitations, or a tagged union read by
//! its tag (DNS records by `type`, zone settings by `id`, rulesets' rules by `action`).
#![no_main]

use bytes::Bytes;
use cloudflare_sdk::operations::{
    DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS as DNS, GET_ZONES_ACCOUNT_OR_ZONE_ID_RULESETS_RULESET_ID as RULESET, ORGANIZATION_INVITES_LIST_INVITATIONS as LIST,
    ZONE_SETTINGS_GET_ALL_ZONE_SETTINGS as SETTINGS,
};
use cloudflare_sdk::types::{DnsRecord, Invite, RulesetResponse, SettingEditResult};
use cloudflare_sdk::{decode_envelope, Error, Operation};
use libfuzzer_sys::fuzz_target;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned>(operation: &'static Operation, status: StatusCode, body: Bytes) {
    match decode_envelope::<T>(operation, status, HeaderMap::new(), body.clone()) {
        Ok(response) => assert!(status.is_success() && response.status() == status && response.body() == &body),
        Err(Error::Api(failure)) => assert_eq!(failure.body, body),
        Err(Error::Decode(failure)) => assert!(status.is_success() && failure.body == body),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(([kind, status @ ..], body)) = data.split_first_chunk::<3>() else { return };
    let status = StatusCode::from_u16(100 + u16::from_le_bytes(*status) % 900).expect("100..=999 is a status");
    let body = Bytes::copy_from_slice(body);
    match kind % 4 {
        0 => check::<Vec<Invite>>(&LIST, status, body.clone()),
        1 => check::<Vec<DnsRecord>>(&DNS, status, body.clone()),
        2 => check::<Vec<SettingEditResult>>(&SETTINGS, status, body.clone()),
        _ => check::<RulesetResponse>(&RULESET, status, body.clone()),
    }
    if let Err(err) = decode_envelope::<serde_json::Value>(&LIST, status, HeaderMap::new(), body) {
        let _ = format!("{err} {err:?}");
    }
});

//! `decode_envelope` on any status and any body: a `Response` or an error that keeps the body.
#![no_main]

use bytes::Bytes;
use cloudflare_sdk::operations::ORGANIZATION_INVITES_LIST_INVITATIONS as LIST;
use cloudflare_sdk::types::Invite;
use cloudflare_sdk::{decode_envelope, Error};
use libfuzzer_sys::fuzz_target;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = data.split_first_chunk::<2>() else { return };
    let status = StatusCode::from_u16(100 + u16::from_le_bytes(*status) % 900).expect("100..=999 is a status");
    let body = Bytes::copy_from_slice(body);
    match decode_envelope::<Vec<Invite>>(&LIST, status, HeaderMap::new(), body.clone()) {
        Ok(response) => assert!(status.is_success() && response.status() == status),
        Err(Error::Api(failure)) => assert_eq!(failure.body, body),
        Err(Error::Decode(failure)) => assert!(status.is_success() && failure.body == body),
        Err(other) => panic!("unexpected {other:?}"),
    }
    if let Err(err) = decode_envelope::<serde_json::Value>(&LIST, status, HeaderMap::new(), body) {
        let _ = format!("{err} {err:?}");
    }
});

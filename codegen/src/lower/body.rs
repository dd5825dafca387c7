//! Request bodies: which of the declared media types to offer, and how.
//!
//! Progenitor takes one media type per body, and only JSON, form-urlencoded, octet-stream and
//! plain text. JSON is preferred, then a form, then multipart; anything else (multipart
//! forms, scripts, NDJSON) is sent as raw bytes the caller provides, with its real media type
//! set by the runtime.

use std::collections::BTreeMap;

use crate::spec::MediaType;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    Form,
    Raw,
}

pub fn kind(media_type: &str) -> Kind {
    if super::is_json(media_type) {
        Kind::Json
    } else if essence(media_type) == "application/x-www-form-urlencoded" {
        Kind::Form
    } else {
        Kind::Raw
    }
}

/// The media type to offer: JSON first, then a form, then a multipart form (which can carry
/// any of the others' content), then the first declared.
pub fn choose(content: &BTreeMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let by_kind = |wanted: Kind| content.iter().find(|(media, _)| kind(media) == wanted);
    let multipart = || content.iter().find(|(media, _)| cloudflare_sdk_rules::media::is_multipart(media));
    by_kind(Kind::Json).or_else(|| by_kind(Kind::Form)).or_else(multipart).or_else(|| content.iter().next())
}

/// The name progenitor knows the media type by (`application/json; charset=utf-8` ->
/// `application/json`).
pub fn progenitor_media_type(media_type: &str) -> &'static str {
    match kind(media_type) {
        Kind::Json => "application/json",
        Kind::Form => "application/x-www-form-urlencoded",
        Kind::Raw => "application/octet-stream",
    }
}

pub(crate) use cloudflare_sdk_rules::media::essence;

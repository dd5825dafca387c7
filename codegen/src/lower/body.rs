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

/// A PATCH body names what it changes and leaves the rest as it is, so none of its fields is
/// required but a union's tag, which says which kind is sent: the body's own `required` lists
/// (its object's, each kind's and each branch's) keep only the tag. The objects inside keep
/// theirs, being sent whole. Upstream often gives a PATCH the PUT's schema, which would make
/// `edit()` of a DNS record ask for its `name` and `ttl`.
pub fn patch_fields_optional(schema: &serde_json::Value) -> serde_json::Value {
    fields_optional(schema, None)
}

fn fields_optional(schema: &serde_json::Value, union_tag: Option<&str>) -> serde_json::Value {
    use serde_json::Value;
    let Value::Object(object) = schema else { return schema.clone() };
    let mut out = object.clone();
    let tag = object.get(super::tagged::TAG_KEYWORD).and_then(Value::as_str).or(union_tag);
    let kept: Option<Vec<Value>> = object.get("required").and_then(Value::as_array).map(|required| required.iter().filter(|field| tag.is_some() && field.as_str() == tag).cloned().collect());
    match kept {
        Some(kept) if kept.is_empty() => {
            out.remove("required");
        }
        Some(kept) => {
            out.insert("required".into(), Value::Array(kept));
        }
        None => {}
    }
    for key in ["oneOf", "anyOf", super::tagged::KINDS_KEYWORD] {
        if let Some(Value::Array(branches)) = object.get(key) {
            out.insert(key.into(), Value::Array(branches.iter().map(|branch| fields_optional(branch, tag)).collect()));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_patch_body_requires_nothing_but_its_unions_tag() {
        let object = json!({"type": "object", "required": ["name", "ttl"], "properties": {"name": {"type": "string"}, "ttl": {"type": "integer"}, "owner": {"type": "object", "required": ["id"]}}});
        let patched = super::patch_fields_optional(&object);
        assert_eq!(patched.get("required"), None);
        assert_eq!(patched["properties"]["owner"]["required"], json!(["id"]), "an object inside is sent whole");
        let union = json!({"x-cloudflare-sdk-tag": "type", "required": ["type", "name"], "x-cloudflare-sdk-kinds": [{"required": ["type", "name", "content"]}, {"required": ["name"]}]});
        let patched = super::patch_fields_optional(&union);
        assert_eq!(patched["required"], json!(["type"]));
        assert_eq!(patched["x-cloudflare-sdk-kinds"], json!([{"required": ["type"]}, {}]));
        let untagged = json!({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]});
        assert_eq!(super::patch_fields_optional(&untagged), json!({"oneOf": [{}, {}]}));
    }
}

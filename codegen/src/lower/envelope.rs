//! Cloudflare's response envelope: `{success, errors, messages, result, result_info}`.
//!
//! Success bodies are recognised so a call returns `result`; failure bodies (`4xx`, `5xx`,
//! `default`) all have the same shape, which the runtime decodes into one hand-written type,
//! so their schemas need no generated type at all.

use serde_json::Value;

use super::schema::merge_all_of;

/// What a successful (2xx) response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// The envelope; `result` is described by the schema, `paginated` when `result_info` is
    /// declared.
    Envelope { result: Option<Value>, paginated: bool },
    /// JSON that is not an envelope (a few endpoints answer with bare JSON).
    Json(Value),
    /// Anything else (CSV, images, scripts, packet captures): the bytes as they come.
    Bytes,
    /// No body.
    Empty,
}

/// Classifies one response's content.
pub fn success_body(content: &std::collections::BTreeMap<String, crate::spec::MediaType>) -> SuccessBody {
    let json = content
        .iter()
        .find(|(media, _)| is_json(media))
        .map(|(_, media)| media.schema.clone().unwrap_or(Value::Object(Default::default())));
    match json {
        Some(schema) => {
            let merged = merge_all_of(&schema);
            match envelope_parts(&merged) {
                Some((result, paginated)) => SuccessBody::Envelope { result, paginated },
                None => SuccessBody::Json(schema),
            }
        }
        None if content.is_empty() => SuccessBody::Empty,
        None => SuccessBody::Bytes,
    }
}

/// `(result schema, has result_info)` when `merged` (allOf already merged) is an envelope.
fn envelope_parts(merged: &Value) -> Option<(Option<Value>, bool)> {
    let properties = merged.get("properties")?.as_object()?;
    // Some operations declare only `{result}` (or `{result, result_info}`); the API still
    // answers with the whole envelope.
    let is_envelope = ["success", "errors"].iter().all(|k| properties.contains_key(*k)) || properties.contains_key("result");
    if !is_envelope {
        return None;
    }
    Some((properties.get("result").cloned(), properties.contains_key("result_info")))
}

pub fn is_json(media_type: &str) -> bool {
    let essence = super::body::essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::MediaType;
    use serde_json::json;

    fn content(media: &str, schema: Value) -> std::collections::BTreeMap<String, MediaType> {
        [(media.to_string(), MediaType { schema: Some(schema), example: None, examples: None, encoding: None })].into()
    }

    #[test]
    fn envelope_with_result_info_is_paginated() {
        let schema = json!({"allOf": [
            {"properties": {"success": {}, "errors": {}, "messages": {}, "result": {"anyOf": [{"type": "object"}]}}},
            {"properties": {"result_info": {"type": "object"}}},
            {"properties": {"result": {"type": "array", "items": {"type": "string"}}}}
        ]});
        assert_eq!(
            success_body(&content("application/json", schema)),
            SuccessBody::Envelope { result: Some(json!({"type": "array", "items": {"type": "string"}})), paginated: true }
        );
    }

    #[test]
    fn a_body_declaring_only_result_is_the_envelope() {
        let schema = json!({"properties": {"result": {"type": "object", "properties": {"id": {"type": "string"}}}}});
        assert_eq!(
            success_body(&content("application/json", schema)),
            SuccessBody::Envelope { result: Some(json!({"type": "object", "properties": {"id": {"type": "string"}}})), paginated: false }
        );
    }

    #[test]
    fn bare_json_and_other_media_types() {
        let bare = json!({"type": "object", "properties": {"data": {"type": "string"}}});
        assert_eq!(success_body(&content("application/json", bare.clone())), SuccessBody::Json(bare));
        assert_eq!(success_body(&content("text/csv", json!({"type": "string"}))), SuccessBody::Bytes);
        assert_eq!(success_body(&Default::default()), SuccessBody::Empty);
    }
}

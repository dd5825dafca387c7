//! Cloudflare's response envelope: `{success, errors, messages, result, result_info}`.
//!
//! Success bodies are recognised so a call returns `result`; failure bodies (`4xx`, `5xx`,
//! `default`) all have the same shape, which the runtime decodes into one hand-written type,
//! so their schemas need no generated type at all.

use serde_json::Value;

use super::schema::{merge_all_of, says_nothing, Direction};

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
    let json = content.iter().find(|(media, _)| is_json(media)).map(|(_, media)| {
        let mut schema = media.schema.clone().unwrap_or(Value::Object(Default::default()));
        // The answer's examples are evidence of what its numbers hold.
        let named = media.examples.as_ref().and_then(Value::as_object).into_iter().flat_map(|examples| examples.values()).filter_map(|example| example.get("value"));
        for example in media.example.iter().chain(named) {
            super::schema::note_fractions(&mut schema, example);
        }
        schema
    });
    match json {
        Some(schema) => {
            let merged = merge_all_of(&schema);
            match envelope_parts(&merged).or_else(|| union_of_envelopes(&merged)) {
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
    let is_envelope = cloudflare_sdk_rules::envelope::is_envelope(|key| properties.contains_key(key)) || properties.contains_key("result");
    if !is_envelope {
        return None;
    }
    Some((properties.get("result").cloned(), properties.contains_key("result_info")))
}

/// A union (`oneOf`/`anyOf`) whose branches are all envelopes is one envelope: upstream
/// writes some answers as "the operation's envelope or the generic one". Its `result` is the
/// union of the branches' results, leaving out those that say nothing (the generic envelope's
/// `anyOf[object, array, string]`), since they would make the whole any JSON; it is paginated
/// when a branch declares `result_info`.
fn union_of_envelopes(merged: &Value) -> Option<(Option<Value>, bool)> {
    let branches = merged.get("oneOf").or_else(|| merged.get("anyOf"))?.as_array()?;
    let parts: Vec<(Option<Value>, bool)> = branches.iter().map(|b| envelope_parts(b).or_else(|| union_of_envelopes(b))).collect::<Option<_>>()?;
    let paginated = parts.iter().any(|(_, paginated)| *paginated);
    let results: Vec<Value> = parts.into_iter().filter_map(|(result, _)| result).collect();
    let mut telling: Vec<Value> = results.iter().filter(|r| !says_nothing(r, Direction::Response)).cloned().collect();
    let result = match telling.len() {
        0 => results.into_iter().next(),
        1 => telling.pop(),
        _ => Some(serde_json::json!({"anyOf": telling})),
    };
    Some((result, paginated))
}

pub use cloudflare_sdk_rules::media::is_json;

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
        assert_eq!(success_body(&content("application/json", schema)), SuccessBody::Envelope { result: Some(json!({"type": "array", "items": {"type": "string"}})), paginated: true });
    }

    #[test]
    fn a_body_declaring_only_result_is_the_envelope() {
        let schema = json!({"properties": {"result": {"type": "object", "properties": {"id": {"type": "string"}}}}});
        assert_eq!(success_body(&content("application/json", schema)), SuccessBody::Envelope { result: Some(json!({"type": "object", "properties": {"id": {"type": "string"}}})), paginated: false });
    }

    #[test]
    fn a_union_of_envelopes_is_one_envelope_whose_result_is_the_branch_that_says_what_it_is() {
        let generic = json!({"properties": {"success": {}, "errors": {}, "result": {"anyOf": [{"type": "object"}, {"type": "array"}, {"type": "string"}]}}});
        let specific = json!({"properties": {"success": {}, "errors": {}, "result": {"type": "array", "items": {"type": "string"}}}});
        let paged = json!({"allOf": [generic.clone(), {"properties": {"result": {"type": "array", "items": {}}, "result_info": {}}}]});
        assert_eq!(
            success_body(&content("application/json", json!({"oneOf": [specific.clone(), generic.clone()]}))),
            SuccessBody::Envelope { result: Some(json!({"type": "array", "items": {"type": "string"}})), paginated: false }
        );
        // The paginated branch's list of anything says nothing; its `result_info` still counts.
        assert_eq!(
            success_body(&content("application/json", json!({"anyOf": [paged, {"properties": {"result": {"type": "array", "items": {"type": "integer"}}}}]}))),
            SuccessBody::Envelope { result: Some(json!({"type": "array", "items": {"type": "integer"}})), paginated: true }
        );
        // Two that say something are both kept; none that does leaves the first.
        let other = json!({"properties": {"result": {"type": "object", "properties": {"id": {}}}}});
        assert_eq!(
            success_body(&content("application/json", json!({"oneOf": [specific, other]}))),
            SuccessBody::Envelope { result: Some(json!({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object", "properties": {"id": {}}}]})), paginated: false }
        );
        assert!(matches!(success_body(&content("application/json", json!({"oneOf": [generic.clone(), generic]}))), SuccessBody::Envelope { result: Some(_), paginated: false }));
        // A union with a branch that is not an envelope is bare JSON.
        let mixed = json!({"oneOf": [{"properties": {"result": {}}}, {"type": "string"}]});
        assert_eq!(success_body(&content("application/json", mixed.clone())), SuccessBody::Json(mixed));
    }

    #[test]
    fn bare_json_and_other_media_types() {
        let bare = json!({"type": "object", "properties": {"data": {"type": "string"}}});
        assert_eq!(success_body(&content("application/json", bare.clone())), SuccessBody::Json(bare));
        assert_eq!(success_body(&content("text/csv", json!({"type": "string"}))), SuccessBody::Bytes);
        assert_eq!(success_body(&Default::default()), SuccessBody::Empty);
    }
}

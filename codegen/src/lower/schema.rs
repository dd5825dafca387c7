//! Schema rewrites that make the upstream schemas fit typify, each a general rule.
//!
//! - `allOf` is merged into one schema (typify distributes `allOf` over `anyOf` branches, which
//!   grows combinatorially on Cloudflare's nests).
//! - Validation keywords (`maxLength`, `pattern`, `minimum`, ...) are dropped: typify turns them
//!   into newtypes that validate on every decode and make every call site convert; the server
//!   validates anyway.
//! - `format` on strings is dropped: Cloudflare's timestamps are not all RFC 3339, and one odd
//!   value would fail a whole response. Integer formats stay (they pick the integer width).
//! - `default`, `example` and `examples` are dropped: they are documentation, and upstream
//!   has several that do not conform to their own schema.
//! - In responses, every property is optional and string enums are plain strings (the allowed
//!   values go to the doc comment): the API omits fields it calls required and adds enum
//!   values over time, and neither should fail a call.

use serde_json::{Map, Value};

/// Which side of the wire a schema describes; responses are read leniently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

const DROPPED_KEYWORDS: [&str; 21] = [
    "maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "readOnly", "writeOnly", "default", "example", "examples", "xml",
    "externalDocs", "discriminator",
];

/// Merges every `allOf` into the schema that holds it, recursively. Later members win on
/// conflicting keywords (Cloudflare writes the generic envelope first and the specific
/// `result` last); properties present in several members are merged the same way, and the
/// `required` lists are joined.
pub fn merge_all_of(schema: &Value) -> Value {
    let Value::Object(object) = schema else { return schema.clone() };
    let mut out = Map::new();
    if let Some(Value::Array(members)) = object.get("allOf") {
        for member in members {
            merge_into(&mut out, merge_all_of(member));
        }
    }
    let mut own = Map::new();
    for (key, value) in object {
        if key == "allOf" {
            continue;
        }
        own.insert(key.clone(), map_subschemas(key, value, merge_all_of));
    }
    // The holder's own keywords (description, nullable) describe the whole.
    merge_into(&mut out, Value::Object(own));
    Value::Object(out)
}

/// Keywords that say what kind of value a schema is; a member that sets any of them replaces
/// the kind given by earlier members (the envelope's generic `result: anyOf[...]` gives way
/// to the operation's `result: {type: array, items: ...}`).
const SHAPE_KEYWORDS: [&str; 5] = ["type", "items", "anyOf", "oneOf", "enum"];

fn merge_into(target: &mut Map<String, Value>, source: Value) {
    let Value::Object(source) = source else { return };
    if SHAPE_KEYWORDS.iter().any(|k| source.contains_key(*k)) {
        target.retain(|k, _| !SHAPE_KEYWORDS.contains(&k.as_str()) || source.contains_key(k));
    }
    for (key, value) in source {
        match (key.as_str(), target.get_mut(&key), value) {
            ("properties", Some(Value::Object(existing)), Value::Object(new)) => {
                for (name, property) in new {
                    match existing.get_mut(&name) {
                        Some(Value::Object(old)) if property.is_object() => merge_into(old, property),
                        _ => {
                            existing.insert(name, property);
                        }
                    }
                }
            }
            ("required", Some(Value::Array(existing)), Value::Array(new)) => {
                for name in new {
                    if !existing.contains(&name) {
                        existing.push(name);
                    }
                }
            }
            (_, _, value) => {
                target.insert(key, value);
            }
        }
    }
}

/// Applies `f` to the subschemas held under `key` (properties, items, anyOf members, ...).
fn map_subschemas(key: &str, value: &Value, f: impl Fn(&Value) -> Value) -> Value {
    match (key, value) {
        ("properties", Value::Object(properties)) => {
            Value::Object(properties.iter().map(|(k, v)| (k.clone(), f(v))).collect())
        }
        ("items" | "not", _) | ("additionalProperties", Value::Object(_)) => f(value),
        ("anyOf" | "oneOf" | "allOf", Value::Array(members)) => Value::Array(members.iter().map(f).collect()),
        _ => value.clone(),
    }
}

/// The schema typify is given: `allOf` merged, documentation-only and validation keywords
/// dropped, responses made lenient (see the module docs).
pub fn simplify(schema: &Value, direction: Direction) -> Value {
    simplify_merged(&merge_all_of(schema), direction)
}

fn simplify_merged(schema: &Value, direction: Direction) -> Value {
    let Value::Object(object) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in object {
        if DROPPED_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        if key == "format" && object.get("type").and_then(Value::as_str) != Some("integer") {
            continue;
        }
        if key == "required" && direction == Direction::Response {
            continue;
        }
        out.insert(key.clone(), map_subschemas(key, value, |s| simplify_merged(s, direction)));
    }
    if direction == Direction::Response && out.get("type").and_then(Value::as_str) == Some("string") {
        if let Some(Value::Array(values)) = out.remove("enum") {
            document_values(&mut out, &values);
        }
    }
    Value::Object(out)
}

fn document_values(schema: &mut Map<String, Value>, values: &[Value]) {
    let listed: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().unwrap_or(&v.to_string()))).collect();
    let note = format!("One of {}.", listed.join(", "));
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(text) => format!("{text}\n\n{note}"),
        None => note,
    };
    schema.insert("description".into(), Value::String(description));
}

/// True when the schema says `null` is a valid value.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_of_merges_properties_and_required_with_later_members_winning() {
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"result": {"anyOf": [{"type": "object"}, {"type": "string"}]}, "success": {"type": "boolean"}}, "required": ["success"]},
            {"properties": {"result": {"type": "array", "items": {"type": "string"}}}, "required": ["result"]}
        ]});
        let merged = merge_all_of(&schema);
        assert_eq!(merged["properties"]["result"], json!({"type": "array", "items": {"type": "string"}}));
        assert_eq!(merged["required"], json!(["success", "result"]));
        assert_eq!(merged["type"], "object");
    }

    #[test]
    fn nested_all_of_in_items_is_merged() {
        let schema = json!({"type": "array", "items": {"allOf": [{"allOf": [{"properties": {"a": {"type": "string"}}}]}, {"properties": {"b": {"type": "string"}}}]}});
        let merged = merge_all_of(&schema);
        assert_eq!(merged["items"]["properties"], json!({"a": {"type": "string"}, "b": {"type": "string"}}));
    }

    #[test]
    fn responses_drop_constraints_formats_required_and_enums() {
        let schema = json!({"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "maxLength": 32, "readOnly": true, "example": "x"},
            "at": {"type": "string", "format": "date-time"},
            "n": {"type": "integer", "format": "int32", "minimum": 1},
            "status": {"type": "string", "enum": ["pending", "accepted"], "description": "Status."}
        }});
        let simple = simplify(&schema, Direction::Response);
        assert_eq!(simple, json!({"type": "object", "properties": {
            "id": {"type": "string"},
            "at": {"type": "string"},
            "n": {"type": "integer", "format": "int32"},
            "status": {"type": "string", "description": "Status.\n\nOne of `pending`, `accepted`."}
        }}));
    }

    #[test]
    fn requests_keep_required_and_enums() {
        let schema = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a", "b"], "default": "a"}}});
        let simple = simplify(&schema, Direction::Request);
        assert_eq!(simple, json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}}));
    }
}

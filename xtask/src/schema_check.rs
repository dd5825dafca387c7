//! Checks a value against a spec schema with a JSON Schema validator (draft 4, which OpenAPI
//! 3.0 schemas extend), formats included.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// Which way a value travels: OpenAPI applies a `required` read-only property to responses
/// only, and a required write-only one to requests only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// How to read a schema that leaves out `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// As JSON Schema does: a schema with `properties` and no `type` accepts `"on"` and `null`.
    AsWritten,
    /// As a code generator does: `properties` mean an object and `items` an array.
    Typed,
}

/// The first way `value` violates `schema` read as `reading` (whose `#/definitions/...`
/// references point into `definitions`), or `None` when it satisfies it. A schema the
/// validator cannot compile is reported as a violation, so that it is never taken for a pass.
pub fn violation(schema: &Value, definitions: &BTreeMap<String, Value>, value: &Value, direction: Direction, reading: Reading) -> Option<String> {
    let convert = |s: &Value| to_json_schema(s, direction, reading);
    let mut root = json!({"allOf": [convert(schema)]});
    if !definitions.is_empty() {
        root["definitions"] = definitions.iter().map(|(name, schema)| (name.clone(), convert(schema))).collect();
    }
    let validator = match jsonschema::draft4::options().should_validate_formats(true).build(&root) {
        Ok(validator) => validator,
        Err(err) => return Some(format!("the schema does not compile: {err}")),
    };
    let first = validator.iter_errors(value).next().map(|error| {
        let at = error.instance_path().to_string();
        let at = if at.is_empty() { "/".to_string() } else { at };
        format!("at {at}: {error}")
    });
    first
}

/// Whether `schema` (or a part of it) declares `property` read-only.
pub fn is_read_only(schema: &Value, property: &str) -> bool {
    match schema {
        Value::Object(map) => {
            let here = map.get("properties").and_then(|p| p.get(property)).and_then(|p| p.get("readOnly")) == Some(&Value::Bool(true));
            here || map.values().any(|v| is_read_only(v, property))
        }
        Value::Array(items) => items.iter().any(|v| is_read_only(v, property)),
        _ => false,
    }
}

/// An OpenAPI 3.0 schema as JSON Schema: `nullable: true` adds `null` to the `type` (and
/// `enum`); properties that do not apply in `direction` are not required.
fn to_json_schema(schema: &Value, direction: Direction, reading: Reading) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), to_json_schema(v, direction, reading))).collect();
            if reading == Reading::Typed && !out.contains_key("type") {
                if out.contains_key("properties") {
                    out.insert("type".into(), json!("object"));
                } else if out.contains_key("items") {
                    out.insert("type".into(), json!("array"));
                }
            }
            let skipped = match direction {
                Direction::Request => "readOnly",
                Direction::Response => "writeOnly",
            };
            if let (Some(Value::Array(required)), Some(Value::Object(properties))) = (map.get("required"), map.get("properties")) {
                let kept: Vec<Value> = required.iter().filter(|name| name.as_str().and_then(|n| properties.get(n)).and_then(|p| p.get(skipped)) != Some(&Value::Bool(true))).cloned().collect();
                out.insert("required".into(), Value::Array(kept));
            }
            // Draft 4 wants at least one name; an empty list requires nothing anyway.
            if out.get("required").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                out.remove("required");
            }
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(ty)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([ty, "null"]));
                }
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| to_json_schema(v, direction, reading)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_and_definitions_are_understood() {
        let none = BTreeMap::new();
        let violation = |s: &Value, d: &BTreeMap<String, Value>, v: &Value| violation(s, d, v, Direction::Response, Reading::AsWritten);
        let schema = json!({"type": "object", "properties": {"id": {"type": "string", "nullable": true, "maxLength": 3}}});
        assert_eq!(violation(&schema, &none, &json!({"id": null})), None);
        assert!(violation(&schema, &none, &json!({"id": "abcd"})).unwrap().contains("/id"));

        let definitions = BTreeMap::from([("Node".to_string(), json!({"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}}}))]);
        let schema = json!({"$ref": "#/definitions/Node"});
        assert_eq!(violation(&schema, &definitions, &json!({"next": {"next": {}}})), None);
        assert!(violation(&schema, &definitions, &json!({"next": 1})).is_some());
    }

    #[test]
    fn read_only_properties_are_required_in_responses_only() {
        let schema = json!({"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string", "readOnly": true}, "name": {"type": "string"}}});
        let body = json!({"name": "x"});
        assert_eq!(violation(&schema, &BTreeMap::new(), &body, Direction::Request, Reading::AsWritten), None);
        assert!(violation(&schema, &BTreeMap::new(), &body, Direction::Response, Reading::AsWritten).is_some());
        assert!(is_read_only(&json!({"allOf": [schema]}), "id"));
        assert!(!is_read_only(&json!({"allOf": [{"properties": {"name": {}}}]}), "name"));
    }

    #[test]
    fn a_typed_reading_refuses_what_only_a_missing_type_lets_through() {
        let schema = json!({"properties": {"url": {"type": "string"}}});
        let none = BTreeMap::new();
        assert_eq!(violation(&schema, &none, &json!("on"), Direction::Response, Reading::AsWritten), None);
        assert!(violation(&schema, &none, &json!("on"), Direction::Response, Reading::Typed).is_some());
    }

    #[test]
    fn formats_are_checked() {
        let violation = |s: &Value, d: &BTreeMap<String, Value>, v: &Value| violation(s, d, v, Direction::Request, Reading::AsWritten);
        let schema = json!({"type": "string", "format": "date-time"});
        assert!(violation(&schema, &BTreeMap::new(), &json!("yesterday")).is_some());
        assert_eq!(violation(&schema, &BTreeMap::new(), &json!("2024-01-01T00:00:00Z")), None);
    }
}

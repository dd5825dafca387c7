//! Example values built from a schema: its own `example` where it has one, otherwise one
//! assembled from the examples, defaults and enums of its parts. Tests and the conformance
//! driver use them to talk to servers in the spec's own words.

use serde_json::{json, Map, Value};

use crate::lower::schema::merge_all_of;

/// An example value for `schema` (allOf merged first, first branch of a union).
pub fn example_value(schema: &Value) -> Value {
    build(&merge_all_of(schema), 0)
}

fn build(schema: &Value, depth: usize) -> Value {
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(default) = schema.get("default") {
        return default.clone();
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    if depth > 12 {
        return Value::Null;
    }
    for union in ["anyOf", "oneOf"] {
        if let Some(first) = schema.get(union).and_then(Value::as_array).and_then(|m| m.first()) {
            return build(&merge_all_of(first), depth + 1);
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!("string"),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => match schema.get("items") {
            Some(items) => json!([build(items, depth + 1)]),
            None => json!([]),
        },
        _ => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => Value::Object(
                properties.iter().map(|(name, property)| (name.clone(), build(property, depth + 1))).collect::<Map<_, _>>(),
            ),
            None => json!({}),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_come_from_the_schema_parts() {
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"id": {"type": "string", "example": "abc"}}},
            {"properties": {"status": {"type": "string", "enum": ["pending", "accepted"], "example": "accepted"},
                            "tags": {"type": "array", "items": {"type": "string", "example": "t"}},
                            "n": {"type": "integer"}}}
        ]});
        assert_eq!(example_value(&schema), json!({"id": "abc", "status": "accepted", "tags": ["t"], "n": 1}));
    }
}

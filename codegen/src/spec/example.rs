//! Example values built from a schema: its own `example` where it has one, otherwise one
//! assembled from the examples, defaults and enums of its parts. Tests and the conformance
//! driver use them to talk to servers in the spec's own words.

use serde_json::{json, Map, Value};

use crate::lower::schema::merge_all_of;

/// An example value for `schema` (allOf merged first, first branch of a union).
pub fn example_value(schema: &Value) -> Value {
    build(&merge_all_of(schema), 0, None)
}

/// `name` is the property the schema sits under, if any: a number it names a whole quantity
/// of is an integer, as the lowering types it in requests.
fn build(schema: &Value, depth: usize, name: Option<&str>) -> Value {
    // Upstream puts a setting's `default: false` beside the object that holds it, and a
    // value's enum beside the envelope that carries it; such a value is an example of
    // something else.
    let enumerated = schema.get("enum").and_then(Value::as_array).into_iter().flatten().take(1);
    if let Some(given) = ["example", "default"].iter().filter_map(|k| schema.get(*k)).chain(enumerated).find(|v| fits_kind(v, schema)) {
        return given.clone();
    }
    if depth > 12 {
        return Value::Null;
    }
    for union in ["anyOf", "oneOf"] {
        if let Some(first) = schema.get(union).and_then(Value::as_array).and_then(|m| m.first()) {
            return build(&merge_all_of(first), depth + 1, name);
        }
    }
    // Properties make an object, whatever `type` a merged member left (as in the lowering).
    let kind = match schema.get("properties") {
        Some(_) => Some("object"),
        None => schema.get("type").and_then(Value::as_str),
    };
    match kind {
        Some("string") => json!(string_for(schema)),
        Some("integer") => json!(number_for(schema, 1.0) as i64),
        Some("number") if name.zip(schema.as_object()).is_some_and(|(name, schema)| crate::lower::schema::means_whole_units(name, schema)) => json!(number_for(schema, 1.0) as i64),
        Some("number") => json!(number_for(schema, 1.5)),
        Some("boolean") => json!(true),
        Some("array") => match schema.get("items") {
            Some(items) => json!([build(items, depth + 1, None)]),
            None => json!([]),
        },
        _ => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => Value::Object(properties.iter().map(|(name, property)| (name.clone(), build(property, depth + 1, Some(name)))).collect::<Map<_, _>>()),
            None => json!({}),
        },
    }
}

/// Whether `value` can stand for `schema`: anything but a scalar where an object is declared
/// (by `type` or by `properties`). Text for a number, one value for a list, `[]` for an object
/// are what the live API sends too, and stay: the SDK decodes them.
fn fits_kind(value: &Value, schema: &Value) -> bool {
    let object = schema.get("properties").is_some() || schema.get("type").and_then(Value::as_str) == Some("object");
    !object || value.is_object() || value.is_array()
}

/// A string its schema accepts: one of its `format`, within its length bounds. (Patterns are
/// not read: a schema with a pattern and no example gets a plain word.)
fn string_for(schema: &Value) -> String {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("time") => "00:00:00Z",
        Some("uuid") => "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        _ => "string",
    };
    let bound = |name: &str| schema.get(name).and_then(Value::as_u64).map(|n| n as usize);
    let mut text = text.to_string();
    if let Some(min) = bound("minLength") {
        while text.len() < min {
            text.push('x');
        }
    }
    if let Some(max) = bound("maxLength") {
        text.truncate(max);
    }
    text
}

/// `preferred` moved into the schema's `minimum`..`maximum`.
fn number_for(schema: &Value, preferred: f64) -> f64 {
    let mut n = preferred;
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        n = n.max(min);
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        n = n.min(max);
    }
    n
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

    #[test]
    fn an_example_or_default_of_another_kind_than_its_schema_is_passed_over() {
        // A setting's object with the setting's `default: false` beside it.
        let setting = json!({"default": false, "properties": {"id": {"type": "string", "example": "tls_1_3"}}});
        assert_eq!(example_value(&setting), json!({"id": "tls_1_3"}));
        // An envelope merged with the enum of the value it carries.
        let envelope = json!({"allOf": [{"type": "object", "properties": {"success": {"type": "boolean"}}}, {"type": "string", "default": "supported", "enum": ["supported"]}]});
        assert_eq!(example_value(&envelope), json!({"success": true}));
        // Another scalar, or a list, is what the live API sends too: it stays.
        assert_eq!(example_value(&json!({"type": "integer", "example": "13335"})), json!("13335"));
        assert_eq!(example_value(&json!({"type": "array", "items": {"type": "string"}, "example": "a"})), json!("a"));
        assert_eq!(example_value(&json!({"type": "object", "example": [], "default": {"a": 1}})), json!([]));
    }

    #[test]
    fn built_values_respect_formats_lengths_and_bounds() {
        assert_eq!(example_value(&json!({"type": "string", "format": "uuid"})), json!("f174e90a-fafe-4643-bbbc-4a0ed4fc8415"));
        assert_eq!(example_value(&json!({"type": "string", "maxLength": 3})), json!("str"));
        assert_eq!(example_value(&json!({"type": "string", "minLength": 8})), json!("stringxx"));
        assert_eq!(example_value(&json!({"type": "integer", "minimum": 5, "maximum": 50})), json!(5));
        assert_eq!(example_value(&json!({"type": "number", "maximum": 1})), json!(1.0));
        // A number the lowering sends as an integer gets an integer.
        let body = json!({"properties": {"delay_seconds": {"type": "number"}, "ratio": {"type": "number"}}});
        assert_eq!(example_value(&body), json!({"delay_seconds": 1, "ratio": 1.5}));
    }
}

//! Figures of the request bodies a lowering gives, for `cargo xtask stats`: how many of the
//! fields a caller fills are typed, and which are any JSON and why.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Lowered;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyFieldStats {
    /// Fields of the types JSON request bodies hold (each type once, however many bodies
    /// share it), the kinds of their unions included.
    pub fields: usize,
    /// The fields of those that are `serde_json::Value` (or a map or list of it): the type's
    /// name and field, and what the lowered schema says of them.
    pub untyped: Vec<(String, &'static str)>,
    /// Of those fields, how many are integers and how many other numbers (`f64`).
    pub integers: usize,
    pub numbers: usize,
}

impl BodyFieldStats {
    pub fn of(lowered: &Lowered) -> BodyFieldStats {
        let document = serde_json::to_value(&lowered.openapi).unwrap_or_default();
        let components = document.pointer("/components/schemas").cloned().unwrap_or_default();
        let mut walk = Walk { components: &components, seen: BTreeSet::new(), stats: BodyFieldStats::default() };
        for item in document.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
            for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") {
                    walk.schema(schema, "(a body)");
                }
            }
        }
        // The kinds of unions in requests, which the merged bodies above do not name.
        for kind in lowered.tagged_unions.iter().filter(|u| u.merged).flat_map(|u| &u.variants) {
            walk.schema(&serde_json::json!({"$ref": format!("#/components/schemas/{}", kind.component)}), &kind.component);
        }
        walk.stats
    }
}

struct Walk<'a> {
    components: &'a Value,
    seen: BTreeSet<String>,
    stats: BodyFieldStats,
}

impl Walk<'_> {
    fn schema(&mut self, schema: &Value, owner: &str) {
        if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
            if self.seen.insert(name.to_string()) {
                if let Some(component) = self.components.get(name) {
                    self.schema(component, name);
                }
            }
            return;
        }
        for (field, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            self.stats.fields += 1;
            if let Some(why) = untyped(property) {
                self.stats.untyped.push((format!("{owner}.{field}"), why));
            }
            match property.get("type").and_then(Value::as_str) {
                Some("integer") => self.stats.integers += 1,
                Some("number") => self.stats.numbers += 1,
                _ => {}
            }
            self.schema(property, owner);
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = schema.get(key).filter(|s| s.is_object()) {
                self.schema(inner, owner);
            }
        }
        for member in schema.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
            self.schema(member, owner);
        }
    }
}

/// Why a lowered field schema is any JSON, if it is.
fn untyped(schema: &Value) -> Option<&'static str> {
    if schema.get("$ref").is_some() || schema.get("oneOf").is_some() {
        return None;
    }
    let is_any = |s: &Value| s.as_object().is_some_and(|o| !o.contains_key("type") && !o.contains_key("$ref") && !o.contains_key("oneOf"));
    match schema.get("type").and_then(Value::as_str) {
        None => Some("any JSON: no type, or a union with a branch that allows anything"),
        Some("object") if schema.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty()) && schema.get("additionalProperties").is_none_or(|a| !a.is_object() || is_any(a)) => {
            Some("an object of anything")
        }
        Some("array") if schema.get("items").is_none_or(is_any) => Some("a list of anything"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_any_json_objects_and_lists_of_anything_are_untyped() {
        assert!(untyped(&json!({})).is_some());
        assert!(untyped(&json!({"type": "object"})).is_some());
        assert!(untyped(&json!({"type": "array", "items": {}})).is_some());
        assert!(untyped(&json!({"type": "object", "additionalProperties": {"type": "string"}})).is_none());
        assert!(untyped(&json!({"type": "string"})).is_none());
        assert!(untyped(&json!({"$ref": "#/components/schemas/X"})).is_none());
        assert!(untyped(&json!({"type": "array", "items": {"type": "integer"}})).is_none());
    }
}

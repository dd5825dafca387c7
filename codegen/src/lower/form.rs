//! Typed multipart forms: a `multipart/form-data` body whose schema is an object becomes a
//! struct with a field per part (`forms::<Builder>`), encoded by the runtime's
//! `multipart::Encoder`. The kind of each part comes from its schema, by these rules:
//! - a binary string (`format: binary`, or a union with one) is a file (`multipart::File`),
//!   a list of them a list of files (the same part name repeated);
//! - an object, a list, a schema without a type, or a part whose `encoding` says
//!   `application/json` is a JSON part of the schema's type;
//! - anything else (strings, numbers, booleans, string enums) is a text part;
//! - `additionalProperties` become `additional_parts`: named files, or named text parts.

use serde_json::Value;

use super::names;
use super::RustType;
use crate::spec::MediaType;

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub parts: Vec<Part>,
    pub additional: Option<Additional>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's name on the wire.
    pub name: String,
    /// The struct field's name.
    pub field: String,
    pub required: bool,
    pub kind: PartKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    File,
    Files,
    Json(RustType),
    Text(RustType),
}

/// Parts of any name (`additionalProperties`), as `(name, value)` pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Additional {
    Files,
    Text,
}

/// The field `additionalProperties` parts go in.
pub const ADDITIONAL_FIELD: &str = "additional_parts";

/// The form of a multipart body, or `None` when its schema is not an object with parts.
/// `type_of` gives the Rust type of a part's schema (it names and records the part's shapes).
pub fn lower(content: &MediaType, type_of: &mut dyn FnMut(&Value, &str) -> RustType) -> Option<Form> {
    let schema = content.schema.as_ref()?;
    let properties = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties").filter(|a| a.is_object()).map(|a| if is_binary(a) || a.get("items").is_some_and(is_binary) { Additional::Files } else { Additional::Text });
    if properties.is_none_or(|p| p.is_empty()) && additional.is_none() {
        return None;
    }
    let required: Vec<&str> = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut taken = vec![ADDITIONAL_FIELD.to_string()];
    let mut parts = Vec::new();
    for (name, part) in properties.into_iter().flatten() {
        let wanted = names::unkeyworded(names::snake(name));
        let field = std::iter::once(wanted.clone()).chain(names::numbered(&wanted, "_")).find(|f| !taken.contains(f)).unwrap_or_default();
        taken.push(field.clone());
        let declared_json = content.encoding.as_ref().and_then(|e| e.get(name)).and_then(|e| e.get("contentType")).and_then(Value::as_str).is_some_and(|m| m.trim().starts_with("application/json"));
        let kind = if is_binary(part) {
            PartKind::File
        } else if part.get("type").and_then(Value::as_str) == Some("array") && part.get("items").is_some_and(is_binary) {
            PartKind::Files
        } else {
            let ty = type_of(part, name);
            let structured = !matches!(part.get("type").and_then(Value::as_str), Some("string" | "integer" | "number" | "boolean"));
            if declared_json || structured {
                PartKind::Json(ty)
            } else {
                PartKind::Text(ty)
            }
        };
        let description = part.get("description").and_then(Value::as_str).map(str::to_string);
        parts.push(Part { name: name.clone(), field, required: required.contains(&name.as_str()), kind, description });
    }
    Some(Form { parts, additional })
}

/// A binary string, or a union one of whose branches is.
fn is_binary(schema: &Value) -> bool {
    let binary = schema.get("type").and_then(Value::as_str) == Some("string") && schema.get("format").and_then(Value::as_str) == Some("binary");
    binary || ["anyOf", "oneOf"].iter().any(|k| schema.get(k).and_then(Value::as_array).is_some_and(|branches| branches.iter().any(is_binary)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(schema: Value, encoding: Option<Value>) -> Option<Form> {
        let content = MediaType { schema: Some(schema), example: None, examples: None, encoding };
        lower(&content, &mut |schema, _| if schema.get("type").and_then(Value::as_str) == Some("boolean") { RustType::Bool } else { RustType::Json })
    }

    fn kinds(form: &Form) -> Vec<(&str, &str, bool, &PartKind)> {
        form.parts.iter().map(|p| (p.name.as_str(), p.field.as_str(), p.required, &p.kind)).collect()
    }

    #[test]
    fn binary_parts_are_files_objects_and_declared_json_are_json_and_scalars_are_text() {
        let schema = json!({
            "type": "object",
            "required": ["metadata"],
            "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "metadata": {"type": "object", "properties": {"main_module": {"type": "string"}}},
                "value": {"anyOf": [{"type": "string"}, {"type": "string", "format": "binary"}]},
                "tags": {"type": "string"},
                "wait": {"type": "boolean"},
                "_worker.js": {"type": "string", "format": "binary"},
            }
        });
        let form = form(schema, Some(json!({"tags": {"contentType": "application/json"}}))).unwrap();
        assert_eq!(
            kinds(&form),
            [
                ("_worker.js", "worker_js", false, &PartKind::File),
                ("files", "files", false, &PartKind::Files),
                ("metadata", "metadata", true, &PartKind::Json(RustType::Json)),
                ("tags", "tags", false, &PartKind::Json(RustType::Json)),
                ("value", "value", false, &PartKind::File),
                ("wait", "wait", false, &PartKind::Text(RustType::Bool)),
            ]
        );
        assert_eq!(form.additional, None);
    }

    #[test]
    fn additional_properties_are_named_parts_and_fields_that_collide_are_numbered() {
        let schema = json!({
            "type": "object",
            "properties": {"type": {"type": "string"}, "a-b": {"type": "string"}, "a_b": {"type": "string"}, "additional-parts": {"type": "string"}},
            "additionalProperties": {"type": "array", "items": {"type": "string", "format": "binary"}}
        });
        let form = form(schema, None).unwrap();
        let fields: Vec<&str> = form.parts.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["a_b", "a_b_2", "additional_parts_2", "type_"]);
        assert_eq!(form.additional, Some(Additional::Files));
        let text = self::form(json!({"type": "object", "additionalProperties": {"type": "string"}}), None).unwrap();
        assert_eq!((text.parts.len(), text.additional), (0, Some(Additional::Text)));
    }

    #[test]
    fn a_body_without_parts_has_no_form() {
        assert_eq!(form(json!({"type": "string", "format": "binary"}), None), None);
        assert_eq!(form(json!({"type": "object"}), None), None);
    }
}

//! The command-line client's table of operations (`cli/operations.json`): what the `cloudflare`
//! binary needs to offer every operation as a command without a typed builder per operation:
//! its call (the command path follows from it), method and path, parameters with their types
//! and enum values, the body's top-level fields, how its list is paged, and what its `--help`
//! says. Written by `cargo xtask generate`, compared by `cargo xtask check`, like `api.txt`.
//!
//! One operation per line, so a new upstream shows in review as lines added, removed or changed.

use serde_json::{json, Map, Value};

use crate::lower::schema::{self, Direction};
use crate::lower::{body, Lowered, Operation, Output, SuccessBody};
use crate::spec::{Endpoint, ParameterLocation};

/// Where the table lives, relative to the workspace root.
pub const CATALOG: &str = "cli/operations.json";

/// Columns of `--output table` at most.
const MAX_COLUMNS: usize = 5;

/// Fields that name an item, best first: a table shows the first ones an item type has.
const NAMING_FIELDS: [&str; 16] =
    ["id", "name", "title", "hostname", "email", "domain", "key", "type", "content", "status", "description", "value", "created_on", "modified_on", "created_at", "updated_at"];

/// The table for `endpoints` as `lowered` placed them (the same order).
pub fn render(endpoints: &[Endpoint], lowered: &Lowered) -> String {
    let mut entries: Vec<(String, Value)> = endpoints.iter().zip(&lowered.operations).map(|(e, o)| (o.call.to_string(), entry(e, o))).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("[\n");
    for (i, (_, entry)) in entries.iter().enumerate() {
        out.push_str(&entry.to_string());
        out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

fn entry(endpoint: &Endpoint, operation: &Operation) -> Value {
    let mut out = Map::new();
    out.insert("call".into(), json!(operation.call.to_string()));
    out.insert("id".into(), json!(operation.operation_id));
    out.insert("method".into(), json!(operation.method.as_str().to_uppercase()));
    out.insert("path".into(), json!(operation.canonical_path));
    let mut put = |key: &str, value: Value| {
        let empty = value.is_null() || value == json!(false) || value.as_array().is_some_and(Vec::is_empty) || value.as_str() == Some("");
        if !empty {
            out.insert(key.to_string(), value);
        }
    };
    put("summary", json!(operation.summary.as_deref().map(str::trim)));
    put("description", json!(operation.description.as_deref().map(str::trim).filter(|d| Some(*d) != operation.summary.as_deref().map(str::trim))));
    put("permissions", json!(operation.required_permissions));
    put("token_groups", json!(operation.token_groups));
    if let Some(plans) = &operation.plan_availability {
        let named = [("free", plans.free), ("pro", plans.pro), ("business", plans.business), ("enterprise", plans.enterprise)];
        put("plans", json!(named.iter().filter(|(_, on)| *on).map(|(name, _)| *name).collect::<Vec<_>>()));
    }
    put("deprecated", json!(operation.deprecated));
    put("stability", json!(operation.stability));
    put("reserved", json!(operation.reserved_path_parameters));
    // Parameters that share a segment with another or with text (`{event_id}.{event_n}`): the
    // tree passes the first of a segment; the rest are flags.
    let passed = crate::lower::tree::tree_parameters(&operation.canonical_path);
    let in_segments = crate::spec::template::parameter_names(&operation.canonical_path).into_iter().filter(|name| !passed.contains(name));
    put("path_flags", Value::Array(in_segments.map(|name| field(name, &json!({"type": "string"}), true, None)).collect()));
    // A parameter declared twice is offered once.
    let mut names = std::collections::BTreeSet::new();
    let query = endpoint.parameters.iter().filter(|p| p.location == ParameterLocation::Query && names.insert(p.name.as_str()));
    put("query", Value::Array(query.map(|p| field(&p.name, &schema::simplify_named(&p.schema, Direction::Request, &p.name), p.required, p.description.as_deref())).collect()));
    put("body", request_body(endpoint, operation));
    // `--all` walks lists in the envelope; the SDK's `paginate()` also walks the others.
    let walked_by_the_cli = matches!(operation.output, Output::Envelope { result: crate::lower::RustType::Vec(_), .. });
    put("pagination", json!(operation.pagination.filter(|_| walked_by_the_cli)));
    let (output, columns) = output(endpoint, operation);
    put("output", json!(output));
    put("columns", json!(columns));
    Value::Object(out)
}

/// A parameter or body field: its name, JSON type, enum values, whether required, and the
/// first line of its description.
fn field(name: &str, schema: &Value, required: bool, description: Option<&str>) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(name));
    let kind = scalar_type(schema).or_else(|| (schema.get("type").and_then(Value::as_str) == Some("array")).then_some("array"));
    if let Some(kind) = kind {
        out.insert("type".into(), json!(kind));
    }
    if kind == Some("array") {
        if let Some(items) = schema.get("items").and_then(scalar_type) {
            out.insert("items".into(), json!(items));
        }
    }
    let values = enum_values(schema).or_else(|| schema.get("items").and_then(enum_values));
    if let Some(values) = values {
        out.insert("enum".into(), json!(values));
    }
    if required {
        out.insert("required".into(), json!(true));
    }
    let description = description.or_else(|| schema.get("description").and_then(Value::as_str)).and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()));
    if let Some(line) = description {
        out.insert("description".into(), json!(line));
    }
    Value::Object(out)
}

/// `string`, `integer`, `number` or `boolean`; `None` for anything else.
fn scalar_type(schema: &Value) -> Option<&'static str> {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => Some("string"),
        Some("integer") => Some("integer"),
        Some("number") => Some("number"),
        Some("boolean") => Some("boolean"),
        None if enum_values(schema).is_some() => Some("string"),
        _ => None,
    }
}

fn enum_values(schema: &Value) -> Option<Vec<String>> {
    let values: Vec<String> = schema.get("enum")?.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    (!values.is_empty()).then_some(values)
}

/// The body: its media type, whether required, and for JSON its top-level scalar fields
/// (of every kind, for a union of kinds).
fn request_body(endpoint: &Endpoint, operation: &Operation) -> Value {
    let Some(request) = &endpoint.request_body else { return Value::Null };
    let Some((media_type, content)) = body::choose(&request.content) else { return Value::Null };
    let mut out = Map::new();
    out.insert("media_type".into(), json!(operation.request_media_type.as_deref().unwrap_or(media_type)));
    if request.required {
        out.insert("required".into(), json!(true));
    }
    if body::kind(media_type) == body::Kind::Json {
        let schema = content.schema.as_ref().map(|s| schema::simplify(s, Direction::Request)).unwrap_or_default();
        let fields = scalar_fields(&resolve(&schema, endpoint, Direction::Request));
        if !fields.is_empty() {
            out.insert("fields".into(), Value::Array(fields));
        }
    }
    Value::Object(out)
}

/// The top-level scalar properties of an object schema, then of each branch of its union.
fn scalar_fields(schema: &Value) -> Vec<Value> {
    let required: Vec<&str> = schema.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let mut out: Vec<Value> = Vec::new();
    let branches = ["anyOf", "oneOf"].iter().filter_map(|k| schema.get(*k)?.as_array()).flatten();
    for object in std::iter::once(schema).chain(branches) {
        let Some(properties) = object.get("properties").and_then(Value::as_object) else { continue };
        for (name, property) in properties {
            if scalar_type(property).is_none() {
                continue;
            }
            let new = field(name, property, required.contains(&name.as_str()), None);
            match out.iter_mut().find(|f| f["name"] == new["name"]) {
                // A tag of several kinds: its values are those of every kind.
                Some(Value::Object(seen)) => {
                    if let (Some(Value::Array(values)), Some(Value::Array(more))) = (seen.get_mut("enum"), new.get("enum")) {
                        values.extend(more.iter().filter(|v| !values.contains(v)).cloned().collect::<Vec<_>>());
                    }
                }
                _ => out.push(new),
            }
        }
    }
    out
}

/// A local `$ref` (`#/definitions/<name>`) followed once.
fn resolve(schema: &Value, endpoint: &Endpoint, direction: Direction) -> Value {
    let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")).and_then(|name| endpoint.definitions.get(name));
    match target {
        Some(definition) => schema::simplify(definition, direction),
        None => schema.clone(),
    }
}

/// What a success answers (`envelope`, `json`, `bytes`, `empty`) and, for a list, the columns of
/// `--output table`: the naming fields its items have, in [`NAMING_FIELDS`] order, or else its
/// first scalar fields.
fn output(endpoint: &Endpoint, operation: &Operation) -> (&'static str, Vec<String>) {
    let kind = match operation.output {
        Output::Envelope { .. } => "envelope",
        Output::Json(_) => "json",
        Output::Bytes => "bytes",
        Output::Empty => "empty",
    };
    let content = cloudflare_sdk_rules::status::success(&endpoint.responses).map(|(_, r)| &r.content);
    let list = match content.map(crate::lower::success_body) {
        Some(SuccessBody::Envelope { result: Some(schema), .. }) | Some(SuccessBody::Json(schema)) => resolve(&schema::simplify(&schema, Direction::Response), endpoint, Direction::Response),
        _ => return (kind, Vec::new()),
    };
    if list.get("type").and_then(Value::as_str) != Some("array") {
        return (kind, Vec::new());
    }
    let item = resolve(list.get("items").unwrap_or(&Value::Null), endpoint, Direction::Response);
    let fields: Vec<String> = scalar_fields(&item).iter().filter_map(|f| f["name"].as_str().map(str::to_string)).collect();
    let mut columns: Vec<String> = NAMING_FIELDS.iter().filter(|n| fields.iter().any(|f| f == *n)).take(MAX_COLUMNS).map(|n| n.to_string()).collect();
    if columns.len() < 2 {
        let more: Vec<String> = fields.into_iter().filter(|f| !columns.contains(f)).take(MAX_COLUMNS - columns.len()).collect();
        columns.extend(more);
    }
    (kind, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_names_an_item_by_its_naming_fields_first() {
        let item = json!({"type": "object", "properties": {
            "zeta": {"type": "string"}, "name": {"type": "string"}, "id": {"type": "string"}, "meta": {"type": "object"}
        }});
        let fields: Vec<String> = scalar_fields(&item).iter().map(|f| f["name"].as_str().unwrap().to_string()).collect();
        assert_eq!(fields, ["id", "name", "zeta"], "objects are not scalar fields");
    }

    #[test]
    fn a_union_of_kinds_offers_the_fields_of_every_kind_once() {
        let body = json!({"required": ["name"], "properties": {"name": {"type": "string"}}, "anyOf": [
            {"properties": {"type": {"enum": ["A"]}, "content": {"type": "string"}}},
            {"properties": {"type": {"enum": ["MX"]}, "priority": {"type": "integer"}}}
        ]});
        let fields = scalar_fields(&body);
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["name", "content", "type", "priority"]);
        assert_eq!(fields[0]["required"], json!(true));
        assert_eq!(fields[2]["enum"], json!(["A", "MX"]), "a tag offers the values of every kind");
    }
}

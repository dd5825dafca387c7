//! The command-line client's table of operations (`cli/operations.json`): what the `cloudflare`
//! binary needs to offer every operation as a command without a typed builder per operation:
//! its call (the command path follows from it), method and path, parameters with their types
//! and enum values, the body's top-level fields, how its list is paged, and what its `--help`
//! says. Written by `cargo xtask generate`, compared by `cargo xtask check`, like `api.txt`.
//!
//! One operation per line, so a new upstream shows in review as lines added, removed or changed.
//!
//! Each entry also names the JSON Schema of its body and of its answer's result, whose
//! definitions are shared in `cli/schemas.json` (one per line): what `cloudflare mcp` shows an
//! agent and checks a body against.

use serde_json::{json, Map, Value};

use crate::lower::schema::{self, Direction};
use crate::lower::{body, Lowered, Operation, Output, SuccessBody};
use crate::spec::{Endpoint, ParameterLocation};

/// Where the table lives, relative to the workspace root.
pub const CATALOG: &str = "cli/operations.json";

/// Where the definitions the table's schemas refer to live, relative to the workspace root.
pub const SCHEMAS: &str = "cli/schemas.json";

/// How a schema of the table refers to a definition of [`SCHEMAS`].
pub const DEFINITION_PREFIX: &str = "#/$defs/";

/// Columns of `--output table` at most.
const MAX_COLUMNS: usize = 5;

/// Fields that name an item, best first: a table shows the first ones an item type has.
const NAMING_FIELDS: [&str; 16] =
    ["id", "name", "title", "hostname", "email", "domain", "key", "type", "content", "status", "description", "value", "created_on", "modified_on", "created_at", "updated_at"];

/// The table for `endpoints` as `lowered` placed them (the same order), and the definitions its
/// schemas refer to ([`SCHEMAS`]).
pub fn render(endpoints: &[Endpoint], lowered: &Lowered) -> (String, String) {
    let mut schemas = Schemas::default();
    let mut entries: Vec<(String, Value)> = endpoints.iter().zip(&lowered.operations).map(|(e, o)| (o.call.to_string(), entry(e, o, &mut schemas))).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("[\n");
    for (i, (_, entry)) in entries.iter().enumerate() {
        out.push_str(&entry.to_string());
        out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    (out, schemas.render())
}

fn entry(endpoint: &Endpoint, operation: &Operation, schemas: &mut Schemas) -> Value {
    let mut out = Map::new();
    out.insert("call".into(), json!(operation.call.to_string()));
    out.insert("id".into(), json!(operation.operation_id));
    out.insert("method".into(), json!(operation.method.as_str().to_uppercase()));
    out.insert("path".into(), json!(operation.canonical_path));
    out.insert("group".into(), json!(operation.feature));
    let body_schema = body_schema(endpoint, schemas);
    let result_schema = result_schema(endpoint, schemas);
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
    put("streams", json!(operation.events.is_some()));
    let (output, columns) = output(endpoint, operation);
    put("output", json!(output));
    put("columns", json!(columns));
    put("body_schema", json!(body_schema));
    put("result_schema", json!(result_schema));
    Value::Object(out)
}

/// The JSON Schema of a JSON or form body, as the SDK's types read it: its key in [`SCHEMAS`].
fn body_schema(endpoint: &Endpoint, schemas: &mut Schemas) -> Option<String> {
    let request = endpoint.request_body.as_ref()?;
    let (_, content) = body::choose(&request.content)?;
    let schema = content.schema.as_ref()?;
    let placed = schemas.place(endpoint, &schema::simplify(schema, Direction::Request), Direction::Request);
    Some(schemas.share(&endpoint.operation_id, "body", placed))
}

/// The JSON Schema of what a success answers (the envelope's `result`, or the bare JSON): its
/// key in [`SCHEMAS`].
fn result_schema(endpoint: &Endpoint, schemas: &mut Schemas) -> Option<String> {
    let content = cloudflare_sdk_rules::status::success(&endpoint.responses).map(|(_, r)| &r.content)?;
    let schema = match crate::lower::success_body(content) {
        SuccessBody::Envelope { result: Some(schema), .. } | SuccessBody::Json(schema) => schema,
        _ => return None,
    };
    let placed = schemas.place(endpoint, &schema::simplify(&schema, Direction::Response), Direction::Response);
    Some(schemas.share(&endpoint.operation_id, "result", placed))
}

/// The schemas of the table ([`SCHEMAS`]): each body and result schema once, however many
/// operations have it (keyed `<first operation id>:body` or `:result`), and the definitions
/// they refer to (`$defs/<name>`: recursive schemas). A definition is one entry for every
/// operation that has it the same (same name, same schema once simplified); a name that holds
/// different schemas in different places gets `_2`, `_3`, ...
#[derive(Default)]
struct Schemas {
    entries: std::collections::BTreeMap<String, Value>,
    /// A body or result schema as text -> its key.
    shared: std::collections::HashMap<String, String>,
    /// (the endpoint's name, its simplified schema as text, direction) -> the definition's name.
    placed: std::collections::HashMap<(String, String, Direction), String>,
}

/// `schema` that also allows `null`.
fn allowing_null(mut schema: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
    }
    match schema.get("type").cloned() {
        Some(Value::String(kind)) => {
            schema.insert("type".into(), json!([kind, "null"]));
            Value::Object(schema)
        }
        _ if schema.contains_key("enum") => Value::Object(schema),
        _ => json!({ "anyOf": [Value::Object(schema), {"type": "null"}] }),
    }
}

/// The key of a definition in [`SCHEMAS`].
pub const DEFINITION_KEY: &str = "$defs/";

impl Schemas {
    /// The key of `schema`, added unless an operation before had the same.
    fn share(&mut self, operation_id: &str, part: &str, schema: Value) -> String {
        let text = schema.to_string();
        if let Some(key) = self.shared.get(&text) {
            return key.clone();
        }
        let key = format!("{operation_id}:{part}");
        self.shared.insert(text, key.clone());
        self.entries.insert(key.clone(), schema);
        key
    }

    /// `schema` (simplified, with `#/definitions/` references into `endpoint`) as JSON Schema:
    /// references turned into `#/$defs/<name>` (each definition placed in [`SCHEMAS`]),
    /// OpenAPI's `nullable` into a type that allows `null`, a union's kinds as `anyOf` (upstream's
    /// `oneOf` kinds overlap: a value may fit two), the generator's own `x-` marks left out.
    fn place(&mut self, endpoint: &Endpoint, schema: &Value, direction: Direction) -> Value {
        let Value::Object(object) = schema else { return schema.clone() };
        if let Some(name) = object.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")) {
            if let Some(definition) = endpoint.definitions.get(name) {
                let placed = self.define(endpoint, name, definition, direction);
                return json!({ "$ref": format!("{DEFINITION_PREFIX}{placed}") });
            }
        }
        let mut out = Map::new();
        for (key, value) in object {
            let value = match (key.as_str(), value) {
                (key, _) if key.starts_with("x-") || key == "nullable" => continue,
                ("properties", Value::Object(properties)) => Value::Object(properties.iter().map(|(k, v)| (k.clone(), self.place(endpoint, v, direction))).collect()),
                ("items" | "not", _) | ("additionalProperties", Value::Object(_)) => self.place(endpoint, value, direction),
                ("anyOf" | "oneOf" | "allOf", Value::Array(members)) => Value::Array(members.iter().map(|v| self.place(endpoint, v, direction)).collect()),
                _ => value.clone(),
            };
            let key = if key == "oneOf" { "anyOf" } else { key.as_str() };
            out.insert(key.to_string(), value);
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            return allowing_null(out);
        }
        Value::Object(out)
    }

    fn define(&mut self, endpoint: &Endpoint, name: &str, definition: &Value, direction: Direction) -> String {
        let simplified = schema::simplify(definition, direction);
        let key = (name.to_string(), simplified.to_string(), direction);
        if let Some(placed) = self.placed.get(&key) {
            return placed.clone();
        }
        let placed = (1..).map(|n| if n == 1 { name.to_string() } else { format!("{name}_{n}") }).find(|n| !self.entries.contains_key(&format!("{DEFINITION_KEY}{n}"))).expect("an unused name");
        self.placed.insert(key, placed.clone());
        // Taken before its own references are followed: a recursive schema refers to itself.
        self.entries.insert(format!("{DEFINITION_KEY}{placed}"), Value::Null);
        let done = self.place(endpoint, &simplified, direction);
        self.entries.insert(format!("{DEFINITION_KEY}{placed}"), done);
        placed
    }

    /// One schema per line, by key.
    fn render(&self) -> String {
        let mut out = String::from("{\n");
        for (i, (key, schema)) in self.entries.iter().enumerate() {
            out.push_str(&format!("{}:{}", json!(key), schema));
            out.push_str(if i + 1 < self.entries.len() { ",\n" } else { "\n" });
        }
        out.push_str("}\n");
        out
    }
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

    fn endpoint(id: &str, body: Value, definitions: Value) -> Endpoint {
        serde_json::from_value(json!({
            "operation_id": id, "method": "post", "path": "/things", "tag": "Things",
            "request_body": {"required": true, "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok"}},
            "security": [{"api_token": []}],
            "definitions": definitions,
        }))
        .unwrap()
    }

    #[test]
    fn a_body_schema_is_json_schema_nullable_as_a_type_kinds_as_any_of_and_refs_to_shared_definitions() {
        let node = json!({"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}}});
        let body = json!({"type": "object", "required": ["name"], "x-stainless-skip": true, "properties": {
            "name": {"type": "string", "nullable": true},
            "tree": {"$ref": "#/definitions/Node"},
            "kind": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "nullable": {"type": "boolean"}
        }});
        let mut schemas = Schemas::default();
        let first = body_schema(&endpoint("things-create", body.clone(), json!({"Node": node.clone()})), &mut schemas).unwrap();
        let again = body_schema(&endpoint("things-update", body, json!({"Node": node})), &mut schemas).unwrap();
        assert_eq!((first.as_str(), again.as_str()), ("things-create:body", "things-create:body"), "the same schema is written once");
        let placed = &schemas.entries["things-create:body"];
        assert_eq!(placed["properties"]["name"]["type"], json!(["string", "null"]));
        assert_eq!(placed["properties"]["tree"], json!({"$ref": "#/$defs/Node"}));
        assert!(placed["properties"]["kind"].get("anyOf").is_some() && placed["properties"]["kind"].get("oneOf").is_none());
        assert_eq!(placed["properties"]["nullable"], json!({"type": "boolean"}), "a property named like a keyword is a property");
        assert!(placed.get("x-stainless-skip").is_none());
        assert_eq!(schemas.entries["$defs/Node"]["properties"]["children"]["items"], json!({"$ref": "#/$defs/Node"}), "a recursive definition refers to itself");

        // The same name holding another schema elsewhere is a definition of its own.
        let other = body_schema(&endpoint("others-create", json!({"$ref": "#/definitions/Node"}), json!({"Node": {"type": "string"}})), &mut schemas).unwrap();
        assert_eq!(schemas.entries[&other], json!({"$ref": "#/$defs/Node_2"}));
        assert_eq!(schemas.entries["$defs/Node_2"], json!({"type": "string"}));
    }
}

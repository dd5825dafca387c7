//! `describe` and `call`: one operation's parameters and schemas, and one operation sent.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use cloudflare_sdk_rules::{template, Pagination};
use futures::StreamExt;
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{json, Map, Value};

use super::{text, Server};
use crate::catalog::{self, Field, Operation};
use crate::plan::{Plan, Usage};

/// The parameter that asks for the next part of a cut answer instead of sending anything.
pub const PART_PARAMETER: &str = "$part";
/// Cut answers kept for their next parts.
const PARTS_KEPT: usize = 16;

/// One operation for `describe`: everything needed to `call` it.
pub fn describe(operation: &Operation) -> Value {
    let mut out = request_description(operation);
    let more = json!({
        "operation": operation.id,
        "call": operation.call,
        "method": operation.method,
        "path": operation.path,
        "group": operation.group,
        "summary": operation.summary,
        "description": operation.description,
        "token_permissions": operation.token_groups,
        "deprecated": operation.deprecated,
        "result_schema": operation.result_schema.as_deref().and_then(catalog::schema),
        "pagination": operation.pagination.map(|p| match p { Pagination::Page => "page", Pagination::Cursor => "cursor", Pagination::Offset => "offset" }),
        "streams": operation.streams,
    });
    if let (Value::Object(out), Value::Object(more)) = (&mut out, more) {
        out.extend(more);
    }
    out
}

/// What a request of `operation` takes: its parameters, its body's schema, an example.
fn request_description(operation: &Operation) -> Value {
    let path: Vec<Value> = template::parameter_names(&operation.path).iter().map(|name| json!({"name": name, "in": "path", "required": true})).collect();
    let query: Vec<Value> = operation.query.iter().map(|f| parameter(f, "query")).collect();
    let body_schema = operation.body_schema.as_deref().and_then(catalog::schema);
    let body = operation.body.as_ref().map(|b| json!({"media_type": b.media_type, "required": b.required, "schema": body_schema}));
    let mut example = json!({"operation": operation.id, "params": Value::Object(path.iter().map(|p| { let name = p["name"].as_str().unwrap_or_default(); (name.to_string(), json!(format!("<{name}>"))) }).collect())});
    if let Some(schema) = body_schema.filter(|_| operation.body.as_ref().is_some_and(|b| b.is_json())) {
        example["body"] = example_of(&schema, &schema, 0);
    }
    json!({"parameters": path.into_iter().chain(query).collect::<Vec<_>>(), "body": body, "example": example})
}

/// `schema` without its descriptions: its shape, when the whole is too long to answer.
pub fn without_descriptions(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(k, v)| !(k.as_str() == "description" && v.is_string()))
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if k == "properties" { Value::Object(v.as_object().into_iter().flatten().map(|(name, p)| (name.clone(), without_descriptions(p))).collect()) } else { without_descriptions(v) },
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_descriptions).collect()),
        other => other.clone(),
    }
}

fn parameter(field: &Field, location: &str) -> Value {
    let mut out = json!({"name": field.name, "in": location, "required": field.required});
    for (key, value) in [
        ("type", field.kind.as_ref().map(|k| json!(k))),
        ("items", field.items.as_ref().map(|k| json!(k))),
        ("enum", (!field.values.is_empty()).then(|| json!(field.values))),
        ("description", field.description.as_ref().map(|d| json!(d))),
    ] {
        if let Some(value) = value {
            out[key] = value;
        }
    }
    out
}

/// A small value that fits `schema`: its required fields (all of them when none is), the first
/// of each enum and union, a placeholder for each scalar.
fn example_of(schema: &Value, root: &Value, depth: usize) -> Value {
    let schema = match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => root.pointer(&format!("/$defs/{name}")).unwrap_or(&Value::Null),
        None => schema,
    };
    if depth > 4 {
        return json!({});
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|v| v.iter().find(|v| !v.is_null())) {
        return first.clone();
    }
    if let Some(first) = schema.get("anyOf").and_then(Value::as_array).and_then(|v| v.iter().find(|b| b.get("type") != Some(&json!("null")))) {
        return example_of(first, root, depth + 1);
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").and_then(Value::as_str),
        Some(kind) => kind.as_str(),
        None if schema.get("properties").is_some() => Some("object"),
        None => None,
    };
    match kind {
        Some("object") => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let required: Vec<&str> = schema.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let chosen = properties.into_iter().flatten().filter(|(name, _)| required.is_empty() || required.contains(&name.as_str()));
            Value::Object(chosen.map(|(name, property)| (name.clone(), example_of(property, root, depth + 1))).collect())
        }
        Some("array") => json!([example_of(schema.get("items").unwrap_or(&Value::Null), root, depth + 1)]),
        Some("integer") => json!(0),
        Some("number") => json!(0.0),
        Some("boolean") => json!(false),
        Some("string") => json!("string"),
        _ => Value::Null,
    }
}

/// An answer kept: its handle, operation and text.
type Kept = (u64, String, String);

/// Answers cut at the server's limit, kept so that their next parts cost no second request.
#[derive(Default)]
pub struct Parts {
    /// The last handle, and each answer kept.
    kept: Mutex<(u64, VecDeque<Kept>)>,
}

impl Parts {
    /// Keeps `text` (an answer about `operation`) and returns its handle.
    fn keep(&self, operation: &str, text: String) -> u64 {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.0 += 1;
        let id = kept.0;
        kept.1.push_back((id, operation.to_string(), text));
        while kept.1.len() > PARTS_KEPT {
            kept.1.pop_front();
        }
        id
    }

    /// The operation and text of the answer `id`.
    fn get(&self, id: u64) -> Option<(String, String)> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.1.iter().find(|(i, _, _)| *i == id).map(|(_, o, t)| (o.clone(), t.clone()))
    }

    /// Part `n` (from 1) of the answer `text` about `operation`, `limit` characters each, with a
    /// note of how to get the next one when there is more.
    fn part(&self, id: u64, operation: &str, text: &str, n: usize, limit: usize) -> String {
        let total = text.chars().count();
        let part: String = text.chars().skip((n - 1) * limit).take(limit).collect();
        let shown = ((n - 1) * limit + part.chars().count()).min(total);
        if shown >= total {
            return part;
        }
        let next = json!({"operation": operation, "params": {PART_PARAMETER: format!("{id}:{}", n + 1)}});
        format!("{part}\n\n[cut: characters {}..{shown} of {total}. The next part: `call` {next} (nothing is sent again)]", (n - 1) * limit)
    }
}

impl Server {
    /// `call`: the arguments checked, the policy applied, the request sent (or shown).
    pub(super) async fn call(&self, arguments: &Value) -> CallToolResult {
        match self.try_call(arguments).await {
            Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
            Err(text) => CallToolResult::error(vec![ContentBlock::text(text)]),
        }
    }

    async fn try_call(&self, arguments: &Value) -> Result<String, String> {
        let name = arguments.get("operation").and_then(Value::as_str).ok_or("`operation` (an operation id or call) is required")?;
        let operation = self.find(name)?;
        let params = match arguments.get("params") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(params)) => params.clone(),
            Some(_) => return Err(format!("`params` is an object of parameters by name\n{}", schema_note(operation))),
        };
        if let Some(part) = params.get(PART_PARAMETER) {
            return self.next_part(part);
        }
        if let Some(refusal) = self.policy.refusal(operation) {
            return Err(refusal);
        }
        let plan = plan(operation, &params, arguments.get("body")).map_err(|Usage(message)| format!("{message}\n{}", schema_note(operation)))?;
        if self.policy.dry_run {
            let body = plan.body.as_ref().map(|(bytes, media_type)| json!({"media_type": media_type, "text": String::from_utf8_lossy(bytes)}));
            // Each names what holds the credential, never its value.
            let headers = self.source.auth_headers();
            return Ok(text(&json!({"dry_run": true, "method": plan.method.as_str(), "url": plan.url(&self.source.base_url()).as_str(), "headers": headers, "body": body})));
        }
        let client = self.source.client().map_err(|e| failure(&e, &plan))?;
        let walk = arguments.get("all_pages").and_then(Value::as_bool).unwrap_or(false);
        let answer = if walk && operation.pagination.is_some() { self.all_pages(&client, &plan, operation).await? } else { self.one(&client, &plan, operation).await? };
        Ok(self.cut(&operation.id, answer))
    }

    fn next_part(&self, part: &Value) -> Result<String, String> {
        let bad = || format!("`{PART_PARAMETER}` is the handle a cut answer gave (`7:2`)");
        let (id, n) = part.as_str().and_then(|p| p.split_once(':')).ok_or_else(bad)?;
        let (id, n): (u64, usize) = (id.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
        let (operation, text) = self.parts.get(id).ok_or_else(|| format!("the answer `{id}` is no longer kept (the server keeps the last {PARTS_KEPT}); call the operation again"))?;
        if n == 0 || (n - 1) * self.policy.max_answer_chars >= text.chars().count() {
            return Err(format!("the answer `{id}` has no part {n}"));
        }
        Ok(self.parts.part(id, &operation, &text, n, self.policy.max_answer_chars))
    }

    /// `describe`: the whole description, or, when it is longer than the limit, its schemas
    /// without their descriptions, cut in parts if still too long.
    pub(super) fn describe(&self, operation: &Operation) -> String {
        let whole = describe(operation);
        let out = text(&whole);
        if out.chars().count() <= self.policy.max_answer_chars {
            return out;
        }
        let mut shorter = whole;
        for pointer in ["/result_schema", "/body/schema"] {
            if let Some(schema) = shorter.pointer_mut(pointer) {
                *schema = without_descriptions(schema);
            }
        }
        self.cut(&operation.id, text(&shorter))
    }

    /// `text` (an answer about `operation`), or its first part and how to get the next when it
    /// is longer than the limit.
    pub(super) fn cut(&self, operation: &str, text: String) -> String {
        if text.chars().count() <= self.policy.max_answer_chars {
            return text;
        }
        let id = self.parts.keep(operation, text.clone());
        self.parts.part(id, operation, &text, 1, self.policy.max_answer_chars)
    }

    async fn one(&self, client: &cloudflare_sdk::Client, plan: &Plan, operation: &Operation) -> Result<String, String> {
        if operation.output == "envelope" {
            let answer = plan.raw(client, &[]).send_optional::<Value>().await.map_err(|e| failure(&e, plan))?;
            let info = answer.json().ok().and_then(|mut envelope| envelope.get_mut("result_info").map(Value::take)).filter(|i| !i.is_null());
            let result = answer.into_result().unwrap_or(Value::Null);
            let mut out = text(&result);
            if let (Some(info), Some(style)) = (&info, operation.pagination) {
                out.push_str(&format!("\n\n[result_info: {}{}]", text(info), next_page(info, style)));
            }
            return Ok(out);
        }
        let answer = plan.raw(client, &[]).send_bytes().await.map_err(|e| failure(&e, plan))?;
        let media_type = answer.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        Ok(match (serde_json::from_slice::<Value>(answer.body()), std::str::from_utf8(answer.body())) {
            (Ok(json), _) => text(&json),
            (_, Ok(utf8)) => utf8.to_string(),
            _ => format!("[{} bytes of {}; not text]", answer.body().len(), if media_type.is_empty() { "binary data" } else { &media_type }),
        })
    }

    async fn all_pages(&self, client: &cloudflare_sdk::Client, plan: &Plan, operation: &Operation) -> Result<String, String> {
        use cloudflare_sdk::pagination::Paginator;
        let fetch = |position: (&'static str, String)| plan.raw(client, &[position]).send::<Vec<Value>>();
        let paginator = match operation.pagination.unwrap_or(Pagination::Page) {
            Pagination::Cursor => Paginator::by_cursor(move |cursor: Option<String>| match cursor {
                Some(cursor) => fetch((Pagination::Cursor.query_parameter(), cursor)),
                None => plan.raw(client, &[]).send::<Vec<Value>>(),
            }),
            Pagination::Offset => Paginator::by_offset(move |offset| fetch((Pagination::Offset.query_parameter(), offset.to_string()))),
            Pagination::Page => Paginator::by_page(move |page| fetch((Pagination::Page.query_parameter(), page.to_string()))),
        };
        // One page more than the limit tells whether the limit cut the walk.
        let mut pages = paginator.max_pages(self.policy.max_pages + 1).pages();
        let (mut items, mut walked, mut more) = (Vec::new(), 0u32, false);
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failure(&e, plan))?;
            if walked == self.policy.max_pages {
                more = true;
                break;
            }
            walked += 1;
            items.extend(page.into_result());
        }
        let mut out = text(&Value::Array(items));
        out.push_str(&format!(
            "\n\n[{walked} page{} walked{}]",
            if walked == 1 { "" } else { "s" },
            if more { format!("; more pages remain beyond the server's limit of {} (--max-pages)", self.policy.max_pages) } else { String::new() }
        ));
        Ok(out)
    }
}

/// How to ask for the page after the one `info` describes.
fn next_page(info: &Value, style: Pagination) -> String {
    let number = |key: &str| info.get(key).and_then(Value::as_u64);
    match style {
        Pagination::Page => match (number("page"), number("total_pages")) {
            (Some(page), Some(total)) if page < total => format!("; the next page: params \"page\": {}, or all_pages: true", page + 1),
            _ => String::new(),
        },
        Pagination::Cursor => match info.get("cursor").and_then(Value::as_str).filter(|c| !c.is_empty()) {
            Some(cursor) => format!("; the next page: params \"cursor\": {}, or all_pages: true", json!(cursor)),
            None => String::new(),
        },
        Pagination::Offset => String::new(),
    }
}

/// The request of `operation` from `params` (path and query parameters by their names in the
/// spec) and `body`, the body checked against its schema.
pub fn plan(operation: &Operation, params: &Map<String, Value>, body: Option<&Value>) -> Result<Plan, Usage> {
    let path_names = template::parameter_names(&operation.path);
    let mut path = BTreeMap::new();
    let mut query = Vec::new();
    for (name, value) in params {
        if path_names.contains(&name.as_str()) {
            path.insert(name.clone(), scalar(name, value)?);
        } else if let Some(field) = operation.query.iter().find(|f| &f.name == name) {
            match value {
                Value::Array(values) => {
                    for value in values {
                        query.push((field.name.clone(), scalar(name, value)?));
                    }
                }
                Value::Null => {}
                value => query.push((field.name.clone(), scalar(name, value)?)),
            }
        } else {
            let known: Vec<&str> = path_names.iter().copied().chain(operation.query.iter().map(|f| f.name.as_str())).collect();
            return Err(Usage(format!("`{name}` is not a parameter of `{}`; its parameters: {}", operation.id, if known.is_empty() { "none".to_string() } else { known.join(", ") })));
        }
    }
    let missing: Vec<&str> =
        path_names.iter().filter(|n| !path.contains_key(**n)).copied().chain(operation.query.iter().filter(|f| f.required && !params.contains_key(&f.name)).map(|f| f.name.as_str())).collect();
    if !missing.is_empty() {
        return Err(Usage(format!("missing: {} (in params)", missing.join(", "))));
    }
    if let Some((name, _)) = path.iter().find(|(_, v)| v.is_empty()) {
        return Err(Usage(format!("the path parameter `{name}` is empty")));
    }
    let body = match (&operation.body, body.filter(|b| !b.is_null())) {
        (None, None) => None,
        (None, Some(_)) => return Err(Usage(format!("`{}` takes no body", operation.id))),
        (Some(spec), None) if spec.required => return Err(Usage(format!("`{}` needs a body ({})", operation.id, spec.media_type))),
        (Some(_), None) => None,
        (Some(spec), Some(body)) if spec.is_json() => {
            if let Some(schema) = operation.body_schema.as_deref().and_then(catalog::schema) {
                check(&schema, body)?;
            }
            Some((serde_json::to_vec(body).expect("JSON values serialise"), spec.media_type.clone()))
        }
        (Some(spec), Some(Value::Object(fields))) if spec.is_multipart() => {
            let mut form = cloudflare_sdk::multipart::Form::new();
            for (name, value) in fields {
                form = form.text(name, value.as_str().map_or_else(|| value.to_string(), str::to_string));
            }
            let media_type = form.media_type();
            Some((form.into_bytes().to_vec(), media_type))
        }
        (Some(spec), Some(Value::String(text))) => Some((text.clone().into_bytes(), spec.media_type.clone())),
        (Some(spec), Some(_)) => {
            return Err(Usage(format!("the body of `{}` is {}: give it as {}", operation.id, spec.media_type, if spec.is_multipart() { "an object of form fields" } else { "a string" })))
        }
    };
    Plan::new(operation, &path, query, body)
}

/// A parameter's value as it goes in a path or query.
fn scalar(name: &str, value: &Value) -> Result<String, Usage> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(Usage(format!("`{name}` is a string, number or boolean (a list of them for a query parameter that repeats)"))),
    }
}

/// Whether `body` fits `schema`: the first few ways it does not, each with where.
fn check(schema: &Value, body: &Value) -> Result<(), Usage> {
    // The table's schemas are written by the generator and compile; one that did not would
    // check nothing rather than refuse every body.
    let Ok(validator) = jsonschema::validator_for(schema) else { return Ok(()) };
    let errors: Vec<String> = validator.iter_errors(body).take(5).map(|e| format!("  at `{}`: {e}", if e.instance_path().as_str().is_empty() { "/" } else { e.instance_path().as_str() })).collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(Usage(format!("the body does not fit its schema; nothing was sent:\n{}", errors.join("\n"))))
}

/// The operation's parameters and body schema, after what was wrong: what an agent needs to
/// try again.
fn schema_note(operation: &Operation) -> String {
    format!("`{}` takes: {}", operation.id, text(&request_description(operation)))
}

/// A failed call as an agent can act on it: the HTTP status, every Cloudflare error code and
/// message, the `cf-ray` id (and the body when it was not Cloudflare's envelope).
fn failure(error: &cloudflare_sdk::Error, plan: &Plan) -> String {
    let Some(api) = error.as_api() else { return format!("{}: {error}", plan.described()) };
    let errors: Vec<Value> = api.errors.iter().map(|e| json!({"code": e.code, "message": e.message})).collect();
    let mut out = json!({"status": api.status.as_u16(), "errors": errors, "cf_ray": api.cf_ray});
    if !api.envelope && !api.body.is_empty() {
        out["body"] = json!(api.body_text().chars().take(2000).collect::<String>());
    }
    format!("{} failed: {}", plan.described(), text(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(id: &str) -> Operation {
        crate::catalog::load().into_iter().find(|o| o.id == id).unwrap()
    }

    #[test]
    fn params_go_to_the_path_or_the_query_by_name_and_lists_repeat() {
        let list = operation("dns-records-for-a-zone-list-dns-records");
        let params = json!({"zone_id": "z/1", "per_page": 5, "match": "any", "type": "A"});
        let plan = plan(&list, params.as_object().unwrap(), None).unwrap();
        assert_eq!(plan.segments, ["zones", "z/1", "dns_records"]);
        let mut query = plan.query.clone();
        query.sort();
        assert_eq!(query, [("match".to_string(), "any".to_string()), ("per_page".into(), "5".into()), ("type".into(), "A".into())]);
        let unknown = plan_error(&list, json!({"zone_id": "z", "colour": "red"}), None);
        assert!(unknown.starts_with("`colour` is not a parameter of `dns-records-for-a-zone-list-dns-records`; its parameters: zone_id, "), "{unknown}");
        assert_eq!(plan_error(&list, json!({}), None), "missing: zone_id (in params)");
        assert_eq!(plan_error(&list, json!({"zone_id": ""}), None), "the path parameter `zone_id` is empty");
        assert!(plan_error(&list, json!({"zone_id": "z"}), Some(json!({}))).ends_with("takes no body"));
    }

    #[test]
    fn a_json_body_is_checked_against_its_schema_and_a_required_one_is_asked_for() {
        let create = operation("dns-records-for-a-zone-create-dns-record");
        let params = json!({"zone_id": "z"});
        assert!(plan_error(&create, params.clone(), None).ends_with("needs a body (application/json)"));
        let misfit = plan_error(&create, params.clone(), Some(json!({"type": "A", "name": "www", "ttl": "soon"})));
        assert!(misfit.contains("at `/ttl`"), "{misfit}");
        let fits = json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 1});
        let plan = plan(&create, params.as_object().unwrap(), Some(&fits)).unwrap();
        assert_eq!(plan.body, Some((serde_json::to_vec(&fits).unwrap(), "application/json".into())));
    }

    fn plan_error(operation: &Operation, params: Value, body: Option<Value>) -> String {
        plan(operation, params.as_object().unwrap(), body.as_ref()).unwrap_err().0
    }

    #[test]
    fn a_cut_answer_comes_in_parts_each_saying_how_to_get_the_next() {
        let parts = Parts::default();
        let text = "abcdefghij".to_string();
        let id = parts.keep("op", text.clone());
        let first = parts.part(id, "op", &text, 1, 4);
        assert_eq!(first, format!("abcd\n\n[cut: characters 0..4 of 10. The next part: `call` {{\"operation\":\"op\",\"params\":{{\"$part\":\"{id}:2\"}}}} (nothing is sent again)]"));
        assert!(parts.part(id, "op", &text, 2, 4).starts_with("efgh\n\n[cut: characters 4..8 of 10."));
        assert_eq!(parts.part(id, "op", &text, 3, 4), "ij", "the last part has no note");
        assert_eq!(parts.get(id), Some(("op".to_string(), text.clone())));
        for _ in 0..PARTS_KEPT {
            parts.keep("op", String::new());
        }
        assert_eq!(parts.get(id), None, "only the last answers are kept");
    }

    #[test]
    fn an_example_body_holds_the_required_fields_of_the_schema() {
        let create = operation("dns-records-for-a-zone-create-dns-record");
        let described = describe(&create);
        assert_eq!(described["example"]["body"], json!({"name": "string", "ttl": 0, "type": "A"}));
        assert_eq!(described["example"]["params"], json!({"zone_id": "<zone_id>"}));
    }
}

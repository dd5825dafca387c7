//! Each quirk of the upstream document, as a small spec that shows it, through the whole
//! pipeline: it must generate (progenitor and typify accept it) and come out as the lowering
//! documents.

use std::path::Path;

use cloudflare_sdk_codegen::lower::{Output, RustType};
use cloudflare_sdk_codegen::{spec, Pipeline, Snapshot, TagFilter};
use serde_json::{json, Value};

const ENVELOPE_ERRORS: &str = "errors";

/// A minimal endpoint of tag `Quirks`, from JSON, with `extra` merged in.
fn endpoint(id: &str, method: &str, path: &str, extra: Value) -> Value {
    let mut endpoint = json!({
        "operation_id": id,
        "method": method,
        "path": path,
        "tag": "Quirks",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({"type": "object", "properties": {"id": {"type": "string"}}}))}}}},
        "security": [{"api_token": []}],
    });
    for (key, value) in extra.as_object().unwrap() {
        endpoint[key] = value.clone();
    }
    endpoint
}

fn envelope(result: Value) -> Value {
    json!({"allOf": [
        {"type": "object", "properties": {"success": {"type": "boolean"}, ENVELOPE_ERRORS: {"type": "array", "items": {}}, "result": {"anyOf": [{"type": "object"}, {"type": "string"}]}}},
        {"properties": {"result": result}}
    ]})
}

fn generate(endpoints: &[Value]) -> Pipeline {
    let dir = tempfile::tempdir().unwrap();
    for value in endpoints {
        let endpoint: spec::Endpoint = serde_json::from_value(value.clone()).expect("a valid endpoint");
        let path = dir.path().join(endpoint.relative_path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, spec::canonical_yaml(&endpoint).unwrap()).unwrap();
    }
    match cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), Snapshot::Render) {
        Ok(pipeline) => pipeline,
        Err(err) => panic!("{err}"),
    }
}

/// An endpoint at `path` (its parameters declared) answering `result` in the envelope.
fn answering(id: &str, method: &str, path: &str, result: Value) -> Value {
    let parameters: Vec<Value> =
        path.split('/').filter_map(cloudflare_sdk_rules::template::whole_parameter).map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})).collect();
    endpoint(id, method, path, json!({"parameters": parameters, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result)}}}}}))
}

fn api(pipeline: &Pipeline) -> &str {
    pipeline.generated.api.as_deref().unwrap()
}

fn operation<'a>(pipeline: &'a Pipeline, id: &str) -> &'a cloudflare_sdk_codegen::lower::Operation {
    pipeline.lowered.operations.iter().find(|o| o.operation_id == id).unwrap()
}

#[test]
fn a_json_request_body_without_schema_is_left_out() {
    let body = json!({"request_body": {"required": true, "content": {"application/json": {}}}});
    let pipeline = generate(&[endpoint("quirk-delete", "delete", "/things", body)]);
    let text = api(&pipeline);
    assert!(text.contains("things().delete() -> ") && !text.contains("with: body"), "{text}");
}

#[test]
fn multipart_and_octet_stream_bodies_are_raw_bytes_with_their_media_type() {
    let multipart = json!({"request_body": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}}});
    let octets = json!({"request_body": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "object"}}}}});
    let pipeline = generate(&[endpoint("quirk-upload", "put", "/upload", multipart), endpoint("quirk-octets", "put", "/octets", octets)]);
    assert_eq!(operation(&pipeline, "quirk-upload").request_media_type.as_deref(), Some("multipart/form-data"));
    assert_eq!(operation(&pipeline, "quirk-octets").request_media_type.as_deref(), Some("application/octet-stream"));
    let text = api(&pipeline);
    let setters = text.lines().skip_while(|l| !l.starts_with("upload().update() -> ")).nth(1);
    assert_eq!(setters, Some("  with: body: reqwest::Body"), "{text}");
}

#[test]
fn several_media_types_on_one_body_offer_json() {
    let both = json!({"request_body": {"required": true, "content": {
        "multipart/form-data": {"schema": {"type": "object"}},
        "application/javascript": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}
    }}});
    let pipeline = generate(&[endpoint("quirk-several", "post", "/several", both)]);
    assert_eq!(operation(&pipeline, "quirk-several").request_media_type, None);
    // A POST alone on its segment is an action: `several()`, its body `SeveralBody`.
    assert!(api(&pipeline).contains("struct SeveralBody\n  name: String"), "{}", api(&pipeline));
}

#[test]
fn several_response_types_in_one_class_use_the_first_success() {
    let responses = json!({"responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({"type": "string"}))}}},
        "202": {"description": "accepted", "content": {"application/json": {"schema": envelope(json!({"type": "integer"}))}, "text/plain": {"schema": {"type": "string"}}}},
        "4XX": {"description": "failure", "content": {"application/json": {"schema": {"type": "object"}}, "text/html": {}}},
        "5XX": {"description": "failure", "content": {"application/json": {"schema": {"type": "object"}}}}
    }});
    let pipeline = generate(&[endpoint("quirk-responses", "get", "/responses", responses)]);
    assert_eq!(operation(&pipeline, "quirk-responses").output, Output::Envelope { result: RustType::String, paginated: false });
}

/// Audit logs and WAF packages answer with "the operation's envelope or the generic one"
/// (`oneOf` of envelopes): the result is the branch that says what it is, paginated when a
/// branch has `result_info`, not the envelope typed as the result.
#[test]
fn a_union_of_envelopes_is_one_envelope() {
    let entry = json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "action": {"type": "string"}}}});
    let generic = envelope(json!({"anyOf": [{"type": "object"}, {"type": "array", "items": {}}, {"type": "string"}]}));
    let paged = json!({"allOf": [envelope(json!({"type": "array", "items": {}})), {"properties": {"result_info": {"type": "object"}}}]});
    let responses = |schema: Value| json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}});
    let pipeline = generate(&[
        endpoint("quirk-logs", "get", "/logs", responses(json!({"oneOf": [envelope(entry.clone()), generic]}))),
        endpoint("quirk-packages", "get", "/packages", responses(json!({"anyOf": [paged, {"properties": {"result": entry}}]}))),
    ]);
    let text = api(&pipeline);
    assert!(text.contains("logs().list() -> Response<Vec<Log>>  # GET /logs  [quirk-logs]\n"), "{text}");
    assert_eq!(operation(&pipeline, "quirk-packages").output, Output::Envelope { result: RustType::Vec(Box::new(RustType::Named("Package".into()))), paginated: true }, "{text}");
    // The same shape, but no name fits both calls: a type each, named after its call.
    assert!(text.contains("struct Log\n  action: Option<String>\n  id: Option<String>\n"), "{text}");
    assert!(text.contains("struct Package\n  action: Option<String>\n  id: Option<String>\n"), "{text}");
}

/// `generated/api.txt` says what each call can do besides `send()`, on an indented `can:`
/// line of its entry: walk the pages of a paged list, read an event stream, take a typed
/// form. The operation lines stay as they are.
#[test]
fn api_txt_says_which_calls_page_stream_or_take_a_form() {
    let items = json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}});
    let paged = json!({"allOf": [envelope(items), {"properties": {"result_info": {"type": "object"}}}]});
    let page = json!({"name": "page", "in": "query", "schema": {"type": "number"}});
    let list = json!({"parameters": [page], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": paged}}}}});
    let metrics = json!({"type": "object", "properties": {"backlog_count": {"type": "number"}}});
    let streamed = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(metrics.clone())}, "text/event-stream": {"schema": metrics}}}}});
    let form = json!({"type": "object", "properties": {"metadata": {"type": "object", "properties": {"main_module": {"type": "string"}}}, "file": {"type": "string", "format": "binary"}}});
    let upload = json!({"request_body": {"required": true, "content": {"multipart/form-data": {"schema": form}}}});
    let pipeline = generate(&[
        endpoint("quirk-things", "get", "/things", list),
        endpoint("quirk-metrics", "get", "/metrics", streamed),
        endpoint("quirk-upload", "put", "/upload", upload),
        endpoint("quirk-plain", "get", "/plain", json!({})),
    ]);
    let text = api(&pipeline);
    let entry = |line: &str| text.lines().skip_while(|l| !l.starts_with(line)).skip(1).take_while(|l| l.starts_with("  ")).map(str::to_string).collect::<Vec<_>>();
    assert!(entry("things().list() -> Response<Vec<Thing>>  # GET /things  [quirk-things]").contains(&"  can: paginate()".to_string()), "{text}");
    assert!(entry("metrics().get() -> ").contains(&"  can: send_events()".to_string()), "{text}");
    assert!(entry("upload().update() -> ").contains(&"  can: form(forms::UploadUpdate)".to_string()), "{text}");
    assert!(!entry("plain().get() -> ").iter().any(|l| l.starts_with("  can:")), "{text}");
}

#[test]
fn enum_values_that_collide_as_variant_names_become_a_documented_string() {
    let query = json!({"parameters": [
        {"name": "match", "in": "query", "schema": {"type": "string", "enum": ["", "*"]}},
        {"name": "op", "in": "query", "schema": {"type": "string", "enum": ["<", "<=", ">", ">=", "=="]}},
        {"name": "order", "in": "query", "schema": {"enum": ["asc", "desc"]}}
    ]});
    let pipeline = generate(&[endpoint("quirk-enums", "get", "/enums", query)]);
    let text = api(&pipeline);
    assert!(text.contains("with: match_: Option<String>, op: Option<String>, order: Option<Order>\n"), "{text}");
    assert!(text.contains("enum Order\n  Asc\n  Desc\n"), "{text}");
}

#[test]
fn examples_and_defaults_that_break_their_schema_are_ignored() {
    let body = json!({"request_body": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
        "ttl": {"type": "integer", "default": "automatic", "example": "one"},
        "tags": {"type": "array", "items": {"type": "string"}, "default": {"not": "a list"}}
    }}}}}});
    let pipeline = generate(&[endpoint("quirk-defaults", "post", "/defaults", body)]);
    assert!(api(&pipeline).contains("struct DefaultsBody\n  tags: Option<Vec<String>>\n  ttl: Option<i64>"), "{}", api(&pipeline));
}

/// The shape that exhausts typify's memory upstream ("Access applications"): an `anyOf` of
/// `allOf`s whose members nest further `anyOf`s.
#[test]
fn deep_all_of_any_of_nests_flatten_into_one_type_per_kind() {
    let kind = |n: usize| {
        json!({"allOf": [
            {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
            {"type": "object", "properties": {format!("kind_{n}"): {"anyOf": [
                {"allOf": [{"type": "object", "properties": {format!("a{n}"): {"type": "string"}}}, {"properties": {format!("b{n}"): {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"c": {"type": "integer"}}}]}}}]},
                {"type": "object", "properties": {format!("d{n}"): {"type": "boolean"}}}
            ]}}}
        ]})
    };
    let apps = json!({"anyOf": (0..8).map(kind).collect::<Vec<_>>()});
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(apps)}}}}});
    let pipeline = generate(&[endpoint("quirk-apps", "get", "/apps", responses)]);
    let text = api(&pipeline);
    // Flattened in the lowering, typify sees no nest to merge: the types stay few and linear in
    // the number of kinds (upstream, the merge grows exponentially and never finishes).
    let types = text.lines().filter(|line| line.starts_with("struct ") || line.starts_with("enum ")).count();
    // One per kind, and the union of text and an object that every kind shares: its enum and
    // its object.
    assert_eq!(types, 1 + 8 + 2, "{text}");
    assert!(text.contains("  b0: Option<AppKind0B0>\n") && text.contains("  b7: Option<AppKind0B0>\n"), "{text}");
    for n in 0..8 {
        assert!(text.contains(&format!("  kind_{n}: Option<AppKind{n}>")), "{text}");
    }
}

/// `"on"` where a setting's `value` may be text or an object: once merged into one struct,
/// the text failed the answer. Unlike kinds are an enum with a variant per kind, and one more
/// for any other JSON; a union that says no more than a kind (any object) is any JSON.
#[test]
fn a_union_of_text_and_an_object_is_an_enum_per_kind() {
    let setting = json!({"type": "object", "properties": {
        "value": {"oneOf": [
            {"type": "string", "enum": ["on", "off"]},
            {"type": "object", "properties": {"mode": {"type": "string"}, "ttl": {"type": "integer"}}},
            {"type": "boolean"}
        ]},
        "loose": {"anyOf": [{"type": "string"}, {"type": "object"}]}
    }});
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(setting)}}}}});
    let pipeline = generate(&[endpoint("quirk-setting", "get", "/setting", responses)]);
    let text = api(&pipeline);
    assert!(text.contains("  value: Option<SettingValue>\n"), "{text}");
    assert!(text.contains("  loose: Option<Value>\n"), "{text}");
    let variants = text.split("enum SettingValue\n").nth(1).and_then(|rest| rest.split("\n\n").next()).unwrap_or_default();
    let names: Vec<&str> = variants.lines().map(|line| line.trim().split(['(', ' ']).next().unwrap_or_default()).collect();
    assert_eq!(names, ["String", "Object", "Boolean", "Other"], "{text}");
    assert!(variants.contains("Other(Value)"), "{text}");
}

/// DNS records are a `oneOf` of kinds, each fixing `type` to its own value. Merged into one
/// struct, as other unions of objects are, each field must fit every kind (`content: Value`);
/// in answers each kind is its own type and the union an enum read by `type`, with `Other`
/// for a kind the spec does not list. A request body is the same enum of its own kinds,
/// filled through the kinds' merged fields (`lower/tagged.rs`).
#[test]
fn a_union_of_objects_each_fixing_its_type_is_an_enum_read_by_it() {
    let kind = |name: &str, value: &str, content: Value| {
        json!({"x-schema-name": format!("dns_{name}"), "allOf": [
            {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
            {"properties": {"type": {"type": "string", "enum": [value]}, "content": content}, "required": ["type"]}
        ]})
    };
    let record = json!({"x-schema-name": "dns_record", "oneOf": [
        kind("ARecord", "A", json!({"type": "string", "format": "ipv4"})),
        kind("MXRecord", "MX", json!({"type": "string"})),
        kind("LOCRecord", "LOC", json!({"type": "object", "properties": {"altitude": {"type": "number"}}}))
    ]});
    let list = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({"type": "array", "items": record}))}}}}});
    let create = json!({"request_body": {"required": true, "content": {"application/json": {"schema": record}}}});
    let pipeline = generate(&[endpoint("quirk-records", "get", "/records", list), endpoint("quirk-record-create", "post", "/records", create)]);
    let text = api(&pipeline);
    assert!(text.contains("records().list() -> Response<Vec<Record>>"), "{text}");
    assert!(text.contains("enum Record\n  A(ARecord)  # `type` is `\"A\"`.\n  Mx(MxRecord)  # `type` is `\"MX\"`.\n  Loc(LocRecord)  # `type` is `\"LOC\"`.\n  Other(Value)"), "{text}");
    // Each kind has its own fields, typed for it alone.
    assert!(text.contains("struct ARecord\n  content: Option<String>\n  id: Option<String>\n  name: Option<String>\n  type_: Option<ARecordType>\n"), "{text}");
    assert!(text.contains("struct LocRecord\n  content: Option<LocRecordContent>\n"), "{text}");
    // The request body is the same kinds, each typed for itself and its tag required; its
    // builder fills the kinds' fields merged, `content` any of theirs.
    assert!(text.contains("records().create() -> Response<RecordCreateResult>  # POST /records  [quirk-record-create]\n  with: body: builder::RecordCreateBody\n"), "{text}");
    assert!(
        text.contains(
            "enum RecordCreateBody\n  A(RecordCreateBodyA)  # `type` is `\"A\"`.\n  Mx(RecordCreateBodyMx)  # `type` is `\"MX\"`.\n  Loc(RecordCreateBodyLoc)  # `type` is `\"LOC\"`.\n  Other(Value)"
        ),
        "{text}"
    );
    assert!(text.contains("struct RecordCreateBodyA\n  content: Option<String>\n  id: Option<String>\n  name: Option<String>\n  type_: ARecordType\n"), "{text}");
    assert!(text.contains("struct RecordCreateBodyLoc\n  content: Option<LocRecordContent>\n"), "{text}");
    assert!(text.contains("enum RecordCreateBodyContent\n  String(String)\n  Object(LocRecordContent)\n"), "{text}");
    let union = pipeline.lowered.tagged_unions.iter().find(|u| u.name == "RecordCreateBody").expect("the body's union");
    assert!(union.merged && union.variants.iter().map(|v| v.properties.join(",")).all(|p| p == "content,id,name,type"), "{union:?}");
}

/// Cloudflare types most quantities `number`: a DNS record's `ttl` (`anyOf` of a range and the
/// one value 1), an MX `priority`, a load balancer origin's `weight` (a ratio, 0 to 1). Those
/// counted in whole units are integers when sent; a ratio or a fractional example is not.
#[test]
fn numbers_counted_in_whole_units_are_integers_when_sent() {
    let body = json!({"type": "object", "properties": {
        "ttl": {"anyOf": [{"type": "number", "minimum": 30, "maximum": 86400, "example": 3600}, {"type": "number", "enum": [1]}], "example": 3600},
        "priority": {"type": "number", "example": 10},
        "weight": {"type": "number", "minimum": 0, "maximum": 1, "example": 0.6},
        "temperature": {"type": "number"}
    }});
    let create = json!({"request_body": {"required": true, "content": {"application/json": {"schema": body}}}});
    let pipeline = generate(&[endpoint("quirk-origin-create", "post", "/origins", create)]);
    let text = api(&pipeline);
    let fields = text.split("struct OriginsBody\n").nth(1).and_then(|rest| rest.split("\n\n").next()).unwrap_or_default();
    assert_eq!(fields, "  priority: Option<i64>\n  temperature: Option<f64>\n  ttl: Option<i64>\n  weight: Option<f64>", "{text}");
}

/// A DNS record's `ttl` is `number` in the answer as in the request: one field, one type, so
/// what is read can be sent back (`ttl` is `i64` both ways). An average or a share of whole
/// units (`avg_ttl`, `ttl_ratio`) is not whole, nor is a ratio bounded by 1.
#[test]
fn numbers_counted_in_whole_units_are_integers_when_read_too() {
    let record = json!({"type": "object", "properties": {
        "ttl": {"type": "number", "example": 3600},
        "priority": {"type": "number"},
        "avg_ttl": {"type": "number"},
        "weight": {"type": "number", "maximum": 1}
    }});
    let get = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(record.clone())}}}}});
    let put = json!({"request_body": {"required": true, "content": {"application/json": {"schema": record}}}});
    let pipeline = generate(&[endpoint("quirk-record-get", "get", "/record", get), endpoint("quirk-record-put", "put", "/record", put)]);
    let text = api(&pipeline);
    let fields = |name: &str| text.split(&format!("struct {name}\n")).nth(1).and_then(|rest| rest.split("\n\n").next()).unwrap_or_default().to_string();
    let expected = "  avg_ttl: Option<f64>\n  priority: Option<i64>\n  ttl: Option<i64>\n  weight: Option<f64>";
    // One shape both ways: one type, read and sent.
    assert!(text.contains("record().get() -> Response<Record>  # GET /record") && text.contains("  with: body: builder::Record\n"), "{text}");
    assert_eq!(fields("Record"), expected, "{text}");
}

/// A session participant's `duration` (minutes) is `number` with no example in its schema, and
/// the answer's example gives `5.8097`: that example, beside the schema, keeps it a number,
/// in a list and in every branch of a union; a `count` whose examples are whole is an integer.
#[test]
fn a_fraction_in_an_answers_example_keeps_its_number() {
    let participant = json!({"type": "object", "properties": {"duration": {"type": "number"}, "count": {"type": "number"}}});
    let result = json!({"type": "array", "items": {"anyOf": [participant, {"type": "object", "properties": {"duration": {"type": "number"}, "id": {"type": "string"}}}]}});
    let example = json!({"success": true, "errors": [], "messages": [], "result": [{"duration": 5.8097, "count": 2}, {"duration": 6, "count": 3}]});
    let get = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result), "examples": {"two": {"value": example}}}}}}});
    let pipeline = generate(&[endpoint("quirk-participants", "get", "/participants", get)]);
    let text = api(&pipeline);
    assert!(text.contains("  count: Option<i64>\n"), "{text}");
    assert!(text.contains("  duration: Option<f64>\n") && !text.contains("  duration: Option<i64>"), "{text}");
}

/// Hyperdrive's caching setting is `oneOf` two objects with a discriminator on `disabled`, a
/// boolean, mapped from the keys `"true"` and `"false"`: mapping keys are text, the tag is not,
/// so no answer could match a kind. No tag: the kinds merge into one struct.
#[test]
fn a_discriminator_mapping_on_a_boolean_is_no_tag() {
    let kind = |name: &str, extra: &str| json!({"x-schema-name": name, "type": "object", "properties": {"disabled": {"type": "boolean"}, extra: {"type": "integer"}}});
    let caching = json!({
        "x-schema-name": "caching",
        "discriminator": {"propertyName": "disabled", "mapping": {"true": "#/components/schemas/caching_off", "false": "#/components/schemas/caching_on"}},
        "oneOf": [kind("caching_off", "since"), kind("caching_on", "max_age")]
    });
    let config = json!({"type": "object", "properties": {"caching": caching}});
    let get = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(config.clone())}}}}});
    let update = json!({"request_body": {"required": true, "content": {"application/json": {"schema": config}}}});
    let pipeline = generate(&[endpoint("quirk-config", "get", "/config", get), endpoint("quirk-config-update", "put", "/config", update)]);
    let text = api(&pipeline);
    assert!(pipeline.lowered.tagged_unions.is_empty(), "{:?}", pipeline.lowered.tagged_unions);
    assert!(!text.contains("`disabled` is"), "{text}");
    assert!(text.contains("struct Caching\n  disabled: Option<bool>\n  max_age: Option<i64>\n  since: Option<i64>\n"), "{text}");
}

#[test]
fn untyped_schemas_are_any_json_and_counts_are_integers() {
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({
        "type": "object", "properties": {"threshold": {"minimum": 1, "default": 3}, "total_count": {"type": "number"}, "ratio": {"type": "number"}}
    }))}}}}});
    let query = json!({"name": "per_page", "in": "query", "schema": {"type": "number", "minimum": 5}});
    let pipeline = generate(&[endpoint("quirk-untyped", "get", "/untyped", json!({"parameters": [query], "responses": responses["responses"]}))]);
    let text = api(&pipeline);
    assert!(text.contains("untyped().get() -> Response<Untyped>  # GET /untyped  [quirk-untyped]\n  with: per_page: Option<i64>\n"), "{text}");
    assert!(text.contains("  threshold: Option<Value>") && text.contains("  total_count: Option<i64>") && text.contains("  ratio: Option<f64>"), "{text}");
}

#[test]
fn a_recursive_schema_is_a_local_definition_and_a_recursive_type() {
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({
        "type": "object", "properties": {"trace": {"$ref": "#/definitions/trace"}}
    }))}}}}, "definitions": {"trace": {"type": "array", "items": {"type": "object", "properties": {
        "step": {"type": "string"}, "trace": {"$ref": "#/definitions/trace"}
    }}}}});
    let pipeline = generate(&[endpoint("quirk-trace", "get", "/trace", responses)]);
    let text = api(&pipeline);
    assert!(text.contains("struct TraceGetTrace\n  0: Vec<TraceGetTraceItem>"), "{text}");
    assert!(text.contains("  trace: Option<TraceGetTrace>"), "{text}");
}

#[test]
fn a_query_parameter_repeating_a_path_parameter_and_an_object_parameter() {
    let parameters = json!({"parameters": [
        {"name": "id", "in": "path", "required": true, "schema": {"type": "object", "properties": {"asn": {"type": "integer"}}}},
        {"name": "id", "in": "query", "schema": {"type": "string"}},
        {"name": "httpProtocol", "in": "query", "schema": {"type": "string"}},
        {"name": "http_protocol", "in": "query", "schema": {"type": "string"}}
    ]});
    let pipeline = generate(&[endpoint("quirk-params", "get", "/things/{id}", parameters)]);
    // The path parameter takes its canonical name; the query one repeating it is left out.
    assert!(api(&pipeline).contains("things().get(thing_id) -> Response<Thing>  # GET /things/{thing_id}  [quirk-params]\n  with: http_protocol: Option<String>\n"), "{}", api(&pipeline));
}

#[test]
fn the_importer_resolves_references_merges_path_parameters_and_writes_recursion_as_definitions() {
    let document = json!({
        "openapi": "3.0.3",
        "paths": {"/zones/{zone_id}/trace": {
            "parameters": [{"$ref": "#/components/parameters/zone"}],
            "post": {
                "operationId": "trace-it", "tags": ["Request Tracer"], "summary": "Trace",
                "x-cfPlanAvailability": {"free": true, "pro": true, "business": true, "enterprise": true},
                "x-cfPermissionsRequired": {"enum": ["#zone:read"]},
                "deprecated": true,
                "responses": {"200": {"$ref": "#/components/responses/traced"}},
                "security": [{"api_token": []}]
            }
        }},
        "components": {
            "parameters": {"zone": {"name": "zone_id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/id"}}},
            "responses": {"traced": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/trace"}}}}},
            "schemas": {
                "id": {"type": "string", "maxLength": 32},
                "trace": {"type": "array", "items": {"type": "object", "properties": {"trace": {"$ref": "#/components/schemas/trace"}}}}
            }
        }
    });
    let endpoints = cloudflare_sdk_codegen::import::import_document(&document, Path::new("doc.json")).unwrap();
    assert_eq!(endpoints.len(), 1);
    let e = &endpoints[0];
    assert_eq!((e.operation_id.as_str(), e.tag.as_str(), e.summary.as_deref(), e.deprecated), ("trace-it", "Request Tracer", Some("Trace"), true));
    assert_eq!(e.required_permissions, vec!["#zone:read"]);
    // A resolved component keeps its name, for the type made of it.
    assert_eq!(e.parameters[0].schema, json!({"type": "string", "maxLength": 32, "x-schema-name": "id"}));
    assert_eq!(e.responses["200"].content["application/json"].schema, Some(json!({"$ref": "#/definitions/trace"})));
    assert_eq!(e.definitions["trace"]["items"]["properties"]["trace"], json!({"$ref": "#/definitions/trace"}));
    assert!(spec::validate_endpoint(Path::new("x.yaml"), e).is_empty());
    assert_eq!(e.relative_path(), Path::new("request-tracer/trace-it.yaml"));
}

#[test]
fn operation_ids_cannot_name_folders() {
    assert_eq!(spec::file_stem("ssl/-tls-mode"), "ssl%2F-tls-mode");
    assert_eq!(spec::file_stem("../up"), "%2E.%2Fup");
    assert_eq!(spec::file_stem("user's-orgs"), "user%27s-orgs");
}

#[test]
fn pagination_needs_a_numeric_page_a_string_cursor_or_a_numeric_offset() {
    let list = |page_type: &str| {
        json!({
            "parameters": [{"name": "page", "in": "query", "schema": {"type": page_type}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"allOf": [
                envelope(json!({"type": "array", "items": {"type": "string"}})),
                {"properties": {"result_info": {"type": "object"}}}
            ]}}}}}
        })
    };
    let mut offset = list("integer");
    offset["parameters"] = json!([{"name": "offset", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}]);
    let mut no_info = offset.clone();
    no_info["responses"]["200"]["content"]["application/json"]["schema"] = envelope(json!({"type": "array", "items": {"type": "string"}}));
    let mut text_offset = offset.clone();
    text_offset["parameters"][0]["schema"]["type"] = json!("string");
    let pipeline = generate(&[
        endpoint("quirk-numbered", "get", "/numbered", list("number")),
        endpoint("quirk-texted", "get", "/texted", list("string")),
        endpoint("quirk-offset", "get", "/offset", offset),
        endpoint("quirk-text-offset", "get", "/text-offset", text_offset),
        endpoint("quirk-offset-no-info", "get", "/offset-no-info", no_info),
    ]);
    use cloudflare_sdk_codegen::lower::Pagination;
    assert_eq!(operation(&pipeline, "quirk-numbered").pagination, Some(Pagination::Page));
    assert_eq!(operation(&pipeline, "quirk-texted").pagination, None);
    // An integer `offset` (Cloudflare's offset/limit lists) pages by offset; text does not.
    assert_eq!(operation(&pipeline, "quirk-offset").pagination, Some(Pagination::Offset));
    assert_eq!(operation(&pipeline, "quirk-text-offset").pagination, None);
    // The next offset is known from the items sent: no `result_info` needed.
    assert_eq!(operation(&pipeline, "quirk-offset-no-info").pagination, Some(Pagination::Offset));
    assert!(pipeline.generated.code.contains("Paginator::by_offset"), "the offset list has paginate()");
}

#[test]
fn importing_twice_changes_nothing_and_reports_what_is_gone() {
    let operation = |id: &str, path: &str| json!({path: {"get": {"operationId": id, "tags": ["User's Things"], "responses": {"200": {"description": "ok"}}, "security": [{"api_token": []}]}}});
    let document = |paths: Vec<Value>| {
        let mut all = serde_json::Map::new();
        for p in paths {
            all.extend(p.as_object().unwrap().clone());
        }
        json!({"openapi": "3.0.3", "paths": all})
    };
    let spec_dir = tempfile::tempdir().unwrap();
    let import = |doc: &Value| {
        let endpoints = cloudflare_sdk_codegen::import::import_document(doc, Path::new("doc.json")).unwrap();
        cloudflare_sdk_codegen::import::write_spec(spec_dir.path(), &endpoints, cloudflare_sdk_codegen::import::Absent::Keep).unwrap()
    };
    let both = document(vec![operation("user's-things-list", "/things"), operation("things/get", "/things/{id}")]);
    let first = import(&both);
    assert_eq!((first.added.len(), first.changed.len(), first.unchanged), (2, 0, 0));
    let again = import(&both);
    assert_eq!((again.added.len(), again.changed.len(), again.unchanged, again.moved.len()), (0, 0, 2, 0));
    assert!(again.absent_upstream.is_empty(), "{:?}", again.absent_upstream);

    let newer = import(&document(vec![operation("user's-things-list", "/things")]));
    assert_eq!(newer.absent_upstream, vec!["things%2Fget".to_string()]);
    assert!(spec_dir.path().join("user-s-things/things%2Fget.yaml").exists(), "kept, not deleted");
}

/// Cloudflare renames operation ids and path parameters between documents: an operation with
/// the method and path of one whose id is gone is that one, renamed, and replaces its file.
/// Operations gone from the document are kept, or removed with `Absent::Prune`.
#[test]
fn a_renamed_operation_replaces_its_file_and_prune_removes_what_is_gone() {
    use cloudflare_sdk_codegen::import::{import_document, write_spec, Absent};
    let operation = |id: &str, tag: &str, path: &str| {
        json!({"operationId": id, "tags": [tag], "responses": {"200": {"description": "ok"}}, "security": [{"api_token": []}]}).as_object().map(|o| (path.to_string(), json!({"get": o}))).unwrap()
    };
    let document = |operations: Vec<(String, Value)>| json!({"openapi": "3.0.3", "paths": operations.into_iter().collect::<serde_json::Map<_, _>>()});
    let spec_dir = tempfile::tempdir().unwrap();
    let import = |doc: &Value, absent| write_spec(spec_dir.path(), &import_document(doc, Path::new("doc.json")).unwrap(), absent).unwrap();
    import(&document(vec![operation("things-list", "Things", "/things"), operation("things-get", "Things", "/things/{id}"), operation("gadgets-list", "Gadgets", "/gadgets")]), Absent::Keep);

    let newer = document(vec![operation("things-list", "Things", "/things"), operation("thing-details", "Things", "/things/{thing_id}")]);
    let report = import(&newer, Absent::Keep);
    assert_eq!(report.renamed, vec!["things-get -> thing-details"]);
    assert_eq!(report.absent_upstream, vec!["gadgets-list"]);
    assert!(report.added.is_empty(), "{report:?}");
    assert!(!spec_dir.path().join("things/things-get.yaml").exists(), "the old file is replaced");
    assert!(spec_dir.path().join("things/thing-details.yaml").exists());
    assert!(spec_dir.path().join("gadgets/gadgets-list.yaml").exists(), "kept without --prune");

    let report = import(&newer, Absent::Prune);
    assert_eq!(report.removed, vec!["gadgets-list"]);
    assert!(!spec_dir.path().join("gadgets").exists(), "an emptied tag folder goes too");
    assert_eq!(report.unchanged, 2);
}

/// Progenitor's `send` encodes path parameters with a set that leaves `\` alone and lets `..`
/// through, and sends an `api-version` header; generation reroutes both.
#[test]
fn path_parameters_go_through_the_runtime_and_no_api_version_is_sent() {
    let parameters = json!({"parameters": [
        {"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "number", "in": "path", "required": true, "schema": {"type": "integer"}}
    ]});
    let pipeline = generate(&[endpoint("quirk-path", "get", "/zones/{zone_id}/things/{number}", parameters)]);
    let code: String = pipeline.generated.code.split_whitespace().collect();
    // Path parameters are text, named after the path: `zone_id`, `thing_id`.
    assert!(code.contains("crate::rt::path::segment(&zone_id).map_err(Error::InvalidRequest)?"), "{code}");
    assert!(code.contains("crate::rt::path::segment(&thing_id).map_err(Error::InvalidRequest)?"), "{code}");
    assert!(!code.contains("encode_path(&"), "{code}");
    assert!(!code.contains("api-version"), "{code}");
    assert!(code.replace(",)", ")").contains("fnhttp_request(self)->Result<::reqwest::Request,Error<ByteStream>>"), "{code}");
    assert!(code.contains("crate::rt::hooks::send_through_hooks(self.client,self,Self::http_request,&super::operations::QUIRK_PATH,)"), "{code}");
}

/// Newer documents have objects whose property names differ only in characters a Rust
/// identifier cannot hold (`<=1d`, `>1d`): typify would give both the field `x1d` and the
/// build would fail. The first keeps its field; the others stay reachable, as JSON, in the
/// object's `extra` map.
#[test]
fn properties_whose_rust_names_collide_keep_one_field_and_the_rest_in_extra() {
    let result = json!({"type": "object", "properties": {
        "<=1d": {"type": "integer"}, ">1d": {"type": "integer"}, "Extra": {"type": "string"}, "name": {"type": "string"}
    }});
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result)}}}}});
    let pipeline = generate(&[endpoint("quirk-fields", "get", "/buckets", responses)]);
    let file = syn::parse_file(&pipeline.generated.code).unwrap();
    let mut structs = Vec::new();
    collect_structs(&file.items, &mut structs);
    for item in &structs {
        let names: Vec<String> = item.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)).collect();
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{} repeats a field: {names:?}", item.ident);
    }
    let bucket = structs.iter().find(|s| s.fields.iter().any(|f| f.ident.as_ref().is_some_and(|i| i == "x1d"))).expect("a struct with the field x1d");
    let fields: Vec<String> = bucket.fields.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
    assert_eq!(fields, ["name", "x1d", "extra"], "`<=1d` keeps its field (first in key order); `>1d` and `Extra` go to `extra`");
    let code = quote::quote!(#bucket).to_string();
    assert!(code.contains("rename = \"<=1d\"") && code.contains("flatten"), "{code}");
}

fn collect_structs<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemStruct>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => out.push(s),
            syn::Item::Mod(m) => collect_structs(m.content.as_ref().map_or(&[][..], |(_, items)| items), out),
            _ => {}
        }
    }
}

/// The shapes the 2026-07-01 document brought, each read by a rule of the import
/// (`codegen/src/import/route.rs` and `import/mod.rs`), then generated.
#[test]
fn the_2026_shapes_import_by_rule_and_generate() {
    let ok = json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "success": {"type": "boolean"}, "errors": {"type": "array", "items": {}},
        "result": {"type": "object", "properties": {"metadata": {"type": "unknown"}}}
    }}}}}});
    let scope = json!({"name": "accounts_or_zones", "in": "path", "required": true, "allowEmptyValue": false, "schema": {"type": "string"}});
    let id = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}, "x-auditable": true});
    let document = json!({
        "openapi": "3.0.3",
        "security": [{"api_token": []}],
        "components": {"securitySchemes": {"api_token": {"type": "http", "scheme": "bearer"}, "api_key": {"type": "apiKey", "in": "header", "name": "X-Auth-Key"}}},
        "paths": {
            "/{accounts_or_zones}/{account_or_zone_id}/rulesets": {"get": {
                "summary": "List rulesets", "parameters": [scope, id("account_or_zone_id")], "responses": ok, "security": [{"bearerAuth": []}]
            }},
            "/{accounts_or_zones}/{account_or_zone_id}/logs/datasets": {"get": {
                "operationId": "datasets-list", "tags": ["Logs"], "parameters": [scope, id("account_id")], "responses": ok
            }},
            "/accounts/{account_id}/address_maps/{address_map_id}/accounts/{account_id}": {"put": {
                "operationId": "address-maps-add-account", "tags": ["IP Address Management Address Maps"],
                "parameters": [id("account_id"), id("address_map_id")], "responses": ok,
                "deprecated": true, "x-stainless-deprecation-message": "Use the v2 endpoint.", "x-stability": "beta",
                "x-cfPermissionsRequired": null, "x-api-token-group": ["Address Maps Write"], "x-stainless-skip": true
            }},
            "/accounts/{account_id}/r2/buckets/{bucket_name}/objects/{object_key}": {"put": {
                "operationId": "r2-put-object", "tags": ["R2 Object"],
                "parameters": [id("account_id"), id("bucket_name"),
                    {"name": "object_key", "in": "path", "required": true, "allowReserved": true, "x-stainless-deprecation-message": "none", "schema": {"type": "string"}}],
                "requestBody": {"x-auditable": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}, "x-stainless-only": ["go"]}}},
                "responses": ok
            }},
            "/accounts/{account_id}/urlscanner/screenshots/{scan_id}.png": {"get": {
                "operationId": "urlscanner-screenshot", "tags": ["URL Scanner"], "parameters": [id("account_id"), id("scan_id")],
                "responses": {"200": {"description": "a PNG", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}}
            }},
            "/zones/{zone_id}/purge_cache": {"post": {
                "operationId": "zone-purge", "tags": ["Zone"], "parameters": [id("zone_id")], "responses": ok
            }},
            "/alerting/unsubscribe": {"post": {
                "operationId": "alerting-unsubscribe", "tags": ["Notifications"], "security": [], "responses": ok,
                "requestBody": {"content": {}}
            }}
        }
    });
    let imported = cloudflare_sdk_codegen::import::import(&document, Path::new("doc.json")).unwrap();
    let by_id =
        |id: &str| imported.endpoints.iter().find(|e| e.operation_id == id).unwrap_or_else(|| panic!("no {id} in {:?}", imported.endpoints.iter().map(|e| &e.operation_id).collect::<Vec<_>>()));

    // A dual-scope template is one operation per scope; no id: method and path; no tag: the group.
    let accounts = by_id("get-accounts-account_or_zone_id-rulesets");
    let zones = by_id("get-zones-account_or_zone_id-rulesets");
    assert_eq!((accounts.path.as_str(), zones.path.as_str()), ("/accounts/{account_or_zone_id}/rulesets", "/zones/{account_or_zone_id}/rulesets"));
    assert_eq!((accounts.tag.as_str(), accounts.parameters.len()), ("rulesets", 1));
    // A scheme the document does not declare is its bearer token, and the report says so.
    assert_eq!(accounts.security[0].keys().collect::<Vec<_>>(), ["api_token"]);
    assert!(imported.notes[0].contains("`bearerAuth`"), "{:?}", imported.notes);
    // Every other rule that applied is reported too: nothing is read differently in silence.
    for note in [
        "dual-scope templates, one operation per scope: 2 (GET /{accounts_or_zones}/{account_or_zone_id}/logs/datasets, GET /{accounts_or_zones}/{account_or_zone_id}/rulesets)",
        "operations without an id, named by method and path: 1 (GET /{accounts_or_zones}/{account_or_zone_id}/rulesets)",
        "operations without a tag, tagged with their group: 1 (GET /{accounts_or_zones}/{account_or_zone_id}/rulesets)",
        "operations that take no credentials (`security: []`): 1 (POST /alerting/unsubscribe)",
        "request bodies of no media type, left out: 1 (POST /alerting/unsubscribe)",
        "operations with a schema `type` OpenAPI does not define, read as any JSON: 6",
    ] {
        assert!(imported.notes.iter().any(|n| n.contains(note)), "`{note}` in {:#?}", imported.notes);
    }
    // A dual-scope operation with an id keeps it per scope; a misnamed declaration is adopted.
    let datasets = by_id("datasets-list-zones");
    assert_eq!(datasets.parameters[0].name, "account_or_zone_id");
    // A repeated path parameter gets a name of its own; extensions become metadata or go.
    let repeated = by_id("address-maps-add-account");
    assert_eq!(repeated.path, "/accounts/{account_id}/address_maps/{address_map_id}/accounts/{account_id_2}");
    assert_eq!((repeated.deprecation_message.as_deref(), repeated.stability.as_deref()), (Some("Use the v2 endpoint."), Some("beta")));
    assert_eq!((repeated.required_permissions.len(), repeated.token_groups.as_slice()), (0, &["Address Maps Write".to_string()][..]));
    // allowReserved is kept; allowEmptyValue and extensions are not errors.
    let object = by_id("r2-put-object");
    assert!(object.parameters.iter().any(|p| p.name == "object_key" && p.allow_reserved));
    // `type: unknown` says nothing of the value; `security: []` is one alternative of no
    // scheme; a body of no media type is no body.
    let unsubscribe = by_id("alerting-unsubscribe");
    assert_eq!(unsubscribe.responses["200"].content["application/json"].schema.as_ref().unwrap()["properties"]["result"]["properties"]["metadata"], json!({}));
    assert_eq!((unsubscribe.security.len(), unsubscribe.security[0].len(), unsubscribe.request_body.is_none()), (1, 0, true));
    for endpoint in &imported.endpoints {
        assert!(spec::validate_endpoint(Path::new("x.yaml"), endpoint).is_empty(), "{}", endpoint.operation_id);
    }

    let values: Vec<Value> = imported.endpoints.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    let pipeline = generate(&values);
    let api = api(&pipeline);
    for call in [
        "account(account_id).rulesets().get()",
        "zone(zone_id).rulesets().get()",
        "account(account_id).address_map(address_map_id).accounts().update(account_id_2)",
        "account(account_id).urlscanner().screenshots().get(screenshot_id)",
    ] {
        assert!(api.contains(call), "{call} in\n{api}");
    }
    let code: String = pipeline.generated.code.split_whitespace().collect();
    assert!(code.contains("crate::rt::path::segments(&object_id).map_err(Error::InvalidRequest)?"), "a reserved parameter keeps its `/`");
    assert!(code.contains("crate::rt::path::segment(&bucket_id).map_err(Error::InvalidRequest)?"));
}

/// An operation imported from a record (the seed) is kept by `--prune` when the document no
/// longer has it, and stays a record's when a document rewrites it.
#[test]
fn prune_keeps_what_a_record_imported() {
    use cloudflare_sdk_codegen::import::{import_document, write_spec, Absent};
    let spec_dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/organization-invites-list-invitations.record.txt")).unwrap();
    let record = spec::parse_record(Path::new("seed.txt"), &seed).unwrap();
    assert_eq!(record.origin, Some(spec::Origin::Record));
    write_spec(spec_dir.path(), std::slice::from_ref(&record), Absent::Keep).unwrap();
    let file = spec_dir.path().join(record.relative_path());

    let rewritten = json!({"openapi": "3.0.3", "paths": {record.path.clone(): {"get": {
        "operationId": record.operation_id, "tags": [record.tag], "summary": "from a document", "responses": {"200": {"description": "ok"}}, "security": [{"api_token": []}]
    }}}});
    write_spec(spec_dir.path(), &import_document(&rewritten, Path::new("doc.json")).unwrap(), Absent::Prune).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("from a document") && text.contains("origin: record"), "{text}");

    let without = json!({"openapi": "3.0.3", "paths": {"/other": {"get": {"operationId": "other", "tags": ["Other"], "responses": {"200": {"description": "ok"}}, "security": [{"api_token": []}]}}}});
    let report = write_spec(spec_dir.path(), &import_document(&without, Path::new("doc.json")).unwrap(), Absent::Prune).unwrap();
    assert_eq!(report.kept_records, vec![record.operation_id.clone()]);
    assert!(report.removed.is_empty() && file.exists());
}

#[test]
fn a_json_flavour_is_sent_and_asked_for_by_its_own_name_unless_plain_json_is_offered() {
    let scim_user = json!({"type": "object", "properties": {"userName": {"type": "string"}}});
    let scim = json!({
        "request_body": {"required": true, "content": {"application/scim+json": {"schema": scim_user}}},
        "responses": {"201": {"description": "created", "content": {"application/scim+json": {"schema": scim_user}}}},
    });
    let both = json!({"request_body": {"required": true, "content": {"application/merge-patch+json": {"schema": scim_user}, "application/json": {"schema": scim_user}}}});
    let pipeline = generate(&[endpoint("quirk-scim", "post", "/scim/v2/Users", scim), endpoint("quirk-patch", "patch", "/workers", both)]);
    let scim = operation(&pipeline, "quirk-scim");
    assert_eq!((scim.request_media_type.as_deref(), scim.accept.as_str()), (Some("application/scim+json"), "application/scim+json"));
    assert!(matches!(&scim.output, Output::Json(RustType::Named(_))), "{:?}", scim.output);
    let patch = operation(&pipeline, "quirk-patch");
    assert_eq!((patch.request_media_type.as_deref(), patch.accept.as_str()), (None, "application/json"));
}

#[test]
fn an_answer_that_may_be_server_sent_events_gets_them_typed_and_the_body_stream_flag_is_noticed() {
    let metrics = json!({"type": "object", "properties": {"backlog_count": {"type": "number"}}});
    let responses = json!({"200": {"description": "ok", "content": {"application/json": {"schema": envelope(metrics.clone())}, "text/event-stream": {"schema": metrics}}}});
    let body = json!({"required": true, "content": {"application/json": {"schema": {"anyOf": [{"type": "object", "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}}}]}}}});
    let pipeline = generate(&[
        endpoint("quirk-metrics", "get", "/queues/metrics", json!({"responses": responses})),
        endpoint("quirk-run", "post", "/ai/run", json!({"responses": responses, "request_body": body})),
    ]);
    let metrics = operation(&pipeline, "quirk-metrics").events.clone().expect("events");
    assert!(matches!(&metrics.item, RustType::Named(_)) && !metrics.stream_flag, "{metrics:?}");
    assert!(operation(&pipeline, "quirk-run").events.as_ref().is_some_and(|e| e.stream_flag));
    assert!(operation(&pipeline, "quirk-metrics").accept == "application/json", "send() still asks for JSON");
    assert!(pipeline.generated.code.contains("pub fn send_events("), "the builder has send_events");
}

/// Measured on the 2026-07-01 description: the generic Workers AI run
/// (`POST /ai/run/{model_name}`) lists only a JSON answer, while its body's `stream` flag says
/// "the response will be streamed back incrementally using SSE, Server Sent Events".
#[test]
fn a_stream_flag_described_as_server_sent_events_gives_events_where_the_answers_list_only_json() {
    let answer = json!({"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({"type": "object", "properties": {"response": {"type": "string"}}}))}}}});
    let body = |description: &str| json!({"required": true, "content": {"application/json": {"schema": {"anyOf": [{"type": "object", "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean", "description": description}}}]}}}});
    let pipeline = generate(&[
        endpoint(
            "quirk-run-model",
            "post",
            "/ai/run/{model_name}",
            json!({"responses": answer, "parameters": [{"name": "model_name", "in": "path", "required": true, "schema": {"type": "string"}}], "request_body": body("If true, the response will be streamed back incrementally using SSE, Server Sent Events.")}),
        ),
        endpoint("quirk-upload", "post", "/uploads", json!({"responses": answer, "request_body": body("Whether to stream the upload.")})),
    ]);
    let events = operation(&pipeline, "quirk-run-model").events.clone().expect("the run streams events");
    assert!(events.stream_flag && events.item == RustType::Json, "{events:?}");
    assert_eq!(operation(&pipeline, "quirk-upload").events, None, "a stream flag that says nothing of events");
    assert!(operation(&pipeline, "quirk-run-model").accept == "application/json", "send() still asks for JSON");
    assert!(pipeline.generated.code.contains("pub fn send_events("), "the builder has send_events");
}

#[test]
fn an_offset_list_held_by_an_object_or_answered_bare_is_walked() {
    let offset = json!([{"name": "offset", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}]);
    let asn = json!({"type": "object", "properties": {"asn": {"type": "integer"}}});
    let held = json!({"type": "object", "properties": {"asns": {"type": "array", "items": asn}, "meta": {"type": "object", "properties": {"total": {"type": "integer"}}}}});
    let two_lists = json!({"type": "object", "properties": {"asns": {"type": "array", "items": asn}, "top": {"type": "array", "items": asn}}});
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let pipeline = generate(&[
        endpoint("quirk-held", "get", "/radar/asns", json!({"parameters": offset, "responses": ok(envelope(held))})),
        endpoint("quirk-bare", "get", "/matches", json!({"parameters": offset, "responses": ok(json!({"type": "array", "items": asn}))})),
        endpoint("quirk-two", "get", "/radar/top", json!({"parameters": offset, "responses": ok(envelope(two_lists))})),
    ]);
    let held = operation(&pipeline, "quirk-held");
    assert_eq!((held.pagination, held.list_field.as_deref()), (Some(cloudflare_sdk_codegen::lower::Pagination::Offset), Some("asns")));
    let bare = operation(&pipeline, "quirk-bare");
    assert_eq!((bare.pagination, bare.list_field.as_deref()), (Some(cloudflare_sdk_codegen::lower::Pagination::Offset), None));
    // Which of two lists holds the items is not for a rule to guess.
    assert_eq!(operation(&pipeline, "quirk-two").pagination, None);
    let code: String = pipeline.generated.code.split_whitespace().collect();
    assert!(code.contains("crate::pagination::list_in(self.clone().offset(offset).send(),|result:types::"), "the held list is taken from its field");
    assert_eq!(code.matches("pubfnpaginate(self)").count(), 2);
}

fn result_of(id: &str, result: Value) -> Output {
    let responses = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result)}}}}});
    let pipeline = generate(&[endpoint(id, "get", "/things", responses)]);
    operation(&pipeline, id).output.clone()
}

/// Workers' script deletes declare `result: {type: object, enum: [null], nullable: true}`, AI
/// Search's deletes `result: {type: object, additionalProperties: false}`: the answer says
/// only that it succeeded, so there is nothing to read, not any JSON to dig through.
#[test]
fn a_result_that_allows_only_null_or_an_empty_object_is_unit() {
    let unit = Output::Envelope { result: RustType::Unit, paginated: false };
    assert_eq!(result_of("quirk-null", json!({"type": "object", "enum": [null], "nullable": true})), unit);
    assert_eq!(result_of("quirk-empty", json!({"type": "object", "additionalProperties": false})), unit);
    // An object of anything stays any JSON.
    assert_eq!(result_of("quirk-any", json!({"type": "object"})), Output::Envelope { result: RustType::Json, paginated: false });
}

/// Snippet rules, Logpush dataset fields and Vectorize's vectors by id declare their list as
/// `{type: object, items: {...}}`; the API answers a JSON list.
#[test]
fn an_object_with_items_and_nothing_else_of_an_object_is_a_list() {
    let rule = json!({"type": "object", "properties": {"id": {"type": "string"}, "expression": {"type": "string"}}});
    match result_of("quirk-items", json!({"type": "object", "items": rule})) {
        Output::Envelope { result: RustType::Vec(item), .. } => assert!(matches!(*item, RustType::Named(_)), "{item:?}"),
        other => panic!("not a list: {other:?}"),
    }
}

/// Build environment variables, alert types and bulk schema-validation settings answer an
/// object keyed by a name, whose values the spec types: a map of those, not any JSON.
#[test]
fn an_object_of_any_keys_whose_values_are_typed_is_a_map_of_them() {
    let variable = json!({"type": "object", "properties": {"value": {"type": "string"}, "is_secret": {"type": "boolean"}}});
    match result_of("quirk-map", json!({"type": "object", "nullable": true, "additionalProperties": variable})) {
        Output::Envelope { result: RustType::Map(values), .. } => assert!(matches!(*values, RustType::Named(_)), "{values:?}"),
        other => panic!("not a map: {other:?}"),
    }
    // Values of anything: still any JSON.
    assert_eq!(result_of("quirk-map-any", json!({"type": "object", "additionalProperties": {}})), Output::Envelope { result: RustType::Json, paginated: false });
}

/// Newer descriptions nest a union in a kind of another, keyed by another field: a Worker's
/// exports are kinds by `type` (a discriminator mapping each value to a schema), and a Durable
/// Object export is itself kinds by `state` (`deleted`, `renamed`, ... or a live entry whose
/// `state` may be left out), each closed (`additionalProperties: false`). In requests and
/// answers alike it generates.
#[test]
fn a_union_inside_a_kind_of_a_union_generates() {
    let durable_object = |name: &str, state: &str, required_state: bool, extra: Value, required: &[&str]| {
        let mut properties = json!({"type": {"type": "string", "enum": ["durable-object"]}, "state": {"type": "string", "enum": [state]}});
        for (key, value) in extra.as_object().unwrap() {
            properties[key] = value.clone();
        }
        let mut all_required = vec!["type"];
        if required_state {
            all_required.push("state");
        }
        all_required.extend(required);
        json!({"x-schema-name": format!("workers_durable_object_{name}"), "type": "object", "properties": properties, "additionalProperties": false, "required": all_required})
    };
    let storage = json!({"type": "string", "enum": ["sqlite", "legacy-kv"]});
    let variants = json!({"x-schema-name": "workers_durable_object_export_variants", "oneOf": [
        durable_object("export", "created", false, json!({"storage": storage, "container": {"type": "string"}}), &["storage"]),
        durable_object("deleted_export", "deleted", true, json!({}), &[]),
        durable_object("renamed_export", "renamed", true, json!({"renamed_to": {"type": "string", "writeOnly": true}}), &["renamed_to"]),
        durable_object("transferred_export", "transferred", true, json!({"transferred_to": {"type": "string"}}), &["transferred_to"]),
        durable_object("expecting_transfer_export", "expecting-transfer", true, json!({"storage": storage, "transfer_from": {"type": "string"}}), &["storage", "transfer_from"])
    ]});
    let worker = json!({"x-schema-name": "workers_worker_export", "type": "object", "additionalProperties": false, "required": ["type"], "properties": {
        "type": {"type": "string", "enum": ["worker"]},
        "state": {"type": "string", "enum": ["created"], "default": "created"},
        "cache": {"allOf": [{"type": "object", "properties": {"enabled": {"type": "boolean"}}}]}
    }});
    let export = json!({"x-schema-name": "workers_export_config",
        "discriminator": {"propertyName": "type", "mapping": {"durable-object": "#/components/schemas/workers_durable_object_export_variants", "worker": "#/components/schemas/workers_worker_export"}},
        "oneOf": [worker, variants]});
    let script = json!({"type": "object", "properties": {"exports": {"type": "object", "additionalProperties": export}}});
    let get = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(script.clone())}}}}});
    let put = json!({"request_body": {"required": true, "content": {"application/json": {"schema": script}}}});
    let post = json!({"request_body": {"required": true, "content": {"application/json": {"schema": export.clone()}}}});
    let read = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(export.clone())}}}}});
    let pipeline = generate(&[
        endpoint("quirk-script-get", "get", "/script", get),
        endpoint("quirk-script-put", "put", "/script", put),
        endpoint("quirk-export-post", "post", "/exports", post),
        endpoint("quirk-export-get", "get", "/exports/one", read),
    ]);
    let text = api(&pipeline);
    // Answers: an enum of enums, read by `type` and then by `state`; the kind that may leave
    // `state` out is what an entry without it is.
    assert!(text.contains("exports().one().get() -> Response<ExportConfig>"), "{text}");
    assert!(text.contains("struct Script\n  exports: Option<HashMap<String, ExportConfig>>\n"), "{text}");
    assert!(text.contains("enum ExportConfig\n  Worker(WorkerExport)  # `type` is `\"worker\"`.\n  DurableObject(DurableObjectExportVariants)  # `type` is `\"durable-object\"`.\n"), "{text}");
    assert!(text.contains("enum DurableObjectExportVariants\n  Created(DurableObjectExport)  # `state` is `\"created\"`.\n  Deleted(DurableObjectDeletedExport)"), "{text}");
    let read_without_state = |name: &str| pipeline.lowered.tagged_unions.iter().find(|u| u.name == name).map(|u| u.untagged.clone());
    assert_eq!(read_without_state("DurableObjectExportVariants"), Some(Some("Created".into())));
    assert_eq!(read_without_state("ExportConfig"), Some(None), "every kind of an export says its `type`");
    // Requests: the same kinds, each with its own required fields, filled through the builder.
    assert!(
        text.contains("enum ExportCreateBody\n  Worker(ExportCreateBodyWorker)  # `type` is `\"worker\"`.\n  DurableObject(ExportCreateBodyDurableObject)  # `type` is `\"durable-object\"`.\n"),
        "{text}"
    );
    assert!(text.contains("struct Renamed\n  renamed_to: String\n  state: DurableObjectRenamedState\n"), "{text}");
    assert!(text.contains("struct ScriptUpdateBody\n  exports: Option<HashMap<String, ExportCreateBody>>\n"), "{text}");
}

/// Newer descriptions hold operation ids that differ only in case (`DeleteWebhook` and
/// `deleteWebhook`), which would name the same constant (`operations::DELETEWEBHOOK`) and, on a
/// disk that ignores case, the same spec file: the import names them apart, the second by its
/// method and path, and both generate.
#[test]
fn operation_ids_that_differ_only_in_case_are_named_apart() {
    let operation = |id: &str| json!({"operationId": id, "tags": ["Webhooks"], "responses": {"200": {"description": "ok"}}, "security": [{"api_token": []}]});
    let document = json!({
        "openapi": "3.0.3",
        "paths": {
            "/accounts/{account_id}/hooks/{hook_id}": {"parameters": [{"name": "account_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "hook_id", "in": "path", "required": true, "schema": {"type": "string"}}], "delete": operation("deleteWebhook")},
            "/accounts/{account_id}/webhooks/{webhook_id}": {"parameters": [{"name": "account_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "webhook_id", "in": "path", "required": true, "schema": {"type": "string"}}], "delete": operation("DeleteWebhook")}
        }
    });
    let imported = cloudflare_sdk_codegen::import::import(&document, Path::new("doc.json")).unwrap();
    let endpoints = imported.endpoints;
    assert_eq!(imported.notes, ["operation ids that differ only in case from another, named by method and path: 1 (DELETE /accounts/{account_id}/webhooks/{webhook_id})"]);
    let mut ids: Vec<(&str, &str)> = endpoints.iter().map(|e| (e.path.as_str(), e.operation_id.as_str())).collect();
    ids.sort();
    assert_eq!(ids, [("/accounts/{account_id}/hooks/{hook_id}", "deleteWebhook"), ("/accounts/{account_id}/webhooks/{webhook_id}", "delete-accounts-account_id-webhooks-webhook_id")]);
    let values: Vec<Value> = endpoints.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    let text = api(&generate(&values)).to_string();
    assert!(text.contains("[deleteWebhook]") && text.contains("[delete-accounts-account_id-webhooks-webhook_id]"), "{text}");
}

/// Workers AI runs a model by name at `/ai/run/{model_name}`, and has a path per model under it
/// (`/ai/run/@cf/meta/llama-3.1-8b-instruct`): the name's slashes are the path's, so the
/// parameter is sent as several segments, as one declared `allowReserved` is. It names a value,
/// not an item of `run`: it keeps its upstream name and the call says what it is
/// (`run().model(model_name)`, not `run().create(run_id)`). A parameter no sibling spells with
/// slashes, or one that is not last, is one segment and an item.
#[test]
fn a_last_parameter_whose_siblings_spell_it_with_slashes_keeps_them() {
    let parameter = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}});
    let run = |id: &str, path: &str, parameters: Value| endpoint(id, "post", path, json!({"parameters": parameters}));
    let pipeline = generate(&[
        run("run-model", "/accounts/{account_id}/ai/run/{model_name}", json!([parameter("account_id"), parameter("model_name")])),
        run("run", "/accounts/{account_id}/ai/run", json!([parameter("account_id")])),
        run("run-llama", "/accounts/{account_id}/ai/run/@cf/meta/llama-3.1-8b-instruct", json!([parameter("account_id")])),
        run("run-whisper", "/accounts/{account_id}/ai/run/@cf/openai/whisper", json!([parameter("account_id")])),
        run("update-event", "/accounts/{account_id}/events/{event_id}", json!([parameter("account_id"), parameter("event_id")])),
        run("create-dataset", "/accounts/{account_id}/events/dataset/create", json!([parameter("account_id")])),
        run("update-dataset", "/accounts/{account_id}/events/dataset/{dataset_id}", json!([parameter("account_id"), parameter("dataset_id")])),
        run("update-thing", "/accounts/{account_id}/things/{thing_id}", json!([parameter("account_id"), parameter("thing_id")])),
        run("export-things", "/accounts/{account_id}/things/export/all", json!([parameter("account_id")])),
    ]);
    let reserved = |id: &str| operation(&pipeline, id).reserved_path_parameters.clone();
    assert_eq!(reserved("run-model"), ["model_name"]);
    assert_eq!(operation(&pipeline, "run-model").call.to_string(), "account(account_id).ai().run().model(model_name)");
    assert_eq!(operation(&pipeline, "update-event").call.to_string(), "account(account_id).events().create(event_id)");
    assert!(reserved("update-event").is_empty(), "a parameter under the prefix names a resource");
    assert!(reserved("update-thing").is_empty(), "one sibling spelled out is not a pattern");
    assert!(reserved("run-llama").is_empty());
}

/// What you read, you can send back: a request body whose fields are all in an answer of the
/// same resource (calls on one handle), by name and kind, has its builder made from the answer.
/// One with a field the answer lacks, or with a field of another kind, has none.
#[test]
fn a_request_whose_fields_an_answer_of_its_resource_holds_is_made_from_it() {
    let json_body = |schema: Value| json!({"request_body": {"required": true, "content": {"application/json": {"schema": schema}}}});
    let thing = json!({"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "ttl": {"type": "integer"}, "created_on": {"type": "string", "format": "date-time"},
        "rules": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "action": {"type": "string"}}}}
    }});
    let answers = |mut e: Value| {
        e["responses"] = json!({"200": {"description": "ok", "content": {"application/json": {"schema": envelope(thing.clone())}}}});
        e
    };
    let parameters = json!([{"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let on_item = |id: &str, method: &str, body: Option<Value>| {
        let mut extra = body.map(json_body).unwrap_or_else(|| json!({}));
        extra["parameters"] = parameters.clone();
        answers(endpoint(id, method, "/zones/{zone_id}/things/{thing_id}", extra))
    };
    let edit = json!({"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "ttl": {"type": "integer"},
        "rules": {"type": "array", "items": {"type": "object", "properties": {"action": {"type": "string"}}}}
    }});
    let with_secret = json!({"type": "object", "properties": {"name": {"type": "string"}, "secret": {"type": "string"}}});
    let another_kind = json!({"type": "object", "properties": {"name": {"type": "integer"}}});
    let pipeline = generate(&[
        on_item("get-thing", "get", None),
        on_item("edit-thing", "patch", Some(edit)),
        on_item("update-thing", "put", Some(with_secret)),
        on_item("delete-thing", "delete", None),
        on_item("post-thing", "post", Some(another_kind)),
    ]);
    let pairs: Vec<(&str, &str)> = pipeline.generated.sent_back.iter().map(|p| (p.request.as_str(), p.answer.as_str())).collect();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let (request, answer) = pairs[0];
    let code: String = pipeline.generated.code.split_whitespace().collect();
    let conversion = format!("impl::std::convert::From<&super::{answer}>for{request}{{");
    let at = code.find(&conversion).unwrap_or_else(|| panic!("no `{conversion}` in the generated code"));
    let body = &code[at..at + 300];
    assert!(body.contains("Self::from_answered(&crate::setters::Answered::of(answer))"), "{body}");
    // The constructor it calls, beside the builder, takes each field the request has.
    let constructor = "pubfnfrom_answered(answer:&crate::setters::Answered)->Self{";
    let at = code.find(constructor).unwrap_or_else(|| panic!("no `{constructor}` in the generated code"));
    let body = &code[at..at + 200];
    assert!(body.contains("Self{name:answer.resend(\"name\"),rules:answer.resend(\"rules\"),ttl:answer.resend(\"ttl\"),}"), "{body}");
    let edit_body = api(&pipeline).lines().skip_while(|l| !l.contains("[edit-thing]")).nth(1).unwrap_or_default().to_string();
    assert!(edit_body.contains(&format!("builder::{request}")), "the pair's request is the edit's body: {edit_body}");
}

/// Upstream gives one shape to unrelated answers: `{id}` is what every delete returns, and a
/// Radar summary has the shape (and so, shared, the name) of a WAF managed rule. A type a call
/// returns fits the call: where the shape's name fits none of the calls returning it, it is one
/// type per area of the API, named after what those calls share.
#[test]
fn a_shape_returned_by_unrelated_calls_is_named_after_each_area_it_is_returned_in() {
    let on = answering;
    let deleted = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    // One upstream schema, which the summaries refer to too.
    let managed_rule = json!({"type": "object", "x-schema-name": "waf_managed-rule", "properties": {"meta": {"type": "string"}, "top": {"type": "integer"}}});
    let pipeline = generate(&[
        on("delete-app", "delete", "/accounts/{account_id}/access/apps/{app_id}", deleted.clone()),
        on("delete-group", "delete", "/accounts/{account_id}/access/groups/{group_id}", deleted.clone()),
        on("delete-record", "delete", "/zones/{zone_id}/dns_records/{dns_record_id}", deleted),
        on("get-managed-rule", "get", "/zones/{zone_id}/waf/managed_rules/{rule_id}", managed_rule.clone()),
        on("bot-class-summary", "get", "/radar/http/summary/bot_class", managed_rule.clone()),
        on("query-type-summary", "get", "/radar/dns/summary/query_type", managed_rule),
    ]);
    let returns = |id: &str| match &operation(&pipeline, id).output {
        Output::Envelope { result: RustType::Named(name), .. } => name.clone(),
        other => panic!("{id} returns {other:?}"),
    };
    assert_eq!(returns("delete-app"), "AccessDeleteResult");
    assert_eq!(returns("delete-group"), "AccessDeleteResult");
    assert_eq!(returns("delete-record"), "DnsRecordDeleteResult");
    assert_eq!(returns("get-managed-rule"), "ManagedRule");
    assert_eq!(returns("bot-class-summary"), "RadarSummary");
    assert_eq!(returns("query-type-summary"), "RadarSummary");
    let stats = cloudflare_sdk_codegen::lower::NameStats::of(&pipeline.lowered);
    assert!(stats.misfit_returns.is_empty(), "{:?}", stats.misfit_returns);
    assert!(api(&pipeline).contains("summary().bot_class().get() -> Response<RadarSummary>"), "{}", api(&pipeline));
}

#[test]
fn a_body_unrelated_calls_take_is_named_after_each_area_it_is_sent_in() {
    let with_body = |id: &str, method: &str, path: &str, body: &Value| {
        let parameters: Vec<Value> =
            path.split('/').filter_map(cloudflare_sdk_rules::template::whole_parameter).map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})).collect();
        endpoint(id, method, path, json!({"parameters": parameters, "request_body": {"content": {"application/json": {"schema": body}}}}))
    };
    // One prompt body for every text model: named after the model met first, it would be
    // another model's body at the others.
    let prompt = json!({"type": "object", "properties": {"prompt": {"type": "string"}, "max_tokens": {"type": "integer"}}});
    let named = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let pipeline = generate(&[
        with_body("run-phi-2", "post", "/accounts/{account_id}/ai/run/@cf/microsoft/phi-2", &prompt),
        with_body("run-llama", "post", "/accounts/{account_id}/ai/run/@cf/meta/llama-3-8b", &prompt),
        with_body("run-gemma", "post", "/accounts/{account_id}/ai/run/@cf/google/gemma-7b", &prompt),
        // A body whose name would have no word of its own: named after its call.
        with_body("update-queue", "put", "/accounts/{account_id}/queues/{queue_id}", &named),
        with_body("update-script", "put", "/accounts/{account_id}/workers/scripts/{script_id}", &named),
    ]);
    let places = &pipeline.lowered.shared_names.places;
    let body = |method: &str, path: &str| places.get(&format!("{method} {path} body")).unwrap_or_else(|| panic!("no body of {path} in {places:#?}")).clone();
    // Named after the shortest of its places' names, it fits the Llama run alone; the other
    // runs share one type named after what their paths share.
    assert_eq!(body("POST", "/accounts/{account_id}/ai/run/@cf/meta/llama-3-8b"), "MetaLlama38bBody");
    assert_eq!(body("POST", "/accounts/{account_id}/ai/run/@cf/microsoft/phi-2"), "AiRunCfBody");
    assert_eq!(body("POST", "/accounts/{account_id}/ai/run/@cf/google/gemma-7b"), "AiRunCfBody", "one type for the area's places");
    let queue = body("PUT", "/accounts/{account_id}/queues/{queue_id}");
    let script = body("PUT", "/accounts/{account_id}/workers/scripts/{script_id}");
    assert_ne!(queue, script, "apart: no name fits both");
    assert!(cloudflare_sdk_codegen::lower::names::fits(&queue, "/accounts/{account_id}/queues/{queue_id}"), "{queue}");
    assert!(cloudflare_sdk_codegen::lower::names::fits(&script, "/accounts/{account_id}/workers/scripts/{script_id}"), "{script}");
    let stats = cloudflare_sdk_codegen::lower::NameStats::of(&pipeline.lowered);
    assert_eq!(stats.bodies, 5);
    assert!(stats.misfit_bodies.is_empty(), "{:?}", stats.misfit_bodies);
}

/// Upstream gives one small shape to unrelated fields: an on/off switch named after the zone
/// setting met first (`SmartRoutingValue`) is a Gateway rule's `keyboard`, and the `{id, name}`
/// of an addressing service is a zone's `account`. A small shape whose name misses some of its
/// places is named after what it holds, which fits them all; where a call returns it whole
/// under a name that fits the call, that place keeps the name.
#[test]
fn a_small_shape_unrelated_fields_share_is_named_after_what_it_holds() {
    let on = answering;
    let switch = json!({"type": "string", "enum": ["on", "off"]});
    let reference = json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}});
    let setting = json!({"type": "object", "properties": {"id": {"type": "string"}, "value": switch}});
    let rule = json!({"type": "object", "properties": {"action": {"type": "string"}, "settings": {"type": "object", "properties": {"keyboard": switch, "printing": switch}}}});
    let zone = json!({"type": "object", "properties": {"name": {"type": "string"}, "account": reference, "tenant": reference}});
    // A larger shape inside answers keeps its name, measured only.
    let tunnel = json!({"type": "object", "properties": {"address": {"type": "string"}, "description": {"type": "string"}, "host": {"type": "string"}}});
    let policy = json!({"type": "object", "properties": {"exclude": {"type": "array", "items": tunnel}}});
    let pipeline = generate(&[
        on("get-smart-routing", "get", "/zones/{zone_id}/argo/smart_routing", setting),
        on("get-gateway-rule", "get", "/accounts/{account_id}/gateway/rules/{rule_id}", rule),
        on("list-services", "get", "/accounts/{account_id}/addressing/services", json!({"type": "array", "items": reference})),
        on("get-zone", "get", "/zones/{zone_id}", zone),
        on("list-split-tunnels", "get", "/accounts/{account_id}/devices/policy/exclude", json!({"type": "array", "items": tunnel})),
        on("get-policy", "get", "/accounts/{account_id}/devices/policy/{policy_id}", policy),
    ]);
    let places = &pipeline.lowered.shared_names.places;
    let at = |place: &str| places.get(place).unwrap_or_else(|| panic!("no {place} in {places:#?}")).as_str();
    assert_eq!(at("GET /zones/{zone_id}/argo/smart_routing result.value"), "OnOff");
    assert_eq!(at("GET /accounts/{account_id}/gateway/rules/{rule_id} result.settings.keyboard"), "OnOff", "one type wherever it is");
    assert_eq!(at("GET /zones/{zone_id} result.account"), "IdName");
    assert_eq!(at("GET /zones/{zone_id} result.tenant"), "IdName");
    let service = at("GET /accounts/{account_id}/addressing/services result[]");
    assert_ne!(service, "IdName", "the list keeps a name that fits its call");
    assert!(cloudflare_sdk_codegen::lower::names::fits(service, "/accounts/{account_id}/addressing/services"), "{service}");
    let tunnel = at("GET /accounts/{account_id}/devices/policy/exclude result[]");
    assert_eq!(at("GET /accounts/{account_id}/devices/policy/{policy_id} result.exclude[]"), tunnel, "three fields: not named by what it holds");
    assert!(api(&pipeline).contains("  account: Option<IdName>\n"), "{}", api(&pipeline));
    // From the names it records, the next run names every place the same.
    let recorded = cloudflare_sdk_codegen::lower::Recorded { types: pipeline.lowered.shared_names.clone(), calls: pipeline.lowered.calls.clone(), features: pipeline.lowered.features.clone() };
    let again = cloudflare_sdk_codegen::lower::lower(&pipeline.spec, &recorded).unwrap();
    assert_eq!(&again.shared_names.places, places);
}

#[test]
fn stats_count_the_types_one_group_uses_and_those_several_share() {
    let answer = |result: Value| json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result)}}}}});
    let owner = json!({"type": "object", "properties": {"id": {"type": "string"}, "email": {"type": "string"}}});
    let zone = json!({"type": "object", "properties": {"name": {"type": "string"}, "owner": owner}});
    let bucket = json!({"type": "object", "properties": {"size": {"type": "integer"}, "owner": owner}});
    let mut get_zone = endpoint("get-zone", "get", "/zones/{zone_id}", answer(zone));
    get_zone["tag"] = json!("Zone");
    get_zone["parameters"] = json!([{"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let mut get_bucket = endpoint("get-bucket", "get", "/accounts/{account_id}/r2/buckets/{bucket_name}", answer(bucket));
    get_bucket["tag"] = json!("R2 Bucket");
    get_bucket["parameters"] =
        json!([{"name": "account_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "bucket_name", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let pipeline = generate(&[get_zone, get_bucket]);
    let groups: Vec<&str> = ["get-zone", "get-bucket"].iter().map(|id| operation(&pipeline, id).feature.as_str()).collect();
    assert_ne!(groups[0], groups[1], "two groups");
    let stats = cloudflare_sdk_codegen::lower::NameStats::of(&pipeline.lowered);
    let owner_type = pipeline.lowered.shared_names.places["GET /zones/{zone_id} result.owner"].clone();
    assert_eq!(stats.shared_types, [(owner_type, 2)].into(), "the owner, which both answers hold");
    assert_eq!(stats.own_types_by_group, [(groups[0].to_string(), 1), (groups[1].to_string(), 1)].into(), "each answer its group's own");
}

#[test]
fn a_shape_answers_and_requests_both_hold_is_named_without_a_calls_verb_and_side() {
    let path = "/zones/{zone_id}/dns_records/{dns_record_id}";
    let parameters =
        json!([{"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "dns_record_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let record = json!({"type": "object", "properties": {
        "data": {"type": "object", "properties": {"lat_direction": {"type": "string", "enum": ["N", "S"]}, "altitude": {"type": "number"}}},
        // The word is the field's own: it may stay.
        "request_body_buffering": {"type": "string", "enum": ["none", "standard"]},
        "owner": {"type": "object", "properties": {"id": {"type": "string"}}},
        "name": {"type": "string"},
    }});
    // The update is met first, so its body would name what both hold.
    let pipeline = generate(&[
        endpoint("update-record", "put", path, json!({"parameters": parameters, "request_body": {"content": {"application/json": {"schema": record.clone()}}}})),
        endpoint("get-record", "get", path, json!({"parameters": parameters, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(record)}}}}})),
    ]);
    let places = &pipeline.lowered.shared_names.places;
    let at = |place: &str| places.get(place).unwrap_or_else(|| panic!("no {place} in {places:#?}")).as_str();
    assert_eq!(at(&format!("PUT {path} body.data.lat_direction")), "DnsRecordDataLatDirection");
    assert_eq!(at(&format!("GET {path} result.data.lat_direction")), "DnsRecordDataLatDirection");
    assert_eq!(at(&format!("PUT {path} body.request_body_buffering")), "DnsRecordRequestBodyBuffering");
    assert_eq!(at(&format!("PUT {path} body.owner")), "IdRef", "an object holding only an identifier refers to something");
    let stats = cloudflare_sdk_codegen::lower::NameStats::of(&pipeline.lowered);
    assert!(stats.answers_named_as_bodies.is_empty(), "{:?}", stats.answers_named_as_bodies);
    assert!(stats.requests_named_as_results.is_empty(), "{:?}", stats.requests_named_as_results);
}

#[test]
fn a_field_named_after_its_parent_does_not_say_the_parents_name_twice() {
    let deployment = json!({"type": "object", "x-schema-name": "pages_deployment", "properties": {
        "id": {"type": "string"},
        "deployment_trigger": {"type": "object", "properties": {"type": {"type": "string", "enum": ["push", "ad_hoc"]}, "branch": {"type": "string"}}},
    }});
    let parameters = json!([{"name": "account_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let path = "/accounts/{account_id}/pages/deployments";
    let pipeline = generate(&[endpoint(
        "list-deployments",
        "get",
        path,
        json!({"parameters": parameters, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": envelope(json!({"type": "array", "items": deployment}))}}}}}),
    )]);
    let places = &pipeline.lowered.shared_names.places;
    assert_eq!(places[&format!("GET {path} result[]")], "Deployment");
    assert_eq!(places[&format!("GET {path} result[].deployment_trigger")], "DeploymentTrigger");
    assert_eq!(places[&format!("GET {path} result[].deployment_trigger.type")], "DeploymentTriggerType");
}

#[test]
fn a_patch_body_requires_only_its_unions_tag_where_upstream_gives_it_the_create_bodys_schema() {
    let path = "/zones/{zone_id}/dns_records";
    let item = "/zones/{zone_id}/dns_records/{dns_record_id}";
    let zone = json!({"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}});
    let record = json!({"name": "dns_record_id", "in": "path", "required": true, "schema": {"type": "string"}});
    let kind = |value: &str| json!({"type": "object", "required": ["type", "name", "ttl"], "properties": {"type": {"type": "string", "enum": [value]}, "name": {"type": "string"}, "ttl": {"type": "integer"}}});
    let body = json!({"request_body": {"required": true, "content": {"application/json": {"schema": {"oneOf": [kind("A"), kind("MX")]}}}}});
    let with = |parameters: Value| {
        let mut extra = body.clone();
        extra["parameters"] = parameters;
        extra
    };
    let pipeline = generate(&[endpoint("create-record", "post", path, with(json!([zone]))), endpoint("edit-record", "patch", item, with(json!([zone, record])))]);
    let text = api(&pipeline);
    assert!(text.contains("struct DnsRecordCreateBodyA\n  name: String\n  ttl: i64\n  type_: "), "{text}");
    assert!(text.contains("struct DnsRecordEditBodyA\n  name: Option<String>\n  ttl: Option<i64>\n  type_: "), "{text}");
    assert!(!text.contains("struct DnsRecordEditBodyA\n  name: Option<String>\n  ttl: Option<i64>\n  type_: Option<"), "the tag stays required: {text}");
}

#[test]
fn a_shape_two_groups_reach_is_shared_with_what_it_holds_and_the_rest_stays_with_its_group() {
    let retention = json!({"type": "object", "properties": {"days": {"type": "integer"}, "mode": {"type": "string"}}});
    let settings = json!({"type": "object", "properties": {"paused": {"type": "boolean"}, "retention": retention}});
    let queue = json!({"type": "object", "properties": {"id": {"type": "string"}, "queue_name": {"type": "string"}, "settings": settings, "consumers": {"type": "array", "items": {"type": "object", "properties": {"script": {"type": "string"}, "batch": {"type": "integer"}}}}}});
    let pipeline = json!({"type": "object", "properties": {"id": {"type": "string"}, "pipeline_name": {"type": "string"}, "settings": settings}});
    let answer = |result: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": envelope(result)}}}});
    let endpoints = [
        endpoint("queue-get", "get", "/queues", json!({"tag": "Queue", "responses": answer(queue)})),
        endpoint("pipeline-get", "get", "/pipelines", json!({"tag": "Pipelines", "responses": answer(pipeline)})),
    ];
    let dir = tempfile::tempdir().unwrap();
    for value in &endpoints {
        let endpoint: spec::Endpoint = serde_json::from_value(value.clone()).unwrap();
        let path = dir.path().join(endpoint.relative_path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, spec::canonical_yaml(&endpoint).unwrap()).unwrap();
    }
    let in_parts = cloudflare_sdk_codegen::run_in_parts(dir.path(), &TagFilter::All, &Default::default(), Snapshot::Render).unwrap();
    let placement = &in_parts.placement;
    let own = |group: &str| placement.own[group].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(placement.shared.iter().map(String::as_str).collect::<Vec<_>>(), ["QueueSettings", "SettingsRetention"]);
    assert_eq!(own("queues"), ["Queue", "QueueConsumersItem"]);
    assert_eq!(own("pipelines"), ["Pipeline"]);
    assert_eq!(in_parts.parts.api, generate(&endpoints).generated.api, "the parts' snapshot is the whole's");
    assert!(in_parts.parts.shared.code.contains("pub struct SettingsRetention"));
    for generated in in_parts.parts.groups.values() {
        assert!(!generated.code.contains("pub struct QueueSettings"), "a group defines a shared type");
    }
}

#[test]
fn a_type_only_an_answers_error_list_holds_is_not_generated() {
    // Upstream's pay-per-crawl answers describe their `errors` with a recursive message; the
    // runtime reads every failure into one error type, so no call reaches that message.
    let message = json!({"type": "object", "properties": {"code": {"type": "integer"}, "error_chain": {"type": "array", "items": {"$ref": "#/definitions/message"}}}});
    let body =
        json!({"allOf": [envelope(json!({"type": "object", "properties": {"id": {"type": "string"}}})), {"properties": {"errors": {"type": "array", "items": {"$ref": "#/definitions/message"}}}}]});
    let extra = json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}}}, "definitions": {"message": message}});
    let pipeline = generate(&[endpoint("quirk-crawler", "get", "/crawler", extra)]);
    let types: Vec<&String> = pipeline.lowered.openapi.components.as_ref().unwrap().schemas.keys().collect();
    assert_eq!(types, ["Crawler"], "only what the call returns");
    assert!(!api(&pipeline).contains("error_chain"), "{}", api(&pipeline));
}

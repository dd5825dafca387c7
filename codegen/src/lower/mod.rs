//! Lowering: normalized endpoints -> one `openapiv3::OpenAPI` for progenitor, plus what
//! progenitor does not model (the envelope, metadata) for the generation step.
//!
//! Every response of every operation becomes one `default` response of an opaque media type,
//! so progenitor hands back status, headers and body untouched; the generated wrapper then
//! decodes the envelope with the types produced here. This is what keeps Cloudflare's error
//! codes (progenitor would decode the `4xx` schema, an `allOf` of the success and failure
//! envelopes, as the success type) and the raw body of a failure that is not JSON.

pub mod body;
pub mod body_stats;
pub mod docs;
mod envelope;
pub mod features;
pub mod form;
pub mod name_stats;
pub mod names;
pub mod placement;
pub mod schema;
pub mod shapes;
pub mod tagged;
pub mod tree;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

pub use body_stats::BodyFieldStats;
pub use envelope::{is_json, success_body, SuccessBody};
pub use features::Features;
pub use name_stats::NameStats;
use schema::Direction;
use shapes::Shapes;
pub use shapes::{Sharing, TypeNames};
pub use tree::{Call, CallNames};

/// What earlier runs recorded, so that names never move: the type of each shape
/// (`generated/type-names.yaml`), the call of each operation (`generated/calls.txt`) and the
/// feature of each tag (`generated/features.txt`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub types: TypeNames,
    pub calls: CallNames,
    pub features: Features,
}

use crate::error::{Error, Result};
use crate::spec::{Endpoint, Method, PlanAvailability, Spec};

/// The lowered spec: the document progenitor reads and one [`Operation`] per endpoint, in the
/// same order as the spec.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    pub openapi: openapiv3::OpenAPI,
    pub operations: Vec<Operation>,
    /// The name of every shape as this run assigned it, for `generated/type-names.yaml`.
    pub shared_names: TypeNames,
    /// The call of every operation as this run placed it, for `generated/calls.txt`.
    pub calls: CallNames,
    /// The feature of every tag, for `generated/features.txt` and `Cargo.toml`.
    pub features: Features,
    /// The discriminated unions among the components, which generation makes tagged enums.
    pub tagged_unions: Vec<tagged::TaggedUnion>,
}

/// What the generation step needs to know about an operation besides the OpenAPI document.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// Where it sits in the resource tree: `zone(zone_id).dns_records().list()`.
    pub call: Call,
    /// Progenitor's operation id (the name of its flat client method, which generation takes
    /// out): the call's steps joined (`zone_dns_records_list`); the builder is its Pascal case.
    pub method_name: String,
    pub method: Method,
    /// The path as the spec gives it (upstream parameter names).
    pub path: String,
    /// The path with canonical parameter names ([`tree::canonical_parameters`]).
    pub canonical_path: String,
    /// Upstream path parameter name -> canonical name, in path order.
    pub path_parameters: Vec<(String, String)>,
    pub tag: String,
    pub tag_slug: String,
    /// The Cargo feature that enables it ([`features`]).
    pub feature: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// What Cloudflare says of the deprecation: what to use instead, when it ends.
    pub deprecation_note: Option<String>,
    /// `beta` or `internal`; `None` for a stable operation.
    pub stability: Option<String>,
    pub plan_availability: Option<PlanAvailability>,
    pub required_permissions: Vec<String>,
    /// The API token permission groups that allow the operation (`DNS Write`).
    pub token_groups: Vec<String>,
    /// Alternatives of scheme names, as in the spec.
    pub security: Vec<Vec<String>>,
    /// The real media type of a request body sent as raw bytes (multipart, scripts, ...) or
    /// of a JSON flavour (`application/scim+json`); the runtime sets it as the `Content-Type`.
    pub request_media_type: Option<String>,
    /// The typed form of a `multipart/form-data` body ([`form`]).
    pub form: Option<form::Form>,
    /// Server-sent events the success answer may be instead (`text/event-stream`).
    pub events: Option<Events>,
    /// A JSON body the spec requires but does not describe (upstream has them on DELETEs):
    /// the runtime sends `{}`, the smallest body that satisfies it.
    pub empty_json_body: bool,
    /// Path parameters (canonical names) declared `allowReserved`: their values may hold `/`
    /// and are sent as several segments (`path::segments`).
    pub reserved_path_parameters: Vec<String>,
    /// The `Accept` header: `application/json`, or the declared media types of a success
    /// answer that is not JSON (CSV, scripts, ...).
    pub accept: String,
    pub output: Output,
    /// How the list is paged, for list operations that declare `result_info` and take a
    /// `page`, `cursor` or `offset` query parameter.
    pub pagination: Option<Pagination>,
    /// The property holding the items when the paged result (or bare answer) is an object
    /// with one list (Radar's `{"asns": [...], "meta": {..}}`); `None` when it is the list.
    pub list_field: Option<String>,
}

/// An answer offered as server-sent events: the type of each event's data, and whether the
/// request body has a `stream` flag that asks for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Events {
    pub item: RustType,
    pub stream_flag: bool,
}

pub use cloudflare_sdk_rules::Pagination;

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The envelope's `result`, of this type; `paginated` when the envelope has `result_info`.
    Envelope { result: RustType, paginated: bool },
    /// A bare JSON body of this type.
    Json(RustType),
    /// Raw bytes.
    Bytes,
    /// Nothing.
    Empty,
}

impl Output {
    /// Replaces placeholder references in `Named` types by the names of the shapes.
    fn name_types(&mut self, naming: &shapes::Naming) {
        if let Output::Envelope { result: ty, .. } | Output::Json(ty) = self {
            ty.name_types(naming);
        }
    }
}

impl RustType {
    fn name_types(&mut self, naming: &shapes::Naming) {
        match self {
            RustType::Named(reference) => {
                let name = naming.name_of(reference).map(str::to_string).unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_string());
                *reference = name;
            }
            RustType::Vec(inner) | RustType::Map(inner) | RustType::Option(inner) => inner.name_types(naming),
            _ => {}
        }
    }
}

/// The Rust type of a response value, in terms of the generated `types` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `types::<name>`, generated by typify from `components.schemas.<name>`.
    Named(String),
    Vec(Box<RustType>),
    /// A JSON object of any keys: `HashMap<String, _>`.
    Map(Box<RustType>),
    Option(Box<RustType>),
    String,
    Bool,
    Integer,
    Number,
    /// Any JSON value.
    Json,
    /// `result: null` by design (`()` in Rust).
    Unit,
}

/// The media type given to progenitor for every response: not JSON, so it returns the body as
/// a byte stream for every status.
pub const OPAQUE_MEDIA_TYPE: &str = "*/*";

/// Lowers `spec`; shapes and calls take the names `recorded` gives them.
pub fn lower(spec: &Spec, recorded: &Recorded) -> Result<Lowered> {
    lower_with(spec, recorded, Sharing::On)
}

/// [`lower`], choosing whether identical shapes are shared.
///
/// A shape a call returns is named to fit the call ([`names::fits`]); where a naming gives a
/// shape a name that does not fit some calls returning it (and is not the name recorded there),
/// the next one tells the shape apart there, one type per area of the API ([`Shapes::apart`]),
/// until no new place is found (telling shapes apart renames what is left of them). From the
/// records a run writes, the next run needs one naming.
pub fn lower_with(spec: &Spec, recorded: &Recorded, sharing: Sharing) -> Result<Lowered> {
    const NAMINGS: usize = 4;
    let mut apart = BTreeMap::new();
    let mut held = std::collections::BTreeSet::new();
    let mut round = 1;
    loop {
        let (lowered, misfits) = lower_once(spec, recorded, sharing, apart.clone(), held.clone())?;
        if (misfits.places.is_empty() && misfits.held.is_empty()) || round == NAMINGS {
            return Ok(lowered.without_unreached());
        }
        apart.extend(misfits.places);
        held.extend(misfits.held);
        round += 1;
    }
}

/// One lowering, the shape returned at each of `apart`'s places told apart by its area; with
/// the places whose returned type's name does not fit their call.
fn lower_once(spec: &Spec, recorded: &Recorded, sharing: Sharing, apart: BTreeMap<String, String>, held: std::collections::BTreeSet<u64>) -> Result<(Lowered, Misfits)> {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut shapes = Shapes::with_sharing(recorded.types.clone(), sharing).apart(apart).held(held);
    let mut operations = Vec::with_capacity(spec.endpoints.len());

    let placed = place_endpoints(spec, &recorded.calls)?;
    let mut method_names = BTreeMap::new();
    for (endpoint, placed) in spec.endpoints.iter().zip(&placed) {
        let (operation, path_item) = lower_endpoint(endpoint, placed, &mut shapes)?;
        if let Some(other) = method_names.insert(operation.method_name.clone(), operation.operation_id.clone()) {
            return Err(Error::Generate { operation: operation.operation_id, message: format!("its method name `{}` is also the method name of `{other}`", operation.method_name) });
        }
        paths.entry(operation.canonical_path.clone()).or_default().insert(endpoint.method.as_str().to_string(), path_item);
        operations.push(operation);
    }
    let calls = CallNames { calls: operations.iter().map(|o| (tree::route_key(o.method, &o.canonical_path), o.call.clone())).collect() };
    let features = Features::assign(&spec.endpoints, &recorded.features);
    for operation in &mut operations {
        operation.feature = features.tags[&operation.tag_slug].clone();
    }

    let (mut components, naming) = shapes.finish();
    let tagged_unions = tagged::collect(&mut components);
    for operation in &mut operations {
        operation.output.name_types(&naming);
        if let Some(events) = &mut operation.events {
            events.item.name_types(&naming);
        }
        for part in operation.form.iter_mut().flat_map(|f| &mut f.parts) {
            if let form::PartKind::Json(ty) | form::PartKind::Text(ty) = &mut part.kind {
                ty.name_types(&naming);
            }
        }
    }
    let shared_names = naming.recorded();
    let mut document = naming.rewrite(json!({
        "openapi": "3.0.3",
        "info": {"title": "Cloudflare API", "version": "4"},
        "paths": paths,
        "components": {"schemas": components},
    }));
    docs::make_descriptions_safe(&mut document);
    let openapi = serde_json::from_value(document).map_err(|err| Error::Generate { operation: "(the lowered document)".into(), message: format!("not a valid OpenAPI document: {err}") })?;
    let misfits = Misfits { places: naming.misfits, held: naming.held };
    Ok((Lowered { openapi, operations, shared_names, calls, features, tagged_unions }, misfits))
}

/// What one naming found misfit, for the next ([`lower_with`]).
struct Misfits {
    /// Places to tell a shape apart at, by area ([`shapes::Naming::misfits`]).
    places: BTreeMap<String, String>,
    /// Small shapes to name after what they hold ([`shapes::Naming::held`]).
    held: std::collections::BTreeSet<u64>,
}

/// Places every endpoint in the resource tree ([`tree`]). Two endpoints with the same method
/// and path (parameter names aside) are one operation twice: an error naming both.
fn place_endpoints(spec: &Spec, recorded: &CallNames) -> Result<Vec<tree::Placed>> {
    let returns_list: Vec<bool> = spec.endpoints.iter().map(returns_list).collect();
    let routes: Vec<tree::Route> = spec.endpoints.iter().zip(&returns_list).map(|(e, &returns_list)| tree::Route { method: e.method, path: &e.path, returns_list }).collect();
    let placed = tree::place(&routes, recorded);
    let mut seen = BTreeMap::new();
    for (endpoint, placed) in spec.endpoints.iter().zip(&placed) {
        if let Some(other) = seen.insert(tree::route_key(endpoint.method, &placed.path), &endpoint.operation_id) {
            return Err(Error::Generate { operation: endpoint.operation_id.clone(), message: format!("`{} {}` is also the method and path of `{other}`", endpoint.method, placed.path) });
        }
    }
    Ok(placed)
}

/// Whether the success answer is a list (its envelope's `result`, or the bare body).
fn returns_list(endpoint: &Endpoint) -> bool {
    let Some(content) = cloudflare_sdk_rules::status::success(&endpoint.responses).map(|(_, r)| &r.content) else { return false };
    let schema = match envelope::success_body(content) {
        SuccessBody::Envelope { result: Some(schema), .. } | SuccessBody::Json(schema) => schema,
        _ => return false,
    };
    schema::simplify(&schema, Direction::Response).get("type").and_then(Value::as_str) == Some("array")
}

/// Lowers one endpoint: its metadata and output type, and its OpenAPI operation. The shapes
/// it uses are added to `shapes`.
fn lower_endpoint(endpoint: &Endpoint, placed: &tree::Placed, shapes: &mut Shapes) -> Result<(Operation, Value)> {
    let method_name = placed.call.flat_name();
    // Where the operation's shapes are used, for the record of their names.
    let route = tree::route_key(endpoint.method, &placed.path);
    // Types without a name of their own are named after what the call acts on: the result of
    // `zone(..).dns_records().get()` is `DnsRecord`, the body of `create()` `DnsRecordCreateBody`.
    let call = &placed.call;
    let reads = matches!(call.verb().name.as_str(), "get" | "list");
    let result_names = if reads { call.type_names("") } else { call.type_names(&format!("{}Result", call.verb_pascal())) };
    let body_names = call.type_names(&format!("{}Body", call.verb_pascal()));
    if !call.handles().is_empty() {
        let neutral = call.type_names("");
        shapes.name_sides(&body_names, &neutral);
        if !reads {
            shapes.name_sides(&result_names, &neutral);
        }
    }
    // Local definitions (recursive schemas) become components of their own.
    let definition = |name: &str| definition_component(&method_name, name);
    let rewrite = |reference: &str| match reference.strip_prefix("#/definitions/") {
        Some(name) => format!("#/components/schemas/{}", definition(name)),
        None => reference.to_string(),
    };
    let simplify = |schema: &Value, direction: Direction| schema::simplify_with(schema, direction, &rewrite);
    for (name, schema) in &endpoint.definitions {
        shapes.hoist_as(&simplify(schema, Direction::Response), &definition(name));
    }

    let success_content = cloudflare_sdk_rules::status::success(&endpoint.responses).map(|(_, response)| &response.content);
    let success = success_content.map(envelope::success_body).unwrap_or(SuccessBody::Empty);
    let accept = match (&success, success_content) {
        // Upstream has a few media types that are not ones (`undefined`, `string`).
        (SuccessBody::Bytes, Some(content)) => match content.keys().filter(|m| m.contains('/')).cloned().collect::<Vec<_>>() {
            media if media.is_empty() => "*/*".to_string(),
            media => media.join(", "),
        },
        // A JSON flavour (`application/scim+json`) is asked for by its name, unless plain
        // JSON is offered too.
        (_, Some(content)) if !content.keys().any(|m| body::essence(m) == "application/json") => content.keys().find(|m| is_json(m)).map_or("application/json", |m| body::essence(m)).to_string(),
        _ => "application/json".to_string(),
    };
    let list_field = match &success {
        SuccessBody::Envelope { result: Some(schema), .. } | SuccessBody::Json(schema) => only_list_property(&simplify(schema, Direction::Response)),
        _ => None,
    };

    let output = match success {
        SuccessBody::Envelope { result, paginated } => {
            let result = match result {
                // Nothing to read: the answer says only that it succeeded.
                Some(schema) if schema::holds_nothing(&schema) => RustType::Unit,
                Some(schema) => rust_type(&simplify(&schema, Direction::Response), &result_names, shapes, &format!("{route} result")),
                None => RustType::Unit,
            };
            Output::Envelope { result, paginated }
        }
        SuccessBody::Json(schema) => Output::Json(rust_type(&simplify(&schema, Direction::Response), &result_names, shapes, &format!("{route} result"))),
        SuccessBody::Bytes => Output::Bytes,
        SuccessBody::Empty => Output::Empty,
    };

    let json_bodies = || endpoint.request_body.iter().flat_map(|b| b.content.iter()).filter(|(media, _)| is_json(media)).filter_map(|(_, content)| content.schema.as_ref());
    let declared_events = success_content.and_then(|content| content.iter().find(|(media, _)| body::essence(media) == EVENT_STREAM)).map(|(_, events)| {
        let item = match &events.schema {
            Some(schema) => rust_type(&simplify(schema, Direction::Response), &call.type_names("Event"), shapes, &format!("{route} event")),
            None => RustType::Json,
        };
        Events { item, stream_flag: json_bodies().any(has_stream_flag) }
    });
    // A body whose `stream` flag says the answer then comes as server-sent events streams
    // them, whatever media types the answers list: the events are JSON the spec leaves untyped.
    let events = declared_events.or_else(|| json_bodies().any(has_stream_flag_for_events).then_some(Events { item: RustType::Json, stream_flag: true }));

    let parameters = lower_parameters(endpoint, &placed.parameters, call, shapes, &route);

    let mut operation = json!({
        "operationId": method_name,
        "tags": [endpoint.tag],
        "parameters": parameters,
        "responses": {"default": {"description": "any response", "content": {OPAQUE_MEDIA_TYPE: {}}}},
    });
    if let Some(text) = endpoint.description.as_ref().or(endpoint.summary.as_ref()) {
        operation["description"] = json!(text);
    }
    let mut request_media_type = None;
    let mut typed_form = None;
    if let Some(body) = endpoint.request_body.as_ref().filter(|b| !is_untyped_json(b)) {
        let (media, content) = body::choose(&body.content).ok_or_else(|| Error::Generate { operation: endpoint.operation_id.clone(), message: "the request body declares no media type".into() })?;
        let lowered = match body::kind(media) {
            body::Kind::Json | body::Kind::Form => {
                // Progenitor sends JSON as `application/json`; a flavour of it (SCIM) goes out
                // under its own name.
                if body::kind(media) == body::Kind::Json && body::essence(media) != "application/json" {
                    request_media_type = Some(body::essence(media).to_string());
                }
                let schema = content.schema.as_ref().map(|s| simplify(s, Direction::Request)).unwrap_or_else(|| json!({}));
                let schema = if endpoint.method == Method::Patch { body::patch_fields_optional(&schema) } else { schema };
                // Progenitor requires every body; an optional body of a struct type is its
                // default (empty) value unless set.
                let schema = shapes.hoist_named(&schema, &body_names, &format!("{route} body"));
                json!({"required": true, "content": {body::progenitor_media_type(media): {"schema": schema}}})
            }
            body::Kind::Raw => {
                request_media_type = Some(media.clone());
                if body::essence(media) == "multipart/form-data" {
                    let verb = call.verb_pascal();
                    typed_form = form::lower(content, &mut |schema, part| {
                        let names = call.type_names(&format!("{verb}Form{}", names::pascal(part)));
                        rust_type(&simplify(schema, Direction::Request), &names, shapes, &format!("{route} form {part}"))
                    });
                }
                json!({"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})
            }
        };
        operation["requestBody"] = lowered;
    }

    let meta = Operation {
        operation_id: endpoint.operation_id.clone(),
        call: placed.call.clone(),
        method_name,
        method: endpoint.method,
        path: endpoint.path.clone(),
        canonical_path: placed.path.clone(),
        path_parameters: placed.parameters.clone(),
        tag: endpoint.tag.clone(),
        tag_slug: endpoint.tag_slug(),
        feature: String::new(),
        summary: endpoint.summary.clone(),
        description: endpoint.description.clone(),
        deprecated: endpoint.deprecated || endpoint.deprecation.is_some() || endpoint.deprecation_message.is_some(),
        deprecation_note: endpoint.deprecation_message.clone().or_else(|| endpoint.deprecation.as_ref().and_then(|d| d.get("description")).and_then(Value::as_str).map(str::to_string)),
        stability: endpoint.stability.clone(),
        plan_availability: endpoint.plan_availability,
        required_permissions: endpoint.required_permissions.clone(),
        token_groups: endpoint.token_groups.clone(),
        security: endpoint.security.iter().map(|alt| alt.keys().cloned().collect()).collect(),
        request_media_type,
        form: typed_form,
        events,
        empty_json_body: endpoint.request_body.as_ref().is_some_and(|b| b.required && is_untyped_json(b)),
        reserved_path_parameters: builder_parameters(endpoint, &placed.parameters)
            .into_iter()
            .filter(|(p, _)| p.allow_reserved && p.location == crate::spec::ParameterLocation::Path)
            .map(|(_, name)| names::snake(&name))
            .chain(placed.slashes_kept.clone())
            .collect(),
        accept,
        pagination: pagination(endpoint, &output, list_field.is_some()),
        list_field,
        output,
    };
    Ok((meta, operation))
}

/// The media type of server-sent events.
pub const EVENT_STREAM: &str = "text/event-stream";

/// Whether a body schema, or a branch of it, has a boolean `stream` property: the flag that
/// asks for server-sent events.
fn has_stream_flag(schema: &Value) -> bool {
    let own = schema.get("properties").and_then(|p| p.get("stream")).is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("boolean"));
    own || ["anyOf", "oneOf", "allOf"].iter().any(|k| schema.get(k).and_then(Value::as_array).is_some_and(|branches| branches.iter().any(has_stream_flag)))
}

/// Whether a body schema, or a branch of it, has a [stream flag](has_stream_flag) whose
/// description says the answer then comes as server-sent events (`SSE`, `Server Sent Events`,
/// `text/event-stream`).
fn has_stream_flag_for_events(schema: &Value) -> bool {
    let says_events = |flag: &Value| {
        let text = flag.get("description").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase().replace('-', " ");
        text.contains("server sent events") || text.contains("event stream") || text.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| word == "sse")
    };
    let own = schema.get("properties").and_then(|p| p.get("stream")).is_some_and(|flag| flag.get("type").and_then(Value::as_str) == Some("boolean") && says_events(flag));
    own || ["anyOf", "oneOf", "allOf"].iter().any(|k| schema.get(k).and_then(Value::as_array).is_some_and(|branches| branches.iter().any(has_stream_flag_for_events)))
}

/// The component a local definition (`#/definitions/<name>`) of an operation becomes: its
/// owner's name and its own, in Pascal case (`ThingsGet` + `node` -> `ThingsGetNode`).
pub fn definition_component(owner: &str, name: &str) -> String {
    format!("{}{}", names::pascal(owner), names::pascal(name))
}

/// A JSON body declared without a schema (upstream has them on many DELETEs, which take no
/// body) has nothing to type: it is left out rather than made a required `Value`.
pub(crate) fn is_untyped_json(body: &crate::spec::RequestBody) -> bool {
    !body.content.is_empty() && body.content.iter().all(|(media, content)| is_json(media) && content.schema.is_none())
}

fn pagination(endpoint: &Endpoint, output: &Output, holds_one_list: bool) -> Option<Pagination> {
    // A list in an envelope. Pages by number or cursor need `result_info` to say where the
    // next one is; an offset is known from the items sent, and a walk by offset ends on an
    // empty or repeated page without it, so it also walks a bare list, and an object (in the
    // envelope or bare) whose one list holds the items.
    let (enveloped_list, paginated) = match output {
        Output::Envelope { result: RustType::Vec(_), paginated } => (true, *paginated),
        Output::Json(RustType::Vec(_)) => (false, false),
        Output::Envelope { result: RustType::Named(_), .. } | Output::Json(RustType::Named(_)) if holds_one_list => (false, false),
        _ => return None,
    };
    // The parameter must be of the kind the walk passes: a page number, a cursor string.
    let query = |name: &str, kinds: &[&str]| {
        endpoint.parameters.iter().any(|p| {
            let simple = schema::simplify_named(&p.schema, Direction::Request, &p.name);
            p.location == crate::spec::ParameterLocation::Query && p.name == name && simple.get("type").and_then(Value::as_str).is_some_and(|t| kinds.contains(&t))
        })
    };
    if enveloped_list && paginated && query("page", &["integer"]) {
        Some(Pagination::Page)
    } else if enveloped_list && paginated && query("cursor", &["string"]) {
        Some(Pagination::Cursor)
    } else if query("offset", &["integer"]) {
        Some(Pagination::Offset)
    } else {
        None
    }
}

/// The name of the one list property of an object schema, if it has exactly one.
fn only_list_property(schema: &Value) -> Option<String> {
    let properties = schema.get("properties")?.as_object()?;
    let mut lists = properties.iter().filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("array"));
    let (name, _) = lists.next()?;
    lists.next().is_none().then(|| name.clone())
}

/// The parameters an operation's builder has, in path, query, header order, each with its
/// name there (canonical for path parameters, as `renamed` says: the tree's
/// [`tree::Placed::parameters`]; the setter is its [`names::snake`]). The one place that
/// decides which parameters a builder has: the lowering and the conformance driver both read
/// it.
pub fn builder_parameters<'a>(endpoint: &'a Endpoint, renamed: &[(String, String)]) -> Vec<(&'a crate::spec::Parameter, String)> {
    use crate::spec::ParameterLocation::{Header, Path, Query};
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for location in [Path, Query, Header] {
        for p in endpoint.parameters.iter().filter(|p| p.location == location) {
            let name = match location {
                Path => renamed.iter().find(|(upstream, _)| *upstream == p.name).map(|(_, canonical)| canonical.clone()).unwrap_or_else(|| p.name.clone()),
                _ => p.name.clone(),
            };
            // Kept out, as [`lower_parameters`] says; a path parameter holds its upstream
            // name too, which a query parameter repeating it has.
            if seen.insert(names::snake(&name)) && (location == Path || !seen.contains(&format!("upstream:{}", names::snake(&p.name)))) {
                if location == Path {
                    seen.insert(format!("upstream:{}", names::snake(&p.name)));
                }
                out.push((p, name));
            }
        }
    }
    out
}

/// The operation's parameters for progenitor.
///
/// - Progenitor gives each parameter a Rust name; when two share one (upstream repeats path
///   parameters as query parameters of the same name), the first in path, query, header order
///   is kept: the value goes in the path either way.
/// - Parameter values are sent as text; a parameter declared as an object is text in Rust too.
///   A path parameter is always text: it is one URL segment, given positionally in the tree
///   (`get(id)` takes anything `Display`); its allowed values stay in its docs.
/// - Path parameters take their canonical names ([`tree::canonical_parameters`]), so an
///   upstream rename changes no setter.
/// - A parameter is never `nullable`: leaving it out is how it is absent.
///   A parameter of enum values is a type named after the parameter (`Format`, or
///   `DnsRecordFormat` where another `Format` differs), shared by every operation that has it.
fn lower_parameters(endpoint: &Endpoint, renamed: &[(String, String)], call: &Call, shapes: &mut Shapes, route: &str) -> Vec<Value> {
    use crate::spec::ParameterLocation::Path;
    let mut out = Vec::new();
    for (p, name) in builder_parameters(endpoint, renamed) {
        let location = p.location;
        {
            let mut schema = schema::simplify_named(&p.schema, Direction::Request, &p.name);
            // An absent parameter is one not given; a path segment cannot be `null` anyway.
            if let Value::Object(m) = &mut schema {
                m.remove("nullable");
            }
            if location == Path || matches!(schema.get("type").and_then(Value::as_str), Some("object") | None) {
                let mut text = json!({"type": "string"});
                let mut description = schema.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
                if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                    let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect();
                    description = format!("{description}\n\nOne of: {}.", values.join(", ")).trim_start().to_string();
                }
                if !description.is_empty() {
                    text["description"] = json!(description);
                }
                schema = text;
            }
            let named = |suffix: &str| {
                let own = names::pascal(&format!("{name}{suffix}"));
                std::iter::once(own.clone()).chain(call.type_names(&own)).collect::<Vec<_>>()
            };
            let place = format!("{route} parameter {name}");
            if shapes::is_named_shape(&schema) {
                schema = shapes.hoist_named(&schema, &named(""), &place);
            } else if let Some(items) = schema.get("items").filter(|i| shapes::is_named_shape(i)).cloned() {
                schema["items"] = shapes.hoist_named(&items, &named(""), &format!("{place}[]"));
            }
            let mut parameter = json!({
                "name": name,
                "in": p.location.as_str(),
                "required": p.required,
                "schema": schema,
            });
            if let Some(description) = &p.description {
                parameter["description"] = json!(description);
            }
            out.push(parameter);
        }
    }
    out
}

/// The Rust type of a (simplified) response schema; object shapes become components, named
/// the first of `names` that is free (the elements of a list are named like the list).
fn rust_type(simple: &Value, names: &[String], shapes: &mut Shapes, place: &str) -> RustType {
    let base = match simple.get("type").and_then(Value::as_str) {
        _ if simple.get("$ref").is_some() || shapes::is_named_shape(simple) => match shapes.hoist_named(simple, names, place).get("$ref").and_then(Value::as_str) {
            Some(reference) => RustType::Named(reference.to_string()),
            None => RustType::Json,
        },
        Some("string") => RustType::String,
        Some("boolean") => RustType::Bool,
        Some("integer") => RustType::Integer,
        Some("number") => RustType::Number,
        Some("array") => {
            let item = match simple.get("items") {
                Some(items) => rust_type(items, names, shapes, &format!("{place}[]")),
                None => RustType::Json,
            };
            // A list is never `null` in Rust: the generated wrapper reads `null` as empty.
            return RustType::Vec(Box::new(item));
        }
        // An object of any keys whose values the spec types (`{<variable>: {value, is_secret}}`).
        Some("object") if simple.get("additionalProperties").is_some_and(|values| values.is_object() && !schema::says_nothing(values, Direction::Response)) => {
            let names: Vec<String> = names.iter().map(|name| format!("{name}Value")).collect();
            let values = rust_type(&simple["additionalProperties"], &names, shapes, &format!("{place}{{}}"));
            // A map is never `null` in Rust either: the generated wrapper reads `null` as empty.
            return RustType::Map(Box::new(values));
        }
        _ => RustType::Json,
    };
    if schema::is_nullable(simple) {
        RustType::Option(Box::new(base))
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_flag_is_a_boolean_stream_property_of_the_body_or_of_a_branch() {
        assert!(has_stream_flag(&json!({"properties": {"stream": {"type": "boolean"}}})));
        assert!(has_stream_flag(&json!({"anyOf": [{"properties": {"prompt": {"type": "string"}}}, {"properties": {"stream": {"type": "boolean"}}}]})));
        assert!(!has_stream_flag(&json!({"properties": {"stream": {"type": "string"}}})));
        assert!(!has_stream_flag(&json!({"properties": {"streams": {"type": "boolean"}}})));
    }

    #[test]
    fn a_stream_flag_asks_for_events_when_its_description_says_so() {
        let flag = |description: &str| json!({"anyOf": [{"properties": {"prompt": {"type": "string"}}}, {"properties": {"stream": {"type": "boolean", "description": description}}}]});
        assert!(has_stream_flag_for_events(&flag("If true, the response will be streamed back incrementally using SSE, Server Sent Events.")));
        assert!(has_stream_flag_for_events(&flag("Answer as a text/event-stream.")));
        assert!(has_stream_flag_for_events(&flag("Stream the answer as server-sent events")));
        assert!(!has_stream_flag_for_events(&flag("Whether to stream the upload.")));
        assert!(!has_stream_flag_for_events(&flag("Sends the assessment")));
        assert!(!has_stream_flag_for_events(&json!({"properties": {"stream": {"type": "string", "description": "SSE"}}})));
    }
}

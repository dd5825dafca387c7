//! Import: an upstream OpenAPI 3.0 document -> one normalized [`Endpoint`] per operation.
//!
//! Every `$ref` is resolved in place. A schema that contains itself (the request tracer's
//! `trace`) is written once under the endpoint's `definitions` and referenced as
//! `#/definitions/<name>`. Path-level parameters are merged into each operation's own.
//!
//! Anything OpenAPI 3.0 allows is taken: extensions (`x-...`) are kept where the spec has a
//! field for them (deprecation, stability, token groups, permissions, plans) and dropped
//! elsewhere; `allowEmptyValue` is dropped (the SDK never sends an empty value); `null` where a
//! list belongs is an empty list. Paths and ids that a typed tree cannot take as they are go
//! through the rules of [`route`].

mod route;

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error, Result};
use crate::spec::{self, Endpoint, Method, Parameter, PlanAvailability, RequestBody, Response};

/// Reads an OpenAPI document, JSON or YAML.
pub fn read_document(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let parsed = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| Diagnostic::new(path, "", format!("not valid JSON: {e}")))
    } else {
        crate::yaml::from_str::<Value>(&text).map_err(|e| Diagnostic::new(path, e.field, e.message))
    };
    Ok(parsed?)
}

/// Every operation of `document`, as endpoints; `source` names the document in diagnostics.
/// All problems are collected before failing.
pub fn import_document(document: &Value, source: &Path) -> Result<Vec<Endpoint>> {
    import(document, source).map(|imported| imported.endpoints)
}

/// What an import made of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub endpoints: Vec<Endpoint>,
    /// What the import read differently from how the document says it, one line each
    /// (a security scheme the document does not declare, say), for the import report.
    pub notes: Vec<String>,
}

/// [`import_document`], with the notes of what was read by a rule.
pub fn import(document: &Value, source: &Path) -> Result<Imported> {
    let mut endpoints = Vec::new();
    let mut problems = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Err(Diagnostic::new(source, "paths", "the document has no `paths` mapping").into());
    };
    let context = Context { default_security: document.get("security").cloned(), schemes: SecuritySchemes::of(document), document: route::Document::of(paths.keys()), readings: Default::default() };
    for (path, item) in paths {
        let resolver = Resolver { document, written: std::cell::Cell::new(0) };
        let item = match resolver.resolve_ref_chain(item) {
            Ok(item) => item,
            Err(message) => {
                problems.push(Diagnostic::new(source, format!("paths.{path}"), message));
                continue;
            }
        };
        for method in Method::ALL {
            let Some(operation) = item.get(method.as_str()) else { continue };
            let field = format!("paths.{path}.{}", method.as_str());
            resolver.written.set(0);
            match import_operation(&resolver, path, method, &item, operation, &context) {
                Ok(imported) => endpoints.extend(imported),
                Err((at, message)) => {
                    let at = if at.is_empty() { field } else { format!("{field}.{at}") };
                    problems.push(Diagnostic::new(source, at, message));
                }
            }
        }
    }
    for renamed in name_apart_ids_that_differ_only_in_case(&mut endpoints) {
        context.read("operation ids that differ only in case from another, named by method and path", &renamed);
    }
    let mut ids = BTreeMap::new();
    for endpoint in &endpoints {
        if let Some(first) = ids.insert(spec::file_stem(&endpoint.operation_id), endpoint) {
            problems.push(Diagnostic::new(
                source,
                format!("paths.{}.{}", endpoint.path, endpoint.method.as_str()),
                format!("its operation id `{}` is also the id of {} {}", endpoint.operation_id, first.method, first.path),
            ));
        }
    }
    if problems.is_empty() {
        endpoints.sort_by(|a, b| (a.tag_slug(), &a.operation_id).cmp(&(b.tag_slug(), &b.operation_id)));
        Ok(Imported { endpoints, notes: context.notes() })
    } else {
        Err(Error::Spec(problems))
    }
}

/// Operation ids that name the same Rust constant and, on a disk that ignores case, the same
/// file (`DeleteWebhook` and `deleteWebhook`; [`spec::operation_id_key`]): the first by method
/// and path keeps its id, each other one takes the id made of its method and path, as an
/// operation without an id does. Returns the operations renamed (`METHOD /path`).
fn name_apart_ids_that_differ_only_in_case(endpoints: &mut [Endpoint]) -> Vec<String> {
    let mut renamed = Vec::new();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, endpoint) in endpoints.iter().enumerate() {
        by_key.entry(spec::operation_id_key(&endpoint.operation_id)).or_default().push(index);
    }
    for mut same in by_key.into_values().filter(|same| same.len() > 1) {
        // Exactly equal ids are another problem, reported below.
        let first = &endpoints[same[0]].operation_id;
        if same.iter().all(|&i| endpoints[i].operation_id == *first) {
            continue;
        }
        same.sort_by(|&a, &b| (endpoints[a].method.as_str(), &endpoints[a].path).cmp(&(endpoints[b].method.as_str(), &endpoints[b].path)));
        for &index in &same[1..] {
            endpoints[index].operation_id = route::derived_operation_id(&endpoints[index]);
            renamed.push(format!("{} {}", endpoints[index].method.as_str().to_uppercase(), endpoints[index].path));
        }
    }
    renamed
}

type Failure = (String, String);

fn import_operation(resolver: &Resolver, path: &str, method: Method, item: &Value, operation: &Value, context: &Context) -> std::result::Result<Vec<Endpoint>, Failure> {
    let route = format!("{} {path}", method.as_str().to_ascii_uppercase());
    let mut definitions = BTreeMap::new();
    let mut resolve = |field: &str, value: &Value| -> std::result::Result<Value, Failure> { resolver.resolve(value, &mut Vec::new(), &mut definitions).map_err(|m| (field.to_string(), m)) };

    let text = |key: &str| operation.get(key).and_then(Value::as_str).map(str::to_string);
    let operation_id = text("operationId").filter(|id| !id.trim().is_empty());
    let tag = operation.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).filter(|t| !spec::slug(t).is_empty()).map(str::to_string);

    // Operation parameters override path-level ones with the same name and location.
    let mut parameters: Vec<(String, String, Value)> = Vec::new();
    for (origin, list) in [("parameters", item.get("parameters")), ("parameters", operation.get("parameters"))] {
        for (i, parameter) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let parameter = parameter_fields(resolve(&format!("{origin}[{i}]"), parameter)?);
            let key = |p: &Value, k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (name, location) = (key(&parameter, "name"), key(&parameter, "in"));
            parameters.retain(|(n, l, _)| !(n == &name && l == &location));
            parameters.push((name, location, parameter));
        }
    }
    let parameters = parameters.into_iter().enumerate().map(|(i, (_, _, p))| typed::<Parameter>(&format!("parameters[{i}]"), p)).collect::<std::result::Result<Vec<_>, _>>()?;

    let request_body = match operation.get("requestBody") {
        Some(body) => Some(typed::<RequestBody>("requestBody", without_extensions(resolve("requestBody", body)?))?),
        None => None,
    };
    // A body with no media type describes nothing that could be sent.
    let request_body = request_body.filter(|body| {
        if body.content.is_empty() {
            context.read("request bodies of no media type, left out", &route);
        }
        !body.content.is_empty()
    });
    let mut responses = BTreeMap::new();
    for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let field = format!("responses.{status}");
        responses.insert(status.clone(), typed::<Response>(&field, without_extensions(resolve(&field, response)?))?);
    }
    let security = match operation.get("security").or(context.default_security.as_ref()) {
        // `security: []` says the operation takes no credentials: one alternative of none.
        Some(Value::Array(alternatives)) if alternatives.is_empty() => {
            context.read("operations that take no credentials (`security: []`)", &route);
            serde_json::json!([{}])
        }
        Some(security) => context.schemes.read(security),
        None => Value::Array(Vec::new()),
    };

    let plan_availability = match operation.get("x-cfPlanAvailability") {
        Some(plans) if plans.as_object().is_some_and(|p| !p.is_empty()) => Some(typed::<PlanAvailability>("x-cfPlanAvailability", plans.clone())?),
        _ => None,
    };
    let list = |field: &str, value: Option<&Value>| typed::<Option<Vec<String>>>(field, value.cloned().unwrap_or(Value::Null)).map(Option::unwrap_or_default);
    let required_permissions = match operation.get("x-cfPermissionsRequired") {
        Some(Value::Object(p)) => list("x-cfPermissionsRequired.enum", p.get("enum"))?,
        other => list("x-cfPermissionsRequired", other)?,
    };

    let mut endpoint = Endpoint {
        operation_id: operation_id.clone().unwrap_or_default(),
        method,
        path: path.to_string(),
        tag: tag.clone().unwrap_or_default(),
        summary: text("summary"),
        description: text("description"),
        deprecated: operation.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
        deprecation: operation.get("x-cfDeprecation").filter(|d| !d.is_null()).cloned(),
        deprecation_message: text("x-stainless-deprecation-message"),
        stability: text("x-stability"),
        origin: None,
        plan_availability,
        required_permissions,
        token_groups: list("x-api-token-group", operation.get("x-api-token-group"))?,
        parameters,
        request_body,
        responses,
        security: typed("security", security)?,
        definitions,
    };
    let mut unknown_types = 0;
    endpoint.each_schema_mut(&mut |schema| unknown_types += usize::from(untyped_if_unknown(schema)));
    if unknown_types > 0 {
        context.read("operations with a schema `type` OpenAPI does not define, read as any JSON", &route);
    }
    for (what, given) in [("operations without an id, named by method and path", operation_id.is_some()), ("operations without a tag, tagged with their group", tag.is_some())] {
        if !given {
            context.read(what, &route);
        }
    }
    let endpoints = route::normalize(endpoint, operation_id.is_some(), tag.is_some(), &context.document).map_err(|message| ("parameters".to_string(), message))?;
    if endpoints.len() > 1 {
        context.read("dual-scope templates, one operation per scope", &route);
    }
    Ok(endpoints)
}

/// What the import knows of the whole document, and what it read by a rule of its own.
struct Context {
    default_security: Option<Value>,
    schemes: SecuritySchemes,
    document: route::Document,
    /// What was read by a rule -> the operations (`METHOD /path`) it was read for.
    readings: std::cell::RefCell<BTreeMap<&'static str, Vec<String>>>,
}

impl Context {
    fn read(&self, what: &'static str, route: &str) {
        self.readings.borrow_mut().entry(what).or_default().push(route.to_string());
    }

    /// One line per rule that applied: how often, and the first few places.
    fn notes(&self) -> Vec<String> {
        let mut notes = self.schemes.notes();
        for (what, routes) in self.readings.borrow().iter() {
            let shown: Vec<&str> = routes.iter().take(3).map(String::as_str).collect();
            let more = if routes.len() > shown.len() { ", ..." } else { "" };
            notes.push(format!("{what}: {} ({}{more})", routes.len(), shown.join(", ")));
        }
        notes
    }
}

/// A `type` OpenAPI does not define (`unknown`) says nothing of the value: it is dropped, so
/// the schema takes any JSON. Whether it was.
fn untyped_if_unknown(schema: &mut Value) -> bool {
    if let Value::Object(keywords) = schema {
        if keywords.get("type").and_then(Value::as_str).is_some_and(|t| !spec::SCHEMA_TYPES.contains(&t)) {
            keywords.remove("type");
            return true;
        }
    }
    false
}

/// A parameter object as the spec holds it: `allowReserved` kept under the spec's name,
/// `allowEmptyValue` and extensions dropped.
fn parameter_fields(parameter: Value) -> Value {
    let mut parameter = without_extensions(parameter);
    if let Value::Object(fields) = &mut parameter {
        fields.remove("allowEmptyValue");
        if let Some(reserved) = fields.remove("allowReserved") {
            fields.insert("allow_reserved".into(), reserved);
        }
    }
    parameter
}

/// An OpenAPI object (not a schema: schemas keep theirs) without its `x-` extensions, and
/// the same for the media types below `content`.
fn without_extensions(mut value: Value) -> Value {
    if let Value::Object(fields) = &mut value {
        fields.retain(|key, _| !key.starts_with("x-"));
        if let Some(Value::Object(content)) = fields.get_mut("content") {
            for media in content.values_mut() {
                if let Value::Object(media) = media {
                    media.retain(|key, _| !key.starts_with("x-"));
                }
            }
        }
    }
    value
}

/// The document's security schemes, and the undeclared ones operations name.
struct SecuritySchemes {
    declared: Vec<String>,
    /// The declared HTTP bearer scheme: what an undeclared scheme is read as.
    bearer: Option<String>,
    undeclared: std::cell::RefCell<std::collections::BTreeMap<String, usize>>,
}

impl SecuritySchemes {
    fn of(document: &Value) -> SecuritySchemes {
        let schemes = document.pointer("/components/securitySchemes").and_then(Value::as_object);
        let declared = schemes.map(|s| s.keys().cloned().collect()).unwrap_or_default();
        let bearer = schemes.into_iter().flatten().find_map(|(name, scheme)| {
            let is = |key: &str, value: &str| scheme.get(key).and_then(Value::as_str).is_some_and(|v| v.eq_ignore_ascii_case(value));
            (is("type", "http") && is("scheme", "bearer")).then(|| name.clone())
        });
        SecuritySchemes { declared, bearer, undeclared: Default::default() }
    }

    /// `security` with each scheme the document does not declare read as its bearer scheme:
    /// upstream names a bearer credential under names it never declares (`bearerAuth`), and a
    /// scheme nobody declares can only be a token sent as `Authorization: Bearer`.
    fn read(&self, security: &Value) -> Value {
        let Some(alternatives) = security.as_array() else { return security.clone() };
        let read = alternatives.iter().map(|alternative| {
            let Some(schemes) = alternative.as_object() else { return alternative.clone() };
            let mut out = Map::new();
            for (name, scopes) in schemes {
                let name = match (&self.bearer, self.declared.contains(name)) {
                    (Some(bearer), false) => {
                        *self.undeclared.borrow_mut().entry(name.clone()).or_default() += 1;
                        bearer.clone()
                    }
                    _ => name.clone(),
                };
                out.insert(name, scopes.clone());
            }
            Value::Object(out)
        });
        Value::Array(read.collect())
    }

    fn notes(&self) -> Vec<String> {
        let bearer = self.bearer.as_deref().unwrap_or_default();
        self.undeclared
            .borrow()
            .iter()
            .map(|(name, count)| {
                let operations = if *count == 1 { "operation takes" } else { "operations take" };
                format!("security scheme `{name}` is not declared by the document; its {count} {operations} the bearer token (`{bearer}`)")
            })
            .collect()
    }
}

fn typed<T: DeserializeOwned>(field: &str, value: Value) -> std::result::Result<T, Failure> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let inner = err.path().to_string();
        let at = if inner == "." { field.to_string() } else { format!("{field}.{inner}") };
        (at, err.into_inner().to_string())
    })
}

struct Resolver<'a> {
    document: &'a Value,
    /// Values written so far for the operation being imported (reset per operation): a
    /// document whose schemas refer twice to the next one, and so on, would grow
    /// exponentially when inlined.
    written: std::cell::Cell<usize>,
}

/// Most `$ref`s open at once while one is being resolved; a longer chain is refused rather than
/// overflowing the stack. The 2024-02-12 upstream document nests at most 7.
const MAX_REF_DEPTH: usize = 64;

/// Most JSON values one operation may expand to; the largest operation of the 2024-02-12
/// upstream document writes 8,262.
const MAX_WRITTEN: usize = 1_000_000;

impl Resolver<'_> {
    /// Follows `$ref`s until a value that is not one (for path items).
    fn resolve_ref_chain(&self, value: &Value) -> std::result::Result<Value, String> {
        let mut current = value.clone();
        for _ in 0..32 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => current = self.target(reference)?.clone(),
                None => return Ok(current),
            }
        }
        Err("a chain of more than 32 `$ref`s".into())
    }

    /// `value` with every `$ref` replaced by its target, recursively. `stack` holds the
    /// references being resolved; meeting one of them again is recursion, which goes into
    /// `definitions`.
    fn resolve(&self, value: &Value, stack: &mut Vec<String>, definitions: &mut BTreeMap<String, Value>) -> std::result::Result<Value, String> {
        self.written.set(self.written.get() + 1);
        if self.written.get() > MAX_WRITTEN {
            return Err(format!("its `$ref`s expand to more than {MAX_WRITTEN} values (schemas that each refer more than once to the next?)"));
        }
        match value {
            Value::Object(object) => {
                if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                    let name = definition_name(reference);
                    if stack.iter().any(|r| r == reference) {
                        definitions.entry(name.clone()).or_insert(Value::Null);
                        return Ok(local_ref(&name));
                    }
                    if stack.len() >= MAX_REF_DEPTH {
                        return Err(format!("more than {MAX_REF_DEPTH} nested `$ref`s, from `{}`", stack[0]));
                    }
                    stack.push(reference.to_string());
                    let resolved = self.resolve(self.target(reference)?, stack, definitions);
                    stack.pop();
                    let mut resolved = resolved?;
                    if let (Some(component), Value::Object(target)) = (reference.strip_prefix("#/components/schemas/"), &mut resolved) {
                        // The name the document gives the schema, for the type made of it.
                        target.insert(spec::SCHEMA_NAME.into(), Value::String(definition_name(component)));
                    }
                    // Keywords beside a `$ref` (a description, say) refine the target.
                    if let Value::Object(target) = &mut resolved {
                        for (key, sibling) in object.iter().filter(|(k, _)| *k != "$ref") {
                            target.insert(key.clone(), self.resolve(sibling, stack, definitions)?);
                        }
                    }
                    return Ok(match definitions.get(&name) {
                        // It met itself while being resolved: this, the outermost use, defines it.
                        Some(Value::Null) => {
                            definitions.insert(name.clone(), resolved);
                            local_ref(&name)
                        }
                        // Defined by an earlier use in this operation.
                        Some(_) => local_ref(&name),
                        None => resolved,
                    });
                }
                let mut out = Map::with_capacity(object.len());
                for (key, item) in object {
                    out.insert(key.clone(), self.resolve(item, stack, definitions)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items.iter().map(|i| self.resolve(i, stack, definitions)).collect::<std::result::Result<_, _>>().map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    fn target(&self, reference: &str) -> std::result::Result<&Value, String> {
        let pointer = reference.strip_prefix('#').ok_or_else(|| format!("`{reference}` points outside the document; only local references can be imported"))?;
        self.document.pointer(pointer).ok_or_else(|| format!("`{reference}` points to nothing"))
    }
}

/// `#/components/schemas/ZZLIJMwL_trace` -> `ZZLIJMwL_trace`.
fn definition_name(reference: &str) -> String {
    reference.rsplit('/').next().unwrap_or(reference).replace("~1", "/").replace("~0", "~")
}

fn local_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/definitions/{name}") })
}

/// What an import does with the spec files of operations the document no longer has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Kept and reported (`cargo xtask import`): an operation may be gone from one document
    /// by mistake.
    Keep,
    /// Removed and reported (`cargo xtask import --prune`).
    Prune,
}

/// How an import changes the spec folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// Operations whose tag changed: written to their new folder, old file removed.
    pub moved: Vec<String>,
    /// `old-id -> new-id`: an operation with the method and path (parameter names aside) of
    /// one whose id the document no longer has is that operation, renamed; its file replaces
    /// the old one.
    pub renamed: Vec<String>,
    /// Spec files (by name, without `.yaml`) whose operation the document no longer has,
    /// kept ([`Absent::Keep`]).
    pub absent_upstream: Vec<String>,
    /// The same, removed ([`Absent::Prune`]).
    pub removed: Vec<String>,
    /// The same, kept by [`Absent::Prune`] because they were imported from a record
    /// (`origin: record`): the seed operation stays when upstream drops it.
    pub kept_records: Vec<String>,
}

/// The origin a spec file records; `None` for a file that has none or does not parse.
fn origin(file: &Path) -> Option<spec::Origin> {
    let text = std::fs::read_to_string(file).ok()?;
    crate::yaml::from_str::<Endpoint>(&text).ok()?.origin
}

/// Writes `endpoints` into `spec_dir` in canonical form and reports what changed.
pub fn write_spec(spec_dir: &Path, endpoints: &[Endpoint], absent: Absent) -> Result<ImportReport> {
    let existing = existing_files(spec_dir)?;
    let imported: std::collections::BTreeSet<String> = endpoints.iter().map(|e| spec::file_stem(&e.operation_id)).collect();
    // The routes of the files whose operation the document no longer has: renamed, perhaps.
    let mut vanished_routes: BTreeMap<(Method, String), String> = BTreeMap::new();
    for (stem, relative) in existing.iter().filter(|(stem, _)| !imported.contains(*stem)) {
        // Read without the checks: only its method and path matter. A file that does not
        // parse cannot be matched; it stays absent upstream.
        let text = std::fs::read_to_string(spec_dir.join(relative)).unwrap_or_default();
        if let Ok(old) = crate::yaml::from_str::<Endpoint>(&text) {
            vanished_routes.insert(route_shape(&old), stem.clone());
        }
    }
    let mut report = ImportReport::default();
    let mut replaced = std::collections::BTreeSet::new();
    for endpoint in endpoints {
        // Files are known by their names, which encode some characters of the ids.
        let stem = spec::file_stem(&endpoint.operation_id);
        let relative = endpoint.relative_path();
        let target = spec_dir.join(&relative);
        let before = std::fs::read_to_string(&target).ok();
        // An operation imported from a record stays one, whatever document rewrites it.
        let from_record = existing.get(&stem).is_some_and(|old| origin(&spec_dir.join(old)) == Some(spec::Origin::Record));
        let endpoint = &Endpoint { origin: if from_record { Some(spec::Origin::Record) } else { endpoint.origin }, ..endpoint.clone() };
        let text = spec::canonical_yaml(endpoint)?;
        if before.as_deref() == Some(text.as_str()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&target, &text).map_err(|e| Error::io(&target, e))?;
        let renamed_from = if existing.contains_key(&stem) { None } else { vanished_routes.remove(&route_shape(endpoint)) };
        match (before, existing.get(&stem), renamed_from) {
            (Some(_), _, _) => report.changed.push(endpoint.operation_id.clone()),
            (None, None, Some(old)) => {
                remove(spec_dir, &existing[&old])?;
                report.renamed.push(format!("{old} -> {}", endpoint.operation_id));
                replaced.insert(old);
            }
            (None, Some(old), _) if *old != relative => {
                remove(spec_dir, old)?;
                report.moved.push(format!("{} -> {}", old.display(), relative.display()));
            }
            (None, _, _) => report.added.push(endpoint.operation_id.clone()),
        }
    }
    for (stem, relative) in existing.iter().filter(|(stem, _)| !imported.contains(*stem) && !replaced.contains(*stem)) {
        let from_record = origin(&spec_dir.join(relative)) == Some(spec::Origin::Record);
        match absent {
            Absent::Keep => report.absent_upstream.push(stem.clone()),
            Absent::Prune if from_record => report.kept_records.push(stem.clone()),
            Absent::Prune => {
                remove(spec_dir, relative)?;
                report.removed.push(stem.clone());
            }
        }
    }
    Ok(report)
}

/// An operation's method and path with the parameter names left out: what stays when
/// Cloudflare renames an operation.
fn route_shape(endpoint: &Endpoint) -> (Method, String) {
    (endpoint.method, crate::spec::template::without_names(&endpoint.path))
}

/// Removes a spec file, and its tag folder once empty.
fn remove(spec_dir: &Path, relative: &Path) -> Result<()> {
    let path = spec_dir.join(relative);
    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    if let Some(folder) = path.parent() {
        // Fails while the folder holds other files, which is the point.
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

/// File stem (the encoded operation id) -> relative path of the spec files present.
fn existing_files(spec_dir: &Path) -> Result<BTreeMap<String, std::path::PathBuf>> {
    let mut files = BTreeMap::new();
    let Ok(tags) = std::fs::read_dir(spec_dir) else { return Ok(files) };
    for tag in tags {
        let tag = tag.map_err(|e| Error::io(spec_dir, e))?.path();
        if !tag.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&tag).map_err(|e| Error::io(&tag, e))? {
            let file = file.map_err(|e| Error::io(&tag, e))?.path();
            if let (Some(stem), Some(folder)) = (file.file_stem().and_then(|s| s.to_str()), tag.file_name()) {
                if file.extension().is_some_and(|e| e == "yaml") {
                    files.insert(stem.to_string(), Path::new(folder).join(file.file_name().unwrap_or_default()));
                }
            }
        }
    }
    Ok(files)
}

//! The normalized endpoint: one operation, every `$ref` resolved, schemas inline.
//!
//! Field order here is the canonical order of a spec file. Schemas are kept as JSON values:
//! the loader checks them with [`super::validate`], the lowering rewrites them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON Schema (OpenAPI 3.0 dialect), inline.
pub type Schema = Value;

/// The schema keyword that keeps the upstream component name of a schema the import resolved
/// from a `$ref` (`dns-records_dns-record`): what the lowering names its type after.
pub const SCHEMA_NAME: &str = "x-schema-name";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub operation_id: String,
    pub method: Method,
    pub path: String,
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Cloudflare's `x-cfDeprecation` notice, kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<Value>,
    /// Cloudflare's `x-stainless-deprecation-message`: what to use instead, and when the
    /// operation ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation_message: Option<String>,
    /// `beta` or `internal` (`x-stability`); absent for a stable operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<String>,
    /// Where the operation came from, when that decides what an import may do with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Which plans can use the operation (`x-cfPlanAvailability`); absent when unstated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_availability: Option<PlanAvailability>,
    /// Permissions the credentials need (`x-cfPermissionsRequired`), e.g. `#organization:read`.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub required_permissions: Vec<String>,
    /// The API token permission groups that allow the operation (`x-api-token-group`), e.g.
    /// `DNS Write`.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub token_groups: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Keyed by status code (`200`), class (`4xx`) or `default`.
    pub responses: BTreeMap<String, Response>,
    /// Alternatives, each a set of scheme names that must all be sent (`api_email` + `api_key`).
    pub security: Vec<BTreeMap<String, Vec<String>>>,
    /// Schemas referenced as `#/definitions/<name>` from this file: how a recursive schema is
    /// written without an endless document.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub definitions: BTreeMap<String, Schema>,
}

/// Where an operation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Imported from a record (`cargo xtask import --record`): kept by `import --prune` when
    /// the upstream document no longer has it, and kept a record's when a document rewrites it.
    Record,
}

/// `null` where a list is expected is an empty list: upstream writes both.
fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Options, Method::Head, Method::Patch, Method::Trace];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str().to_ascii_uppercase())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanAvailability {
    pub free: bool,
    pub pro: bool,
    pub business: bool,
    pub enterprise: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    /// OpenAPI's `allowReserved`: on a path parameter, the value may hold `/` and is sent as
    /// several segments (an R2 object key); on a query parameter, reserved characters go
    /// unencoded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_reserved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Value>,
    pub schema: Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

impl ParameterLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Keyed by media type (`application/json`, `multipart/form-data`, ...).
    pub content: BTreeMap<String, MediaType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, MediaType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// Absent where the upstream declares a media type without a schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Value>,
}

impl Endpoint {
    /// Calls `f` on every schema of the endpoint and, depth first, on every schema inside one
    /// (properties, items, compositions, `not`, `additionalProperties`), outer ones first.
    pub fn each_schema_mut(&mut self, f: &mut impl FnMut(&mut Schema)) {
        fn walk(schema: &mut Schema, f: &mut impl FnMut(&mut Schema)) {
            f(schema);
            let Value::Object(keywords) = schema else { return };
            for (key, value) in keywords.iter_mut() {
                match (key.as_str(), value) {
                    ("properties", Value::Object(properties)) => properties.values_mut().for_each(|p| walk(p, f)),
                    ("allOf" | "anyOf" | "oneOf", Value::Array(list)) => list.iter_mut().for_each(|s| walk(s, f)),
                    ("items" | "not" | "additionalProperties", sub @ Value::Object(_)) => walk(sub, f),
                    _ => {}
                }
            }
        }
        for parameter in &mut self.parameters {
            walk(&mut parameter.schema, f);
        }
        let bodies = self.request_body.iter_mut().flat_map(|b| b.content.values_mut());
        let answers = self.responses.values_mut().flat_map(|r| r.content.values_mut());
        for media in bodies.chain(answers) {
            if let Some(schema) = &mut media.schema {
                walk(schema, f);
            }
        }
        for schema in self.definitions.values_mut() {
            walk(schema, f);
        }
    }

    /// The folder a tag's files live in: the tag name in kebab case.
    pub fn tag_slug(&self) -> String {
        slug(&self.tag)
    }

    /// Where this endpoint's file belongs, relative to the spec folder.
    pub fn relative_path(&self) -> std::path::PathBuf {
        std::path::Path::new(&self.tag_slug()).join(format!("{}.yaml", file_stem(&self.operation_id)))
    }

    /// The names in `{braces}` in the path template, in order.
    pub fn path_template_names(&self) -> Vec<&str> {
        super::template::parameter_names(&self.path)
    }
}

/// What an operation id names in Rust and on a disk that ignores case: its letters and digits
/// upper-cased, each run joined by `_` (`DeleteWebhook`, `deleteWebhook` and `delete_webhook`
/// are one `DELETEWEBHOOK`, `DELETEWEBHOOK`, `DELETE_WEBHOOK`). Two ids with the same key
/// cannot both be generated.
pub fn operation_id_key(operation_id: &str) -> String {
    let words: Vec<String> = operation_id.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_uppercase).collect();
    words.join("_")
}

/// The file name (without `.yaml`) for an operation id: the id itself, with any character
/// that is not a letter, digit or one of `-_.()` percent-encoded (`ssl/-tls` -> `ssl%2F-tls`),
/// so that no id can name a folder or leave the spec folder.
pub fn file_stem(operation_id: &str) -> String {
    let mut out = String::with_capacity(operation_id.len());
    for byte in operation_id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    if out.starts_with('.') {
        out.replace_range(0..1, "%2E");
    }
    out
}

/// Kebab case of a tag name: `Organization Invites` -> `organization-invites`,
/// `DNS Records for a Zone` -> `dns-records-for-a-zone`. This is also the Cargo feature name.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

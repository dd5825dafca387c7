//! The record text form: the operation as an upstream crawler writes it.
//!
//! ```text
//! <description, one or more lines>
//! <path>
//! <method>
//! <tag>
//! <operation id>
//! <plan availability JSON> <permissions JSON> <parameters JSON> <request body JSON>
//! <responses JSON> <security JSON>
//! ```
//!
//! The six JSON values follow each other separated by white space; `null` stands for "none".

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{Endpoint, Method, Origin, Parameter, PlanAvailability, RequestBody};
use crate::error::Diagnostic;

/// Parses a record; `file` only names the source in diagnostics.
pub fn parse_record(file: &Path, text: &str) -> Result<Endpoint, Diagnostic> {
    let fail = |field: &str, message: String| Diagnostic::new(file, field, message);
    let lines: Vec<&str> = text.lines().collect();

    // The description may span lines, so find the header by its shape: a path line followed
    // by a method line, then the tag and the operation id.
    let header = (0..lines.len().saturating_sub(3))
        .find(|&i| lines[i].starts_with('/') && Method::parse(lines[i + 1]).is_some())
        .ok_or_else(|| fail("", "no `<path>` line followed by an HTTP method line".into()))?;
    let description = lines[..header].join("\n").trim().to_string();
    let path = lines[header].trim().to_string();
    let method = Method::parse(lines[header + 1]).expect("checked by the search above");
    let tag = lines[header + 2].trim().to_string();
    let operation_id = lines[header + 3].trim().to_string();
    if tag.is_empty() {
        return Err(fail("tag", "empty tag line".into()));
    }
    if operation_id.is_empty() {
        return Err(fail("operation_id", "empty operation id line".into()));
    }

    let json_text = lines[header + 4..].join("\n");
    let mut values = serde_json::Deserializer::from_str(&json_text).into_iter::<Value>();
    let mut next = |field: &str| -> Result<Value, Diagnostic> {
        match values.next() {
            Some(Ok(value)) => Ok(value),
            Some(Err(err)) => Err(fail(field, format!("invalid JSON: {err}"))),
            None => Err(fail(field, "missing: the record ends early".into())),
        }
    };

    let plan_availability: Option<PlanAvailability> = typed("plan_availability", next("plan_availability")?, file)?;
    let required_permissions = permissions(next("required_permissions")?, file)?;
    let parameters: Option<Vec<Parameter>> = typed("parameters", next("parameters")?, file)?;
    let request_body: Option<RequestBody> = typed("request_body", next("request_body")?, file)?;
    let responses = typed("responses", next("responses")?, file)?.ok_or_else(|| fail("responses", "must not be null".into()))?;
    let security = typed("security", next("security")?, file)?.unwrap_or_default();
    if let Some(Ok(extra)) = values.next() {
        return Err(fail("", format!("unexpected value after the security list: {extra}")));
    }

    Ok(Endpoint {
        operation_id,
        method,
        path,
        tag,
        summary: None,
        description: (!description.is_empty()).then_some(description),
        deprecated: false,
        deprecation: None,
        deprecation_message: None,
        stability: None,
        origin: Some(Origin::Record),
        plan_availability,
        required_permissions,
        token_groups: Vec::new(),
        parameters: parameters.unwrap_or_default(),
        request_body,
        responses,
        security,
        definitions: Default::default(),
    })
}

/// Reads one JSON value as `T`, where `null` means absent.
fn typed<T: DeserializeOwned>(field: &str, value: Value, file: &Path) -> Result<Option<T>, Diagnostic> {
    if value.is_null() {
        return Ok(None);
    }
    serde_path_to_error::deserialize(value).map(Some).map_err(|err| {
        let inner = err.path().to_string();
        let at = if inner == "." { field.to_string() } else { format!("{field}.{inner}") };
        Diagnostic::new(file, at, err.into_inner().to_string())
    })
}

/// Cloudflare writes permissions as `{"enum": ["#zone:read", ...]}`.
fn permissions(value: Value, file: &Path) -> Result<Vec<String>, Diagnostic> {
    let list = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Object(mut object) => object.remove("enum").unwrap_or(Value::Null),
        other => other,
    };
    typed::<Vec<String>>("required_permissions", list, file).map(Option::unwrap_or_default)
}

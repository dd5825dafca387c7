//! Checks a loaded endpoint beyond what its types say. Each check adds a [`Diagnostic`] naming
//! the field, so a file with several problems reports all of them at once.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::model::{Endpoint, ParameterLocation, Schema};
use crate::error::Diagnostic;

/// The security schemes Cloudflare declares; the runtime knows how to send each.
pub const SECURITY_SCHEMES: [&str; 4] = ["api_email", "api_key", "api_token", "user_service_key"];

/// The header each security scheme sends its credential in (`api_token` is
/// `Authorization: Bearer`), for the exported document. The runtime sends the same (a test in
/// the SDK's `runtime/src/config.rs` holds the two equal).
pub const SECURITY_HEADERS: [(&str, &str); 3] = [("api_email", "x-auth-email"), ("api_key", "x-auth-key"), ("user_service_key", "x-auth-user-service-key")];

/// The types an OpenAPI 3.0 schema may name.
pub const SCHEMA_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// The keys of an OpenAPI 3.0 Schema Object; `x-` extensions are allowed besides.
const SCHEMA_KEYS: [&str; 38] = [
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    "examples",
    "const",
];

/// Every problem in `endpoint`; empty when it is valid. `file` only names it in diagnostics.
pub fn validate_endpoint(file: &Path, endpoint: &Endpoint) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut report = |field: String, message: String| out.push(Diagnostic::new(file, field, message));

    if endpoint.operation_id.trim().is_empty() {
        report("operation_id".into(), "must not be empty".into());
    }
    if endpoint.tag.trim().is_empty() || super::model::slug(&endpoint.tag).is_empty() {
        report("tag".into(), "must contain at least one letter or digit".into());
    }
    if !endpoint.path.starts_with('/') {
        report("path".into(), format!("`{}` must start with `/`", endpoint.path));
    }

    // Path template and path parameters must name the same set.
    let template: Vec<&str> = endpoint.path_template_names();
    let mut seen = BTreeSet::new();
    for (i, parameter) in endpoint.parameters.iter().enumerate() {
        let field = format!("parameters[{i}]");
        if !seen.insert((parameter.location.as_str(), parameter.name.as_str())) {
            report(format!("{field}.name"), format!("`{}` is declared twice in {}", parameter.name, parameter.location.as_str()));
        }
        if parameter.location == ParameterLocation::Path {
            if !template.contains(&parameter.name.as_str()) {
                report(format!("{field}.name"), format!("path parameter `{}` does not appear in the path `{}`", parameter.name, endpoint.path));
            }
            if !parameter.required {
                report(format!("{field}.required"), format!("path parameter `{}` must be required", parameter.name));
            }
        }
        check_schema(&format!("{field}.schema"), &parameter.schema, endpoint, &mut report);
    }
    for name in &template {
        let declared = endpoint.parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == *name);
        if !declared {
            report("parameters".into(), format!("the path `{}` has `{{{name}}}` but no path parameter declares it", endpoint.path));
        }
    }

    if let Some(body) = &endpoint.request_body {
        if body.content.is_empty() {
            report("request_body.content".into(), "must name at least one media type".into());
        }
        for (media, content) in &body.content {
            if let Some(schema) = &content.schema {
                check_schema(&format!("request_body.content.{media}.schema"), schema, endpoint, &mut report);
            }
        }
    }

    if endpoint.responses.is_empty() {
        report("responses".into(), "must declare at least one response".into());
    }
    for (status, response) in &endpoint.responses {
        if !is_status_key(status) {
            report(format!("responses.{status}"), "a response key must be a status code (`200`), a class (`4xx`) or `default`".into());
        }
        for (media, content) in &response.content {
            if let Some(schema) = &content.schema {
                check_schema(&format!("responses.{status}.content.{media}.schema"), schema, endpoint, &mut report);
            }
        }
    }

    if endpoint.security.is_empty() {
        report("security".into(), "must list at least one way to authenticate".into());
    }
    for (i, alternative) in endpoint.security.iter().enumerate() {
        for scheme in alternative.keys() {
            if !SECURITY_SCHEMES.contains(&scheme.as_str()) {
                report(format!("security[{i}].{scheme}"), format!("unknown security scheme `{scheme}`; known: {}", SECURITY_SCHEMES.join(", ")));
            }
        }
    }

    for (name, schema) in &endpoint.definitions {
        check_schema(&format!("definitions.{name}"), schema, endpoint, &mut report);
    }
    out
}

/// `200`, `4xx` / `4XX`, or `default`.
pub fn is_status_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default" || (bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && (bytes[1..].iter().all(u8::is_ascii_digit) || bytes[1..].iter().all(|b| b.eq_ignore_ascii_case(&b'x'))))
}

fn check_schema(field: &str, schema: &Schema, endpoint: &Endpoint, report: &mut impl FnMut(String, String)) {
    let Value::Object(object) = schema else {
        // `true`/`false` schemas are JSON Schema, not OpenAPI 3.0.
        report(field.to_string(), format!("a schema must be a mapping, found {}", kind_of(schema)));
        return;
    };
    for (key, value) in object {
        let at = format!("{field}.{key}");
        if !(SCHEMA_KEYS.contains(&key.as_str()) || key.starts_with("x-")) {
            report(at, format!("unknown schema keyword `{key}`"));
            continue;
        }
        match key.as_str() {
            "$ref" => match value.as_str().and_then(|r| r.strip_prefix("#/definitions/")) {
                Some(name) if endpoint.definitions.contains_key(name) => {}
                Some(name) => report(at, format!("`#/definitions/{name}` is not defined in this file")),
                None => report(at, format!("unresolved reference {value}: references must be resolved on import; only `#/definitions/<name>` (for recursive schemas) may stay")),
            },
            "type" => match value.as_str() {
                Some(t) if SCHEMA_TYPES.contains(&t) => {}
                _ => report(at, format!("impossible type {value}; expected one of {}", SCHEMA_TYPES.join(", "))),
            },
            "properties" => match value.as_object() {
                Some(properties) => {
                    for (name, property) in properties {
                        check_schema(&format!("{at}.{name}"), property, endpoint, report);
                    }
                }
                None => report(at, format!("must be a mapping of property schemas, found {}", kind_of(value))),
            },
            "items" | "not" => check_schema(&at, value, endpoint, report),
            "additionalProperties" if !value.is_boolean() => check_schema(&at, value, endpoint, report),
            "allOf" | "anyOf" | "oneOf" => match value.as_array() {
                Some(list) if !list.is_empty() => {
                    for (i, item) in list.iter().enumerate() {
                        check_schema(&format!("{at}[{i}]"), item, endpoint, report);
                    }
                }
                _ => report(at, "must be a non-empty list of schemas".into()),
            },
            "required" if !value.as_array().is_some_and(|l| l.iter().all(Value::is_string)) => report(at, "must be a list of property names".into()),
            "enum" if !value.is_array() => report(at, format!("must be a list of values, found {}", kind_of(value))),
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" if !value.is_boolean() => report(at, format!("must be true or false, found {}", kind_of(value))),
            _ => {}
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

//! What the conformance driver sends for each operation: a value for every required parameter
//! and for the request body, taken from the spec's own examples. The generated driver
//! ([`crate::generate`] with [`crate::Driver::Include`]) sends these values, and
//! `cargo xtask conformance` checks the same values against their schemas when a server
//! rejects them, so both read them from here.

use serde_json::Value;

use crate::lower::{self, names};
use crate::spec::{example_value, Endpoint, Parameter, ParameterLocation, Schema};

/// The arguments of one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub arguments: Vec<Argument>,
}

/// One argument: the builder setter it goes to, its value and the schema it must satisfy.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The builder setter (the parameter's Rust name, or `body`).
    pub setter: String,
    /// A path parameter, given to the resource tree rather than to a setter.
    pub in_path: bool,
    /// Where the value comes from, for reports: `path parameter zone_id`, `body`.
    pub what: String,
    pub value: Value,
    pub schema: Schema,
}

/// The call the driver makes for `endpoint`, whose path parameters the tree names as `renamed`
/// ([`lower::tree::Placed::parameters`]), or why it cannot make one.
pub fn call(endpoint: &Endpoint, renamed: &[(String, String)]) -> Result<Call, String> {
    let mut arguments = Vec::new();
    for (parameter, name) in lower::builder_parameters(endpoint, renamed) {
        let location = parameter.location;
        if !(parameter.required || location == ParameterLocation::Path) {
            continue;
        }
        let value = parameter_value(parameter).ok_or_else(|| format!("no value for the {} parameter `{}`", location.as_str(), parameter.name))?;
        arguments.push(Argument {
            setter: names::snake(&name),
            in_path: location == ParameterLocation::Path,
            what: format!("{} parameter `{}`", location.as_str(), parameter.name),
            value,
            schema: parameter.schema.clone(),
        });
    }
    if let Some(body) = endpoint.request_body.as_ref().filter(|b| !lower::is_untyped_json(b)) {
        let (media, content) = lower::body::choose(&body.content).ok_or("the request body declares no media type")?;
        if lower::body::kind(media) == lower::body::Kind::Raw {
            return Err(format!("the request body is raw bytes ({media})"));
        }
        let schema = content.schema.clone().unwrap_or_else(|| serde_json::json!({}));
        let value = content.example.clone().or_else(|| first_example(content.examples.as_ref())).unwrap_or_else(|| example_value(&schema));
        arguments.push(Argument { setter: "body".into(), in_path: false, what: format!("body ({media})"), value, schema });
    }
    Ok(Call { arguments })
}

/// The parameter's example, else the first of its named examples, else one built from its
/// schema; none when the schema gives nothing to build from.
fn parameter_value(parameter: &Parameter) -> Option<Value> {
    parameter.example.clone().or_else(|| first_example(parameter.examples.as_ref())).or_else(|| match example_value(&parameter.schema) {
        // A parameter schema that says nothing (`{}`) takes any text.
        Value::Null | Value::Object(_) if parameter.schema.get("type").is_none() => Some(Value::String("string".into())),
        Value::Null => None,
        value => Some(value),
    })
}

/// The `value` of the first entry of an OpenAPI `examples` map.
fn first_example(examples: Option<&Value>) -> Option<Value> {
    examples?.as_object()?.values().find_map(|example| example.get("value").cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn endpoint(parameters: Value, body: Option<Value>) -> Endpoint {
        let mut value = json!({
            "operation_id": "things-list", "method": "get", "path": "/zones/{zone_id}/things", "tag": "Things",
            "parameters": parameters,
            "responses": {"200": {"description": "ok"}},
            "security": [{"api_token": []}],
        });
        if let Some(body) = body {
            value["request_body"] = body;
        }
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn required_parameters_take_their_examples_and_optional_ones_are_left_out() {
        let e = endpoint(
            json!([
                {"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string", "example": "abc"}},
                {"name": "perPage", "in": "query", "schema": {"type": "integer"}},
                {"name": "since", "in": "query", "required": true, "example": "2024-01-01", "schema": {"type": "string"}},
            ]),
            None,
        );
        let call = call(&e, &crate::lower::tree::canonical_parameters(&e.path)).unwrap();
        let got: Vec<(&str, &Value)> = call.arguments.iter().map(|a| (a.setter.as_str(), &a.value)).collect();
        assert_eq!(got, vec![("zone_id", &json!("abc")), ("since", &json!("2024-01-01"))]);
    }

    #[test]
    fn bodies_come_from_the_media_example_and_raw_bodies_are_refused() {
        let json_body = json!({"content": {"application/json": {"schema": {"type": "object"}, "example": {"name": "x"}}}});
        let call = call(&endpoint(json!([]), Some(json_body)), &[]).unwrap();
        assert_eq!(call.arguments[0].setter, "body");
        assert_eq!(call.arguments[0].value, json!({"name": "x"}));

        let raw = json!({"content": {"application/javascript": {"schema": {"type": "string"}}}});
        let err = super::call(&endpoint(json!([]), Some(raw)), &[]).unwrap_err();
        assert!(err.contains("raw bytes"), "{err}");
    }
}

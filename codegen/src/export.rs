//! The way back: spec endpoints -> one OpenAPI 3.0 document, for tools that read OpenAPI. The
//! conformance harness serves it with Prism where the upstream document is not at hand (the
//! spec folder is the import of that document, so they describe the same API).
//!
//! Local definitions (`#/definitions/<name>`, recursive schemas) become components named after
//! the operation and the definition.

use serde_json::{json, Map, Value};

use crate::spec::Endpoint;

/// One OpenAPI 3.0 document holding `endpoints`, with Cloudflare's security schemes.
pub fn document(endpoints: &[Endpoint]) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    let mut schemas: Map<String, Value> = Map::new();
    for endpoint in endpoints {
        let component = |name: &str| crate::lower::definition_component(&endpoint.operation_id, name);
        for (name, schema) in &endpoint.definitions {
            schemas.insert(component(name), with_component_refs(schema, &component));
        }
        let mut operation = json!({
            "operationId": endpoint.operation_id,
            "tags": [endpoint.tag],
            "parameters": endpoint.parameters.iter().map(openapi_parameter).collect::<Vec<_>>(),
            "responses": endpoint.responses,
            "security": endpoint.security,
        });
        for (key, value) in [("summary", endpoint.summary.as_ref()), ("description", endpoint.description.as_ref())] {
            if let Some(text) = value {
                operation[key] = json!(text);
            }
        }
        if endpoint.deprecated {
            operation["deprecated"] = json!(true);
        }
        if let Some(plans) = endpoint.plan_availability {
            operation["x-cfPlanAvailability"] = json!(plans);
        }
        if !endpoint.required_permissions.is_empty() {
            operation["x-cfPermissionsRequired"] = json!({"enum": endpoint.required_permissions});
        }
        if !endpoint.token_groups.is_empty() {
            operation["x-api-token-group"] = json!(endpoint.token_groups);
        }
        if let Some(deprecation) = &endpoint.deprecation {
            operation["x-cfDeprecation"] = deprecation.clone();
        }
        for (key, value) in [("x-stainless-deprecation-message", &endpoint.deprecation_message), ("x-stability", &endpoint.stability)] {
            if let Some(text) = value {
                operation[key] = json!(text);
            }
        }
        if let Some(body) = &endpoint.request_body {
            operation["requestBody"] = json!(body);
        }
        let item = paths.entry(endpoint.path.clone()).or_insert_with(|| json!({}));
        item[endpoint.method.as_str()] = with_component_refs(&operation, &component);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Cloudflare API", "version": "4.0.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes(),
        },
    })
}

/// A spec parameter as OpenAPI writes it (`allowReserved`).
fn openapi_parameter(parameter: &crate::spec::Parameter) -> Value {
    let mut value = json!(parameter);
    if let Some(reserved) = value.as_object_mut().and_then(|p| p.remove("allow_reserved")) {
        value["allowReserved"] = reserved;
    }
    value
}

/// The document's security schemes: a header per scheme, bearer for `api_token`.
fn security_schemes() -> Value {
    let mut schemes: serde_json::Map<String, Value> =
        crate::spec::SECURITY_HEADERS.iter().map(|(scheme, header)| (scheme.to_string(), json!({"type": "apiKey", "in": "header", "name": header}))).collect();
    schemes.insert("api_token".into(), json!({"type": "http", "scheme": "bearer"}));
    Value::Object(schemes)
}

/// `value` with `#/definitions/<name>` references pointing at `#/components/schemas/<component(name)>`.
fn with_component_refs(value: &Value, component: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| {
                    let item = match (key.as_str(), item.as_str().and_then(|r| r.strip_prefix("#/definitions/"))) {
                        ("$ref", Some(name)) => json!(format!("#/components/schemas/{}", component(name))),
                        _ => with_component_refs(item, component),
                    };
                    (key.clone(), item)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| with_component_refs(i, component)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_document_imports_back_to_the_same_endpoints() {
        let endpoint: Endpoint = serde_json::from_value(json!({
            "operation_id": "things-get", "method": "get", "path": "/things/{id}", "tag": "Things",
            "summary": "Get a thing",
            "deprecated": true, "deprecation_message": "Use things-get-2.", "stability": "beta",
            "required_permissions": ["#thing:read"],
            "token_groups": ["Things Read"],
            "parameters": [{"name": "id", "in": "path", "required": true, "allow_reserved": true, "schema": {"type": "string", "example": "abc"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/definitions/node"}}}}},
            "security": [{"api_token": []}],
            "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}},
        }))
        .unwrap();
        let document = document(std::slice::from_ref(&endpoint));
        assert_eq!(document["components"]["schemas"]["ThingsGetNode"]["properties"]["next"]["$ref"], "#/components/schemas/ThingsGetNode");
        assert_eq!(document["components"]["securitySchemes"]["api_token"]["scheme"], "bearer");

        let back = crate::import::import_document(&document, std::path::Path::new("exported.json")).unwrap();
        assert_eq!(back.len(), 1);
        let mut back = back.into_iter().next().unwrap();
        // The recursive definition comes back under its component's name.
        assert_eq!(back.definitions.keys().collect::<Vec<_>>(), ["ThingsGetNode"]);
        back.definitions = endpoint.definitions.clone();
        back.responses = endpoint.responses.clone();
        assert_eq!(back, endpoint);
    }
}

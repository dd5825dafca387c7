//! One operation of a lowered document, with just the components it reaches: small enough to
//! generate alone when looking for the operation that makes progenitor fail.

use std::collections::BTreeSet;

use openapiv3::{Components, OpenAPI, Paths, ReferenceOr};

pub fn document_for(openapi: &OpenAPI, path: &str, method: &str) -> OpenAPI {
    let mut item = match openapi.paths.paths.get(path) {
        Some(ReferenceOr::Item(item)) => item.clone(),
        _ => Default::default(),
    };
    for (other, slot) in [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ] {
        if other != method {
            *slot = None;
        }
    }

    // Follow references from the operation through the component schemas.
    let all = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
    let mut wanted = BTreeSet::new();
    let mut pending = references(&serde_json::to_value(&item).unwrap_or_default());
    while let Some(name) = pending.pop() {
        if wanted.insert(name.clone()) {
            if let Some(schema) = all.get(&name) {
                pending.extend(references(&serde_json::to_value(schema).unwrap_or_default()));
            }
        }
    }
    let schemas = all.into_iter().filter(|(name, _)| wanted.contains(name)).collect();

    let mut paths = Paths::default();
    paths.paths.insert(path.to_string(), ReferenceOr::Item(item));
    OpenAPI { paths, components: Some(Components { schemas, ..Default::default() }), ..openapi.clone_without_paths() }
}

trait CloneWithoutPaths {
    fn clone_without_paths(&self) -> OpenAPI;
}

impl CloneWithoutPaths for OpenAPI {
    fn clone_without_paths(&self) -> OpenAPI {
        OpenAPI { openapi: self.openapi.clone(), info: self.info.clone(), ..Default::default() }
    }
}

fn references(value: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(name) = object.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/components/schemas/")) {
                    found.push(name.to_string());
                }
                stack.extend(object.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

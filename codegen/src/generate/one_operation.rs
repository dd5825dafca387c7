//! One operation of a lowered document, with just the components it reaches: small enough to
//! generate alone when looking for the operation that makes progenitor fail.

use std::collections::BTreeSet;

use openapiv3::{Components, OpenAPI, Paths, ReferenceOr};

use crate::spec::Method;

/// The operation slot of `method` in a path item; the match keeps it in step with [`Method`].
pub(crate) fn operation_slot(item: &mut openapiv3::PathItem, method: Method) -> &mut Option<openapiv3::Operation> {
    match method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Delete => &mut item.delete,
        Method::Options => &mut item.options,
        Method::Head => &mut item.head,
        Method::Patch => &mut item.patch,
        Method::Trace => &mut item.trace,
    }
}

pub fn document_for(openapi: &OpenAPI, path: &str, method: Method) -> OpenAPI {
    let mut item = match openapi.paths.paths.get(path) {
        Some(ReferenceOr::Item(item)) => item.clone(),
        _ => Default::default(),
    };
    for other in Method::ALL.into_iter().filter(|m| *m != method) {
        *operation_slot(&mut item, other) = None;
    }

    // Follow references from the operation through the component schemas.
    let all = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
    let mut wanted = BTreeSet::new();
    let mut pending = crate::lower::placement::references(&serde_json::to_value(&item).unwrap_or_default());
    while let Some(name) = pending.pop() {
        if wanted.insert(name.clone()) {
            if let Some(schema) = all.get(&name) {
                pending.extend(crate::lower::placement::references(&serde_json::to_value(schema).unwrap_or_default()));
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

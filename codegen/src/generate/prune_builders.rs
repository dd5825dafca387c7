//! Type builders only where a request can use them.
//!
//! Typify writes a builder for every type (`types::builder::T`, with `T::builder()` and the
//! conversions both ways): a third of the generated lines. A user builds request bodies
//! (`body_map`) and what they hold; nobody builds an answer. So a type keeps its builder when a
//! request builder or a typed multipart form holds it or a kept type holds it, and loses it otherwise. Enabling another
//! feature can only add builders (for its request types), never change or remove one.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;

/// Removes the builders of types no request reaches, nor `wanted` (the builders the groups'
/// requests reach, in the shared types' part); returns how many were removed.
pub fn keep_request_builders(file: &mut syn::File, wanted: &BTreeSet<String>) -> crate::error::Result<usize> {
    let missing = |what: &str| crate::error::Error::Generate {
        operation: "(all operations)".into(),
        message: format!("progenitor's output has no {what} to keep type builders by; update codegen/src/generate/prune_builders.rs"),
    };
    let types = super::module(&file.items, "types").ok_or_else(|| missing("`types` module"))?;
    if super::module(types, "builder").is_none() {
        // No type has fields, so none has a builder.
        return Ok(0);
    }
    let requests = super::module(&file.items, "builder").ok_or_else(|| missing("`builder` module"))?;
    let mut roots = Idents(wanted.clone());
    // The typed multipart forms are requests' too.
    for item in requests.iter().chain(super::module(&file.items, "forms").unwrap_or_default()) {
        if let syn::Item::Struct(request) = item {
            roots.visit_fields(&request.fields);
        }
    }
    let definitions = definitions(types);
    let keep = closure(roots.0, &definitions);

    let types = super::module_mut(&mut file.items, "types").expect("found above");
    let before = types.len();
    // `impl T { pub fn builder() -> builder::T }`.
    types.retain(|item| !matches!(item, syn::Item::Impl(i) if i.trait_.is_none() && only_builder_fn(i) && !keep.contains(&self_name(i))));
    let removed = before - types.len();
    let builders = super::module_mut(types, "builder").expect("found above");
    builders.retain(|item| match item {
        syn::Item::Struct(s) => keep.contains(&s.ident.to_string()),
        // `Default for T`, `TryFrom<T> for super::T`, `From<super::T> for T`, `impl T`.
        syn::Item::Impl(i) => keep.contains(&self_name(i)),
        _ => true,
    });
    Ok(removed)
}

/// The types reachable from `roots` through the definitions.
fn closure(roots: BTreeSet<String>, definitions: &BTreeMap<String, &syn::Item>) -> BTreeSet<String> {
    let mut keep = BTreeSet::new();
    let mut pending: Vec<String> = roots.into_iter().filter(|name| definitions.contains_key(name)).collect();
    while let Some(name) = pending.pop() {
        if !keep.insert(name.clone()) {
            continue;
        }
        let mut found = Idents::default();
        found.visit_item(definitions[&name]);
        pending.extend(found.0.into_iter().filter(|n| definitions.contains_key(n) && !keep.contains(n)));
    }
    keep
}

/// Name -> definition (struct, enum or alias) of every type of the `types` module.
fn definitions(types: &[syn::Item]) -> BTreeMap<String, &syn::Item> {
    types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), item)),
            syn::Item::Enum(e) => Some((e.ident.to_string(), item)),
            syn::Item::Type(t) => Some((t.ident.to_string(), item)),
            _ => None,
        })
        .collect()
}

/// Every identifier in the paths visited.
#[derive(Default)]
struct Idents(BTreeSet<String>);

impl<'ast> Visit<'ast> for Idents {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        self.0.insert(segment.ident.to_string());
        syn::visit::visit_path_segment(self, segment);
    }
}

fn self_name(item: &syn::ItemImpl) -> String {
    match &*item.self_ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn only_builder_fn(item: &syn::ItemImpl) -> bool {
    matches!(item.items.as_slice(), [syn::ImplItem::Fn(f)] if f.sig.ident == "builder")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_types_a_request_reaches_keep_their_builders() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Body { pub inner: Option<Inner> }
                pub struct Inner { pub x: i64 }
                pub struct Answer { pub x: i64 }
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                impl Inner { pub fn builder() -> builder::Inner { Default::default() } }
                impl Answer { pub fn builder() -> builder::Answer { Default::default() } }
                impl Answer { pub fn other(&self) {} }
                pub mod builder {
                    pub struct Body { inner: Result<Option<super::Inner>, String> }
                    impl Default for Body { fn default() -> Self { todo!() } }
                    pub struct Inner { x: Result<i64, String> }
                    impl TryFrom<Inner> for super::Inner { type Error = String; fn try_from(_: Inner) -> Result<Self, String> { todo!() } }
                    pub struct Answer { x: Result<i64, String> }
                    impl Default for Answer { fn default() -> Self { todo!() } }
                    impl From<super::Answer> for Answer { fn from(_: super::Answer) -> Self { todo!() } }
                }
            }
            pub mod builder {
                pub struct CreateThing<'a> { client: &'a super::Client, body: Result<types::builder::Body, String> }
            }
        };
        let mut wanted_too = file.clone();
        assert_eq!(super::keep_request_builders(&mut file, &Default::default()).unwrap(), 1);
        let code = quote::quote!(#file).to_string();
        assert!(!code.contains("builder :: Answer") && !code.contains("struct Answer { x : Result"), "{code}");
        assert!(code.contains("pub fn other"), "other impls stay: {code}");
        for kept in ["impl Body { pub fn builder", "impl Inner { pub fn builder", "impl TryFrom < Inner > for super :: Inner", "struct Inner { x : Result"] {
            assert!(code.contains(kept), "`{kept}` missing: {code}");
        }
        // The shared types' part keeps the builders the groups' requests reach.
        assert_eq!(super::keep_request_builders(&mut wanted_too, &["Answer".to_string()].into()).unwrap(), 0);
        assert!(quote::quote!(#wanted_too).to_string().contains("struct Answer { x : Result"));
    }

    #[test]
    fn a_missing_module_is_an_error_naming_this_file() {
        let mut file: syn::File = syn::parse_quote! { pub mod types { pub mod builder {} } };
        assert!(super::keep_request_builders(&mut file, &Default::default()).unwrap_err().to_string().contains("builders.rs"));
        let mut file: syn::File = syn::parse_quote! { pub mod other {} };
        assert!(super::keep_request_builders(&mut file, &Default::default()).unwrap_err().to_string().contains("`types` module"));
    }
}

//! A value the caller set is sent, even when empty.
//!
//! Typify writes an optional list or map as the collection itself, left out when empty
//! (`#[serde(default, skip_serializing_if = "Vec::is_empty")] tags: Vec<String>`): a DNS edit
//! cannot clear `tags` with `[]`, and an Access rule that is an empty object
//! (`{"everyone": {}}`) cannot be sent at all. Here such a field is an `Option` of the
//! collection, left out when `None`: not set is not sent, set to empty is sent as `[]` or
//! `{}`, and an answer that sends `[]` reads back as `Some` of it. The type builders' fields
//! and setters follow (the setter then takes the collection itself, by `optional_setters`).

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

/// Rewrites the collection fields of `types` and of their builders; returns how many fields.
pub fn send_collections_when_set(file: &mut syn::File) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    let mut rewritten: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in types.iter_mut() {
        let syn::Item::Struct(item) = item else { continue };
        let syn::Fields::Named(fields) = &mut item.fields else { continue };
        for field in fields.named.iter_mut() {
            if optional_when_empty(field) {
                rewritten.entry(item.ident.to_string()).or_default().insert(field.ident.as_ref().map(ToString::to_string).unwrap_or_default());
            }
        }
    }
    if let Some(builders) = super::module_mut(types, "builder") {
        for item in builders.iter_mut() {
            match item {
                syn::Item::Struct(builder) => {
                    let Some(fields) = rewritten.get(&builder.ident.to_string()) else { continue };
                    for field in builder.fields.iter_mut().filter(|f| f.ident.as_ref().is_some_and(|i| fields.contains(&i.to_string()))) {
                        wrap_result_in_option(&mut field.ty);
                    }
                }
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let syn::Type::Path(ty) = &*block.self_ty else { continue };
                    let Some(fields) = ty.path.segments.last().and_then(|s| rewritten.get(&s.ident.to_string())) else { continue };
                    for member in &mut block.items {
                        if let syn::ImplItem::Fn(setter) = member {
                            if fields.contains(&setter.sig.ident.to_string()) {
                                wrap_setter_bound_in_option(setter);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    rewritten.values().map(BTreeSet::len).sum()
}

/// `#[serde(default, skip_serializing_if = "<collection>::is_empty")] x: C` ->
/// `#[serde(default, skip_serializing_if = "::std::option::Option::is_none")] x: Option<C>`.
fn optional_when_empty(field: &mut syn::Field) -> bool {
    let Some(attr) = field.attrs.iter_mut().find(|a| a.path().is_ident("serde") && a.to_token_stream().to_string().contains("::is_empty\"")) else { return false };
    let text = attr.to_token_stream().to_string();
    let Some(start) = text.find("skip_serializing_if = \"") else { return false };
    let rest = &text[start + "skip_serializing_if = \"".len()..];
    let Some(end) = rest.find('"') else { return false };
    let tokens = text.replace(&rest[..end], "::std::option::Option::is_none");
    let Ok(syn::Item::Struct(carrier)) = syn::parse_str::<syn::Item>(&format!("{tokens} struct S;")) else { return false };
    *attr = carrier.attrs.into_iter().next().expect("the attribute just written");
    let ty = &field.ty;
    field.ty = syn::parse_quote! { ::std::option::Option<#ty> };
    true
}

/// `Result<C, String>` -> `Result<Option<C>, String>`.
fn wrap_result_in_option(ty: &mut syn::Type) {
    let syn::Type::Path(path) = ty else { return };
    if let Some(last) = path.path.segments.last_mut() {
        wrap_first_argument_in_option(&mut last.arguments);
    }
}

/// `where T: TryInto<C>` -> `where T: TryInto<Option<C>>`.
fn wrap_setter_bound_in_option(setter: &mut syn::ImplItemFn) {
    let Some(clause) = &mut setter.sig.generics.where_clause else { return };
    for predicate in clause.predicates.iter_mut() {
        let syn::WherePredicate::Type(bound) = predicate else { continue };
        if bound.bounded_ty.to_token_stream().to_string() != "T" {
            continue;
        }
        for bound in bound.bounds.iter_mut() {
            let syn::TypeParamBound::Trait(t) = bound else { continue };
            let Some(last) = t.path.segments.last_mut().filter(|s| s.ident == "TryInto") else { continue };
            wrap_first_argument_in_option(&mut last.arguments);
        }
    }
}

/// `X<C, ..>` -> `X<Option<C>, ..>`.
fn wrap_first_argument_in_option(arguments: &mut syn::PathArguments) {
    let syn::PathArguments::AngleBracketed(args) = arguments else { return };
    if let Some(syn::GenericArgument::Type(inner)) = args.args.first_mut() {
        *inner = syn::parse_quote! { ::std::option::Option<#inner> };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn an_optional_collection_is_an_option_sent_when_set_and_its_builder_follows() {
        let mut file: syn::File = syn::parse2(quote! {
            pub mod types {
                pub struct Record {
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub tags: ::std::vec::Vec<::std::string::String>,
                    #[serde(default, skip_serializing_if = "::serde_json::Map::is_empty")]
                    pub everyone: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                    pub name: ::std::string::String,
                    #[serde(default = "defaults::ttl")]
                    pub ttl: f64,
                }
                pub mod builder {
                    pub struct Record {
                        tags: ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>,
                        name: ::std::result::Result<::std::string::String, ::std::string::String>,
                    }
                    impl Record {
                        pub fn tags<T>(mut self, value: T) -> Self where T: ::std::convert::TryInto<::std::vec::Vec<::std::string::String>>, T::Error: ::std::fmt::Display { self }
                        pub fn name<T>(mut self, value: T) -> Self where T: ::std::convert::TryInto<::std::string::String>, T::Error: ::std::fmt::Display { self }
                    }
                }
            }
        })
        .unwrap();
        assert_eq!(send_collections_when_set(&mut file), 2);
        // Compared without spaces, which prettyplease places by line length.
        let code: String = prettyplease::unparse(&file).split_whitespace().collect();
        let has = |text: &str| code.contains(&text.split_whitespace().collect::<String>());
        assert!(has(r#"#[serde(default, skip_serializing_if = "::std::option::Option::is_none")] pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>"#), "{code}");
        assert!(has("pub everyone: ::std::option::Option<::serde_json::Map<"), "{code}");
        assert!(has("pub name: ::std::string::String") && has("pub ttl: f64"), "{code}");
        assert!(has("tags: ::std::result::Result<::std::option::Option<::std::vec::Vec<::std::string::String>>, ::std::string::String,>"), "{code}");
        assert!(has("T: ::std::convert::TryInto<::std::option::Option<::std::vec::Vec<::std::string::String>>,>"), "{code}");
        assert!(has("T: ::std::convert::TryInto<::std::string::String>"), "{code}");
        assert!(!code.contains("is_empty"), "{code}");
    }
}

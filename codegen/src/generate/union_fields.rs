//! Unions answer their common fields.
//!
//! A union enum whose kinds are all structs of `types` (`DnsRecord::A(ARecord)`, ...) gets a
//! method for each field that every kind has with the same type: `record.id()`,
//! `record.name()`, `record.ttl()`, whatever the kind, without a match over 21 arms or a trip
//! through `serde_json`. The method reads the field of the kind at hand:
//!
//! - text as `&str`, a number or a flag by value, anything else by reference;
//! - `Option` when the field is optional, or when the enum has an `Other` (a kind this SDK
//!   does not know, kept as JSON), which has no typed fields: `None` then.
//!
//! A field whose name is already a method of the enum (`kind()`, the tag's value) gets none.

use std::collections::{BTreeMap, BTreeSet};

use quote::{quote, ToTokens};

/// Adds the accessors to every such union of `types`; returns how many methods it added.
pub fn add_common_field_accessors(file: &mut syn::File) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    let structs: BTreeMap<String, &syn::ItemStruct> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in types.iter() {
        if let syn::Item::Impl(block) = item {
            if let (None, syn::Type::Path(ty)) = (&block.trait_, &*block.self_ty) {
                let names = block.items.iter().filter_map(|m| match m {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                });
                methods.entry(ty.path.to_token_stream().to_string()).or_default().extend(names);
            }
        }
    }
    let mut added = Vec::new();
    let mut count = 0;
    for item in types.iter() {
        let syn::Item::Enum(union) = item else { continue };
        let Some(kinds) = kinds_of(union, &structs) else { continue };
        let taken = methods.get(&union.ident.to_string()).cloned().unwrap_or_default();
        let open = union.variants.iter().any(|v| v.ident == "Other");
        let accessors: Vec<proc_macro2::TokenStream> =
            common_fields(&kinds).into_iter().filter(|(field, _)| !taken.contains(&unraw(field))).map(|(field, ty)| accessor(union, &kinds, &field, &ty, open)).collect();
        if accessors.is_empty() {
            continue;
        }
        count += accessors.len();
        let name = &union.ident;
        added.push(syn::parse_quote! {
            impl #name {
                #(#accessors)*
            }
        });
    }
    types.extend(added);
    count
}

/// `(variant, struct)` of each kind, when every variant but `Other(Value)` holds a struct of
/// `types` with named fields, and there are two kinds or more.
fn kinds_of<'a>(union: &syn::ItemEnum, structs: &BTreeMap<String, &'a syn::ItemStruct>) -> Option<Vec<(syn::Ident, &'a syn::ItemStruct)>> {
    let mut kinds = Vec::new();
    for variant in &union.variants {
        let syn::Fields::Unnamed(fields) = &variant.fields else { return None };
        let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else { return None };
        let held = field.ty.to_token_stream().to_string();
        if variant.ident == "Other" && held.ends_with("serde_json :: Value") {
            continue;
        }
        kinds.push((variant.ident.clone(), *structs.get(&held)?));
    }
    (kinds.len() >= 2).then_some(kinds)
}

/// The fields every kind has, by name, with the same type, in the first kind's order.
fn common_fields(kinds: &[(syn::Ident, &syn::ItemStruct)]) -> Vec<(syn::Ident, syn::Type)> {
    let fields_of = |s: &syn::ItemStruct| -> BTreeMap<String, String> { s.fields.iter().filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.to_token_stream().to_string()))).collect() };
    let others: Vec<BTreeMap<String, String>> = kinds[1..].iter().map(|(_, s)| fields_of(s)).collect();
    kinds[0]
        .1
        .fields
        .iter()
        .filter_map(|field| {
            let name = field.ident.clone()?;
            let ty = field.ty.to_token_stream().to_string();
            others.iter().all(|o| o.get(&name.to_string()) == Some(&ty)).then_some((name, field.ty.clone()))
        })
        .collect()
}

/// How a field is read: what the method returns, and the expression on the kind `v`.
fn accessor(union: &syn::ItemEnum, kinds: &[(syn::Ident, &syn::ItemStruct)], field: &syn::Ident, ty: &syn::Type, open: bool) -> proc_macro2::TokenStream {
    let (inner, optional) = match option_inner(ty) {
        Some(inner) => (inner, true),
        None => (ty.clone(), false),
    };
    let (inner, boxed) = match box_inner(&inner) {
        Some(unboxed) => (unboxed, true),
        None => (inner, false),
    };
    let text = inner.to_token_stream().to_string().replace(' ', "");
    let by_value = COPIED.iter().any(|t| text == *t);
    let is_string = text == "::std::string::String";
    let (returns, read): (proc_macro2::TokenStream, proc_macro2::TokenStream) = match (optional, by_value, is_string || boxed) {
        (true, true, _) => (quote! { #inner }, quote! { v.#field }),
        (true, false, true) => (
            if is_string {
                quote! { &str }
            } else {
                quote! { &#inner }
            },
            quote! { v.#field.as_deref() },
        ),
        (true, false, false) => (quote! { &#inner }, quote! { v.#field.as_ref() }),
        (false, true, _) => (quote! { #inner }, quote! { v.#field }),
        (false, false, _) if is_string => (quote! { &str }, quote! { v.#field.as_str() }),
        (false, false, _) if boxed => (quote! { &#inner }, quote! { &*v.#field }),
        (false, false, _) => (quote! { &#inner }, quote! { &v.#field }),
    };
    let (returns, read) = match (optional, open) {
        (true, _) => (quote! { ::std::option::Option<#returns> }, read),
        (false, true) => (quote! { ::std::option::Option<#returns> }, quote! { ::std::option::Option::Some(#read) }),
        (false, false) => (returns, read),
    };
    let variants = kinds.iter().map(|(variant, _)| variant);
    let other = open.then(|| quote! { Self::Other(_) => ::std::option::Option::None, });
    let name = &union.ident;
    let shown = unraw(field);
    let doc = match (optional, open) {
        (true, true) => format!(" `{shown}`, which every kind has; `None` when it is not set, or for [`{name}::Other`]."),
        (true, false) => format!(" `{shown}`, which every kind has; `None` when it is not set."),
        (false, true) => format!(" `{shown}`, which every kind has; `None` for [`{name}::Other`]."),
        (false, false) => format!(" `{shown}`, which every kind has."),
    };
    quote! {
        #[doc = #doc]
        pub fn #field(&self) -> #returns {
            match self {
                #(Self::#variants(v) => #read,)*
                #other
            }
        }
    }
}

/// Types read by value: copying them is cheaper than a reference.
const COPIED: [&str; 12] = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "bool", "::std::num::NonZeroU64"];

fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}

/// `T` of `Option<T>` (however the path is written).
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    generic_of(ty, "Option")
}

/// `T` of `Box<T>`.
fn box_inner(ty: &syn::Type) -> Option<syn::Type> {
    generic_of(ty, "Box")
}

fn generic_of(ty: &syn::Type, wrapper: &str) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last().filter(|s| s.ident == wrapper)?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(code: proc_macro2::TokenStream) -> (usize, String) {
        let mut file: syn::File = syn::parse2(code).unwrap();
        let count = add_common_field_accessors(&mut file);
        (count, prettyplease::unparse(&file))
    }

    #[test]
    fn a_union_of_structs_answers_the_fields_all_its_kinds_have_with_one_type() {
        let (count, code) = run(quote! {
            pub mod types {
                pub struct ARecord { pub id: ::std::option::Option<::std::string::String>, pub ttl: ::std::option::Option<f64>, pub content: ::std::option::Option<::std::string::String>, pub meta: ::serde_json::Map<::std::string::String, ::serde_json::Value>, pub data: ::std::option::Option<::std::boxed::Box<Data>> }
                pub struct MxRecord { pub id: ::std::option::Option<::std::string::String>, pub ttl: ::std::option::Option<f64>, pub content: ::std::option::Option<i64>, pub meta: ::serde_json::Map<::std::string::String, ::serde_json::Value>, pub data: ::std::option::Option<::std::boxed::Box<Data>>, pub priority: f64 }
                pub struct Data { pub x: i64 }
                pub enum DnsRecord { A(ARecord), Mx(MxRecord), Other(::serde_json::Value) }
                impl DnsRecord { pub fn kind(&self) -> ::std::option::Option<&str> { None } }
                pub enum Plain { A(ARecord), Text(::std::string::String) }
            }
        });
        // id, ttl, meta, data: `content` differs in type, `priority` is in one kind only.
        assert_eq!(count, 4, "{code}");
        assert!(code.contains("pub fn id(&self) -> ::std::option::Option<&str>"), "{code}");
        assert!(code.contains("Self::Mx(v) => v.id.as_deref()"), "{code}");
        assert!(code.contains("pub fn ttl(&self) -> ::std::option::Option<f64>"), "{code}");
        assert!(code.contains("Self::A(v) => v.ttl,"), "{code}");
        assert!(code.contains("pub fn data(&self) -> ::std::option::Option<&Data>"), "{code}");
        assert!(code.contains("pub fn meta("), "{code}");
        assert!(code.contains("Self::A(v) => ::std::option::Option::Some(&v.meta)"), "{code}");
        assert!(code.contains("Self::Other(_) => ::std::option::Option::None"), "{code}");
        assert!(!code.contains("pub fn content(") && !code.contains("pub fn priority("), "{code}");
        // A union with a kind that is not a struct gets none.
        assert_eq!(code.matches("impl DnsRecord {").count(), 2, "{code}");
        assert!(!code.contains("impl Plain {"), "{code}");
    }

    #[test]
    fn a_closed_union_reads_a_required_field_without_option_and_keeps_its_own_methods() {
        let (count, code) = run(quote! {
            pub mod types {
                pub struct A { pub name: ::std::string::String, pub kind: ::std::string::String, pub size: i64 }
                pub struct B { pub name: ::std::string::String, pub kind: ::std::string::String, pub size: i64 }
                pub enum Thing { A(A), B(B) }
                impl Thing { pub fn kind(&self) -> &str { "" } }
            }
        });
        assert_eq!(count, 2, "{code}");
        assert!(code.contains("pub fn name(&self) -> &str"), "{code}");
        assert!(code.contains("Self::B(v) => v.name.as_str()"), "{code}");
        assert!(code.contains("pub fn size(&self) -> i64"), "{code}");
        // `kind` is the enum's own method already.
        assert_eq!(code.matches("pub fn kind(").count(), 1, "{code}");
    }
}

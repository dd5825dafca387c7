//! Discriminated unions (`lower/tagged.rs`) as enums read by their tag.
//!
//! Typify makes an untagged enum of such a union, and an untagged enum of structs whose fields
//! are all optional decodes every answer as its first variant. Each one is written here
//! instead: one variant per kind, named after its tag value (`DnsRecord::Aaaa(AaaaRecord)`),
//! and `Other(serde_json::Value)` for a kind the spec does not list. `Deserialize` reads the
//! tag and then the kind (`runtime/src/rt/tagged.rs`); `Serialize` writes the kind as it is, its tag
//! included. `kind()` gives the tag's value.

use quote::format_ident;
use syn::visit_mut::VisitMut;

use crate::error::{Error, Result};
use crate::lower::tagged::TaggedUnion;

/// Replaces typify's enum of every union in `unions`, with its impls; returns how many.
pub fn tag_unions(file: &mut syn::File, unions: &[TaggedUnion]) -> Result<usize> {
    if unions.is_empty() {
        return Ok(0);
    }
    let Some(items) = super::module_mut(&mut file.items, "types") else { return Ok(0) };
    let mut merged_fields = Vec::new();
    for union in unions.iter().filter(|u| u.merged) {
        merged_fields.extend(merged_union(items, union)?);
    }
    // In `fields` a union's name is its fields' struct: a field holding a union (its own
    // kind included) holds the enum.
    let merged_names: std::collections::BTreeSet<String> = unions.iter().filter(|u| u.merged).map(|u| u.name.clone()).collect();
    for item in &mut merged_fields {
        if let syn::Item::Struct(fields) = item {
            EnumsOutside(&merged_names).visit_fields_mut(&mut fields.fields);
        }
    }
    if !merged_fields.is_empty() {
        items.push(syn::parse_quote! {
            /// The merged fields of each union in a request, which its builder fills; the tag's
            /// value then picks the kind.
            pub(crate) mod fields {
                #[allow(unused_imports)]
                use super::*;
                #(#merged_fields)*
            }
        });
    }
    for union in unions {
        let position = items.iter().position(|item| matches!(item, syn::Item::Enum(e) if e.ident == union.name) || matches!(item, syn::Item::Struct(s) if s.ident == union.name)).ok_or_else(|| {
            Error::Generate {
                operation: "(all operations)".into(),
                message: format!("typify generated no enum `{}` for a tagged union; codegen/src/generate/tagged.rs must learn its new shape", union.name),
            }
        })?;
        let attrs = match items.remove(position) {
            syn::Item::Enum(typify) => {
                items.retain(|item| !matches!(item, syn::Item::Impl(block) if is_impl_of(block, &union.name)));
                typify.attrs
            }
            // A request's union: the struct left its place in `merged_union`.
            syn::Item::Struct(merged) => merged.attrs,
            _ => unreachable!("found as an enum or a struct above"),
        };
        // Its docs and derives stay; serde's are written below.
        let mut attrs: Vec<syn::Attribute> = attrs.into_iter().filter(|a| !a.path().is_ident("serde")).collect();
        super::open_enums::retain_derives(&mut attrs, &["Copy", "Serialize", "Deserialize", "PartialOrd", "Ord", "Eq", "Hash", "Default"]);
        let written: syn::File = syn::parse2(enum_tokens(union, &attrs))
            .map_err(|err| Error::Generate { operation: "(all operations)".into(), message: format!("the enum written for `{}` does not parse: {err}", union.name) })?;
        items.splice(position..position, written.items);
    }
    Ok(unions.len())
}

/// A union in a request, which typify made a struct of its kinds' merged fields: the struct
/// and its trait impls move to `types::fields` (returned), a copy of it keeps its place for
/// the enum to take, and its builder converts to and from the enum through those fields.
fn merged_union(items: &mut [syn::Item], union: &TaggedUnion) -> Result<Vec<syn::Item>> {
    let fail = |what: &str| Error::Generate {
        operation: "(all operations)".into(),
        message: format!("typify generated no {what} for the request union `{}`; codegen/src/generate/tagged.rs must learn its new shape", union.name),
    };
    let name = format_ident!("{}", union.name);
    let mut moved = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Struct(merged) if merged.ident == union.name => {
                let mut fields = merged.clone();
                fields.attrs.retain(|a| !a.path().is_ident("doc"));
                moved.push(syn::Item::Struct(fields));
            }
            // `From<&T> for T` and the like: the enum writes its own.
            syn::Item::Impl(block) if block.trait_.is_some() && is_impl_of(block, &union.name) => {
                moved.push(std::mem::replace(item, syn::Item::Verbatim(Default::default())));
            }
            _ => {}
        }
    }
    if moved.is_empty() {
        return Err(fail("struct"));
    }
    let builders = super::module_mut(items, "builder").ok_or_else(|| fail("builder module"))?;
    let has_builder = builders.iter().any(|item| matches!(item, syn::Item::Struct(builder) if builder.ident == union.name));
    if !has_builder {
        // No request builds it (`prune_builders`): a union that is a kind of another union
        // (a Durable Object export, kinds by `state`, is a kind of an export, kinds by `type`)
        // is reached only through the outer union's merged fields, which read each kind with
        // serde. The enum needs no conversions from a builder.
        return Ok(moved);
    }
    let mut into_fields = None;
    let mut from_fields = None;
    for item in builders.iter_mut() {
        let syn::Item::Impl(block) = item else { continue };
        let Some((_, trait_path, _)) = &block.trait_ else { continue };
        let trait_name = trait_path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let for_builder = is_impl_of(block, &union.name) && !matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.first().is_some_and(|s| s.ident == "super"));
        let Some(syn::ImplItem::Fn(function)) = block.items.iter().find(|i| matches!(i, syn::ImplItem::Fn(_))).cloned() else { continue };
        match (trait_name.as_str(), for_builder) {
            // builder -> struct: `Ok(Self { a: value.a?, .. })`, now building the fields.
            ("TryFrom", false) if is_impl_of(block, &union.name) => {
                let mut body = function.block;
                SelfToFields(syn::parse_quote! { super::fields::#name }).visit_block_mut(&mut body);
                into_fields = Some(body);
                *item = syn::Item::Verbatim(Default::default());
            }
            // struct -> builder: `Self { a: Ok(value.a), .. }`.
            ("From", true) => {
                from_fields = Some(function.block);
                *item = syn::Item::Verbatim(Default::default());
            }
            _ => {}
        }
    }
    let (Some(into_fields), Some(from_fields)) = (into_fields, from_fields) else { return Err(fail("conversions between the struct and its builder")) };
    // A kind that does not fit the merged fields fails each of them, so that whichever is
    // read first says why.
    let builder_fields: Vec<syn::Ident> = builders
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(builder) if builder.ident == union.name => Some(builder.fields.iter().filter_map(|f| f.ident.clone()).collect()),
            _ => None,
        })
        .ok_or_else(|| fail("builder struct"))?;
    let tag = &union.tag;
    let variants: Vec<syn::Ident> = union.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    let properties: Vec<Vec<&str>> = union.variants.iter().map(|v| v.properties.iter().map(String::as_str).collect()).collect();
    let union_name = &union.name;
    builders.push(syn::parse_quote! {
        impl #name {
            fn into_fields(value: #name) -> ::std::result::Result<super::fields::#name, super::error::ConversionError> #into_fields
            fn from_fields(value: super::fields::#name) -> Self #from_fields
        }
    });
    builders.push(syn::parse_quote! {
        impl ::std::convert::TryFrom<#name> for super::#name {
            type Error = super::error::ConversionError;
            fn try_from(value: #name) -> ::std::result::Result<Self, super::error::ConversionError> {
                let (tag, object) = crate::rt::tagged::fields_object(&#name::into_fields(value)?, #tag)?;
                ::std::result::Result::Ok(match tag.as_deref() {
                    #(::std::option::Option::Some(#values) => Self::#variants(crate::rt::tagged::kind_from_fields(object, #union_name, #tag, #values, &[#(#properties),*])?),)*
                    _ => Self::Other(::serde_json::Value::Object(object)),
                })
            }
        }
    });
    builders.push(syn::parse_quote! {
        impl ::std::convert::From<super::#name> for #name {
            fn from(value: super::#name) -> Self {
                match crate::rt::tagged::fields_of_kind(&value, #union_name) {
                    ::std::result::Result::Ok(fields) => Self::from_fields(fields),
                    ::std::result::Result::Err(message) => Self { #(#builder_fields: ::std::result::Result::Err(::std::clone::Clone::clone(&message)),)* },
                }
            }
        }
    });
    Ok(moved)
}

/// `T` -> `super::T` for the unions among `fields`' struct names, in a struct's field types.
struct EnumsOutside<'a>(&'a std::collections::BTreeSet<String>);

impl VisitMut for EnumsOutside<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, ty);
        if ty.qself.is_none() && ty.path.leading_colon.is_none() && ty.path.segments.len() == 1 && self.0.contains(&ty.path.segments[0].ident.to_string()) {
            let ident = &ty.path.segments[0].ident;
            ty.path = syn::parse_quote! { super::#ident };
        }
    }
}

/// `Self { .. }` -> `super::fields::T { .. }`, in a builder's conversion to its struct.
struct SelfToFields(syn::Path);

impl syn::visit_mut::VisitMut for SelfToFields {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        syn::visit_mut::visit_expr_struct_mut(self, expr);
        if expr.path.is_ident("Self") {
            expr.path = self.0.clone();
        }
    }
}

fn enum_tokens(union: &TaggedUnion, attrs: &[syn::Attribute]) -> proc_macro2::TokenStream {
    let name = format_ident!("{}", union.name);
    let tag = &union.tag;
    let variants: Vec<syn::Ident> = union.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let kinds: Vec<syn::Ident> = union.variants.iter().map(|v| format_ident!("{}", v.component)).collect();
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    let docs: Vec<String> = values.iter().map(|value| format!(" `{tag}` is `{value:?}`.")).collect();
    let other_doc = format!(" A kind this SDK does not know (newer than its spec), or one that does not fit its own type, as it was sent; `{tag}` says which.");
    let kind_doc = format!(" The kind, as `{tag}` gives it; for [`{name}::Other`], what it holds there, if text.");
    let deserialize = deserialize_tokens(union);
    quote::quote! {
        #(#attrs)*
        pub enum #name {
            #(#[doc = #docs] #variants(#kinds),)*
            #[doc = #other_doc]
            Other(::serde_json::Value),
        }

        impl #name {
            #[doc = #kind_doc]
            pub fn kind(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Self::#variants(_) => ::std::option::Option::Some(#values),)*
                    Self::Other(value) => value.get(#tag).and_then(::serde_json::Value::as_str),
                }
            }
        }

        #(impl ::std::convert::From<#kinds> for #name {
            fn from(value: #kinds) -> Self {
                Self::#variants(value)
            }
        })*

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => value.serialize(serializer),)*
                    Self::Other(value) => value.serialize(serializer),
                }
            }
        }

        #deserialize
    }
}

/// `Deserialize` of a union: an answer's reads leniently, a kind that does not fit its type
/// kept in `Other`; a request's (read from a caller's file, say) reads the kind strictly,
/// and only a kind the SDK does not know is `Other`.
fn deserialize_tokens(union: &TaggedUnion) -> proc_macro2::TokenStream {
    let name = format_ident!("{}", union.name);
    let tag = &union.tag;
    let variants: Vec<syn::Ident> = union.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    if union.merged {
        let union_name = &union.name;
        return quote::quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    match value.get(#tag).and_then(::serde_json::Value::as_str) {
                        #(::std::option::Option::Some(#values) => crate::rt::tagged::strict_kind(value, #union_name, Self::#variants),)*
                        ::std::option::Option::Some(_) => ::std::result::Result::Ok(Self::Other(value)),
                        ::std::option::Option::None => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(::std::concat!(#union_name, " needs `", #tag, "`, which says its kind"))),
                    }
                }
            }
        };
    }
    // The one kind that may leave the tag out is what an answer without it is.
    let untagged = union.untagged.as_ref().map(|variant| {
        let variant = format_ident!("{}", variant);
        quote::quote! { ::std::option::Option::None => crate::rt::tagged::kind(read, Self::#variant, Self::Other), }
    });
    quote::quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let (tag, read) = crate::rt::tagged::read(deserializer, #tag)?;
                ::std::result::Result::Ok(match tag.as_deref() {
                    #(::std::option::Option::Some(#values) => crate::rt::tagged::kind(read, Self::#variants, Self::Other),)*
                    #untagged
                    _ => crate::rt::tagged::other(read, Self::Other),
                })
            }
        }
    }
}

/// Whether `block` is an impl (of a trait or not) for the type `name`.
fn is_impl_of(block: &syn::ItemImpl, name: &str) -> bool {
    matches!(&*block.self_ty, syn::Type::Path(path) if path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_without_the_tag_reads_as_the_kind_that_may_leave_it_out() {
        let variants = vec![
            Variant { value: "created".into(), name: "Created".into(), component: "Live".into(), properties: vec![] },
            Variant { value: "deleted".into(), name: "Deleted".into(), component: "Gone".into(), properties: vec![] },
        ];
        let union = |untagged: Option<&str>| TaggedUnion { name: "Export".into(), tag: "state".into(), variants: variants.clone(), merged: false, untagged: untagged.map(str::to_string) };
        let without_tag = "None => crate :: rt :: tagged :: kind (read , Self :: Created , Self :: Other)";
        assert!(deserialize_tokens(&union(Some("Created"))).to_string().contains(without_tag));
        assert!(!deserialize_tokens(&union(None)).to_string().contains("None =>"), "without such a kind, an answer without the tag is `Other`");
    }
    use crate::lower::tagged::Variant;

    #[test]
    fn typify_enum_and_its_impls_give_way_to_one_read_by_its_tag() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                /// A DNS record.
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                #[serde(untagged)]
                pub enum Record { Variant0(ARecord), Variant1(MxRecord) }
                impl ::std::convert::From<ARecord> for Record { fn from(value: ARecord) -> Self { Self::Variant0(value) } }
                impl ::std::convert::From<&Self> for Record { fn from(value: &Record) -> Self { value.clone() } }
                pub struct ARecord {}
                pub struct MxRecord {}
                impl ::std::convert::From<&ARecord> for ARecord { fn from(value: &ARecord) -> Self { value.clone() } }
            }
        };
        let union = TaggedUnion {
            name: "Record".into(),
            tag: "type".into(),
            variants: vec![
                Variant { value: "A".into(), name: "A".into(), component: "ARecord".into(), properties: vec![] },
                Variant { value: "MX".into(), name: "Mx".into(), component: "MxRecord".into(), properties: vec![] },
            ],
            merged: false,
            untagged: None,
        };
        assert_eq!(tag_unions(&mut file, std::slice::from_ref(&union)).unwrap(), 1);
        let code = prettyplease::unparse(&file);
        assert!(code.contains("/// A DNS record.\n    #[derive(Clone, Debug, PartialEq)]\n    pub enum Record {"), "{code}");
        assert!(code.contains("A(ARecord),") && code.contains("Mx(MxRecord),") && code.contains("Other(::serde_json::Value),"), "{code}");
        assert!(!code.contains("Variant0") && !code.contains("untagged"), "{code}");
        assert!(code.contains(r#"::std::option::Option::Some("MX") => {"#) && code.contains("crate::rt::tagged::kind(read, Self::Mx, Self::Other)"), "{code}");
        assert!(code.contains(r#"crate::rt::tagged::read(deserializer, "type")"#), "{code}");
        // The kinds' own impls stay.
        assert!(code.contains("impl ::std::convert::From<&ARecord> for ARecord"), "{code}");

        // A union typify did not make an enum of is a generation error, not a silent skip.
        let mut empty: syn::File = syn::parse_quote! { pub mod types {} };
        let err = tag_unions(&mut empty, &[union]).unwrap_err().to_string();
        assert!(err.contains("no enum `Record`"), "{err}");
    }

    #[test]
    fn a_request_union_becomes_the_enum_and_its_builder_fills_the_merged_fields() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                /// A record to create.
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                pub struct Body { pub content: ::std::option::Option<::std::string::String>, pub nested: ::std::vec::Vec<Body>, #[serde(rename = "type")] pub type_: BodyType }
                impl ::std::convert::From<&Body> for Body { fn from(value: &Body) -> Self { value.clone() } }
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                pub struct BodyA {}
                pub struct BodyMx {}
                pub mod builder {
                    pub struct Body { content: Result<Option<String>, String>, nested: Result<Vec<super::Body>, String>, type_: Result<super::BodyType, String> }
                    impl ::std::convert::TryFrom<Body> for super::Body {
                        type Error = super::error::ConversionError;
                        fn try_from(value: Body) -> ::std::result::Result<Self, super::error::ConversionError> {
                            Ok(Self { content: value.content?, nested: value.nested?, type_: value.type_? })
                        }
                    }
                    impl ::std::convert::From<super::Body> for Body {
                        fn from(value: super::Body) -> Self { Self { content: Ok(value.content), nested: Ok(value.nested), type_: Ok(value.type_) } }
                    }
                }
            }
        };
        let union = TaggedUnion {
            name: "Body".into(),
            tag: "type".into(),
            variants: vec![
                Variant { value: "A".into(), name: "A".into(), component: "BodyA".into(), properties: vec!["content".into(), "type".into()] },
                Variant { value: "MX".into(), name: "Mx".into(), component: "BodyMx".into(), properties: vec!["type".into()] },
            ],
            merged: true,
            untagged: None,
        };
        assert_eq!(tag_unions(&mut file, &[union]).unwrap(), 1);
        let code = prettyplease::unparse(&file);
        // The enum takes the struct's place, with its docs and its `builder()`.
        assert!(code.contains("/// A record to create.\n    #[derive(Clone, Debug, PartialEq)]\n    pub enum Body {\n"), "{code}");
        assert!(code.contains("impl Body {\n        pub fn builder() -> builder::Body"), "{code}");
        // The merged fields move to `fields`, where a union they hold is still the enum.
        assert!(code.contains("pub(crate) mod fields {"), "{code}");
        assert!(code.contains("pub nested: ::std::vec::Vec<super::Body>"), "{code}");
        assert!(code.contains("impl ::std::convert::From<&Body> for Body"), "{code}");
        // The builder converts through them, the tag picking the kind.
        assert!(code.contains("Ok(super::fields::Body {"), "{code}");
        let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(r#"Some("MX") => { Self::Mx( crate::rt::tagged::kind_from_fields( object, "Body", "type", "MX", &["type"], )?, ) }"#), "{code}");
        assert!(flat.contains("_ => Self::Other(::serde_json::Value::Object(object))"), "{code}");
        let dense: String = code.split_whitespace().collect();
        let failed = "::std::result::Result::Err(::std::clone::Clone::clone(&message),)";
        assert!(dense.contains(&format!("::std::result::Result::Err(message)=>{{Self{{content:{failed},nested:{failed},type_:{failed},}}}}")), "{code}");
        assert!(dense.contains(r#"Some("A")=>{crate::rt::tagged::strict_kind(value,"Body",Self::A)}"#), "{code}");
    }
}

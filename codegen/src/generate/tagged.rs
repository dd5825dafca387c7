//! Discriminated unions (`lower/tagged.rs`) as enums read by their tag.
//!
//! Typify makes an untagged enum of such a union, and an untagged enum of structs whose fields
//! are all optional decodes every answer as its first variant. Each one is written here
//! instead: one variant per kind, named after its tag value (`DnsRecord::Aaaa(AaaaRecord)`),
//! and `Other(serde_json::Value)` for a kind the spec does not list. `Deserialize` reads the
//! tag and then the kind (`src/tagged.rs`); `Serialize` writes the kind as it is, its tag
//! included. `kind()` gives the tag's value.

use quote::format_ident;

use crate::error::{Error, Result};
use crate::lower::tagged::TaggedUnion;

/// Replaces typify's enum of every union in `unions`, with its impls; returns how many.
pub fn tag_unions(file: &mut syn::File, unions: &[TaggedUnion]) -> Result<usize> {
    if unions.is_empty() {
        return Ok(0);
    }
    let Some(items) = super::module_mut(&mut file.items, "types") else { return Ok(0) };
    for union in unions {
        let position = items.iter().position(|item| matches!(item, syn::Item::Enum(e) if e.ident == union.name)).ok_or_else(|| Error::Generate {
            operation: "(all operations)".into(),
            message: format!("typify generated no enum `{}` for a tagged union; codegen/src/generate/tagged.rs must learn its new shape", union.name),
        })?;
        let syn::Item::Enum(typify) = items.remove(position) else { unreachable!("found as an enum above") };
        // Its docs and derives stay; serde's are written below.
        let mut attrs: Vec<syn::Attribute> = typify.attrs.into_iter().filter(|a| !a.path().is_ident("serde")).collect();
        super::open_enums::retain_derives(&mut attrs, &["Copy", "Serialize", "Deserialize", "PartialOrd", "Ord", "Eq", "Hash"]);
        items.retain(|item| !matches!(item, syn::Item::Impl(block) if is_impl_of(block, &union.name)));
        let written: syn::File = syn::parse2(enum_tokens(union, &attrs))
            .map_err(|err| Error::Generate { operation: "(all operations)".into(), message: format!("the enum written for `{}` does not parse: {err}", union.name) })?;
        items.splice(position..position, written.items);
    }
    Ok(unions.len())
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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let (tag, read) = crate::tagged::read(deserializer, #tag)?;
                ::std::result::Result::Ok(match tag.as_deref() {
                    #(::std::option::Option::Some(#values) => crate::tagged::kind(read, Self::#variants, Self::Other),)*
                    _ => crate::tagged::other(read, Self::Other),
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
            variants: vec![Variant { value: "A".into(), name: "A".into(), component: "ARecord".into() }, Variant { value: "MX".into(), name: "Mx".into(), component: "MxRecord".into() }],
        };
        assert_eq!(tag_unions(&mut file, std::slice::from_ref(&union)).unwrap(), 1);
        let code = prettyplease::unparse(&file);
        assert!(code.contains("/// A DNS record.\n    #[derive(Clone, Debug, PartialEq)]\n    pub enum Record {"), "{code}");
        assert!(code.contains("A(ARecord),") && code.contains("Mx(MxRecord),") && code.contains("Other(::serde_json::Value),"), "{code}");
        assert!(!code.contains("Variant0") && !code.contains("untagged"), "{code}");
        assert!(code.contains(r#"::std::option::Option::Some("MX") => {"#) && code.contains("crate::tagged::kind(read, Self::Mx, Self::Other)"), "{code}");
        assert!(code.contains(r#"crate::tagged::read(deserializer, "type")"#), "{code}");
        // The kinds' own impls stay.
        assert!(code.contains("impl ::std::convert::From<&ARecord> for ARecord"), "{code}");

        // A union typify did not make an enum of is a generation error, not a silent skip.
        let mut empty: syn::File = syn::parse_quote! { pub mod types {} };
        let err = tag_unions(&mut empty, &[union]).unwrap_err().to_string();
        assert!(err.contains("no enum `Record`"), "{err}");
    }
}

//! String enums that keep values they do not know.
//!
//! Cloudflare adds enum values over time; a closed enum would fail a whole answer on the first
//! new one. Every string enum typify generates gets a last variant, `Other(String)`
//! (`OtherValue` when a value already took `Other`), that holds any other string and is
//! written back as that string. Known values stay variants, so a `match` is typed, and a new
//! value never fails a call. `as_str`, `Display`, `FromStr` (which never fails) and serde's
//! traits are written here, the serde ones as calls of one runtime function
//! (`runtime/src/rt/open_enum.rs`): serde's derive gave each enum a visitor of its own, a fifth of the
//! crate's check time once responses had enums too.
//!
//! Unions of unlike kinds (`"on"` or an object, lowered to a `oneOf` with a branch per kind)
//! are typify's untagged enums, one variant per kind; they get a last variant too,
//! `Other(serde_json::Value)`, that holds a value none of the others decodes. So a union
//! never fails an answer either, and keeps what it was sent.

/// Opens every string enum of the `types` module in `file`; returns how many.
pub fn open_string_enums(file: &mut syn::File) -> usize {
    let Some(items) = super::module_mut(&mut file.items, "types") else { return 0 };
    let mut opened = Vec::new();
    for item in items.iter_mut() {
        let syn::Item::Enum(item) = item else { continue };
        let Some(values) = string_values(item) else { continue };
        let other = ["Other", "OtherValue"].into_iter().find(|name| !item.variants.iter().any(|v| v.ident == name));
        let Some(other) = other.map(|name| syn::Ident::new(name, proc_macro2::Span::call_site())) else { continue };
        drop_derives(&mut item.attrs);
        for variant in item.variants.iter_mut() {
            variant.attrs.retain(|a| !a.path().is_ident("serde"));
        }
        item.variants.push(syn::parse_quote! {
            /// A value this SDK does not know (newer than its spec), as it was sent.
            #other(::std::string::String)
        });
        opened.push((item.ident.clone(), other, values));
    }
    let names: Vec<String> = opened.iter().map(|(name, _, _)| name.to_string()).collect();
    // Typify's own `Display` and `FromStr` know only the listed values.
    items.retain(|item| !matches!(item, syn::Item::Impl(block) if is_replaced_impl(block, &names)));
    for (name, other, values) in &opened {
        let (variants, texts): (Vec<&syn::Ident>, Vec<&String>) = values.iter().map(|(v, t)| (v, t)).unzip();
        let file: syn::File = syn::parse_quote! {
            impl #name {
                /// The value as it is sent.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #texts,)*
                        Self::#other(value) => value,
                    }
                }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::std::str::FromStr for #name {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    ::std::result::Result::Ok(match value {
                        #(#texts => Self::#variants,)*
                        other => Self::#other(other.to_owned()),
                    })
                }
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::rt::open_enum::deserialize(deserializer)
                }
            }
        };
        items.extend(file.items);
    }
    opened.len()
}

/// Gives every untagged enum of the `types` module in `file` a last variant holding any
/// JSON value (see the module docs); returns how many.
pub fn open_untagged_enums(file: &mut syn::File) -> crate::error::Result<usize> {
    let Some(items) = super::module_mut(&mut file.items, "types") else { return Ok(0) };
    name_variants_by_kind(items);
    let mut opened = Vec::new();
    for item in items.iter_mut() {
        let syn::Item::Enum(item) = item else { continue };
        if !is_untagged(item) {
            continue;
        }
        let other = ["Other", "OtherValue"].into_iter().find(|name| !item.variants.iter().any(|v| v.ident == name));
        let Some(other) = other.map(|name| syn::Ident::new(name, proc_macro2::Span::call_site())) else { continue };
        // A JSON value is neither `Copy` nor ordered.
        retain_derives(&mut item.attrs, &["Copy", "PartialOrd", "Ord"]);
        item.variants.push(syn::parse_quote! {
            /// A value of a kind the spec does not give here, as it was sent.
            #other(::serde_json::Value)
        });
        opened.push((item.ident.to_string(), other));
    }
    // Typify writes `Display` for a union of scalars as a `match` over its variants; the new
    // one is shown as its JSON text.
    for item in items.iter_mut() {
        let syn::Item::Impl(block) = item else { continue };
        let Some((name, other)) = opened.iter().find(|(name, _)| is_trait_impl_for(block, "Display", name)) else { continue };
        let arms = block.items.iter_mut().find_map(|item| match item {
            syn::ImplItem::Fn(method) => match method.block.stmts.last_mut() {
                Some(syn::Stmt::Expr(syn::Expr::Match(expr), None)) => Some(&mut expr.arms),
                _ => None,
            },
            _ => None,
        });
        let Some(arms) = arms else {
            return Err(crate::error::Error::Generate {
                operation: "(all operations)".into(),
                message: format!("typify's `Display` for `{name}` is not a `match`; codegen/src/generate/open_enums.rs must learn its new shape"),
            });
        };
        arms.push(syn::parse_quote! { Self::#other(value) => value.fmt(f), });
    }
    Ok(opened.len())
}

/// Names each variant of an untagged enum after the JSON kind it holds (`String`, `Object`,
/// `Array`, ...). Typify names a variant after its type, and the name of an object's type can
/// change with the naming rules; the kind cannot.
fn name_variants_by_kind(items: &mut [syn::Item]) {
    use syn::visit_mut::VisitMut;
    let string_enums: std::collections::BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            // Opened already: unit variants and the last one holding the other texts.
            syn::Item::Enum(item)
                if item.variants.iter().rev().skip(1).all(|v| matches!(v.fields, syn::Fields::Unit)) && item.variants.last().and_then(|v| json_kind(v, &Default::default())) == Some("String") =>
            {
                Some(item.ident.to_string())
            }
            _ => None,
        })
        .collect();
    let mut renamed: Vec<(String, Vec<(syn::Ident, syn::Ident)>)> = Vec::new();
    for item in items.iter_mut() {
        let syn::Item::Enum(item) = item else { continue };
        if !is_untagged(item) {
            continue;
        }
        let kinds: Option<Vec<&str>> = item.variants.iter().map(|v| json_kind(v, &string_enums)).collect();
        let Some(kinds) = kinds else { continue };
        if kinds.iter().collect::<std::collections::BTreeSet<_>>().len() != kinds.len() {
            continue;
        }
        let mut pairs = Vec::new();
        for (variant, kind) in item.variants.iter_mut().zip(kinds) {
            if variant.ident != kind {
                let new = syn::Ident::new(kind, variant.ident.span());
                pairs.push((std::mem::replace(&mut variant.ident, new.clone()), new));
            }
        }
        if !pairs.is_empty() {
            renamed.push((item.ident.to_string(), pairs));
        }
    }
    // The impls typify wrote for the enum (`From`, `Display`) name its variants too.
    struct Rename<'a>(&'a str, &'a [(syn::Ident, syn::Ident)]);
    impl VisitMut for Rename<'_> {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            let n = path.segments.len();
            if n >= 2 && (path.segments[n - 2].ident == "Self" || path.segments[n - 2].ident == self.0) {
                if let Some((_, new)) = self.1.iter().find(|(old, _)| path.segments[n - 1].ident == *old) {
                    path.segments[n - 1].ident = new.clone();
                }
            }
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    for item in items.iter_mut() {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else { continue };
        if let Some((name, pairs)) = renamed.iter().find(|(n, _)| *n == name) {
            Rename(name, pairs).visit_item_impl_mut(block);
        }
    }
}

/// The JSON kind a variant of one unnamed field holds, from its Rust type.
fn json_kind(variant: &syn::Variant, string_enums: &std::collections::BTreeSet<String>) -> Option<&'static str> {
    let syn::Fields::Unnamed(fields) = &variant.fields else { return None };
    let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else { return None };
    let syn::Type::Path(ty) = &field.ty else { return None };
    let last = ty.path.segments.last()?.ident.to_string();
    Some(match last.as_str() {
        "String" => "String",
        "bool" => "Boolean",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "NonZeroU64" => "Integer",
        "f32" | "f64" => "Number",
        "Vec" => "Array",
        "Map" => "Object",
        "Value" | "Box" => return None,
        named if string_enums.contains(named) => "String",
        _ => "Object",
    })
}

fn is_trait_impl_for(block: &syn::ItemImpl, trait_name: &str, type_name: &str) -> bool {
    let Some((_, trait_path, _)) = &block.trait_ else { return false };
    let syn::Type::Path(self_ty) = &*block.self_ty else { return false };
    trait_path.segments.last().is_some_and(|s| s.ident == trait_name) && self_ty.path.segments.last().is_some_and(|s| s.ident == type_name)
}

pub(super) fn is_untagged(item: &syn::ItemEnum) -> bool {
    item.attrs.iter().filter(|a| a.path().is_ident("serde")).any(|attr| {
        let mut untagged = false;
        let _ = attr.parse_nested_meta(|meta| {
            untagged |= meta.path.is_ident("untagged");
            Ok(())
        });
        untagged
    })
}

/// (variant, value) of an enum whose variants are all unit variants serialised as strings.
fn string_values(item: &syn::ItemEnum) -> Option<Vec<(syn::Ident, String)>> {
    if item.variants.is_empty() {
        return None;
    }
    item.variants
        .iter()
        .map(|variant| {
            if !matches!(variant.fields, syn::Fields::Unit) {
                return None;
            }
            let renamed = variant.attrs.iter().filter(|a| a.path().is_ident("serde")).find_map(|attr| {
                let mut value = None;
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        value = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    }
                    Ok(())
                });
                value
            });
            Some((variant.ident.clone(), renamed.unwrap_or_else(|| variant.ident.to_string())))
        })
        .collect()
}

/// Removes `Copy` (a variant holding a `String` cannot be copied) and serde's derives
/// (written by hand) from the derives.
fn drop_derives(attrs: &mut [syn::Attribute]) {
    retain_derives(attrs, &["Copy", "Serialize", "Deserialize"]);
}

/// Removes the derives named in `dropped`.
pub(super) fn retain_derives(attrs: &mut [syn::Attribute], dropped: &[&str]) {
    let dropped = |path: &syn::Path| dropped.iter().any(|name| path.segments.last().is_some_and(|s| s.ident == name));
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let parser = syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
        let Ok(paths) = attr.parse_args_with(parser) else { continue };
        let kept = paths.into_iter().filter(|p| !dropped(p));
        *attr = syn::parse_quote! { #[derive(#(#kept),*)] };
    }
}

fn is_replaced_impl(block: &syn::ItemImpl, names: &[String]) -> bool {
    ["Display", "FromStr", "Serialize", "Deserialize"].iter().any(|t| names.iter().any(|name| is_trait_impl_for(block, t, name)))
}

#[cfg(test)]
mod tests {
    use super::{open_string_enums, open_untagged_enums};

    #[test]
    fn unions_of_kinds_get_a_variant_for_any_other_json() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, PartialEq, PartialOrd)]
                #[serde(untagged)]
                pub enum Flag {
                    Boolean(bool),
                    Variant1(i64),
                    CObject(CObject),
                }
                impl ::std::fmt::Display for Flag {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            Self::Boolean(x) => x.fmt(f),
                            Self::Variant1(x) => x.fmt(f),
                            Flag::CObject(x) => x.fmt(f),
                        }
                    }
                }
                pub struct CObject {}
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub enum Tagged { A(i64) }
            }
        };
        assert_eq!(open_untagged_enums(&mut file).unwrap(), 1);
        let code: String = quote::ToTokens::to_token_stream(&file).to_string().split_whitespace().collect();
        // Variants are named after the kind they hold, wherever typify names them.
        assert!(code.contains("Integer(i64),Object(CObject),#[doc=r\"Avalueofakindthespecdoesnotgivehere,asitwassent.\"]Other(::serde_json::Value)}"), "{code}");
        assert!(code.contains("#[derive(::serde::Deserialize,::serde::Serialize,Clone,Debug,PartialEq)]#[serde(untagged)]"), "{code}");
        assert!(code.contains("Self::Integer(x)=>x.fmt(f),Flag::Object(x)=>x.fmt(f),Self::Other(value)=>value.fmt(f),}"), "{code}");
        // An enum that is not untagged is left alone.
        assert!(code.contains("pubenumTagged{A(i64)}"), "{code}");
    }

    #[test]
    fn string_enums_get_a_variant_for_other_values_and_never_fail_to_parse() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, PartialEq)]
                pub enum Status {
                    #[serde(rename = "active")]
                    Active,
                    #[serde(rename = "other")]
                    Other,
                }
                impl ::std::fmt::Display for Status {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { todo!() }
                }
                pub enum Shape { Circle(f64) }
            }
        };
        assert_eq!(open_string_enums(&mut file), 1);
        let code: String = quote::ToTokens::to_token_stream(&file).to_string().split_whitespace().collect();
        // `Other` is a value's variant already, so the catch-all is `OtherValue`.
        assert!(code.contains("OtherValue(::std::string::String)"), "{code}");
        assert!(!code.contains("Copy") && !code.contains("todo!()") && !code.contains("#[serde(rename"), "{code}");
        assert!(code.contains("#[derive(Clone,Debug,PartialEq)]"), "{code}");
        assert!(code.contains("crate::rt::open_enum::deserialize(deserializer)"), "{code}");
        assert!(code.contains(r#""active"=>Self::Active,"other"=>Self::Other,other=>Self::OtherValue(other.to_owned()),"#), "{code}");
        // An enum with data is left alone.
        assert!(code.contains("pubenumShape{Circle(f64)}"), "{code}");
    }
}

//! String enums that keep values they do not know.
//!
//! Cloudflare adds enum values over time; a closed enum would fail a whole answer on the first
//! new one. Every string enum typify generates gets a last variant, `Other(String)`
//! (`OtherValue` when a value already took `Other`), that holds any other string and is
//! written back as that string. Known values stay variants, so a `match` is typed, and a new
//! value never fails a call. `as_str`, `Display`, `FromStr` (which never fails) and serde's
//! traits are written here, the serde ones as calls of one runtime function
//! (`src/open_enum.rs`): serde's derive gave each enum a visitor of its own, a fifth of the
//! crate's check time once responses had enums too.

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
                    crate::open_enum::deserialize(deserializer)
                }
            }
        };
        items.extend(file.items);
    }
    opened.len()
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
    let dropped = |path: &syn::Path| ["Copy", "Serialize", "Deserialize"].iter().any(|name| path.segments.last().is_some_and(|s| s.ident == name));
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let parser = syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
        let Ok(paths) = attr.parse_args_with(parser) else { continue };
        let kept = paths.into_iter().filter(|p| !dropped(p));
        *attr = syn::parse_quote! { #[derive(#(#kept),*)] };
    }
}

fn is_replaced_impl(block: &syn::ItemImpl, names: &[String]) -> bool {
    let Some((_, trait_path, _)) = &block.trait_ else { return false };
    let is_trait = |name: &str| trait_path.segments.last().is_some_and(|s| s.ident == name);
    let syn::Type::Path(self_ty) = &*block.self_ty else { return false };
    let self_name = self_ty.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    (is_trait("Display") || is_trait("FromStr") || is_trait("Serialize") || is_trait("Deserialize")) && names.contains(&self_name)
}

#[cfg(test)]
mod tests {
    use super::open_string_enums;

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
        assert!(code.contains("crate::open_enum::deserialize(deserializer)"), "{code}");
        assert!(code.contains(r#""active"=>Self::Active,"other"=>Self::Other,other=>Self::OtherValue(other.to_owned()),"#), "{code}");
        // An enum with data is left alone.
        assert!(code.contains("pubenumShape{Circle(f64)}"), "{code}");
    }
}

//! Plain values where plain values go, in the types a caller fills.
//!
//! - **Optional fields take the value itself.** Typify's setter of an optional field takes
//!   what converts to `Option<T>`, so `.content("192.0.2.1")` does not compile (`&str` is not
//!   an `Option<String>`) and a caller writes `Some(..)` around every value. The setter takes
//!   what converts to `T`, or an `Option` of it (`src/setters.rs`, `IntoOptional`).
//! - **Unions convert from each kind.** Typify's enum of a union of unlike kinds
//!   (`String(String)`, `Object(..)`) implements `From` for some variants only; every variant's
//!   type converts here, text from `&str` too and numbers from the narrower integers, unless
//!   the enum converts from that type already.

use std::collections::BTreeSet;

use quote::ToTokens;
use syn::visit_mut::VisitMut;

/// Rewrites the setters of optional fields in the type builders; returns how many.
pub fn optional_setters(file: &mut syn::File) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    let Some(builders) = super::module_mut(types, "builder") else { return 0 };
    let mut count = 0;
    for item in builders.iter_mut() {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        for member in &mut block.items {
            if let syn::ImplItem::Fn(setter) = member {
                count += usize::from(take_plain_value(setter));
            }
        }
    }
    count
}

/// `fn x<T>(mut self, value: T) where T: TryInto<Option<X>>, T::Error: Display` ->
/// `fn x<T, M>(mut self, value: T) where T: IntoOptional<X, M>`, its body reading
/// `value.into_optional()` for `value.try_into()`.
fn take_plain_value(setter: &mut syn::ImplItemFn) -> bool {
    let Some(where_clause) = &setter.sig.generics.where_clause else { return false };
    let inner = where_clause.predicates.iter().find_map(|predicate| match predicate {
        syn::WherePredicate::Type(bound) if bound.bounded_ty.to_token_stream().to_string() == "T" => bound.bounds.iter().find_map(|b| match b {
            syn::TypeParamBound::Trait(t) => optional_try_into(&t.path),
            _ => None,
        }),
        _ => None,
    });
    let Some(inner) = inner else { return false };
    setter.sig.generics.params.push(syn::parse_quote! { M });
    setter.sig.generics.where_clause = Some(syn::parse_quote! { where T: crate::setters::IntoOptional<#inner, M> });
    let mut rewrite = IntoOptionalCall(false);
    rewrite.visit_block_mut(&mut setter.block);
    rewrite.0
}

/// `X` of `::std::convert::TryInto<::std::option::Option<X>>`.
fn optional_try_into(path: &syn::Path) -> Option<syn::Type> {
    let last = path.segments.last().filter(|s| s.ident == "TryInto")?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    let Some(syn::GenericArgument::Type(syn::Type::Path(option))) = args.args.first() else { return None };
    let option = option.path.segments.last().filter(|s| s.ident == "Option")?;
    let syn::PathArguments::AngleBracketed(args) = &option.arguments else { return None };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) => Some(inner.clone()),
        _ => None,
    }
}

struct IntoOptionalCall(bool);

impl VisitMut for IntoOptionalCall {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr {
            if call.method == "try_into" && call.args.is_empty() && call.receiver.to_token_stream().to_string() == "value" {
                *expr = syn::parse_quote! { crate::setters::IntoOptional::into_optional(value) };
                self.0 = true;
            }
        }
    }
}

/// Adds the conversions of each union of kinds from its variants' types; returns how many.
pub fn union_conversions(file: &mut syn::File) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    // What each type converts from already (`From` or `TryFrom`).
    let mut converts: BTreeSet<(String, String)> = BTreeSet::new();
    for item in types.iter() {
        let syn::Item::Impl(block) = item else { continue };
        let Some((_, path, _)) = &block.trait_ else { continue };
        let Some(last) = path.segments.last().filter(|s| s.ident == "From" || s.ident == "TryFrom") else { continue };
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else { continue };
        if let Some(syn::GenericArgument::Type(from)) = args.args.first() {
            converts.insert((type_name(&block.self_ty), normalized(from)));
        }
    }
    let mut added: Vec<syn::Item> = Vec::new();
    for item in types.iter() {
        let syn::Item::Enum(union) = item else { continue };
        if !super::open_enums::is_untagged(union) {
            continue;
        }
        let name = &union.ident;
        let kinds: Vec<(&syn::Ident, &syn::Type)> = union
            .variants
            .iter()
            .filter(|v| v.ident != "Other" && v.ident != "OtherValue")
            .filter_map(|v| match &v.fields {
                syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some((&v.ident, &fields.unnamed[0].ty)),
                _ => None,
            })
            .collect();
        let mut taken: BTreeSet<String> = kinds.iter().map(|(_, ty)| normalized(ty)).collect();
        let unique = |ty: &syn::Type| kinds.iter().filter(|(_, t)| normalized(t) == normalized(ty)).count() == 1;
        for (variant, ty) in &kinds {
            if !unique(ty) {
                continue;
            }
            let mut sources: Vec<(syn::Type, proc_macro2::TokenStream)> = vec![((*ty).clone(), quote::quote! { value })];
            match normalized(ty).as_str() {
                "::std::string::String" => sources.push((syn::parse_quote! { &str }, quote::quote! { value.to_owned() })),
                "f64" => sources.extend(["f32", "i32", "u32"].map(|n| (syn::parse_str(n).expect("a type"), quote::quote! { ::std::convert::From::from(value) }))),
                "i64" => sources.extend(["i32", "u32"].map(|n| (syn::parse_str(n).expect("a type"), quote::quote! { ::std::convert::From::from(value) }))),
                _ => {}
            }
            for (source, conversion) in sources {
                let key = normalized(&source);
                // A narrower number another variant takes as it is stays with that one.
                if converts.contains(&(name.to_string(), key.clone())) || (key != normalized(ty) && !taken.insert(key.clone())) {
                    continue;
                }
                converts.insert((name.to_string(), key));
                added.push(syn::parse_quote! {
                    impl ::std::convert::From<#source> for #name {
                        fn from(value: #source) -> Self {
                            Self::#variant(#conversion)
                        }
                    }
                });
            }
        }
    }
    let count = added.len();
    types.extend(added);
    count
}

fn normalized(ty: &syn::Type) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_setter_takes_the_value_or_an_option_of_it() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub mod builder {
                    impl Record {
                        pub fn content<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.content = value.try_into().map_err(crate::rt::setter_errors::failed_with("error converting supplied value for content"));
                            self
                        }
                        pub fn name<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::string::String>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.name = value.try_into().map_err(crate::rt::setter_errors::failed_with("error converting supplied value for name"));
                            self
                        }
                    }
                }
            }
        };
        assert_eq!(optional_setters(&mut file), 1);
        let code = prettyplease::unparse(&file);
        assert!(code.contains("pub fn content<T, M>(mut self, value: T) -> Self\n"), "{code}");
        assert!(code.contains("where\n                T: crate::setters::IntoOptional<::std::string::String, M>,\n"), "{code}");
        assert!(code.contains("self.content = crate::setters::IntoOptional::into_optional(value)"), "{code}");
        // A required field's setter is left as it was.
        assert!(code.contains("pub fn name<T>(mut self, value: T) -> Self") && code.contains("self.name = value\n"), "{code}");
    }

    #[test]
    fn a_union_converts_from_each_kind_and_text_from_str() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[serde(untagged)]
                pub enum File { String(::std::string::String), Object(FileObject), Other(::serde_json::Value) }
                impl ::std::convert::From<FileObject> for File { fn from(value: FileObject) -> Self { Self::Object(value) } }
                #[serde(untagged)]
                pub enum Ttl { Number(f64), Boolean(bool), Other(::serde_json::Value) }
                #[serde(untagged)]
                pub enum Pair { Left(::std::string::String), Right(::std::string::String) }
            }
        };
        let count = union_conversions(&mut file);
        let code = prettyplease::unparse(&file);
        for wanted in [
            "impl ::std::convert::From<::std::string::String> for File",
            "impl ::std::convert::From<&str> for File",
            "impl ::std::convert::From<f64> for Ttl",
            "impl ::std::convert::From<i32> for Ttl",
            "impl ::std::convert::From<bool> for Ttl",
        ] {
            assert!(code.contains(wanted), "{wanted}: {code}");
        }
        // Existing conversions stay single; a type two variants hold converts to neither.
        assert_eq!(code.matches("From<FileObject> for File").count(), 1, "{code}");
        assert!(!code.contains("for Pair") && !code.contains("From<::serde_json::Value>"), "{code}");
        assert_eq!(count, 2 + 4 + 1);
    }
}

//! Nested values written in place, in the types a caller fills.
//!
//! - **A union converts from each kind's builder.** Where a union converts from a kind
//!   (`From<ActionBlock> for Action`) and the kind has a builder, the union converts from the
//!   builder too, so a union's setter takes a kind being built.
//! - **A list of objects takes its items one by one.** Each builder's list of objects (or of
//!   unions whose kinds have builders) gets `add_<item>`, appending an item given as a
//!   finished value, its builder, or a kind's builder (`runtime/src/setters.rs`, `push`):
//!   `.add_rule(builder::Rule::default().expression("..").action("block"))`, no `try_into()?`
//!   per item. The list's own setter stays as it is: had it taken a list of builders as well
//!   as of items, `vec![a.into(), b.into()]` (a list of unions from its kinds) would no longer
//!   compile, its items' type being ambiguous.

use std::collections::{BTreeMap, BTreeSet};

use quote::{format_ident, ToTokens};

use crate::lower::names;

/// Adds the conversions and the `add_<item>` methods; returns how many methods.
pub fn builders_in_place(file: &mut syn::File) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    let unions = union_kinds(types);
    let Some(builders) = super::module_mut(types, "builder") else { return 0 };
    let built: BTreeSet<String> = builders
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let takes_builders = |item: &str| built.contains(item) || unions.get(item).is_some_and(|kinds| kinds.iter().any(|kind| built.contains(kind)));
    let mut added: Vec<syn::Item> = Vec::new();
    for (union, kinds) in &unions {
        for kind in kinds.iter().filter(|kind| built.contains(*kind)) {
            let (union, kind) = (format_ident!("{union}"), format_ident!("{kind}"));
            added.push(syn::parse_quote! {
                impl ::std::convert::TryFrom<#kind> for super::#union {
                    type Error = super::error::ConversionError;
                    fn try_from(value: #kind) -> ::std::result::Result<Self, super::error::ConversionError> {
                        ::std::result::Result::Ok(super::#kind::try_from(value)?.into())
                    }
                }
            });
        }
    }
    let unset = unset_messages(builders);
    let lists: Vec<(String, Vec<List>)> = builders
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), s.fields.iter().filter_map(|field| List::of(&s.ident.to_string(), field, &unset)).filter(|list| takes_builders(&list.item)).collect())),
            _ => None,
        })
        .collect();
    let mut count = 0;
    for (builder, lists) in lists {
        let Some(block) = builders.iter_mut().find_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() && block.self_ty.to_token_stream().to_string() == builder => Some(block),
            _ => None,
        }) else {
            continue;
        };
        let mut taken: BTreeSet<String> = block
            .items
            .iter()
            .filter_map(|member| match member {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        for list in lists {
            let method = format!("add_{}", names::singular(list.field.to_string().trim_end_matches('_')));
            if !taken.insert(method.clone()) {
                continue;
            }
            block.items.push(list.appender(&method, unions.contains_key(&list.item)));
            count += 1;
        }
    }
    builders.extend(added);
    count
}

/// A list field of a type builder whose items are `super::<item>`.
struct List {
    field: syn::Ident,
    item: String,
    /// The builder's message for the list not set, when it is required.
    unset: Option<String>,
}

impl List {
    /// `field: Result<Vec<super::X>, String>` (required) or
    /// `field: Result<Option<Vec<super::X>>, String>` (optional).
    fn of(builder: &str, field: &syn::Field, unset: &BTreeMap<String, String>) -> Option<List> {
        let ident = field.ident.clone()?;
        let held = generic_argument(&field.ty, "Result")?;
        let (list, required) = match generic_argument(held, "Option") {
            Some(list) => (list, false),
            None => (held, true),
        };
        let syn::Type::Path(item) = generic_argument(list, "Vec")? else { return None };
        let segments: Vec<&syn::PathSegment> = item.path.segments.iter().collect();
        let [parent, name] = segments.as_slice() else { return None };
        if parent.ident != "super" || !name.arguments.is_empty() {
            return None;
        }
        let unset = match required {
            true => Some(unset.get(&format!("{builder}.{ident}"))?.clone()),
            false => None,
        };
        Some(List { field: ident, item: name.ident.to_string(), unset })
    }

    fn appender(&self, method: &str, union: bool) -> syn::ImplItem {
        let (field, item, method) = (&self.field, format_ident!("{}", self.item), format_ident!("{method}"));
        let name = field.to_string();
        let docs = match union {
            true => format!("Appends one item to `{name}`: a finished [`super::{item}`] or one of its kinds, or the builder of either."),
            false => format!("Appends one item to `{name}`: a finished [`super::{item}`] or its builder."),
        };
        let push = match &self.unset {
            Some(unset) => quote::quote! { crate::setters::push(self.#field, value, #name, #unset) },
            None => quote::quote! { crate::setters::push_optional(self.#field, value, #name) },
        };
        syn::parse_quote! {
            #[doc = #docs]
            pub fn #method<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::#item>,
                T::Error: ::std::fmt::Display,
            {
                self.#field = #push;
                self
            }
        }
    }
}

/// The first type argument of `ty` when its last segment is `wrapper` (`Vec<X>` -> `X`).
fn generic_argument<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last().filter(|s| s.ident == wrapper)?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) => Some(inner),
        _ => None,
    }
}

/// The messages of required fields not set, from the builders' `Default` impls:
/// `rules: Err("no value supplied for rules".to_string())` in `Ruleset`'s, keyed
/// `Ruleset.rules`.
fn unset_messages(builders: &[syn::Item]) -> BTreeMap<String, String> {
    struct Defaults(BTreeMap<String, String>);
    impl<'ast> syn::visit::Visit<'ast> for Defaults {
        fn visit_field_value(&mut self, value: &'ast syn::FieldValue) {
            let (syn::Member::Named(field), syn::Expr::Call(call)) = (&value.member, &value.expr) else { return };
            if call.func.to_token_stream().to_string() != "Err" {
                return;
            }
            if let Some(syn::Expr::MethodCall(to_string)) = call.args.first() {
                if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &*to_string.receiver {
                    self.0.insert(field.to_string(), text.value());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for item in builders {
        let syn::Item::Impl(block) = item else { continue };
        let is_default = block.trait_.as_ref().is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "Default"));
        if !is_default {
            continue;
        }
        let mut defaults = Defaults(BTreeMap::new());
        syn::visit::Visit::visit_item_impl(&mut defaults, block);
        let builder = block.self_ty.to_token_stream().to_string();
        out.extend(defaults.0.into_iter().map(|(field, message)| (format!("{builder}.{field}"), message)));
    }
    out
}

/// The unions of `types` that convert from a struct of `types` (`From<Kind> for Union`), with
/// those kinds.
fn union_kinds(types: &[syn::Item]) -> BTreeMap<String, Vec<String>> {
    let names = |wanted: fn(&syn::Item) -> Option<&syn::Ident>| -> BTreeSet<String> { types.iter().filter_map(wanted).map(ToString::to_string).collect() };
    let enums = names(|item| match item {
        syn::Item::Enum(e) => Some(&e.ident),
        _ => None,
    });
    let structs = names(|item| match item {
        syn::Item::Struct(s) => Some(&s.ident),
        _ => None,
    });
    let mut unions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in types {
        let syn::Item::Impl(block) = item else { continue };
        let Some((_, path, _)) = &block.trait_ else { continue };
        let Some(last) = path.segments.last().filter(|s| s.ident == "From") else { continue };
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else { continue };
        let Some(syn::GenericArgument::Type(syn::Type::Path(from))) = args.args.first() else { continue };
        let (Some(kind), syn::Type::Path(union)) = (from.path.get_ident(), &*block.self_ty) else { continue };
        let Some(union) = union.path.get_ident() else { continue };
        if enums.contains(&union.to_string()) && structs.contains(&kind.to_string()) {
            unions.entry(union.to_string()).or_default().push(kind.to_string());
        }
    }
    unions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code without whitespace or the trailing commas prettyplease adds.
    fn compact(code: &str) -> String {
        code.replace(char::is_whitespace, "").replace(",)", ")").replace(",>", ">")
    }

    fn file() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Ruleset { rules: Vec<Rule>, actions: Option<Vec<Action>>, tags: Option<Vec<String>> }
                pub struct Rule { expression: String }
                pub struct ActionBlock { status: i64 }
                pub struct ActionLog { level: String }
                pub enum Action { Block(ActionBlock), Log(ActionLog) }
                impl ::std::convert::From<ActionBlock> for Action { fn from(value: ActionBlock) -> Self { Self::Block(value) } }
                impl ::std::convert::From<ActionLog> for Action { fn from(value: ActionLog) -> Self { Self::Log(value) } }
                impl ::std::convert::From<&Self> for Action { fn from(value: &Action) -> Self { value.clone() } }
                pub mod builder {
                    pub struct Ruleset {
                        rules: ::std::result::Result<::std::vec::Vec<super::Rule>, ::std::string::String>,
                        actions: ::std::result::Result<::std::option::Option<::std::vec::Vec<super::Action>>, ::std::string::String>,
                        tags: ::std::result::Result<::std::option::Option<::std::vec::Vec<::std::string::String>>, ::std::string::String>,
                    }
                    impl ::std::default::Default for Ruleset {
                        fn default() -> Self {
                            Self { rules: Err("no value supplied for rules".to_string()), actions: Ok(Default::default()), tags: Ok(Default::default()) }
                        }
                    }
                    pub struct Rule { expression: ::std::result::Result<::std::string::String, ::std::string::String> }
                    pub struct ActionBlock { status: ::std::result::Result<i64, ::std::string::String> }
                    impl Ruleset {
                        pub fn rules<T>(mut self, value: T) -> Self { self }
                        pub fn actions<T, M>(mut self, value: T) -> Self { self }
                        pub fn add_action(self) -> Self { self }
                    }
                }
            }
        }
    }

    #[test]
    fn lists_of_objects_take_items_one_by_one_and_unions_convert_from_their_kinds_builders() {
        let mut file = file();
        assert_eq!(builders_in_place(&mut file), 1);
        let code = prettyplease::unparse(&file);
        let compact = compact(&code);
        for wanted in [
            "pub fn add_rule<T>(mut self, value: T) -> Self",
            "T: ::std::convert::TryInto<super::Rule>,",
            "self.rules = crate::setters::push(self.rules, value, \"rules\", \"no value supplied for rules\");",
            // A union's kinds with builders: the union converts from them.
            "impl ::std::convert::TryFrom<ActionBlock> for super::Action {",
        ] {
            assert!(compact.contains(&self::compact(wanted)), "{wanted}: {code}");
        }
        // A kind without a builder, a list of text, a name the builder has already: none.
        assert!(!code.contains("TryFrom<ActionLog>") && !code.contains("add_tag"), "{code}");
        assert_eq!(code.matches("fn add_action").count(), 1, "{code}");
    }

    #[test]
    fn an_optional_list_appends_to_what_it_holds() {
        let mut file = file();
        if let Some(syn::Item::Mod(types)) = file.items.first_mut() {
            let builder = types.content.as_mut().unwrap().1.iter_mut().find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == "builder" => Some(m),
                _ => None,
            });
            let block = builder.unwrap().content.as_mut().unwrap().1.iter_mut().find_map(|item| match item {
                syn::Item::Impl(b) if b.trait_.is_none() => Some(b),
                _ => None,
            });
            block.unwrap().items.retain(|member| !matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "add_action"));
        }
        assert_eq!(builders_in_place(&mut file), 2);
        let code = compact(&prettyplease::unparse(&file));
        assert!(code.contains("self.actions=crate::setters::push_optional(self.actions,value,\"actions\");"), "{code}");
    }
}

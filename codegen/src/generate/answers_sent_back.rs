//! What you read, you can send back.
//!
//! The rule: where a request body's fields are all found in an answer of the same resource
//! (calls on one handle of the tree: `entrypoint().get()` and `entrypoint().update()`), by
//! name and with types of the same kind (text, number, flag, list, map, object or union), the
//! request's builder is made from the answer: `impl From<&types::A> for builder::R`. An answer
//! that is a union (`DnsRecord`) has the fields of its kinds; a request that is a union with
//! a builder (`DnsRecordEditBody`) has the fields its builder fills. Each field of the request takes
//! the answer's field of that name as JSON (`runtime/src/setters.rs`, `Answered`), so the
//! lists and unions inside convert too, a ruleset's `RuleResponse`s becoming `BodyRulesItem`s;
//! what only the answer has (`id`, `version`, `last_updated`) is left out. A value the request
//! cannot take is the builder's error for that field, reported when it is sent, as a setter's
//! is.
//!
//! So adding a rule to an entrypoint is a get, an `add_rule` and an update, where the
//! TypeScript SDK resends what it read:
//! `builder::UpdateBody::from(&ruleset).add_rule(rule)`.

use std::collections::{BTreeMap, BTreeSet};

use quote::{format_ident, ToTokens};

use super::passes::Context;
use crate::lower::{Output, RustType};

/// A pair the rule found: the request's builder is made from the answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Pair {
    pub request: String,
    pub answer: String,
}

/// Adds the conversions; returns the pairs it wrote.
pub(super) fn add(file: &mut syn::File, cx: &Context) -> Vec<Pair> {
    let mut pairs = pairs(file, cx);
    // The shared types' part has no calls: the groups found its pairs.
    pairs.extend(cx.part.pairs_wanted().iter().cloned());
    let Some(types) = super::module_mut(&mut file.items, "types") else { return Vec::new() };
    // Requests another part sends back from its own answers (a group's, when this is the
    // shared types' part) need the constructor here, where their fields are visible.
    let resent = cx.part.resent_wanted();
    let requests: BTreeMap<String, Vec<(String, syn::Ident)>> = request_structs(types)
        .into_iter()
        .filter(|(name, _)| pairs.iter().any(|p| &p.request == name) || resent.contains(name))
        .map(|(name, s)| (name, fields(s).into_iter().map(|(json, ident, _)| (json, ident.clone())).collect()))
        .collect();
    let mut added: Vec<syn::Item> = Vec::new();
    // One constructor per request, where the builder is defined (its fields are private to
    // its crate); each answer's conversion calls it, in whichever crate the answer lives.
    for (request, fields) in &requests {
        let assignments = fields.iter().map(|(json, ident)| quote::quote! { #ident: answer.resend(#json) });
        let request_ident = format_ident!("{request}");
        added.push(syn::parse_quote! {
            impl #request_ident {
                /// The request made from an answer's fields; what `From<&Answer>` calls.
                #[doc(hidden)]
                pub fn from_answered(answer: &crate::setters::Answered) -> Self {
                    Self { #(#assignments,)* }
                }
            }
        });
    }
    for Pair { request, answer } in &pairs {
        let (request_ident, answer_ident) = (format_ident!("{request}"), format_ident!("{answer}"));
        let doc = format!(" The request made from an answer, to send it back: each field the [`{answer}`](super::{answer}) read, with its lists and unions; what only the answer has is left out. A value the request cannot take is this builder's error when it is sent.");
        added.push(syn::parse_quote! {
            #[doc = #doc]
            impl ::std::convert::From<&super::#answer_ident> for #request_ident {
                fn from(answer: &super::#answer_ident) -> Self {
                    Self::from_answered(&crate::setters::Answered::of(answer))
                }
            }
        });
    }
    match super::module_mut(types, "builder") {
        Some(builders) => {
            builders.extend(added);
            pairs
        }
        None => Vec::new(),
    }
}

/// The pairs of the rule over the generated file: request bodies and answers of the calls on
/// each handle, where the request is a struct with a builder and every field of it is in the
/// answer with a type of the same kind.
fn pairs(file: &syn::File, cx: &Context) -> Vec<Pair> {
    let Some(types) = super::module(&file.items, "types") else { return Vec::new() };
    let structs = structs(types);
    let built: BTreeSet<String> = super::module(types, "builder")
        .unwrap_or_default()
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let kinds = Kinds::of(types);
    let setters = super::setter_types(file);
    let mut by_handle: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for operation in &cx.lowered.operations {
        let handle: String = operation.call.handles().iter().map(|s| format!("{}({}).", s.name, s.arg.as_deref().unwrap_or(""))).collect();
        let entry = by_handle.entry(handle).or_default();
        if let Some(body) = cx.builders.get(&operation.method_name).and_then(|builder| setters.get(&(builder.to_string(), "body".to_string()))).and_then(last_ident) {
            entry.0.insert(body);
        }
        if let Output::Envelope { result: ty, .. } | Output::Json(ty) = &operation.output {
            if let Some(name) = named(ty) {
                entry.1.insert(name.to_string());
            }
        }
    }
    let mut out = BTreeSet::new();
    let unions = unions(types, &structs);
    let request_structs = request_structs(types);
    for (requests, answers) in by_handle.values() {
        for request in requests.iter().filter(|r| built.contains(*r)) {
            let Some(r) = request_structs.get(request) else { continue };
            for answer in answers.iter().filter(|a| *a != request) {
                let answered: Vec<&syn::ItemStruct> = match (structs.get(answer), unions.get(answer)) {
                    (Some(a), _) => vec![a],
                    (None, Some(kinds)) => kinds.clone(),
                    (None, None) => continue,
                };
                if fits(r, &answered, &kinds) {
                    out.insert(Pair { request: request.clone(), answer: answer.clone() });
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Whether every field of the request `r` is a field of the answer (a struct, or a union's
/// kinds: a field of one of them), of the same kind. A request with no fields, or with
/// flattened ones (their names are not its own), has none to take.
fn fits(r: &syn::ItemStruct, answer: &[&syn::ItemStruct], kinds: &Kinds) -> bool {
    let answered: Vec<(String, &syn::Type)> = answer.iter().flat_map(|a| fields(a)).map(|(json, _, ty)| (json, ty)).collect();
    let request = fields(r);
    !request.is_empty()
        && request.len() == r.fields.len()
        && request.iter().all(|(json, _, ty)| {
            let mut found = answered.iter().filter(|(name, _)| name == json).peekable();
            found.peek().is_some() && found.all(|(_, answered)| kinds.same(ty, answered))
        })
}

/// The unions of `types` whose every kind (but an `Other` holding JSON) is a struct of
/// `types`: their kinds.
fn unions<'a>(types: &[syn::Item], structs: &BTreeMap<String, &'a syn::ItemStruct>) -> BTreeMap<String, Vec<&'a syn::ItemStruct>> {
    types
        .iter()
        .filter_map(|item| {
            let syn::Item::Enum(union) = item else { return None };
            let mut kinds = Vec::new();
            for variant in &union.variants {
                let syn::Fields::Unnamed(fields) = &variant.fields else { return None };
                let held = fields.unnamed.first()?.ty.to_token_stream().to_string();
                if variant.ident == "Other" && held.ends_with("Value") {
                    continue;
                }
                kinds.push(*structs.get(&held)?);
            }
            (!kinds.is_empty()).then(|| (union.ident.to_string(), kinds))
        })
        .collect()
}

/// The structs with named fields of `types`, by name.
fn structs(types: &[syn::Item]) -> BTreeMap<String, &syn::ItemStruct> {
    types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect()
}

/// The fields a request's builder fills, by the request's name: its struct's, or for a
/// union in a request, the merged fields its builder fills (`types::fields`, see `tagged.rs`).
fn request_structs(types: &[syn::Item]) -> BTreeMap<String, &syn::ItemStruct> {
    let mut out = super::module(types, "fields").map(structs).unwrap_or_default();
    out.extend(structs(types));
    out
}

/// Each field's JSON name, Rust name and type; flattened fields are left out.
fn fields(s: &syn::ItemStruct) -> Vec<(String, &syn::Ident, &syn::Type)> {
    s.fields
        .iter()
        .filter_map(|field| {
            let ident = field.ident.as_ref()?;
            let mut json = ident.to_string().trim_start_matches("r#").to_string();
            let mut flattened = false;
            for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        json = meta.value()?.parse::<syn::LitStr>()?.value();
                    } else if meta.path.is_ident("flatten") {
                        flattened = true;
                    } else if meta.input.peek(syn::Token![=]) {
                        let _: syn::Expr = meta.value()?.parse()?;
                    }
                    Ok(())
                });
            }
            (!flattened).then_some((json, ident, &field.ty))
        })
        .collect()
}

/// The named type an answer is, or lists.
fn named(ty: &RustType) -> Option<&str> {
    match ty {
        RustType::Named(name) => Some(name),
        RustType::Vec(inner) | RustType::Option(inner) => named(inner),
        _ => None,
    }
}

/// The last identifier of a type's path (`types::builder::UpdateBody` -> `UpdateBody`).
fn last_ident(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else { return None };
    path.path.segments.last().map(|s| s.ident.to_string())
}

/// What kind of JSON value each type of `types` is, for [`fits`].
struct Kinds {
    named: BTreeMap<String, Kind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Flag,
    List,
    Map,
    /// An object or a union of objects: whether one reads as the other is the JSON's to say.
    Object,
    Any,
}

impl Kinds {
    fn of(types: &[syn::Item]) -> Kinds {
        let named = types
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => Some((s.ident.to_string(), Kind::Object)),
                // A newtype is what it holds, which the first pass cannot see: any.
                syn::Item::Struct(s) => Some((s.ident.to_string(), Kind::Any)),
                syn::Item::Enum(e) => {
                    let text = e.variants.iter().all(|v| v.fields.is_empty() || (v.ident == "Other" && v.fields.to_token_stream().to_string().contains("String")));
                    Some((e.ident.to_string(), if text { Kind::Text } else { Kind::Object }))
                }
                _ => None,
            })
            .collect();
        Kinds { named }
    }

    fn kind(&self, ty: &syn::Type) -> Kind {
        let syn::Type::Path(path) = ty else { return Kind::Any };
        let Some(last) = path.path.segments.last() else { return Kind::Any };
        let inner = || match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            }),
            _ => None,
        };
        match last.ident.to_string().as_str() {
            "Option" | "Box" => inner().map(|t| self.kind(&t)).unwrap_or(Kind::Any),
            "Vec" => Kind::List,
            "HashMap" | "BTreeMap" | "Map" => Kind::Map,
            "String" | "Timestamp" => Kind::Text,
            "bool" => Kind::Flag,
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "NonZeroU64" => Kind::Number,
            "Value" => Kind::Any,
            name => self.named.get(name).copied().unwrap_or(Kind::Any),
        }
    }

    /// Whether a value of `answered` may read as `sent`; lists compare their items.
    fn same(&self, sent: &syn::Type, answered: &syn::Type) -> bool {
        match (self.kind(sent), self.kind(answered)) {
            (Kind::Any, _) | (_, Kind::Any) => true,
            (Kind::List, Kind::List) => match (list_item(sent), list_item(answered)) {
                (Some(s), Some(a)) => self.same(&s, &a),
                _ => true,
            },
            (s, a) => s == a,
        }
    }
}

/// `T` of a `Vec<T>`, through `Option` and `Box`.
fn list_item(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    let inner = args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })?;
    match last.ident.to_string().as_str() {
        "Vec" => Some(inner),
        "Option" | "Box" => list_item(&inner),
        _ => None,
    }
}

//! Generation: the lowered document -> Rust source.
//!
//! Progenitor writes the request builders and the types; the passes of [`passes`], one
//! declared table, reshape and extend its output: [`send`] splits its `send` into
//! `send_http` and `send_raw` (over the crate's own `send_hooked`); [`forms`] types
//! multipart bodies; [`boxing`] boxes large optional structs; [`prune_builders`] drops the
//! type builders no request reaches; [`setter_errors`] shares the setters' error closures;
//! [`tagged`] reads discriminated unions by their tag; [`open_enums`] lets string enums keep
//! values they do not know; [`plain_values`] lets callers write plain values;
//! [`union_fields`] lets a union answer the fields all its kinds share; [`tree`] puts the
//! runtime's client in the place of progenitor's and adds the resource tree users call; [`send_and_metadata`] adds,
//! with `quote`, what progenitor does not do (the envelope-aware `send`, operation metadata);
//! [`driver`] and [`mock`] add the conformance driver and the mock's tree when asked for.
//! prettyplease formats the whole. When progenitor fails, [`one_operation`] cuts each
//! operation out alone to find the one it fails on.

pub mod answers_sent_back;
mod boxing;
mod builders_in_place;
mod driver;
pub mod facade;
mod forms;
mod mock;
mod one_operation;
mod open_enums;
pub mod parts;
mod passes;
mod plain_values;
mod prune_builders;
mod send;
mod send_and_metadata;
mod sent_when_set;
mod setter_errors;
pub mod snapshot;
mod tagged;
mod tree;
mod union_fields;

pub(crate) use one_operation::operation_slot;

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

use crate::error::{Error, Result};
use crate::lower::Lowered;

/// The generated source of one crate build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The formatted Rust file that `src/lib.rs` includes.
    pub code: String,
    /// The reviewable snapshot of the public API (`generated/api.txt`), when asked for.
    pub api: Option<String>,
    /// Number of public types in `types`.
    pub type_count: usize,
    /// Each pass that ran ([`passes`]), with how many places it matched or items it added.
    pub passes: Vec<(&'static str, usize)>,
    /// The requests whose builders are made from an answer ([`answers_sent_back`]).
    pub sent_back: Vec<answers_sent_back::Pair>,
    /// The snapshot's entries, when asked for.
    pub api_entries: Option<snapshot::ApiEntries>,
    /// What a group's code needs of the shared types' part ([`parts`]).
    pub needs: parts::Needs,
}

impl Generated {
    pub fn line_count(&self) -> usize {
        self.code.lines().count()
    }
}

/// Whether to render the API snapshot too (the xtask needs it, `build.rs` does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    Render,
    Skip,
}

/// Whether to generate the conformance driver (the `conformance` feature), from these
/// endpoints (the ones `lowered` was lowered from).
#[derive(Debug, Clone, Copy)]
pub enum Driver<'a> {
    Include(&'a [crate::spec::Endpoint]),
    Skip,
}

/// Whether to generate the mock's tree (the `mock` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockTree {
    Include,
    Skip,
}

pub fn generate(lowered: &Lowered, render: Snapshot, with_driver: Driver<'_>, mock_tree: MockTree) -> Result<Generated> {
    generate_with(lowered, render, with_driver, mock_tree, parts::Part::Whole)
}

/// [`generate`] for one part of a generation in parts ([`parts`]).
pub(crate) fn generate_with(lowered: &Lowered, render: Snapshot, with_driver: Driver<'_>, mock_tree: MockTree, part: parts::Part<'_>) -> Result<Generated> {
    let tokens = match progenitor_tokens(&lowered.openapi) {
        Ok(tokens) => tokens,
        Err(message) => return Err(name_the_operations(lowered, message)),
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(all operations)".into(), message: format!("progenitor produced code that does not parse: {err}") })?;

    let driver = match with_driver {
        Driver::Include(endpoints) => Some(endpoints),
        Driver::Skip => None,
    };
    let mut context = passes::Context { lowered, driver, mock: mock_tree == MockTree::Include, builders: Default::default(), sent_back: Vec::new(), part };
    let mut passes = passes::run_all(&mut file, &mut context)?;
    let builders = context.builders;
    let needs = match part {
        parts::Part::Group { shared } => {
            let needs = parts::Needs::of(&file, shared, &context.sent_back);
            passes.push(("leave_shared_types", parts::leave_shared_types(&mut file, shared)));
            needs
        }
        _ => parts::Needs::default(),
    };
    let type_count = snapshot::public_type_count(&file);
    let (api, api_entries) = match render {
        Snapshot::Render => {
            let entries = snapshot::api_entries(&file, lowered, &builders);
            (Some(snapshot::ApiEntries::merge([entries.clone()]).render()), Some(entries))
        }
        Snapshot::Skip => (None, None),
    };
    let code = prettyplease::unparse(&file);
    Ok(Generated { code, api, type_count, passes, sent_back: context.sent_back, api_entries, needs })
}

/// Progenitor's failures do not say which operation caused them: generate each operation
/// alone to find out, and report every one that fails.
fn name_the_operations(lowered: &Lowered, whole: String) -> Error {
    let failures: Vec<String> = lowered
        .operations
        .iter()
        .filter_map(|operation| {
            // The lowered document keys paths by their canonical form.
            let alone = one_operation::document_for(&lowered.openapi, &operation.canonical_path, operation.method);
            progenitor_tokens(&alone).err().map(|message| format!("{}: {message}", operation.operation_id))
        })
        .collect();
    match failures.len() {
        0 => Error::Generate { operation: "(all operations)".into(), message: whole },
        1 => {
            let (operation, message) = failures[0].split_once(": ").unwrap_or((&failures[0], ""));
            Error::Generate { operation: operation.into(), message: message.into() }
        }
        n => Error::Generate { operation: format!("{n} operations"), message: format!("\n  {}", failures.join("\n  ")) },
    }
}

fn progenitor_tokens(openapi: &openapiv3::OpenAPI) -> std::result::Result<proc_macro2::TokenStream, String> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_hooks(progenitor::HooksMode::Expected)
        .with_inner_type(quote::quote! { crate::config::Config })
        .with_derive("PartialEq")
        // Not chrono's `DateTime`: one timestamp that is not RFC 3339 would fail an answer.
        .with_conversion(
            schemars::schema::SchemaObject { instance_type: Some(schemars::schema::InstanceType::String.into()), format: Some(crate::lower::schema::TIMESTAMP_FORMAT.into()), ..Default::default() },
            "crate::Timestamp",
            [progenitor::TypeImpl::Display, progenitor::TypeImpl::FromStr, progenitor::TypeImpl::Default].into_iter(),
        );
    let mut generator = progenitor::Generator::new(&settings);
    quietly(|| generator.generate_tokens(openapi))
}

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs progenitor, turning its panics (typify panics on some schemas) into errors without
/// printing a backtrace.
///
/// The panic hook is process-wide; it is wrapped once, and the wrapper stays silent only on a
/// thread inside `quietly`, so a panic on any other thread (a test running beside it) is
/// reported as before.
fn quietly<T>(f: impl FnOnce() -> std::result::Result<T, progenitor::Error>) -> std::result::Result<T, String> {
    static WRAP_HOOK: std::sync::Once = std::sync::Once::new();
    WRAP_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(err.to_string()),
        Err(payload) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .map(|m| format!("progenitor panicked: {m}"))
            .unwrap_or_else(|| "progenitor panicked".into())),
    }
}

/// The items of the inline module `name` among `items`.
fn module<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.as_slice()),
        _ => None,
    })
}

/// [`module`], to change.
fn module_mut<'a>(items: &'a mut [syn::Item], name: &str) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// Whether a setter's type is a raw body (`reqwest::Body`: bytes or a multipart form, sent
/// as they are), which is no value to read from JSON.
pub(super) fn is_raw_body(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.segments.iter().any(|s| s.ident == "reqwest"))
}

/// (builder, setter) -> `T` of the setter's `V: TryInto<T>` bound, from the `builder` module.
pub(super) fn setter_types(file: &syn::File) -> HashMap<(String, String), syn::Type> {
    let mut out = HashMap::new();
    let builder_items = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items.as_slice()),
        _ => None,
    });
    for item in builder_items.unwrap_or_default() {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
        let Some(builder) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else { continue };
        for impl_item in &block.items {
            let syn::ImplItem::Fn(function) = impl_item else { continue };
            if let Some(ty) = try_into_target(&function.sig) {
                out.insert((builder.clone(), function.sig.ident.to_string()), ty);
            }
        }
    }
    out
}

/// `T` in `where V: std::convert::TryInto<T>`.
fn try_into_target(sig: &syn::Signature) -> Option<syn::Type> {
    sig.generics.where_clause.as_ref()?.predicates.iter().find_map(|predicate| {
        let syn::WherePredicate::Type(predicate) = predicate else { return None };
        predicate.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(bound) = bound else { return None };
            let last = bound.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
            args.args.iter().find_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}

//! The resource tree users call (`client.zone(zone_id).dns_records().list()`), written with
//! `quote` from the calls the lowering placed ([`crate::lower::tree`]).
//!
//! Each handle is a small struct holding the client and the path parameters given so far;
//! each verb returns the operation's request builder with those parameters set. Progenitor's
//! own client and its flat methods go ([`use_the_runtime_client`]): the tree is the API.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::send_and_metadata::metadata_ident;
use crate::error::{Error, Result};
use crate::lower::names;
use crate::lower::tree::Step;
use crate::lower::{Lowered, Operation};

/// A handle: the steps that lead to it, what it offers, and its struct name.
#[derive(Default)]
pub(super) struct Handle<'a> {
    /// Path parameters held, in order (the `arg`s of the steps to it).
    pub args: Vec<String>,
    /// The path the handle stands for, for its docs (`/zones/{zone_id}/dns_records`).
    pub path: String,
    /// Child handles by method name: the step, and the child's key.
    children: BTreeMap<String, (Step, Vec<Step>)>,
    /// Verbs: the final step and the operation.
    verbs: Vec<(&'a Step, &'a Operation)>,
}

/// What a tree is written for: the client's calls ([`Calls`]) or the mock's expectations
/// (`super::mock`). Both walk the same handles, so a call and its mock have one name.
pub(super) trait Flavor {
    /// The root type (`Client`) whose methods start the tree.
    fn root(&self) -> TokenStream;
    /// The handles' field that holds the root (`client`).
    fn holder(&self) -> syn::Ident;
    /// The module the handles live in (`resources`), and what it imports.
    fn module(&self) -> (syn::Ident, TokenStream);
    /// A handle's rustdoc.
    fn handle_doc(&self, path: &str) -> String;
    /// A verb's method on `handle` (the root's when `at_root`).
    fn verb(&self, handle: &Handle, verb: &Step, operation: &Operation, at_root: bool) -> TokenStream;
}

/// The client's resource tree: each verb returns the operation's request builder.
struct Calls;

impl Flavor for Calls {
    fn root(&self) -> TokenStream {
        quote! { Client }
    }
    fn holder(&self) -> syn::Ident {
        format_ident!("client")
    }
    fn module(&self) -> (syn::Ident, TokenStream) {
        (format_ident!("resources"), quote! { use super::{builder, Client}; })
    }
    fn handle_doc(&self, path: &str) -> String {
        format!("The resources under `{path}`: a handle of the resource tree, made by [`Client`]'s methods and cheap to clone.")
    }
    fn verb(&self, handle: &Handle, verb: &Step, operation: &Operation, at_root: bool) -> TokenStream {
        verb_method(handle, verb, operation, at_root)
    }
}

/// The `resources` module and the root methods on `Client`.
pub fn items(lowered: &Lowered) -> Result<Vec<syn::Item>> {
    let tokens = write(lowered, &Calls)?;
    let tokens = quote! {
        /// The resource tree: every operation, by where it sits in the URL path.
        ///
        /// `client.zone(zone_id)`, `client.account(account_id)` and `client.user()` are the
        /// scopes; below them each path segment is a method, and each operation a verb
        /// (`list`, `get`, `create`, `update`, `edit`, `delete`, or an action such as
        /// `purge_cache`) returning the operation's request builder.
        #tokens
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(resource tree)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

/// The handles' module and the root's methods, for `flavor`.
pub(super) fn write(lowered: &Lowered, flavor: &dyn Flavor) -> Result<TokenStream> {
    let mut handles: BTreeMap<Vec<Step>, Handle> = BTreeMap::new();
    handles.entry(Vec::new()).or_default();
    for operation in &lowered.operations {
        let steps = &operation.call.steps;
        let args_of = |depth: usize| steps[..depth].iter().filter_map(|s| s.arg.clone()).collect::<Vec<_>>();
        for depth in 0..steps.len() - 1 {
            let key = steps[..=depth].to_vec();
            let path = path_prefix(&operation.canonical_path, &steps[..=depth]);
            let handle = handles.entry(key.clone()).or_default();
            if handle.path.is_empty() {
                handle.args = args_of(depth + 1);
                handle.path = path;
            }
            let parent = handles.get_mut(&steps[..depth]).expect("parents are made first");
            parent.children.entry(steps[depth].name.clone()).or_insert((steps[depth].clone(), key));
        }
        let parent = handles.get_mut(&steps[..steps.len() - 1]).expect("the verb's handle was made above");
        parent.verbs.push((operation.call.verb(), operation));
    }

    let struct_names = struct_names(&handles)?;
    let holder = flavor.holder();
    let root = flavor.root();
    let (module_name, imports) = flavor.module();
    let mut module = TokenStream::new();
    let mut root_methods = TokenStream::new();
    for (key, handle) in &handles {
        let mut methods = TokenStream::new();
        for (name, (step, child_key)) in &handle.children {
            let child = &handles[child_key];
            let child_name = &struct_names[child_key];
            if handle.verbs.iter().any(|(verb, _)| &verb.name == name) {
                return Err(Error::Generate { operation: format!("handle `{}`", display(key)), message: format!("`{name}` is both a handle and a verb") });
            }
            let method = format_ident!("{}", name);
            let held = handle.args.iter().map(|a| format_ident!("{}", a));
            let held2 = held.clone();
            let doc = format!("`{}`", child.path);
            let (parameter, set) = match &step.arg {
                Some(arg) => {
                    let arg = format_ident!("{}", arg);
                    (quote! { , #arg: impl ::std::fmt::Display }, quote! { #arg: #arg.to_string(), })
                }
                None => (quote! {}, quote! {}),
            };
            let from = if key.is_empty() {
                quote! { self }
            } else {
                quote! { self.#holder }
            };
            let (returns, made) = if key.is_empty() { (quote! { #module_name::#child_name<'_> }, quote! { #module_name::#child_name }) } else { (quote! { #child_name<'a> }, quote! { #child_name }) };
            let tokens = quote! {
                #[doc = #doc]
                pub fn #method(&self #parameter) -> #returns {
                    #made { #holder: #from, #(#held: self.#held2.clone(),)* #set }
                }
            };
            if key.is_empty() {
                root_methods.extend(tokens);
            } else {
                methods.extend(tokens);
            }
        }
        for (verb, operation) in &handle.verbs {
            let tokens = flavor.verb(handle, verb, operation, key.is_empty());
            if key.is_empty() {
                root_methods.extend(tokens);
            } else {
                methods.extend(tokens);
            }
        }
        if key.is_empty() {
            continue;
        }
        let name = &struct_names[key];
        let fields = handle.args.iter().map(|a| format_ident!("{}", a));
        let doc = flavor.handle_doc(&handle.path);
        module.extend(quote! {
            #[doc = #doc]
            #[derive(Clone)]
            pub struct #name<'a> {
                pub(crate) #holder: &'a #root,
                #(pub(crate) #fields: ::std::string::String,)*
            }
            impl<'a> #name<'a> {
                #methods
            }
        });
    }

    Ok(quote! {
        pub mod #module_name {
            #imports
            #module
        }
        impl #root {
            #root_methods
        }
    })
}

/// A verb: the operation's builder with the held path parameters (and the verb's own) set.
fn verb_method(handle: &Handle, verb: &Step, operation: &Operation, at_root: bool) -> TokenStream {
    let method = format_ident!("{}", verb.name);
    let builder = format_ident!("{}", names::pascal(&operation.method_name));
    let client = if at_root {
        quote! { self }
    } else {
        quote! { self.client }
    };
    let lifetime = if at_root {
        quote! { '_ }
    } else {
        quote! { 'a }
    };
    // Held parameters map to the operation's path parameters in order.
    let parameters = path_parameter_names(&operation.canonical_path);
    let mut sets = Vec::new();
    for (held, parameter) in handle.args.iter().zip(&parameters) {
        let (held, setter) = (format_ident!("{}", held), setter_ident(parameter));
        sets.push(quote! { .#setter(self.#held.clone()) });
    }
    let own = verb.arg.as_ref().map(|arg| format_ident!("{}", arg));
    if let (Some(arg), Some(parameter)) = (&own, parameters.get(handle.args.len())) {
        let setter = setter_ident(parameter);
        sets.push(quote! { .#setter(#arg.to_string()) });
    }
    let argument = own.as_ref().map(|arg| quote! { #arg: impl ::std::fmt::Display });
    let doc = verb_doc(operation);
    // Rustdoc refuses quotes and white space in an alias; the id without them still finds it.
    let alias: String = operation.operation_id.chars().filter(|c| !matches!(c, '\'' | '"') && !c.is_whitespace()).collect();
    let feature = &operation.feature;
    // Users get a compiler warning where they call a deprecated operation.
    let deprecated = operation.deprecated.then(|| match &operation.deprecation_note {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => quote! { #[deprecated(note = "deprecated by Cloudflare")] },
    });
    quote! {
        #[doc = #doc]
        #[doc(alias = #alias)]
        #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
        #deprecated
        pub fn #method(&self, #argument) -> builder::#builder<#lifetime> {
            builder::#builder::new(#client) #(#sets)*
        }
    }
}

fn setter_ident(parameter: &str) -> syn::Ident {
    format_ident!("{}", names::unkeyworded(names::snake(parameter)))
}

/// Rustdoc of a verb: what it does, then where it goes and what it needs.
fn verb_doc(operation: &Operation) -> String {
    let mut doc = String::new();
    use crate::lower::docs::rustdoc_safe;
    if let Some(summary) = &operation.summary {
        doc.push_str(&rustdoc_safe(summary.trim()));
        doc.push_str("\n\n");
    }
    if let Some(description) = operation.description.as_ref().filter(|d| Some(d.trim()) != operation.summary.as_deref().map(str::trim)) {
        doc.push_str(&rustdoc_safe(description.trim()));
        doc.push_str("\n\n");
    }
    let constant = metadata_ident(&operation.operation_id);
    doc.push_str(&format!("`{} {}`: operation `{}` ([metadata](crate::operations::{constant})), feature `{}`.", operation.method, operation.canonical_path, operation.operation_id, operation.feature));
    doc.push_str(&status_doc(operation));
    doc
}

/// What the docs say of an operation's stability and deprecation, empty for a stable one.
pub fn status_doc(operation: &Operation) -> String {
    let mut doc = String::new();
    if let Some(stability) = &operation.stability {
        doc.push_str(&format!("\n\n**{}**: Cloudflare marks this operation `{stability}`; it may change without notice.", names::pascal(stability)));
    }
    if operation.deprecated {
        doc.push_str("\n\n**Deprecated** by Cloudflare");
        match &operation.deprecation_note {
            Some(note) => doc.push_str(&format!(": {}", crate::lower::docs::rustdoc_safe(note.trim()))),
            None => doc.push('.'),
        }
    }
    doc
}

/// [`crate::lower::tree::tree_parameters`], owned.
pub(crate) fn path_parameter_names(path: &str) -> Vec<String> {
    crate::lower::tree::tree_parameters(path).into_iter().map(str::to_string).collect()
}

/// The part of `path` a handle stands for: the segments its steps consume (a step its
/// segment, and its parameter when it takes one; an item of an item only its parameter).
fn path_prefix(path: &str, steps: &[Step]) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut used = 0;
    for step in steps {
        let is_item_of_item = step.name == "item" && segments.get(used).is_some_and(|s| s.starts_with('{'));
        if !is_item_of_item {
            used += 1;
        }
        if step.arg.is_some() {
            used += 1;
        }
    }
    format!("/{}", segments[..used.min(segments.len())].join("/"))
}

/// Struct names for the handles: the Pascal case of their steps (`ZoneDnsRecords`), numbered
/// in key order where two chains give the same name.
fn struct_names(handles: &BTreeMap<Vec<Step>, Handle>) -> Result<BTreeMap<Vec<Step>, syn::Ident>> {
    let mut taken = std::collections::BTreeSet::new();
    let mut out = BTreeMap::new();
    for key in handles.keys().filter(|k| !k.is_empty()) {
        let wanted = key.iter().map(|s| names::pascal(&s.name)).collect::<String>();
        let name = std::iter::once(wanted.clone()).chain(names::numbered(&wanted, "")).find(|n| !taken.contains(n)).unwrap_or_default();
        taken.insert(name.clone());
        out.insert(key.clone(), format_ident!("{}", name));
    }
    Ok(out)
}

fn display(key: &[Step]) -> String {
    cloudflare_sdk_rules::call::text(key.iter().map(Step::as_text_step))
}

/// Takes out progenitor's `Client`: its struct, constructors, `ClientInfo` impl, hooks
/// assertion, `prelude` and flat methods (`client.zones_list()`, one per operation). The SDK's
/// `Client` (`src/client.rs`, over the runtime's) takes its place, imported at the top, so the
/// generated code defines no client of its own; the tree's verbs
/// make each builder with its `new`. Fails, naming what it did not find, when progenitor
/// writes its client otherwise: every operation's flat method, the struct and the
/// `ClientInfo` impl are expected. Returns how many flat methods went.
pub fn use_the_runtime_client(file: &mut syn::File, lowered: &Lowered) -> Result<usize> {
    let mut wanted: std::collections::BTreeSet<&str> = lowered.operations.iter().map(|o| o.method_name.as_str()).collect();
    let methods = wanted.len();
    let (mut structs, mut infos) = (0, 0);
    let is_client = |ty: &syn::Type| matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"));
    file.items.retain(|item| match item {
        syn::Item::Struct(s) if s.ident == "Client" => {
            structs += 1;
            false
        }
        syn::Item::Impl(block) if is_client(&block.self_ty) => {
            match &block.trait_ {
                Some((_, path, _)) if path.segments.last().is_some_and(|s| s.ident == "ClientInfo") => infos += 1,
                Some(_) => return true,
                None => {
                    for member in &block.items {
                        if let syn::ImplItem::Fn(function) = member {
                            wanted.remove(function.sig.ident.to_string().as_str());
                        }
                    }
                }
            }
            false
        }
        // `const _: () = { fn assert_client_hooks() where Client: ClientHooks<..> {} };`
        syn::Item::Const(c) if c.to_token_stream().to_string().contains("assert_client_hooks") => false,
        // `pub mod prelude { pub use self::super::Client; }`
        syn::Item::Mod(m) if m.ident == "prelude" => false,
        _ => true,
    });
    let problem = match (wanted.into_iter().next(), structs, infos) {
        (Some(missing), _, _) => Some((missing.to_string(), "progenitor's output has no client method of this name".to_string())),
        (None, 1, 1) => None,
        (None, structs, infos) => {
            Some(("(all operations)".to_string(), format!("progenitor's output has {structs} `struct Client` and {infos} `ClientInfo` impls for it, where 1 of each was expected")))
        }
    };
    if let Some((operation, message)) = problem {
        return Err(Error::Generate { operation, message: format!("{message}; update codegen/src/generate/tree.rs") });
    }
    file.items.insert(0, syn::parse_quote! { pub use crate::Client; });
    Ok(methods)
}

//! The conformance driver, generated only for builds with the `conformance` feature: a table
//! with a row per operation, which the runtime's one call path (`rt::driver::Call::run`)
//! reads, plus the operations it could not fill and why.
//!
//! A row holds the operation's metadata and two plain functions: one that builds the request
//! through the resource tree, as a user writes it (`client.zone(..).dns_records().get(..)`),
//! with the arguments of [`crate::conformance::call`], and the decoder the operation's `send`
//! reads its answer with. Sending and reading are the runtime's, written once: no `async`
//! code per operation, which was most of what the driver cost the compiler (BENCHMARKS.md,
//! "The current API").
//!
//! Argument values are written as JSON text and read at run time into the setter's own type
//! (path parameters into their text), so the driver goes through exactly the types, handles
//! and setters a user does.

use std::collections::{BTreeMap, HashMap};

use quote::{format_ident, quote};

use super::send_and_metadata::metadata_ident;
use crate::error::{Error, Result};
use crate::lower::Lowered;
use crate::spec::Endpoint;

/// The `driver` module for `endpoints` (lowered into `lowered`, generated into `file`).
pub fn items(endpoints: &[Endpoint], lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    rows(endpoints, lowered, builders, &super::setter_types(file))
}

/// The `driver` module of the facade over the family of crates ([`super::facade`]): the same
/// rows, calling the tree and the groups' builders across crates. The setters' types are the
/// groups' code's, so the groups of `lowered` are generated here (in parts, as the xtask
/// generates them) and read for them; only the driver is kept.
pub fn over_the_family(endpoints: &[Endpoint], lowered: &Lowered) -> Result<Vec<syn::Item>> {
    let placement = crate::lower::placement::Placement::of(lowered);
    let parts = super::parts::generate_parts(lowered, &placement, super::Snapshot::Skip)?;
    let mut setters = HashMap::new();
    for (group, generated) in &parts.groups {
        let file = syn::parse_file(&generated.code).map_err(|err| Error::Generate { operation: format!("(group `{group}`)"), message: format!("generated code does not parse: {err}") })?;
        setters.extend(super::setter_types(&file));
    }
    // Each operation's builder is named after its call, in whichever crate it lives.
    let builders = lowered.operations.iter().map(|o| (o.method_name.clone(), format_ident!("{}", crate::lower::names::pascal(&o.method_name)))).collect();
    rows(endpoints, lowered, &builders, &setters)
}

fn rows(endpoints: &[Endpoint], lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, setters: &HashMap<(String, String), syn::Type>) -> Result<Vec<syn::Item>> {
    let mut calls = Vec::new();
    let mut functions = Vec::new();
    let mut unfilled = Vec::new();
    let by_id: HashMap<&str, &Endpoint> = endpoints.iter().map(|e| (e.operation_id.as_str(), e)).collect();
    for operation in &lowered.operations {
        let id = operation.operation_id.as_str();
        let Some(endpoint) = by_id.get(id) else { continue };
        let constant = metadata_ident(id);
        let Some(builder) = builders.get(&operation.method_name) else { continue };
        let call = match crate::conformance::call(endpoint, &operation.path_parameters) {
            Ok(call) => call,
            Err(reason) => {
                unfilled.push(quote! { (#id, #reason) });
                continue;
            }
        };
        // The path parameters, in path order, go to the tree's steps.
        let path_names: Vec<String> = super::tree::path_parameter_names(&operation.canonical_path).iter().map(|n| crate::lower::names::snake(n)).collect();
        let mut path_values = Vec::new();
        for name in &path_names {
            match call.arguments.iter().find(|a| a.in_path && &a.setter == name) {
                Some(argument) => {
                    let (what, json) = (&argument.what, argument.value.to_string());
                    path_values.push(quote! { crate::rt::driver::text(#what, #json)? });
                }
                None => {
                    let reason = format!("no value for the path parameter `{name}`");
                    unfilled.push(quote! { (#id, #reason) });
                    break;
                }
            }
        }
        if path_values.len() < path_names.len() {
            continue;
        }
        let mut path_values = path_values.into_iter();
        let steps = operation.call.steps.iter().map(|step| {
            let name = format_ident!("{}", step.name);
            match step.arg {
                Some(_) => {
                    let value = path_values.next();
                    quote! { .#name(#value) }
                }
                None => quote! { .#name() },
            }
        });
        let steps: Vec<_> = steps.collect();
        let mut arguments = Vec::new();
        let mut missing = None;
        // The rest, and a path parameter the tree does not pass (the second of a segment such
        // as `{event_id}.{event_n}`), go to the builder's setters.
        for argument in call.arguments.iter().filter(|a| !a.in_path || !path_names.contains(&a.setter)) {
            // Progenitor appends `_` to names that are Rust keywords (`match_`).
            let found = [argument.setter.clone(), format!("{}_", argument.setter)].into_iter().find_map(|name| setters.get(&(builder.to_string(), name.clone())).map(|ty| (name, ty)));
            let Some((name, ty)) = found else {
                missing = Some(format!("the builder has no setter `{}` for the {}", argument.setter, argument.what));
                break;
            };
            let setter = format_ident!("{}", name);
            let what = &argument.what;
            let json = argument.value.to_string();
            arguments.push(quote! { .#setter(crate::rt::driver::argument::<#ty>(#what, #json)?) });
        }
        if let Some(reason) = missing {
            unfilled.push(quote! { (#id, #reason) });
            continue;
        }
        let function = format_ident!("{}", operation.method_name);
        let decoder = super::send_and_metadata::decoder(&operation.output);
        let core = format_ident!("{}", decoder.function.core);
        let generics = &decoder.generics;
        functions.push(quote! {
            fn #function(client: &crate::Client) -> crate::rt::driver::Built {
                ::std::result::Result::Ok(client #(#steps)* #(#arguments)* .http_request())
            }
        });
        calls.push(quote! { crate::rt::driver::Call { operation: &super::operations::#constant, build: #function, decode: crate::rt::driver::decode::#core #generics } });
    }

    let tokens = quote! {
        /// The conformance driver: a row per operation whose arguments the spec fills.
        // It calls every operation, the deprecated ones too.
        #[allow(deprecated)]
        pub mod driver {
            use super::types;

            /// Every call, in the order of `operations::ALL`.
            pub const CALLS: &[crate::rt::driver::Call] = &[#(#calls),*];

            /// Operations without a call: operation id and why.
            pub const UNFILLED: &[(&str, &str)] = &[#(#unfilled),*];

            #(#functions)*
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(conformance driver)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

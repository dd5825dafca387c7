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
//! and setters a user does. Over the family of crates, the rows are the facade's and what is
//! typed by a group (reading the arguments, decoding the answer) is the group's crate's
//! ([`over_the_family`], [`group_module`]).

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::send_and_metadata::metadata_ident;
use crate::error::{Error, Result};
use crate::lower::Lowered;
use crate::spec::Endpoint;

/// The `driver` module for `endpoints` (lowered into `lowered`, generated into `file`): the
/// whole crate's, each row setting its arguments with the setters' own types.
pub fn items(endpoints: &[Endpoint], lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    rows(endpoints, lowered, builders, Rows::Whole { setters: &super::setter_types(file) })
}

/// The rows over the family of crates: the same rows, each building its request through the
/// one tree, then handing the group's builder to its group's crate to fill the arguments
/// ([`group_module`]) and decoding with the group's decoder. They name no setter's type, so
/// nothing of a group is generated for them, and the typed code of the driver (reading each
/// argument and answer into the group's types) is compiled with the group: instantiated in
/// the crate that uses the table, it was one rustc of 4.9 GB for the whole API.
///
/// The rows are not the facade's: they are written to a file of their own
/// ([`crate::build_script::CONFORMANCE_ROWS_FILE`]) that the program running them includes
/// (`cloudflare_sdk::conformance_rows!()`), naming the facade by its crate's name, so that
/// their 93k lines are compiled by that program's rustc, not with the facade's tree and mock
/// (one rustc of 2.06 GB with every test feature).
pub fn over_the_family(endpoints: &[Endpoint], lowered: &Lowered) -> Result<String> {
    // Each operation's builder is named after its call, in whichever crate it lives.
    let builders = lowered.operations.iter().map(|o| (o.method_name.clone(), format_ident!("{}", crate::lower::names::pascal(&o.method_name)))).collect();
    let items = rows(endpoints, lowered, &builders, Rows::OfTheFamily)?;
    Ok(prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items }))
}

/// How a row sets its arguments and decodes its answer.
#[derive(Clone, Copy)]
enum Rows<'a> {
    /// In the crate of the rows: each setter with its type, the runtime's generic decoders.
    Whole { setters: &'a HashMap<(String, String), syn::Type> },
    /// Through the group's crate: its `driver::fill_<call>` and `driver::decode_<call>`.
    OfTheFamily,
}

fn fill_ident(method_name: &str) -> syn::Ident {
    format_ident!("fill_{}", method_name)
}

fn decode_ident(method_name: &str) -> syn::Ident {
    format_ident!("decode_{}", method_name)
}

/// A group's crate's half of the facade's driver, behind its `conformance` feature: for each
/// operation, `fill_<call>` sets the arguments a row names (setter, what it is, its JSON text)
/// on the builder, each read into the setter's own type, and for each operation whose answer
/// is typed, `decode_<call>` reads it as the operation's `send` does.
pub(super) fn group_module(lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    let setters = super::setter_types(file);
    // Each builder's setters by name; a raw body is not read from an example (the rows leave
    // such calls unfilled).
    let mut by_builder: BTreeMap<String, BTreeMap<&String, &syn::Type>> = BTreeMap::new();
    for ((builder, setter), ty) in setters.iter().filter(|(_, ty)| !super::is_raw_body(ty)) {
        by_builder.entry(builder.clone()).or_default().insert(setter, ty);
    }
    let mut functions = Vec::new();
    for operation in lowered.operations.iter() {
        let Some(builder) = builders.get(&operation.method_name) else { continue };
        let own = by_builder.get(&builder.to_string());
        let arms = own.into_iter().flatten().map(|(setter, ty)| {
            let method = format_ident!("{}", setter);
            // Progenitor appends `_` to names that are Rust keywords (`match_`); a row names
            // the parameter.
            let named = setter.strip_suffix('_').unwrap_or(setter);
            quote! { #named => builder.#method(crate::rt::driver::argument::<#ty>(what, json)?), }
        });
        let arms: Vec<_> = arms.collect();
        let fill = fill_ident(&operation.method_name);
        let no_setter = quote! { ::std::result::Result::Err(crate::rt::driver::Failure::Argument { what: what.to_string(), message: format!("the builder has no setter `{setter}`") }) };
        let body = match arms.is_empty() {
            // A builder with nothing to set (a call of path parameters alone).
            true => quote! {
                match arguments.first() {
                    ::std::option::Option::Some(&(setter, what, _)) => #no_setter,
                    ::std::option::Option::None => ::std::result::Result::Ok(builder),
                }
            },
            false => quote! {
                let mut builder = builder;
                for &(setter, what, json) in arguments {
                    builder = match setter {
                        #(#arms)*
                        _ => return #no_setter,
                    };
                }
                ::std::result::Result::Ok(builder)
            },
        };
        functions.push(quote! {
            pub fn #fill<'a>(builder: super::builder::#builder<'a>, arguments: &[(&str, &str, &str)]) -> ::std::result::Result<super::builder::#builder<'a>, crate::rt::driver::Failure> {
                #body
            }
        });
        let decoder = super::send_and_metadata::decoder(&operation.output);
        if !decoder.generics.is_empty() {
            let (function, core, generics) = (decode_ident(&operation.method_name), format_ident!("{}", decoder.function.core), &decoder.generics);
            functions.push(quote! {
                pub fn #function(body: crate::rt::decode::Body, op: &'static crate::Operation) -> ::std::result::Result<(), crate::Error> {
                    crate::rt::decode::#core #generics (body, op).map(drop)
                }
            });
        }
    }
    let tokens = quote! {
        /// The conformance driver of `cloudflare-sdk`: each call's arguments set and answer
        /// decoded with this crate's types.
        #[cfg(feature = "conformance")]
        #[doc(hidden)]
        #[allow(deprecated)]
        pub mod driver {
            #[allow(unused_imports)]
            use super::types;
            #(#functions)*
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(the group's driver)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

/// What the rows name, from where they are compiled: inside the crate generated whole, or in
/// the program that includes the family's rows, through the facade's public paths.
struct Paths {
    driver: TokenStream,
    client: TokenStream,
    operations: TokenStream,
}

impl Paths {
    fn of(mode: Rows) -> Paths {
        match mode {
            Rows::Whole { .. } => Paths { driver: quote! { crate::rt::driver }, client: quote! { crate::Client }, operations: quote! { super::operations } },
            Rows::OfTheFamily => Paths { driver: quote! { ::cloudflare_sdk::conformance }, client: quote! { ::cloudflare_sdk::Client }, operations: quote! { ::cloudflare_sdk::operations } },
        }
    }
}

fn rows(endpoints: &[Endpoint], lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, mode: Rows) -> Result<Vec<syn::Item>> {
    let Paths { driver, client, operations } = Paths::of(mode);
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
                    path_values.push(quote! { #driver::text(#what, #json)? });
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
        // The rest, and a path parameter the tree does not pass (the second of a segment such
        // as `{event_id}.{event_n}`), go to the builder's setters.
        let rest = call.arguments.iter().filter(|a| !a.in_path || !path_names.contains(&a.setter));
        let function = format_ident!("{}", operation.method_name);
        let decoder = super::send_and_metadata::decoder(&operation.output);
        let (core, generics) = (format_ident!("{}", decoder.function.core), &decoder.generics);
        let (build, decode) = match mode {
            Rows::Whole { setters } => {
                let mut arguments = Vec::new();
                let mut missing = None;
                for argument in rest {
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
                (quote! { client #(#steps)* #(#arguments)* }, quote! { #driver::decode::#core #generics })
            }
            Rows::OfTheFamily => {
                let krate = super::facade::group_crate_ident(&operation.feature);
                let fill = fill_ident(&operation.method_name);
                let arguments = rest.map(|argument| {
                    let (setter, what, json) = (&argument.setter, &argument.what, argument.value.to_string());
                    quote! { (#setter, #what, #json) }
                });
                let build = quote! { ::#krate::driver::#fill(client #(#steps)*, &[#(#arguments),*])? };
                let decode = match generics.is_empty() {
                    true => quote! { #driver::decode::#core },
                    false => {
                        let decode = decode_ident(&operation.method_name);
                        quote! { ::#krate::driver::#decode }
                    }
                };
                (build, decode)
            }
        };
        functions.push(quote! {
            fn #function(client: &#client) -> #driver::Built {
                ::std::result::Result::Ok(#build .http_request())
            }
        });
        calls.push(quote! { #driver::Call { operation: &#operations::#constant, build: #function, decode: #decode } });
    }

    let rows = quote! {
        /// Every call, in the order of `operations::ALL`.
        pub const CALLS: &[#driver::Call] = &[#(#calls),*];

        /// Operations without a call: operation id and why.
        pub const UNFILLED: &[(&str, &str)] = &[#(#unfilled),*];

        #(#functions)*
    };
    let tokens = match mode {
        Rows::Whole { .. } => quote! {
            /// The conformance driver: a row per operation whose arguments the spec fills.
            // It calls every operation, the deprecated ones too.
            #[allow(deprecated)]
            pub mod driver {
                use super::types;
                #rows
            }
        },
        // Included into a module of the program that runs them (`conformance_rows!`).
        Rows::OfTheFamily => rows,
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(conformance driver)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

//! The mock's tree, generated only for builds with the `mock` feature: the same handles as the
//! client's resource tree ([`super::tree`]), with each verb returning an expectation
//! (`crate::mock::Expectation`) typed by the operation's answer, request body and paging,
//! instead of a request builder. `mock.zone("z1").dns_records().list()` sets up what
//! `client.zone("z1").dns_records().list()` calls.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::send_and_metadata::{metadata_ident, rust_type};
use super::tree::{Flavor, Handle};
use crate::error::{Error, Result};
use crate::lower::tree::Step;
use crate::lower::{Lowered, Operation, Output, Pagination, RustType};

/// The `mock_resources` module and the root methods on `crate::mock::MockCloudflare`.
pub fn items(lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    items_with_bodies(lowered, body_types(builders, file))
}

/// The mock's tree, with each operation's request body type (by client method name; absent
/// for an operation whose body is not a typed value).
pub(super) fn items_with_bodies(lowered: &Lowered, bodies: HashMap<String, syn::Type>) -> Result<Vec<syn::Item>> {
    let tokens = super::tree::write(lowered, &Expectations { bodies })?;
    let tokens = quote! {
        /// The mock's side of the resource tree: each verb sets up what the client's verb of
        /// the same name calls. Made by [`crate::mock::MockCloudflare`]'s methods.
        #tokens

        impl crate::mock::MockCloudflare {
            /// Starts a server on a free loopback port. A call no expectation matches is
            /// answered with a 404 that names its operation.
            pub fn start() -> impl ::std::future::Future<Output = crate::mock::MockCloudflare> {
                crate::mock::MockCloudflare::start_with(operations::ALL)
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(mock tree)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

struct Expectations {
    /// Request body type by client method name, for operations whose body is a typed value.
    bodies: HashMap<String, syn::Type>,
}

impl Flavor for Expectations {
    fn root(&self) -> TokenStream {
        quote! { crate::mock::MockCloudflare }
    }
    fn holder(&self) -> syn::Ident {
        format_ident!("mock")
    }
    fn module(&self) -> (syn::Ident, TokenStream) {
        (format_ident!("mock_resources"), quote! { use super::types; })
    }
    fn handle_doc(&self, path: &str) -> String {
        format!("The mocked resources under `{path}`: a handle of the mock's tree, as the client's handle of the same name.")
    }
    fn verb(&self, handle: &Handle, verb: &Step, operation: &Operation, at_root: bool) -> TokenStream {
        let method = format_ident!("{}", verb.name);
        let (mock, lifetime) = if at_root { (quote! { self }, quote! { '_ }) } else { (quote! { self.mock }, quote! { 'a }) };
        let held = handle.args.iter().map(|a| format_ident!("{}", a));
        let own = verb.arg.as_ref().map(|arg| format_ident!("{}", arg));
        let parameter = own.as_ref().map(|arg| quote! { #arg: impl ::std::fmt::Display });
        let own_value = own.as_ref().map(|arg| quote! { &#arg.to_string() });
        let reserved = &operation.reserved_path_parameters;
        let constant = metadata_ident(&operation.operation_id);
        let (answer, kind) = answer(operation);
        let body = self.bodies.get(&operation.method_name).map(|ty| quote! { #ty }).unwrap_or_else(|| quote! { () });
        let doc = format!("Expects `{} {}` (`{}`).", operation.method, operation.canonical_path, operation.call);
        quote! {
            #[doc = #doc]
            pub fn #method(&self, #parameter) -> crate::mock::Expectation<#lifetime, #answer, #body, crate::mock::kind::#kind> {
                crate::mock::Expectation::new(#mock, &super::operations::#constant, &[#(self.#held.as_str(),)* #own_value], &[#(#reserved),*])
            }
        }
    }
}

/// What `respond` takes for an operation, and the kind of answer it is sent as.
fn answer(operation: &Operation) -> (TokenStream, syn::Ident) {
    let kind = |name: &str| format_ident!("{}", name);
    match &operation.output {
        Output::Envelope { result, .. } => {
            let paged = match (operation.pagination, result) {
                (Some(Pagination::Page), RustType::Vec(_)) => "PagedByNumber",
                (Some(Pagination::Cursor), RustType::Vec(_)) => "PagedByCursor",
                (Some(Pagination::Offset), RustType::Vec(_)) => "PagedByOffset",
                _ => "Envelope",
            };
            (rust_type(result), kind(paged))
        }
        Output::Json(ty) => (rust_type(ty), kind("Json")),
        Output::Bytes => (quote! { ::bytes::Bytes }, kind("Bytes")),
        Output::Empty => (quote! { () }, kind("Empty")),
    }
}

/// A group crate's names for its operations' body types, which the facade's mock tree takes
/// (`mock_bodies::<Builder>`, `()` where the body is not a typed value): the types are known
/// where the builders are generated, and the tree spans the groups.
pub(super) fn bodies_module(lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    let bodies = body_types(builders, file);
    let aliases = lowered.operations.iter().filter_map(|operation| {
        let builder = builders.get(&operation.method_name)?;
        let body = bodies.get(&operation.method_name).map(|ty| quote! { #ty }).unwrap_or_else(|| quote! { () });
        Some(quote! { pub type #builder = #body; })
    });
    let tokens = quote! {
        /// Each operation's request body type, by its builder's name, for the mock's tree.
        #[doc(hidden)]
        pub mod mock_bodies {
            #[allow(unused_imports)]
            use super::types;
            #(#aliases)*
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(mock bodies)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

/// Each builder's `body` type, where it is a value to decode (raw bodies, sent as bytes or a
/// multipart form, are `reqwest::Body`).
fn body_types(builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> HashMap<String, syn::Type> {
    let setters = super::setter_types(file);
    builders
        .iter()
        .filter_map(|(method, builder)| {
            let ty = setters.get(&(builder.to_string(), "body".to_string()))?;
            (matches!(ty, syn::Type::Path(_)) && !super::is_raw_body(ty)).then(|| (method.clone(), ty.clone()))
        })
        .collect()
}

//! What progenitor does not generate, written with `quote` from the lowered operations:
//! the envelope-aware `send` of every builder and the operation metadata.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::{Error, Result};
use crate::lower::{Lowered, Operation, Output, Pagination, RustType};

pub fn items(lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>, file: &syn::File) -> Result<Vec<syn::Item>> {
    let mut tokens = TokenStream::new();
    let mut metadata = Vec::new();
    let mut constants = BTreeMap::new();
    for operation in &lowered.operations {
        if let Some(other) = constants.insert(metadata_ident(&operation.operation_id).to_string(), &operation.operation_id) {
            return Err(Error::Generate {
                operation: operation.operation_id.clone(),
                message: format!("its metadata constant `operations::{}` is also that of `{other}`: the ids differ only in characters a Rust name cannot hold", metadata_ident(other)),
            });
        }
        let builder = builders.get(&operation.method_name).ok_or_else(|| Error::Generate { operation: operation.operation_id.clone(), message: "progenitor generated no builder for it".into() })?;
        let constant = metadata_ident(&operation.operation_id);
        tokens.extend(send(operation, builder, &constant, file)?);
        metadata.push((constant, metadata_value(operation)));
    }

    let constants = metadata.iter().map(|(name, value)| {
        quote! { pub const #name: crate::Operation = #value; }
    });
    let names = metadata.iter().map(|(name, _)| name);
    let ids = lowered.operations.iter().map(|o| o.operation_id.as_str());
    let by_id = metadata.iter().map(|(name, _)| name);
    tokens.extend(quote! {
        /// Metadata of every generated operation, from the spec: method, path, tag, required
        /// permissions, plan availability, deprecation.
        pub mod operations {
            #(#constants)*

            /// Every operation this build generated, ordered by tag, then operation id.
            pub const ALL: &[&crate::Operation] = &[#(&#names),*];

            /// The operation with this id, if this build generated it.
            pub fn find(id: &str) -> ::std::option::Option<&'static crate::Operation> {
                match id {
                    #(#ids => ::std::option::Option::Some(&#by_id),)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    });

    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(send and metadata)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(file.items)
}

fn send(operation: &Operation, builder: &syn::Ident, constant: &syn::Ident, file: &syn::File) -> Result<TokenStream> {
    let doc = send_doc(operation);
    // Boxed at once: the request future is large, and each layer of decoding it passes through
    // would otherwise copy all of it (measured: a quarter of the SDK's per-call instructions).
    let raw = quote! { ::std::boxed::Box::pin(self.send_hooked()), &operations::#constant };
    let Decoder { returns, function, generics } = decoder(&operation.output);
    let reads = format_ident!("{}", function.reads);
    let body = quote! { crate::rt::decode::#reads #generics (#raw) };
    // The items of a page, and how to take them from the result when it is an object holding them.
    let listed = match (&operation.pagination, &operation.output, &operation.list_field) {
        (Some(_), Output::Envelope { result: RustType::Vec(item), .. } | Output::Json(RustType::Vec(item)), None) => Some((rust_type(item), None)),
        (Some(_), Output::Envelope { result: RustType::Named(name), .. } | Output::Json(RustType::Named(name)), Some(field)) => {
            let (ident, item, optional) = list_field_of(file, name, field).ok_or_else(|| Error::Generate {
                operation: operation.operation_id.clone(),
                message: format!("its result `{name}` pages the list `{field}`, and the generated struct has no such list field"),
            })?;
            let ty = format_ident!("{}", name);
            let take = if optional {
                quote! { result.#ident.unwrap_or_default() }
            } else {
                quote! { result.#ident }
            };
            Some((item, Some(quote! { |result: types::#ty| #take })))
        }
        _ => None,
    };
    let paginate = match (&operation.pagination, listed) {
        (Some(how), Some((item, take))) => {
            let send = |request: TokenStream| match &take {
                Some(take) => quote! { crate::pagination::list_in(#request.send(), #take) },
                None => quote! { #request.send() },
            };
            let by_page = send(quote! { self.clone().page(page) });
            let by_offset = send(quote! { self.clone().offset(offset) });
            let walk = match how {
                Pagination::Page => quote! { crate::pagination::Paginator::by_page(move |page| #by_page) },
                Pagination::Offset => quote! { crate::pagination::Paginator::by_offset(move |offset| #by_offset) },
                Pagination::Cursor => quote! {
                    crate::pagination::Paginator::by_cursor(move |cursor| match cursor {
                        ::std::option::Option::Some(cursor) => self.clone().cursor(cursor).send(),
                        ::std::option::Option::None => self.clone().send(),
                    })
                },
            };
            quote! {
                /// Walks every page of this list: `.pages()` for page by page, `.items()` for
                /// the items across pages. See [`crate::pagination`] for when it stops.
                pub fn paginate(self) -> crate::pagination::Paginator<'a, #item> {
                    #walk
                }
            }
        }
        _ => quote! {},
    };
    let events = match &operation.events {
        Some(events) => {
            let item = rust_type(&events.item);
            let stream = if events.stream_flag {
                quote! { .extra_body(::serde_json::json!({"stream": true})) }
            } else {
                quote! {}
            };
            let asks = if events.stream_flag { " with `\"stream\": true` in the body" } else { "" };
            let doc = format!("Sends the request asking for server-sent events (`Accept: text/event-stream`{asks}) and returns them as they come: see [`crate::events`].");
            quote! {
                #[doc = #doc]
                pub fn send_events(self) -> impl ::std::future::Future<Output = ::std::result::Result<crate::events::EventStream<#item>, crate::Error>> + 'a {
                    self.send_events_with(crate::RequestOptions::new())
                }
                /// [`send_events`](Self::send_events) with per-call settings (timeouts, idle timeout, retries, extras).
                pub fn send_events_with(self, options: crate::RequestOptions) -> impl ::std::future::Future<Output = ::std::result::Result<crate::events::EventStream<#item>, crate::Error>> + 'a {
                    let options = options.header("accept", "text/event-stream")#stream;
                    crate::events::open::<#item>(::std::boxed::Box::pin(crate::rt::hooks::with_options(options, self.send_hooked())), &operations::#constant)
                }
            }
        }
        None => quote! {},
    };
    Ok(quote! {
        impl<'a> builder::#builder<'a> {
            // Plain functions returning the runtime's futures: an `async fn` here would be one
            // more state machine per operation for the compiler to check (see `send.rs`).
            #[doc = #doc]
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#returns, crate::Error>> + 'a {
                #body
            }
            /// [`send`](Self::send) with per-call settings (timeout, retries).
            pub fn send_with(self, options: crate::RequestOptions) -> impl ::std::future::Future<Output = ::std::result::Result<#returns, crate::Error>> + 'a {
                crate::rt::hooks::with_options(options, self.send())
            }
            #paginate
            #events
        }
    })
}

/// The Rust name of the list field whose wire name is `wire` in the generated struct
/// `types::<type_name>`, its items' type, and whether the list is optional.
fn list_field_of(file: &syn::File, type_name: &str, wire: &str) -> Option<(syn::Ident, TokenStream, bool)> {
    let fields = super::module(&file.items, "types")?.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == type_name => Some(&s.fields),
        _ => None,
    })?;
    let field = fields.iter().find(|f| serde_name(f).as_deref() == Some(wire))?;
    let (optional, list) = match generic_of(&field.ty, "Option") {
        Some(inner) => (true, inner),
        None => (false, &field.ty),
    };
    let mut item = generic_of(list, "Vec")?.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut InTypes, &mut item);
    Some((field.ident.clone()?, quote! { #item }, optional))
}

/// Paths written inside `types` (`SourcingkitSource`), as written outside it
/// (`types::SourcingkitSource`); absolute paths and primitives stay.
struct InTypes;

impl syn::visit_mut::VisitMut for InTypes {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, ty);
        const PRIMITIVES: [&str; 14] = ["bool", "char", "str", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64"];
        let relative = ty.qself.is_none() && ty.path.leading_colon.is_none();
        let first = ty.path.segments.first().map(|s| s.ident.to_string()).unwrap_or_default();
        if relative && !PRIMITIVES.contains(&first.as_str()) && !["crate", "super", "self", "Self"].contains(&first.as_str()) {
            ty.path.segments.insert(0, syn::PathSegment::from(format_ident!("types")));
        }
    }
}

/// The name serde reads a field by: its `rename`, else its own.
fn serde_name(field: &syn::Field) -> Option<String> {
    let mut renamed = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if meta.path.is_ident("rename") {
                    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(name), .. }) = value {
                        renamed = Some(name.value());
                    }
                }
            }
            Ok(())
        });
    }
    renamed.or_else(|| field.ident.as_ref().map(|i| i.to_string().trim_start_matches("r#").to_string()))
}

/// `T` of a type written `Wrapper<T>` (by its last path segment).
fn generic_of<'t>(ty: &'t syn::Type, wrapper: &str) -> Option<&'t syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last().filter(|s| s.ident == wrapper)?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

/// Rustdoc of `send`: what the call returns and what it needs.
fn send_doc(operation: &Operation) -> String {
    let mut doc = format!("Sends `{} {}` (`{}`, operation `{}`) and returns the decoded result.\n", operation.method, operation.canonical_path, operation.call, operation.operation_id);
    if !operation.required_permissions.is_empty() {
        let list: Vec<String> = operation.required_permissions.iter().map(|p| format!("`{p}`")).collect();
        doc.push_str(&format!("\nRequired permissions: {}.\n", list.join(", ")));
    }
    if let Some(plans) = operation.plan_availability {
        let names: Vec<&str> =
            [("free", plans.free), ("pro", plans.pro), ("business", plans.business), ("enterprise", plans.enterprise)].into_iter().filter_map(|(name, on)| on.then_some(name)).collect();
        doc.push_str(&format!("\nAvailable on plans: {}.\n", if names.is_empty() { "none".to_string() } else { names.join(", ") }));
    }
    if !operation.token_groups.is_empty() {
        let list: Vec<String> = operation.token_groups.iter().map(|p| format!("`{p}`")).collect();
        doc.push_str(&format!("\nAPI token permission groups (any one allows it): {}.\n", list.join(", ")));
    }
    doc.push_str(&super::tree::status_doc(operation));
    doc
}

/// How `send` reads an operation's answer: what it returns, and the runtime's decoder of
/// that kind of result with its type argument. The conformance driver decodes through the
/// same one.
pub(super) struct Decoder {
    /// `crate::Response<T>`.
    pub returns: TokenStream,
    pub function: DecoderFunction,
    /// `::<T>`, or nothing for a decoder that is not generic.
    pub generics: TokenStream,
}

/// A kind of result: the runtime's async decoder (`send`) and its synchronous core, which
/// takes an answer already read (`crate::rt::decode`).
#[derive(Debug, Clone, Copy)]
pub(super) struct DecoderFunction {
    pub reads: &'static str,
    pub core: &'static str,
}

pub(super) fn decoder(output: &Output) -> Decoder {
    let of = |reads, core| DecoderFunction { reads, core };
    let (returns, function, generics) = match output {
        Output::Envelope { result: RustType::Vec(item), .. } => {
            let item = rust_type(item);
            (quote! { ::std::vec::Vec<#item> }, of("envelope_list", "list"), quote! { ::<#item> })
        }
        Output::Envelope { result: RustType::Option(inner), .. } => {
            let inner = rust_type(inner);
            (quote! { ::std::option::Option<#inner> }, of("envelope_optional", "optional"), quote! { ::<#inner> })
        }
        Output::Envelope { result: RustType::Unit, .. } => (quote! { () }, of("envelope_unit", "unit"), quote! {}),
        Output::Envelope { result: RustType::Json, .. } => (quote! { ::serde_json::Value }, of("envelope_json", "json"), quote! {}),
        Output::Envelope { result, .. } => {
            let ty = rust_type(result);
            (quote! { #ty }, of("envelope_required", "required"), quote! { ::<#ty> })
        }
        Output::Json(ty) => {
            let ty = rust_type(ty);
            (quote! { #ty }, of("bare_json", "bare"), quote! { ::<#ty> })
        }
        Output::Bytes => (quote! { ::bytes::Bytes }, of("bytes", "as_bytes"), quote! {}),
        Output::Empty => (quote! { () }, of("empty", "nothing"), quote! {}),
    };
    Decoder { returns: quote! { crate::Response<#returns> }, function, generics }
}

pub(super) fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Named(name) => {
            let ident = format_ident!("{}", name);
            quote! { types::#ident }
        }
        RustType::Vec(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        RustType::Map(values) => {
            let values = rust_type(values);
            quote! { ::std::collections::HashMap<::std::string::String, #values> }
        }
        RustType::Option(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::option::Option<#inner> }
        }
        RustType::String => quote! { ::std::string::String },
        RustType::Bool => quote! { bool },
        RustType::Integer => quote! { i64 },
        RustType::Number => quote! { f64 },
        RustType::Json => quote! { ::serde_json::Value },
        RustType::Unit => quote! { () },
    }
}

/// `organization-invites-list-invitations` -> `ORGANIZATION_INVITES_LIST_INVITATIONS`.
pub fn metadata_ident(operation_id: &str) -> syn::Ident {
    let mut name = crate::spec::operation_id_key(operation_id);
    if name.is_empty() {
        // An id with no letter or digit (`---`) still needs a name: one made from all of it.
        name = format!("OPERATION_{:016X}", crate::lower::shapes::fingerprint(&serde_json::Value::String(operation_id.to_string())));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    format_ident!("{}", name)
}

fn metadata_value(operation: &Operation) -> TokenStream {
    let id = &operation.operation_id;
    let call = operation.call.to_string();
    let method = operation.method.to_string();
    let path = &operation.canonical_path;
    let tag = &operation.tag;
    let permissions = &operation.required_permissions;
    let plans = match operation.plan_availability {
        Some(p) => {
            let (free, pro, business, enterprise) = (p.free, p.pro, p.business, p.enterprise);
            quote! { ::std::option::Option::Some(crate::PlanAvailability { free: #free, pro: #pro, business: #business, enterprise: #enterprise }) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let deprecated = operation.deprecated;
    let optional = |text: &Option<String>| match text {
        Some(text) => quote! { ::std::option::Option::Some(#text) },
        None => quote! { ::std::option::Option::None },
    };
    let (deprecation, stability) = (optional(&operation.deprecation_note), optional(&operation.stability));
    let token_groups = &operation.token_groups;
    let request_media_type = match &operation.request_media_type {
        Some(media) => quote! { ::std::option::Option::Some(#media) },
        None => quote! { ::std::option::Option::None },
    };
    let security = operation.security.iter().map(|alternative| quote! { &[#(#alternative),*] });
    let empty_json_body = operation.empty_json_body;
    let accept = &operation.accept;
    let feature = &operation.feature;
    quote! {
        crate::Operation {
            id: #id,
            call: #call,
            method: #method,
            path: #path,
            tag: #tag,
            feature: #feature,
            required_permissions: &[#(#permissions),*],
            plan_availability: #plans,
            deprecated: #deprecated,
            deprecation: #deprecation,
            stability: #stability,
            token_groups: &[#(#token_groups),*],
            security: &[#(#security),*],
            request_media_type: #request_media_type,
            empty_json_body: #empty_json_body,
            accept: #accept,
        }
    }
}

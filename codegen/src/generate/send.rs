//! Reshapes progenitor's `send` of every builder into these methods:
//!
//! - `send_hooked` (the crate's own): builds the request, runs it through the client hooks
//!   (auth, retries, timeouts) and returns reqwest's response unread, whatever its status, or
//!   progenitor's error. The envelope-aware `send` added by [`super::send_and_metadata`] reads
//!   from it: the body in one piece and the headers moved, not copied.
//! - `send_http`: the same answer, failing with the SDK's `Error` like every other call.
//! - `send_http_with`: `send_http` with per-call settings.
//! - `send_raw`: progenitor's own answer (status, headers, body stream) on top of `send_hooked`.
//!
//! None is an `async fn`: the request is built by a plain method (`http_request`), and the
//! parts that wait (the hooks, reading the status) are two async functions of the runtime
//! (`rt::hooks`), to which `send_http` hands the operation's metadata. An `async fn` per
//! builder was a state machine per operation for the compiler to check, most of the crate's
//! check time.
//!
//! Two more rules are applied here, once, rather than per request: progenitor's `api-version`
//! header (the document's `info.version`, which Cloudflare does not define) is not sent, and
//! path parameters are encoded by the runtime's `path::segment`, which refuses values that
//! URL normalization would turn into another path.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::visit_mut::VisitMut;

use crate::error::{Error, Result};

/// Splits every builder's `send` and returns operation id -> builder name.
/// `reserved` names, by progenitor's operation id, the path parameters whose values keep their
/// `/` ([`crate::lower::Operation::reserved_path_parameters`]); `metadata`, the constant in
/// `operations` of each operation, which `send_http` hands the runtime.
pub fn split_send(file: &mut syn::File, reserved: &BTreeMap<String, Vec<String>>, metadata: &BTreeMap<String, syn::Ident>) -> Result<BTreeMap<String, syn::Ident>> {
    let mut visitor = Splitter { builders: BTreeMap::new(), string_fields: BTreeMap::new(), reserved, metadata, failure: None };
    visitor.visit_file_mut(file);
    match visitor.failure {
        Some(failure) => Err(failure),
        None => Ok(visitor.builders),
    }
}

struct Splitter<'a> {
    builders: BTreeMap<String, syn::Ident>,
    reserved: &'a BTreeMap<String, Vec<String>>,
    metadata: &'a BTreeMap<String, syn::Ident>,
    /// Builder -> its fields that hold a `String` (progenitor writes each struct before its
    /// `impl`).
    string_fields: BTreeMap<String, Vec<String>>,
    failure: Option<Error>,
}

impl VisitMut for Splitter<'_> {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        let strings = item
            .fields
            .iter()
            .filter(|field| field.ty.to_token_stream().to_string().replace(' ', "").starts_with("Result<::std::string::String,"))
            .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
            .collect();
        self.string_fields.insert(item.ident.to_string(), strings);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let syn::Type::Path(self_ty) = &*item.self_ty else { return };
        let Some(builder) = self_ty.path.segments.last().map(|s| s.ident.clone()) else { return };
        let Some(index) = item.items.iter().position(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "send")) else { return };
        let syn::ImplItem::Fn(send) = item.items.remove(index) else { unreachable!("matched above") };
        let id = operation_id(&send.block);
        let strings = self.string_fields.get(&builder.to_string()).cloned().unwrap_or_default();
        let lifetime = item.generics.lifetimes().next().map(|l| l.lifetime.clone());
        let taken = item.items.iter().any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == BUILD_REQUEST));
        let constant = id.as_ref().and_then(|id| self.metadata.get(id));
        let parts = match (lifetime, &id, constant, taken) {
            (Some(lifetime), Some(id), Some(constant), false) => split(send, &strings, self.reserved.get(id).map_or(&[], Vec::as_slice), &lifetime, id, constant),
            (None, _, _, _) => Err("progenitor's builder has no lifetime".into()),
            (_, None, _, _) => Err("progenitor's `send` names no operation id".into()),
            (_, _, None, _) => Err("progenitor's `send` names an operation the lowering did not make".into()),
            (_, _, _, true) => Err(format!("a setter is named `{BUILD_REQUEST}`, the name of the method that builds the request")),
        };
        match parts {
            Ok(methods) => {
                item.items.splice(index..index, methods.into_iter().map(syn::ImplItem::Fn));
                if let Some(id) = id {
                    self.builders.insert(id, builder);
                }
            }
            Err(message) => {
                let operation = id.unwrap_or_else(|| builder.to_string());
                self.failure.get_or_insert(Error::Generate { operation, message });
            }
        }
    }
}

/// The builder method that builds the request `send_http` sends.
const BUILD_REQUEST: &str = "http_request";

/// What progenitor's `send` does after building the request, with `{id}` for the operation
/// id: the hooks, then the status. The runtime's `rt::hooks` does the same once for every
/// builder.
const HOOKS: [&str; 5] = [
    "let info = OperationInfo { operation_id : {id} , } ;",
    "client . pre (& mut request , & info) . await ? ;",
    "let result = client . exec (request , & info) . await ;",
    "client . post (& result , & info) . await ? ;",
    "let response = result ? ;",
];
const STATUS: &str = "match response . status () . as_u16 () { 200 ..= 299 => { Ok (ResponseValue :: stream (response)) } _ => { Err (Error :: ErrorResponse (ResponseValue :: stream (response))) } }";

/// `send` -> [`http_request`, `send_hooked`, `send_http`, `send_http_with`, `send_raw`]: the statements before the hooks
/// build the request; the hooks and the status check must be progenitor's usual ones.
fn split(send: syn::ImplItemFn, string_fields: &[String], reserved: &[String], lifetime: &syn::Lifetime, id: &str, constant: &syn::Ident) -> std::result::Result<[syn::ImplItemFn; 5], String> {
    let shape_changed = |what: &str| format!("progenitor's `send` has a new shape ({what}); update codegen/src/generate/send.rs");
    let error_type = error_type(&send.sig.output).ok_or_else(|| shape_changed("its return type"))?;
    let stmts = &send.block.stmts;
    let hooks = stmts.iter().position(|stmt| is_let(stmt, "info")).ok_or_else(|| shape_changed("no `let info = ...`"))?;
    let (mut build, rest) = (stmts[..hooks].to_vec(), &stmts[hooks..]);
    let id_literal = format!("{id:?}");
    // Compared without spaces or trailing commas, which say nothing of what the code does.
    let squeeze = |text: &str| text.split_whitespace().collect::<String>().replace(",}", "}");
    let same = |stmt: &syn::Stmt, usual: &str| squeeze(&stmt.to_token_stream().to_string()) == squeeze(usual);
    let hooks_as_usual = rest.len() == HOOKS.len() + 1 && rest.iter().zip(HOOKS).all(|(stmt, usual)| same(stmt, &usual.replace("{id}", &id_literal)));
    if !hooks_as_usual {
        return Err(shape_changed("the hooks differ"));
    }
    if !same(&rest[HOOKS.len()], STATUS) {
        return Err(shape_changed("the status check differs"));
    }
    drop_api_version(&mut build);
    for stmt in &mut build {
        PathSegments { string_fields, reserved }.visit_stmt_mut(stmt);
    }

    let build_request = syn::Ident::new(BUILD_REQUEST, send.sig.ident.span());
    let mut build_fn: syn::ImplItemFn = syn::parse_quote! {
        /// The request `send_http` sends: the parameters checked, the URL, query, headers and body.
        /// Public for the conformance driver, which the facade generates over a family of crates.
        #[doc(hidden)]
        pub fn #build_request(self) -> Result<::reqwest::Request, #error_type> {}
    };
    build_fn.block.stmts = build;
    build_fn.block.stmts.push(syn::Stmt::Expr(syn::parse_quote! { Ok(request) }, None));

    let send_hooked: syn::ImplItemFn = syn::parse_quote! {
        /// The request through the client's hooks (credentials, retries, timeouts): the
        /// response unread, whatever its status, or progenitor's error, for `send`, `send_raw`
        /// and the event streams to read.
        pub(crate) fn send_hooked(self) -> impl ::std::future::Future<Output = Result<::reqwest::Response, #error_type>> + #lifetime {
            crate::rt::hooks::send_through_hooks(self.client, self, Self::#build_request, &super::operations::#constant)
        }
    };

    let send_http: syn::ImplItemFn = syn::parse_quote! {
        /// Sends the request through the client's hooks (credentials, retries, timeouts) and
        /// returns the HTTP response unread, whatever its status; the error is the SDK's, as
        /// every call's, for what kept an answer from coming. Most callers want `send`.
        pub fn send_http(self) -> impl ::std::future::Future<Output = Result<::reqwest::Response, crate::Error>> + #lifetime {
            crate::rt::decode::unread(::std::boxed::Box::pin(self.send_hooked()), &super::operations::#constant)
        }
    };

    let send_http_with: syn::ImplItemFn = syn::parse_quote! {
        /// [`send_http`](Self::send_http) with per-call settings (timeouts, idle timeout,
        /// retries, extra headers and query).
        pub fn send_http_with(self, options: crate::RequestOptions) -> impl ::std::future::Future<Output = Result<::reqwest::Response, crate::Error>> + #lifetime {
            crate::rt::hooks::with_options(options, self.send_http())
        }
    };

    let mut send_raw: syn::ImplItemFn = syn::parse_quote! {
        pub fn send_raw(self) -> impl ::std::future::Future<Output = Result<ResponseValue<ByteStream>, #error_type>> + #lifetime {
            crate::rt::hooks::stream_response(self.send_hooked())
        }
    };
    let doc: syn::Attribute = syn::parse_quote! {
        #[doc = "Sends the request and returns the response as it came (status, headers, body stream), without reading the envelope. Most callers want `send`."]
    };
    send_raw.attrs = std::iter::once(doc).chain(send.attrs.iter().cloned()).collect();
    Ok([build_fn, send_hooked, send_http, send_http_with, send_raw])
}

fn is_let(stmt: &syn::Stmt, name: &str) -> bool {
    let syn::Stmt::Local(local) = stmt else { return false };
    matches!(&local.pat, syn::Pat::Ident(ident) if ident.ident == name)
}

/// `E` of `Result<_, E>`.
fn error_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else { return None };
    let syn::Type::Path(path) = &**ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else { return None };
    match args.args.iter().nth(1)? {
        syn::GenericArgument::Type(ty) => Some(ty.clone()),
        _ => None,
    }
}

/// Removes the `api-version` header; when it was the only one, the header map goes too.
fn drop_api_version(stmts: &mut Vec<syn::Stmt>) {
    let is_api_version =
        |stmt: &syn::Stmt| matches!(stmt, syn::Stmt::Expr(syn::Expr::MethodCall(call), _) if call.method == "append" && call.to_token_stream().to_string().contains("\"api-version\""));
    stmts.retain(|stmt| !is_api_version(stmt));
    let appends = stmts.iter().filter(|stmt| appends_to_header_map(stmt)).count();
    if appends > 0 {
        return;
    }
    let before = stmts.len();
    stmts.retain(|stmt| !declares_header_map(stmt));
    if stmts.len() < before {
        for stmt in stmts.iter_mut() {
            HeadersCallRemover.visit_stmt_mut(stmt);
        }
    }
}

fn declares_header_map(stmt: &syn::Stmt) -> bool {
    matches!(stmt, syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(name) if name.ident == "header_map"))
}

fn appends_to_header_map(stmt: &syn::Stmt) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            if call.method == "append" && matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("header_map")) {
                self.0 = true;
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_stmt(&mut finder, stmt);
    finder.0
}

/// `<builder>.headers(header_map)` -> `<builder>`.
struct HeadersCallRemover;

impl VisitMut for HeadersCallRemover {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr {
            let is_headers = call.method == "headers" && call.args.len() == 1 && matches!(&call.args[0], syn::Expr::Path(p) if p.path.is_ident("header_map"));
            if is_headers {
                *expr = (*call.receiver).clone();
                self.visit_expr_mut(expr);
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// `encode_path(value)` -> `crate::rt::path::segment(value).map_err(Error::InvalidRequest)?`, in
/// the `format!` that builds the URL (`path::segments` for a parameter that keeps its `/`). A
/// `String` parameter is passed as it is rather than copied by `to_string()`.
struct PathSegments<'a> {
    string_fields: &'a [String],
    reserved: &'a [String],
}

impl VisitMut for PathSegments<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        // Progenitor reads the client's fields; the client is the runtime crate's, whose
        // fields are its own: its methods give the same.
        if let syn::Expr::Field(field) = expr {
            if matches!(&*field.base, syn::Expr::Path(p) if p.path.is_ident("client")) {
                if let syn::Member::Named(name) = &field.member {
                    let method = match name.to_string().as_str() {
                        "baseurl" => Some(quote::quote! { base_url }),
                        "client" => Some(quote::quote! { http_client }),
                        _ => None,
                    };
                    if let Some(method) = method {
                        *expr = syn::parse_quote! { client.#method() };
                        return;
                    }
                }
            }
        }
        if let syn::Expr::Call(call) = expr {
            if matches!(&*call.func, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "encode_path")) {
                let field = match call.args.first() {
                    Some(syn::Expr::Reference(reference)) => match &*reference.expr {
                        syn::Expr::MethodCall(to_string) => to_string.receiver.to_token_stream().to_string(),
                        other => other.to_token_stream().to_string(),
                    },
                    _ => String::new(),
                };
                let encode = if self.reserved.contains(&field) {
                    quote::quote! { segments }
                } else {
                    quote::quote! { segment }
                };
                let value = match call.args.first() {
                    Some(syn::Expr::Reference(reference)) => match &*reference.expr {
                        syn::Expr::MethodCall(to_string) if to_string.method == "to_string" && self.is_string(&to_string.receiver) => {
                            let field = &to_string.receiver;
                            quote::quote! { #field }
                        }
                        other => quote::quote! { #other },
                    },
                    _ => {
                        let args = &call.args;
                        quote::quote! { #args }
                    }
                };
                *expr = syn::parse_quote! { crate::rt::path::#encode(&#value).map_err(Error::InvalidRequest)? };
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(mut args) = mac.parse_body_with(parser) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = args.to_token_stream();
        }
    }
}

impl PathSegments<'_> {
    fn is_string(&self, expr: &syn::Expr) -> bool {
        matches!(expr, syn::Expr::Path(p) if p.path.get_ident().is_some_and(|name| self.string_fields.iter().any(|f| name == f)))
    }
}

/// The `operation_id: "<id>"` literal progenitor writes into every `send`.
fn operation_id(block: &syn::Block) -> Option<String> {
    struct Finder(Option<String>);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
            if let (syn::Member::Named(name), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. })) = (&field.member, &field.expr) {
                if name == "operation_id" {
                    self.0 = Some(text.value());
                }
            }
        }
    }
    let mut finder = Finder(None);
    syn::visit::Visit::visit_block(&mut finder, block);
    finder.0
}

//! Reshapes progenitor's `send` of every builder into two methods:
//!
//! - `send_http`: builds the request, runs it through the client hooks (auth, retries,
//!   timeouts) and returns reqwest's response unread, whatever its status. The envelope-aware
//!   `send` added by [`super::extras`] reads from it: the body in one piece and the headers
//!   moved, not copied.
//! - `send_raw`: progenitor's own answer (status, headers, body stream) on top of `send_http`.
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
pub fn split_send(file: &mut syn::File) -> Result<BTreeMap<String, syn::Ident>> {
    let mut visitor = Splitter { builders: BTreeMap::new(), string_fields: BTreeMap::new(), failure: None };
    visitor.visit_file_mut(file);
    match visitor.failure {
        Some(failure) => Err(failure),
        None => Ok(visitor.builders),
    }
}

struct Splitter {
    builders: BTreeMap<String, syn::Ident>,
    /// Builder -> its fields that hold a `String` (progenitor writes each struct before its
    /// `impl`).
    string_fields: BTreeMap<String, Vec<String>>,
    failure: Option<Error>,
}

impl VisitMut for Splitter {
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
        match split(send, &strings) {
            Ok([send_http, send_raw]) => {
                item.items.insert(index, syn::ImplItem::Fn(send_raw));
                item.items.insert(index, syn::ImplItem::Fn(send_http));
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

/// `send` -> [`send_http`, `send_raw`], split after `let response = result?;`.
fn split(mut send: syn::ImplItemFn, string_fields: &[String]) -> std::result::Result<[syn::ImplItemFn; 2], String> {
    let shape_changed = |what: &str| format!("progenitor's `send` has a new shape ({what}); update codegen/src/generate/send.rs");
    let error_type = error_type(&send.sig.output).ok_or_else(|| shape_changed("its return type"))?;
    let stmts = std::mem::take(&mut send.block.stmts);
    let cut = stmts.iter().position(is_response_unwrapped).ok_or_else(|| shape_changed("no `let response = result?;`"))?;
    let (mut head, tail) = (stmts[..=cut].to_vec(), stmts[cut + 1..].to_vec());
    drop_api_version(&mut head);
    for stmt in &mut head {
        PathSegments { string_fields }.visit_stmt_mut(stmt);
    }

    let mut send_http: syn::ImplItemFn = syn::parse_quote! {
        /// Sends the request through the client's hooks (credentials, retries, timeouts) and
        /// returns the HTTP response unread, whatever its status. Most callers want `send`.
        pub async fn send_http(self) -> Result<::reqwest::Response, #error_type> {}
    };
    send_http.block.stmts = head;
    send_http.block.stmts.push(syn::Stmt::Expr(syn::parse_quote! { Ok(response) }, None));

    send.sig.ident = syn::Ident::new("send_raw", send.sig.ident.span());
    let doc: syn::Attribute = syn::parse_quote! {
        #[doc = "Sends the request and returns the response as it came (status, headers, body stream), without reading the envelope. Most callers want `send`."]
    };
    send.attrs.insert(0, doc);
    send.block.stmts = vec![syn::parse_quote! { let response = self.send_http().await?; }];
    send.block.stmts.extend(tail);
    Ok([send_http, send])
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

fn is_response_unwrapped(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Local(local) = stmt else { return false };
    let syn::Pat::Ident(name) = &local.pat else { return false };
    name.ident == "response" && local.init.as_ref().is_some_and(|init| matches!(&*init.expr, syn::Expr::Try(_)))
}

/// Removes the `api-version` header; when it was the only one, the header map goes too.
fn drop_api_version(stmts: &mut Vec<syn::Stmt>) {
    let is_api_version = |stmt: &syn::Stmt| {
        matches!(stmt, syn::Stmt::Expr(syn::Expr::MethodCall(call), _) if call.method == "append" && call.to_token_stream().to_string().contains("\"api-version\""))
    };
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

/// `encode_path(value)` -> `crate::path::segment(value).map_err(Error::InvalidRequest)?`, in
/// the `format!` that builds the URL. A `String` parameter is passed as it is rather than
/// copied by `to_string()`.
struct PathSegments<'a> {
    string_fields: &'a [String],
}

impl VisitMut for PathSegments<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr {
            if matches!(&*call.func, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "encode_path")) {
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
                *expr = syn::parse_quote! { crate::path::segment(&#value).map_err(Error::InvalidRequest)? };
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
            if let (syn::Member::Named(name), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. })) =
                (&field.member, &field.expr)
            {
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

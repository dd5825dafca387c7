//! The error closures of the setters, written once in the runtime instead of at every setter.
//!
//! Progenitor's request builders and typify's type builders give each setter its own closure
//! for a failed conversion (`.map_err(|_| "conversion to `T` for x failed".to_string())`,
//! `.map_err(|e| format!("error converting supplied value for x: {e}"))`). Each closure is one
//! more body for the compiler to check; thousands of them were a tenth of the crate's check
//! time. They become calls of two generic runtime functions that give the same message
//! (`src/setters.rs`). A closure of another shape is left as it is.

use syn::visit_mut::VisitMut;

/// Rewrites every setter error closure in `file`; returns how many.
pub fn share_setter_errors(file: &mut syn::File) -> usize {
    let mut rewriter = Rewriter { count: 0 };
    rewriter.visit_file_mut(file);
    rewriter.count
}

struct Rewriter {
    count: usize,
}

impl VisitMut for Rewriter {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if call.method != "map_err" || call.args.len() != 1 {
            return;
        }
        let syn::Expr::Closure(closure) = &call.args[0] else { return };
        let shared = match (closure.inputs.len(), closure.inputs.first()) {
            (1, Some(syn::Pat::Wild(_))) => fixed_message(&closure.body).map(|message| {
                quote::quote! { crate::rt::setter_errors::failed(#message) }
            }),
            (1, Some(syn::Pat::Ident(input))) => message_then_error(&closure.body, &input.ident.to_string()).map(|prefix| {
                quote::quote! { crate::rt::setter_errors::failed_with(#prefix) }
            }),
            _ => None,
        };
        if let Some(shared) = shared {
            call.args[0] = syn::parse_quote! { #shared };
            self.count += 1;
        }
    }
}

/// The body, or the one expression of a block body.
fn single(body: &syn::Expr) -> &syn::Expr {
    match body {
        syn::Expr::Block(block) if block.block.stmts.len() == 1 => match &block.block.stmts[0] {
            syn::Stmt::Expr(expr, None) => expr,
            _ => body,
        },
        _ => body,
    }
}

/// `"text".to_string()` -> `"text"`.
fn fixed_message(body: &syn::Expr) -> Option<syn::LitStr> {
    let syn::Expr::MethodCall(to_string) = single(body) else { return None };
    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &*to_string.receiver else { return None };
    (to_string.method == "to_string" && to_string.args.is_empty()).then(|| text.clone())
}

/// `format!("text: {e}")` or `format!("text: {}", e)` (with `e` the closure's input) -> `"text"`.
fn message_then_error(body: &syn::Expr, input: &str) -> Option<String> {
    let syn::Expr::Macro(mac) = single(body) else { return None };
    if !mac.mac.path.is_ident("format") {
        return None;
    }
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let args: Vec<syn::Expr> = mac.mac.parse_body_with(parser).ok()?.into_iter().collect();
    let (syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }), rest) = args.split_first()? else { return None };
    let placeholder = match rest {
        [] => format!(": {{{input}}}"),
        [syn::Expr::Path(arg)] if arg.path.is_ident(input) => ": {}".to_string(),
        _ => return None,
    };
    let prefix = text.value().strip_suffix(&placeholder)?.to_string();
    // Braces left in the prefix would be format arguments of their own.
    (!prefix.contains(['{', '}'])).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::share_setter_errors;

    #[test]
    fn setter_error_closures_become_runtime_calls_with_the_same_message() {
        let mut file: syn::File = syn::parse_quote! {
            fn setters() {
                let a = value.try_into().map(Some).map_err(|_| "conversion to `Direction` for direction failed".to_string());
                let b = value.try_into().map_err(|e| { format!("error converting supplied value for name: {e}") });
                let c = value.try_into().map_err(|e| format!("{} and {e}", 1));
                let d = value.try_into().map_err(|s| format!("conversion to `Body` for body failed: {}", s));
                let e = value.try_into().map_err(|s| format!("{}: {}", s, 2));
            }
        };
        assert_eq!(share_setter_errors(&mut file), 3);
        let squeeze = |text: &str| text.split_whitespace().collect::<String>();
        let code = squeeze(&quote::ToTokens::to_token_stream(&file).to_string());
        let has = |expected: &str| code.contains(&squeeze(expected));
        assert!(has(r#".map_err(crate::rt::setter_errors::failed("conversion to `Direction` for direction failed"))"#), "{code}");
        assert!(has(r#".map_err(crate::rt::setter_errors::failed_with("error converting supplied value for name"))"#), "{code}");
        assert!(has(r#".map_err(crate::rt::setter_errors::failed_with("conversion to `Body` for body failed"))"#), "{code}");
        // Other shapes stay closures.
        assert!(has(r#"|e| format!("{} and {e}", 1)"#) && has(r#"|s| format!("{}: {}", s, 2)"#), "{code}");
    }
}

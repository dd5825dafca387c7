//! Progenitor's `send` decodes nothing for our opaque responses, so it becomes `send_raw`
//! (status, headers and the body stream, for callers who want them) and the envelope-aware
//! `send` added by [`super::extras`] takes its name.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;

/// Renames `send` to `send_raw` in the builders and returns operation id -> builder name.
pub fn rename_send(file: &mut syn::File) -> BTreeMap<String, syn::Ident> {
    let mut visitor = Renamer { builders: BTreeMap::new() };
    visitor.visit_file_mut(file);
    visitor.builders
}

struct Renamer {
    builders: BTreeMap<String, syn::Ident>,
}

impl VisitMut for Renamer {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let syn::Type::Path(self_ty) = &*item.self_ty else { return };
        let Some(builder) = self_ty.path.segments.last().map(|s| s.ident.clone()) else { return };
        for impl_item in &mut item.items {
            let syn::ImplItem::Fn(function) = impl_item else { continue };
            if function.sig.ident != "send" {
                continue;
            }
            function.sig.ident = syn::Ident::new("send_raw", function.sig.ident.span());
            let doc: syn::Attribute = syn::parse_quote! {
                #[doc = "Sends the request and returns the response as it came (status, headers, body stream), without reading the envelope. Most callers want `send`."]
            };
            function.attrs.insert(0, doc);
            if let Some(id) = operation_id(&function.block) {
                self.builders.insert(id, builder.clone());
            }
        }
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

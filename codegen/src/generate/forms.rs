//! The typed multipart forms ([`crate::lower::form`]): a struct per form in `forms`, named
//! after its builder, which encodes itself into a body, and a `form(..)` setter on the
//! builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::send_and_metadata::rust_type;
use crate::error::{Error, Result};
use crate::lower::form::{Additional, Form, PartKind, ADDITIONAL_FIELD};
use crate::lower::{names, Lowered, Operation};

/// Adds the `forms` module (empty when no operation of the build takes a form), and the
/// `form` setters to the builders in `builder`; returns how many forms.
pub fn add(file: &mut syn::File, lowered: &Lowered) -> Result<usize> {
    let mut count = 0;
    let mut forms = TokenStream::new();
    let mut setters = TokenStream::new();
    for operation in &lowered.operations {
        let Some(form) = &operation.form else { continue };
        count += 1;
        let name = format_ident!("{}", names::pascal(&operation.method_name));
        forms.extend(form_struct(operation, form, &name));
        let doc = format!("Sets the body to a typed multipart form: [`forms::{name}`](super::forms::{name}). A part that cannot be encoded fails the call before anything is sent.");
        setters.extend(quote! {
            impl<'a> #name<'a> {
                #[doc = #doc]
                pub fn form(mut self, form: super::forms::#name) -> Self {
                    self.body = form.into_body().map_err(|err| format!("form: {err}"));
                    self
                }
            }
        });
    }
    let parse = |tokens: TokenStream| syn::parse2::<syn::File>(tokens).map_err(|err| Error::Generate { operation: "(forms)".into(), message: format!("generated code does not parse: {err}") });
    let builder = super::module_mut(&mut file.items, "builder").ok_or_else(|| Error::Generate { operation: "(forms)".into(), message: "progenitor generated no `builder` module".into() })?;
    builder.extend(parse(setters)?.items);
    file.items.extend(
        parse(quote! {
            /// The typed multipart forms of the operations that upload files (Workers scripts,
            /// Images, Stream captions, ...), one per operation, named after its builder; set
            /// with the builder's `form(..)`. See [`crate::multipart`].
            pub mod forms {
                #[allow(unused_imports)]
                use super::types;
                #forms
            }
        })?
        .items,
    );
    Ok(count)
}

fn form_struct(operation: &Operation, form: &Form, name: &syn::Ident) -> TokenStream {
    let file = quote! { crate::multipart::File };
    let mut fields = Vec::new();
    let mut encode = Vec::new();
    let mut all_optional = true;
    for part in &form.parts {
        let field = format_ident!("{}", part.field);
        let wire = &part.name;
        let (ty, write) = match &part.kind {
            PartKind::File => (file.clone(), quote! { form.file(#wire, value)?; }),
            PartKind::Files => (quote! { ::std::vec::Vec<#file> }, quote! { for file in value { form.file(#wire, file)?; } }),
            PartKind::Json(ty) => (rust_type(ty), quote! { form.json(#wire, &value)?; }),
            PartKind::Text(ty) => (rust_type(ty), quote! { form.text(#wire, &value)?; }),
        };
        let doc = match part.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(text) => format!("The part `{wire}`.\n\n{}", crate::lower::docs::rustdoc_safe(text)),
            None => format!("The part `{wire}`."),
        };
        if matches!(part.kind, PartKind::Files) {
            all_optional &= !part.required;
            fields.push(quote! { #[doc = #doc] pub #field: #ty });
            encode.push(quote! { let value = self.#field; #write });
        } else if part.required {
            all_optional = false;
            fields.push(quote! { #[doc = #doc] pub #field: #ty });
            encode.push(quote! { let value = self.#field; #write });
        } else {
            fields.push(quote! { #[doc = #doc] pub #field: ::std::option::Option<#ty> });
            encode.push(quote! { if let ::std::option::Option::Some(value) = self.#field { #write } });
        }
    }
    if let Some(additional) = form.additional {
        let field = format_ident!("{}", ADDITIONAL_FIELD);
        let (ty, write) = match additional {
            Additional::Files => (file.clone(), quote! { form.file(&name, value)?; }),
            Additional::Text => (quote! { ::std::string::String }, quote! { form.text(&name, &value)?; }),
        };
        fields.push(quote! {
            /// Parts of any name, in order.
            pub #field: ::std::vec::Vec<(::std::string::String, #ty)>
        });
        encode.push(quote! { for (name, value) in self.#field { #write } });
    }
    let derive = if all_optional {
        quote! { #[derive(Debug, Default)] }
    } else {
        quote! { #[derive(Debug)] }
    };
    let doc = format!("The multipart form of `{}` (`{} {}`).", operation.call, operation.method, operation.path);
    quote! {
        #[doc = #doc]
        #derive
        pub struct #name {
            #(#fields,)*
        }
        impl #name {
            /// The encoded body: in memory when every file is, else streamed (and then sent
            /// only once, without retries).
            pub fn into_body(self) -> ::std::result::Result<reqwest::Body, crate::multipart::FormError> {
                let mut form = crate::multipart::Encoder::default();
                #(#encode)*
                ::std::result::Result::Ok(form.finish())
            }
        }
    }
}

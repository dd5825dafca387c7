//! `cloudflare-sdk` over the family of crates ([`crate::crates`]): the code its build script
//! writes when the groups are crates of their own. It re-exports each enabled group's crate
//! and the shared types' at the paths a program names (`types::X`, `types::builder::X`,
//! `builder::X`, `forms::X`, `operations::X`), lists the enabled operations
//! (`operations::ALL`, `operations::find`), and holds the one resource tree over them all,
//! whose verbs make the groups' builders. No progenitor run: the calls' code is the groups'.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::send_and_metadata::metadata_ident;
use crate::error::{Error, Result};
use crate::lower::Lowered;

/// The crate of a group, as Rust code names it (`cloudflare_sdk_group_dns_records`).
pub fn group_crate_ident(feature: &str) -> syn::Ident {
    format_ident!("{}", format!("{}{feature}", crate::crates::GROUP_CRATE_PREFIX).replace('-', "_"))
}

/// The facade's generated file for the operations of `lowered` (the enabled groups' tags),
/// with the mock's tree when `mock` (its body types named by each group's `mock_bodies`).
/// The conformance driver's rows are a file of their own ([`conformance_rows`]).
pub fn generate(lowered: &Lowered, mock: bool) -> Result<String> {
    let groups: BTreeSet<&str> = lowered.operations.iter().map(|o| o.feature.as_str()).collect();
    let crates: Vec<syn::Ident> = groups.iter().map(|g| group_crate_ident(g)).collect();
    let shared = format_ident!("{}", super::parts::SHARED_TYPES_CRATE);
    // In the lowering's order, as the whole crate's `ALL` has them: by tag, then operation id.
    let constants: Vec<(&str, TokenStream)> = lowered
        .operations
        .iter()
        .map(|o| {
            let (krate, constant) = (group_crate_ident(&o.feature), metadata_ident(&o.operation_id));
            (o.operation_id.as_str(), quote! { ::#krate::operations::#constant })
        })
        .collect();
    let all = constants.iter().map(|(_, path)| path);
    let ids = constants.iter().map(|(id, _)| *id);
    let found = constants.iter().map(|(_, path)| path);
    let tree = super::tree::items(lowered)?;
    let mock_tree = match mock {
        true => {
            let bodies = lowered
                .operations
                .iter()
                .map(|o| {
                    let (krate, builder) = (group_crate_ident(&o.feature), format_ident!("{}", crate::lower::names::pascal(&o.method_name)));
                    (o.method_name.clone(), syn::parse_quote! { ::#krate::mock_bodies::#builder })
                })
                .collect();
            super::mock::items_with_bodies(lowered, bodies)?
        }
        false => Vec::new(),
    };
    let tokens = quote! {
        pub use crate::Client;

        // Re-exported without inlining: the docs link each group's crate, whose pages document
        // its items, and the facade's docs stay the size of the tree.
        /// The API's types, each defined once: those of one group in its crate, those several
        /// groups share in `cloudflare-sdk-types`.
        pub mod types {
            #[doc(no_inline)]
            pub use ::#shared::types::*;
            #(#[doc(no_inline)] pub use ::#crates::types::*;)*
            /// Builders of the types requests take.
            pub mod builder {
                #[doc(no_inline)]
                pub use ::#shared::types::builder::*;
                #(#[doc(no_inline)] pub use ::#crates::types::builder::*;)*
            }
        }
        /// Each operation's request builder.
        pub mod builder {
            #(#[doc(no_inline)] pub use ::#crates::builder::*;)*
        }
        /// Typed multipart forms.
        pub mod forms {
            #(#[doc(no_inline)] pub use ::#crates::forms::*;)*
        }
        /// Metadata of every generated operation, from the spec: method, path, tag, required
        /// permissions, plan availability, deprecation.
        pub mod operations {
            #(#[doc(no_inline)] pub use ::#crates::operations::*;)*
            /// Every operation this build generated, ordered by tag, then operation id.
            pub const ALL: &[&crate::Operation] = &[#(&#all),*];
            /// The operation with this id, if this build generated it.
            pub fn find(id: &str) -> ::std::option::Option<&'static crate::Operation> {
                match id {
                    #(#ids => ::std::option::Option::Some(&#found),)*
                    _ => ::std::option::Option::None,
                }
            }
        }
        #(#tree)*
        #(#mock_tree)*
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate { operation: "(facade)".into(), message: format!("generated code does not parse: {err}") })?;
    Ok(prettyplease::unparse(&file))
}

/// The conformance driver's rows over the family of crates, for the operations of `lowered`
/// (lowered from `endpoints`): the file the program running them includes
/// (`cloudflare_sdk::conformance_rows!()`; [`super::driver::over_the_family`]).
pub fn conformance_rows(endpoints: &[crate::spec::Endpoint], lowered: &Lowered) -> Result<String> {
    super::driver::over_the_family(endpoints, lowered)
}

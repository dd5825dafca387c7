// Written by `cargo xtask generate` from spec/; do not edit by hand.
//! The `access` calls of the Cloudflare v4 API: access, Access application-scoped policies, Access
//! authentication logs, Access Authenticator Device AAGUIDs, Access Bookmark applications
//! (Deprecated), Access custom pages, Access identity providers, Access IdP federation grants,
//! Access key configuration, Access policy tester, Access reusable policies, Access SAML encryption
//! certificates, Access SCIM update logs, Access service tokens, Access tags, Gateway CA, MCP
//! Portal, MCP Portal Servers, Zero Trust organization, Zero Trust seats, Zero Trust users.
//!
//! A part of [`cloudflare-sdk`](https://docs.rs/cloudflare-sdk), which re-exports it at its own
//! paths when its `access` feature is on: use it through that crate. Its code is generated at
//! build time from the spec files in `spec/`.

// What the generated code names at the crate's root: the runtime's items.
#[allow(unused_imports)]
use cloudflare_sdk_runtime::rt;
#[doc(hidden)]
pub use cloudflare_sdk_runtime::{events, multipart, ndjson, pagination, setters, Client, Error, Operation, PlanAvailability, RequestOptions, Response, Timestamp};

// Upstream descriptions hold bare URLs and `[brackets]` that are not links.
#[allow(clippy::all, unused_imports, dead_code, missing_docs, rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/cloudflare_api.rs"));
}
pub use generated::*;

// Written by `cargo xtask generate` from spec/; do not edit by hand.
//! The `keyless-certificates` calls of the Cloudflare v4 API: Keyless SSL for a Zone.
//!
//! A part of [`cloudflare-sdk`](https://docs.rs/cloudflare-sdk), which re-exports it at its own
//! paths when its `keyless-certificates` feature is on: use it through that crate. Its code is generated at
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

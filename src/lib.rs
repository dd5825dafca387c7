//! A typed client for the Cloudflare v4 API, generated at build time from the normalized
//! endpoint spec in `spec/`.
//!
//! ```no_run
//! # async fn run() -> Result<(), cloudflare_sdk::Error> {
//! let client = cloudflare_sdk::Client::from_env()?;
//! let invites = client.organization("023e105f4ecef8ad9ca31a8372d0c353").invites().list().send().await?;
//! for invite in invites.iter() {
//!     println!("{:?} {:?}", invite.invited_member_email, invite.status);
//! }
//! # Ok(()) }
//! ```
//!
//! Every operation sits in the [resource tree](resources), following its URL path:
//! `client.zone(zone_id).dns_records().list()`, `.get(id)`, `.create()`, `.update(id)` (PUT),
//! `.edit(id)` (PATCH), `.delete(id)`, and actions such as `client.zone(zone_id).purge_cache()`.
//! Each returns a request builder (setters for the query, headers and body); `send()` returns
//! the envelope's `result` inside a [`Response`] (which also holds `result_info`, `messages`,
//! the status and the headers) or an [`Error`] that keeps everything Cloudflare said. Search
//! the docs for a Cloudflare operation id to find its call.
//!
//! Each call needs the Cargo feature of its group (`dns-records`, `access`, `workers`, ...;
//! `full` for all), named in its documentation.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod rt;

// The runtime (`cloudflare-sdk-runtime`), at the paths users and the generated code name.
pub use cloudflare_sdk_runtime::{events, multipart, ndjson, pagination, raw, setters};

// Upstream descriptions hold bare URLs and `[brackets]` that are not links.
#[allow(clippy::all, unused_imports, dead_code, missing_docs, rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/cloudflare_api.rs"));
}

/// The conformance driver that the `conformance` feature generates: a table with a row per
/// operation, with arguments from the spec's examples, each call built through the generated
/// tree and builders and sent by one path ([`Call::run`](conformance::Call::run)).
/// `cargo xtask conformance` runs it against a mock server of the spec. Not for applications.
///
/// The rows (`CALLS`, `UNFILLED`) are compiled by the program that runs them, which includes
/// them with [`conformance_rows!`]; this module holds what they call.
#[cfg(feature = "conformance")]
#[doc(hidden)]
pub mod conformance {
    // A crate generated whole (another document's, some tags) holds its rows.
    #[cfg(cloudflare_sdk_inline_rows)]
    pub use crate::generated::driver::{CALLS, UNFILLED};
    pub use crate::rt::driver::{credentials_for, decode, text, Built, Call, Failure};
}

/// Defines the module `conformance_rows` holding the conformance driver's rows, `CALLS` and
/// `UNFILLED`, from the file the build script wrote beside the generated code. For the SDK's
/// own tests and examples (`OUT_DIR` is the package's): over the family of crates the rows are
/// compiled here, by the program's rustc, rather than with the facade's tree (BENCHMARKS.md,
/// "The driver's rows in the program that runs them").
#[cfg(feature = "conformance")]
#[doc(hidden)]
#[macro_export]
macro_rules! conformance_rows {
    () => {
        #[allow(dead_code, deprecated)]
        mod conformance_rows {
            include!(concat!(env!("OUT_DIR"), "/conformance_rows.rs"));
        }
    };
}

pub use client::Client;
/// Configures a [`Client`]: `Client::builder()`, `ClientBuilder::from_env()`.
pub type ClientBuilder = cloudflare_sdk_runtime::ClientBuilder<Client>;
pub use cloudflare_sdk_runtime::decode_envelope;
pub use cloudflare_sdk_runtime::{
    ApiError, Credentials, Cursors, DecodeError, Error, Message, Operation, Plan, PlanAvailability, RawRequest, RequestOptions, Response, ResultInfo, RetryPolicy, Timestamp,
};
pub use cloudflare_sdk_runtime::{DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
/// The mock's tree, as [`resources`] is the client's; see [`mock`].
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub use generated::mock_resources;
pub use generated::{builder, forms, operations, resources, types};

/// The crates whose types the SDK's signatures use (reqwest's `Method`, `Response`,
/// `StatusCode` and headers, `bytes::Bytes`, `serde_json::Value`), re-exported so a program
/// names them at the version the SDK was built with, without a dependency of its own.
pub use cloudflare_sdk_runtime::{bytes, reqwest, serde_json};
/// The HTTP method of a raw call: `client.request(Method::GET, ["zones"])`.
pub use cloudflare_sdk_runtime::{Method, StatusCode};

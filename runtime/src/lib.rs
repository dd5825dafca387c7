//! The hand-written runtime of [`cloudflare-sdk`](https://docs.rs/cloudflare-sdk): the client
//! and its configuration, errors, responses, retries and timeouts, pagination, event streams,
//! forms, lenient decoding and the mock's server. The generated calls sit on it; it names none
//! of them (each call hands it its operation's metadata as a `&'static` value).
//!
//! Applications depend on `cloudflare-sdk`, which re-exports all of this at its root with the
//! resource tree on its `Client`; this crate is what the SDK's crates share.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod config;
mod error;
pub mod events;
mod metadata;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod multipart;
pub mod ndjson;
pub mod pagination;
mod request;
mod response;
#[doc(hidden)]
pub mod rt;
pub mod setters;
mod timestamp;

pub use client::Client;
pub use config::{ClientBuilder, Credentials, RequestOptions, RetryPolicy, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use error::{ApiError, DecodeError, Error};
pub use metadata::{Operation, Plan, PlanAvailability};
pub use request::RawRequest;
pub use response::{Cursors, Message, Response, ResultInfo};
pub use rt::decode::decode_envelope;
pub use timestamp::Timestamp;

/// The HTTP method of a raw call: `client.request(Method::GET, ["zones"])`.
pub use reqwest::{Method, StatusCode};
/// The crates whose types the SDK's signatures use (reqwest's `Method`, `Response`,
/// `StatusCode` and headers, `bytes::Bytes`, `serde_json::Value`), re-exported so a program
/// names them at the version the SDK was built with, without a dependency of its own.
pub use {bytes, reqwest, serde_json};

/// Progenitor's raw response types, returned by every builder's `send_raw`.
pub mod raw {
    pub use progenitor_client::{ByteStream, Error, ResponseValue};
}

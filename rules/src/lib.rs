//! The rules that the generator (`cloudflare-sdk-codegen`), the runtime and its mock
//! (`cloudflare-sdk`) and the command line (`cloudflare-cli`) each need, written once: what a
//! path template's pieces are, the text of a call in the resource tree, which media types are
//! JSON, which response of an operation is its success, how a list is paged and what marks
//! Cloudflare's envelope. A change to one of them reaches every reader in the same build.
//!
//! No dependency but serde (for the pagination kind the command line's table holds): every
//! crate of the family reads it, including the generator at build time.

pub mod call;
pub mod envelope;
pub mod media;
pub mod pagination;
pub mod status;
pub mod template;

pub use pagination::Pagination;

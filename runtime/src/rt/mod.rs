//! What only generated code calls, and the machinery under it: sending through the client's
//! hooks (credentials, retries, timeouts), reading answers (the envelope, lenient decoding,
//! tagged unions, open string enums), encoding path parameters and the setters' errors.
//! Public for the SDK's generated crates alone, hidden from the docs and outside the API's
//! promise: what users call is at the crate's root.

pub(crate) mod alarm;
pub(crate) mod call;
pub mod decode;
pub mod driver;
pub mod hooks;
pub(crate) mod lenient;
pub mod open_enum;
pub mod path;
pub mod setter_errors;
pub(crate) mod stream;
pub mod tagged;

//! What only generated code calls, and the machinery under it: sending through the client's
//! hooks (credentials, retries, timeouts), reading answers (the envelope, lenient decoding,
//! tagged unions, open string enums), encoding path parameters and the setters' errors. Nothing here is public; what
//! users call is at the crate's root.

// Which of these a build calls depends on the operations it generates (a build of no group
// generates none). The whole API calls all of them: there, unused code is an error.
#![cfg_attr(not(feature = "full"), allow(dead_code))]
#![cfg_attr(feature = "full", deny(dead_code))]

pub(crate) mod alarm;
pub(crate) mod call;
pub(crate) mod decode;
#[cfg(feature = "conformance")]
pub(crate) mod driver;
pub(crate) mod hooks;
pub(crate) mod lenient;
pub(crate) mod open_enum;
pub(crate) mod path;
pub(crate) mod setter_errors;
pub(crate) mod stream;
pub(crate) mod tagged;

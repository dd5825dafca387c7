//! What the generated code calls: the runtime's (`cloudflare_sdk_runtime::rt`), and the
//! conformance driver's row type, which holds the client with the tree.

// A build of no group calls none of it.
#[allow(unused_imports)]
pub(crate) use cloudflare_sdk_runtime::rt::*;
#[cfg(feature = "conformance")]
pub(crate) mod driver;

//! The error a builder setter keeps when its value does not convert, written once for every
//! setter of the generated builders (see `codegen/src/generate/closures.rs`).
// A build with no group enabled generates no setter.
#![allow(dead_code)]

/// The setter's own message, whatever the conversion's error.
pub(crate) fn failed<E>(message: &'static str) -> impl FnOnce(E) -> String {
    move |_| message.to_owned()
}

/// The setter's message, then the conversion's error: `"<message>: <error>"`.
pub(crate) fn failed_with<E: std::fmt::Display>(message: &'static str) -> impl FnOnce(E) -> String {
    move |error| format!("{message}: {error}")
}

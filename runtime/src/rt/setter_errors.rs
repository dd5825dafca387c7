//! The error a setter of a generated builder keeps when its value does not convert, written
//! once for every setter (`codegen/src/generate/setter_errors.rs` and `plain_values.rs`).

/// The setter's own message, whatever the conversion's error.
pub fn failed<E>(message: &'static str) -> impl FnOnce(E) -> String {
    move |_| message.to_owned()
}

/// The setter's message, then the conversion's error: `"<message>: <error>"`.
pub fn failed_with<E: std::fmt::Display>(message: &'static str) -> impl FnOnce(E) -> String {
    move |error| format!("{message}: {error}")
}

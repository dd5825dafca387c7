//! What the setters of the generated builders take ([`IntoOptional`]), and the error a setter
//! keeps when its value does not convert, written once for every setter (see
//! `codegen/src/generate/closures.rs` and `plain_values.rs`).
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

/// What the setter of an optional field takes: a value that converts to `T` (`"text"` for a
/// `String`, `300` for an `i64`), or an `Option` of one (`None` leaves the field out).
///
/// `M` only tells the two apart for the compiler ([`Plain`], [`Optional`]); it is inferred.
pub trait IntoOptional<T, M> {
    /// The value, or what did not convert.
    fn into_optional(self) -> Result<Option<T>, String>;
}

/// [`IntoOptional`] for a value itself.
pub enum Plain {}

/// [`IntoOptional`] for an `Option` of a value.
pub enum Optional {}

impl<T, V> IntoOptional<T, Plain> for V
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    fn into_optional(self) -> Result<Option<T>, String> {
        self.try_into().map(Some).map_err(|err| err.to_string())
    }
}

impl<T, V> IntoOptional<T, Optional> for Option<V>
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    fn into_optional(self) -> Result<Option<T>, String> {
        self.map(TryInto::try_into).transpose().map_err(|err| err.to_string())
    }
}

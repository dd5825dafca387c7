//! What the setters of the generated builders take ([`IntoOptional`]; see
//! `codegen/src/generate/plain_values.rs`).

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

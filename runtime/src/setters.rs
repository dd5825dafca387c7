//! What the setters of the generated builders take ([`IntoOptional`]; see
//! `codegen/src/generate/plain_values.rs`), and what their `add_<item>` methods append with
//! ([`push`]; see `codegen/src/generate/builders_in_place.rs`).

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

/// Appends an item to a builder's required list, for its `add_<item>` method: `value` is a
/// finished item, its builder, or (for a list of unions) a kind or a kind's builder. A list
/// never set (holding `unset`, the builder's message for it) starts empty; a list that holds
/// an error keeps it; an item that does not convert is the error, naming `field`.
pub fn push<T, V>(list: Result<Vec<T>, String>, value: V, field: &str, unset: &str) -> Result<Vec<T>, String>
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    let mut items = match list {
        Ok(items) => items,
        Err(message) if message == unset => Vec::new(),
        Err(message) => return Err(message),
    };
    items.push(value.try_into().map_err(|err| format!("error converting supplied value for {field}: {err}"))?);
    Ok(items)
}

/// [`push`] for an optional list: a list not set starts empty.
pub fn push_optional<T, V>(list: Result<Option<Vec<T>>, String>, value: V, field: &str) -> Result<Option<Vec<T>>, String>
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    let mut items = list?.unwrap_or_default();
    items.push(value.try_into().map_err(|err| format!("error converting supplied value for {field}: {err}"))?);
    Ok(Some(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_starts_an_unset_list_and_keeps_an_error() {
        let unset = "no value supplied for rules";
        assert_eq!(push(Err(unset.to_string()), 1u8, "rules", unset), Ok(vec![1i64]));
        assert_eq!(push(Ok(vec![1i64]), 2u8, "rules", unset), Ok(vec![1, 2]));
        assert_eq!(push::<i64, u8>(Err("bad earlier".into()), 2, "rules", unset), Err("bad earlier".into()));
        let err = push::<u8, i64>(Ok(vec![]), 300, "rules", unset).unwrap_err();
        assert!(err.starts_with("error converting supplied value for rules: "), "{err}");
        assert_eq!(push_optional(Ok(None), 1u8, "tags"), Ok(Some(vec![1i64])));
        assert_eq!(push_optional(Ok(Some(vec![1i64])), 2u8, "tags"), Ok(Some(vec![1, 2])));
    }
}

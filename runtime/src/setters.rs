//! What the setters of the generated builders take ([`IntoOptional`]; see
//! `codegen/src/generate/plain_values.rs`), and what their `add_<item>` methods append with
//! ([`push`]; see `codegen/src/generate/builders_in_place.rs`), and how a request's builder is
//! made from an answer ([`resend`]; see `codegen/src/generate/answers_sent_back.rs`).

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

/// An answer read back as JSON, to make a request's builder from it: each field of the request
/// takes the answer's field of its name ([`Answered::resend`]).
#[derive(Debug, Clone)]
pub struct Answered(Result<serde_json::Map<String, serde_json::Value>, String>);

impl Answered {
    /// The answer's fields as JSON (of whichever kind, for a union).
    pub fn of<A: serde::Serialize>(answer: &A) -> Answered {
        Answered(match serde_json::to_value(answer) {
            Ok(serde_json::Value::Object(fields)) => Ok(fields),
            Ok(other) => Err(format!("the answer is not an object but {other}")),
            Err(err) => Err(format!("the answer could not be read as JSON: {err}")),
        })
    }

    /// The answer's `field`, read as the request's type: lists and unions inside convert by
    /// their JSON too, what only answers hold (ids, timestamps) left out where the request's
    /// types have no place for it. A value the request cannot take (an answer without a field
    /// the request requires, a kind the request has no variant for) is the field's error,
    /// naming the place, which the builder reports when it is sent, as it does a value a
    /// setter could not convert.
    pub fn resend<T: serde::de::DeserializeOwned>(&self, field: &str) -> Result<T, String> {
        let fields = self.0.as_ref().map_err(Clone::clone)?;
        let value = fields.get(field).cloned().unwrap_or(serde_json::Value::Null);
        if value.is_null() {
            return serde_json::from_value(value).map_err(|_| format!("no value for {field} in the answer the request was made from"));
        }
        serde_path_to_error::deserialize(value).map_err(|err| {
            let place = err.path().to_string();
            let place = match place.as_str() {
                "." => field.to_string(),
                _ if place.starts_with('[') => format!("{field}{place}"),
                _ => format!("{field}.{place}"),
            };
            format!("the answer's {place} cannot be sent back: {}", err.into_inner())
        })
    }
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

    #[test]
    fn resend_reads_an_answer_as_the_request_and_names_what_it_cannot_take() {
        #[derive(serde::Serialize)]
        struct Rule {
            id: Option<String>,
            action: Option<String>,
            version: Option<String>,
        }
        #[derive(serde::Serialize)]
        struct Ruleset {
            name: Option<String>,
            rules: Option<Vec<Rule>>,
            description: Option<String>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Sent {
            action: String,
        }
        let read = Ruleset { name: None, description: Some("mine".into()), rules: Some(vec![Rule { id: Some("r1".into()), action: Some("block".into()), version: Some("3".into()) }]) };
        let answered = Answered::of(&read);
        // What only the answer holds is left out.
        assert_eq!(answered.resend::<Vec<Sent>>("rules"), Ok(vec![Sent { action: "block".into() }]));
        assert_eq!(answered.resend::<Option<String>>("description"), Ok(Some("mine".into())));
        assert_eq!(answered.resend::<Option<String>>("name"), Ok(None));
        assert_eq!(answered.resend::<Option<String>>("absent"), Ok(None));
        assert_eq!(answered.resend::<String>("name").unwrap_err(), "no value for name in the answer the request was made from");
        let unset = Answered::of(&Ruleset { name: None, description: None, rules: Some(vec![Rule { id: None, action: None, version: None }]) });
        let err = unset.resend::<Vec<Sent>>("rules").unwrap_err();
        assert!(err.starts_with("the answer's rules[0].action cannot be sent back: "), "{err}");
        let err = Answered::of(&vec![1]).resend::<Option<String>>("name").unwrap_err();
        assert_eq!(err, "the answer is not an object but [1]");
    }
}

//! Reading the generated tagged unions (`codegen/src/generate/tagged.rs`): a DNS record is an
//! `A`, an `MX`, ... as its `type` says, whichever field comes first.
//!
//! In the strict pass over an answer's text (`src/rt/lenient.rs`), the object is split into its
//! fields, each kept as its JSON text without a copy ([`RawValue`]), the tag read among them,
//! and the kind decoded from the fields: two passes, as serde's own internally tagged enums
//! take. Read from anything else (the mending passes read a `serde_json::Value`; a caller may
//! use any self-describing format), the value is read as a `Value` first. A kind the enum does
//! not list, a value without its tag or with it twice, a value that is not an object, or one
//! that does not fit its kind even when mended by the lenient rules (here applied to the value
//! alone) is kept as JSON in the enum's `Other`: a union never fails an answer, and keeps what
//! it was sent.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{MapDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// A value read for a tagged union, not yet decoded.
pub enum Read<'de> {
    /// An object's fields, each as its text in the answer.
    Fields(Vec<(Cow<'de, str>, &'de RawValue)>),
    /// Any value, as JSON.
    Json(Value),
}

/// The value, and the text of its `tag` field if it is an object holding it once, as text.
pub fn read<'de, D: Deserializer<'de>>(deserializer: D, tag: &'static str) -> Result<(Option<String>, Read<'de>), D::Error> {
    let read = if crate::rt::lenient::is_reading_text() && reads_json_text::<D>() { deserializer.deserialize_any(Split)? } else { Read::Json(Value::deserialize(deserializer)?) };
    let value = match &read {
        Read::Fields(fields) => only(fields.iter().filter(|(key, _)| key == tag)).and_then(|(_, raw)| serde_json::from_str::<String>(raw.get()).ok()),
        // A `Value` holds one of duplicate keys; the text it came from is not at hand.
        Read::Json(value) => value.get(tag).and_then(Value::as_str).map(str::to_owned),
    };
    Ok((value, read))
}

/// Whether `D` is serde_json's reader of text, which alone can hand out fields as
/// [`RawValue`]s. Inside the strict pass, serde itself may read a value from what it buffered
/// (a caller's `#[serde(untagged)]` or `flatten` around a union): then `D` is serde's buffer,
/// which has no raw text, and the value is read as a `Value`.
fn reads_json_text<'de, D: Deserializer<'de>>() -> bool {
    std::any::type_name::<D>().starts_with("&mut serde_json::de::Deserializer<")
}

/// The one item of `items`, if there is exactly one.
fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// The value decoded as its kind `T`, mended if it must be; `Other` when even that fails.
pub fn kind<T: DeserializeOwned, E>(read: Read<'_>, variant: fn(T) -> E, other: fn(Value) -> E) -> E {
    let strict = match &read {
        Read::Fields(fields) => T::deserialize(MapDeserializer::<_, serde_json::Error>::new(fields.iter().map(|(key, raw)| (key.as_ref(), *raw)))).ok(),
        Read::Json(value) => T::deserialize(value).ok(),
    };
    if let Some(value) = strict {
        return variant(value);
    }
    let within = std::any::type_name::<E>().rsplit("::").next().unwrap_or_default();
    let value = json(read);
    match crate::rt::lenient::from_slice_within::<T>(value.to_string().as_bytes(), within) {
        Ok(decoded) => variant(decoded),
        Err(_) => {
            tracing::warn!(operation = crate::rt::lenient::current_operation(), within, "a value does not fit its kind even when mended; kept as JSON in `Other`");
            other(value)
        }
    }
}

/// The value as JSON, for `Other`.
pub fn other<E>(read: Read<'_>, other: fn(Value) -> E) -> E {
    other(json(read))
}

/// The value as JSON. A field serde_json captured but will not make a `Value` of (nested
/// past its limit) is left out, with a warning; the answer's body still holds it.
fn json(read: Read<'_>) -> Value {
    match read {
        Read::Json(value) => value,
        Read::Fields(fields) => Value::Object(
            fields
                .into_iter()
                .filter_map(|(key, raw)| match serde_json::from_str::<Value>(raw.get()) {
                    Ok(value) => Some((key.into_owned(), value)),
                    Err(_) => {
                        let path = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
                        tracing::warn!(operation = crate::rt::lenient::current_operation(), %path, "left out values that do not fit the spec; Response::json still has them");
                        None
                    }
                })
                .collect(),
        ),
    }
}

/// An object's fields, each as its text; any other value as JSON.
struct Split;

impl<'de> Visitor<'de> for Split {
    type Value = Read<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key_seed(Key)? {
            fields.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(Read::Fields(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Read::Json)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Read::Json(Value::Bool(value)))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Read::Json(value.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Read::Json(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Read::Json(value.into()))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Read::Json(Value::String(value.to_owned())))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Json(Value::Null))
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
}

/// A request union's merged fields, as the object they send, and its `tag` value: what picks
/// the kind ([`kind_from_fields`]).
pub fn fields_object<F: serde::Serialize>(fields: &F, tag: &str) -> Result<(Option<String>, serde_json::Map<String, Value>), String> {
    match serde_json::to_value(fields) {
        Ok(Value::Object(object)) => Ok((object.get(tag).and_then(Value::as_str).map(str::to_owned), object)),
        Ok(other) => Err(format!("the fields make {other}, not an object")),
        Err(err) => Err(err.to_string()),
    }
}

/// The kind `K` of a request union (`union`, whose `tag` is `value`) from the fields a caller
/// set: a field the kind does not have is an error naming both, before anything is sent.
pub fn kind_from_fields<K: DeserializeOwned>(object: serde_json::Map<String, Value>, union: &str, tag: &str, value: &str, properties: &[&str]) -> Result<K, String> {
    if let Some(field) = object.keys().find(|key| !properties.contains(&key.as_str())) {
        return Err(format!("`{field}` is not a field of {union} when `{tag}` is {value:?} (its fields then: {})", properties.join(", ")));
    }
    serde_json::from_value(Value::Object(object)).map_err(|err| format!("{union} when `{tag}` is {value:?}: {err}"))
}

/// The merged fields `F` of a request union's kind (or of what `Other` holds), for a builder
/// to start from.
pub fn fields_of_kind<F: DeserializeOwned>(union: &impl serde::Serialize, name: &str) -> Result<F, String> {
    serde_json::to_value(union).and_then(serde_json::from_value).map_err(|err| format!("this {name} does not fit its builder's fields: {err}"))
}

/// A request union's kind `K`, read strictly from `value` (`union` names it in the error).
pub fn strict_kind<K: DeserializeOwned, U, E: serde::de::Error>(value: Value, union: &str, variant: fn(K) -> U) -> Result<U, E> {
    serde_json::from_value(value).map(variant).map_err(|err| E::custom(format_args!("{union}: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct A {
        #[serde(rename = "type")]
        kind: Option<String>,
        ttl: Option<f64>,
        content: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Record {
        A(A),
        Other(Value),
    }

    impl<'de> Deserialize<'de> for Record {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let (tag, read) = read(deserializer, "type")?;
            Ok(match tag.as_deref() {
                Some("A") => kind(read, Record::A, Record::Other),
                _ => other(read, Record::Other),
            })
        }
    }

    /// Read both ways: by the SDK's decoder (the strict pass splits the object) and by plain
    /// serde_json (the value is taken as text first).
    fn both<T: DeserializeOwned + PartialEq + fmt::Debug>(text: &str) -> T {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Body<T> {
            result: T,
        }
        let body = format!(r#"{{"result": {text}}}"#);
        let split = crate::rt::lenient::from_slice::<Body<T>>(body.as_bytes(), "test-op").unwrap();
        let whole = serde_json::from_str::<Body<T>>(&body).unwrap();
        assert_eq!(split, whole, "{text}");
        split.result
    }

    fn a(ttl: f64) -> Record {
        Record::A(A { kind: Some("A".into()), ttl: Some(ttl), content: Some("192.0.2.1".into()) })
    }

    #[test]
    fn the_tag_chooses_the_kind_wherever_it_is() {
        let records: Vec<Record> = both(
            r#"[
            {"ttl": 60, "content": "192.0.2.1", "type": "A"},
            {"type": "A", "ttl": 61, "content": "192.0.2.1", "extra": {"type": "MX"}}
        ]"#,
        );
        assert_eq!(records, [a(60.0), a(61.0)]);
    }

    #[test]
    fn unknown_kinds_missing_tags_and_other_json_are_kept_whole() {
        let values = [r#"{"type": "NEW", "data": {"x": [1, 2]}}"#, r#"{"content": "x"}"#, r#"{"type": 5}"#, r#""text""#, "[1]", "null"];
        for text in values {
            let record: Vec<Record> = both(&format!("[{text}]"));
            assert_eq!(record[0], Record::Other(serde_json::from_str(text).unwrap()), "{text}");
        }
    }

    #[test]
    fn a_kind_that_deviates_is_mended_on_its_own_or_kept_whole() {
        // Text for a number is mended within the record.
        let mended: Vec<Record> = both(r#"[{"type": "A", "ttl": "300", "content": "192.0.2.1"}]"#);
        assert_eq!(mended, [a(300.0)]);
        // A field of the wrong kind is left out of the typed record ...
        let text = r#"{"type": "A", "ttl": 60, "content": {"not": "text"}}"#;
        let left_out: Vec<Record> = both(&format!("[{text}]"));
        assert_eq!(left_out[0], Record::A(A { kind: Some("A".into()), ttl: Some(60.0), content: None }));
        // ... and a value no mend makes an object is kept as JSON.
        let value = serde_json::json!({"type": "A", "ttl": 60});
        assert_eq!(kind::<Vec<u8>, Record>(Read::Json(value.clone()), |_| unreachable!(), Record::Other), Record::Other(value));
    }

    #[test]
    fn a_tag_given_twice_or_a_value_nested_past_the_limit_is_not_a_guess() {
        // Which of two tags is meant cannot be told: the record is kept whole.
        let twice: Vec<Record> = both(r#"[{"type": "A", "type": "MX", "content": "192.0.2.1"}]"#);
        assert!(matches!(&twice[0], Record::Other(value) if value["content"] == "192.0.2.1"), "{twice:?}");
        // A field nested deeper than serde_json builds a `Value` of is left out (with a
        // warning); the rest of the record is still typed.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let body = format!(r#"{{"result": [{{"type": "A", "id": "1", "content": {deep}}}]}}"#);
        #[derive(Deserialize)]
        struct Body {
            result: Vec<Record>,
        }
        let decoded = crate::rt::lenient::from_slice::<Body>(body.as_bytes(), "test-op").unwrap();
        assert_eq!(decoded.result, [Record::A(A { kind: Some("A".into()), ttl: None, content: None })]);
    }

    #[test]
    fn it_reads_from_a_json_value_too() {
        // The lenient decoder's mending passes read the body from a `Value`.
        let value = serde_json::json!([{"content": "192.0.2.1", "ttl": 60, "type": "A"}, {"type": "TXT"}]);
        let records = Vec::<Record>::deserialize(&value).unwrap();
        assert_eq!(records, [a(60.0), Record::Other(serde_json::json!({"type": "TXT"}))]);
        // And through serde's own buffering (an untagged enum of the caller's).
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum Wrapped {
            One(Record),
        }
        let wrapped: Wrapped = serde_json::from_str(r#"{"type": "A", "ttl": 60, "content": "192.0.2.1"}"#).unwrap();
        assert_eq!(wrapped, Wrapped::One(a(60.0)));
    }
}

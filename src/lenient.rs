//! Decoding what the live API sends, which is not always what its description says.
//!
//! A body is decoded strictly first: the usual answer fits, and that path is as fast as plain
//! serde. When it does not fit, the body is read as JSON and mended where it first fails, by
//! general rules that lose nothing, until it decodes:
//!
//! - a number or boolean where text is expected becomes its text (`"asn": 13335`);
//! - text holding a number or a boolean where one is expected becomes it (`"20"`, `"true"`);
//! - one value where a list is expected becomes a list of it; `null` an empty list;
//! - an empty list where an object is expected becomes an empty object (an empty map
//!   serialised as `[]`).
//!
//! Only a body that is a JSON object (an envelope, or an object answered bare) is mended.
//! What still does not fit is left out (its field is absent; in a list, the item is), with a
//! `tracing` warning naming the operation and the JSON path, never the value. Nothing is lost:
//! the [`Response`](crate::Response) keeps the body, and `Response::json` reads all of it.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// At most this many mends per body: a guard against a body that deviates everywhere.
const MAX_MENDS: usize = 10_000;

/// `bytes` decoded as `T`, strictly or else mended (see the module docs). The error is the
/// strict one, when even mending cannot make the body fit (it is not a JSON object, or the
/// deviation is at the top).
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8], operation: &str) -> Result<T, serde_json::Error> {
    let strict = match serde_json::from_slice::<T>(bytes) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    // Only an object is mended: serde reads a struct from a list too, so a list where an
    // object is declared would be mended into something it is not.
    let Ok(mut value @ Value::Object(_)) = serde_json::from_slice::<Value>(bytes) else { return Err(strict) };
    for _ in 0..MAX_MENDS {
        let failure = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(decoded) => return Ok(decoded),
            Err(failure) => failure,
        };
        let pointer = pointer(failure.path());
        let expected = failure.inner().to_string();
        let Some(mended) = mend(&mut value, &pointer, &expected) else { return Err(strict) };
        match mended {
            Mend::Coerced => tracing::debug!(operation, path = %pointer, "coerced a value that differs from the spec"),
            Mend::Dropped => tracing::warn!(operation, path = %pointer, "left out a value that does not fit the spec; Response::json still has it"),
        }
    }
    Err(strict)
}

enum Mend {
    /// Made to fit, losslessly.
    Coerced,
    /// Left out.
    Dropped,
}

/// The JSON pointer of a serde path: `/result/0/asn`.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Mends the value at `pointer` that failed with `message` (serde's "invalid type: ..., expected
/// ..."); `None` when there is nothing to mend (the top of the body).
fn mend(root: &mut Value, pointer: &str, message: &str) -> Option<Mend> {
    let expected = message.rsplit_once("expected ").map_or("", |(_, e)| e);
    let target = root.pointer_mut(pointer)?;
    if let Some(coerced) = coerce(target, expected) {
        *target = coerced;
        return Some(Mend::Coerced);
    }
    let (parent, key) = pointer.rsplit_once('/')?;
    match root.pointer_mut(parent)? {
        Value::Object(object) => object.remove(&key.replace("~1", "/").replace("~0", "~")).map(|_| Mend::Dropped),
        Value::Array(items) => {
            let index: usize = key.parse().ok()?;
            (index < items.len()).then(|| {
                items.remove(index);
                Mend::Dropped
            })
        }
        _ => None,
    }
}

/// The lossless form of `value` that serde's `expected` asks for, if there is one.
fn coerce(value: &Value, expected: &str) -> Option<Value> {
    let wants_text = expected.starts_with("a string") || expected.starts_with("string");
    let wants_number = ["i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "f32", "f64", "isize", "usize"].iter().any(|n| expected.starts_with(n));
    let wants_list = expected.starts_with("a sequence") || expected.starts_with("a list") || expected.starts_with("a vec");
    let wants_object = expected.starts_with("struct") || expected.starts_with("a map");
    match value {
        Value::Number(n) if wants_text => Some(Value::String(n.to_string())),
        Value::Bool(b) if wants_text => Some(Value::String(b.to_string())),
        Value::String(s) if wants_number => {
            let s = s.trim();
            s.parse::<i64>().map(Value::from).or_else(|_| s.parse::<u64>().map(Value::from)).ok().or_else(|| s.parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)))
        }
        Value::String(s) if expected.starts_with("a boolean") => match s.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Value::Null if wants_list => Some(Value::Array(Vec::new())),
        Value::Array(_) => (wants_object && value.as_array().is_some_and(Vec::is_empty)).then(|| Value::Object(Default::default())),
        other if wants_list => Some(Value::Array(vec![other.clone()])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::from_slice;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Record {
        asn: Option<String>,
        proxied: Option<bool>,
        ttl: Option<u32>,
        tags: Vec<String>,
        meta: Option<Meta>,
        settings: Option<std::collections::BTreeMap<String, String>>,
        items: Option<Vec<Meta>>,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Meta {
        name: Option<String>,
    }

    fn decode(value: serde_json::Value) -> Record {
        from_slice::<Record>(&serde_json::to_vec(&value).unwrap(), "test-op").unwrap()
    }

    #[test]
    fn lossless_coercions_by_kind() {
        let record = decode(json!({"asn": 13335, "proxied": "true", "ttl": "300", "tags": "one", "settings": []}));
        assert_eq!(record.asn.as_deref(), Some("13335"));
        assert_eq!(record.proxied, Some(true));
        assert_eq!(record.ttl, Some(300));
        assert_eq!(record.tags, ["one"]);
        assert_eq!(record.settings, Some(Default::default()));
        assert_eq!(decode(json!({"asn": true, "tags": null, "items": {"name": "x"}})).items, Some(vec![Meta { name: Some("x".into()) }]));
        assert_eq!(decode(json!({"asn": false})).asn.as_deref(), Some("false"));
    }

    #[test]
    fn what_cannot_fit_is_left_out_and_the_rest_decodes() {
        let record = decode(json!({"asn": {"deep": 1}, "ttl": "soon", "meta": "not an object", "tags": ["a", {"b": 1}, "c"], "proxied": true}));
        assert_eq!(record, Record { proxied: Some(true), tags: vec!["a".into(), "c".into()], ..Record::default() });
    }

    #[test]
    fn the_strict_error_stays_when_the_top_does_not_fit() {
        // A list is no record, although serde would read a struct from one.
        assert!(from_slice::<Record>(b"[1, 2]", "test-op").is_err());
        assert!(from_slice::<Record>(b"not json", "test-op").is_err());
        assert_eq!(from_slice::<Record>(br#"{"asn": "1"}"#, "test-op").unwrap().asn.as_deref(), Some("1"));
    }
}

//! Decoding what the live API sends, which is not always what its description says.
//!
//! A body is decoded strictly first: the usual answer fits, and that path is as fast as plain
//! serde. When it does not fit, the body is read as JSON and mended where it first fails, by
//! general rules that lose nothing, until it decodes:
//!
//! - a number or boolean where text is expected becomes its text (`"asn": 13335`);
//! - text holding a number or a boolean where one is expected becomes it (`"20"`, `"true"`);
//! - a whole number written with a fraction where an integer is expected becomes the integer
//!   (`300.0`); one with a real fraction does not fit;
//! - one value where a list is expected becomes a list of it; `null` an empty list;
//! - an empty list where an object is expected becomes an empty object (an empty map
//!   serialised as `[]`).
//!
//! A list's items share one type, so a mend found at `/result/3/ttl` is applied to every
//! `/result/*/ttl` in the same pass: a list whose every item deviates costs one more decode,
//! not one per item. The passes are bounded by the body's size.
//!
//! Only a body that is a JSON object (an envelope, or an object answered bare) is mended.
//! What still does not fit is left out (its field is absent; in a list, the item is), with a
//! `tracing` warning naming the operation and the JSON path, never the value. Nothing is lost:
//! the [`Response`](crate::Response) keeps the body, and `Response::json` reads all of it.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The bytes the mending passes of an answer of `len` bytes may decode, over the answer and
/// every value inside it mended on its own (a tagged union's kind): 32 decodes of the answer,
/// and 8 MiB at least. Enough for every column of a real answer to deviate, while a hostile
/// answer costs a few dozen decodes of itself however its deviations nest: one budget per
/// answer, not one per value (which let 120 small values of 900 bad entries each cost
/// 10^5 passes).
fn work_budget(len: usize) -> usize {
    const DECODES: usize = 32;
    const FLOOR: usize = 8 << 20;
    DECODES.saturating_mul(len).saturating_add(FLOOR)
}

/// The largest answer that is mended when it does not fit the spec. Mending reads the body
/// into a `serde_json::Value`, which takes several times the body's size (BENCHMARKS.md,
/// "Reliability"); past this, the answer is decoded strictly only, so that the memory a
/// deviating answer costs stays bounded whatever `max_response_bytes` allows.
pub(crate) const MAX_MENDED_BYTES: usize = 32 << 20;

thread_local! {
    /// What is left of the budget of the answer being decoded (`None`: none is).
    static WORK_LEFT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    /// The mending passes made for the answer being decoded (from [`from_slice`]), inner values'
    /// included.
    static PASSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The budget of one answer, opened by the outermost decode (the answer's, or a caller's own
/// serde reading a type whose values are mended on their own) and closed when it ends.
struct Budget;

impl Budget {
    fn open(len: usize) -> Option<Budget> {
        WORK_LEFT.with(|left| left.get().is_none().then(|| left.set(Some(work_budget(len))))).map(|()| Budget)
    }

    /// Takes one pass over `len` bytes from the budget; false when it is spent.
    fn spend(len: usize) -> bool {
        let spent = WORK_LEFT.with(|left| match left.get() {
            Some(rest) if rest >= len => {
                left.set(Some(rest - len));
                true
            }
            _ => false,
        });
        if spent {
            PASSES.with(|passes| passes.set(passes.get() + 1));
        }
        spent
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        WORK_LEFT.with(|left| left.set(None));
    }
}

/// The mending passes the last answer decoded on this thread took, its inner values' included.
#[cfg(test)]
fn passes_of_last_answer() -> usize {
    PASSES.with(std::cell::Cell::get)
}

/// `bytes` decoded as `T`, strictly or else mended (see the module docs). The error is the
/// strict one, when even mending cannot make the body fit (it is not a JSON object, or the
/// deviation is at the top).
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8], operation: &'static str) -> Result<T, serde_json::Error> {
    let _current = Current::set(operation);
    PASSES.with(|passes| passes.set(0));
    decode(bytes, operation, None).map(|(value, _passes)| value)
}

/// [`from_slice`] for one value inside the body being decoded (a kind of a tagged union,
/// `src/rt/tagged.rs`), which is mended on its own: its warnings name the body's operation, the
/// type the value is of, and the path within it.
pub(crate) fn from_slice_within<T: DeserializeOwned>(bytes: &[u8], within: &'static str) -> Result<T, serde_json::Error> {
    decode(bytes, current_operation(), Some(within)).map(|(value, _passes)| value)
}

thread_local! {
    /// The operation whose body this thread is decoding: decoding is synchronous, so what a
    /// `Deserialize` impl deep inside it reports can name the operation.
    static OPERATION: std::cell::Cell<&'static str> = const { std::cell::Cell::new("") };
}

pub(crate) fn current_operation() -> &'static str {
    OPERATION.with(std::cell::Cell::get)
}

thread_local! {
    /// Whether the value being decoded is read from JSON text by serde_json (the strict pass),
    /// so that it may be taken apart without copies (`src/rt/tagged.rs`); not in the mending
    /// passes, which read a `Value`, nor in a caller's own serde.
    static FROM_TEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub(crate) fn is_reading_text() -> bool {
    FROM_TEXT.with(std::cell::Cell::get)
}

/// Runs `read` with [`is_reading_text`] as given: true around serde_json's read of the body's
/// text, false around a read of a `Value` (a kind mended on its own inside one is read from
/// text again).
fn reading<R>(from_text: bool, read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            FROM_TEXT.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(FROM_TEXT.with(|flag| flag.replace(from_text)));
    read()
}

/// Sets the current operation until dropped, then restores the one before.
struct Current(&'static str);

impl Current {
    fn set(operation: &'static str) -> Current {
        Current(OPERATION.with(|current| current.replace(operation)))
    }
}

impl Drop for Current {
    fn drop(&mut self) {
        OPERATION.with(|current| current.set(self.0));
    }
}

/// [`from_slice`], with the number of mending passes it took (0: strict).
fn decode<T: DeserializeOwned>(bytes: &[u8], operation: &str, within: Option<&str>) -> Result<(T, usize), serde_json::Error> {
    let _budget = Budget::open(bytes.len());
    let strict = match reading(true, || serde_json::from_slice::<T>(bytes)) {
        Ok(value) => return Ok((value, 0)),
        Err(err) => err,
    };
    // Mending holds the body as a `Value`, several times its size: a larger body is read
    // strictly only, and keeps its error (with the whole body, in `Error::Decode`).
    if bytes.len() > MAX_MENDED_BYTES {
        tracing::warn!(operation, bytes = bytes.len(), limit = MAX_MENDED_BYTES, "an answer too large to mend does not fit the spec");
        return Err(strict);
    }
    // Only an object is mended: serde reads a struct from a list too, so a list where an
    // object is declared would be mended into something it is not.
    let Ok(mut value @ Value::Object(_)) = serde_json::from_slice::<Value>(bytes) else { return Err(strict) };
    for pass in 1.. {
        if !Budget::spend(bytes.len()) {
            break;
        }
        let failure = match reading(false, || serde_path_to_error::deserialize::<_, T>(&value)) {
            Ok(decoded) => return Ok((decoded, pass)),
            Err(failure) => failure,
        };
        let path: Vec<Step> = failure.path().iter().filter_map(Step::of).collect();
        let (pointer, places) = (Pointer { path: &path, wildcards: false }, Pointer { path: &path, wildcards: true });
        let message = failure.inner().to_string();
        let Some(mended) = mend(&mut value, &path, &message) else { return Err(strict) };
        match (mended, within) {
            (Mend::Coerced(count), None) => tracing::debug!(operation, path = %pointer, %places, count, "coerced values that differ from the spec"),
            (Mend::Coerced(count), Some(within)) => tracing::debug!(operation, within, path = %pointer, %places, count, "coerced values that differ from the spec"),
            (Mend::Dropped(count), None) => tracing::warn!(operation, path = %pointer, %places, count, "left out values that do not fit the spec; Response::json still has them"),
            (Mend::Dropped(count), Some(within)) => tracing::warn!(operation, within, path = %pointer, %places, count, "left out values that do not fit the spec; Response::json still has them"),
        }
    }
    Err(strict)
}

/// How many values a mend changed.
enum Mend {
    /// Made to fit, losslessly.
    Coerced(usize),
    /// Left out.
    Dropped(usize),
}

/// One step of the path serde failed at.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// Into a list, at this index.
    Item(usize),
    /// Into an object, at this key.
    Field(&'a str),
}

impl<'a> Step<'a> {
    fn of(segment: &'a serde_path_to_error::Segment) -> Option<Self> {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => Some(Step::Item(*index)),
            Segment::Map { key } => Some(Step::Field(key)),
            Segment::Enum { .. } | Segment::Unknown => None,
        }
    }
}

/// A path as a JSON pointer (`/result/0/asn`), or with list indices as `*` (`/result/*/asn`):
/// the places one mend covers, which one warning names.
struct Pointer<'a> {
    path: &'a [Step<'a>],
    wildcards: bool,
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for step in self.path {
            match step {
                Step::Item(_) if self.wildcards => f.write_str("/*")?,
                Step::Item(index) => write!(f, "/{index}")?,
                Step::Field(key) => {
                    f.write_str("/")?;
                    write_key(f, key)?;
                }
            }
        }
        Ok(())
    }
}

/// A map key as a JSON pointer token (`~` as `~0`, `/` as `~1`), with what could forge or hide
/// text in a log line escaped: control characters (a newline would start a fake line) and
/// invisible or direction-changing format characters as `\u{..}`, and a backslash doubled,
/// so that no escape can be faked either. The key is the server's text, sent verbatim.
fn write_key(f: &mut std::fmt::Formatter<'_>, key: &str) -> std::fmt::Result {
    for c in key.chars() {
        match c {
            '~' => f.write_str("~0")?,
            '/' => f.write_str("~1")?,
            '\\' => f.write_str("\\\\")?,
            c if c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}') => write!(f, "\\u{{{:x}}}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    Ok(())
}

/// Mends the value at `path` that failed with `message` (serde's "invalid type: ..., expected
/// ..."), and every value at the same place in the other items of the lists above it that
/// fails the same way; `None` when there is nothing to mend (the top of the body).
fn mend(root: &mut Value, path: &[Step], message: &str) -> Option<Mend> {
    let expected = expected_of(message);
    let (last, parents) = path.split_last()?;
    let target = at(root, path)?;
    if let Some(coerced) = coerce(target, expected) {
        *target = coerced;
        let mut count = 1;
        each_sibling(root, parents, *last, &mut |value| match coerce(value, expected) {
            Some(coerced) => {
                *value = coerced;
                count += 1;
                Keep::Yes
            }
            None => Keep::Yes,
        });
        return Some(Mend::Coerced(count));
    }
    // A value of the wrong kind fails whatever it holds, and an object without a field its
    // type requires fails whatever else it has: its siblings that are so fail too. Any other
    // failure (an unknown value, a number out of range) is this value's alone.
    let kind = std::mem::discriminant(&*target);
    let kind_fails = is_wrong_kind(message);
    let missing = missing_field(message);
    if !remove(root, parents, *last) {
        return None;
    }
    let fails_alike = |value: &Value| match &missing {
        Some(field) => value.as_object().is_some_and(|fields| !fields.contains_key(field)),
        None => kind_fails && std::mem::discriminant(value) == kind && coerce(value, expected).is_none(),
    };
    let mut count = 1;
    each_sibling(root, parents, *last, &mut |value| {
        if fails_alike(value) {
            count += 1;
            Keep::No
        } else {
            Keep::Yes
        }
    });
    Some(Mend::Dropped(count))
}

// What failed, read from serde's messages: English text, not an API. Each message read here is
// pinned by `the_serde_messages_mending_reads_are_pinned`, so an upgrade that rewords one fails
// that test instead of turning mends into values left out.

/// What serde expected (`a string`, `i64`, `a sequence`, `a map`, `struct X`, ...).
fn expected_of(message: &str) -> &str {
    message.rsplit_once("expected ").map_or("", |(_, e)| e)
}

/// Whether the value was of the wrong kind (text for a number, ...).
fn is_wrong_kind(message: &str) -> bool {
    message.starts_with("invalid type")
}

/// The field an object lacked.
fn missing_field(message: &str) -> Option<String> {
    message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(field, _)| field.to_owned())
}

/// Whether a visited value stays.
enum Keep {
    Yes,
    No,
}

/// The value at `path`.
fn at<'v>(mut value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    for step in path {
        value = match (step, value) {
            (Step::Item(index), Value::Array(items)) => items.get_mut(*index)?,
            (Step::Field(key), Value::Object(fields)) => fields.get_mut(*key)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Removes the value at `parents` + `last`; whether there was one.
fn remove(root: &mut Value, parents: &[Step], last: Step) -> bool {
    match (at(root, parents), last) {
        (Some(Value::Object(fields)), Step::Field(key)) => fields.remove(key).is_some(),
        (Some(Value::Array(items)), Step::Item(index)) if index < items.len() => {
            items.remove(index);
            true
        }
        _ => false,
    }
}

/// Visits, in every item of the lists on `parents`, the value at `last` (every item, when
/// `last` is a list index), and removes those `visit` does not keep.
fn each_sibling(value: &mut Value, parents: &[Step], last: Step, visit: &mut dyn FnMut(&mut Value) -> Keep) {
    match parents.split_first() {
        Some((Step::Item(_), rest)) => {
            if let Value::Array(items) = value {
                items.iter_mut().for_each(|item| each_sibling(item, rest, last, visit));
            }
        }
        Some((Step::Field(key), rest)) => {
            if let Some(inner) = value.as_object_mut().and_then(|fields| fields.get_mut(*key)) {
                each_sibling(inner, rest, last, visit);
            }
        }
        None => match (last, value) {
            (Step::Field(key), Value::Object(fields)) => {
                if let Some(field) = fields.get_mut(key) {
                    if let Keep::No = visit(field) {
                        fields.remove(key);
                    }
                }
            }
            (Step::Item(_), Value::Array(items)) => items.retain_mut(|item| matches!(visit(item), Keep::Yes)),
            _ => {}
        },
    }
}

/// The lossless form of `value` that serde's `expected` asks for, if there is one.
fn coerce(value: &Value, expected: &str) -> Option<Value> {
    let wants_text = expected.starts_with("a string") || expected.starts_with("string");
    let wants_integer = ["i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "isize", "usize"].iter().any(|n| expected.starts_with(n));
    let wants_number = wants_integer || expected.starts_with("f32") || expected.starts_with("f64");
    let wants_list = expected.starts_with("a sequence") || expected.starts_with("a list") || expected.starts_with("a vec");
    let wants_object = expected.starts_with("struct") || expected.starts_with("a map");
    match value {
        Value::Number(n) if wants_text => Some(Value::String(n.to_string())),
        Value::Number(n) if wants_integer => whole(n.as_f64()?),
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

/// `number` as an integer when it is one written with a fraction (`300.0`): then nothing is
/// lost.
fn whole(number: f64) -> Option<Value> {
    // 2^63: every integer below it in magnitude fits an `i64`; `f64` holds it exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (number.fract() == 0.0 && number.abs() < LIMIT).then(|| Value::from(number as i64))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::{json, Value};

    use super::{decode as decode_counted, from_slice};

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
    fn a_map_key_from_the_server_cannot_forge_a_log_line() {
        use super::{Pointer, Step};
        let hostile = "x\nWARN forged\u{202E}\\u{a}~/";
        let path = [Step::Field("result"), Step::Item(3), Step::Field(hostile)];
        let shown = Pointer { path: &path, wildcards: false }.to_string();
        assert_eq!(shown, "/result/3/x\\u{a}WARN forged\\u{202e}\\\\u{a}~0~1");
        assert!(!shown.contains('\n'));
        assert_eq!(Pointer { path: &path, wildcards: true }.to_string(), "/result/*/x\\u{a}WARN forged\\u{202e}\\\\u{a}~0~1");
    }

    #[test]
    fn lossless_coercions_by_kind() {
        assert_eq!(decode(json!({"ttl": 300.0})).ttl, Some(300));
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
        assert_eq!(decode(json!({"ttl": 1.5, "proxied": true})), Record { proxied: Some(true), ..Record::default() });
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

    #[derive(Debug, Deserialize)]
    struct Envelope {
        result: Vec<Record>,
    }

    fn records(count: usize, record: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"result": vec![record; count]})).unwrap()
    }

    #[test]
    fn a_deviation_in_every_item_of_a_list_costs_one_pass() {
        // 10,000 records, each with text for its number and a list for its object: one pass
        // mends each column, so decoding takes three (two mends, then the fit).
        let body = records(10_000, json!({"ttl": "300", "settings": [], "asn": "1"}));
        let (envelope, passes) = decode_counted::<Envelope>(&body, "test-op", None).unwrap();
        assert_eq!(passes, 3);
        assert_eq!(envelope.result.len(), 10_000);
        assert!(envelope.result.iter().all(|r| r.ttl == Some(300) && r.settings == Some(Default::default())));
    }

    #[test]
    fn siblings_are_left_out_only_when_they_fail_the_same_way() {
        // The first meta is text (fails as any text would), the second an object (fits), the
        // third text again: both texts go in one pass, the object stays. The second item's
        // tags are left out of it alone, an object failing where text is declared.
        let body = serde_json::to_vec(&json!({"result": [
            {"meta": "a", "tags": ["x"]},
            {"meta": {"name": "kept"}, "tags": [{"no": 1}, "y"]},
            {"meta": "b", "tags": ["z"]},
        ]}))
        .unwrap();
        let (envelope, passes) = decode_counted::<Envelope>(&body, "test-op", None).unwrap();
        assert_eq!(passes, 3);
        let metas: Vec<_> = envelope.result.iter().map(|r| r.meta.as_ref().and_then(|m| m.name.as_deref())).collect();
        assert_eq!(metas, [None, Some("kept"), None]);
        let tags: Vec<_> = envelope.result.iter().map(|r| r.tags.join(",")).collect();
        assert_eq!(tags, ["x", "y", "z"]);
    }

    #[test]
    fn items_without_a_required_field_are_left_out_in_one_pass() {
        #[derive(Debug, Deserialize)]
        struct Named {
            name: String,
        }
        #[derive(Debug, Deserialize)]
        struct Names {
            result: Vec<Named>,
        }
        let body = serde_json::to_vec(&json!({"result": [{"other": 1}, {"name": "kept"}, {"other": 2}]})).unwrap();
        let (names, passes) = decode_counted::<Names>(&body, "test-op", None).unwrap();
        assert_eq!((names.result.len(), names.result[0].name.as_str(), passes), (1, "kept", 2));
    }

    /// A map whose every entry may fail in its own way (no `name`).
    #[derive(Debug, Deserialize)]
    struct Named {
        #[allow(dead_code)]
        name: String,
    }
    #[derive(Debug, Deserialize)]
    struct Strict {
        result: std::collections::BTreeMap<String, Named>,
    }

    #[test]
    fn a_body_deviating_everywhere_differently_ends_within_its_budget() {
        // The entries of a map are not items of a list: each failing entry is a mend of its own,
        // more than the budget allows, so the strict error comes back instead of ever more passes.
        let entries = |count: usize| {
            let map: serde_json::Map<String, serde_json::Value> = (0..count).map(|i| (format!("k{i}"), json!({"other": i}))).collect();
            serde_json::to_vec(&json!({ "result": map })).unwrap()
        };
        let hostile = entries(5_000);
        assert!(super::work_budget(hostile.len()) / hostile.len() < 5_000);
        assert!(from_slice::<Strict>(&hostile, "test-op").is_err());
        assert_eq!(decode_counted::<Strict>(&entries(3), "test-op", None).map(|(s, passes)| (s.result.len(), passes)).unwrap(), (0, 4));
    }

    #[test]
    fn the_values_inside_an_answer_share_its_budget() {
        // 120 values, each mended on its own (as a tagged union's kind is), each with 900 map
        // entries that fail each in its own way: one budget per value would allow about 500
        // passes for each, 60,000 in all, and as many again for each pass the answer itself
        // needs (its `count` is text). One budget per answer allows a few dozen decodes of it.
        #[derive(Debug)]
        struct Kind(#[allow(dead_code)] Option<Strict>);
        impl<'de> Deserialize<'de> for Kind {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                Ok(Kind(super::from_slice_within::<Strict>(value.to_string().as_bytes(), "Kind").ok()))
            }
        }
        #[derive(Debug, Deserialize)]
        struct Answer {
            result: Vec<Kind>,
            count: u32,
        }
        let value: serde_json::Map<String, serde_json::Value> = (0..900).map(|i| (format!("k{i}"), json!({"other": i}))).collect();
        let values: Vec<_> = (0..120).map(|_| json!({ "result": value })).collect();
        let hostile = serde_json::to_vec(&json!({"result": values, "count": "7"})).unwrap();
        let answer = from_slice::<Answer>(&hostile, "test-op").unwrap();
        assert_eq!((answer.result.len(), answer.count), (120, 7));
        let passes = super::passes_of_last_answer();
        let value_len = serde_json::to_vec(&json!({ "result": value })).unwrap().len();
        // Each pass reads at least one value: the budget's bytes over a value's size.
        let bound = super::work_budget(hostile.len()) / value_len;
        assert!(passes <= bound, "{passes} passes, more than {bound}");
        assert!(bound < 5_000, "{bound}");
    }

    #[test]
    fn an_answer_larger_than_the_mending_limit_is_read_strictly_only() {
        #[derive(Debug, Deserialize)]
        struct Texts {
            result: Vec<String>,
        }
        // The same deviation (a number for text) in a small answer and in one past the limit.
        let answer = |items: usize| {
            let mut list = vec![json!("x".repeat(100)); items];
            list[0] = json!(13335);
            serde_json::to_vec(&json!({ "result": list })).unwrap()
        };
        let small = answer(10);
        assert_eq!(from_slice::<Texts>(&small, "test-op").unwrap().result[0], "13335");
        let large = answer(super::MAX_MENDED_BYTES / 100);
        assert!(large.len() > super::MAX_MENDED_BYTES);
        assert!(from_slice::<Texts>(&large, "test-op").is_err());
    }

    /// Mending reads serde's messages to learn what failed; each one it reads is here, with the
    /// mend it leads to.
    #[test]
    fn the_serde_messages_mending_reads_are_pinned() {
        use super::{coerce, expected_of, is_wrong_kind, missing_field};
        fn message<T: serde::de::DeserializeOwned>(json: &str) -> String {
            match serde_json::from_str::<T>(json) {
                Ok(_) => panic!("`{json}` decodes"),
                Err(err) => err.to_string(),
            }
        }
        let mended = |message: String, value: Value| coerce(&value, expected_of(&message));
        assert_eq!(mended(message::<String>("1"), json!(1)), Some(json!("1")));
        assert_eq!(mended(message::<Option<String>>("true"), json!(true)), Some(json!("true")));
        for number in [message::<i64>("\"2\""), message::<u32>("\"2\""), message::<u8>("\"2\""), message::<f64>("\"2\""), message::<Option<i32>>("\"2\"")] {
            assert_eq!(mended(number, json!("2")), Some(json!(2)));
        }
        assert_eq!(mended(message::<i64>("300.0"), json!(300.0)), Some(json!(300)));
        assert_eq!(mended(message::<Option<u32>>("-0.0"), json!(-0.0)), Some(json!(0)));
        assert_eq!(mended(message::<i64>("1.5"), json!(1.5)), None);
        assert_eq!(mended(message::<i64>("1e300"), json!(1e300)), None);
        assert_eq!(mended(message::<bool>("\"true\""), json!("true")), Some(json!(true)));
        assert_eq!(mended(message::<Vec<String>>("null"), Value::Null), Some(json!([])));
        assert_eq!(mended(message::<Vec<String>>("\"x\""), json!("x")), Some(json!(["x"])));
        assert_eq!(mended(message::<std::collections::BTreeMap<String, String>>("[]"), json!([])), Some(json!({})));
        assert_eq!(mended(message::<Meta>("\"x\""), json!([])), Some(json!({})));
        assert!(is_wrong_kind(&message::<String>("1")) && !is_wrong_kind(&message::<u8>("300")));
        #[derive(Debug, Deserialize)]
        struct Named {
            #[allow(dead_code)]
            name: String,
        }
        assert_eq!(missing_field(&message::<Named>("{}")).as_deref(), Some("name"));
    }
}

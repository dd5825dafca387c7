//! Schema rewrites that make every upstream schema fit typify. Each is a general rule,
//! applied wherever its shape appears:
//!
//! - `allOf` is merged into one schema: typify distributes `allOf` over `anyOf` branches,
//!   which grows combinatorially on Cloudflare's nests (one schema alone took > 3 GB).
//! - `anyOf` / `oneOf` become one schema: objects merge into one object holding every
//!   branch's properties (none required in requests unless every branch requires it),
//!   strings stay strings, lists merge their items. Unlike kinds stay apart: a `oneOf` with
//!   one branch per kind (merged as above), which is an enum with a variant per kind
//!   (`generate/open_enums.rs` adds one for any other JSON); a branch that allows anything
//!   makes the union any JSON. In responses, objects that each fix one property to a value
//!   of their own stay apart as a tagged union (`lower/tagged.rs`).
//! - Validation keywords (`maxLength`, `pattern`, `minimum`, ...) are dropped: typify turns
//!   them into newtypes that validate on every decode and make every call site convert; the
//!   server validates anyway.
//! - `format` is dropped except integer widths and `date-time`. A `date-time` string is the
//!   runtime's `Timestamp` (`generate::progenitor_tokens`), which keeps the text and parses
//!   on demand: Cloudflare's timestamps are not all RFC 3339, and one odd value must not fail
//!   a whole response.
//! - `default`, `example`, `examples` and `title` are dropped: they are documentation, several
//!   do not conform to their own schema, and typify names types after titles.
//! - A missing `type` is inferred from `properties`, `items` or `enum`; what is left
//!   untyped is any JSON value.
//! - A `number` named like a count (`page`, `per_page`, `count`, `total_count`, ...) is an
//!   integer in requests (an integer is a number, so the server accepts it). In responses it
//!   stays a number: the spec allows `2.5`, and a decode must not fail on what the spec allows.
//! - A string `enum` is a Rust enum when its values make distinct variant names (`["", "*"]`
//!   and `["<", "<="]` do not); otherwise it is a string whose allowed values are listed in its
//!   docs. Every such enum keeps a value it does not know in an `Other(String)` variant
//!   (`generate/open_enums.rs`), so a new value never fails an answer.
//! - **Names that collide in Rust.** One rule for every kind of name: the first, in a stable
//!   order, keeps it, and the others are resolved without losing anything. Properties whose
//!   fields would share a name (`<=1d`, `>1d`): the first in key order keeps its field, the
//!   others are kept as any JSON in the object's `extra` map. Enum values whose variants would:
//!   the enum is a documented string (above). Parameters: a later one whose setter would
//!   repeat an earlier one's is left out (`lower::builder_parameters`). Tree methods and
//!   types: the later ones are numbered, in route order (`tree.rs`, `shapes.rs`).
//! - In responses nothing is required and unknown fields are accepted: the API omits fields
//!   it calls required and adds fields and enum values over time, and neither should fail a
//!   call. In requests, `readOnly` properties are left out.

use serde_json::{json, Map, Value};

use super::tagged::{self, TAG_KEYWORD};
use crate::spec::SCHEMA_NAME;

/// Which side of the wire a schema describes; responses are read leniently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Response,
}

const DROPPED_KEYWORDS: [&str; 24] = [
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "readOnly",
    "writeOnly",
    "default",
    "example",
    "examples",
    "xml",
    "externalDocs",
    "discriminator",
    "title",
    "not",
    "deprecated",
];

/// The string format kept, as a timestamp type.
pub const TIMESTAMP_FORMAT: &str = "date-time";

const INTEGER_FORMATS: [&str; 8] = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"];

/// The last word of the name of a number that counts or measures in whole units (a count, a
/// size, a duration, a port, a priority, a weight, a TTL, a page); Cloudflare types many of
/// them `number`. Matched on the name's last word in snake or camel case (`per_page`,
/// `cache_ttl`, `sourcePort`, `visibility_timeout_ms`).
const WHOLE_QUANTITY_WORDS: [&str; 27] = [
    "age",
    "count",
    "days",
    "delay",
    "duration",
    "hours",
    "interval",
    "length",
    "limit",
    "minutes",
    "ms",
    "offset",
    "page",
    "pages",
    "port",
    "precedence",
    "priority",
    "retries",
    "secs",
    "seconds",
    "size",
    "timeout",
    "tokens",
    "total",
    "ttl",
    "weight",
    "concurrency",
];

/// Words that make a quantity a fraction whatever its unit: an average, a share, a rate.
const FRACTION_WORDS: [&str; 9] = ["avg", "average", "mean", "median", "ratio", "rate", "percent", "percentage", "fraction"];

/// Keywords that say what kind of value a schema is; a member that sets any of them replaces
/// the kind given by earlier members (the envelope's generic `result: anyOf[...]` gives way
/// to the operation's `result: {type: array, items: ...}`).
const SHAPE_KEYWORDS: [&str; 5] = ["type", "items", "anyOf", "oneOf", "enum"];

/// A union's branch with the properties its holder declares beside the union (`{properties:
/// {id, name}, anyOf: [A, B]}` is `A` or `B`, each with `id` and `name`): an object branch
/// gains those the branch does not declare itself, and their `required`. Other kinds of
/// branch cannot hold properties and stay as they are.
fn with_holder_properties(branch: &Value, holder: &Map<String, Value>) -> Value {
    let Some(Value::Object(own)) = holder.get("properties").filter(|p| p.as_object().is_some_and(|p| !p.is_empty())) else { return branch.clone() };
    let is_object = branch.get("$ref").is_none() && (kind(branch) == Kind::Object || (kind(branch) == Kind::Any && branch.get("properties").is_some()));
    let Value::Object(mut branch) = branch.clone() else { return branch.clone() };
    if !is_object {
        return Value::Object(branch);
    }
    let Value::Object(properties) = branch.entry("properties").or_insert_with(|| json!({})) else { return Value::Object(branch) };
    for (name, property) in own {
        properties.entry(name.clone()).or_insert_with(|| property.clone());
    }
    let holder_required = holder.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
    if !holder_required.is_empty() {
        let Value::Array(required) = branch.entry("required").or_insert_with(|| json!([])) else { return Value::Object(branch) };
        for name in holder_required {
            if !required.contains(&name) {
                required.push(name);
            }
        }
    }
    Value::Object(branch)
}

/// A union's branch with the tag value its holder's `discriminator.mapping` gives it, when the
/// branch does not fix the tag property to one value itself and exactly one mapping key points
/// at it (`{propertyName: type, mapping: {http: '#/components/schemas/HttpConfig'}}` makes
/// `HttpConfig`'s `type` the one value `http`): what [`tagged::tag_of`] reads.
/// The properties of an object `schema` that are a string `enum` of one value and not
/// required.
fn optional_fixed_properties(schema: &Value) -> Vec<String> {
    let required: Vec<&str> = schema.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return Vec::new() };
    properties
        .iter()
        .filter(|(name, property)| !required.contains(&name.as_str()) && property.get("enum").and_then(Value::as_array).is_some_and(|values| values.len() == 1 && values[0].is_string()))
        .map(|(name, _)| name.clone())
        .collect()
}

fn with_mapped_tag(branch: &Value, holder: &Map<String, Value>) -> Value {
    let discriminator = holder.get("discriminator");
    let (Some(tag), Some(mapping), Some(name)) = (
        discriminator.and_then(|d| d.get("propertyName")).and_then(Value::as_str),
        discriminator.and_then(|d| d.get("mapping")).and_then(Value::as_object),
        branch.get(SCHEMA_NAME).and_then(Value::as_str),
    ) else {
        return branch.clone();
    };
    let keys: Vec<&String> = mapping.iter().filter(|(_, target)| target.as_str().is_some_and(|t| t.rsplit('/').next() == Some(name))).map(|(key, _)| key).collect();
    let fixed = branch.pointer(&format!("/properties/{tag}/enum")).and_then(Value::as_array).is_some_and(|values| values.len() == 1);
    // Mapping keys are text: a tag that is a boolean or a number on the wire (`disabled:
    // true`) cannot be read or sent as one.
    let text = branch.pointer(&format!("/properties/{tag}/type")).is_none_or(|t| t == "string");
    match (keys.as_slice(), fixed, text) {
        ([key], false, true) => {
            let mut branch = branch.clone();
            if let Some(Value::Object(properties)) = branch.get_mut("properties") {
                let property = properties.entry(tag.to_string()).or_insert_with(|| json!({"type": "string"}));
                if let Value::Object(property) = property {
                    property.insert("type".into(), json!("string"));
                    property.insert("enum".into(), json!([key]));
                }
            }
            branch
        }
        _ => branch.clone(),
    }
}

/// Merges every `allOf` into the schema that holds it, recursively. Later members win on
/// conflicting keywords (Cloudflare writes the generic envelope first and the specific
/// `result` last); properties present in several members are merged the same way, and the
/// `required` lists are joined.
pub fn merge_all_of(schema: &Value) -> Value {
    let Value::Object(object) = schema else { return schema.clone() };
    let mut out = Map::new();
    if let Some(Value::Array(members)) = object.get("allOf") {
        // The whole is named after a member only when that member alone gives it properties
        // (`allOf: [{$ref: zone}]`); an envelope made of a generic part and a specific one is
        // neither.
        let with_properties: Vec<&Value> = members.iter().filter(|m| m.get("properties").is_some() || m.get("allOf").is_some()).collect();
        let member_name = match with_properties.as_slice() {
            [only] => only.get(SCHEMA_NAME).cloned(),
            _ => None,
        };
        for member in members {
            let mut merged = merge_all_of(member);
            if let Value::Object(m) = &mut merged {
                m.remove(SCHEMA_NAME);
            }
            merge_into(&mut out, merged);
        }
        if let Some(name) = member_name {
            out.insert(SCHEMA_NAME.into(), name);
        }
    }
    let mut own = Map::new();
    for (key, value) in object {
        if key != "allOf" {
            own.insert(key.clone(), map_subschemas(key, value, merge_all_of));
        }
    }
    // The holder's own keywords (description, nullable) describe the whole.
    merge_into(&mut out, Value::Object(own));
    Value::Object(out)
}

fn merge_into(target: &mut Map<String, Value>, source: Value) {
    let Value::Object(source) = source else { return };
    // A member that gives properties to what earlier members left a union of kinds (the
    // envelope's `result: anyOf[object, string]`) says which kind it is.
    let gives_object = source.contains_key("properties") && (target.contains_key("anyOf") || target.contains_key("oneOf"));
    if gives_object || SHAPE_KEYWORDS.iter().any(|k| source.contains_key(*k)) {
        target.retain(|k, _| !SHAPE_KEYWORDS.contains(&k.as_str()) || source.contains_key(k));
    }
    for (key, value) in source {
        match (key.as_str(), target.get_mut(&key), value) {
            ("properties", Some(Value::Object(existing)), Value::Object(new)) => {
                for (name, property) in new {
                    match existing.get_mut(&name) {
                        Some(Value::Object(old)) if property.is_object() => merge_into(old, property),
                        _ => {
                            existing.insert(name, property);
                        }
                    }
                }
            }
            ("required", Some(Value::Array(existing)), Value::Array(new)) => {
                for name in new {
                    if !existing.contains(&name) {
                        existing.push(name);
                    }
                }
            }
            (_, _, value) => {
                target.insert(key, value);
            }
        }
    }
}

/// Applies `f` to the subschemas held under `key` (properties, items, anyOf members, ...).
fn map_subschemas(key: &str, value: &Value, f: impl Fn(&Value) -> Value) -> Value {
    match (key, value) {
        ("properties", Value::Object(properties)) => Value::Object(properties.iter().map(|(k, v)| (k.clone(), f(v))).collect()),
        ("items" | "not", _) | ("additionalProperties", Value::Object(_)) => f(value),
        ("anyOf" | "oneOf" | "allOf", Value::Array(members)) => Value::Array(members.iter().map(f).collect()),
        _ => value.clone(),
    }
}

/// The schema typify is given (see the module docs). `rewrite_ref` maps a `$ref` (to a local
/// definition) to its lowered target.
pub fn simplify(schema: &Value, direction: Direction) -> Value {
    simplify_with(schema, direction, &|r| r.to_string())
}

pub fn simplify_with(schema: &Value, direction: Direction, rewrite_ref: &dyn Fn(&str) -> String) -> Value {
    Simplifier { direction, rewrite_ref }.node(&merge_all_of(schema), None)
}

/// [`simplify`] for a schema that sits under a name (a parameter), which the count rule reads.
pub fn simplify_named(schema: &Value, direction: Direction, name: &str) -> Value {
    Simplifier { direction, rewrite_ref: &|r| r.to_string() }.node(&merge_all_of(schema), Some(name))
}

struct Simplifier<'a> {
    direction: Direction,
    rewrite_ref: &'a dyn Fn(&str) -> String,
}

impl Simplifier<'_> {
    /// `name` is the property name the schema sits under, if any.
    fn node(&self, schema: &Value, name: Option<&str>) -> Value {
        let Value::Object(object) = schema else { return json!({}) };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": (self.rewrite_ref)(reference) });
        }
        let union: Vec<&Value> = ["anyOf", "oneOf"].iter().filter_map(|k| object.get(*k)?.as_array()).flatten().collect();
        if !union.is_empty() {
            // A branch that only allows `null` makes the union nullable.
            let (nulls, others): (Vec<&Value>, Vec<&Value>) = union.into_iter().partition(|b| kind(b) == Kind::Null);
            let branches: Vec<Value> = others
                .iter()
                .map(|b| {
                    let raw = with_holder_properties(&with_mapped_tag(b, object), object);
                    let mut branch = self.node(&raw, name);
                    // Which of its one-value properties a kind may leave out: a tag it may
                    // leave out says that kind when it is absent (`tagged`).
                    let optional = optional_fixed_properties(&raw);
                    if let (false, Value::Object(branch)) = (optional.is_empty(), &mut branch) {
                        branch.insert(tagged::OPTIONAL_FIXED_KEYWORD.into(), json!(optional));
                    }
                    branch
                })
                .collect();
            let mut merged = self.union(branches);
            if let (false, Value::Object(m)) = (nulls.is_empty(), &mut merged) {
                m.insert("nullable".into(), json!(true));
            }
            // A union is named after its holder, or after its one branch.
            if let (true, Value::Object(m)) = (others.len() > 1, &mut merged) {
                m.remove(SCHEMA_NAME);
            }
            for key in ["description", "nullable", SCHEMA_NAME] {
                if key == SCHEMA_NAME && self.direction == Direction::Request {
                    continue;
                }
                if let (Some(value), Value::Object(m)) = (object.get(key), &mut merged) {
                    m.insert(key.to_string(), value.clone());
                }
            }
            return merged;
        }

        let mut out = Map::new();
        let mut dropped_properties = Vec::new();
        for (key, value) in object {
            // Response types are named after the upstream schema; request types after the call.
            if key == SCHEMA_NAME && self.direction == Direction::Response {
                out.insert(key.clone(), value.clone());
                continue;
            }
            if DROPPED_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            match key.as_str() {
                "properties" => {
                    let mut properties = Map::new();
                    for (property, schema) in value.as_object().into_iter().flatten() {
                        if self.direction == Direction::Request && schema.get("readOnly").and_then(Value::as_bool) == Some(true) {
                            dropped_properties.push(property.clone());
                            continue;
                        }
                        properties.insert(property.clone(), self.node(schema, Some(property)));
                    }
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" => {
                    out.insert(key.clone(), self.node(value, None));
                }
                "additionalProperties" => match value {
                    Value::Object(_) => {
                        out.insert(key.clone(), self.node(value, None));
                    }
                    // `false` would make typify refuse unknown fields.
                    Value::Bool(false) if self.direction == Direction::Response => {}
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                },
                "required" => {
                    if self.direction == Direction::Request {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "format" => {
                    let kept = match object.get("type").and_then(Value::as_str) {
                        Some("integer") => value.as_str().is_some_and(|f| INTEGER_FORMATS.contains(&f)),
                        Some("string") => value.as_str() == Some(TIMESTAMP_FORMAT),
                        _ => false,
                    };
                    if kept {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "type" => {
                    if value.is_string() {
                        out.insert(key.clone(), value.clone());
                    }
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }

        infer_type(&mut out);
        settle_field_names(&mut out);
        if out.get("type").and_then(Value::as_str) == Some("number") && name.is_some_and(|name| means_whole_units(name, object)) {
            out.insert("type".into(), json!("integer"));
        }
        if let Some(Value::Array(required)) = out.get("required") {
            let declared = out.get("properties").and_then(Value::as_object);
            let kept: Vec<Value> = required.iter().filter(|r| r.as_str().is_some_and(|r| declared.is_some_and(|d| d.contains_key(r)) && !dropped_properties.iter().any(|p| p == r))).cloned().collect();
            out.insert("required".into(), Value::Array(kept));
        }
        self.settle_enum(&mut out);
        Value::Object(out)
    }

    /// Keeps an `enum` only where it makes a good Rust enum (see the module docs).
    fn settle_enum(&self, schema: &mut Map<String, Value>) {
        let Some(Value::Array(values)) = schema.remove("enum") else { return };
        let mut values: Vec<Value> = values.into_iter().filter(|v| !v.is_null()).collect();
        values.dedup();
        if values.is_empty() {
            return;
        }
        let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
        if is_string && distinct_variant_names(&values) {
            schema.insert("enum".into(), Value::Array(values));
        } else {
            document_values(schema, &values);
        }
    }

    /// One schema for a union of simplified branches: the branches of each kind merge into
    /// one, and unlike kinds stay apart as a `oneOf` (an enum with a variant per kind).
    fn union(&self, branches: Vec<Value>) -> Value {
        // Which kind says itself by leaving the tag out, read off the branches before their
        // marks go (only a tagged union in an answer keeps it).
        let mut optional: Vec<Vec<String>> = Vec::with_capacity(branches.len());
        let branches: Vec<Value> = branches
            .into_iter()
            .map(|mut branch| {
                let mark = branch.as_object_mut().and_then(|b| b.remove(tagged::OPTIONAL_FIXED_KEYWORD));
                optional.push(mark.and_then(|m| serde_json::from_value(m).ok()).unwrap_or_default());
                branch
            })
            .collect();
        let untagged = |kinds: &[Value], tag: &str| -> Option<String> {
            if kinds.len() != optional.len() {
                return None;
            }
            let leaving_it_out: Vec<&Value> = kinds.iter().zip(&optional).filter(|(_, o)| o.iter().any(|p| p == tag)).map(|(k, _)| k).collect();
            match leaving_it_out.as_slice() {
                [kind] => tagged::fixed_value(kind, tag).map(str::to_string),
                _ => None,
            }
        };
        // A branch that is itself a union of kinds adds its kinds to this one.
        let mut nullable = false;
        let mut flat = Vec::with_capacity(branches.len());
        for mut branch in branches {
            nullable |= is_nullable(&branch);
            // A tagged union stays whole: its branches are kinds of one thing, not kinds of JSON.
            if branch.get(TAG_KEYWORD).is_some() {
                flat.push(branch);
                continue;
            }
            match branch.get_mut("oneOf").map(Value::take) {
                Some(Value::Array(kinds)) => flat.extend(kinds),
                _ => flat.push(branch),
            }
        }
        // Tagged unions of the same tag nested in this one (the DNS records are the records
        // with `data` or the records without) are one union of all their kinds.
        if flat.iter().any(|b| b.get(TAG_KEYWORD).is_some()) {
            let kinds: Vec<Value> = flat
                .iter()
                .flat_map(|b| match (b.get(TAG_KEYWORD), tagged::kinds_of(b)) {
                    (Some(_), Some(kinds)) => kinds.to_vec(),
                    _ => vec![b.clone()],
                })
                .collect();
            if let Some(tag) = tagged::tag_of(&kinds) {
                return self.tagged(kinds, tag, nullable);
            }
        }
        if let Some(tag) = tagged::tag_of(&flat) {
            // Objects of distinct kinds, each saying which it is (`lower/tagged.rs`).
            let untagged = untagged(&flat, &tag);
            let mut union = self.tagged(flat, tag, nullable);
            if let (Some(value), Direction::Response) = (untagged, self.direction) {
                union[tagged::UNTAGGED_KEYWORD] = json!(value);
            }
            return union;
        }
        let kinds: Vec<Kind> = flat.iter().map(kind).collect();
        let mut merged = if flat.len() == 1 {
            flat.remove(0)
        } else if flat.is_empty() || kinds.iter().any(|k| matches!(k, Kind::Any | Kind::Ref | Kind::Null)) || flat.iter().any(is_vague) {
            // A branch that allows anything, or any object or any list, makes the whole any
            // JSON: an enum of such kinds would say no more than a JSON value does.
            json!({})
        } else {
            // Integers are numbers; every other kind is its own group, in order of appearance.
            let group_of = |k: Kind| if k == Kind::Integer && kinds.contains(&Kind::Number) { Kind::Number } else { k };
            let mut groups: Vec<(Kind, Vec<Value>)> = Vec::new();
            for (branch, k) in flat.into_iter().zip(kinds.iter().map(|k| group_of(*k))) {
                match groups.iter_mut().find(|(g, _)| *g == k) {
                    Some((_, members)) => members.push(branch),
                    None => groups.push((k, vec![branch])),
                }
            }
            let mut schemas: Vec<Value> = groups
                .into_iter()
                .map(|(k, mut members)| match members.len() {
                    1 => members.remove(0),
                    _ => self.merge_same_kind(k, members),
                })
                .collect();
            if schemas.len() == 1 {
                schemas.remove(0)
            } else {
                json!({"oneOf": schemas})
            }
        };
        if nullable {
            if let Value::Object(m) = &mut merged {
                m.insert("nullable".into(), json!(true));
            }
        }
        merged
    }

    /// A discriminated union of `kinds` keyed by `tag`: in answers, the kinds apart (an enum
    /// read by the tag); in requests, the kinds merged into one object a caller fills, which
    /// keeps the kinds beside it for the enum it becomes (`lower/tagged.rs`).
    fn tagged(&self, kinds: Vec<Value>, tag: String, nullable: bool) -> Value {
        let mut union = match self.direction {
            Direction::Response => json!({"oneOf": kinds, TAG_KEYWORD: tag}),
            Direction::Request => {
                let mut merged = self.merge_same_kind(Kind::Object, kinds.clone());
                merged[TAG_KEYWORD] = json!(tag);
                merged[tagged::KINDS_KEYWORD] = Value::Array(kinds);
                merged
            }
        };
        if nullable {
            union["nullable"] = json!(true);
        }
        union
    }

    fn merge_same_kind(&self, kind: Kind, branches: Vec<Value>) -> Value {
        match kind {
            Kind::Object => {
                let mut properties = Map::new();
                let mut required: Option<Vec<Value>> = None;
                for branch in &branches {
                    for (name, schema) in branch.get("properties").and_then(Value::as_object).into_iter().flatten() {
                        let merged = match properties.remove(name) {
                            Some(existing) if existing != *schema => self.union(vec![existing, schema.clone()]),
                            _ => schema.clone(),
                        };
                        properties.insert(name.clone(), merged);
                    }
                    let own: Vec<Value> = branch.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
                    required = Some(match required {
                        None => own,
                        Some(so_far) => so_far.into_iter().filter(|r| own.contains(r)).collect(),
                    });
                }
                let mut out = json!({"type": "object", "properties": properties});
                if let Some(required) = required.filter(|r| !r.is_empty() && self.direction == Direction::Request) {
                    out["required"] = Value::Array(required);
                }
                out
            }
            Kind::Array => {
                let items: Vec<Value> = branches.iter().map(|b| b.get("items").cloned().unwrap_or_else(|| json!({}))).collect();
                json!({"type": "array", "items": self.union(items)})
            }
            Kind::String => {
                let mut out = json!({"type": "string"});
                let all_enums: Option<Vec<Value>> = branches.iter().map(|b| b.get("enum").and_then(Value::as_array).cloned()).collect::<Option<Vec<_>>>().map(|e| e.concat());
                if let (Some(values), Value::Object(m)) = (all_enums, &mut out) {
                    m.insert("enum".into(), Value::Array(values));
                    self.settle_enum(m);
                }
                out
            }
            Kind::Integer => json!({"type": "integer"}),
            Kind::Number => json!({"type": "number"}),
            Kind::Boolean => json!({"type": "boolean"}),
            Kind::Any | Kind::Null | Kind::Ref => json!({}),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Null,
    Ref,
    Any,
}

fn kind(schema: &Value) -> Kind {
    if schema.get("$ref").is_some() {
        return Kind::Ref;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => Kind::Object,
        Some("array") => Kind::Array,
        Some("string") => Kind::String,
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("null") => Kind::Null,
        _ if schema.get("enum").and_then(Value::as_array).is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null)) => Kind::Null,
        _ => Kind::Any,
    }
}

fn infer_type(schema: &mut Map<String, Value>) {
    // An `object` with `items` and nothing else of an object is a list (snippet rules,
    // Logpush fields, Vectorize's vectors by id): what its items say is what is sent.
    if schema.get("type").and_then(Value::as_str) == Some("object") && schema.contains_key("items") && !schema.contains_key("properties") && !schema.contains_key("additionalProperties") {
        schema.insert("type".into(), json!("array"));
    }
    if schema.contains_key("type") {
        return;
    }
    let inferred = if schema.contains_key("properties") {
        "object"
    } else if schema.contains_key("items") {
        "array"
    } else if let Some(Value::Array(values)) = schema.get("enum") {
        let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if !present.is_empty() && present.iter().all(|v| v.is_string()) {
            "string"
        } else {
            return;
        }
    } else {
        return;
    };
    schema.insert("type".into(), json!(inferred));
}

/// Whether `schema` (as the document has it) allows no value but `null` or `{}`: an
/// `enum: [null]`, or an object without properties that allows no others
/// (`additionalProperties: false`). A result that holds nothing.
pub fn holds_nothing(schema: &Value) -> bool {
    let merged = merge_all_of(schema);
    if merged.get("enum").and_then(Value::as_array).is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null)) {
        return true;
    }
    let no_properties = merged.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty());
    let no_union = ["anyOf", "oneOf", "items"].iter().all(|k| merged.get(*k).is_none());
    merged.get("type").and_then(Value::as_str) == Some("object") && no_properties && no_union && merged.get("additionalProperties") == Some(&Value::Bool(false))
}

/// Whether `schema` lowers to any JSON, any object or a list of anything: it says no more of
/// a value than that it is JSON.
pub fn says_nothing(schema: &Value, direction: Direction) -> bool {
    let simple = simplify(schema, direction);
    kind(&simple) == Kind::Any || is_vague(&simple)
}

/// An object without properties or a list of anything: a kind, and nothing more.
fn is_vague(schema: &Value) -> bool {
    match kind(schema) {
        Kind::Object => schema.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty()) && !schema.get("additionalProperties").is_some_and(|a| a.is_object() && kind(a) != Kind::Any),
        Kind::Array => schema.get("items").is_none_or(|items| kind(items) == Kind::Any),
        _ => false,
    }
}

/// The integer rule: a `number` is an integer when its name says it counts or measures in
/// whole units ([`WHOLE_QUANTITY_WORDS`]) and nothing says otherwise: no word of an average
/// or a share in its name ([`FRACTION_WORDS`]: `avg_ttl`, `ttl_ratio`), and no fractional
/// example, default, bound, step or allowed value, and no maximum of 1 or less (a ratio, as
/// load balancer weights are) in its schema. In a request and an answer alike, so that a
/// field read can be sent back as it is (`ttl` is `i64` both ways): an integer is a number, so
/// the server accepts it, and it is written as one (`"ttl":300`, not `300.0`). An answer's
/// `300.0` is read as 300; a fractional value is left out by lenient decoding, the answer
/// still holding it (`Response::json`).
pub(crate) fn means_whole_units(name: &str, schema: &Map<String, Value>) -> bool {
    let words = super::names::words(name);
    let last_word = words.last().map(String::as_str).unwrap_or_default();
    if !WHOLE_QUANTITY_WORDS.contains(&last_word) || words.iter().any(|word| FRACTION_WORDS.contains(&word.as_str())) {
        return false;
    }
    let fractional = |value: &Value| value.as_f64().is_some_and(|n| n.fract() != 0.0);
    let stated = ["example", "default", "minimum", "maximum", "multipleOf"].iter().filter_map(|key| schema.get(*key));
    let listed = ["examples", "enum"].iter().filter_map(|key| schema.get(*key)?.as_array()).flatten();
    let ratio = schema.get("maximum").and_then(Value::as_f64).is_some_and(|max| max <= 1.0);
    !ratio && !stated.chain(listed).any(fractional)
}

/// Puts on `schema` the fractional numbers `example` holds at the places of its properties and
/// items (in every branch of a union), as `examples`, where the integer rule reads them: a
/// duration in minutes that an answer's example gives as `5.8097` stays a number. An
/// operation's examples sit beside its schema, not in it; this is how they count as evidence.
pub(crate) fn note_fractions(schema: &mut Value, example: &Value) {
    let Some(object) = schema.as_object_mut() else { return };
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = object.get_mut(key) {
            branches.iter_mut().for_each(|branch| note_fractions(branch, example));
        }
    }
    match example {
        Value::Object(fields) => {
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                for (name, value) in fields {
                    if let Some(property) = properties.get_mut(name) {
                        note_fractions(property, value);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = object.get_mut("items") {
                items.iter().for_each(|value| note_fractions(item, value));
            }
        }
        Value::Number(number) if number.as_f64().is_some_and(|n| n.fract() != 0.0) => {
            let examples = object.entry("examples").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(examples) = examples {
                if examples.len() < 8 && !examples.contains(example) {
                    examples.push(example.clone());
                }
            }
        }
        _ => {}
    }
}

/// Properties whose Rust fields would share a name (typify names `<=1d` and `>1d` both
/// `x1d`, and the build fails): the first in key order keeps its field, the others are taken
/// out of `properties` and left to the object's map of other properties (`extra`, any JSON),
/// so that nothing they hold is lost. The general rule for every name that can collide:
/// the first in a stable order keeps the name; see the module docs for each kind.
fn settle_field_names(schema: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = schema.get("properties") else { return };
    let mut fields = std::collections::BTreeSet::new();
    let mut moved: Vec<String> = properties.keys().filter(|key| !fields.insert(super::names::typify_field(key))).cloned().collect();
    if moved.is_empty() {
        return;
    }
    // The map is typify's field `extra`: a property of that name would collide with it.
    moved.extend(properties.keys().filter(|key| super::names::typify_field(key) == "extra").cloned());
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.retain(|key, _| !moved.contains(key));
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|r| !r.as_str().is_some_and(|r| moved.iter().any(|m| m == r)));
    }
    schema.insert("additionalProperties".into(), json!({}));
}

/// Whether typify can name a variant for each value without two colliding.
fn distinct_variant_names(values: &[Value]) -> bool {
    let mut names = std::collections::BTreeSet::new();
    values.iter().all(|v| {
        let name = v.as_str().map(super::names::pascal).unwrap_or_default().to_ascii_lowercase();
        !name.is_empty() && names.insert(name)
    })
}

fn document_values(schema: &mut Map<String, Value>, values: &[Value]) {
    let listed: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect();
    let note = format!("One of {}.", listed.join(", "));
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(text) => format!("{text}\n\n{note}"),
        None => note,
    };
    schema.insert("description".into(), Value::String(description));
}

/// True when the schema says `null` is a valid value.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(schema: Value) -> Value {
        simplify(&schema, Direction::Response)
    }

    /// A discriminator's mapping says which value of the tag each branch stands for, where the
    /// branch itself only says `type: string`.
    #[test]
    fn a_discriminator_mapping_gives_each_branch_its_tag() {
        let branch = |name: &str| json!({"type": "object", "x-schema-name": name, "properties": {"type": {"type": "string"}, name: {"type": "string"}}});
        let schema = json!({
            "discriminator": {"propertyName": "type", "mapping": {"http": "#/components/schemas/HttpConfig", "tcp": "#/components/schemas/TcpConfig"}},
            "anyOf": [branch("HttpConfig"), branch("TcpConfig")],
        });
        let lowered = response(schema);
        let kinds = lowered["oneOf"].as_array().unwrap_or_else(|| panic!("a tagged union: {lowered}"));
        assert_eq!(kinds[0]["properties"]["type"]["enum"], json!(["http"]));
        assert_eq!(kinds[1]["properties"]["type"]["enum"], json!(["tcp"]));

        // A boolean tag (`disabled: true`) is not text: no tag, the branches merge as they are.
        let flag = |name: &str| json!({"type": "object", "x-schema-name": name, "properties": {"disabled": {"type": "boolean"}, name: {"type": "string"}}});
        let schema = json!({
            "discriminator": {"propertyName": "disabled", "mapping": {"true": "#/components/schemas/Off", "false": "#/components/schemas/On"}},
            "anyOf": [flag("Off"), flag("On")],
        });
        for lowered in [response(schema.clone()), request(schema)] {
            assert_eq!(lowered["properties"]["disabled"], json!({"type": "boolean"}), "{lowered}");
        }
    }

    /// Upstream writes a union next to the properties every branch has (7 fields of the DNS
    /// record answer sit beside its `anyOf` of kinds); both are kept.
    #[test]
    fn a_union_keeps_the_properties_its_holder_declares_beside_it() {
        let schema = json!({
            "type": "object",
            "properties": {"id": {"type": "string"}, "proxied": {"type": "boolean"}},
            "required": ["id"],
            "anyOf": [
                {"type": "object", "properties": {"type": {"type": "string", "enum": ["A"]}, "content": {"type": "string"}}},
                {"type": "object", "properties": {"type": {"type": "string", "enum": ["MX"]}, "priority": {"type": "number"}}},
            ],
        });
        let lowered = response(schema.clone());
        let kinds = lowered["oneOf"].as_array().expect("a tagged union of the two kinds");
        for kind in kinds {
            let properties = kind["properties"].as_object().unwrap();
            assert!(properties.contains_key("id") && properties.contains_key("proxied"), "{kind}");
        }
        // Nested under a union of unions of the same tag, the kinds are one tagged union.
        let nested = response(json!({"properties": {"id": {"type": "string"}}, "anyOf": [
            {"type": "object", "anyOf": [schema["anyOf"][0].clone()]},
            {"type": "object", "anyOf": [schema["anyOf"][1].clone(), {"type": "object", "properties": {"type": {"type": "string", "enum": ["CAA"]}}}]},
        ]}));
        let kinds = nested["oneOf"].as_array().expect("one tagged union");
        assert_eq!(kinds.len(), 3, "{nested}");
        assert!(kinds.iter().all(|k| k["properties"].get("id").is_some()), "{nested}");
        // Merged, as a request body is, the one object has them too.
        let merged = request(schema);
        for name in ["id", "proxied", "content", "priority"] {
            assert!(merged["properties"].get(name).is_some(), "{name} in {merged}");
        }
    }

    fn request(schema: Value) -> Value {
        simplify(&schema, Direction::Request)
    }

    #[test]
    fn all_of_merges_properties_and_required_with_later_members_winning() {
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"result": {"anyOf": [{"type": "object"}, {"type": "string"}]}, "success": {"type": "boolean"}}, "required": ["success"]},
            {"properties": {"result": {"type": "array", "items": {"type": "string"}, "nullable": true}}, "required": ["result"]}
        ]});
        let merged = merge_all_of(&schema);
        assert_eq!(merged["properties"]["result"], json!({"type": "array", "items": {"type": "string"}, "nullable": true}));
        assert_eq!(merged["required"], json!(["success", "result"]));
        assert_eq!(merged["type"], "object");
    }

    #[test]
    fn nested_all_of_in_items_is_merged() {
        let schema = json!({"type": "array", "items": {"allOf": [{"allOf": [{"properties": {"a": {"type": "string"}}}]}, {"properties": {"b": {"type": "string"}}}]}});
        assert_eq!(merge_all_of(&schema)["items"]["properties"], json!({"a": {"type": "string"}, "b": {"type": "string"}}));
    }

    #[test]
    fn responses_drop_constraints_formats_and_required_and_keep_enums() {
        let schema = json!({"type": "object", "required": ["id"], "additionalProperties": false, "properties": {
            "id": {"type": "string", "maxLength": 32, "readOnly": true, "example": "x", "title": "Id"},
            "at": {"type": "string", "format": "date-time"},
            "uri": {"type": "string", "format": "uri"},
            "n": {"type": "integer", "format": "int32", "minimum": 1},
            "status": {"type": "string", "enum": ["pending", "accepted"], "description": "Status."}
        }});
        assert_eq!(
            response(schema),
            json!({"type": "object", "properties": {
                "id": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "uri": {"type": "string"},
                "n": {"type": "integer", "format": "int32"},
                "status": {"type": "string", "enum": ["pending", "accepted"], "description": "Status."}
            }})
        );
    }

    #[test]
    fn numbers_that_count_or_measure_in_whole_units_are_integers() {
        let schema = json!({"type": "object", "properties": {
            "ttl": {"anyOf": [{"type": "number", "minimum": 30, "maximum": 86400, "example": 3600}, {"type": "number", "enum": [1]}], "example": 3600},
            "priority": {"type": "number", "example": 10},
            "sourcePort": {"type": "number"},
            "visibility_timeout_ms": {"type": "number"},
            "weight": {"type": "number", "minimum": 0, "maximum": 1},
            "default_weight": {"type": "number", "example": 0.6},
            "lat_seconds": {"type": "number", "example": 2.5},
            "temperature": {"type": "number", "example": 1}
        }});
        let properties = request(schema.clone())["properties"].clone();
        let type_of = |name: &str| properties[name]["type"].as_str().unwrap_or_default().to_string();
        for name in ["ttl", "priority", "sourcePort", "visibility_timeout_ms"] {
            assert_eq!(type_of(name), "integer", "{name}: {properties}");
        }
        // A ratio, a fractional example, or a name that measures nothing stays a number.
        for name in ["weight", "default_weight", "lat_seconds", "temperature"] {
            assert_eq!(type_of(name), "number", "{name}: {properties}");
        }
        // Answers alike, so that what is read can be sent back.
        assert_eq!(response(schema.clone())["properties"]["priority"]["type"], "integer");
        assert_eq!(response(schema)["properties"]["weight"]["type"], "number");
    }

    #[test]
    fn requests_keep_required_and_enums_and_leave_out_read_only_properties() {
        let schema = json!({"type": "object", "required": ["kind", "id"], "properties": {
            "kind": {"type": "string", "enum": ["a", "b"], "default": "a"},
            "id": {"type": "string", "readOnly": true}
        }});
        assert_eq!(request(schema), json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}}));
    }

    #[test]
    fn enums_whose_variant_names_collide_become_documented_strings() {
        assert_eq!(request(json!({"type": "string", "enum": ["", "*"]})), json!({"type": "string", "description": "One of ``, `*`."}));
        assert_eq!(request(json!({"enum": ["<", "<=", ">"]}))["enum"], Value::Null);
        assert_eq!(request(json!({"type": "string", "enum": ["on", "ON"]}))["enum"], Value::Null);
        assert_eq!(request(json!({"enum": ["asc", "desc"]})), json!({"type": "string", "enum": ["asc", "desc"]}));
    }

    #[test]
    fn unions_of_objects_merge_their_properties() {
        let schema = json!({"anyOf": [
            {"type": "object", "properties": {"a": {"type": "string"}, "kind": {"type": "string"}}, "required": ["a", "kind"]},
            {"type": "object", "properties": {"b": {"type": "integer"}, "kind": {"type": "string"}}, "required": ["b", "kind"]}
        ], "description": "Either."});
        assert_eq!(
            request(schema),
            json!({"type": "object", "description": "Either.", "required": ["kind"], "properties": {
                "a": {"type": "string"}, "b": {"type": "integer"}, "kind": {"type": "string"}
            }})
        );
    }

    #[test]
    fn unions_of_unlike_kinds_keep_a_branch_per_kind_and_null_branches_make_nullable() {
        // `"on"` or an object: one branch per kind, which typify makes an enum of.
        let value = json!({"oneOf": [
            {"type": "string", "enum": ["on", "off"]},
            {"type": "object", "properties": {"mode": {"type": "string"}}},
            {"type": "string", "enum": ["auto"]}
        ]});
        assert_eq!(
            response(value),
            json!({"oneOf": [
                {"type": "string", "enum": ["on", "off", "auto"]},
                {"type": "object", "properties": {"mode": {"type": "string"}}}
            ]})
        );
        // Integers are numbers; a union nested in a branch adds its kinds.
        let nested = json!({"anyOf": [{"type": "integer"}, {"anyOf": [{"type": "number"}, {"type": "boolean"}]}, {"enum": [null]}]});
        assert_eq!(response(nested), json!({"oneOf": [{"type": "number"}, {"type": "boolean"}], "nullable": true}));
        // A branch that allows anything, any object or any list makes the union any JSON.
        assert_eq!(response(json!({"anyOf": [{"type": "string"}, {"description": "Anything."}]})), json!({}));
        assert_eq!(response(json!({"anyOf": [{"type": "object"}, {"type": "array", "items": {}}, {"type": "string"}]})), json!({}));
        assert_eq!(response(json!({"oneOf": [{"type": "string"}, {"enum": [null]}]})), json!({"type": "string", "nullable": true}));
        assert_eq!(response(json!({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "array", "items": {"type": "string"}}]})), json!({"type": "array", "items": {"type": "string"}}));
    }

    #[test]
    fn a_member_giving_properties_makes_an_earlier_union_of_kinds_that_object() {
        // The generic envelope's `result` is any object or text; the operation's member says
        // which object, without a `type`.
        let envelope = json!({"allOf": [
            {"properties": {"result": {"anyOf": [{"type": "object"}, {"type": "string"}]}}},
            {"properties": {"result": {"properties": {"valid": {"type": "boolean"}}}}}
        ]});
        assert_eq!(response(envelope)["properties"]["result"], json!({"type": "object", "properties": {"valid": {"type": "boolean"}}}));
    }

    #[test]
    fn untyped_schemas_get_a_type_or_become_any_json() {
        assert_eq!(response(json!({"minimum": 0, "default": 3})), json!({}));
        assert_eq!(response(json!({"properties": {"a": {"type": "string"}}})), json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        assert_eq!(response(json!({"items": {"type": "string"}})), json!({"type": "array", "items": {"type": "string"}}));
    }

    #[test]
    fn numbers_named_like_counts_are_integers_sent_and_read_unless_an_average_or_a_share() {
        let schema = json!({"type": "object", "properties": {"page": {"type": "number"}, "ratio": {"type": "number"}, "error_count": {"type": "number"}, "avg_count": {"type": "number"}, "count_percent": {"type": "number"}}});
        let sent = simplify_with(&schema, Direction::Request, &|r: &str| r.to_string());
        let received = response(schema);
        for side in [&sent, &received] {
            assert_eq!(side["properties"]["page"]["type"], "integer");
            assert_eq!(side["properties"]["error_count"]["type"], "integer");
            assert_eq!(side["properties"]["ratio"]["type"], "number");
            assert_eq!(side["properties"]["avg_count"]["type"], "number");
        }
        assert_eq!(received["properties"]["count_percent"]["type"], "number");
    }
}

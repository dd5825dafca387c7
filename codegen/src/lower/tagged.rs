//! Discriminated unions in answers: a `oneOf` of objects that each fix one property to a
//! value of their own (the DNS records, keyed by `type`; the zone settings, by `id`).
//!
//! Merged into one struct, as other unions of objects are, a record would hold every kind's
//! fields, each typed loosely enough for all of them (`content: Value`). Kept apart, each kind
//! is its own type and the union is an enum with one variant per kind, read by the tag
//! (`generate/tagged.rs`, `runtime/src/rt/tagged.rs`), plus one that keeps a kind the spec does not list
//! as JSON.
//!
//! In requests the union is the same enum, each kind with its own field types (an MX
//! record's `priority` an integer, an SRV record's `data` its own struct), and the kinds
//! merged into one object too: that object's builder is what a caller fills field by field
//! (`body_map(|b| b.type_("A").content(..))`), and the tag's value then picks the kind, with
//! a clear error for a field the kind does not have (`generate/tagged.rs`).
//!
//! The rule, where [`tag_of`] is asked: every branch is an object, and some property is, in
//! every branch, a string `enum` of exactly one value; the values are distinct and make
//! distinct variant names. The first such property in name order is the tag.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::names::pascal;

/// Marks a union [`tag_of`] found tagged, with the tag's name, from the lowering to
/// [`collect`]. Taken out again before the document reaches progenitor.
pub const TAG_KEYWORD: &str = "x-cloudflare-sdk-tag";

/// On a simplified kind of a union, for [`UNTAGGED_KEYWORD`]: its one-value properties that it
/// may leave out. Taken out again by the union.
pub const OPTIONAL_FIXED_KEYWORD: &str = "x-cloudflare-sdk-optional-fixed";

/// Beside [`TAG_KEYWORD`] on a union in an answer: the tag value of the one kind that may leave
/// the tag out (a live Durable Object export, whose `state` defaults to `created`), which an
/// answer without the tag is read as.
pub const UNTAGGED_KEYWORD: &str = "x-cloudflare-sdk-untagged";

/// Beside [`TAG_KEYWORD`] on the merged object of a union in a request: its kinds.
pub const KINDS_KEYWORD: &str = "x-cloudflare-sdk-kinds";

/// The kinds of a (lowered) tagged union: its kinds beside a request's merged object, or its
/// `oneOf`.
pub fn kinds_of(union: &Value) -> Option<&Vec<Value>> {
    union.get(KINDS_KEYWORD).or_else(|| union.get("oneOf"))?.as_array()
}

/// A discriminated union among the components, for the generation step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TaggedUnion {
    /// The component (and enum) name.
    pub name: String,
    /// The property that says the kind (`type`).
    pub tag: String,
    pub variants: Vec<Variant>,
    /// For a union in a request, its kinds merged into one object: the generated struct of
    /// that name is the builder a caller fills, and becomes the enum's `fields` type.
    pub merged: bool,
    /// In an answer, the variant read when the tag is absent: the one kind that may leave it out.
    pub untagged: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    /// The tag's value for this kind, as sent (`"AAAA"`).
    pub value: String,
    /// The enum variant (`Aaaa`).
    pub name: String,
    /// The component holding this kind (`AaaaRecord`).
    pub component: String,
    /// The properties this kind has, as sent.
    pub properties: Vec<String>,
}

/// The tag of a union of simplified `branches`, if they are a discriminated union. A branch
/// that is itself a tagged union (by another property) counts as one kind when all its kinds
/// fix the tag to the same value: a Durable Object export, kinds by `state`, is the
/// `durable-object` kind of an export, kinds by `type`.
pub fn tag_of(branches: &[Value]) -> Option<String> {
    if branches.len() < 2 {
        return None;
    }
    let candidates: Vec<&String> = properties_of(&branches[0])?.keys().collect();
    candidates
        .into_iter()
        .filter(|name| {
            let values: Option<Vec<&str>> = branches.iter().map(|b| fixed_value(b, name)).collect();
            values.is_some_and(|values| distinct_names(&values))
        })
        .min()
        .cloned()
}

/// The properties of an object branch, or of the first kind of a tagged union branch.
fn properties_of(branch: &Value) -> Option<&serde_json::Map<String, Value>> {
    match (branch.get(TAG_KEYWORD), kinds_of(branch)) {
        (Some(_), Some(kinds)) => properties_of(kinds.first()?),
        _ => (branch.get("type").and_then(Value::as_str) == Some("object")).then(|| branch.get("properties")?.as_object()).flatten(),
    }
}

/// The one value `branch` fixes `property` to: an object's one-value enum, or the value every
/// kind of a tagged union fixes it to.
pub fn fixed_value<'a>(branch: &'a Value, property: &str) -> Option<&'a str> {
    match (branch.get(TAG_KEYWORD), kinds_of(branch)) {
        (Some(_), Some(kinds)) => {
            let values: Option<Vec<&str>> = kinds.iter().map(|k| fixed_value(k, property)).collect();
            let values = values?;
            values.windows(2).all(|w| w[0] == w[1]).then(|| values.first().copied()).flatten()
        }
        _ => only_value(properties_of(branch)?.get(property)?),
    }
}

/// The one value of a string `enum` of one value.
fn only_value(schema: &Value) -> Option<&str> {
    match schema.get("enum")?.as_array()?.as_slice() {
        [Value::String(value)] if schema.get("type").and_then(Value::as_str) == Some("string") => Some(value),
        _ => None,
    }
}

/// The variant name of a tag value: its Pascal case, when that is an identifier no other
/// value and neither the catch-all variant nor a keyword takes.
pub fn variant_name(value: &str) -> Option<String> {
    let name = pascal(value);
    let starts_well = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_well && name.chars().all(|c| c.is_ascii_alphanumeric()) && !["Other", "Self"].contains(&name.as_str())).then_some(name)
}

fn distinct_names(values: &[&str]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    values.iter().all(|v| variant_name(v).is_some_and(|name| seen.insert(name)))
}

/// Takes every tagged union out of the named `components`: drops the mark, and reads each
/// branch's component and tag value (its property may be a reference to a one-value enum).
pub fn collect(components: &mut BTreeMap<String, Value>) -> Vec<TaggedUnion> {
    let marked: Vec<(String, String, Option<String>)> = components
        .iter_mut()
        .filter_map(|(name, schema)| {
            let schema = schema.as_object_mut()?;
            let tag = schema.remove(TAG_KEYWORD)?;
            let untagged = schema.remove(UNTAGGED_KEYWORD).and_then(|v| v.as_str().map(str::to_string));
            Some((name.clone(), tag.as_str()?.to_string(), untagged))
        })
        .collect();
    // A request's union: its kinds leave the merged object before progenitor reads it.
    let mut merged_kinds: BTreeMap<String, Value> = BTreeMap::new();
    for (name, _, _) in &marked {
        if let Some(kinds) = components.get_mut(name).and_then(Value::as_object_mut).and_then(|schema| schema.remove(KINDS_KEYWORD)) {
            merged_kinds.insert(name.clone(), json!({ "oneOf": kinds }));
        }
    }
    let component = |reference: &str| reference.strip_prefix("#/components/schemas/").and_then(|n| components.get(n).map(|s| (n.to_string(), s)));
    let mut unions = Vec::new();
    for (name, tag, untagged) in marked {
        let merged = merged_kinds.get(&name);
        let branches = merged.unwrap_or(&components[&name]).get("oneOf").and_then(Value::as_array).cloned().unwrap_or_default();
        // A kind's tag value and properties; a kind that is a union of its own (by another
        // tag) has the value all its kinds have, and the properties of any.
        let kind = |schema: &Value| -> Option<(String, Vec<String>)> {
            let mut property = schema.get("properties")?.get(&tag)?;
            if let Some((_, target)) = property.get("$ref").and_then(Value::as_str).and_then(component) {
                property = target;
            }
            Some((only_value(property)?.to_string(), schema.get("properties")?.as_object()?.keys().cloned().collect()))
        };
        let variants: Option<Vec<Variant>> = branches
            .iter()
            .map(|branch| {
                let (component_name, schema) = component(branch.get("$ref")?.as_str()?)?;
                let (value, properties) = match schema.get("oneOf").and_then(Value::as_array) {
                    Some(inner) => {
                        let kinds: Option<Vec<(String, Vec<String>)>> = inner.iter().map(|k| kind(component(k.get("$ref")?.as_str()?)?.1)).collect();
                        let kinds = kinds?;
                        let value = kinds.first()?.0.clone();
                        let mut properties: Vec<String> = kinds.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
                        properties.sort();
                        properties.dedup();
                        kinds.iter().all(|(v, _)| *v == value).then_some((value, properties))?
                    }
                    None => kind(schema)?,
                };
                Some(Variant { name: variant_name(&value)?, value, component: component_name, properties })
            })
            .collect();
        // Every branch was checked when the union was kept apart; one that no longer reads so
        // would be a lowering bug, and the union is then generated as it came.
        if let Some(variants) = variants {
            let untagged = untagged.and_then(|value| variants.iter().find(|v| v.value == value).map(|v| v.name.clone()));
            unions.push(TaggedUnion { name, tag, variants, merged: merged.is_some(), untagged });
        }
    }
    unions
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind(tag: &str, value: &str) -> Value {
        json!({"type": "object", "properties": {tag: {"type": "string", "enum": [value]}, "name": {"type": "string"}}})
    }

    #[test]
    fn objects_that_each_fix_one_property_to_their_own_value_are_tagged_by_it() {
        assert_eq!(tag_of(&[kind("type", "A"), kind("type", "AAAA")]), Some("type".into()));
        // The first property in name order that qualifies.
        let both = |a: &str, b: &str| json!({"type": "object", "properties": {"kind": {"type": "string", "enum": [a]}, "type": {"type": "string", "enum": [b]}}});
        assert_eq!(tag_of(&[both("x", "A"), both("y", "B")]), Some("kind".into()));
    }

    #[test]
    fn shared_values_several_values_names_that_collide_and_other_kinds_are_not_tagged() {
        assert_eq!(tag_of(&[kind("type", "A"), kind("type", "A")]), None);
        assert_eq!(tag_of(&[kind("type", "a-b"), kind("type", "a_b")]), None);
        assert_eq!(tag_of(&[kind("type", "other"), kind("type", "A")]), None);
        assert_eq!(tag_of(&[kind("type", "self"), kind("type", "A")]), None);
        assert_eq!(tag_of(&[kind("type", "A")]), None);
        let two_values = json!({"type": "object", "properties": {"type": {"type": "string", "enum": ["B", "C"]}}});
        assert_eq!(tag_of(&[kind("type", "A"), two_values]), None);
        assert_eq!(tag_of(&[kind("type", "A"), json!({"type": "string", "enum": ["B"]})]), None);
        let untyped = json!({"type": "object", "properties": {"type": {"enum": ["B"]}}});
        assert_eq!(tag_of(&[kind("type", "A"), untyped]), None);
    }

    #[test]
    fn collect_reads_each_kind_through_its_enum_reference_and_drops_the_mark() {
        let mut components: BTreeMap<String, Value> = [
            ("Record".to_string(), json!({"oneOf": [{"$ref": "#/components/schemas/ARecord"}, {"$ref": "#/components/schemas/AaaaRecord"}], TAG_KEYWORD: "type"})),
            ("ARecord".to_string(), json!({"type": "object", "properties": {"type": {"$ref": "#/components/schemas/ARecordType"}}})),
            ("ARecordType".to_string(), json!({"type": "string", "enum": ["A"]})),
            ("AaaaRecord".to_string(), kind("type", "AAAA")),
        ]
        .into();
        let unions = collect(&mut components);
        assert_eq!(
            unions,
            [TaggedUnion {
                name: "Record".into(),
                tag: "type".into(),
                variants: vec![
                    Variant { value: "A".into(), name: "A".into(), component: "ARecord".into(), properties: vec!["type".into()] },
                    Variant { value: "AAAA".into(), name: "Aaaa".into(), component: "AaaaRecord".into(), properties: vec!["name".into(), "type".into()] },
                ],
                merged: false,
                untagged: None,
            }]
        );
        assert!(components["Record"].get(TAG_KEYWORD).is_none());

        // A request's union keeps its merged object, and its kinds leave it.
        let mut components: BTreeMap<String, Value> = [
            ("Body".to_string(), json!({"type": "object", "properties": {"type": {"type": "string"}}, TAG_KEYWORD: "type", KINDS_KEYWORD: [{"$ref": "#/components/schemas/BodyA"}, {"$ref": "#/components/schemas/BodyMx"}]})),
            ("BodyA".to_string(), kind("type", "A")),
            ("BodyMx".to_string(), kind("type", "MX")),
        ]
        .into();
        let unions = collect(&mut components);
        assert_eq!(unions.len(), 1);
        assert!(unions[0].merged && unions[0].variants.iter().map(|v| v.component.as_str()).eq(["BodyA", "BodyMx"]));
        assert_eq!(components["Body"], json!({"type": "object", "properties": {"type": {"type": "string"}}}));
    }
}

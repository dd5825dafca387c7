//! Named shapes: every object schema becomes a component with a readable name, and identical
//! shapes share one component.
//!
//! A shape's name comes from where it is first met (`<Operation>Result`, `...Body`,
//! `<Parent><Property>`, `<Parent>Item`), unless [`TypeNames`] (`generated/type-names.yaml`,
//! maintained by `cargo xtask generate`) records one for it. Recorded names never change while
//! their shape exists, so importing a new operation renames nothing, and a tag's code does not
//! depend on which other tags are enabled.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::names::{self, pascal};
use crate::spec::SCHEMA_NAME;

/// Shape fingerprint: FNV-1a of the schema's JSON text (maps are sorted, so equal shapes give
/// equal text).
pub fn fingerprint(schema: &Value) -> u64 {
    let text = serde_json::to_string(schema).unwrap_or_default();
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Recorded names of shared shapes: fingerprint -> name (`generated/type-names.yaml`), and
/// where each named shape is used -> its name (`generated/type-places.txt`).
///
/// A place is the operation's method and canonical path, the part of the call (`result`,
/// `body`, `parameter <name>`, `definition <name>`) and the way down to the shape (`.field`,
/// `[]` for a list's items, `{}` for a map's values, `|Kind` for a union's kind):
/// `GET /zones/{zone_id}/dns_records result[]`. Method and path are what Cloudflare keeps
/// stable; so a shape whose upstream component is renamed, or whose shape changes, keeps the
/// name recorded for where it is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeNames {
    pub names: BTreeMap<u64, String>,
    pub places: BTreeMap<String, String>,
}

impl TypeNames {
    /// Parses the `Name: <16 hex digits>` lines of `generated/type-names.yaml`.
    pub fn parse(text: &str) -> Result<TypeNames, String> {
        let mut names = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, hex) = line.split_once(':').ok_or_else(|| format!("line {}: expected `Name: fingerprint`", number + 1))?;
            let fingerprint = u64::from_str_radix(hex.trim().trim_matches('\''), 16).map_err(|e| format!("line {}: fingerprint: {e}", number + 1))?;
            names.insert(fingerprint, name.trim().to_string());
        }
        Ok(TypeNames { names, places: BTreeMap::new() })
    }

    /// Adds the `<Name>  <place>` lines of `generated/type-places.txt`.
    pub fn with_places(mut self, text: &str) -> Result<TypeNames, String> {
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, place) = line.split_once("  ").ok_or_else(|| format!("line {}: expected `Name  METHOD /path where`", number + 1))?;
            self.places.insert(place.trim().to_string(), name.trim().to_string());
        }
        Ok(self)
    }

    pub fn render_places(&self) -> String {
        let mut out = String::from(
            "# Where each named shape is used: type name, then method, path and place in the call.\n\
             # Written by `cargo xtask generate`; a shape new to the fingerprints takes the name recorded\n\
             # for its places, so an upstream rename or a changed shape keeps the type's name.\n",
        );
        for (place, name) in &self.places {
            out.push_str(&format!("{name}  {place}\n"));
        }
        out
    }

    pub fn render(&self) -> String {
        let mut lines: Vec<String> = self.names.iter().map(|(fp, name)| format!("{name}: '{fp:016x}'")).collect();
        lines.sort();
        let mut out = String::from("# Names of the shapes several operations share: shape fingerprint per type name.\n# Written by `cargo xtask generate`; a name stays while its shape exists.\n");
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// Collects the components of one lowering run.
///
/// Hoisting first refers to each shape by a placeholder (`@<fingerprint>`); [`Shapes::finish`]
/// then names all of them at once, so that a recorded name is given up only when its shape is
/// gone, and a changed shape keeps the name of the one it replaces.
#[derive(Debug, Default)]
pub struct Shapes {
    recorded: TypeNames,
    sharing: Sharing,
    /// Every shape, in the order first met.
    met: Vec<Met>,
    seen: BTreeMap<u64, usize>,
    /// Components that must have exactly this name (local definitions, which references
    /// inside the same schema point to).
    fixed: Vec<(String, Value)>,
    /// The kinds of unions in requests: kind -> (the first union holding it, the kind's
    /// name part). A kind is named after its union (`DnsRecordEditBodyMx`).
    kinds: BTreeMap<u64, (u64, String)>,
    /// Places a shape's name did not fit ([`names::fits_place`]), and the area of the API each
    /// is in ([`names::area`]): there the shape is one type per area ([`Naming::misfits`]).
    apart: BTreeMap<String, String>,
    /// Small shapes (by their [`Met::plain`] fingerprint) whose name did not fit some of their
    /// places: they are named after what they hold ([`holds_name`]), which fits them all.
    held: std::collections::BTreeSet<u64>,
    /// The names of calls' bodies and results -> the same without the call's verb and side
    /// (`DnsRecordCreateBody` -> `DnsRecord`), which name what both sides hold.
    neutral: BTreeMap<String, String>,
}

const PLACEHOLDER: &str = "#/components/schemas/@";

/// The area ([`Shapes::apart`]) of the places where a small shape that a call returns or takes
/// whole under its own name is named after what it holds instead ([`holds_name`]).
const HELD_AREA: &str = "(what it holds)";

/// Names no shape gets: what a user has in scope beside `use cloudflare_sdk::types::*`. A glob
/// import shadows the prelude, so a `types::Result` would break every `-> Result<..>` of the
/// importing module; a `types::Value` or `types::ResultInfo` would mean two things in every
/// signature that uses serde_json's or the runtime's. The prelude's types, serde_json's, and
/// the runtime's that calls return or take (`src/lib.rs`); not its metadata (`Operation`, `Plan`),
/// which API objects may rightly be called.
pub const RESERVED_NAMES: &[&str] = &[
    "Box",
    "Option",
    "Result",
    "String",
    "Vec",
    "Map",
    "Value",
    "ApiError",
    "Client",
    "Credentials",
    "DecodeError",
    "Error",
    "Message",
    "Method",
    "Response",
    "ResultInfo",
    "StatusCode",
    "Timestamp",
];

/// What hoisting a schema gives: the schema with its shapes replaced by references, the same
/// with references by plain fingerprint, and its own fingerprint when it is a shape.
struct Hoisted {
    schema: Value,
    plain: Value,
    fingerprint: Option<u64>,
}

/// A shape and what could name it.
#[derive(Debug)]
struct Met {
    fingerprint: u64,
    /// The fingerprint of the shape alone, which `generated/type-names.yaml` records.
    plain: u64,
    /// The names wanted where it was first met, best first (`Location`, `TopLocation`, ...).
    wanted: Vec<String>,
    /// The first name wanted at every place it was met, for naming a shared shape.
    wanted_anywhere: std::collections::BTreeSet<String>,
    /// How many places it was met at.
    uses: usize,
    /// Where it was met ([`TypeNames::places`]).
    places: std::collections::BTreeSet<String>,
    /// The area of the API it is told apart by ([`Shapes::apart`]).
    area: Option<String>,
    /// With placeholder references.
    schema: Value,
    /// The upstream schema name, where one was met.
    upstream: Option<String>,
}

/// Whether identical shapes share one component (always, but for measuring what sharing
/// saves).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sharing {
    #[default]
    On,
    Off,
}

impl Shapes {
    pub fn new(recorded: TypeNames) -> Self {
        Shapes { recorded, ..Default::default() }
    }

    pub fn with_sharing(recorded: TypeNames, sharing: Sharing) -> Self {
        Shapes { recorded, sharing, ..Default::default() }
    }

    /// Tells the shape at each of `places` apart by its area: the places a first naming found
    /// misfits ([`Naming::misfits`]).
    pub fn apart(mut self, places: BTreeMap<String, String>) -> Self {
        self.apart = places;
        self
    }

    /// Names the small shapes `held` ([`Met::plain`] fingerprints) after what they hold: those
    /// a first naming found misfits ([`Naming::held`]).
    pub fn held(mut self, held: std::collections::BTreeSet<u64>) -> Self {
        self.held = held;
        self
    }

    /// Records that the names in `sided` (a call's `..CreateBody` or `..CreateResult`, best
    /// first) say the call's verb and side, and `neutral` the same without them, so that a
    /// shape both answers and requests hold is named without them ([`Side::names_the_other_side`]).
    pub fn name_sides(&mut self, sided: &[String], neutral: &[String]) {
        for (sided, neutral) in sided.iter().zip(neutral) {
            self.neutral.entry(sided.clone()).or_insert_with(|| neutral.clone());
        }
    }

    /// `name` with the call's verb and side taken out of the start it has from a call's body or
    /// result ([`Shapes::name_sides`]): `DnsRecordCreateBodyDataLatDirection` -> `DnsRecordDataLatDirection`.
    fn neutral_name(&self, name: &str) -> String {
        let words = names::pascal_words(name);
        (1..=words.len()).rev().find_map(|k| Some(format!("{}{}", self.neutral.get(&words[..k].concat())?, words[k..].concat()))).unwrap_or_else(|| name.to_string())
    }

    /// `schema` (simplified) with every object shape inside it, itself included, replaced by a
    /// reference to a component; `name` is the name it gets if nothing else names it.
    pub fn hoist(&mut self, schema: &Value, name: &str) -> Value {
        self.hoist_shape(schema, &[name.to_string()], name).0
    }

    /// [`Shapes::hoist`] with names to try in order (the first is also what inner shapes are
    /// named after), at `place` ([`TypeNames::places`]).
    pub fn hoist_named(&mut self, schema: &Value, names: &[String], place: &str) -> Value {
        self.hoist_shape(schema, names, place).0
    }

    /// [`Shapes::hoist_named`], also giving the fingerprint of `schema` when it is a shape.
    ///
    /// The fingerprint is taken of the hoisted form, where inner shapes are placeholders
    /// holding their own fingerprints and no upstream name is left: equal shapes are equal
    /// whatever the document called them.
    fn hoist_shape(&mut self, schema: &Value, names: &[String], place: &str) -> (Value, Option<u64>) {
        let hoisted = self.hoist_both(schema, names, place);
        (hoisted.schema, hoisted.fingerprint)
    }

    /// [`Shapes::hoist_shape`], also giving the form of `schema` whose inner shapes are
    /// referred to by their plain fingerprints ([`Met::plain`]).
    fn hoist_both(&mut self, schema: &Value, names: &[String], place: &str) -> Hoisted {
        let Value::Object(object) = schema else { return Hoisted { schema: schema.clone(), plain: schema.clone(), fingerprint: None } };
        let schema_name = object.get(SCHEMA_NAME).and_then(Value::as_str).filter(|name| is_named_shape(schema) && schema.get("enum").is_none() && !is_machine_name(name));
        // Inner shapes are named after this one: after its upstream name when it has one, then
        // after its place.
        let bases: Vec<String> = schema_name.map(clean_schema_name).into_iter().chain(names.iter().cloned()).collect();
        let inner = |suffix: &str| bases.iter().map(|b| format!("{b}{suffix}")).collect::<Vec<_>>();
        let mut out = Map::new();
        let mut plain_out = Map::new();
        let mut kinds = Vec::new();
        for (key, value) in object {
            let lowered = match key.as_str() {
                SCHEMA_NAME => continue,
                "properties" => {
                    let inner: Vec<(String, Hoisted)> =
                        value.as_object().into_iter().flatten().map(|(property, s)| (property.clone(), self.hoist_both(s, &inner(&pascal(property)), &format!("{place}.{property}")))).collect();
                    let (schemas, plains) = inner.into_iter().map(|(property, h)| ((property.clone(), h.schema), (property, h.plain))).unzip();
                    Hoisted { schema: Value::Object(schemas), plain: Value::Object(plains), fingerprint: None }
                }
                "items" => self.hoist_both(value, &inner("Item"), &format!("{place}[]")),
                "additionalProperties" if value.is_object() => self.hoist_both(value, &inner("Value"), &format!("{place}{{}}")),
                // A variant is named after its kind, as typify names it (`ValueObject`).
                // A kind of a tagged union, after its tag's value (`RecordA`).
                "oneOf" | super::tagged::KINDS_KEYWORD => {
                    let members: Vec<Hoisted> = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|member| {
                            let tag_value = object.get(super::tagged::TAG_KEYWORD).and_then(Value::as_str).and_then(|tag| member.get("properties")?.get(tag)?.get("enum")?.get(0)?.as_str());
                            let kind = tag_value.or_else(|| member.get("type").and_then(Value::as_str)).map(pascal).unwrap_or_default();
                            let hoisted = self.hoist_both(member, &inner(&kind), &format!("{place}|{kind}"));
                            if let (super::tagged::KINDS_KEYWORD, Some(fingerprint)) = (key.as_str(), hoisted.fingerprint) {
                                kinds.push((fingerprint, kind));
                            }
                            hoisted
                        })
                        .collect();
                    let (schemas, plains) = members.into_iter().map(|h| (h.schema, h.plain)).unzip();
                    Hoisted { schema: Value::Array(schemas), plain: Value::Array(plains), fingerprint: None }
                }
                _ => Hoisted { schema: value.clone(), plain: value.clone(), fingerprint: None },
            };
            out.insert(key.clone(), lowered.schema);
            plain_out.insert(key.clone(), lowered.plain);
        }
        if !is_named_shape(schema) {
            return Hoisted { schema: Value::Object(out), plain: Value::Object(plain_out), fingerprint: None };
        }
        out.remove("nullable");
        plain_out.remove("nullable");
        let out = Value::Object(out);
        let first = names.first().cloned().unwrap_or_default();
        // Shapes that differ only in their docs are one shape: the types are the same to Rust.
        // Schemas upstream names apart stay apart: they are different things (each zone
        // setting is its own type), whatever their shape.
        let undocumented = |shape: &Value| match schema_name {
            Some(upstream) => json!([upstream, without_docs(shape)]),
            None => without_docs(shape),
        };
        // The shape alone, whatever names are recorded for it or inside it: what the record of
        // names by shape is keyed by.
        let plain = fingerprint(&undocumented(&Value::Object(plain_out)));
        // A shape is also told apart by the name recorded for it: the one recorded where it
        // is, else the one recorded for its shape. So shapes recorded under different names
        // stay apart (two shapes an upstream made equal, `IdResult` and `DeleteResult`, stay
        // two names), and a shape at a new place joins the type recorded for it.
        let undocumented = undocumented(&out);
        let undocumented = match self.recorded.places.get(place).or_else(|| self.recorded.names.get(&plain)).filter(|name| !names::holds_a_hash(name)) {
            Some(recorded) => json!({ "recorded": recorded, "shape": undocumented }),
            None => undocumented,
        };
        let area = self.apart.get(place).cloned();
        let undocumented = match &area {
            Some(area) => json!({ "area": area, "shape": undocumented }),
            None => undocumented,
        };
        let fingerprint = match self.sharing {
            Sharing::On => fingerprint(&undocumented),
            // Every place its own shape.
            Sharing::Off => fingerprint(&json!([first, undocumented])),
        };
        for (kind, part) in kinds {
            self.kinds.entry(kind).or_insert((fingerprint, part));
        }
        match self.seen.get(&fingerprint) {
            Some(&index) => {
                let met = &mut self.met[index];
                // Docs that differ between the places would mislead at some of them.
                common_docs(&mut met.schema, &out);
                met.uses += 1;
                met.wanted_anywhere.insert(first);
                met.places.insert(place.to_string());
                if let (Some(upstream), None) = (schema_name, &met.upstream) {
                    met.upstream = Some(upstream.to_string());
                }
            }
            None => {
                self.seen.insert(fingerprint, self.met.len());
                self.met.push(Met {
                    fingerprint,
                    plain,
                    wanted: names.to_vec(),
                    wanted_anywhere: [first].into(),
                    uses: 1,
                    places: [place.to_string()].into(),
                    area,
                    schema: out,
                    upstream: schema_name.map(str::to_string),
                });
            }
        }
        Hoisted { schema: json!({ "$ref": format!("{PLACEHOLDER}{fingerprint:016x}") }), plain: json!({ "$ref": format!("{PLACEHOLDER}{plain:016x}") }), fingerprint: Some(fingerprint) }
    }

    /// Hoists `schema` as a component named exactly `name`, never shared: a
    /// recursive definition, referred to by that name from within itself.
    pub fn hoist_as(&mut self, schema: &Value, name: &str) {
        let before = self.met.len();
        let (hoisted, fingerprint) = self.hoist_shape(schema, &[name.to_string()], name);
        let component = match fingerprint {
            // The root is a shape of its own: take it out of the shared ones if this put it there.
            Some(fp) if self.met.len() > before && self.met.last().is_some_and(|m| m.fingerprint == fp) => {
                self.seen.remove(&fp);
                self.met.pop().map(|m| m.schema).unwrap_or_default()
            }
            Some(fp) => self.met[self.seen[&fp]].schema.clone(),
            // A list or a scalar: typify makes a newtype of it.
            None => hoisted,
        };
        self.fixed.push((name.to_string(), component));
    }

    /// Names every shape met and returns the components and the naming, which
    /// [`Naming::rewrite`] applies to the references.
    pub fn finish(self) -> (BTreeMap<String, Value>, Naming) {
        let mut names: BTreeMap<u64, String> = BTreeMap::new();
        let mut taken: std::collections::BTreeSet<String> = self.fixed.iter().map(|(name, _)| name.clone()).chain(RESERVED_NAMES.iter().map(|n| n.to_string())).collect();
        // Recorded names first. Where the type is used is what Cloudflare keeps stable, so a
        // shape takes the name recorded for its places (changed or renamed upstream, it keeps
        // it); when several shapes want one name, the one recorded at the most places gets it,
        // the first met among equals. Then a shape at places new to the record takes the name
        // recorded for its fingerprint.
        //
        // A recorded name holding a hash (from before the rule of [`is_machine_name`]) is
        // given up, once.
        //
        // A shape told apart where its name did not fit ([`Shapes::apart`]) gives up a recorded
        // name that does not fit its places ([`fits_its_places`]).
        //
        // A name that says the other side of a call (an answer's type named `..Body..`) is
        // given up, once.
        let sides: BTreeMap<u64, Side> = self.met.iter().map(|met| (met.fingerprint, Side::of(&met.places))).collect();
        //
        // A small shape named after what it holds ([`Shapes::held`]) gives up a recorded name
        // that does not fit its places, once.
        let keeps_the_rules = |met: &Met, name: &str| {
            let told_apart = met.area.is_some() || self.held.contains(&met.plain);
            !names::holds_a_hash(name) && (!told_apart || fits_its_places(met, name, &self.recorded.places)) && !sides[&met.fingerprint].names_the_other_side(name)
        };
        //
        // When a shape splits (a PATCH body that was a POST's), the name goes first to the
        // part whose places would be named so anyway (the edit's body keeps `..EditBody`).
        let mut wanted: Vec<(bool, usize, usize, String)> = Vec::new();
        for (index, met) in self.met.iter().enumerate() {
            let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
            for name in met.places.iter().filter_map(|p| self.recorded.places.get(p)).filter(|name| keeps_the_rules(met, name)) {
                *votes.entry(name.as_str()).or_default() += 1;
            }
            wanted.extend(votes.into_iter().map(|(name, votes)| (met.wanted_anywhere.iter().any(|w| pascal(w) == pascal(name)), votes, index, names::without_stutter(&pascal(name)))));
        }
        wanted.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
        let by_fingerprint =
            self.met.iter().enumerate().filter_map(|(index, met)| Some((index, names::without_stutter(&pascal(self.recorded.names.get(&met.plain).filter(|name| keeps_the_rules(met, name))?)))));
        for (index, name) in wanted.into_iter().map(|(_, _, index, name)| (index, name)).chain(by_fingerprint) {
            let fingerprint = self.met[index].fingerprint;
            if !names.contains_key(&fingerprint) && taken.insert(name.clone()) {
                names.insert(fingerprint, name);
            }
        }
        // Who chooses first: the schema a namespace is named after (`zones_zone` is the
        // `Zone`), then the most used shapes.
        let mut order: Vec<&Met> = self.met.iter().collect();
        order.sort_by_key(|m| (std::cmp::Reverse(m.upstream.as_deref().is_some_and(owns_its_name)), std::cmp::Reverse(m.uses)));
        let (kinds, order): (Vec<&Met>, Vec<&Met>) = order.into_iter().partition(|m| self.kinds.contains_key(&m.fingerprint));
        // The kinds of unions in requests last, each named after its union.
        for met in order.into_iter().chain(kinds) {
            let Met { fingerprint, wanted, wanted_anywhere, upstream, schema, area, .. } = met;
            if names.contains_key(fingerprint) {
                continue;
            }
            let side = &sides[fingerprint];
            // What both sides hold is named without a call's verb and side: after the
            // upstream's names, the names of its places without them, then theirs
            // (`DnsRecordDataLatDirection`, not `DnsRecordCreateBodyDataLatDirection`).
            let neutral = |candidates: &mut Vec<String>, at: usize| {
                if side.both() {
                    let mut neutral = Vec::new();
                    // An object holding only an identifier refers to something: `IdRef` for
                    // `{id}`, wherever it is.
                    let properties: Vec<&String> = schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.keys()).collect();
                    if let ([only], None) = (&properties[..], upstream) {
                        if *only == "id" || only.ends_with("_id") {
                            neutral.push(format!("{}Ref", pascal(only)));
                        }
                    }
                    let neutral_anywhere: std::collections::BTreeSet<String> = wanted_anywhere.iter().map(|w| self.neutral_name(&pascal(w))).collect();
                    if let Some(suffix) = shared_suffix(&neutral_anywhere).filter(|suffix| names::pascal_words(suffix).len() >= 2) {
                        neutral.push(suffix);
                    }
                    neutral.extend(neutral_anywhere.iter().min_by_key(|w| (w.len(), w.as_str())).cloned());
                    neutral.extend(wanted.iter().map(|w| self.neutral_name(&pascal(w))));
                    candidates.splice(at.min(candidates.len())..at.min(candidates.len()), neutral);
                }
                // Said once. Those that say the other side give way to the others, then to
                // themselves without the other side's word (`ObjectValue` for an upstream
                // `ResultObject`'s value that requests hold too), and are kept only when
                // nothing else names the shape.
                for candidate in candidates.iter_mut() {
                    *candidate = names::without_stutter(candidate);
                }
                let (foreign, mut kept): (Vec<String>, Vec<String>) = std::mem::take(candidates).into_iter().partition(|candidate| side.names_the_other_side(candidate));
                let without = |candidate: &String| names::pascal_words(candidate).into_iter().filter(|word| !side.names_the_other_side(word)).collect::<String>();
                kept.extend(foreign.iter().map(without).filter(|name| !name.is_empty() && !RESERVED_NAMES.contains(&name.as_str()) && !side.names_the_other_side(name)));
                *candidates = if kept.is_empty() { foreign } else { kept };
            };
            if let Some((union, part)) = self.kinds.get(fingerprint) {
                let first = format!("{}{part}", names.get(union).map(String::as_str).unwrap_or_default());
                let mut candidates: Vec<String> = std::iter::once(first).chain(wanted.iter().map(|w| pascal(w))).collect();
                neutral(&mut candidates, 1);
                let first = candidates[0].clone();
                let name = candidates.into_iter().chain(names::numbered(&first, "")).find(|c| !taken.contains(c)).unwrap_or_default();
                taken.insert(name.clone());
                names.insert(*fingerprint, name);
                continue;
            }
            // Names are built by concatenation; convert once more so the result is exactly
            // the identifier typify makes of it. The upstream name first, then the upstream
            // name with its namespace; else, for a shape met in several places, what their
            // names share (`DeleteResult` of `MemberDeleteResult` and `AppDeleteResult`); then
            // the names of where it was first met. Numbered when all are taken.
            let mut candidates: Vec<String> = upstream.iter().flat_map(|u| [Some(clean_schema_name(u)), qualified_schema_name(u)]).flatten().collect();
            // A small shape whose name did not fit some of its places: what it holds first
            // (`OnOff`), which fits them all.
            if let Some(held) = holds_name(schema).filter(|_| self.held.contains(&met.plain) || area.as_deref() == Some(HELD_AREA)) {
                candidates.insert(0, held);
            }
            let upstreams = candidates.len();
            if area.is_some() {
                // Told apart where its name did not fit: the names that fit its places.
                candidates.extend(apart_candidates(met));
                candidates.sort_by_key(|candidate| !fits_its_places(met, candidate, &self.recorded.places));
            } else {
                if let (None, Some(suffix)) = (upstream, shared_suffix(wanted_anywhere)) {
                    // Then what it holds, when that is one field: `IdResult` for `{id}`,
                    // `IdDeleteResult` when taken.
                    let properties: Vec<String> = schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(p, _)| pascal(p)).collect();
                    let words = suffix.chars().filter(char::is_ascii_uppercase).count();
                    if words >= 2 {
                        candidates.push(suffix.clone());
                    }
                    if properties.len() == 1 {
                        let last_word = suffix.rfind(|c: char| c.is_ascii_uppercase()).map(|i| &suffix[i..]).unwrap_or(&suffix);
                        candidates.push(format!("{}{last_word}", properties.concat()));
                        candidates.push(format!("{}{suffix}", properties.concat()));
                    }
                }
                if upstream.is_none() && wanted_anywhere.len() > 1 {
                    // Then the shortest name of its places: what a read of it calls it
                    // (`CfdTunnel`, not `CfdTunnelCreateResult`).
                    candidates.extend(wanted_anywhere.iter().min_by_key(|w| (w.len(), w.as_str())).map(|w| pascal(w)));
                }
                candidates.extend(wanted.iter().map(|w| pascal(w)));
            }
            neutral(&mut candidates, upstreams);
            let first = candidates.iter().find(|c| !RESERVED_NAMES.contains(&c.as_str())).unwrap_or(&candidates[0]).clone();
            let name = candidates.into_iter().chain(names::numbered(&first, "")).find(|candidate| !taken.contains(candidate)).unwrap_or_default();
            taken.insert(name.clone());
            names.insert(*fingerprint, name);
        }
        let places: BTreeMap<String, String> = self.met.iter().flat_map(|m| m.places.iter().map(|p| (p.clone(), names[&m.fingerprint].clone()))).collect();
        // A shape recorded under several names is recorded under the one used at the most places.
        let mut by_use: Vec<&Met> = self.met.iter().collect();
        by_use.sort_by(|a, b| b.places.len().cmp(&a.places.len()).then_with(|| names[&a.fingerprint].cmp(&names[&b.fingerprint])));
        let mut shapes = BTreeMap::new();
        for met in by_use {
            shapes.entry(met.plain).or_insert_with(|| names[&met.fingerprint].clone());
        }
        // Where a small shape's name does not fit a place, inside a call's answer or body,
        // recorded there or not: named after what it holds in a second naming, a name that fits
        // them all ([`holds_name`]). A type shared this widely (on/off switches at 329 places)
        // is one type only under such a name: everywhere ([`Shapes::held`]), or, where a call
        // returns or takes it whole under a name that fits the call, at the other places
        // ([`HELD_AREA`]). Only where that name is free and says no other side.
        //
        // Where another shape's name does not fit a place a call returns or takes whole: told
        // apart by area in a second naming ([`Shapes::apart`]), unless the name is the one
        // recorded there (a recorded name stays).
        let recorded_at = &self.recorded.places;
        let named: std::collections::BTreeSet<&String> = names.values().collect();
        let mut held = std::collections::BTreeSet::new();
        let mut misfits = BTreeMap::new();
        for met in self.met.iter().filter(|met| met.area.is_none() && !self.held.contains(&met.plain)) {
            let name = &names[&met.fingerprint];
            let own = own_words(&met.schema);
            let misfit: Vec<&String> =
                met.places.iter().filter(|place| !names::fits_place(name, place, names::enclosing_places(place).find_map(|p| places.get(p)).map(String::as_str), &own)).collect();
            let holds = holds_name(&met.schema).filter(|holds| !named.contains(holds) && !sides[&met.fingerprint].names_the_other_side(holds));
            if holds.is_some() && !misfit.is_empty() {
                if met.places.iter().any(|place| used_whole(place)) {
                    misfits.extend(misfit.iter().filter(|place| !used_whole(place)).map(|place| ((*place).clone(), HELD_AREA.to_string())));
                } else {
                    held.insert(met.plain);
                }
            }
            let whole = misfit.into_iter().filter(|place| used_whole(place) && recorded_at.get(*place) != Some(name));
            misfits.extend(whole.filter_map(|place| Some((place.clone(), names::area(names::place_fields(place)?.0)))));
        }
        let naming = Naming { names, places, shapes, misfits, held };
        let mut components: BTreeMap<String, Value> = self.met.into_iter().map(|m| (naming.names[&m.fingerprint].clone(), naming.rewrite(m.schema))).collect();
        for (name, schema) in self.fixed {
            components.insert(name, naming.rewrite(schema));
        }
        (components, naming)
    }
}

/// Which side of the calls a shape is held by, from its places ([`TypeNames::places`]): answers
/// (`result`, `event`), requests (`body`, `form`, `parameter`), or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Side {
    pub answers: bool,
    pub requests: bool,
    /// The words of the fields along its places (`Result` of `body.result`, `Body` of
    /// `request_body_buffering`): a name may say them on either side.
    field_words: std::collections::BTreeSet<String>,
}

impl Side {
    pub fn of<'a>(places: impl IntoIterator<Item = &'a String>) -> Side {
        let mut side = Side::default();
        for place in places {
            let part = place.splitn(3, ' ').nth(2).unwrap_or_default();
            side.answers |= part.starts_with("result") || part.starts_with("event");
            side.requests |= part.starts_with("body") || part.starts_with("form") || part.starts_with("parameter");
            let fields = names::place_fields(place).map(|(_, fields)| fields).unwrap_or_default();
            side.field_words.extend(fields.into_iter().flat_map(|field| names::pascal_words(&pascal(field))));
        }
        side
    }

    /// Held by answers and by requests.
    pub fn both(&self) -> bool {
        self.answers && self.requests
    }

    /// Whether `name` says the other side's word of a call: an answer's type named `..Body..`
    /// (after a request body), a request's named `..Result..`, where no field says the word.
    pub fn names_the_other_side(&self, name: &str) -> bool {
        let foreign: Vec<&str> = [(self.answers, "Body"), (self.requests, "Result")].into_iter().filter(|(held, _)| *held).map(|(_, word)| word).collect();
        names::pascal_words(&pascal(name)).iter().any(|word| foreign.contains(&word.as_str()) && !self.field_words.contains(word))
    }

    /// Only the answers' side of this one, or only the requests'.
    pub fn only(&self, answers: bool) -> Side {
        Side { answers: self.answers && answers, requests: self.requests && !answers, field_words: self.field_words.clone() }
    }
}

/// Fingerprint -> name of every shape of a lowering run, and place -> name.
#[derive(Debug, Clone, Default)]
pub struct Naming {
    pub names: BTreeMap<u64, String>,
    pub places: BTreeMap<String, String>,
    /// The shape's own fingerprint -> its name, for the record.
    pub shapes: BTreeMap<u64, String>,
    /// The places a shape's name does not fit ([`names::fits_place`]), and each one's area
    /// ([`names::area`]).
    pub misfits: BTreeMap<String, String>,
    /// The small shapes ([`Met::plain`] fingerprints) whose name does not fit some of their
    /// places, to be named after what they hold ([`holds_name`]).
    pub held: std::collections::BTreeSet<u64>,
}

impl Naming {
    /// `value` with placeholder references replaced by named ones.
    pub fn rewrite(&self, value: Value) -> Value {
        match value {
            Value::Object(object) => Value::Object(
                object
                    .into_iter()
                    .map(|(key, item)| match (key.as_str(), &item) {
                        ("$ref", Value::String(reference)) => {
                            let named = self.name_of(reference).map(|n| format!("#/components/schemas/{n}")).unwrap_or_else(|| reference.clone());
                            (key, Value::String(named))
                        }
                        _ => (key, self.rewrite(item)),
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(|i| self.rewrite(i)).collect()),
            other => other,
        }
    }

    /// The name behind a placeholder reference.
    pub fn name_of(&self, reference: &str) -> Option<&str> {
        let hex = reference.strip_prefix(PLACEHOLDER)?;
        let fingerprint = u64::from_str_radix(hex, 16).ok()?;
        self.names.get(&fingerprint).map(String::as_str)
    }

    /// What to record in `generated/type-names.yaml`: every shape and its name.
    pub fn recorded(&self) -> TypeNames {
        TypeNames { names: self.shapes.clone(), places: self.places.clone() }
    }
}

/// The names of a shape told apart where its name did not fit ([`Shapes::apart`]), after its
/// upstream ones, best first: what its places' names share (`TimeseriesGroup`); the shortest
/// name of its places (`Allowlist`); the words all its calls' paths share, then the generic
/// words all its places' names end in (`AccessDeleteResult` for the `DeleteResult`s of
/// `access/apps` and `access/groups`, `RadarTimeseriesGroup`); the names of where it was first
/// met.
fn apart_candidates(met: &Met) -> Vec<String> {
    let mut candidates = Vec::new();
    if let Some(suffix) = shared_suffix(&met.wanted_anywhere) {
        if !names::domain_words(&suffix).is_empty() {
            candidates.push(suffix);
        }
    }
    if met.wanted_anywhere.len() > 1 {
        candidates.extend(met.wanted_anywhere.iter().min_by_key(|w| (w.len(), w.as_str())).map(|w| pascal(w)));
        // The path words every call using it has, in the order of the first path.
        let paths: Vec<&str> = met.places.iter().filter_map(|place| Some(names::place_fields(place)?.0)).collect();
        let words_of =
            |path: &str| -> Vec<String> { path.split('/').filter(|segment| !segment.is_empty() && !segment.contains('{') && !names::SCOPES.contains(segment)).flat_map(names::words).collect() };
        let mut common: Vec<String> = paths.first().map(|path| words_of(path)).unwrap_or_default();
        for path in paths.iter().skip(1) {
            let theirs = words_of(path);
            common.retain(|word| theirs.contains(word));
        }
        let mut seen = std::collections::BTreeSet::new();
        common.retain(|word| seen.insert(word.clone()));
        // The generic words at the end of every place's name (`DeleteResult`, `Result`).
        let ends: Vec<Vec<String>> = met.wanted_anywhere.iter().map(|w| names::pascal_words(&pascal(w))).collect();
        let mut tail: Vec<String> = Vec::new();
        while let Some(word) = ends.first().and_then(|first| first.len().checked_sub(tail.len() + 1).map(|i| first[i].clone())) {
            let shared = ends.iter().all(|end| end.len() > tail.len() && end[end.len() - tail.len() - 1] == word);
            if !shared || !names::domain_words(&word).is_empty() {
                break;
            }
            tail.insert(0, word);
        }
        // Only where the calls use it as a whole: inside, the fields name it.
        let whole = met.places.iter().all(|place| names::place_fields(place).is_some_and(|(_, fields)| fields.is_empty()));
        if !common.is_empty() && whole {
            candidates.push(pascal(&format!("{}{}", names::singular(&common.join("_")), tail.concat())));
        }
    }
    candidates.extend(met.wanted.iter().map(|w| pascal(w)));
    candidates
}

/// Whether a call returns or takes the shape at `place` as a whole (its `result`, the items of
/// it, its `body`), where the shape is named to fit the call. Inside them the test is looser
/// ([`names::fits_field`]) and only measured (`cargo xtask stats`): a shared shape there is
/// mostly named rightly after what it is (`Grants` of every permission, `AccessRule` of a
/// policy's `include[]` and `exclude[]`), and one type per area would name it after one field.
fn used_whole(place: &str) -> bool {
    names::place_fields(place).is_some_and(|(_, fields)| fields.is_empty())
}

/// Whether `name` fits every place of the shape ([`names::fits_place`]), each held by the type
/// recorded for the place holding it: a type unrelated places hold is not named after one of
/// them.
fn fits_its_places(met: &Met, name: &str, recorded: &BTreeMap<String, String>) -> bool {
    let own = own_words(&met.schema);
    met.places.iter().all(|place| names::fits_place(name, place, names::enclosing_places(place).find_map(|p| recorded.get(p)).map(String::as_str), &own))
}

/// The name of a small shape that says what it holds, and so fits wherever it is used
/// ([`names::fits_place`]): an enumeration of two to four values, its values in order
/// (`OnOff`, `LowMediumHigh`, `AscDesc`), or an object of two plain fields, its fields in
/// order (`IdName`, `NameValue`); four words at most. Not an enumeration of one value: its
/// value alone names a thing (`All`, `X`), and its field names it better. None for anything larger, or holding more
/// than plain values, whose name is what its places call it (`SplitTunnel`, not
/// `AddressDescriptionHost`).
pub fn holds_name(schema: &Value) -> Option<String> {
    const MAX_LETTERS: usize = 30;
    const MAX_WORDS: usize = 4;
    let words: Vec<&str> = match (schema.get("enum").and_then(Value::as_array), schema.get("properties").and_then(Value::as_object)) {
        (Some(values), None) => values.iter().map(Value::as_str).collect::<Option<Vec<&str>>>().filter(|values| (2..=4).contains(&values.len()))?,
        (None, Some(fields)) if fields.len() == 2 && schema.get("oneOf").is_none() && schema.get(super::tagged::KINDS_KEYWORD).is_none() => {
            let plain = |field: &Value| matches!(field.get("type").and_then(Value::as_str), Some("string" | "integer" | "number" | "boolean")) && field.get("$ref").is_none();
            fields.values().all(plain).then(|| fields.keys().map(String::as_str).collect())?
        }
        _ => return None,
    };
    // Each a word or two of letters, so the name reads as them (`OnOff`, not `V10V20`).
    let parts: Vec<String> = words.iter().map(|word| pascal(word)).collect();
    let readable = |part: &String| part.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && part.chars().all(|c| c.is_ascii_alphanumeric()) && names::pascal_words(part).len() <= 2;
    let name = parts.concat();
    let short = name.len() <= MAX_LETTERS && names::pascal_words(&name).len() <= MAX_WORDS;
    (parts.iter().all(readable) && short && !RESERVED_NAMES.contains(&name.as_str())).then_some(name)
}

/// The domain words of what a shape holds: its fields' names and its values
/// ([`names::fits_place`]).
pub fn own_words(schema: &Value) -> Vec<String> {
    let fields = schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.keys().map(String::as_str));
    let values = schema.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    fields.chain(values).flat_map(names::domain_words).collect()
}

/// `schema` without its `description`s (its own and those of the schemas inside it).
fn without_docs(schema: &Value) -> Value {
    let Value::Object(object) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in object {
        let value = match key.as_str() {
            "description" => continue,
            "properties" => Value::Object(value.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), without_docs(v))).collect()),
            "items" | "additionalProperties" => without_docs(value),
            "oneOf" | super::tagged::KINDS_KEYWORD => Value::Array(value.as_array().into_iter().flatten().map(without_docs).collect()),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Keeps in `kept` only the `description`s that `other` (the same shape) has too.
fn common_docs(kept: &mut Value, other: &Value) {
    let Value::Object(object) = kept else { return };
    if object.get("description") != other.get("description") {
        object.remove("description");
    }
    for (key, value) in object.iter_mut() {
        match key.as_str() {
            "properties" => {
                for (name, property) in value.as_object_mut().into_iter().flatten() {
                    if let Some(theirs) = other.get("properties").and_then(|p| p.get(name)) {
                        common_docs(property, theirs);
                    }
                }
            }
            "items" | "additionalProperties" => {
                if let Some(theirs) = other.get(key.as_str()) {
                    common_docs(value, theirs);
                }
            }
            "oneOf" => {
                let theirs = other.get("oneOf").and_then(Value::as_array).into_iter().flatten();
                for (member, their) in value.as_array_mut().into_iter().flatten().zip(theirs) {
                    common_docs(member, their);
                }
            }
            _ => {}
        }
    }
}

/// The words most of the names of several places end in: `DeleteResult` for
/// `MemberDeleteResult`, `DnsRecordDeleteResult` and `ConnectCreateResult`. None when there
/// is one place, or more than half of the names share no word.
fn shared_suffix(names: &std::collections::BTreeSet<String>) -> Option<String> {
    if names.len() < 2 {
        return None;
    }
    let all: Vec<Vec<String>> = names.iter().map(|n| super::names::pascal_words(&pascal(n))).collect();
    let mut best: Option<String> = None;
    for length in 1.. {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for w in all.iter().filter(|w| w.len() >= length) {
            *counts.entry(w[w.len() - length..].concat()).or_default() += 1;
        }
        // The most frequent, the first in order among equals.
        match counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))) {
            Some((suffix, count)) if count * 2 > all.len() => best = Some(suffix),
            _ => break,
        }
    }
    best
}

/// The type name an upstream schema name gives: its namespace (before the first `_`) and
/// the `schemas-` / `components-schemas-` left by upstream's merges dropped:
/// `dns-records_dns-record` -> `DnsRecord`, `access_schemas-apps` -> `Apps`.
pub fn clean_schema_name(upstream: &str) -> String {
    let mut rest = upstream.split_once('_').map(|(_, rest)| rest).filter(|r| !r.is_empty()).unwrap_or(upstream);
    while let Some(shorter) = ["components-schemas-", "schemas-"].iter().find_map(|p| rest.strip_prefix(p)) {
        rest = shorter;
    }
    pascal(rest)
}

/// Whether an upstream schema name is one a machine gave: a hash
/// (`unnamed_schema_ref_70f2c6ccd8a405358ac7ef8fc3d6751c`, which upstream's tooling gives the
/// schemas it inlined). Such a schema is treated as unnamed: named, and told apart, by its
/// places and its shape, as any schema without a name.
fn is_machine_name(upstream: &str) -> bool {
    names::holds_a_hash(upstream)
}

/// Whether an upstream schema is the one its namespace is named after: `zones_zone`.
fn owns_its_name(upstream: &str) -> bool {
    upstream.split_once('_').is_some_and(|(namespace, _)| pascal(&super::names::singular(&super::names::snake(namespace))) == clean_schema_name(upstream))
}

/// The upstream name with its namespace, when the namespace is words (`firewall_rule` ->
/// `FirewallRule`; a generated namespace such as `4LuENv5h` is not).
fn qualified_schema_name(upstream: &str) -> Option<String> {
    let (namespace, _) = upstream.split_once('_')?;
    let words = !namespace.is_empty() && namespace.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit());
    words.then(|| format!("{}{}", pascal(namespace), clean_schema_name(upstream)))
}

/// Objects with declared properties, and string enums, get a type of their own.
pub fn is_named_shape(schema: &Value) -> bool {
    let has_properties = schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
    has_properties || schema.get("enum").is_some() || schema.get("oneOf").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(recorded: TypeNames, schemas: &[(&Value, &str)]) -> (Vec<Value>, BTreeMap<String, Value>, Naming) {
        let mut shapes = Shapes::new(recorded);
        let refs: Vec<Value> = schemas.iter().map(|(s, n)| shapes.hoist(s, n)).collect();
        let (components, naming) = shapes.finish();
        (refs.into_iter().map(|r| naming.rewrite(r)).collect(), components, naming)
    }

    fn role() -> Value {
        json!({"type": "object", "properties": {"id": {"type": "string"}}})
    }

    #[test]
    fn identical_shapes_share_one_component_named_where_first_met() {
        let parent = json!({"type": "object", "properties": {"role": role()}});
        let list = json!({"type": "array", "items": role()});
        let (refs, components, _) = run(TypeNames::default(), &[(&parent, "A"), (&list, "B")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(refs[1], json!({"type": "array", "items": {"$ref": "#/components/schemas/ARole"}}));
        assert_eq!(components["A"], json!({"type": "object", "properties": {"role": {"$ref": "#/components/schemas/ARole"}}}));
        assert_eq!(components.keys().collect::<Vec<_>>(), vec!["A", "ARole"]);
    }

    #[test]
    fn recorded_names_win_over_where_a_shape_is_met() {
        let recorded = TypeNames { names: [(fingerprint(&role()), "Role".to_string())].into(), ..Default::default() };
        let (refs, _, naming) = run(recorded.clone(), &[(&role(), "ZonesGetResult")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/Role"}));
        assert_eq!(naming.recorded().names, recorded.names);
        assert_eq!(TypeNames::parse(&recorded.render()).unwrap(), recorded);
    }

    #[test]
    fn a_changed_shape_takes_over_the_name_of_the_shape_it_replaces() {
        let old = role();
        let recorded = TypeNames { names: [(fingerprint(&old), "ThingResult".to_string())].into(), ..Default::default() };
        let changed = json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}});
        let (refs, _, _) = run(recorded, &[(&changed, "ThingResult")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/ThingResult"}));
    }

    /// Measured on a newer upstream: `Apps` became `AppResponse` when upstream renamed its
    /// component and added a field. The name recorded where the shape is used wins.
    #[test]
    fn a_shape_renamed_upstream_and_changed_keeps_the_name_recorded_for_its_places() {
        let place = "GET /accounts/{account_id}/access/apps result[]";
        let old = json!({"type": "object", "x-schema-name": "access_apps", "properties": {"id": {"type": "string"}}});
        let mut shapes = Shapes::new(TypeNames::default());
        shapes.hoist_named(&old, &["App".into()], place);
        let (_, naming) = shapes.finish();
        let recorded = naming.recorded();
        assert_eq!(recorded.places[place], "Apps");
        assert_eq!(TypeNames::parse(&recorded.render()).unwrap().with_places(&recorded.render_places()).unwrap(), recorded);

        let newer = json!({"type": "object", "x-schema-name": "access_app-response", "properties": {"id": {"type": "string"}, "domain": {"type": "string"}}});
        let mut shapes = Shapes::new(recorded.clone());
        let reference = shapes.hoist_named(&newer, &["App".into()], place);
        let (_, naming) = shapes.finish();
        assert_eq!(naming.rewrite(reference), json!({"$ref": "#/components/schemas/Apps"}));
        // Elsewhere, with no record, the same shape would be named after its component.
        let mut shapes = Shapes::new(TypeNames { names: recorded.names, ..Default::default() });
        let reference = shapes.hoist_named(&newer, &["App".into()], place);
        let (_, naming) = shapes.finish();
        assert_eq!(naming.rewrite(reference), json!({"$ref": "#/components/schemas/AppResponse"}));
    }

    /// Measured on the 2026-07-01 upgrade: `IdResult` (secondary DNS deletes) and
    /// `DeleteResult` became one shape upstream, and the first lost its name.
    #[test]
    fn one_shape_recorded_under_two_names_at_its_places_stays_two_types() {
        let (a, b, c) = ("DELETE /zones/{zone_id}/secondary_dns/incoming result", "DELETE /zones/{zone_id}/filters/{filter_id} result", "DELETE /zones/{zone_id}/things/{thing_id} result");
        let places = [(a.to_string(), "IdResult".to_string()), (b.to_string(), "DeleteResult".to_string())].into();
        let mut shapes = Shapes::new(TypeNames { names: [(fingerprint(&role()), "DeleteResult".to_string())].into(), places });
        let refs: Vec<Value> = [a, b, c].iter().map(|place| shapes.hoist_named(&role(), &["X".into()], place)).collect();
        let (components, naming) = shapes.finish();
        let names: Vec<Value> = refs.into_iter().map(|r| naming.rewrite(r)).collect();
        assert_eq!(names, [json!({"$ref": "#/components/schemas/IdResult"}), json!({"$ref": "#/components/schemas/DeleteResult"}), json!({"$ref": "#/components/schemas/DeleteResult"})]);
        assert_eq!(components.len(), 2);
        // The record by shape keeps the name used at the most places.
        assert_eq!(naming.recorded().names, [(fingerprint(&role()), "DeleteResult".to_string())].into());
    }

    #[test]
    fn two_shapes_wanting_one_recorded_name_give_it_to_the_one_recorded_at_more_places() {
        let changed = json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}});
        let [one, two, three] = ["GET /zones/{zone_id}/rules result[]", "GET /zones/{zone_id}/rules/{rule_id} result", "PUT /zones/{zone_id}/rules/{rule_id} result"];
        let places = [one, two, three].iter().map(|p| (p.to_string(), "Rules".to_string())).collect();
        let mut shapes = Shapes::new(TypeNames { names: BTreeMap::new(), places });
        let list = shapes.hoist_named(&role(), &["RuleListItem".into()], one);
        let single = [two, three].map(|place| shapes.hoist_named(&changed, &["RuleGetResult".into()], place));
        let (_, naming) = shapes.finish();
        assert_eq!(naming.rewrite(single[0].clone()), json!({"$ref": "#/components/schemas/Rules"}));
        assert_eq!(naming.rewrite(single[1].clone()), json!({"$ref": "#/components/schemas/Rules"}));
        assert_eq!(naming.rewrite(list), json!({"$ref": "#/components/schemas/RuleListItem"}));
    }

    #[test]
    fn a_different_shape_wanting_a_taken_name_gets_a_numbered_one() {
        let a = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let b = json!({"type": "object", "properties": {"b": {"type": "string"}}});
        let (refs, _, _) = run(TypeNames::default(), &[(&a, "X"), (&b, "X")]);
        assert_eq!(refs[1], json!({"$ref": "#/components/schemas/X2"}));
    }

    #[test]
    fn shapes_that_differ_only_in_docs_are_one_type_keeping_the_docs_they_share() {
        let a = json!({"type": "object", "description": "A thing", "properties": {"id": {"type": "string", "description": "Invite id"}}});
        let b = json!({"type": "object", "description": "A thing", "properties": {"id": {"type": "string", "description": "Record id"}}});
        let (refs, components, _) = run(TypeNames::default(), &[(&a, "A"), (&b, "B")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(refs[1], refs[0]);
        assert_eq!(components.len(), 1);
        assert_eq!(components["A"], json!({"type": "object", "description": "A thing", "properties": {"id": {"type": "string"}}}));
    }

    #[test]
    fn a_shape_is_named_after_its_upstream_schema_then_what_its_places_share() {
        let zone = json!({"type": "object", "x-schema-name": "zones_zone", "properties": {"id": {"type": "string"}}});
        let deleted = json!({"type": "object", "properties": {"count": {"type": "integer"}}});
        let (refs, _, _) = run(TypeNames::default(), &[(&zone, "ZoneGet"), (&deleted, "MemberDeleteResult"), (&deleted, "DnsRecordDeleteResult")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/Zone"}));
        assert_eq!(refs[1], json!({"$ref": "#/components/schemas/DeleteResult"}));
        // Taken by another shape: the upstream name with its namespace.
        let other = json!({"type": "object", "x-schema-name": "dns_zone", "properties": {"name": {"type": "string"}}});
        let (refs, _, _) = run(TypeNames::default(), &[(&zone, "A"), (&zone, "B"), (&other, "C")]);
        assert_eq!(refs[2], json!({"$ref": "#/components/schemas/DnsZone"}));
    }

    #[test]
    fn no_shape_is_named_like_the_prelude_serde_json_or_the_crate_root() {
        // Upstream's `tls-certificates-and-hostnames_value` cleans to `Value`: its namespace is
        // added instead (here `zones_value`, the same shape of name).
        let value = json!({"type": "object", "x-schema-name": "zones_value", "properties": {"a": {"type": "string"}}});
        // A recorded reserved name (from before the rule) is given up, and the shape is named
        // as if it were new.
        let result = json!({"type": "object", "properties": {"b": {"type": "string"}}});
        let recorded = TypeNames { names: [(fingerprint(&result), "Result".to_string())].into(), ..Default::default() };
        let (refs, components, _) = run(recorded, &[(&value, "Setting"), (&result, "Result"), (&result, "ZoneGetResult")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/ZonesValue"}));
        // What it holds, as for any shared shape (`IdResult`).
        assert_eq!(refs[1], json!({"$ref": "#/components/schemas/BResult"}));
        assert!(components.keys().all(|name| !RESERVED_NAMES.contains(&name.as_str())), "{:?}", components.keys());
    }

    /// Upstream names the schemas its tooling inlined by a hash
    /// (`unnamed_schema_ref_70f2c6ccd8a405358ac7ef8fc3d6751c`, a ruleset rule's `logging`): such
    /// a name is no name. The shape is named by its places, as an unnamed one, and a hashed
    /// name recorded before the rule is given up.
    #[test]
    fn a_hashed_upstream_name_names_nothing() {
        let hashed = "unnamed_schema_ref_70f2c6ccd8a405358ac7ef8fc3d6751c";
        let logging = json!({"type": "object", "x-schema-name": hashed, "properties": {"enabled": {"type": "boolean"}, "level": {"type": "string"}}});
        let (refs, components, _) = run(TypeNames::default(), &[(&logging, "BlockRuleLogging"), (&logging, "SkipRuleLogging")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/RuleLogging"}));
        assert_eq!(refs[1], refs[0]);
        assert!(components.keys().all(|name| !names::holds_a_hash(name)), "{:?}", components.keys());

        let place = "GET /zones/{zone_id}/rulesets/{ruleset_id} result.rules[].logging";
        let recorded = TypeNames {
            names: [(fingerprint(&logging), "SchemaRef70f2c6ccd8a405358ac7ef8fc3d6751c".to_string())].into(),
            places: [(place.to_string(), "SchemaRef70f2c6ccd8a405358ac7ef8fc3d6751c".to_string())].into(),
        };
        let mut shapes = Shapes::new(recorded);
        let reference = shapes.hoist_named(&logging, &["RuleLogging".into()], place);
        let (_, naming) = shapes.finish();
        assert_eq!(naming.rewrite(reference), json!({"$ref": "#/components/schemas/RuleLogging"}));
    }

    #[test]
    fn a_recorded_name_saying_the_other_side_is_given_up_once() {
        let toggle = json!({"type": "string", "enum": ["on", "off"]});
        let (sent, read) = ("PATCH /zones/{zone_id}/argo/smart_routing body.value", "GET /zones/{zone_id}/argo/smart_routing result.value");
        let recorded = TypeNames {
            names: [(fingerprint(&toggle), "EditBodyValue".to_string())].into(),
            places: [(sent.to_string(), "EditBodyValue".to_string()), (read.to_string(), "EditBodyValue".to_string())].into(),
        };
        let mut shapes = Shapes::new(recorded);
        shapes.name_sides(&["SmartRoutingEditBody".into()], &["SmartRouting".into()]);
        let references = [shapes.hoist_named(&toggle, &["SmartRoutingEditBodyValue".into()], sent), shapes.hoist_named(&toggle, &["SmartRoutingValue".into()], read)];
        let (_, naming) = shapes.finish();
        for reference in references {
            assert_eq!(naming.rewrite(reference), json!({"$ref": "#/components/schemas/SmartRoutingValue"}));
        }
        // Recorded, the new name stays.
        assert_eq!(naming.recorded().places[sent], "SmartRoutingValue");
    }

    #[test]
    fn a_shared_shape_without_a_common_word_takes_the_shortest_name_of_its_places() {
        let tunnel = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"}, "d": {"type": "string"}}});
        let (refs, _, _) = run(TypeNames::default(), &[(&tunnel, "CfdTunnelCreateResult"), (&tunnel, "CfdTunnel"), (&tunnel, "WarpConnector")]);
        assert_eq!(refs[0], json!({"$ref": "#/components/schemas/CfdTunnel"}));
    }
}

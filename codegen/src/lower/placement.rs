//! Where each named type lives when the API is generated in parts, one per group of the tree
//! (a Cargo feature) and one for the types several groups share.
//!
//! The rule: a type that the calls of one group reach (through their parameters, bodies,
//! answers and the types those hold) lives with that group; a type the calls of two groups
//! or more reach is shared. What a shared type holds is reached by the same calls, so it is
//! shared too: the shared part never needs a group's type. A type moves only when a group
//! starts or stops reaching it, which `cargo xtask check` shows as a diff of the parts.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Components, OpenAPI, Paths, ReferenceOr};
use serde_json::Value;

use super::Lowered;

/// The part of each named type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// Types two groups or more reach.
    pub shared: BTreeSet<String>,
    /// How many groups reach each shared type.
    pub reach: BTreeMap<String, usize>,
    /// Each group's own types: those only its calls reach.
    pub own: BTreeMap<String, BTreeSet<String>>,
    /// The shared types each group's calls reach, which its crate imports.
    pub imported: BTreeMap<String, BTreeSet<String>>,
}

impl Placement {
    /// Places the types of `lowered` by the groups whose calls reach them.
    pub fn of(lowered: &Lowered) -> Placement {
        let reached = reached_by_group(lowered);
        let mut groups_of: BTreeMap<&str, usize> = BTreeMap::new();
        for types in reached.values() {
            for name in types {
                *groups_of.entry(name).or_default() += 1;
            }
        }
        let reach: BTreeMap<String, usize> = groups_of.into_iter().filter(|(_, groups)| *groups > 1).map(|(name, groups)| (name.to_string(), groups)).collect();
        let shared: BTreeSet<String> = reach.keys().cloned().collect();
        let (mut own, mut imported) = (BTreeMap::new(), BTreeMap::new());
        for (group, types) in reached {
            let (theirs, mine): (BTreeSet<String>, BTreeSet<String>) = types.into_iter().partition(|name| shared.contains(name));
            imported.insert(group.clone(), theirs);
            own.insert(group, mine);
        }
        Placement { shared, reach, own, imported }
    }
}

/// The named types the calls of each group reach.
fn reached_by_group(lowered: &Lowered) -> BTreeMap<String, BTreeSet<String>> {
    let holds = lowered.holds();
    let mut roots: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for operation in &lowered.operations {
        roots.entry(operation.feature.clone()).or_default().extend(operation_roots(&lowered.openapi, operation));
    }
    roots.into_iter().map(|(group, roots)| (group, closure(roots, &holds))).collect()
}

/// The names reachable from `roots` through what each named type holds.
fn closure(roots: Vec<String>, holds: &BTreeMap<&str, Vec<String>>) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut pending = roots;
    while let Some(name) = pending.pop() {
        if reached.contains(&name) {
            continue;
        }
        if let Some(held) = holds.get(name.as_str()) {
            pending.extend(held.iter().filter(|n| !reached.contains(*n)).cloned());
        }
        reached.insert(name);
    }
    reached
}

/// The named types an operation holds: in its parameters and body, and in what the lowering
/// keeps beside the document (its answer, its events, its form's parts).
fn operation_roots(openapi: &OpenAPI, operation: &super::Operation) -> Vec<String> {
    let mut roots = references(&operation_value(openapi, &operation.canonical_path, operation.method));
    let mut named = Vec::new();
    if let super::Output::Envelope { result: ty, .. } | super::Output::Json(ty) = &operation.output {
        named.push(ty);
    }
    named.extend(operation.events.as_ref().map(|e| &e.item));
    for part in operation.form.iter().flat_map(|f| &f.parts) {
        if let super::form::PartKind::Json(ty) | super::form::PartKind::Text(ty) = &part.kind {
            named.push(ty);
        }
    }
    for ty in named {
        let mut ty = ty;
        loop {
            match ty {
                super::RustType::Named(name) => {
                    roots.push(name.clone());
                    break;
                }
                super::RustType::Vec(inner) | super::RustType::Map(inner) | super::RustType::Option(inner) => ty = inner,
                _ => break,
            }
        }
    }
    roots
}

/// The operation at `path` and `method` of `openapi`, as JSON (`null` when absent).
fn operation_value(openapi: &OpenAPI, path: &str, method: crate::spec::Method) -> Value {
    let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get(path) else { return Value::Null };
    let item = serde_json::to_value(item).unwrap_or_default();
    item.get(method.as_str()).cloned().unwrap_or(Value::Null)
}

/// The component names `value` refers to (`#/components/schemas/<name>`).
pub(crate) fn references(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(name) = object.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
                    found.push(name.to_string());
                }
                stack.extend(object.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

impl Lowered {
    /// The part of the document one group generates: its calls, and the types they reach
    /// (its own and the shared ones they hold).
    pub fn group_part(&self, group: &str) -> Lowered {
        let operations: Vec<super::Operation> = self.operations.iter().filter(|o| o.feature == group).cloned().collect();
        // In the document's order, as a lowering of the group's tags alone has them.
        let mut paths = Paths::default();
        for (path, item) in &self.openapi.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let taken = |method: crate::spec::Method| operations.iter().any(|o| &o.canonical_path == path && o.method == method);
            if !crate::spec::Method::ALL.into_iter().any(taken) {
                continue;
            }
            let mut item = item.clone();
            for method in crate::spec::Method::ALL.into_iter().filter(|m| !taken(*m)) {
                *crate::generate::operation_slot(&mut item, method) = None;
            }
            paths.paths.insert(path.clone(), ReferenceOr::Item(item));
        }
        let roots: Vec<String> = operations.iter().flat_map(|o| operation_roots(&self.openapi, o)).collect();
        let keep = closure(roots, &self.holds());
        self.with(paths, &keep, operations)
    }

    /// This document without the types no call reaches: the lowering names what the spec
    /// describes, answers' error envelopes included, and a type only those hold (the
    /// recursive messages of an `errors` list) is none a caller meets.
    pub(super) fn without_unreached(self) -> Lowered {
        let roots: Vec<String> = self.operations.iter().flat_map(|o| operation_roots(&self.openapi, o)).collect();
        let keep = closure(roots, &self.holds());
        let paths = self.openapi.paths.clone();
        let operations = self.operations.clone();
        self.with(paths, &keep, operations)
    }

    /// The part of the document the shared types generate from: no calls, and the `shared`
    /// types.
    pub fn shared_part(&self, shared: &BTreeSet<String>) -> Lowered {
        self.with(Paths::default(), shared, Vec::new())
    }

    /// What each named type holds: the types its schema refers to, and a tagged union's
    /// kinds (a request's union holds them beside its schema).
    fn holds(&self) -> BTreeMap<&str, Vec<String>> {
        let schemas = self.openapi.components.as_ref().map(|c| &c.schemas);
        let mut holds: BTreeMap<&str, Vec<String>> = schemas.into_iter().flatten().map(|(name, schema)| (name.as_str(), references(&serde_json::to_value(schema).unwrap_or_default()))).collect();
        for union in &self.tagged_unions {
            holds.entry(union.name.as_str()).or_default().extend(union.variants.iter().map(|v| v.component.clone()));
        }
        holds
    }

    /// This document with only `paths`, the types in `keep` and `operations`.
    fn with(&self, paths: Paths, keep: &BTreeSet<String>, operations: Vec<super::Operation>) -> Lowered {
        let schemas = self.openapi.components.as_ref().map(|c| c.schemas.iter().filter(|(name, _)| keep.contains(*name)).map(|(n, s)| (n.clone(), s.clone())).collect()).unwrap_or_default();
        let openapi = OpenAPI { openapi: self.openapi.openapi.clone(), info: self.openapi.info.clone(), paths, components: Some(Components { schemas, ..Default::default() }), ..Default::default() };
        let tagged_unions = self.tagged_unions.iter().filter(|u| keep.contains(&u.name)).cloned().collect();
        Lowered { openapi, operations, shared_names: self.shared_names.clone(), calls: self.calls.clone(), features: self.features.clone(), tagged_unions }
    }
}

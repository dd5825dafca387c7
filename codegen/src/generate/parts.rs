//! The API generated in parts: each group of the tree alone (its calls and the types only it
//! reaches), and the types several groups share once ([`crate::lower::placement`]).
//!
//! A group is generated from its part of the document, shared types included, so that
//! progenitor and the passes see every type its calls hold; then the shared types leave its
//! code ([`leave_shared_types`]): their definitions, their builders and every impl of theirs
//! that names no type of the group. The shared part is generated from the shared types alone,
//! with what the groups found it must have ([`Needs`]): the builders their requests reach and
//! the answers sent back between shared types. No part is the whole API, so no token stream
//! holds it.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

use super::answers_sent_back::Pair;
use super::snapshot::ApiEntries;
use super::{generate_with, Driver, Generated, MockTree, Snapshot};
use crate::error::Result;
use crate::lower::placement::Placement;
use crate::lower::Lowered;

/// Which part a generation makes.
#[derive(Debug, Clone, Copy, Default)]
pub enum Part<'a> {
    /// The whole document as one.
    #[default]
    Whole,
    /// A group, whose code leaves out these shared types.
    Group { shared: &'a BTreeSet<String> },
    /// The shared types, with what the groups need of them.
    Shared { needs: &'a Needs },
}

impl Part<'_> {
    /// Builders to keep whether or not a request of this part reaches them.
    pub(super) fn builders_wanted(&self) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        match self {
            Part::Shared { needs } => &needs.builders,
            _ => &NONE,
        }
    }

    /// Answers to send back that no call of this part pairs.
    pub(super) fn pairs_wanted(&self) -> &[Pair] {
        match self {
            Part::Shared { needs } => &needs.pairs,
            _ => &[],
        }
    }

    /// Requests of this part that another part makes from its own answers.
    pub(super) fn resent_wanted(&self) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        match self {
            Part::Shared { needs } => &needs.resent,
            _ => &NONE,
        }
    }
}

/// What groups need of the shared types' part.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Needs {
    /// Shared types whose builders a group's requests reach.
    pub builders: BTreeSet<String>,
    /// Requests made from answers where both are shared types.
    pub pairs: Vec<Pair>,
    /// Shared requests a group makes from its own answers: their constructor from an
    /// answer is the shared part's, where their fields are visible.
    pub resent: BTreeSet<String>,
}

impl Needs {
    /// What a group's generated `file` needs of the `shared` types: read before they leave it.
    pub(super) fn of(file: &syn::File, shared: &BTreeSet<String>, sent_back: &[Pair]) -> Needs {
        let types = super::module(&file.items, "types").unwrap_or_default();
        let builders = super::module(types, "builder")
            .unwrap_or_default()
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) if shared.contains(&s.ident.to_string()) => Some(s.ident.to_string()),
                _ => None,
            })
            .collect();
        let pairs = sent_back.iter().filter(|p| shared.contains(&p.request) && shared.contains(&p.answer)).cloned().collect();
        let resent = sent_back.iter().filter(|p| shared.contains(&p.request) && !shared.contains(&p.answer)).map(|p| p.request.clone()).collect();
        Needs { builders, pairs, resent }
    }

    fn extend(&mut self, other: Needs) {
        self.builders.extend(other.builders);
        self.pairs.extend(other.pairs);
        self.pairs.sort();
        self.pairs.dedup();
        self.resent.extend(other.resent);
    }
}

/// The crate of the shared types, as a group's code names it.
pub const SHARED_TYPES_CRATE: &str = "cloudflare_sdk_types";

/// Takes the `shared` types out of a group's `types` module (and the modules in it): their
/// definitions, and the impls for them that name none of the group's own types (an answer of
/// the group sent back as a shared request stays). The group's `types` and `types::builder`
/// then import them from the shared crate ([`SHARED_TYPES_CRATE`]), and its conversion error is
/// the shared crate's, so that every part's builders fail with one type. Returns how many
/// items went.
pub fn leave_shared_types(file: &mut syn::File, shared: &BTreeSet<String>) -> usize {
    let Some(types) = super::module_mut(&mut file.items, "types") else { return 0 };
    let krate = quote::format_ident!("{SHARED_TYPES_CRATE}");
    let own: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .filter(|name| !shared.contains(name))
        .collect();
    let left = leave(types, shared, &own);
    types.retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "error"));
    types.insert(0, syn::parse_quote! { pub use ::#krate::types::error; });
    types.insert(0, syn::parse_quote! { #[allow(unused_imports)] pub use ::#krate::types::*; });
    if let Some(builders) = super::module_mut(types, "builder") {
        builders.insert(0, syn::parse_quote! { #[allow(unused_imports)] pub use ::#krate::types::builder::*; });
    }
    left
}

fn leave(items: &mut Vec<syn::Item>, shared: &BTreeSet<String>, own: &BTreeSet<String>) -> usize {
    let before = items.len();
    items.retain(|item| match item {
        syn::Item::Struct(s) => !shared.contains(&s.ident.to_string()),
        syn::Item::Enum(e) => !shared.contains(&e.ident.to_string()),
        syn::Item::Type(t) => !shared.contains(&t.ident.to_string()),
        syn::Item::Impl(block) => {
            let for_shared = last_ident(&block.self_ty).is_some_and(|name| shared.contains(&name));
            !for_shared || names_any(&block.trait_.as_ref().map(|(_, path, _)| path.to_token_stream()).unwrap_or_default(), own)
        }
        _ => true,
    });
    let mut left = before - items.len();
    for item in items.iter_mut() {
        if let syn::Item::Mod(module) = item {
            if let Some((_, inner)) = &mut module.content {
                left += leave(inner, shared, own);
            }
        }
    }
    left
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Whether `tokens` name any of `names`.
fn names_any(tokens: &proc_macro2::TokenStream, names: &BTreeSet<String>) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => names.contains(&ident.to_string()),
        proc_macro2::TokenTree::Group(group) => names_any(&group.stream(), names),
        _ => false,
    })
}

/// Every part's generation.
#[derive(Debug, Clone)]
pub struct Parts {
    /// Each group's, by feature.
    pub groups: BTreeMap<String, Generated>,
    /// The shared types'.
    pub shared: Generated,
    /// The snapshot of the whole (`generated/api.txt`), when asked for.
    pub api: Option<String>,
    /// What the groups found the shared part must have.
    pub needs: Needs,
}

impl Parts {
    /// Public types over all parts.
    pub fn type_count(&self) -> usize {
        self.shared.type_count + self.groups.values().map(|g| g.type_count).sum::<usize>()
    }

    /// Generated lines over all parts.
    pub fn line_count(&self) -> usize {
        self.shared.line_count() + self.groups.values().map(Generated::line_count).sum::<usize>()
    }
}

/// Generates `lowered` in parts as `placement` places its types: the groups on as many
/// threads as there are cores (each part alone is small, the largest first), then the shared
/// types.
pub fn generate_parts(lowered: &Lowered, placement: &Placement, render: Snapshot) -> Result<Parts> {
    let spec_index: BTreeMap<&str, usize> = lowered.operations.iter().enumerate().map(|(i, o)| (o.operation_id.as_str(), i)).collect();
    // The largest groups first, so that no core is left with a large one at the end.
    let mut order: Vec<&String> = placement.own.keys().collect();
    let mut size: BTreeMap<&str, usize> = BTreeMap::new();
    for operation in &lowered.operations {
        *size.entry(operation.feature.as_str()).or_default() += 1;
    }
    order.sort_by_key(|group| (std::cmp::Reverse(size.get(group.as_str()).copied().unwrap_or_default()), *group));
    let pending = std::sync::Mutex::new(order.into_iter());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(placement.own.len().max(1));
    let generate_group = |group: &String| -> Result<(Generated, Option<ApiEntries>)> {
        let part = lowered.group_part(group);
        let mut generated = generate_with(&part, render, Driver::Skip, MockTree::Skip, Part::Group { shared: &placement.shared })?;
        let mut entries = generated.api_entries.take();
        // Forms are ordered by their operation's place in the whole spec.
        for ((index, _), _) in entries.iter_mut().flat_map(|e| &mut e.forms) {
            if let Some(operation) = part.operations.get(*index) {
                *index = spec_index[operation.operation_id.as_str()];
            }
        }
        Ok((generated, entries))
    };
    /// A group's generation and its snapshot entries.
    type Done = (String, Generated, Option<ApiEntries>);
    let done: Vec<Result<Vec<Done>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(group) = pending.lock().map(|mut p| p.next()).unwrap_or(None) {
                        let (generated, entries) = generate_group(group)?;
                        done.push((group.clone(), generated, entries));
                    }
                    Ok(done)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err(crate::error::Error::Generate { operation: "(a group)".into(), message: "generation panicked".into() }))).collect()
    });
    let mut groups = BTreeMap::new();
    let mut needs = Needs::default();
    let mut entries = Vec::new();
    for (group, mut generated, group_entries) in done.into_iter().collect::<Result<Vec<_>>>()?.into_iter().flatten() {
        needs.extend(std::mem::take(&mut generated.needs));
        entries.extend(group_entries);
        groups.insert(group, generated);
    }
    let mut shared = generate_with(&lowered.shared_part(&placement.shared), render, Driver::Skip, MockTree::Skip, Part::Shared { needs: &needs })?;
    entries.extend(shared.api_entries.take());
    let api = (render == Snapshot::Render).then(|| ApiEntries::merge(entries).render());
    Ok(Parts { groups, shared, api, needs })
}

/// Generates one group alone, as its crate's build script does: `lowered` is the lowering of
/// the group's tags, and `shared` the shared types it reaches, which leave its code.
pub fn generate_group(lowered: &Lowered, shared: &BTreeSet<String>) -> Result<Generated> {
    generate_with(lowered, Snapshot::Skip, Driver::Skip, MockTree::Skip, Part::Group { shared })
}

/// What the shared types' crate generates from (`types/spec/shared-types.json`): the shared
/// types' part of the lowered document and what the groups need of it. Deriving it takes the
/// whole API (which groups reach a type, what their code needs), so `cargo xtask generate`
/// writes it and the crate's build script reads it, never the whole `spec/`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SharedSpec {
    /// The shared types, as components of an OpenAPI document with no paths.
    pub openapi: openapiv3::OpenAPI,
    /// The discriminated unions among them.
    pub tagged_unions: Vec<crate::lower::tagged::TaggedUnion>,
    pub needs: Needs,
}

impl SharedSpec {
    /// The shared part of `lowered` as `placement` places it, with the `needs` the groups found.
    pub fn of(lowered: &Lowered, placement: &Placement, needs: &Needs) -> SharedSpec {
        let part = lowered.shared_part(&placement.shared);
        SharedSpec { openapi: part.openapi, tagged_unions: part.tagged_unions, needs: needs.clone() }
    }

    /// The file's text: pretty JSON, so that a review reads a change of a shared type as a diff.
    pub fn render(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map(|mut text| {
                text.push('\n');
                text
            })
            .map_err(|e| crate::error::Error::Generate { operation: "(shared types)".into(), message: e.to_string() })
    }

    /// Reads the file's text; `path` names it in the error.
    pub fn parse(path: &std::path::Path, text: &str) -> Result<SharedSpec> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| crate::Diagnostic::new(path, e.path().to_string(), e.inner().to_string()).into())
    }

    /// Generates the shared types' code, as the parts' generation does.
    pub fn generate(&self) -> Result<Generated> {
        let lowered = Lowered { openapi: self.openapi.clone(), tagged_unions: self.tagged_unions.clone(), ..Lowered::default() };
        generate_with(&lowered, Snapshot::Skip, Driver::Skip, MockTree::Skip, Part::Shared { needs: &self.needs })
    }
}

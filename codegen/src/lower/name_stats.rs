//! Figures of the names a lowering gives, for `cargo xtask stats` and the naming tests.

use std::collections::BTreeSet;

use super::{names, Lowered, Output, RustType};

#[derive(Debug, Clone, PartialEq)]
pub struct NameStats {
    pub operations: usize,
    pub unique_calls: usize,
    /// Mean length of the verb a call ends in (`list`, `purge_cache`).
    pub mean_verb_length: f64,
    /// Median length of the names of all generated types (components).
    pub median_type_name_length: f64,
    pub type_count: usize,
    /// Operations returning a named type, and how many of those types start with the Pascal
    /// case of an operation id (the old naming).
    pub named_returns: usize,
    pub returns_named_after_operation_ids: usize,
}

impl NameStats {
    pub fn of(lowered: &Lowered) -> NameStats {
        let operations = lowered.operations.len();
        let unique_calls = lowered.operations.iter().map(|o| o.call.to_string()).collect::<BTreeSet<_>>().len();
        let verbs: Vec<usize> = lowered.operations.iter().map(|o| o.call.verb().name.len()).collect();
        let mean_verb_length = verbs.iter().sum::<usize>() as f64 / verbs.len().max(1) as f64;
        let mut lengths: Vec<usize> = lowered.openapi.components.iter().flat_map(|c| c.schemas.keys()).map(String::len).collect();
        lengths.sort_unstable();
        let median_type_name_length = match lengths.len() {
            0 => 0.0,
            n if n % 2 == 1 => lengths[n / 2] as f64,
            n => (lengths[n / 2 - 1] + lengths[n / 2]) as f64 / 2.0,
        };
        let ids: Vec<String> = lowered.operations.iter().map(|o| names::pascal(&o.operation_id)).collect();
        let returned: Vec<&str> = lowered.operations.iter().filter_map(|o| named(&o.output)).collect();
        let after_ids = returned.iter().filter(|name| ids.iter().any(|id| name.starts_with(id.as_str()))).count();
        NameStats { operations, unique_calls, mean_verb_length, median_type_name_length, type_count: lengths.len(), named_returns: returned.len(), returns_named_after_operation_ids: after_ids }
    }
}

fn named(output: &Output) -> Option<&str> {
    let (Output::Envelope { result: ty, .. } | Output::Json(ty)) = output else { return None };
    match ty {
        RustType::Named(name) => Some(name),
        RustType::Vec(inner) | RustType::Option(inner) => match &**inner {
            RustType::Named(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

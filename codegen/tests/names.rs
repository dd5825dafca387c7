//! The names users see, over the whole spec: the resource tree is unique and short, types are
//! named after what they are, and a newer upstream document (renamed operation ids and path
//! parameters, operations added and dropped) renames almost nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cloudflare_sdk_codegen::lower::{self, Lowered, Output, Recorded, RustType};
use cloudflare_sdk_codegen::spec::{self, Spec, TagFilter};
use common::*;

fn repo_recorded() -> Recorded {
    cloudflare_sdk_codegen::read_recorded(&repo_spec().join("..")).unwrap()
}

fn whole_spec() -> Spec {
    spec::load_dir(&repo_spec(), &TagFilter::All).unwrap()
}

/// The type a call returns, by name, when it is a named one.
fn returned_type(output: &Output) -> Option<&str> {
    let ty = match output {
        Output::Envelope { result, .. } => result,
        Output::Json(ty) => ty,
        _ => return None,
    };
    match ty {
        RustType::Named(name) => Some(name),
        RustType::Vec(inner) | RustType::Option(inner) => match &**inner {
            RustType::Named(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// What `cargo xtask stats` reports too; the targets of the resource-tree design.
#[test]
fn the_whole_spec_meets_the_naming_targets() {
    let lowered = lower::lower(&whole_spec(), &repo_recorded()).unwrap();
    let stats = lower::NameStats::of(&lowered);
    assert_eq!(stats.operations, 3225);
    assert_eq!(stats.unique_calls, stats.operations, "every operation has its own call");
    assert!(stats.mean_verb_length <= 12.0, "{stats:?}");
    assert!(stats.median_type_name_length <= 24.0, "{stats:?}");
    assert!(stats.returns_named_after_operation_ids * 20 <= stats.named_returns, "{stats:?}");
    // Types fit their place (`names::fits`): at least 97% of the types calls return, no hash.
    assert!(stats.returns_sharing_a_domain_word * 100 >= stats.named_returns * 97, "{:?}", stats.misfit_returns);
    assert!(stats.hashed_names.is_empty(), "{:?}", stats.hashed_names);
    // What several groups share is a small part of the types (the crate a split would give
    // them): 207 of 6,176 with the 2026-07-01 API.
    assert!(stats.shared_types.len() * 20 <= stats.type_count, "{} shared of {}", stats.shared_types.len(), stats.type_count);
    // Request bodies by the same rule, every one.
    assert!(stats.bodies > 1000 && stats.misfit_bodies.is_empty(), "{} bodies: {:?}", stats.bodies, stats.misfit_bodies);
    // No answer's type named after a request body, nor the reverse (`shapes::Side`).
    assert!(stats.answers_named_as_bodies.is_empty(), "{:?}", stats.answers_named_as_bodies);
    assert!(stats.requests_named_as_results.is_empty(), "{:?}", stats.requests_named_as_results);
    // The examples the design starts from.
    let call = |id: &str| lowered.operations.iter().find(|o| o.operation_id == id).unwrap().call.to_string();
    assert_eq!(call("dns-records-for-a-zone-list-dns-records"), "zone(zone_id).dns_records().list()");
    assert_eq!(call("dns-records-for-a-zone-dns-record-details"), "zone(zone_id).dns_records().get(dns_record_id)");
    assert_eq!(call("zone-purge"), "zone(zone_id).purge_cache()");
    assert_eq!(call("zones-get"), "zones().list()");
    assert_eq!(call("zones-0-get"), "zones().get(zone_id)");
    let returns = |id: &str| returned_type(&lowered.operations.iter().find(|o| o.operation_id == id).unwrap().output).map(str::to_string);
    assert_eq!(returns("dns-records-for-a-zone-list-dns-records").as_deref(), Some("DnsRecord"));
    assert_eq!(returns("zones-0-get").as_deref(), Some("Zone"));
}

/// A "newer" upstream made from the spec: every tenth operation id renamed, the path
/// parameters of every tenth other operation renamed, one in twenty dropped, one in twenty
/// with a new sibling operation.
fn newer(spec: &Spec) -> Spec {
    let mut endpoints = Vec::new();
    for (i, endpoint) in spec.endpoints.iter().enumerate() {
        if i % 20 == 7 {
            continue;
        }
        let mut e = endpoint.clone();
        if i % 10 == 0 {
            e.operation_id = format!("{}-renamed", e.operation_id);
        }
        if i % 10 == 3 {
            for parameter in e.parameters.iter_mut().filter(|p| p.location == spec::ParameterLocation::Path) {
                let renamed = format!("{}_renamed", parameter.name);
                e.path = e.path.replace(&format!("{{{}}}", parameter.name), &format!("{{{renamed}}}"));
                parameter.name = renamed;
            }
        }
        if i % 20 == 11 {
            let mut added = e.clone();
            added.operation_id = format!("{}-added", e.operation_id);
            added.path = format!("{}/added_things", e.path);
            endpoints.push(added);
        }
        endpoints.push(e);
    }
    Spec { endpoints }
}

#[test]
fn a_newer_upstream_renames_almost_no_call_and_no_type() {
    let current = whole_spec();
    let recorded = repo_recorded();
    let before = lower::lower(&current, &recorded).unwrap();
    let after = lower::lower(&newer(&current), &Recorded { types: before.shared_names.clone(), calls: before.calls.clone(), features: before.features.clone() }).unwrap();

    let by_route = |lowered: &Lowered| -> BTreeMap<(String, String), (String, Option<String>)> {
        lowered.operations.iter().map(|o| ((o.method.to_string(), o.canonical_path.clone()), (o.call.to_string(), returned_type(&o.output).map(str::to_string)))).collect()
    };
    let (old, new) = (by_route(&before), by_route(&after));
    let kept: Vec<_> = old.keys().filter(|k| new.contains_key(*k)).collect();
    assert!(kept.len() > 1200, "{} routes kept", kept.len());
    let same_calls = kept.iter().filter(|k| old[**k].0 == new[**k].0).count();
    let typed: Vec<_> = kept.iter().filter(|k| old[**k].1.is_some()).collect();
    let same_types = typed.iter().filter(|k| old[***k].1 == new[***k].1).count();
    assert!(same_calls * 100 >= kept.len() * 99, "{same_calls} of {} calls unchanged", kept.len());
    assert!(same_types * 100 >= typed.len() * 95, "{same_types} of {} return types unchanged", typed.len());
    // The renamed operations are among those: their ids are not part of any name.
    let renamed_ids: BTreeSet<&str> = after.operations.iter().map(|o| o.operation_id.as_str()).filter(|id| id.ends_with("-renamed")).collect();
    assert!(renamed_ids.len() > 100);
}

#[test]
fn without_the_record_the_rule_alone_keeps_calls_too() {
    // The calls follow from methods and paths, so even unrecorded the renames change none.
    let current = whole_spec();
    let before = lower::lower(&current, &Recorded::default()).unwrap();
    let after = lower::lower(&newer(&current), &Recorded::default()).unwrap();
    let calls = |l: &Lowered| l.operations.iter().map(|o| ((o.method.to_string(), o.canonical_path.clone()), o.call.to_string())).collect::<BTreeMap<_, _>>();
    let (old, new) = (calls(&before), calls(&after));
    let kept: Vec<_> = old.keys().filter(|k| new.contains_key(*k)).collect();
    let same = kept.iter().filter(|k| old[**k] == new[**k]).count();
    assert!(same * 100 >= kept.len() * 97, "{same} of {} calls unchanged", kept.len());
}

//! The seed operation through the whole pipeline.

mod common;

use std::path::Path;

use cloudflare_sdk_codegen::lower::{Output, RustType};
use cloudflare_sdk_codegen::{spec, TagFilter};
use common::*;

fn seed_tag() -> TagFilter {
    TagFilter::Only([SEED_TAG_DIR.to_string()].into())
}

#[test]
fn the_seed_record_and_its_spec_file_are_the_same_data() {
    let from_record = spec::parse_record(Path::new("seed.txt"), &seed_record()).expect("record parses");
    let mut from_yaml = spec::parse_file(Path::new("seed.yaml"), &seed_yaml()).expect("spec file parses");
    // The upstream document adds what the record form does not carry.
    assert_eq!(from_yaml.summary.as_deref(), Some("List Invitations"));
    assert!(from_yaml.deprecated && from_yaml.deprecation.is_some());
    (from_yaml.summary, from_yaml.deprecated, from_yaml.deprecation) = (None, false, None);
    // And the names of the schemas it resolved, which the record form does not carry.
    let mut unnamed = serde_json::to_value(&from_yaml).unwrap();
    strip_schema_names(&mut unnamed);
    assert_ne!(unnamed, serde_json::to_value(&from_yaml).unwrap(), "the spec file names its schemas");
    assert_eq!(serde_json::to_value(&from_record).unwrap(), unnamed);
    assert_eq!(from_yaml.required_permissions, vec!["#organization:read"]);
    let plans = from_yaml.plan_availability.unwrap();
    assert!(plans.enterprise && !plans.free && !plans.pro && !plans.business);
    // And the spec file is in the canonical form the importer writes.
    assert_eq!(spec::canonical_yaml(&spec::parse_file(Path::new("seed.yaml"), &seed_yaml()).unwrap()).unwrap(), seed_yaml());
}

#[test]
fn the_seed_lowers_to_an_envelope_with_a_list_of_named_items() {
    let pipeline = cloudflare_sdk_codegen::run(&repo_spec(), &seed_tag(), &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).expect("pipeline runs");
    let seed = pipeline.lowered.operations.iter().find(|o| o.operation_id == SEED_ID).unwrap();
    assert_eq!(
        seed.output,
        Output::Envelope {
            // Named after the upstream schema (`organization-invites_invite`), not the call.
            result: RustType::Vec(Box::new(RustType::Named("Invite".into()))),
            paginated: true
        }
    );
    let code = &pipeline.generated.code;
    assert!(code.contains("pub struct Invite "));
    assert!(code.contains("pub fn send_raw("));
    // Every wait is in the runtime: no state machine per operation.
    assert_eq!(code.matches("async fn").count(), 0, "{code}");
    // The runtime is handed the operation's metadata, and its client is the runtime's.
    let compact: String = code.split_whitespace().collect();
    assert!(compact.contains("crate::rt::hooks::send_through_hooks(self.client,self,Self::http_request,&super::operations::ORGANIZATION_INVITES_LIST_INVITATIONS,)"), "{code}");
    assert!(code.starts_with("pub use crate::Client;") && !code.contains("pub struct Client"), "{code}");
    assert!(code.contains("crate::rt::decode::envelope_list::<"));
}

#[test]
fn the_failure_schema_gets_no_generated_type() {
    // The 4xx schema is allOf[success envelope, failure envelope]; the runtime decodes every
    // failure into one hand-written type, so no type may be generated for it.
    let dir = spec_dir(&[(&seed_file_name(), &seed_yaml())]);
    let pipeline = cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).unwrap();
    let components = &pipeline.lowered.openapi.components.as_ref().unwrap().schemas;
    // The invite, its status (an enum) and its role; nothing of the failure.
    assert_eq!(components.keys().collect::<Vec<_>>(), vec!["Invite", "InviteStatus", "Role"]);
}

#[test]
fn generation_is_deterministic() {
    let first = cloudflare_sdk_codegen::run(&repo_spec(), &seed_tag(), &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).unwrap().generated.code;
    let second = cloudflare_sdk_codegen::run(&repo_spec(), &seed_tag(), &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).unwrap().generated.code;
    assert_eq!(first, second);
}

#[test]
fn a_malformed_spec_file_names_the_file_and_the_field() {
    let dir = spec_dir(&[(&seed_file_name(), &seed_with("  in: path\n", "  in: body\n"))]);
    let err = cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains(&seed_file_name()), "{shown}");
    assert!(shown.contains("parameters[0].in"), "{shown}");
    assert!(shown.contains("body"), "{shown}");
}

#[test]
fn the_conformance_driver_is_generated_only_when_asked_and_calls_the_builders() {
    let run = |driver| {
        let parts = cloudflare_sdk_codegen::Parts { conformance_driver: driver, mock: false };
        cloudflare_sdk_codegen::run_with(&repo_spec(), &seed_tag(), &Default::default(), cloudflare_sdk_codegen::Snapshot::Skip, parts).unwrap().generated.code
    };
    let without = run(false);
    assert!(!without.contains("pub mod driver"));
    let with = run(true);
    assert!(with.starts_with(&without[..without.len() / 2]), "the driver only adds to the client");
    let driver = &with[with.find("pub mod driver").expect("driver module")..];
    // The seed call: its builder, its one required parameter with the spec's example, typed.
    let call = &driver[driver.find("fn organization_invites_list(").expect("seed call")..];
    let call = &call[..call.find("\n    }\n").unwrap_or(call.len())];
    // Compared without white space: prettyplease breaks these lines.
    let compact: String = call.split_whitespace().collect();
    // Through the resource tree, as a user writes it.
    assert!(compact.contains("client.organization(crate::rt::driver::text("), "{call}");
    assert!(compact.contains(".invites().list().http_request()"), "{call}");
    assert!(call.contains("023e105f4ecef8ad9ca31a8372d0c353"), "{call}");
    // Its row: the metadata, and the decoder its `send` reads a list of invites with. No
    // `async` code of its own: the runtime sends every row.
    let compact_driver: String = driver.split_whitespace().collect();
    assert!(
        compact_driver.contains("operation:&super::operations::ORGANIZATION_INVITES_LIST_INVITATIONS,build:organization_invites_list,decode:crate::rt::driver::decode::list::<types::Invite>"),
        "{driver}"
    );
    assert!(!driver.contains("async"), "{driver}");
}

fn strip_schema_names(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove(spec::SCHEMA_NAME);
            map.values_mut().for_each(strip_schema_names);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_schema_names),
        _ => {}
    }
}

/// Each handle's methods (verbs and children) in the inline module `name`, by handle.
fn tree_methods(file: &syn::File, module: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let items = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == module => m.content.as_ref().map(|(_, items)| items.clone()),
        _ => None,
    });
    let mut out = std::collections::BTreeMap::new();
    for item in items.unwrap_or_default() {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(ty) = &*block.self_ty else { continue };
        let methods = block.items.iter().filter_map(|m| match m {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        });
        out.insert(ty.path.segments.last().unwrap().ident.to_string(), methods.collect());
    }
    out
}

#[test]
fn the_mock_tree_has_every_handle_and_verb_of_the_client_tree_and_only_when_asked() {
    let tags = TagFilter::Only([SEED_TAG_DIR.to_string(), "dns-records-for-a-zone".into(), "workers-kv-namespace".into()].into());
    let run = |mock| {
        let parts = cloudflare_sdk_codegen::Parts { conformance_driver: false, mock };
        cloudflare_sdk_codegen::run_with(&repo_spec(), &tags, &Default::default(), cloudflare_sdk_codegen::Snapshot::Skip, parts).unwrap().generated.code
    };
    let without = run(false);
    assert!(!without.contains("mock_resources"));
    let with = syn::parse_file(&run(true)).unwrap();
    let (client, mock) = (tree_methods(&with, "resources"), tree_methods(&with, "mock_resources"));
    assert!(client.len() > 10, "{client:?}");
    assert_eq!(client, mock);
    // The roots: each tree method of the client has its mock.
    let root = |name: &str| -> Vec<String> {
        with.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(block) if block.trait_.is_none() && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().unwrap().ident == name) => Some(block),
                _ => None,
            })
            .flat_map(|block| block.items.iter().filter_map(|m| if let syn::ImplItem::Fn(f) = m { Some(f.sig.ident.to_string()) } else { None }))
            .collect()
    };
    let (client_root, mut mock_root) = (root("Client"), root("MockCloudflare"));
    // The mock's own constructor, handed this build's operations.
    mock_root.retain(|m| m != "start");
    assert!(["organization", "zone", "account"].iter().all(|m| mock_root.contains(&m.to_string())), "{mock_root:?}");
    assert!(mock_root.iter().all(|m| client_root.contains(m)), "{mock_root:?} / {client_root:?}");
}

//! Tag features are additive: the code generated for a tag is the same whether or not other
//! tags are enabled, shared shapes included; and names do not move when operations are added.

use std::collections::BTreeSet;
use std::path::Path;

use cloudflare_sdk_codegen::{Driver, MockTree, Recorded, Snapshot, TagFilter};
use quote::ToTokens;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn recorded_names() -> Recorded {
    cloudflare_sdk_codegen::read_recorded(repo()).unwrap()
}

fn generate(tags: &[&str]) -> String {
    let filter = TagFilter::Only(tags.iter().map(|t| t.to_string()).collect());
    cloudflare_sdk_codegen::run(&repo().join("spec"), &filter, &recorded_names(), Snapshot::Skip).unwrap().generated.code
}

/// Every generated item as text, with the items that list all operations (the `Client`
/// impl, `operations::ALL`, the lookup functions) split into one entry per operation.
fn items(code: &str) -> BTreeSet<String> {
    let file = syn::parse_file(code).unwrap();
    let mut out = BTreeSet::new();
    collect(&file.items, "", &mut out);
    out
}

fn collect(items: &[syn::Item], module: &str, out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, &format!("{module}{}::", m.ident), out);
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() && block.self_ty.to_token_stream().to_string() == "Client" => {
                for f in &block.items {
                    out.insert(format!("{module}impl Client {}", f.to_token_stream()));
                }
            }
            syn::Item::Const(c) if module == "operations::" && c.ident == "ALL" => {}
            syn::Item::Fn(f) if module == "operations::" => {
                let _ = f;
            }
            other => {
                out.insert(format!("{module}{}", other.to_token_stream()));
            }
        }
    }
}

fn types_of(code: &str) -> BTreeSet<String> {
    items(code).into_iter().filter(|i| i.starts_with("types::") && (i.contains("pub struct") || i.contains("pub enum"))).collect()
}

#[test]
fn a_tag_generates_the_same_code_alone_and_with_others() {
    // The account-level and zone-level Access tags share most of their shapes; the seed's tag
    // shares some with the organization tags.
    for (a, b) in [("access-groups", "zone-level-access-groups"), ("organization-invites", "user-s-invites")] {
        let alone_a = generate(&[a]);
        let alone_b = generate(&[b]);
        let together = generate(&[a, b]);
        let shared: BTreeSet<_> = types_of(&alone_a).intersection(&types_of(&alone_b)).cloned().collect();
        assert!(!shared.is_empty(), "{a} and {b} share no type; pick tags that do");

        let all = items(&together);
        for (tag, alone) in [(a, &alone_a), (b, &alone_b)] {
            let missing: Vec<_> = items(alone).difference(&all).take(3).cloned().collect();
            assert!(missing.is_empty(), "{tag} alone generates items that differ with both enabled:\n{missing:#?}");
        }
        // Shared types are generated once.
        let count = |code: &str| types_of(code).len();
        assert_eq!(count(&together), count(&alone_a) + count(&alone_b) - shared.len());
    }
}

#[test]
fn importing_a_new_operation_renames_no_existing_type() {
    let dir = tempfile::tempdir().unwrap();
    let tag = dir.path().join("spec/organization-invites");
    std::fs::create_dir_all(&tag).unwrap();
    // Without upstream schema names, so that types are named after where they are met.
    let seed: String = std::fs::read_to_string(repo().join("spec/organization-invites/organization-invites-list-invitations.yaml"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("x-schema-name:"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(tag.join("organization-invites-list-invitations.yaml"), &seed).unwrap();

    let run = |names: &Recorded| cloudflare_sdk_codegen::run(&dir.path().join("spec"), &TagFilter::All, names, Snapshot::Render).unwrap();
    let before = run(&Recorded::default());
    let recorded = Recorded { types: before.lowered.shared_names.clone(), calls: before.lowered.calls.clone(), features: before.lowered.features.clone() };

    // A new operation that returns the same shapes under a shorter name (`Inv`): the rule
    // alone would name the shared shapes after it, but the recorded names hold (and fit the
    // new call, whose path has `invites`).
    let copy = seed.replace("operation_id: organization-invites-list-invitations", "operation_id: aaa-list-invitations-again").replace("/invites\n", "/invites/inv\n");
    std::fs::write(tag.join("aaa-list-invitations-again.yaml"), copy).unwrap();
    let after = run(&recorded);

    let before_types = types_of(&before.generated.code);
    let after_types = types_of(&after.generated.code);
    assert!(before_types.is_subset(&after_types), "renamed: {:#?}", before_types.difference(&after_types).collect::<Vec<_>>());
    assert_eq!(before_types, after_types, "the new operation reuses the existing types");
    let returns = |api: &str, call: &str| api.lines().find(|l| l.starts_with(call)).and_then(|l| l.split(" -> ").nth(1)).map(|r| r.split("  #").next().unwrap().to_string());
    let api = after.generated.api.as_deref().unwrap();
    let old = returns(api, "organization(organization_id).invites().list()").expect("the old call");
    assert_eq!(returns(api, "organization(organization_id).invites().inv().list()").as_deref(), Some(old.as_str()), "{api}");

    // Without the record, the same import would rename them: the test shows the record matters.
    let unrecorded = run(&Recorded::default());
    assert_ne!(types_of(&unrecorded.generated.code), before_types);
}

#[test]
fn upstream_schema_names_name_types_whatever_the_operation() {
    // The seed's invitations are the document's `organization-invites_invite` (or similar):
    // named after the schema, not the call, so renaming the call renames no type.
    let code = generate(&["organization-invites"]);
    let names: Vec<String> = types_of(&code).iter().filter_map(|t| t.split("pub struct ").nth(1)).map(|t| t.split(' ').next().unwrap().to_string()).collect();
    assert!(names.iter().any(|n| n == "Invite"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("OrganizationInvites")), "types named after the operation id: {names:?}");
}

/// The types each part's code defines (`pub struct`/`pub enum` in its `types` module).
fn defined_types(code: &str) -> BTreeSet<String> {
    let file = syn::parse_file(code).unwrap();
    let types = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items.clone()),
        _ => None,
    });
    types
        .unwrap_or_default()
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_api_generated_in_parts_is_the_api_generated_whole_with_each_shared_type_defined_once() {
    // Two groups that share the invitation's shapes, and two that share the zone's.
    let tags = ["organization-invites", "user-s-invites", "dns-records-for-a-zone", "zone"];
    let filter = TagFilter::Only(tags.iter().map(|t| t.to_string()).collect());
    let whole = cloudflare_sdk_codegen::run(&repo().join("spec"), &filter, &recorded_names(), Snapshot::Render).unwrap();
    let in_parts = cloudflare_sdk_codegen::run_in_parts(&repo().join("spec"), &filter, &recorded_names(), Snapshot::Render).unwrap();
    assert_eq!(in_parts.parts.api, whole.generated.api, "the snapshot of the parts differs from the whole's");

    let placement = &in_parts.placement;
    assert_eq!(placement.own.keys().map(String::as_str).collect::<Vec<_>>(), ["dns-records", "invites", "organizations", "zones"]);
    assert!(!placement.shared.is_empty(), "these groups share no type; pick groups that do");
    let shared_code = defined_types(&in_parts.parts.shared.code);
    assert_eq!(shared_code.iter().collect::<Vec<_>>(), placement.shared.iter().collect::<Vec<_>>(), "the shared part defines exactly the shared types");
    for (group, generated) in &in_parts.parts.groups {
        let defined = defined_types(&generated.code);
        let twice: Vec<_> = defined.intersection(&placement.shared).collect();
        assert!(twice.is_empty(), "{group} defines shared types: {twice:?}");
        assert_eq!(defined, placement.own[group], "{group} defines its own types");
        // ... and takes the shared ones, and their conversion error, from the shared crate.
        let file = syn::parse_file(&generated.code).unwrap();
        let types = file.items.iter().find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items.clone()),
            _ => None,
        });
        let imports: Vec<String> = types.unwrap_or_default().iter().filter(|i| matches!(i, syn::Item::Use(_) | syn::Item::Mod(_))).map(|i| i.to_token_stream().to_string()).collect();
        assert!(imports.iter().any(|i| i.contains("pub use :: cloudflare_sdk_types :: types :: *")), "{group}: {imports:?}");
        assert!(imports.iter().any(|i| i == "pub use :: cloudflare_sdk_types :: types :: error ;"), "{group}: {imports:?}");
        assert!(!imports.iter().any(|i| i.starts_with("pub mod error")), "{group} defines a conversion error of its own");
        assert!(!generated.code.contains("pub mod resources"), "{group} holds a branch of the tree");
    }
    // Every type the whole generates is in one part.
    let whole_types = defined_types(&whole.generated.code);
    let in_any: BTreeSet<String> = in_parts.parts.groups.values().flat_map(|g| defined_types(&g.code)).chain(shared_code).collect();
    assert_eq!(in_any, whole_types);
}

#[test]
fn each_crate_of_the_family_generates_from_its_own_files_what_the_generation_in_parts_made() {
    // Four groups, two pairs of which share types.
    let tags = ["organization-invites", "user-s-invites", "dns-records-for-a-zone", "zone"];
    let filter = TagFilter::Only(tags.iter().map(|t| t.to_string()).collect());
    let in_parts = cloudflare_sdk_codegen::run_in_parts(&repo().join("spec"), &filter, &recorded_names(), Snapshot::Skip).unwrap();
    let files = cloudflare_sdk_codegen::crates::expected_files(&in_parts).unwrap();
    let file = |path: &str| files.iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("no {path} among the crates' files"));

    // A group's build script: its tags' folders (linked), the recorded names, and the shared
    // types its list names.
    for (group, generated) in &in_parts.parts.groups {
        let dir = format!("groups/{group}");
        let group_tags: Vec<String> = in_parts.lowered.operations.iter().filter(|o| &o.feature == group).map(|o| o.tag_slug.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        for tag in &group_tags {
            assert_eq!(file(&format!("{dir}/spec/{tag}")).link.as_deref(), Some(Path::new(&format!("../../../spec/{tag}"))));
        }
        let shared = cloudflare_sdk_codegen::crates::parse_shared_types(&file(&format!("{dir}/generated/shared-types.txt")).contents);
        assert_eq!(shared, in_parts.placement.imported[group], "{group}'s list of shared types");
        let spec = cloudflare_sdk_codegen::spec::load_dir(&repo().join("spec"), &TagFilter::Only(group_tags.into_iter().collect())).unwrap();
        let lowered = cloudflare_sdk_codegen::lower::lower(&spec, &recorded_names()).unwrap();
        let alone = cloudflare_sdk_codegen::generate::parts::generate_group(&lowered, &shared).unwrap();
        let differ = alone.code.lines().zip(generated.code.lines()).find(|(a, b)| a != b);
        assert!(alone.code == generated.code, "{group}'s crate generates other code than the generation in parts: {differ:?}");
        assert!(file(&format!("{dir}/Cargo.toml")).contents.contains(&format!("name = \"cloudflare-sdk-group-{group}\"")));
    }
    // The shared types' build script: its spec file, read back.
    let spec = file("types/spec/shared-types.json");
    let shared = cloudflare_sdk_codegen::generate::parts::SharedSpec::parse(Path::new("shared-types.json"), &spec.contents).unwrap();
    assert!(!shared.openapi.components.as_ref().unwrap().schemas.is_empty());
    assert!(shared.generate().unwrap().code == in_parts.parts.shared.code, "the shared types' crate generates other code than the generation in parts");
}

#[test]
fn a_malformed_shared_types_spec_is_an_error_naming_the_file_and_the_field() {
    let err =
        cloudflare_sdk_codegen::generate::parts::SharedSpec::parse(Path::new("types/spec/shared-types.json"), r#"{"openapi": {"openapi": "3.0.3", "info": {"title": 1}}}"#).unwrap_err().to_string();
    assert!(err.contains("types/spec/shared-types.json") && err.contains("openapi.info.title"), "{err}");
}

/// Copies `from` into `to`, following links, as `cargo package` packs a crate.
fn copy_followed(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        match path.is_dir() {
            true => copy_followed(&path, &target),
            false => drop(std::fs::copy(&path, &target).unwrap()),
        }
    }
}

#[test]
fn a_group_crate_whose_spec_is_malformed_fails_naming_the_file_and_the_field() {
    let packed = tempfile::tempdir().unwrap();
    copy_followed(&repo().join("groups/ips"), packed.path());
    // As packed, the crate generates its calls.
    let code = cloudflare_sdk_codegen::build_script::group_code(packed.path()).unwrap();
    assert!(code.contains("CLOUDFLARE_IPS_CLOUDFLARE_IP_DETAILS"), "{code}");
    let file = packed.path().join("spec/cloudflare-ips/cloudflare-ips-cloudflare-ip-details.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\n  in: query\n"));
    std::fs::write(&file, text.replacen("\n  in: query\n", "\n  in: body\n", 1)).unwrap();
    let err = cloudflare_sdk_codegen::build_script::group_code(packed.path()).unwrap_err();
    assert!(err.contains("spec/cloudflare-ips/cloudflare-ips-cloudflare-ip-details.yaml") && err.contains("parameters[0].in") && err.contains("body"), "{err}");
}

#[test]
fn the_facade_re_exports_each_enabled_groups_crate_at_the_sdks_paths_and_holds_the_one_tree() {
    let tags = ["organization-invites", "user-s-invites", "dns-records-for-a-zone", "zone"];
    let filter = TagFilter::Only(tags.iter().map(|t| t.to_string()).collect());
    let spec = cloudflare_sdk_codegen::spec::load_dir(&repo().join("spec"), &filter).unwrap();
    let lowered = cloudflare_sdk_codegen::lower::lower(&spec, &recorded_names()).unwrap();
    let code = cloudflare_sdk_codegen::generate::facade::generate(&lowered, false).unwrap();
    let file = syn::parse_file(&code).unwrap();
    let module = |items: &[syn::Item], name: &str| -> Vec<syn::Item> {
        items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no module `{name}`"))
    };
    let uses = |items: &[syn::Item]| -> Vec<String> { items.iter().filter(|i| matches!(i, syn::Item::Use(_))).map(|i| i.to_token_stream().to_string()).collect() };
    // Each path a program names re-exports every enabled group's crate, and the types the
    // shared types' crate too; no type or builder is defined here.
    let types = module(&file.items, "types");
    let crates = ["cloudflare_sdk_group_dns_records", "cloudflare_sdk_group_invites", "cloudflare_sdk_group_organizations", "cloudflare_sdk_group_zones"];
    let expected = |path: &str, shared: bool| -> Vec<String> {
        let mut out: Vec<String> = shared.then(|| format!("# [doc (no_inline)] pub use :: cloudflare_sdk_types :: {path} :: * ;")).into_iter().collect();
        out.extend(crates.iter().map(|c| format!("# [doc (no_inline)] pub use :: {c} :: {path} :: * ;")));
        out
    };
    assert_eq!(uses(&types), expected("types", true));
    assert_eq!(uses(&module(&types, "builder")), expected("types :: builder", true));
    assert_eq!(uses(&module(&file.items, "builder")), expected("builder", false));
    assert_eq!(uses(&module(&file.items, "forms")), expected("forms", false));
    for (name, items) in [("types", types.clone()), ("types::builder", module(&types, "builder")), ("builder", module(&file.items, "builder")), ("forms", module(&file.items, "forms"))] {
        let own: Vec<String> = items.iter().filter(|i| !matches!(i, syn::Item::Use(_)) && !matches!(i, syn::Item::Mod(m) if m.ident == "builder")).map(|i| i.to_token_stream().to_string()).collect();
        assert!(own.is_empty(), "`{name}` defines items of its own: {own:?}");
    }
    // `operations::ALL` lists every enabled operation from its group's crate, in the lowering's
    // order, as the whole crate's does; `find` finds each.
    let operations = module(&file.items, "operations").iter().map(|i| i.to_token_stream().to_string()).collect::<String>();
    let all = operations.split("pub const ALL").nth(1).unwrap().split("] ;").next().unwrap();
    let listed: Vec<&str> = all.split("& :: cloudflare_sdk_group_").skip(1).map(|s| s.split(" ,").next().unwrap().split(" ]").next().unwrap().trim()).collect();
    assert_eq!(listed.len(), lowered.operations.len(), "{operations}");
    for (entry, operation) in listed.iter().zip(&lowered.operations) {
        assert!(entry.starts_with(&operation.feature.replace('-', "_")), "{entry} is not {}'s", operation.operation_id);
        assert!(operations.contains(&format!("{:?} =>", operation.operation_id)), "find has no {}", operation.operation_id);
    }
    // The one resource tree: a verb of each group, making its crate's builder.
    assert!(code.contains("pub mod resources"));
    for verb in ["pub fn dns_records(", "pub fn invites(", "pub fn organization("] {
        assert!(code.contains(verb), "no `{verb}` in the tree");
    }
    assert!(!code.contains("mock_resources"));
    // With `mock`, the mock's tree too, each expectation taking the body type its group's
    // crate names.
    let code = cloudflare_sdk_codegen::generate::facade::generate(&lowered, true).unwrap();
    assert!(code.contains("pub mod mock_resources"));
    let create = code.split("Expects `POST /zones/{zone_id}/dns_records`").nth(1).unwrap_or_else(|| panic!("no mock of the DNS record's create"));
    let create: String = create.split("pub fn").nth(1).unwrap().split_whitespace().collect();
    assert!(create.contains("::cloudflare_sdk_group_dns_records::mock_bodies::ZoneDnsRecordsCreate"), "{create}");
    assert!(!code.contains("pub mod driver"));
    // With `conformance`, the driver's rows, a file of their own that the program running them
    // includes (the facade holds none): a row for each call the whole generation drives, and
    // the same calls left unfilled, each building its request through the tree and handing
    // its group's builder to the group's crate, which reads the arguments and the answer into
    // its own types; all through the facade's public paths.
    let driver = syn::parse_file(&cloudflare_sdk_codegen::generate::facade::conformance_rows(&spec.endpoints, &lowered).unwrap()).unwrap().items;
    let whole = cloudflare_sdk_codegen::generate::generate(&lowered, Snapshot::Skip, Driver::Include(&spec.endpoints), MockTree::Skip).unwrap();
    let whole_driver = module(&syn::parse_file(&whole.code).unwrap().items, "driver");
    let text = |items: &[syn::Item]| -> String { items.iter().map(|i| i.to_token_stream().to_string()).collect::<String>().split_whitespace().collect() };
    let (rows, whole_rows) = (text(&driver), text(&whole_driver));
    let called = |rows: &str| -> Vec<String> {
        let (whole, family) = ("operation:&super::operations::", "operation:&::cloudflare_sdk::operations::");
        rows.split(if rows.contains(family) { family } else { whole }).skip(1).map(|s| s.split(',').next().unwrap().to_string()).collect()
    };
    let unfilled = |rows: &str| -> String { rows.split("pubconstUNFILLED").nth(1).unwrap().split("];").next().unwrap().to_string() };
    assert_eq!(called(&rows), called(&whole_rows));
    assert!(called(&rows).len() > lowered.operations.len() / 2, "{rows}");
    assert_eq!(unfilled(&rows), unfilled(&whole_rows));
    assert!(rows.contains("::cloudflare_sdk_group_dns_records::driver::fill_zone_dns_records_create(client.zone(::cloudflare_sdk::conformance::text("), "{rows}");
    assert!(!rows.contains("crate::") && !rows.contains("super::"), "the rows are compiled outside the facade: {rows}");
    assert!(rows.contains("decode:::cloudflare_sdk_group_dns_records::driver::decode_zone_dns_records_create,"), "{rows}");
    assert!(!rows.contains("argument::<"), "the facade reads an argument into a group's type: {rows}");
    // What the rows call in a group's crate, its generation in parts defines, behind the
    // crate's `conformance` feature.
    let in_parts = cloudflare_sdk_codegen::run_in_parts(&repo().join("spec"), &filter, &recorded_names(), Snapshot::Skip).unwrap();
    let named: BTreeSet<(String, String)> = rows
        .split("::cloudflare_sdk_group_")
        .skip(1)
        .filter_map(|s| s.split_once("::driver::"))
        .map(|(krate, rest)| (krate.replace('_', "-"), rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap().to_string()))
        .collect();
    assert!(named.len() > lowered.operations.len() / 2, "{named:?}");
    for (group, function) in &named {
        let generated = &in_parts.parts.groups[group].code;
        let group_driver = module(&syn::parse_file(generated).unwrap().items, "driver");
        assert!(group_driver.iter().any(|i| matches!(i, syn::Item::Fn(f) if f.sig.ident == function)), "{group}'s crate has no `driver::{function}`");
    }
    let dns = &in_parts.parts.groups["dns-records"].code;
    let dns: String = dns.split_whitespace().collect();
    assert!(dns.contains("#[cfg(feature=\"conformance\")]#[doc(hidden)]#[allow(deprecated)]pubmoddriver{"), "{dns}");
    assert!(dns.contains("\"body\"=>{builder.body(crate::rt::driver::argument::<types::DnsRecordCreateBody,>(what,json)?,)}"), "{dns}");
}

//! `cargo xtask check` and `generate` on a temporary copy of the repository's spec side.

use std::path::Path;
use std::process::{Command, Output};

/// Tags small enough to keep these tests quick, sharing some shapes.
const TAGS: [&str; 3] = ["organization-invites", "organizationmembers", "user-s-invites"];

/// A temporary copy of what the xtask reads (spec/, Cargo.toml) holding a few tags, with its
/// derived files generated, as a maintainer's checkout would have them.
fn copy_of_repo() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for tag in TAGS {
        copy_dir(&repo.join("spec").join(tag), &dir.path().join("spec").join(tag));
    }
    // The copy's tests would build its own tags only.
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let self_dependency = manifest.lines().find(|l| l.starts_with("cloudflare-sdk = { path = \".\"")).unwrap();
    let manifest = manifest.replace(self_dependency, "cloudflare-sdk = { path = \".\", default-features = false, features = [\"organizations\"] }");
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    // What marks a checkout for the xtask's search of its root.
    std::fs::create_dir_all(dir.path().join("xtask")).unwrap();
    std::fs::copy(repo.join("xtask/Cargo.toml"), dir.path().join("xtask/Cargo.toml")).unwrap();
    let (output, text) = xtask(dir.path(), &["generate"]);
    assert!(output.status.success(), "{text}");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn xtask(root: &Path, args: &[&str]) -> (Output, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("CLOUDFLARE_SDK_ROOT", root).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!text.contains("panicked"), "{text}");
    (output, text)
}

const SEED: &str = "spec/organization-invites/organization-invites-list-invitations.yaml";

#[test]
fn a_changed_description_fails_check_until_generate() {
    let repo = copy_of_repo();
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(output.status.success(), "a fresh copy must pass:\n{text}");
    assert!(text.contains("operations in 3 tags"), "{text}");

    let file = repo.path().join(SEED);
    let yaml = std::fs::read_to_string(&file).unwrap();
    let changed = yaml.replace("List all invitations associated with an organization.", "Lists the invitations of an organization.");
    assert_ne!(yaml, changed);
    std::fs::write(&file, changed).unwrap();

    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(!output.status.success());
    assert!(text.contains("generated/api.txt"), "{text}");
    assert!(text.contains("+  # Lists the invitations of an organization."), "the diff shows the change:\n{text}");
    assert!(text.contains("run `cargo xtask generate`"), "{text}");

    let (output, text) = xtask(repo.path(), &["generate"]);
    assert!(output.status.success(), "{text}");
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(output.status.success(), "{text}");
}

#[test]
fn a_spec_file_in_another_layout_fails_check_and_generate_canonicalizes_it() {
    let repo = copy_of_repo();
    let file = repo.path().join(SEED);
    let yaml = std::fs::read_to_string(&file).unwrap();
    // Same data, other layout: keys reordered and a string quoted.
    let moved = yaml.replacen("tag: Organization Invites\n", "", 1).replacen("method: get\n", "method: 'get'\ntag: Organization Invites\n", 1);
    std::fs::write(&file, &moved).unwrap();

    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(!output.status.success());
    assert!(text.contains(SEED) && text.contains("cargo xtask generate"), "{text}");

    let (output, text) = xtask(repo.path(), &["generate"]);
    assert!(output.status.success(), "{text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), yaml);
}

#[test]
fn hand_edited_features_fail_check() {
    let repo = copy_of_repo();
    let manifest = repo.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let edited = text.replace("invites = [\"dep:cloudflare-sdk-group-invites\"]\n", "invitations = [\"dep:cloudflare-sdk-group-invites\"]\n");
    assert_ne!(edited, text);
    std::fs::write(&manifest, edited).unwrap();
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(!output.status.success());
    assert!(text.contains("Cargo.toml") && text.contains("+invites = [\"dep:cloudflare-sdk-group-invites\"]"), "{text}");
}

#[test]
fn generating_in_two_checkouts_gives_identical_files() {
    let (one, two) = (copy_of_repo(), copy_of_repo());
    for repo in [&one, &two] {
        std::fs::remove_dir_all(repo.path().join("generated")).unwrap();
        let (output, text) = xtask(repo.path(), &["generate"]);
        assert!(output.status.success(), "{text}");
    }
    for file in ["generated/api.txt", "generated/type-names.yaml", "Cargo.toml"] {
        let read = |dir: &tempfile::TempDir| std::fs::read(dir.path().join(file)).unwrap();
        assert_eq!(read(&one), read(&two), "{file} differs");
    }
}

#[test]
fn the_checkout_is_found_at_run_time_not_from_where_the_binary_was_built() {
    let repo = copy_of_repo();
    // As a binary built in another checkout (or one since deleted) would be run from this one.
    let run = |cwd: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask")).arg("check").current_dir(cwd).env_remove("CLOUDFLARE_SDK_ROOT").env("CARGO_MANIFEST_DIR", "/nonexistent/checkout/xtask").output().unwrap()
    };
    for cwd in [repo.path().to_path_buf(), repo.path().join("spec/organization-invites")] {
        let output = run(&cwd);
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{text}");
        assert!(text.contains("operations in 3 tags"), "acted on the copy: {text}");
    }
    let outside = tempfile::tempdir().unwrap();
    let output = run(outside.path());
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not inside a cloudflare-sdk checkout"));
}

/// What a newer upstream document does to this spec: renamed ids, a renamed path parameter,
/// an added and a dropped operation, a dropped tag.
fn newer_document(spec_dir: &Path, drop_tags: &[&str]) -> serde_json::Value {
    use cloudflare_sdk_codegen::spec::{self, TagFilter};
    let mut endpoints = spec::load_dir(spec_dir, &TagFilter::All).unwrap().endpoints;
    endpoints.retain(|e| !drop_tags.contains(&e.tag_slug().as_str()) && e.operation_id != "Members_delete");
    for endpoint in &mut endpoints {
        if endpoint.tag_slug() == "organizationmembers" {
            endpoint.operation_id = format!("org-{}", endpoint.operation_id);
            endpoint.path = endpoint.path.replace("{member_id}", "{membership_id}");
            for parameter in &mut endpoint.parameters {
                if parameter.name == "member_id" {
                    parameter.name = "membership_id".into();
                }
            }
        }
    }
    // A new operation below a list that stays.
    let lists = ["org-Members_list", "user'-s-invites-list-invitations"];
    let mut added = endpoints.iter().find(|e| lists.contains(&e.operation_id.as_str())).unwrap().clone();
    added.operation_id = format!("{}-pending", added.operation_id);
    added.path = format!("{}/pending", added.path);
    endpoints.push(added);
    cloudflare_sdk_codegen::export::document(&endpoints)
}

#[test]
fn a_newer_upstream_imports_generates_and_checks_in_one_go() {
    let repo = copy_of_repo();
    let calls_before = std::fs::read_to_string(repo.path().join("generated/calls.txt")).unwrap();
    let document = repo.path().join("newer.json");
    std::fs::write(&document, newer_document(&repo.path().join("spec"), &["user-s-invites"]).to_string()).unwrap();

    let (output, text) = xtask(repo.path(), &["import", "--prune", document.to_str().unwrap()]);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("renamed: Members_retrieve -> org-Members_retrieve"), "{text}");
    assert!(text.contains("4 renamed"), "{text}");
    assert!(text.contains("removed: Members_delete"), "{text}");
    assert!(text.contains("removed: user%27-s-invites-list-invitations"), "{text}");
    assert!(!repo.path().join("spec/user-s-invites").exists());
    assert!(!repo.path().join("spec/organizationmembers/Members_retrieve.yaml").exists());
    // The crate of the group whose only tag went is out of date until generate removes it.
    assert!(repo.path().join("groups/invites/Cargo.toml").exists());
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(!output.status.success() && text.contains("groups/invites: the crate of a group the spec no longer makes"), "{text}");

    let (output, text) = xtask(repo.path(), &["generate"]);
    assert!(output.status.success(), "{text}");
    assert!(!repo.path().join("groups/invites").exists(), "{text}");
    assert!(repo.path().join("groups/organizations/spec/organization-invites").is_dir(), "a group's spec links to its tags' folders");
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("operations in 2 tags"), "{text}");

    // Renamed ids and parameters keep their calls; the dropped ones are gone.
    let calls = std::fs::read_to_string(repo.path().join("generated/calls.txt")).unwrap();
    let kept: Vec<&str> = calls_before.lines().filter(|l| !l.starts_with('#') && !l.contains("/user/") && !l.starts_with("DELETE /organizations/{organization_id}/members/")).collect();
    for line in &kept {
        assert!(calls.contains(line), "`{line}` changed:\n{calls}");
    }
    assert!(calls.contains("GET /organizations/{organization_id}/members/pending"), "{calls}");
}

#[test]
fn generate_refuses_a_manifest_that_names_a_feature_gone_with_its_tag() {
    let repo = copy_of_repo();
    // The seed is imported from a record, which `--prune` keeps; as a document's operation it
    // goes with its tag like the others.
    let seed = repo.path().join(SEED);
    std::fs::write(&seed, std::fs::read_to_string(&seed).unwrap().replace("origin: record\n", "")).unwrap();
    let document = repo.path().join("newer.json");
    // The copy's own tests use `organizations`, the feature of both organization tags.
    std::fs::write(&document, newer_document(&repo.path().join("spec"), &["organization-invites", "organizationmembers"]).to_string()).unwrap();
    let (output, text) = xtask(repo.path(), &["import", "--prune", document.to_str().unwrap()]);
    assert!(output.status.success(), "{text}");
    let manifest = std::fs::read_to_string(repo.path().join("Cargo.toml")).unwrap();
    let api = std::fs::read_to_string(repo.path().join("generated/api.txt")).unwrap();
    let (output, text) = xtask(repo.path(), &["generate"]);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("Cargo.toml") && text.contains("dev-dependencies.cloudflare-sdk.features") && text.contains("`organizations`"), "{text}");
    assert_eq!(std::fs::read_to_string(repo.path().join("Cargo.toml")).unwrap(), manifest, "nothing written");
    assert_eq!(std::fs::read_to_string(repo.path().join("generated/api.txt")).unwrap(), api, "nothing written");
}

#[test]
fn unknown_commands_print_usage() {
    let repo = copy_of_repo();
    let (output, text) = xtask(repo.path(), &["frobnicate"]);
    assert!(!output.status.success());
    assert!(text.contains("usage: cargo xtask"), "{text}");
}

/// The upstream documents beside the checkout (`../shared/upstream/`), oldest first.
const UPSTREAM_DOCUMENTS: [&str; 2] = ["cloudflare-openapi-2024-02-12.json", "cloudflare-openapi-2026-07-01.json"];

/// Each operation line of `generated/api.txt` by its method and path (path parameters'
/// names aside, which upstream renames): its call and what `send()` returns, `Option` aside.
fn operation_lines(api: &str) -> std::collections::BTreeMap<String, (String, String)> {
    let mut operations = std::collections::BTreeMap::new();
    for line in api.lines().filter(|l| !l.starts_with([' ', '#'])) {
        let Some((call, rest)) = line.split_once(" -> ") else { continue };
        let Some((returns, route)) = rest.split_once("  # ") else { continue };
        let mut words = route.split_whitespace();
        let (Some(method), Some(path)) = (words.next(), words.next()) else { continue };
        let path: String = path.split('/').map(|segment| if segment.starts_with('{') { "{}" } else { segment }).collect::<Vec<_>>().join("/");
        let returns = returns.strip_prefix("Response<").and_then(|r| r.strip_suffix('>')).unwrap_or(returns);
        let returns = returns.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')).unwrap_or(returns);
        operations.insert(format!("{method} {path}"), (call.to_string(), returns.to_string()));
    }
    operations
}

/// A maintainer's upgrade on Cloudflare's real documents, on a copy of the whole spec side:
/// `import --prune` of each document in turn, then `generate` and `check`, all passing, and
/// the seed operation (imported from a record) kept through both. The names start from no
/// record at all (each named by the rules from the 2024-02-12 document), and of the routes in
/// both documents, the upgrade keeps >= 99% of the calls and >= 95% of the return types' names
/// (a return type that was untyped JSON and is now typed counts as kept).
#[test]
fn the_real_upstream_documents_import_generate_and_check_one_after_the_other_keeping_names() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let upstream = repo.join("../shared/upstream");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("spec"), &dir.path().join("spec"));
    copy_dir(&repo.join("generated"), &dir.path().join("generated"));
    for record in ["generated/type-names.yaml", "generated/type-places.txt", "generated/calls.txt"] {
        std::fs::write(dir.path().join(record), "").unwrap();
    }
    let mut before: Option<std::collections::BTreeMap<String, (String, String)>> = None;
    std::fs::copy(repo.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("xtask")).unwrap();
    std::fs::copy(repo.join("xtask/Cargo.toml"), dir.path().join("xtask/Cargo.toml")).unwrap();
    for name in UPSTREAM_DOCUMENTS {
        let document = upstream.join(name);
        assert!(document.is_file(), "{} is missing: the upstream documents live in shared/upstream beside the checkout", document.display());
        let (output, text) = xtask(dir.path(), &["import", "--prune", document.to_str().unwrap()]);
        assert!(output.status.success(), "import {name}:\n{text}");
        assert!(dir.path().join(SEED).exists(), "the seed is kept: {text}");
        let (output, text) = xtask(dir.path(), &["generate"]);
        assert!(output.status.success(), "generate after {name}:\n{text}");
        let (output, text) = xtask(dir.path(), &["check"]);
        assert!(output.status.success(), "check after {name}:\n{text}");
        let after = operation_lines(&std::fs::read_to_string(dir.path().join("generated/api.txt")).unwrap());
        if let Some(before) = before.take() {
            let both: Vec<&String> = before.keys().filter(|route| after.contains_key(*route)).collect();
            let calls = both.iter().filter(|route| before[**route].0 == after[**route].0).count();
            let untyped = ["Value", "Vec<Value>", "serde_json::Value"];
            let types: Vec<&&String> = both.iter().filter(|route| before[**route].1 == after[**route].1 || untyped.contains(&before[**route].1.as_str())).collect();
            let renamed: Vec<String> = both.iter().filter(|route| !types.contains(route)).map(|route| format!("{route}: {} -> {}", before[*route].1, after[*route].1)).collect();
            eprintln!("routes in both: {}; calls kept: {calls}; return type names kept: {}; renamed:\n{}", both.len(), types.len(), renamed.join("\n"));
            assert!(both.len() > 1_000, "{} routes in both", both.len());
            assert!(calls * 100 >= both.len() * 99, "calls kept: {calls} of {}", both.len());
            assert!(types.len() * 100 >= both.len() * 95, "return type names kept: {} of {}", types.len(), both.len());
        }
        before = Some(after);
    }
}

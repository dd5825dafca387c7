//! `cargo xtask publish --dry-run [--no-verify]`: packages every published crate of the
//! family (the runtime, the generator the build scripts run, the shared types, a crate per
//! group, the facade, the command line) as `cargo publish` would, in the order they must
//! reach crates.io, and checks what crates.io holds a crate to: one version for the family,
//! at most 10 MiB a package and 300 features a crate.
//!
//! Cargo packages a workspace's crates in dependency order and verifies each against the
//! others' packages (a build from the unpacked package, its spec files included): the
//! dry run of a release. `--no-verify` packs and measures without building.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// crates.io refuses a package larger than this.
pub const MAX_PACKAGE_BYTES: u64 = 10 * 1024 * 1024;
/// crates.io refuses a crate with more features than this.
pub const MAX_FEATURES: usize = 300;

/// A workspace member, as `cargo metadata` describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub version: String,
    pub published: bool,
    pub features: usize,
    /// The workspace members it needs to build (normal and build dependencies; a
    /// development dependency is not part of a package).
    pub needs: BTreeSet<String>,
}

pub fn run(args: &[&str]) -> Result<(), String> {
    let verify = match args {
        ["--dry-run"] => true,
        ["--dry-run", "--no-verify"] | ["--no-verify", "--dry-run"] => false,
        _ => return Err("usage: cargo xtask publish --dry-run [--no-verify] (a release itself is `cargo publish`, paced as the README says)".into()),
    };
    let metadata = Command::new(env!("CARGO")).args(["metadata", "--no-deps", "--format-version", "1"]).output().map_err(|e| format!("cargo metadata: {e}"))?;
    if !metadata.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&metadata.stderr)));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).map_err(|e| format!("cargo metadata's output: {e}"))?;
    let members = members(&metadata)?;
    let order = publish_order(&members)?;
    let problems = limits(&members);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let mut package = Command::new(env!("CARGO"));
    // A dry run checks the working tree as it is; a release is cut from a clean one.
    package.args(["package", "--allow-dirty"]);
    if !verify {
        package.arg("--no-verify");
    }
    for name in &order {
        package.args(["-p", name]);
    }
    let status = package.status().map_err(|e| format!("cargo package: {e}"))?;
    if !status.success() {
        return Err(format!("cargo package failed ({status})"));
    }
    let target = metadata["target_directory"].as_str().map(PathBuf::from).ok_or("cargo metadata names no target directory")?;
    let by_name: BTreeMap<&str, &Member> = members.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut too_large = Vec::new();
    let mut total = 0;
    println!("{:>4}  {:<44} {:>10} {:>9}", "#", "crate", "package", "features");
    for (place, name) in order.iter().enumerate() {
        let member = by_name[name.as_str()];
        let file = package_file(&target, member);
        let bytes = std::fs::metadata(&file).map_err(|e| format!("{}: {e}", file.display()))?.len();
        total += bytes;
        println!("{:>4}  {:<44} {:>7} KB {:>9}", place + 1, name, bytes / 1024, member.features);
        if bytes > MAX_PACKAGE_BYTES {
            too_large.push(format!("{name}: its package is {bytes} bytes, over crates.io's {MAX_PACKAGE_BYTES}"));
        }
    }
    println!("{} crates at version {}, {} KB in all{}", order.len(), by_name[order[0].as_str()].version, total / 1024, if verify { ", each verified" } else { ", not verified" });
    if !too_large.is_empty() {
        return Err(too_large.join("\n"));
    }
    Ok(())
}

/// The workspace's members from `cargo metadata --no-deps`.
pub fn members(metadata: &serde_json::Value) -> Result<Vec<Member>, String> {
    let packages = metadata["packages"].as_array().ok_or("cargo metadata lists no packages")?;
    let names: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    packages
        .iter()
        .map(|package| {
            let name = package["name"].as_str().ok_or("a package without a name")?.to_string();
            let needs = package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["kind"].as_str() != Some("dev"))
                .filter_map(|d| d["name"].as_str())
                .filter(|d| names.contains(d) && *d != name)
                .map(str::to_string)
                .collect();
            Ok(Member {
                version: package["version"].as_str().unwrap_or_default().to_string(),
                // `publish = false` is an empty list of registries.
                published: !matches!(package["publish"].as_array(), Some(registries) if registries.is_empty()),
                features: package["features"].as_object().map_or(0, |f| f.len()),
                needs,
                name,
            })
        })
        .collect()
}

/// The published members, each after everything it needs (by name where the order is free,
/// so a release's order does not change from one run to the next). A published crate that
/// needs one that is not published cannot be released: an error naming both.
pub fn publish_order(members: &[Member]) -> Result<Vec<String>, String> {
    let published: BTreeMap<&str, &Member> = members.iter().filter(|m| m.published).map(|m| (m.name.as_str(), m)).collect();
    for member in published.values() {
        if let Some(missing) = member.needs.iter().find(|n| !published.contains_key(n.as_str())) {
            return Err(format!("{} needs {missing}, which is not published (`publish = false`)", member.name));
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while placed.len() < published.len() {
        let ready: Vec<&str> = published.values().filter(|m| !placed.contains(m.name.as_str()) && m.needs.iter().all(|n| placed.contains(n.as_str()))).map(|m| m.name.as_str()).collect();
        if ready.is_empty() {
            let left: Vec<&str> = published.keys().filter(|n| !placed.contains(*n)).copied().collect();
            return Err(format!("these crates need each other: {}", left.join(", ")));
        }
        for name in ready {
            placed.insert(name);
            order.push(name.to_string());
        }
    }
    Ok(order)
}

/// What crates.io would refuse before anything is packed: a crate at another version than
/// the family's, or with too many features.
pub fn limits(members: &[Member]) -> Vec<String> {
    let published: Vec<&Member> = members.iter().filter(|m| m.published).collect();
    let versions: BTreeSet<&str> = published.iter().map(|m| m.version.as_str()).collect();
    let mut problems = Vec::new();
    if versions.len() > 1 {
        let each: Vec<String> = published.iter().map(|m| format!("{} {}", m.name, m.version)).collect();
        problems.push(format!("the family is released at one version; these differ: {}", each.join(", ")));
    }
    for member in published.iter().filter(|m| m.features > MAX_FEATURES) {
        problems.push(format!("{} has {} features, over crates.io's {MAX_FEATURES}", member.name, member.features));
    }
    problems
}

fn package_file(target: &Path, member: &Member) -> PathBuf {
    target.join("package").join(format!("{}-{}.crate", member.name, member.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, needs: &[&str]) -> Member {
        Member { name: name.into(), version: "0.1.0".into(), published: true, features: 1, needs: needs.iter().map(|n| n.to_string()).collect() }
    }

    #[test]
    fn each_crate_comes_after_what_it_needs_and_ties_go_by_name() {
        let members = [
            member("facade", &["group-b", "group-a", "runtime"]),
            member("group-b", &["types", "runtime", "codegen"]),
            member("group-a", &["types", "runtime", "codegen"]),
            member("types", &["runtime", "codegen"]),
            member("runtime", &["rules"]),
            member("codegen", &["rules"]),
            member("rules", &[]),
        ];
        assert_eq!(publish_order(&members).unwrap(), ["rules", "codegen", "runtime", "types", "group-a", "group-b", "facade"]);
    }

    #[test]
    fn a_published_crate_needing_an_unpublished_one_is_refused() {
        let mut tool = member("xtask", &[]);
        tool.published = false;
        let members = [member("cli", &["xtask"]), tool];
        assert_eq!(publish_order(&members).unwrap_err(), "cli needs xtask, which is not published (`publish = false`)");
    }

    #[test]
    fn crates_needing_each_other_are_named() {
        let members = [member("a", &["b"]), member("b", &["a"]), member("c", &[])];
        assert_eq!(publish_order(&members).unwrap_err(), "these crates need each other: a, b");
    }

    #[test]
    fn a_second_version_or_too_many_features_is_what_crates_io_would_refuse() {
        let mut other = member("b", &[]);
        other.version = "0.2.0".into();
        let mut wide = member("c", &[]);
        wide.features = MAX_FEATURES + 1;
        assert_eq!(limits(&[member("a", &[]), member("d", &[])]), Vec::<String>::new());
        let problems = limits(&[member("a", &[]), other, wide]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("b 0.2.0"), "{problems:?}");
        assert_eq!(problems[1], "c has 301 features, over crates.io's 300");
    }

    #[test]
    fn members_are_read_from_cargo_metadata_without_development_dependencies() {
        let metadata = serde_json::json!({"packages": [
            {"name": "facade", "version": "0.1.0", "publish": null, "features": {"a": [], "full": []},
             "dependencies": [{"name": "runtime", "kind": null}, {"name": "codegen", "kind": "build"}, {"name": "tests-helper", "kind": "dev"}, {"name": "serde", "kind": null}]},
            {"name": "runtime", "version": "0.1.0", "publish": null, "features": {}, "dependencies": []},
            {"name": "codegen", "version": "0.1.0", "publish": null, "features": {}, "dependencies": []},
            {"name": "tests-helper", "version": "0.0.0", "publish": [], "features": {}, "dependencies": [{"name": "facade", "kind": null}]},
        ]});
        let members = members(&metadata).unwrap();
        assert_eq!(members[0].needs, BTreeSet::from(["runtime".to_string(), "codegen".to_string()]));
        assert_eq!(members[0].features, 2);
        assert!(!members[3].published);
        assert_eq!(publish_order(&members).unwrap(), ["codegen", "runtime", "facade"]);
    }
}

//! The SDK as a family of crates: a crate per group of the tree (`groups/<feature>/`, one per
//! Cargo feature of `cloudflare-sdk`) and a crate of the types several groups share (`types/`),
//! each over the runtime (`cloudflare-sdk-runtime`). Where each type lives is the rule of
//! [`crate::lower::placement`].
//!
//! Each crate's build script generates its code at compile time, as `cloudflare-sdk`'s does:
//! a group's reads its part of `spec/` (a link to each of its tags' folders, since `cargo
//! package` takes nothing from outside a package's folder and the spec is kept once), the
//! recorded names (links to `generated/`) and the list of the shared types it imports; the
//! shared types' crate reads [`SharedSpec`], which `cargo xtask generate` derives from the
//! whole API. `cargo xtask generate` writes every file here, and `cargo xtask check` fails on
//! any of them out of date.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::generate::parts::SharedSpec;
use crate::workspace::{ExpectedFile, CALLS, FEATURES, TYPE_NAMES, TYPE_PLACES};
use crate::PartsPipeline;

/// Where the group crates live, relative to the workspace root: one folder per group.
pub const GROUPS_DIR: &str = "groups";

/// A group crate's package name is this and the group's feature: the prefix keeps a group's
/// name (`rules`, `types`) clear of the SDK's other crates.
pub const GROUP_CRATE_PREFIX: &str = "cloudflare-sdk-group-";

/// In a group crate: the shared types its calls reach, which its code imports, one per line.
pub const GROUP_SHARED_TYPES: &str = "generated/shared-types.txt";

/// Where the shared types' crate lives, relative to the workspace root.
pub const SHARED_TYPES_DIR: &str = "types";

/// In the shared types' crate: what it generates from ([`SharedSpec`]).
pub const SHARED_SPEC: &str = "spec/shared-types.json";

/// The records a group's build script reads, linked from its `generated/`.
const RECORDS: [&str; 4] = [TYPE_NAMES, TYPE_PLACES, CALLS, FEATURES];

const WRITTEN: &str = "Written by `cargo xtask generate` from spec/; do not edit by hand.";

/// The files of the family's generated crates, from a generation in parts of the whole API.
pub fn expected_files(pipeline: &PartsPipeline) -> Result<Vec<ExpectedFile>> {
    let tag_names = pipeline.spec.tags();
    let mut files = Vec::new();
    for (group, tags) in group_tags(pipeline) {
        let dir = Path::new(GROUPS_DIR).join(group);
        let named: Vec<&str> = tags.iter().map(|tag| tag_names.get(*tag).map_or(*tag, String::as_str)).collect();
        files.push(ExpectedFile::text(dir.join("Cargo.toml"), group_manifest(group, &named)));
        files.push(ExpectedFile::text(dir.join("build.rs"), build_script("run_group", "this group's calls from `spec/`")));
        files.push(ExpectedFile::text(dir.join("src/lib.rs"), group_lib(group, &named)));
        let imported = pipeline.placement.imported.get(group).cloned().unwrap_or_default();
        files.push(ExpectedFile::text(dir.join(GROUP_SHARED_TYPES), render_shared_types(&imported)));
        for tag in &tags {
            files.push(ExpectedFile::link(dir.join("spec").join(tag), Path::new("../../../spec").join(tag)));
        }
        for record in RECORDS {
            files.push(ExpectedFile::link(dir.join(record), Path::new("../../..").join(record)));
        }
    }
    let types = Path::new(SHARED_TYPES_DIR);
    files.push(ExpectedFile::text(types.join("Cargo.toml"), shared_manifest()));
    files.push(ExpectedFile::text(types.join("build.rs"), build_script("run_shared", "the shared types from `spec/shared-types.json`")));
    files.push(ExpectedFile::text(types.join("src/lib.rs"), shared_lib()));
    let shared = SharedSpec::of(&pipeline.lowered, &pipeline.placement, &pipeline.parts.needs);
    files.push(ExpectedFile::text(types.join(SHARED_SPEC), shared.render()?));
    Ok(files)
}

/// The folders under [`GROUPS_DIR`] that `files` hold, to tell the ones of groups gone.
pub fn group_dirs(files: &[ExpectedFile]) -> BTreeSet<PathBuf> {
    files.iter().filter_map(|file| file.path.strip_prefix(GROUPS_DIR).ok()?.components().next().map(|group| Path::new(GROUPS_DIR).join(group))).collect()
}

/// Each group's tags, from the operations' features.
fn group_tags(pipeline: &PartsPipeline) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for operation in &pipeline.lowered.operations {
        out.entry(operation.feature.as_str()).or_default().insert(operation.tag_slug.as_str());
    }
    out
}

/// The list a group's build script reads: the shared types its code imports.
pub fn render_shared_types(names: &BTreeSet<String>) -> String {
    let mut text = format!("# The shared types this group's calls reach, which its code imports from cloudflare-sdk-types.\n# {WRITTEN}\n");
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    text
}

/// Reads [`render_shared_types`]' list.
pub fn parse_shared_types(text: &str) -> BTreeSet<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_string).collect()
}

fn group_manifest(group: &str, tag_names: &[&str]) -> String {
    let description = format!("The `{group}` calls of the Cloudflare v4 API ({}), for cloudflare-sdk's `{group}` feature", tag_names.join(", "));
    // The facade's `conformance` feature turns on each group's: the decoders its driver calls.
    let features = "\n[features]\n# The decoders of cloudflare-sdk's conformance driver; not for applications.\nconformance = []\n";
    manifest(&format!("{GROUP_CRATE_PREFIX}{group}"), &description, "\"/spec\", \"/generated\"", "cloudflare-sdk-types.workspace = true\n", features)
}

fn shared_manifest() -> String {
    manifest("cloudflare-sdk-types", "The types several groups of the Cloudflare v4 API share, for cloudflare-sdk", "\"/spec\"", "", "")
}

/// A crate of the family's manifest: what its generated code and its build script need.
fn manifest(name: &str, description: &str, spec_files: &str, more_dependencies: &str, features: &str) -> String {
    let description = toml_string(description);
    format!(
        r#"# {WRITTEN}
[package]
name = "{name}"
description = {description}
documentation = "https://docs.rs/{name}"
version.workspace = true
edition.workspace = true
license.workspace = true
rust-version.workspace = true
build = "build.rs"
include = ["/build.rs", "/src", {spec_files}]

# The generated code holds no tests of its own: the SDK's tests call it through cloudflare-sdk.
[lib]
test = false
doctest = false

[package.metadata.docs.rs]
rustdoc-args = ["--cfg", "docsrs"]

[dependencies]
cloudflare-sdk-runtime.workspace = true
{more_dependencies}bytes.workspace = true
progenitor-client.workspace = true
reqwest.workspace = true
serde.workspace = true
serde_json.workspace = true

[build-dependencies]
cloudflare-sdk-codegen.workspace = true
{features}"#
    )
}

fn build_script(run: &str, what: &str) -> String {
    format!("// {WRITTEN}\n//! Generates {what} at compile time; the pipeline lives in `cloudflare-sdk-codegen`.\n\nfn main() -> std::process::ExitCode {{\n    cloudflare_sdk_codegen::build_script::{run}()\n}}\n")
}

/// What the generated code of every crate of the family names at its crate's root: the
/// runtime's items, as `cloudflare-sdk` has them.
const CRATE_ROOT: &str = r#"// What the generated code names at the crate's root: the runtime's items.
#[allow(unused_imports)]
use cloudflare_sdk_runtime::rt;
#[doc(hidden)]
pub use cloudflare_sdk_runtime::{events, multipart, ndjson, pagination, setters, Client, Error, Operation, PlanAvailability, RequestOptions, Response, Timestamp};

// Upstream descriptions hold bare URLs and `[brackets]` that are not links.
#[allow(clippy::all, unused_imports, dead_code, missing_docs, rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/cloudflare_api.rs"));
}
pub use generated::*;
"#;

fn group_lib(group: &str, tag_names: &[&str]) -> String {
    let mut doc = String::new();
    for line in crate::workspace::wrap(&format!("The `{group}` calls of the Cloudflare v4 API: {}.", tag_names.join(", ")), 96) {
        doc.push_str(&format!("//! {line}\n"));
    }
    format!(
        "// {WRITTEN}\n{doc}//!\n//! A part of [`cloudflare-sdk`](https://docs.rs/cloudflare-sdk), which re-exports it at its own\n//! paths when its `{group}` feature is on: use it through that crate. Its code is generated at\n//! build time from the spec files in `spec/`.\n\n{CRATE_ROOT}"
    )
}

fn shared_lib() -> String {
    format!(
        "// {WRITTEN}\n//! The types several groups of the Cloudflare v4 API share, defined once.\n//!\n//! A part of [`cloudflare-sdk`](https://docs.rs/cloudflare-sdk), which re-exports them at\n//! `cloudflare_sdk::types`: use them through that crate. Their code is generated at build time\n//! from `spec/shared-types.json`.\n\n{CRATE_ROOT}"
    )
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

//! The files of the repository that follow from `spec/`: the canonical spec files, the API
//! snapshot, the recorded type names and calls, and the tag features in `Cargo.toml`. `cargo xtask generate` writes them and
//! `cargo xtask check` compares them, through the same [`expected_files`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lower::Features;
use crate::spec::{self, TagFilter};
use crate::PartsPipeline;

/// Where the API snapshot lives, relative to the workspace root.
pub const API_SNAPSHOT: &str = "generated/api.txt";

/// Where the recorded names of shared shapes live, relative to the workspace root.
pub const TYPE_NAMES: &str = "generated/type-names.yaml";
/// Where each named shape is used ([`crate::TypeNames::places`]).
pub const TYPE_PLACES: &str = "generated/type-places.txt";

/// Where the recorded call of every operation lives, relative to the workspace root.
pub const CALLS: &str = "generated/calls.txt";

/// Where the recorded feature of every tag lives, relative to the workspace root.
pub const FEATURES: &str = "generated/features.txt";

/// The feature that enables every tag.
pub const FULL_FEATURE: &str = "full";

const FEATURES_BEGIN: &str = "# BEGIN tag features: written by `cargo xtask generate` from spec/; do not edit by hand.";
const FEATURES_END: &str = "# END tag features";
const CRATES_BEGIN: &str = "# BEGIN group crates: written by `cargo xtask generate` from spec/; do not edit by hand.";
const CRATES_END: &str = "# END group crates";

/// A file and the exact contents it should have, or a link and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedFile {
    /// Relative to the workspace root.
    pub path: PathBuf,
    /// The text of a file; empty for a link.
    pub contents: String,
    /// For a link (to a file or a folder): its target, relative to the link's folder.
    pub link: Option<PathBuf>,
}

impl ExpectedFile {
    pub fn text(path: impl Into<PathBuf>, contents: impl Into<String>) -> ExpectedFile {
        ExpectedFile { path: path.into(), contents: contents.into(), link: None }
    }

    pub fn link(path: impl Into<PathBuf>, target: impl Into<PathBuf>) -> ExpectedFile {
        ExpectedFile { path: path.into(), contents: String::new(), link: Some(target.into()) }
    }
}

/// Everything derived from `root/spec`, plus the pipeline run that produced it.
pub fn expected_files(root: &Path) -> Result<(Vec<ExpectedFile>, PartsPipeline)> {
    let spec_dir = Path::new("spec");
    let names = crate::read_recorded(root)?;
    // The canonical spec files and the command line's table are written while the parts
    // generate.
    let (pipeline, beside) = crate::run_in_parts_beside(&root.join(spec_dir), &TagFilter::All, &names, crate::Snapshot::Render, |spec, lowered| {
        let canonical: Result<Vec<ExpectedFile>> = spec.endpoints.iter().map(|endpoint| Ok(ExpectedFile::text(spec_dir.join(endpoint.relative_path()), spec::canonical_yaml(endpoint)?))).collect();
        (canonical, crate::catalog::render(&spec.endpoints, lowered))
    })?;
    let (canonical, (catalog, schemas)) = beside;
    let mut files = canonical?;
    files.push(ExpectedFile::text(API_SNAPSHOT, pipeline.parts.api.clone().unwrap_or_default()));
    files.push(ExpectedFile::text(TYPE_NAMES, pipeline.lowered.shared_names.render()));
    files.push(ExpectedFile::text(TYPE_PLACES, pipeline.lowered.shared_names.render_places()));
    files.push(ExpectedFile::text(CALLS, pipeline.lowered.calls.render()));
    files.push(ExpectedFile::text(FEATURES, pipeline.lowered.features.render()));
    files.push(ExpectedFile::text(crate::catalog::CATALOG, catalog));
    files.push(ExpectedFile::text(crate::catalog::SCHEMAS, schemas));
    files.extend(crate::crates::expected_files(&pipeline)?);

    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let manifest = with_tag_features(&manifest, &pipeline.lowered.features, &pipeline.spec.tags()).map_err(|message| Error::Spec(vec![crate::Diagnostic::new("Cargo.toml", "features", message)]))?;
    files.push(ExpectedFile::text("Cargo.toml", manifest));
    Ok((files, pipeline))
}

/// `manifest` with its tag-features block replaced by one feature per group of tags
/// (`features`; tag slug -> name in `tag_names`, for the comments), each enabling its group's
/// crate ([`crate::crates`]), and `full` enabling them all; and its group-crates block (in
/// `[dependencies]`) by one optional dependency per group, at the workspace's version.
pub fn with_tag_features(manifest: &str, features: &Features, tag_names: &BTreeMap<String, String>) -> std::result::Result<String, String> {
    let groups = features.by_feature();
    let mut block = format!("{FEATURES_BEGIN}\n");
    block.push_str(&format!("{FULL_FEATURE} = [\n"));
    for feature in groups.keys() {
        block.push_str(&format!("    \"{feature}\",\n"));
    }
    block.push_str("]\n");
    // The driver's rows call each enabled group's decoders, which its crate compiles.
    block.push_str("# Generates the conformance driver that `cargo xtask conformance` runs; not for applications.\n");
    let conformance = crate::build_script::CONFORMANCE_FEATURE;
    block.push_str(&format!("{conformance} = [\n"));
    for feature in groups.keys() {
        block.push_str(&format!("    \"{}{feature}?/{conformance}\",\n", crate::crates::GROUP_CRATE_PREFIX));
    }
    block.push_str("]\n");
    for (feature, tags) in &groups {
        let names: Vec<&str> = tags.iter().map(|tag| tag_names.get(*tag).map_or(*tag, String::as_str)).collect();
        for line in wrap(&names.join(", "), 96) {
            block.push_str(&format!("# {line}\n"));
        }
        block.push_str(&format!("{feature} = [\"dep:{}{feature}\"]\n", crate::crates::GROUP_CRATE_PREFIX));
    }
    let manifest = replace_block(manifest, FEATURES_BEGIN, FEATURES_END, "in [features]", &block)?;
    let version = workspace_version(&manifest).ok_or("Cargo.toml has no `version = \"..\"` in [workspace.package]")?;
    let mut block = format!("{CRATES_BEGIN}\n");
    for feature in groups.keys() {
        let name = format!("{}{feature}", crate::crates::GROUP_CRATE_PREFIX);
        block.push_str(&format!("{name} = {{ path = \"{}/{feature}\", version = \"{version}\", optional = true }}\n", crate::crates::GROUPS_DIR));
    }
    replace_block(&manifest, CRATES_BEGIN, CRATES_END, "in [dependencies]", &block)
}

/// `text` with the lines from `begin` up to `end` (kept) replaced by `block`.
fn replace_block(text: &str, begin: &str, end: &str, place: &str, block: &str) -> std::result::Result<String, String> {
    let at = text.find(begin).ok_or_else(|| format!("Cargo.toml has no line `{begin}` {place}"))?;
    let until = text[at..].find(end).map(|i| at + i).ok_or_else(|| format!("Cargo.toml has no line `{end}` after `{begin}`"))?;
    Ok(format!("{}{}{}", &text[..at], block, &text[until..]))
}

/// The `version` of `[workspace.package]`: every crate of the family's.
fn workspace_version(manifest: &str) -> Option<&str> {
    let table = manifest.split("\n[workspace.package]\n").nth(1)?.split("\n[").next()?;
    table.lines().find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"'))
}

/// `text` in lines of at most `width` characters, broken at spaces.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// The tags a build enables, from Cargo's `CARGO_FEATURE_<NAME>` variables (looked up through
/// `enabled`): every tag with `full`, else the tags of the features that are on.
pub fn tag_filter(features: &Features, enabled: impl Fn(&str) -> bool) -> TagFilter {
    if enabled(&feature_env_name(FULL_FEATURE)) {
        return TagFilter::All;
    }
    let on = features.tags.iter().filter(|(_, feature)| enabled(&feature_env_name(feature)));
    TagFilter::Only(on.map(|(tag, _)| tag.clone()).collect())
}

/// The variable Cargo sets for an enabled feature: `dns-records` -> `CARGO_FEATURE_DNS_RECORDS`.
pub fn feature_env_name(feature: &str) -> String {
    format!("CARGO_FEATURE_{}", feature.to_ascii_uppercase().replace('-', "_"))
}

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

/// A file and the exact contents it should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedFile {
    /// Relative to the workspace root.
    pub path: PathBuf,
    pub contents: String,
}

/// Everything derived from `root/spec`, plus the pipeline run that produced it.
pub fn expected_files(root: &Path) -> Result<(Vec<ExpectedFile>, PartsPipeline)> {
    let spec_dir = Path::new("spec");
    let names = crate::read_recorded(root)?;
    let pipeline = crate::run_in_parts(&root.join(spec_dir), &TagFilter::All, &names, crate::Snapshot::Render)?;
    let mut files = Vec::new();
    for endpoint in &pipeline.spec.endpoints {
        files.push(ExpectedFile { path: spec_dir.join(endpoint.relative_path()), contents: spec::canonical_yaml(endpoint)? });
    }
    files.push(ExpectedFile { path: PathBuf::from(API_SNAPSHOT), contents: pipeline.parts.api.clone().unwrap_or_default() });
    files.push(ExpectedFile { path: PathBuf::from(TYPE_NAMES), contents: pipeline.lowered.shared_names.render() });
    files.push(ExpectedFile { path: PathBuf::from(TYPE_PLACES), contents: pipeline.lowered.shared_names.render_places() });
    files.push(ExpectedFile { path: PathBuf::from(CALLS), contents: pipeline.lowered.calls.render() });
    files.push(ExpectedFile { path: PathBuf::from(FEATURES), contents: pipeline.lowered.features.render() });
    let (catalog, schemas) = crate::catalog::render(&pipeline.spec.endpoints, &pipeline.lowered);
    files.push(ExpectedFile { path: PathBuf::from(crate::catalog::CATALOG), contents: catalog });
    files.push(ExpectedFile { path: PathBuf::from(crate::catalog::SCHEMAS), contents: schemas });

    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let manifest = with_tag_features(&manifest, &pipeline.lowered.features, &pipeline.spec.tags()).map_err(|message| Error::Spec(vec![crate::Diagnostic::new("Cargo.toml", "features", message)]))?;
    files.push(ExpectedFile { path: PathBuf::from("Cargo.toml"), contents: manifest });
    Ok((files, pipeline))
}

/// `manifest` with its tag-features block replaced by one feature per group of tags
/// (`features`; tag slug -> name in `tag_names`, for the comments) and `full` enabling them all.
pub fn with_tag_features(manifest: &str, features: &Features, tag_names: &BTreeMap<String, String>) -> std::result::Result<String, String> {
    let begin = manifest.find(FEATURES_BEGIN).ok_or_else(|| format!("Cargo.toml has no line `{FEATURES_BEGIN}` in [features]"))?;
    let end = manifest[begin..].find(FEATURES_END).map(|i| begin + i).ok_or_else(|| format!("Cargo.toml has no line `{FEATURES_END}` after the tag features"))?;
    let groups = features.by_feature();
    let mut block = format!("{FEATURES_BEGIN}\n");
    block.push_str(&format!("{FULL_FEATURE} = [\n"));
    for feature in groups.keys() {
        block.push_str(&format!("    \"{feature}\",\n"));
    }
    block.push_str("]\n");
    for (feature, tags) in &groups {
        let names: Vec<&str> = tags.iter().map(|tag| tag_names.get(*tag).map_or(*tag, String::as_str)).collect();
        for line in wrap(&names.join(", "), 96) {
            block.push_str(&format!("# {line}\n"));
        }
        block.push_str(&format!("{feature} = []\n"));
    }
    Ok(format!("{}{}{}", &manifest[..begin], block, &manifest[end..]))
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
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

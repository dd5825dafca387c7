//! Temporary spec folders for pipeline tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub const SEED_ID: &str = "organization-invites-list-invitations";
pub const SEED_TAG_DIR: &str = "organization-invites";

/// The repository's spec folder.
pub fn repo_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The seed operation's spec file text.
pub fn seed_yaml() -> String {
    std::fs::read_to_string(repo_spec().join(SEED_TAG_DIR).join(format!("{SEED_ID}.yaml"))).expect("seed spec file")
}

pub fn seed_record() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/organization-invites-list-invitations.record.txt")).expect("seed record")
}

/// A temporary spec folder holding `files` (relative path, text).
pub fn spec_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir
}

/// The seed file with `from` replaced by `to` (which must occur).
pub fn seed_with(from: &str, to: &str) -> String {
    let yaml = seed_yaml();
    assert!(yaml.contains(from), "the seed file has no `{from}`");
    yaml.replacen(from, to, 1)
}

pub fn seed_file_name() -> String {
    format!("{SEED_TAG_DIR}/{SEED_ID}.yaml")
}

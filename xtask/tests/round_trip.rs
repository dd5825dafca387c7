//! `cargo xtask check` and `generate` on a temporary copy of the repository's spec side.

use std::path::Path;
use std::process::{Command, Output};

/// Tags small enough to keep these tests quick, sharing some shapes.
const TAGS: [&str; 3] = ["organization-invites", "organization-members", "user-s-invites"];

/// A temporary copy of what the xtask reads (spec/, Cargo.toml) holding a few tags, with its
/// derived files generated, as a maintainer's checkout would have them.
fn copy_of_repo() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for tag in TAGS {
        copy_dir(&repo.join("spec").join(tag), &dir.path().join("spec").join(tag));
    }
    std::fs::copy(repo.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
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
    std::fs::write(&manifest, text.replace("organization-invites = []\n", "organisation-invites = []\n")).unwrap();
    let (output, text) = xtask(repo.path(), &["check"]);
    assert!(!output.status.success());
    assert!(text.contains("Cargo.toml") && text.contains("+organization-invites = []"), "{text}");
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
fn unknown_commands_print_usage() {
    let repo = copy_of_repo();
    let (output, text) = xtask(repo.path(), &["frobnicate"]);
    assert!(!output.status.success());
    assert!(text.contains("usage: cargo xtask"), "{text}");
}

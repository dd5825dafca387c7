//! The whole generated code of five representative operations, each generated alone, kept
//! as snapshots (`codegen/tests/snapshots/`): a progenitor or typify upgrade, or a change of
//! a rewrite, shows up in review as a diff of what users get. After a deliberate change,
//! review and accept with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

mod common;

use cloudflare_sdk_codegen::{Snapshot, TagFilter};
use common::*;

/// The code generated for the one spec file `tag/operation.yaml` of the repository.
fn generated_alone(tag: &str, operation: &str) -> String {
    let relative = format!("{tag}/{operation}.yaml");
    let text = std::fs::read_to_string(repo_spec().join(&relative)).unwrap();
    let dir = spec_dir(&[(&relative, &text)]);
    cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), Snapshot::Skip).unwrap().generated.code
}

#[test]
fn the_seed_operation() {
    insta::assert_snapshot!(generated_alone(SEED_TAG_DIR, SEED_ID));
}

#[test]
fn a_paginated_list() {
    insta::assert_snapshot!(generated_alone("dns-records-for-a-zone", "dns-records-for-a-zone-list-dns-records"));
}

#[test]
fn a_multipart_upload() {
    insta::assert_snapshot!(generated_alone("worker-script", "worker-script-upload-worker-module"));
}

#[test]
fn an_answer_that_is_not_json() {
    insta::assert_snapshot!(generated_alone("dns-records-for-a-zone", "dns-records-for-a-zone-export-dns-records"));
}

#[test]
fn a_recursive_schema() {
    insta::assert_snapshot!(generated_alone("account-request-tracer", "account-request-tracer-request-trace"));
}

//! What `build.rs` does, so that it stays a one-line call.

use std::path::PathBuf;
use std::process::ExitCode;

/// The file in `OUT_DIR` that `src/lib.rs` includes.
pub const GENERATED_FILE: &str = "cloudflare_api.rs";

/// Generates the client into `OUT_DIR`. A bad spec prints its diagnostics and fails the
/// build with exit code 1: no panic, no backtrace.
pub fn run() -> ExitCode {
    match try_run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: cloudflare-sdk could not generate its client\n{message}");
            ExitCode::FAILURE
        }
    }
}

/// Builds from this spec folder instead of the package's `spec/`: how the conformance run
/// drives a client generated from another OpenAPI document.
pub const SPEC_DIR_VARIABLE: &str = "CLOUDFLARE_SDK_SPEC_DIR";

/// Builds exactly these tags (comma-separated slugs) whatever the features: how the
/// conformance run builds the tags it was asked for, which features (groups of tags) cannot say.
pub const TAGS_VARIABLE: &str = "CLOUDFLARE_SDK_TAGS";

/// The feature that adds the conformance driver.
pub const CONFORMANCE_FEATURE: &str = "conformance";

/// The feature that adds the mock's tree (`cloudflare_sdk::mock`).
pub const MOCK_FEATURE: &str = "mock";

fn try_run() -> Result<(), String> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;
    println!("cargo:rerun-if-env-changed={SPEC_DIR_VARIABLE}");
    println!("cargo:rerun-if-env-changed={TAGS_VARIABLE}");
    // Cargo runs build scripts in the package folder; a relative path keeps diagnostics
    // short and free of the builder's folders.
    let spec_dir = std::env::var_os(SPEC_DIR_VARIABLE).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("spec"));
    println!("cargo:rerun-if-changed={}", manifest_dir.join(&spec_dir).display());
    println!("cargo:rerun-if-changed={}", manifest_dir.join(crate::workspace::TYPE_NAMES).display());
    println!("cargo:rerun-if-changed={}", manifest_dir.join(crate::workspace::TYPE_PLACES).display());
    println!("cargo:rerun-if-changed={}", manifest_dir.join(crate::workspace::CALLS).display());
    println!("cargo:rerun-if-changed={}", manifest_dir.join(crate::workspace::FEATURES).display());
    println!("cargo:rerun-if-changed=build.rs");

    let enabled = |name: &str| std::env::var_os(name).is_some();
    let names = crate::read_recorded(std::path::Path::new("")).map_err(|e| e.to_string())?;
    let filter = match std::env::var(TAGS_VARIABLE) {
        Ok(tags) => crate::TagFilter::Only(tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()),
        Err(_) => crate::workspace::tag_filter(&names.features, enabled),
    };
    let parts = crate::Parts { conformance_driver: enabled(&crate::workspace::feature_env_name(CONFORMANCE_FEATURE)), mock: enabled(&crate::workspace::feature_env_name(MOCK_FEATURE)) };
    let pipeline = crate::run_with(&spec_dir, &filter, &names, crate::Snapshot::Skip, parts).map_err(|e| e.to_string())?;

    let target = out_dir.join(GENERATED_FILE);
    std::fs::write(&target, pipeline.generated.code).map_err(|e| format!("{}: {e}", target.display()))
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name).map(PathBuf::from).ok_or_else(|| format!("{name} is not set; run this from a Cargo build script"))
}

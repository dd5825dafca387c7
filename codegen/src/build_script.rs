//! What `build.rs` does, so that it stays a one-line call.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The file in `OUT_DIR` that `src/lib.rs` includes.
pub const GENERATED_FILE: &str = "cloudflare_api.rs";

/// Generates the client into `OUT_DIR`. A bad spec prints its diagnostics and fails the
/// build with exit code 1: no panic, no backtrace.
pub fn run() -> ExitCode {
    report("its client", try_run())
}

/// A group crate's build script (`groups/<feature>/build.rs`, [`crate::crates`]): generates the
/// group's calls from its `spec/`, the recorded names in its `generated/`, and the shared
/// types it imports ([`crate::crates::GROUP_SHARED_TYPES`]), into `OUT_DIR`.
pub fn run_group() -> ExitCode {
    report("its calls", try_run_group())
}

/// The shared types' crate's build script (`types/build.rs`): generates them from
/// [`crate::crates::SHARED_SPEC`] into `OUT_DIR`.
pub fn run_shared() -> ExitCode {
    report("its types", try_run_shared())
}

/// The build's exit: a failure prints its diagnostics and fails with exit code 1, no panic.
fn report(what: &str, outcome: Result<(), String>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "cloudflare-sdk".into());
            eprintln!("error: {package} could not generate {what}\n{message}");
            ExitCode::FAILURE
        }
    }
}

fn try_run_group() -> Result<(), String> {
    let out_dir = env_path("OUT_DIR")?;
    // Paths relative to the package folder, where Cargo runs build scripts.
    for watched in ["spec", "generated", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    write(&out_dir, &group_code(Path::new(""))?)
}

/// The code of the group crate in `dir`, from its files: `spec/`, the recorded names in
/// `generated/`, and the shared types it imports. An error names the file and the field.
pub fn group_code(dir: &Path) -> Result<String, String> {
    let shared_path = dir.join(crate::crates::GROUP_SHARED_TYPES);
    let shared = std::fs::read_to_string(&shared_path).map_err(|e| format!("{}: {e}", shared_path.display()))?;
    let shared = crate::crates::parse_shared_types(&shared);
    let names = crate::read_recorded(dir).map_err(|e| e.to_string())?;
    let spec = crate::spec::load_dir(&dir.join("spec"), &crate::TagFilter::All).map_err(|e| e.to_string())?;
    let lowered = crate::lower::lower(&spec, &names).map_err(|e| e.to_string())?;
    let generated = crate::generate::parts::generate_group(&lowered, &shared).map_err(|e| e.to_string())?;
    Ok(generated.code)
}

fn try_run_shared() -> Result<(), String> {
    let out_dir = env_path("OUT_DIR")?;
    let spec_path = Path::new(crate::crates::SHARED_SPEC);
    for watched in [spec_path, Path::new("build.rs")] {
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    let text = std::fs::read_to_string(spec_path).map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let shared = crate::generate::parts::SharedSpec::parse(spec_path, &text).map_err(|e| e.to_string())?;
    let generated = shared.generate().map_err(|e| e.to_string())?;
    write(&out_dir, &generated.code)
}

fn write(out_dir: &Path, code: &str) -> Result<(), String> {
    write_file(&out_dir.join(GENERATED_FILE), code)
}

fn write_file(target: &Path, code: &str) -> Result<(), String> {
    std::fs::write(target, code).map_err(|e| format!("{}: {e}", target.display()))
}

/// Builds from this spec folder instead of the package's `spec/`: how the conformance run
/// drives a client generated from another OpenAPI document.
pub const SPEC_DIR_VARIABLE: &str = "CLOUDFLARE_SDK_SPEC_DIR";

/// Builds exactly these tags (comma-separated slugs) whatever the features: how the
/// conformance run builds the tags it was asked for, which features (groups of tags) cannot say.
pub const TAGS_VARIABLE: &str = "CLOUDFLARE_SDK_TAGS";

/// The feature that adds the conformance driver.
pub const CONFORMANCE_FEATURE: &str = "conformance";

/// The file in `OUT_DIR` holding the conformance driver's rows, which the program running
/// them includes (`cloudflare_sdk::conformance_rows!()`): over the family of crates the rows
/// themselves, compiled by that program's rustc rather than the facade's; in a crate generated
/// whole (another document's, some tags), which holds its rows, a re-export of them.
pub const CONFORMANCE_ROWS_FILE: &str = "conformance_rows.rs";

/// The `cfg` a crate generated whole is built with when it holds the conformance driver's
/// rows itself ([`CONFORMANCE_ROWS_FILE`]).
pub const INLINE_ROWS_CFG: &str = "cloudflare_sdk_inline_rows";

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
    println!("cargo:rustc-check-cfg=cfg({INLINE_ROWS_CFG})");

    let enabled = |name: &str| std::env::var_os(name).is_some();
    let names = crate::read_recorded(std::path::Path::new("")).map_err(|e| e.to_string())?;
    let filter = match std::env::var(TAGS_VARIABLE) {
        Ok(tags) => crate::TagFilter::Only(tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()),
        Err(_) => crate::workspace::tag_filter(&names.features, enabled),
    };
    let parts = crate::Parts { conformance_driver: enabled(&crate::workspace::feature_env_name(CONFORMANCE_FEATURE)), mock: enabled(&crate::workspace::feature_env_name(MOCK_FEATURE)) };
    // Over the family of crates, unless the build asks for another spec or set of tags than
    // the groups' crates were generated from.
    let whole = std::env::var_os(SPEC_DIR_VARIABLE).is_some() || std::env::var_os(TAGS_VARIABLE).is_some();
    if !whole {
        let spec = crate::spec::load_dir(&spec_dir, &filter).map_err(|e| e.to_string())?;
        let lowered = crate::lower::lower(&spec, &names).map_err(|e| e.to_string())?;
        if parts.conformance_driver {
            let rows = crate::generate::facade::conformance_rows(&spec.endpoints, &lowered).map_err(|e| e.to_string())?;
            write_file(&out_dir.join(CONFORMANCE_ROWS_FILE), &rows)?;
        }
        return write(&out_dir, &crate::generate::facade::generate(&lowered, parts.mock).map_err(|e| e.to_string())?);
    }
    let pipeline = crate::run_with(&spec_dir, &filter, &names, crate::Snapshot::Skip, parts).map_err(|e| e.to_string())?;
    if parts.conformance_driver {
        println!("cargo:rustc-cfg={INLINE_ROWS_CFG}");
        write_file(&out_dir.join(CONFORMANCE_ROWS_FILE), "pub use ::cloudflare_sdk::conformance::{CALLS, UNFILLED};\n")?;
    }
    write(&out_dir, &pipeline.generated.code)
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name).map(PathBuf::from).ok_or_else(|| format!("{name} is not set; run this from a Cargo build script"))
}

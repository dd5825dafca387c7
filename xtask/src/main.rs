//! Maintainer commands; each is a thin call into `cloudflare-sdk-codegen`.
//!
//! ```text
//! cargo xtask check                    validate spec/ and check everything derived from it
//! cargo xtask generate                 rewrite what is derived from spec/
//! cargo xtask import <openapi.json|yaml>  import every operation of an upstream document
//! cargo xtask import --record <file>   add one operation from a record in its text form
//! cargo xtask stats [--tags a,b] [--no-sharing]   generate in memory and print what it made
//! cargo xtask conformance [--spec <openapi.json>] [--tags a,b] [--reads-only]
//!                                      drive the SDK against a Prism mock of the document
//! ```

mod conformance;
mod schema_check;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloudflare_sdk_codegen::spec;

const USAGE: &str = "usage: cargo xtask <check | generate | import <openapi.json|yaml> | import --record <file> | stats [--tags a,b] [--no-sharing] | conformance [--spec <openapi.json>] [--tags a,b] [--reads-only]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // File arguments are relative to where the command was started...
    let started_in = std::env::current_dir().unwrap_or_default();
    // ...and the work is done from the root, which keeps paths in messages short.
    if let Err(err) = std::env::set_current_dir(workspace_root()) {
        eprintln!("error: {}: {err}", workspace_root().display());
        return ExitCode::FAILURE;
    }
    let root = PathBuf::from(".");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let ["conformance", rest @ ..] = args.as_slice() {
        // Its own exit code: failures are reported on stdout, not as an error.
        return conformance::run(&root, &started_in, rest).unwrap_or_else(|message| {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        });
    }
    let result = match args.as_slice() {
        ["check"] => sync::run(&root, sync::Mode::Check),
        ["generate"] => sync::run(&root, sync::Mode::Write),
        ["import", "--record", file] => import_record(&root, &started_in.join(file)),
        ["import", document] => import_document(&root, &started_in.join(document)),
        ["stats", rest @ ..] => stats(&root, rest),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: `CLOUDFLARE_SDK_ROOT` when set (tests run the xtask on a copy),
/// else the checkout this xtask was built from.
fn workspace_root() -> PathBuf {
    match std::env::var_os("CLOUDFLARE_SDK_ROOT") {
        Some(root) => PathBuf::from(root),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf(),
    }
}

/// Generates in memory (nothing is written) and prints what came out: the measured run of
/// BENCHMARKS.md.
fn stats(root: &Path, args: &[&str]) -> Result<(), String> {
    use cloudflare_sdk_codegen::{lower, spec::TagFilter};
    let mut filter = TagFilter::All;
    let mut sharing = lower::Sharing::On;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--tags" => filter = TagFilter::Only(args.next().ok_or(USAGE)?.split(',').map(str::to_string).collect()),
            "--no-sharing" => sharing = lower::Sharing::Off,
            _ => return Err(USAGE.into()),
        }
    }
    let started = std::time::Instant::now();
    let names = cloudflare_sdk_codegen::read_recorded(root).map_err(|e| e.to_string())?;
    let spec = spec::load_dir(&root.join("spec"), &filter).map_err(|e| e.to_string())?;
    let lowered = lower::lower_with(&spec, &names, sharing).map_err(|e| e.to_string())?;
    let generated = cloudflare_sdk_codegen::generate::generate(&lowered, cloudflare_sdk_codegen::Snapshot::Skip, cloudflare_sdk_codegen::Driver::Skip).map_err(|e| e.to_string())?;
    let names = lower::NameStats::of(&lowered);
    println!(
        "names: {} unique calls of {} operations, mean verb {:.1} characters; median type name {:.1} characters over {} types; {} of {} named return types start with an operation id",
        names.unique_calls, names.operations, names.mean_verb_length, names.median_type_name_length, names.type_count, names.returns_named_after_operation_ids, names.named_returns
    );
    println!(
        "{} operations, {} tags, sharing {}: {} generated types, {} generated lines, {} bytes, {:.2} s",
        spec.endpoints.len(),
        spec.tags().len(),
        if sharing == lower::Sharing::On { "on" } else { "off" },
        generated.type_count,
        generated.line_count(),
        generated.code.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn import_document(root: &Path, document: &Path) -> Result<(), String> {
    use cloudflare_sdk_codegen::import;
    let value = import::read_document(document).map_err(|e| e.to_string())?;
    let endpoints = import::import_document(&value, document).map_err(|e| e.to_string())?;
    let problems: Vec<_> = endpoints.iter().flat_map(|e| spec::validate_endpoint(&Path::new("spec").join(e.relative_path()), e)).collect();
    if !problems.is_empty() {
        return Err(cloudflare_sdk_codegen::Error::Spec(problems).to_string());
    }
    let report = import::write_spec(&root.join("spec"), &endpoints).map_err(|e| e.to_string())?;
    println!(
        "imported {} operations: {} added, {} changed, {} unchanged, {} moved",
        endpoints.len(),
        report.added.len(),
        report.changed.len(),
        report.unchanged,
        report.moved.len()
    );
    for (what, list) in [("added", &report.added), ("changed", &report.changed), ("moved", &report.moved)] {
        for id in list.iter().take(50) {
            println!("  {what}: {id}");
        }
        if list.len() > 50 {
            println!("  ... and {} more {what}", list.len() - 50);
        }
    }
    for id in &report.absent_upstream {
        println!("  absent upstream (kept; delete its file if the operation is gone): {id}");
    }
    if report.added.len() + report.changed.len() + report.moved.len() > 0 {
        println!("run `cargo xtask generate` to update the API snapshot and the features");
    }
    Ok(())
}

fn import_record(root: &Path, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let endpoint = spec::parse_record(file, &text).map_err(|d| d.to_string())?;
    let problems = spec::validate_endpoint(file, &endpoint);
    if !problems.is_empty() {
        return Err(cloudflare_sdk_codegen::Error::Spec(problems).to_string());
    }
    let target = root.join("spec").join(endpoint.relative_path());
    let yaml = spec::canonical_yaml(&endpoint).map_err(|e| e.to_string())?;
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&target, yaml).map_err(|e| format!("{}: {e}", target.display()))?;
    println!("imported {} into spec/{}", endpoint.operation_id, endpoint.relative_path().display());
    println!("run `cargo xtask generate` to update the API snapshot and the features");
    Ok(())
}

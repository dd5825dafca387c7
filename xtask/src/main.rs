//! Maintainer commands; each is a thin call into `cloudflare-sdk-codegen`.
//!
//! ```text
//! cargo xtask import --record <file>   add one operation from a record in its text form
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloudflare_sdk_codegen::spec;

const USAGE: &str = "usage: cargo xtask import --record <file>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["import", "--record", file] => import_record(Path::new(file)),
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

/// The workspace root, so the commands work from any folder of the checkout.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf()
}

fn import_record(file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let endpoint = spec::parse_record(file, &text).map_err(|d| d.to_string())?;
    let problems = spec::validate_endpoint(file, &endpoint);
    if !problems.is_empty() {
        return Err(cloudflare_sdk_codegen::Error::Spec(problems).to_string());
    }
    let target = workspace_root().join("spec").join(endpoint.relative_path());
    let yaml = spec::canonical_yaml(&endpoint).map_err(|e| e.to_string())?;
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&target, yaml).map_err(|e| format!("{}: {e}", target.display()))?;
    println!("imported {} into spec/{}", endpoint.operation_id, endpoint.relative_path().display());
    Ok(())
}

//! Maintainer commands; each is a thin call into `cloudflare-sdk-codegen`.
//!
//! ```text
//! cargo xtask check                    validate spec/ and check everything derived from it
//! cargo xtask generate                 rewrite what is derived from spec/
//! cargo xtask import [--prune] <openapi.json|yaml>
//!                                      import every operation of an upstream document;
//!                                      --prune removes the operations it no longer has
//! cargo xtask import --record <file>   add one operation from a record in its text form
//! cargo xtask stats [--tags a,b] [--no-sharing]   generate in memory and print what it made
//! cargo xtask conformance [--spec <openapi.json>] [--tags a,b] [--reads-only]
//!                                      drive the SDK against a Prism mock of the document
//! cargo xtask measure -- <command>     run a command; print its wall time, its process
//!                                      tree's peak memory and its largest process
//! cargo xtask publish --dry-run [--no-verify]
//!                                      package every published crate in dependency order
//!                                      and check crates.io's limits
//! ```

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod conformance;
mod manifest;
mod measure;
mod publish;
mod schema_check;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloudflare_sdk_codegen::import::Absent;
use cloudflare_sdk_codegen::spec;

const USAGE: &str = "usage: cargo xtask <check | generate | import [--prune] <openapi.json|yaml> | import --record <file> | stats [--tags a,b] [--no-sharing] | conformance [--spec <openapi.json>] [--tags a,b] [--reads-only] | measure -- <command> | publish --dry-run [--no-verify]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Runs where it was started, as the command it measures would.
    if let [measure, separator, command @ ..] = args.as_slice() {
        if measure == "measure" && separator == "--" {
            let command: Vec<&str> = command.iter().map(String::as_str).collect();
            return measure::run(&command).unwrap_or_else(|message| {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            });
        }
    }
    // File arguments are relative to where the command was started...
    let started_in = std::env::current_dir().unwrap_or_default();
    // ...and the work is done from the root, which keeps paths in messages short.
    let root = match workspace_root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("error: {}: {err}", root.display());
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
        ["import", document] => import_document(&root, &started_in.join(document), Absent::Keep),
        ["import", "--prune", document] | ["import", document, "--prune"] => import_document(&root, &started_in.join(document), Absent::Prune),
        ["stats", rest @ ..] => stats(&root, rest),
        ["publish", rest @ ..] => publish::run(rest),
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

/// The workspace root, found at run time and never from the path compiled in (with a shared
/// `CARGO_TARGET_DIR`, one binary serves several checkouts):
/// - `CLOUDFLARE_SDK_ROOT` when set (tests run the xtask on a copy);
/// - else the parent of the xtask package that `cargo run` names (`CARGO_MANIFEST_DIR`, set
///   when the command runs, for the checkout it was started in);
/// - else the nearest directory at or above the current one that holds `spec/` and `xtask/`.
fn workspace_root() -> Result<PathBuf, String> {
    if let Some(root) = std::env::var_os("CLOUDFLARE_SDK_ROOT") {
        return Ok(PathBuf::from(root));
    }
    if let Some(xtask) = std::env::var_os("CARGO_MANIFEST_DIR") {
        if let Some(root) = Path::new(&xtask).parent().filter(|root| is_workspace(root)) {
            return Ok(root.to_path_buf());
        }
    }
    let here = std::env::current_dir().map_err(|e| format!("the current directory: {e}"))?;
    here.ancestors()
        .find(|dir| is_workspace(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} is not inside a cloudflare-sdk checkout (no directory above it holds spec/ and xtask/); run `cargo xtask` from the checkout", here.display()))
}

fn is_workspace(dir: &Path) -> bool {
    dir.join("spec").is_dir() && dir.join("xtask").join("Cargo.toml").is_file()
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
    let generated = cloudflare_sdk_codegen::generate::generate(&lowered, cloudflare_sdk_codegen::Snapshot::Skip, cloudflare_sdk_codegen::Driver::Skip, cloudflare_sdk_codegen::MockTree::Skip)
        .map_err(|e| e.to_string())?;
    // What each pass of the generator matched or added (codegen/src/generate/passes.rs).
    let passes: Vec<String> = generated.passes.iter().map(|(name, count)| format!("{name} {count}")).collect();
    println!("passes: {}", passes.join(", "));
    // What you read, you can send back (codegen/src/generate/answers_sent_back.rs).
    let sent_back = &generated.sent_back;
    let requests: std::collections::BTreeSet<&str> = sent_back.iter().map(|p| p.request.as_str()).collect();
    let answers: std::collections::BTreeSet<&str> = sent_back.iter().map(|p| p.answer.as_str()).collect();
    println!("sent back: {} requests made from answers of their resource, {} pairs ({} answer types)", requests.len(), sent_back.len(), answers.len());
    for pair in sent_back {
        println!("    {} from {}", pair.request, pair.answer);
    }
    let names = lower::NameStats::of(&lowered);
    println!(
        "names: {} unique calls of {} operations, mean verb {:.1} characters; median type name {:.1} characters over {} types; {} of {} named return types start with an operation id",
        names.unique_calls, names.operations, names.mean_verb_length, names.median_type_name_length, names.type_count, names.returns_named_after_operation_ids, names.named_returns
    );
    // The naming targets of types that fit their place (codegen/src/lower/name_stats.rs).
    println!(
        "type names: {} of {} named return types ({:.1}%) share a domain word with their call's path; {} hashed names; {} answer types named as a body, {} request types named as a result",
        names.returns_sharing_a_domain_word,
        names.named_returns,
        100.0 * names.returns_sharing_a_domain_word as f64 / names.named_returns.max(1) as f64,
        names.hashed_names.len(),
        names.answers_named_as_bodies.len(),
        names.requests_named_as_results.len()
    );
    for (name, call) in &names.misfit_returns {
        println!("    {name} returned by {call}");
    }
    println!("request bodies: {} of {} share a domain word with their call's path (the same rule as returns)", names.bodies - names.misfit_bodies.len(), names.bodies);
    for (name, place) in &names.misfit_bodies {
        println!("    {name} at {place}");
    }
    let mut largest: Vec<(&String, &usize)> = names.own_types_by_group.iter().collect();
    largest.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let widest = names.shared_types.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    println!(
        "groups: {} groups; {} types used by one group, {} by several{}; the largest by the types only they use: {}",
        names.own_types_by_group.len(),
        names.own_types_by_group.values().sum::<usize>(),
        names.shared_types.len(),
        widest.map(|(name, n)| format!(" (the widest {name}, by {n})")).unwrap_or_default(),
        largest.iter().take(8).map(|(group, n)| format!("{group} {n}")).collect::<Vec<_>>().join(", ")
    );
    let misfit_types: std::collections::BTreeSet<&str> = names.misfit_field_places.iter().map(|(name, _)| name.as_str()).collect();
    println!(
        "field types: {} of {} places inside answers and bodies ({:.1}%) have a type whose name shares a domain word with a field along the place, its holder's name or the path; {} types misfit somewhere",
        names.field_places - names.misfit_field_places.len(),
        names.field_places,
        100.0 * (names.field_places - names.misfit_field_places.len()) as f64 / names.field_places.max(1) as f64,
        misfit_types.len()
    );
    // The types that misfit at the most places, with one of them.
    let mut by_type: std::collections::BTreeMap<&str, (usize, &str)> = std::collections::BTreeMap::new();
    for (name, place) in &names.misfit_field_places {
        by_type.entry(name.as_str()).or_insert((0, place.as_str())).0 += 1;
    }
    let mut by_type: Vec<_> = by_type.into_iter().collect();
    by_type.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (name, (count, place)) in by_type.iter().take(20) {
        println!("    {name} at {count} places, as at {place}");
    }
    // Any JSON, or a list, map or option of it: what the spec does not type.
    fn untyped(ty: &lower::RustType) -> bool {
        match ty {
            lower::RustType::Json => true,
            lower::RustType::Vec(inner) | lower::RustType::Map(inner) | lower::RustType::Option(inner) => untyped(inner),
            _ => false,
        }
    }
    let untyped_answers = lowered.operations.iter().filter(|o| matches!(&o.output, lower::Output::Envelope { result: ty, .. } | lower::Output::Json(ty) if untyped(ty))).count();
    println!("answers: {untyped_answers} of {} calls answer untyped JSON (serde_json::Value, or a list, map or option of it)", lowered.operations.len());
    let paged = |how: lower::Pagination| lowered.operations.iter().filter(|o| o.pagination == Some(how)).count();
    println!("paginate(): {} lists by page number, {} by cursor, {} by offset", paged(lower::Pagination::Page), paged(lower::Pagination::Cursor), paged(lower::Pagination::Offset));
    let bodies = lower::BodyFieldStats::of(&lowered);
    println!(
        "request bodies: {} of {} fields are any JSON (serde_json::Value, or a map or list of it); {} integers, {} other numbers",
        bodies.untyped.len(),
        bodies.fields,
        bodies.integers,
        bodies.numbers
    );
    let mut reasons: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (field, why) in &bodies.untyped {
        reasons.entry(why).or_default().push(field);
    }
    // Every field, one per line: the list a maintainer works through.
    for (why, fields) in reasons {
        println!("  {} {why}:", fields.len());
        for field in fields {
            println!("    {field}");
        }
    }
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

fn import_document(root: &Path, document: &Path, absent: Absent) -> Result<(), String> {
    use cloudflare_sdk_codegen::import;
    let value = import::read_document(document).map_err(|e| e.to_string())?;
    let import::Imported { endpoints, notes } = import::import(&value, document).map_err(|e| e.to_string())?;
    let problems: Vec<_> = endpoints.iter().flat_map(|e| spec::validate_endpoint(&Path::new("spec").join(e.relative_path()), e)).collect();
    if !problems.is_empty() {
        return Err(cloudflare_sdk_codegen::Error::Spec(problems).to_string());
    }
    let report = import::write_spec(&root.join("spec"), &endpoints, absent).map_err(|e| e.to_string())?;
    println!(
        "imported {} operations: {} added, {} changed, {} unchanged, {} moved, {} renamed; {} absent upstream{}",
        endpoints.len(),
        report.added.len(),
        report.changed.len(),
        report.unchanged,
        report.moved.len(),
        report.renamed.len(),
        report.absent_upstream.len() + report.removed.len(),
        if report.removed.is_empty() { "" } else { " (removed)" },
    );
    for (what, list) in [("added", &report.added), ("changed", &report.changed), ("moved", &report.moved), ("renamed", &report.renamed), ("removed", &report.removed)] {
        for id in list.iter().take(50) {
            println!("  {what}: {id}");
        }
        if list.len() > 50 {
            println!("  ... and {} more {what}", list.len() - 50);
        }
    }
    for id in &report.absent_upstream {
        println!("  absent upstream (kept; `--prune` removes it): {id}");
    }
    for id in &report.kept_records {
        println!("  absent upstream, kept: imported from a record: {id}");
    }
    for note in &notes {
        println!("  note: {note}");
    }
    if report.added.len() + report.changed.len() + report.moved.len() + report.renamed.len() + report.removed.len() > 0 {
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

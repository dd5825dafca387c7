//! The pipeline behind `cloudflare-sdk`, one pure stage per module:
//!
//! ```text
//! spec/<tag>/<operation>.yaml --spec--> Endpoint --lower--> openapiv3 + Operation
//!                             --generate--> Rust source (progenitor + quote + prettyplease)
//! ```
//!
//! `build.rs` calls [`build_script::run`]; the xtask calls the same functions to check or
//! regenerate the committed snapshot. Neither has logic of its own.

pub mod build_script;
pub mod catalog;
pub mod conformance;
pub mod crates;
pub mod error;
pub mod export;
pub mod generate;
pub mod import;
pub mod lower;
pub mod spec;
pub mod workspace;
mod yaml;

use std::path::Path;

pub use error::{Diagnostic, Error, Result};
pub use generate::{Driver, MockTree, Snapshot};
pub use lower::{CallNames, Recorded, TypeNames};
pub use spec::TagFilter;

/// Reads the recorded names of shapes (`type-names.yaml` at `path`, and `type-places.txt`
/// beside it); a missing file records none.
pub fn read_type_names(path: &Path) -> Result<TypeNames> {
    let names = read_record(path, TypeNames::parse)?;
    let places_path = path.with_file_name(Path::new(workspace::TYPE_PLACES).file_name().unwrap_or_default());
    let places = read_record(&places_path, |text| Ok::<_, String>(text.to_string()))?;
    names.with_places(&places).map_err(|message| Diagnostic::new(&places_path, "", message).into())
}

/// Reads the records under `root` (`generated/type-names.yaml`, `generated/calls.txt`,
/// `generated/features.txt`); a missing file records none.
pub fn read_recorded(root: &Path) -> Result<Recorded> {
    Ok(Recorded { types: read_type_names(&root.join(workspace::TYPE_NAMES))?, calls: read_record(&root.join(workspace::CALLS), CallNames::parse)?, features: read_features(root)? })
}

/// Reads `generated/features.txt` under `root`; a missing file records none.
pub fn read_features(root: &Path) -> Result<lower::Features> {
    read_record(&root.join(workspace::FEATURES), lower::Features::parse)
}

fn read_record<T: Default>(path: &Path, parse: impl Fn(&str) -> std::result::Result<T, String>) -> Result<T> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|message| Diagnostic::new(path, "", message).into()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(err) => Err(Error::io(path, err)),
    }
}

/// Everything the pipeline produced for one spec folder.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub spec: spec::Spec,
    pub lowered: lower::Lowered,
    pub generated: generate::Generated,
    /// Seconds spent loading, lowering and generating.
    pub seconds: [f64; 3],
}

/// Loads, validates, lowers and generates the tags of `spec_dir` that `filter` selects;
/// types and calls are named as `names` records.
pub fn run(spec_dir: &Path, filter: &TagFilter, names: &Recorded, snapshot: generate::Snapshot) -> Result<Pipeline> {
    run_with(spec_dir, filter, names, snapshot, Parts::default())
}

/// Everything a generation in parts produced for one spec folder ([`generate::parts`]).
#[derive(Debug, Clone)]
pub struct PartsPipeline {
    pub spec: spec::Spec,
    pub lowered: lower::Lowered,
    pub placement: lower::placement::Placement,
    pub parts: generate::parts::Parts,
    /// Seconds spent loading, lowering and generating.
    pub seconds: [f64; 3],
}

/// Loads, validates and lowers the tags of `spec_dir` that `filter` selects, then generates
/// them in parts: each group, and the types several share.
pub fn run_in_parts(spec_dir: &Path, filter: &TagFilter, names: &Recorded, snapshot: generate::Snapshot) -> Result<PartsPipeline> {
    run_in_parts_beside(spec_dir, filter, names, snapshot, |_, _| ()).map(|(pipeline, ())| pipeline)
}

/// [`run_in_parts`], running `beside` over the spec and its lowering on a thread of its own
/// while the parts generate: what else is derived from them (the command line's table, the
/// canonical spec files) costs no wall time on a machine with a core to spare.
pub fn run_in_parts_beside<T: Send>(
    spec_dir: &Path,
    filter: &TagFilter,
    names: &Recorded,
    snapshot: generate::Snapshot,
    beside: impl FnOnce(&spec::Spec, &lower::Lowered) -> T + Send,
) -> Result<(PartsPipeline, T)> {
    let started = std::time::Instant::now();
    let spec = spec::load_dir(spec_dir, filter)?;
    let loaded = started.elapsed().as_secs_f64();
    let lowered = lower::lower(&spec, names)?;
    let lowered_at = started.elapsed().as_secs_f64();
    let placement = lower::placement::Placement::of(&lowered);
    let (parts, other) = std::thread::scope(|scope| {
        let other = scope.spawn(|| beside(&spec, &lowered));
        let parts = generate::parts::generate_parts(&lowered, &placement, snapshot);
        (parts, other.join())
    });
    let other = other.map_err(|_| error::Error::Generate { operation: "(beside the parts)".into(), message: "a derivation beside the parts panicked".into() })?;
    let seconds = [loaded, lowered_at - loaded, started.elapsed().as_secs_f64() - lowered_at];
    Ok((PartsPipeline { spec, lowered, placement, parts: parts?, seconds }, other))
}

/// What is generated beside the client when its feature asks for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// The conformance driver (the `conformance` feature).
    pub conformance_driver: bool,
    /// The mock's tree (the `mock` feature).
    pub mock: bool,
}

/// [`run`], also generating the `parts` asked for.
pub fn run_with(spec_dir: &Path, filter: &TagFilter, names: &Recorded, snapshot: generate::Snapshot, parts: Parts) -> Result<Pipeline> {
    let started = std::time::Instant::now();
    let spec = spec::load_dir(spec_dir, filter)?;
    let loaded = started.elapsed().as_secs_f64();
    let lowered = lower::lower(&spec, names)?;
    let lowered_at = started.elapsed().as_secs_f64();
    let with_driver = if parts.conformance_driver { generate::Driver::Include(&spec.endpoints) } else { generate::Driver::Skip };
    let mock_tree = if parts.mock { generate::MockTree::Include } else { generate::MockTree::Skip };
    let generated = generate::generate(&lowered, snapshot, with_driver, mock_tree)?;
    let seconds = [loaded, lowered_at - loaded, started.elapsed().as_secs_f64() - lowered_at];
    Ok(Pipeline { spec, lowered, generated, seconds })
}

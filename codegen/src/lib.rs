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
pub mod error;
pub mod generate;
pub mod lower;
pub mod spec;
pub mod workspace;
mod yaml;

use std::path::Path;

pub use error::{Diagnostic, Error, Result};
pub use spec::TagFilter;

/// Everything the pipeline produced for one spec folder.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub spec: spec::Spec,
    pub lowered: lower::Lowered,
    pub generated: generate::Generated,
}

/// Loads, validates, lowers and generates the tags of `spec_dir` that `filter` selects.
pub fn run(spec_dir: &Path, filter: &TagFilter) -> Result<Pipeline> {
    let spec = spec::load_dir(spec_dir, filter)?;
    let lowered = lower::lower(&spec)?;
    let generated = generate::generate(&lowered)?;
    Ok(Pipeline { spec, lowered, generated })
}

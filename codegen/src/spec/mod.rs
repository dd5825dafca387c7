//! The spec folder: `spec/<tag-slug>/<operation-id>.yaml`, one normalized endpoint per file.

mod example;
mod model;
mod record;
pub use cloudflare_sdk_rules::template;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use example::example_value;
pub use model::*;
pub use record::parse_record;
pub use validate::{is_status_key, validate_endpoint, SCHEMA_TYPES, SECURITY_HEADERS, SECURITY_SCHEMES};

use crate::error::{Diagnostic, Error, Result};
use crate::yaml;

/// Which tags to work on: all of them, or the ones whose slugs are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFilter {
    All,
    Only(BTreeSet<String>),
}

impl TagFilter {
    pub fn includes(&self, slug: &str) -> bool {
        match self {
            TagFilter::All => true,
            TagFilter::Only(slugs) => slugs.contains(slug),
        }
    }
}

/// A loaded, validated set of endpoints, ordered by tag slug then operation id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spec {
    pub endpoints: Vec<Endpoint>,
}

impl Spec {
    /// Tag slug -> tag name, for every tag present.
    pub fn tags(&self) -> BTreeMap<String, String> {
        self.endpoints.iter().map(|e| (e.tag_slug(), e.tag.clone())).collect()
    }
}

/// Reads and checks one spec file on its own (no cross-file checks).
pub fn load_file(path: &Path) -> Result<Endpoint> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_file(path, &text)
}

/// Parses and checks spec-file text; `path` only names it in diagnostics.
pub fn parse_file(path: &Path, text: &str) -> Result<Endpoint> {
    let endpoint: Endpoint = yaml::from_str(text).map_err(|e| Diagnostic::new(path, e.field, e.message))?;
    let problems = validate_endpoint(path, &endpoint);
    if problems.is_empty() {
        Ok(endpoint)
    } else {
        Err(Error::Spec(problems))
    }
}

/// Loads every spec file of the tags `filter` selects, with the checks that span files:
/// each file sits at `<tag-slug>/<operation-id>.yaml` and operation ids are unique.
/// Collects the problems of all files before failing.
pub fn load_dir(dir: &Path, filter: &TagFilter) -> Result<Spec> {
    let mut problems = Vec::new();
    let mut endpoints = Vec::new();
    for file in spec_files(dir, filter, &mut problems)? {
        match load_file(&file) {
            Ok(endpoint) => {
                let expected = dir.join(endpoint.relative_path());
                if expected != file {
                    problems.push(Diagnostic::new(&file, "tag", format!("the file for tag `{}` and operation `{}` belongs at {}", endpoint.tag, endpoint.operation_id, expected.display())));
                }
                endpoints.push((file, endpoint));
            }
            Err(Error::Spec(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }

    let mut first_file: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut first_route: BTreeMap<(Method, &str), &Path> = BTreeMap::new();
    for (file, endpoint) in &endpoints {
        if let Some(earlier) = first_file.insert(&endpoint.operation_id, file) {
            problems.push(Diagnostic::new(file, "operation_id", format!("`{}` is also the operation id of {}", endpoint.operation_id, earlier.display())));
        }
        if let Some(earlier) = first_route.insert((endpoint.method, &endpoint.path), file) {
            problems.push(Diagnostic::new(file, "path", format!("`{} {}` is also the method and path of {}", endpoint.method, endpoint.path, earlier.display())));
        }
    }

    if !problems.is_empty() {
        return Err(Error::Spec(problems));
    }
    let mut endpoints: Vec<Endpoint> = endpoints.into_iter().map(|(_, e)| e).collect();
    endpoints.sort_by(|a, b| (a.tag_slug(), &a.operation_id).cmp(&(b.tag_slug(), &b.operation_id)));
    Ok(Spec { endpoints })
}

/// The `.yaml` files under the selected tag folders, sorted. Stray files are problems.
fn spec_files(dir: &Path, filter: &TagFilter, problems: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in sorted_entries(dir)? {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if entry.is_dir() {
            if !filter.includes(&name) {
                continue;
            }
            for file in sorted_entries(&entry)? {
                if file.extension().is_some_and(|ext| ext == "yaml") && file.is_file() {
                    files.push(file);
                } else {
                    problems.push(Diagnostic::new(&file, "", "not a spec file: a tag folder holds only `<operation-id>.yaml` files"));
                }
            }
        } else if name.ends_with(".yaml") {
            problems.push(Diagnostic::new(&entry, "tag", "spec files live in a tag folder: `spec/<tag-slug>/<operation-id>.yaml`"));
        }
    }
    Ok(files)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let read = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut entries = Vec::new();
    for entry in read {
        entries.push(entry.map_err(|e| Error::io(dir, e))?.path());
    }
    entries.sort();
    Ok(entries)
}

/// The exact text of an endpoint's spec file: the model's field order, mapping keys sorted.
pub fn canonical_yaml(endpoint: &Endpoint) -> Result<String> {
    yaml::to_string(endpoint).map_err(|message| Error::Generate { operation: endpoint.operation_id.clone(), message: format!("serializing the spec file: {message}") })
}

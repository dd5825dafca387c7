//! Errors of the pipeline. Every problem with the input names the file and the field.

use std::fmt;
use std::path::PathBuf;

/// One problem found in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as given to the loader (relative paths stay relative).
    pub file: PathBuf,
    /// Dotted path of the offending field (`parameters[0].schema.type`); empty for the whole file.
    pub field: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), field: field.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}: field `{}`: {}", self.file.display(), self.field, self.message)
        }
    }
}

/// Everything that can stop the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid; every problem found is listed, not only the first.
    #[error("{}", render_all(.0))]
    Spec(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// Progenitor (or our own generation) rejected an operation that passed validation.
    #[error("generating code for {operation}: {message}")]
    Generate { operation: String, message: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Spec(vec![diagnostic])
    }
}

fn render_all(all: &[Diagnostic]) -> String {
    let mut out = format!("the spec has {} problem{}:", all.len(), if all.len() == 1 { "" } else { "s" });
    for diagnostic in all {
        out.push_str("\n  ");
        out.push_str(&diagnostic.to_string());
    }
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

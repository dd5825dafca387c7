//! The only module that touches `serde_yaml`.
//!
//! `serde_yaml` is marked deprecated upstream; keeping it behind these two functions means a
//! maintained fork (for example `serde_yaml_ng`) is a one-line change in `Cargo.toml` and here.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A YAML document that could not be read as `T`: where and why.
#[derive(Debug)]
pub struct YamlError {
    /// Dotted path of the field that failed (`responses.200.description`), empty for the root.
    pub field: String,
    /// The parser's own words, with line and column when it knows them.
    pub message: String,
}

/// Parses one YAML document into `T`, tracking the path of the field that failed.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let field = err.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let message = err.into_inner().to_string();
        // serde_yaml starts its message with the path too; say it once.
        let message = message.strip_prefix(&format!("{field}: ")).map(str::to_string).unwrap_or(message);
        YamlError { field, message }
    })
}

/// Serializes `value` as YAML. Map keys come out in the order `T` gives them, so the
/// caller decides the canonical layout.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|err| err.to_string())
}

//! The one place serde_yaml is used (`--output yaml`), so that a maintained fork is a one-line
//! swap.

pub fn to_string(value: &serde_json::Value) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| format!("cannot write YAML: {e}"))
}

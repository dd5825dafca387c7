//! Media types: which are JSON, which are forms.

/// The media type of a JSON body.
pub const JSON: &str = "application/json";

/// A media type without its parameters: `multipart/form-data; boundary=x` -> `multipart/form-data`.
pub fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

/// JSON, plain (`application/json`) or a flavour of it (`application/scim+json`), whatever its
/// parameters (`; charset=utf-8`). Media types are case-insensitive.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type).to_ascii_lowercase();
    essence == JSON || essence.ends_with("+json")
}

/// `multipart/form-data` and its kin.
pub fn is_multipart(media_type: &str) -> bool {
    essence(media_type).to_ascii_lowercase().starts_with("multipart/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_plain_json_or_a_flavour_of_it_whatever_its_parameters() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/scim+json"));
        assert!(!is_json("application/jsonl"));
        assert!(!is_json("text/plain"));
        assert!(!is_json(""));
        assert_eq!(essence("multipart/form-data; boundary=x"), "multipart/form-data");
        assert!(is_multipart("multipart/form-data; boundary=x"));
        assert!(!is_multipart("application/octet-stream"));
    }
}

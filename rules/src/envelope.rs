//! Cloudflare's envelope: `{"success": .., "errors": [..], "messages": [..], "result": ..}`.

/// The keys that mark an answer as an envelope: both present.
pub const MARKERS: [&str; 2] = ["success", "errors"];

/// Whether an object with these keys (`has_key` answers for each) is an envelope.
pub fn is_envelope(has_key: impl Fn(&str) -> bool) -> bool {
    MARKERS.iter().all(|key| has_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_has_both_success_and_errors() {
        let object = |keys: &'static [&'static str]| move |key: &str| keys.contains(&key);
        assert!(is_envelope(object(&["success", "errors", "result"])));
        assert!(!is_envelope(object(&["success", "result"])));
        assert!(!is_envelope(object(&["errors"])));
    }
}

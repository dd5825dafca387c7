//! Which of an operation's responses is its success.

/// Whether a spec's response key (`200`, `204`, `2XX`) is a success: a 2xx status. `default`
/// and every other class are not.
pub fn is_success(key: &str) -> bool {
    key.starts_with('2')
}

/// The success among an operation's responses: the first 2xx in the order given. A spec's
/// responses are kept sorted, so that is the lowest code, and `2XX` only when no code is named.
pub fn success<K: AsRef<str>, V>(responses: impl IntoIterator<Item = (K, V)>) -> Option<(K, V)> {
    responses.into_iter().find(|(key, _)| is_success(key.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_success_is_the_lowest_2xx_and_a_class_only_when_no_code_is_named() {
        let responses: BTreeMap<&str, u8> = [("4XX", 1), ("2XX", 2), ("default", 3), ("204", 4), ("200", 5)].into();
        assert_eq!(success(&responses), Some((&"200", &5)));
        let classes: BTreeMap<&str, u8> = [("default", 1), ("2XX", 2)].into();
        assert_eq!(success(&classes), Some((&"2XX", &2)));
        let failures: BTreeMap<&str, u8> = [("default", 1), ("404", 2)].into();
        assert_eq!(success(&failures), None);
    }
}

//! Path parameters: every value becomes exactly one path segment of the request URL.
//!
//! Progenitor's encoder leaves `\` alone, which URL parsing turns into `/`, and lets `.`, `..`
//! and the empty string through, which URL normalization resolves into another path. Generated
//! code calls [`segment`] instead, so a value can never reach another endpoint.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// The URL standard's path percent-encode set, plus `/`, `\` and `%`: nothing in a value
/// separates segments, and a value's own `%` stays a `%`.
const SEGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'/').add(b'\\').add(b'%');

/// Letters, digits, `-`, `.`, `_` and `~`: never encoded.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// `value` percent-encoded as one path segment; borrowed when nothing needs encoding.
#[doc(hidden)]
pub fn segment(value: &str) -> Result<Cow<'_, str>, String> {
    match value {
        "" | "." | ".." => Err(format!("a path parameter cannot be `{value}`: the URL would lose a segment or climb one")),
        // Identifiers, the usual value, need no encoding; a table lookup per byte is the
        // cheapest way to tell.
        _ if value.bytes().all(|b| UNRESERVED[b as usize]) => Ok(Cow::Borrowed(value)),
        _ => Ok(utf8_percent_encode(value, SEGMENT).into()),
    }
}

/// `value` percent-encoded as one or more path segments, split at its `/`: for a path
/// parameter the API declares `allowReserved` (an R2 object key such as `logs/2026/a.txt`).
/// Each part is encoded as [`segment`] encodes a value; a part that is `.` or `..` is refused,
/// since URL normalization would climb out of the parameter's place. Empty parts stay (`a//b`
/// is a key of its own); an empty value is refused.
#[doc(hidden)]
pub fn segments(value: &str) -> Result<Cow<'_, str>, String> {
    if value.is_empty() {
        return segment(value);
    }
    if let Some(part) = value.split('/').find(|part| matches!(*part, "." | "..")) {
        return Err(format!("a path parameter cannot hold the segment `{part}`: the URL would climb out of its place"));
    }
    if value.bytes().all(|b| b == b'/' || UNRESERVED[b as usize]) {
        return Ok(Cow::Borrowed(value));
    }
    let parts: Vec<Cow<'_, str>> = value.split('/').map(|part| utf8_percent_encode(part, SEGMENT).into()).collect();
    Ok(Cow::Owned(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::{segment, segments};

    #[test]
    fn a_reserved_value_keeps_its_slashes_and_refuses_dot_segments() {
        assert_eq!(segments("logs/2026/a b.txt").unwrap(), "logs/2026/a%20b.txt");
        assert_eq!(segments("a//b").unwrap(), "a//b");
        assert_eq!(segments("a\\b?c").unwrap(), "a%5Cb%3Fc");
        for value in ["", ".", "..", "a/../b", "a/./b", "../a", "a/.."] {
            assert!(segments(value).is_err(), "{value}");
        }
        assert_eq!(segments("..a/b..").unwrap(), "..a/b..");
    }

    #[test]
    fn separators_and_percent_signs_are_encoded() {
        assert_eq!(segment("a/b\\c?d#e%2e").unwrap(), "a%2Fb%5Cc%3Fd%23e%252e");
        assert_eq!(segment("..x").unwrap(), "..x");
        assert!(matches!(segment("023e105f4ecef8ad9ca31a8372d0c353").unwrap(), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in ["", ".", ".."] {
            assert!(segment(value).unwrap_err().contains(&format!("`{value}`")));
        }
    }

    proptest::proptest! {
        /// Any value but the three refused becomes exactly one segment of a URL, which
        /// decodes back to the value.
        #[test]
        fn a_value_is_one_segment_that_decodes_back(value in proptest::prop_oneof!["[./\\\\%?#a-z]{0,6}", ".*"]) {
            match segment(&value) {
                Err(_) => proptest::prop_assert!(["", ".", ".."].contains(&value.as_str())),
                Ok(encoded) => {
                    // As generated code builds it.
                    let url = reqwest::Url::parse(&format!("https://api.example.com/client/v4/zones/{encoded}/dns_records")).unwrap();
                    let segments: Vec<_> = url.path_segments().unwrap().collect();
                    proptest::prop_assert_eq!(segments.len(), 5, "{}", url);
                    proptest::prop_assert_eq!(segments[4], "dns_records");
                    let decoded = percent_encoding::percent_decode_str(segments[3]).decode_utf8().unwrap();
                    proptest::prop_assert_eq!(decoded, value.as_str());
                }
            }
        }
    }
}

//! Timestamps as the API sent them, parsed on demand.
//!
//! The spec says `format: date-time` (RFC 3339), but the live API is not always that strict
//! (`2014-01-01T05:20:00.12345Z`, offsets, a space for the `T`). Decoding never parses, so
//! no timestamp fails an answer; [`Timestamp::parse`] reads one when it is wanted, and the
//! text is always there as it came.

use std::fmt;

/// A timestamp field: the text as sent, which [`Timestamp::parse`] reads as a date and time.
///
/// It derefs to `str`, so `invite.expires_on.as_deref()` is an `Option<&str>`; it is built
/// from a `&str` or a `String` where one is sent. Ordering is by text, which for RFC 3339
/// timestamps of one offset is their order in time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// The text as it was sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The timestamp as an RFC 3339 date and time, with its offset.
    pub fn parse(&self) -> Result<time::OffsetDateTime, time::error::Parse> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for Timestamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Never fails: any text is kept, and read by [`Timestamp::parse`].
impl std::str::FromStr for Timestamp {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Timestamp(text.to_owned()))
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Timestamp(text)
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Timestamp(text.to_owned())
    }
}

impl From<time::OffsetDateTime> for Timestamp {
    /// In RFC 3339, as the API takes it.
    fn from(at: time::OffsetDateTime) -> Self {
        // Formatting fails only for years outside 0..=9999, which RFC 3339 cannot write; the
        // text is then the `Display` form, and the API judges it.
        let text = at.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| at.to_string());
        Timestamp(text)
    }
}

impl PartialEq<str> for Timestamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn keeps_the_text_and_parses_on_demand() {
        let at: Timestamp = serde_json::from_str(r#""2014-01-01T05:20:00.12345Z""#).unwrap();
        assert_eq!(at.as_str(), "2014-01-01T05:20:00.12345Z");
        let parsed = at.parse().unwrap();
        assert_eq!((parsed.year(), parsed.hour(), parsed.nanosecond()), (2014, 5, 123_450_000));
        assert_eq!(serde_json::to_string(&at).unwrap(), r#""2014-01-01T05:20:00.12345Z""#);
        // Not RFC 3339: it decodes, and only parsing says so.
        let odd: Timestamp = serde_json::from_str(r#""2014-01-01 05:20:00""#).unwrap();
        assert!(odd.parse().is_err());
        assert_eq!(odd, "2014-01-01 05:20:00");
        assert_eq!(Timestamp::from(parsed).parse().unwrap(), parsed);
    }
}

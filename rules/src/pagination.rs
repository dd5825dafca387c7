//! How a list is paged.

use serde::{Deserialize, Serialize};

/// How a list call asks for its next page: the SDK's `paginate()`, the mock's pages and the
/// command line's `--all` walk a list by this. Written in the command line's table in lower
/// case (`"page"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pagination {
    /// `page` (and `per_page`) query parameters.
    Page,
    /// A `cursor` query parameter, answered by `result_info.cursor` / `cursors.after`.
    Cursor,
    /// An `offset` query parameter (with `limit` or the like): the next page starts after the
    /// items sent so far.
    Offset,
}

impl Pagination {
    /// Every kind.
    pub const ALL: [Pagination; 3] = [Pagination::Page, Pagination::Cursor, Pagination::Offset];

    /// The query parameter that asks for a page: `page`, `cursor` or `offset`.
    pub fn query_parameter(self) -> &'static str {
        match self {
            Pagination::Page => "page",
            Pagination::Cursor => "cursor",
            Pagination::Offset => "offset",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_written_as_the_query_parameter_it_asks_with() {
        for kind in Pagination::ALL {
            let written = serde_json::to_value(kind).unwrap();
            assert_eq!(written, kind.query_parameter());
            assert_eq!(serde_json::from_value::<Pagination>(written).unwrap(), kind);
        }
        assert!(serde_json::from_str::<Pagination>("\"pages\"").is_err());
    }
}

//! Path templates (`/zones/{zone_id}/scans/{scan_id}.png`), read in one place: the spec
//! model, the tree, the import's renames and its repeated-name rule all see a template as the
//! same pieces.

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text, `/` included.
    Text(&'a str),
    /// A `{parameter}`, by name.
    Parameter(&'a str),
}

/// The pieces of `template`, in order. A `{` that is never closed is text.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some((open, close)) = rest.find('{').and_then(|open| Some((open, open + rest[open..].find('}')?))) {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Parameter(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The names in `{braces}`, in order.
pub fn parameter_names(template: &str) -> Vec<&str> {
    pieces(template)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Parameter(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect()
}

/// The template with every parameter as `{}`: what stays when upstream renames parameters.
pub fn without_names(template: &str) -> String {
    pieces(template)
        .into_iter()
        .map(|piece| match piece {
            Piece::Parameter(_) => "{}",
            Piece::Text(text) => text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_text_and_named_parameters_even_inside_a_segment() {
        assert_eq!(pieces("/zones/{zone_id}/scans/{scan_id}.png"), [Piece::Text("/zones/"), Piece::Parameter("zone_id"), Piece::Text("/scans/"), Piece::Parameter("scan_id"), Piece::Text(".png")]);
        assert_eq!(parameter_names("/a/{x}.{y}/{x}"), ["x", "y", "x"]);
        assert_eq!(without_names("/a/{x}.{y}/b"), "/a/{}.{}/b");
    }

    #[test]
    fn an_unclosed_brace_is_text() {
        assert_eq!(pieces("/a/{b"), [Piece::Text("/a/{b")]);
        assert_eq!(parameter_names("/a/{b}/{c"), ["b"]);
    }
}

//! Path templates (`/zones/{zone_id}/scans/{scan_id}.png`), read in one place: the spec
//! model, the tree, the import's renames, the mock's routes and the command line's requests all
//! see a template as the same segments and pieces.

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

/// The segments of a path (or template) between its `/`s, empty ones left out.
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

/// The parameter a segment is made of when it is nothing else: `{zone_id}` -> `zone_id`;
/// `None` for `dns_records`, `{scan_id}.png` or `{a}{b}`.
pub fn whole_parameter(segment: &str) -> Option<&str> {
    match pieces(segment)[..] {
        [Piece::Parameter(name)] => Some(name),
        _ => None,
    }
}

/// The template with each parameter replaced by what `value` gives for its name; the first
/// error `value` gives is the answer.
pub fn fill<E>(template: &str, mut value: impl FnMut(&str) -> Result<String, E>) -> Result<String, E> {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Parameter(name) => out.push_str(&value(name)?),
        }
    }
    Ok(out)
}

/// Whether `path` is one of `template`'s paths: segment by segment, a segment holding a
/// parameter matches any segment, the others only themselves.
pub fn matches(template: &str, path: &str) -> bool {
    let (mut wanted, mut given) = (segments(template), segments(path));
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || pieces(w).iter().any(|p| matches!(p, Piece::Parameter(_))) => {}
            _ => return false,
        }
    }
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
    fn a_segment_is_a_whole_parameter_only_when_it_holds_nothing_else() {
        assert_eq!(segments("/zones//{zone_id}/").collect::<Vec<_>>(), ["zones", "{zone_id}"]);
        assert_eq!(whole_parameter("{zone_id}"), Some("zone_id"));
        assert_eq!(whole_parameter("{scan_id}.png"), None);
        assert_eq!(whole_parameter("{a}{b}"), None);
        assert_eq!(whole_parameter("dns_records"), None);
    }

    #[test]
    fn filling_a_template_replaces_every_parameter_and_stops_at_the_first_error() {
        let value = |name: &str| match name {
            "x" => Ok("1".to_string()),
            other => Err(other.to_string()),
        };
        assert_eq!(fill("/a/{x}.{x}/b", value), Ok("/a/1.1/b".to_string()));
        assert_eq!(fill("/a/{x}/{y}/{z}", value), Err("y".to_string()));
    }

    #[test]
    fn a_path_matches_a_template_segment_by_segment() {
        assert!(matches("/zones/{zone_id}/dns_records", "/zones/z1/dns_records"));
        assert!(matches("/scans/{scan_id}.png", "/scans/s1.png"));
        assert!(!matches("/zones/{zone_id}/dns_records", "/zones/z1/dns_records/r1"));
        assert!(!matches("/zones/{zone_id}", "/accounts/a1"));
        assert!(!matches("/zones/{zone_id", "/zones/z1"));
    }

    #[test]
    fn an_unclosed_brace_is_text() {
        assert_eq!(pieces("/a/{b"), [Piece::Text("/a/{b")]);
        assert_eq!(parameter_names("/a/{b}/{c"), ["b"]);
    }
}

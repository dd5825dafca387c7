//! The text of a call in the resource tree: `zone(zone_id).dns_records().get(dns_record_id)`,
//! as `generated/api.txt`, the operations' metadata, the command line's table and the recorded
//! names write it.

use std::fmt::Write;

/// One step of a call: a handle, a collection or the verb, with the path parameter it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// `zone`, `dns_records`, `get`: a Rust identifier in snake case.
    pub name: &'a str,
    /// `zone_id`, when the step takes a parameter.
    pub arg: Option<&'a str>,
}

/// The steps of `text`; `None` unless every step is `name()` or `name(arg)` with `name` and
/// `arg` identifiers (ASCII letters, digits and `_`, not starting with a digit).
pub fn parse(text: &str) -> Option<Vec<Step<'_>>> {
    let identifier = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !s.starts_with(|c: char| c.is_ascii_digit());
    text.split('.')
        .map(|step| {
            let (name, rest) = step.split_once('(')?;
            let arg = rest.strip_suffix(')')?;
            (identifier(name) && (arg.is_empty() || identifier(arg))).then_some(Step { name, arg: (!arg.is_empty()).then_some(arg) })
        })
        .collect()
}

/// The text of `steps`: what [`parse`] reads.
pub fn text<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    let mut out = String::new();
    for (n, step) in steps.into_iter().enumerate() {
        if n > 0 {
            out.push('.');
        }
        let _ = write!(out, "{}({})", step.name, step.arg.unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_steps_of_identifiers_each_with_at_most_one_parameter() {
        let call = "zone(zone_id).dns_records().get(dns_record_id)";
        let steps = parse(call).unwrap();
        assert_eq!(steps, [Step { name: "zone", arg: Some("zone_id") }, Step { name: "dns_records", arg: None }, Step { name: "get", arg: Some("dns_record_id") }]);
        assert_eq!(text(steps), call);
        for bad in ["", "zone", "zone(a, b)", "zone(zone_id).", "2zone()", "zone(zone-id)", "zone(x)y()"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}

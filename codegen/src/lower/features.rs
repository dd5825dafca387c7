//! Cargo features: which feature enables each tag (a `spec/` folder).
//!
//! crates.io takes at most 300 features, and Cloudflare adds tags with every release (255 in
//! the 2024-02-12 document, 289 six months later), so a feature per tag does not last. A
//! feature is a group of the resource tree instead ([`super::tree::group`]: `dns-records`,
//! `access`, `workers`), which is also how a user thinks of the API.
//!
//! The rule, per tag: the group most of its operations sit in (the alphabetically first on a
//! tie); a group named like one of the crate's own features gets `-api` appended. It reads
//! only the tag's own operations, so a build of some tags names them as a build of all does.
//!
//! **Recorded features win.** `generated/features.txt` records the feature of every tag; a
//! recorded tag keeps its feature while it exists, so a newer upstream moves no tag a
//! user enabled. Editing a line there is how a human moves a tag.

use std::collections::{BTreeMap, BTreeSet};

use super::tree;
use crate::spec::Endpoint;

/// Features the crate defines by hand; a group never takes one of these names.
pub const RESERVED: [&str; 5] = ["default", "full", "rustls", "native-tls", "conformance"];

/// Tag slug -> feature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    pub tags: BTreeMap<String, String>,
}

impl Features {
    /// The feature of every tag of `endpoints`: recorded, or else by the rule.
    pub fn assign(endpoints: &[Endpoint], recorded: &Features) -> Features {
        let mut groups: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for endpoint in endpoints {
            *groups.entry(endpoint.tag_slug()).or_default().entry(tree::group(&endpoint.path)).or_default() += 1;
        }
        let tags = groups
            .into_iter()
            .map(|(tag, counts)| {
                let feature = recorded.tags.get(&tag).cloned().unwrap_or_else(|| {
                    // Most operations first, then the name: deterministic on ties.
                    let (group, _) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).expect("a tag has operations");
                    if RESERVED.contains(&group.as_str()) {
                        format!("{group}-api")
                    } else {
                        group.clone()
                    }
                });
                (tag, feature)
            })
            .collect();
        Features { tags }
    }

    /// Feature -> its tags.
    pub fn by_feature(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (tag, feature) in &self.tags {
            out.entry(feature.as_str()).or_default().insert(tag.as_str());
        }
        out
    }

    /// Parses `tag-slug  feature` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Features, String> {
        let mut tags = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(tag), Some(feature), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("line {}: expected `tag-slug feature`", number + 1));
            };
            let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid(tag) || !valid(feature) {
                return Err(format!("line {}: `{tag} {feature}`: a tag slug and a feature are lowercase letters, digits and `-`", number + 1));
            }
            if RESERVED.contains(&feature) {
                return Err(format!("line {}: `{feature}` is one of the crate's own features", number + 1));
            }
            if tags.insert(tag.to_string(), feature.to_string()).is_some() {
                return Err(format!("line {}: tag `{tag}` is listed twice", number + 1));
            }
        }
        Ok(Features { tags })
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "# The Cargo feature of every tag (spec/ folder). Written by `cargo xtask generate`; a tag\n\
             # keeps its feature as recorded while it exists. Edit a line to move a tag (the rule that\n\
             # places new ones is in codegen/src/lower/features.rs).\n",
        );
        for (tag, feature) in &self.tags {
            out.push_str(&format!("{tag}  {feature}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Features;
    use crate::spec::Endpoint;

    fn endpoint(tag: &str, path: &str) -> Endpoint {
        let yaml = format!("operation_id: op-{}\nmethod: get\npath: {path}\ntag: {tag}\nresponses: {{}}\nsecurity: []\n", path.replace(['/', '{', '}'], "-"));
        crate::yaml::from_str(&yaml).map_err(|e| e.message).unwrap()
    }

    #[test]
    fn a_tag_joins_the_group_of_most_of_its_operations_and_a_recorded_one_stays() {
        let endpoints = [
            endpoint("DNS Records", "/zones/{id}/dns_records"),
            endpoint("DNS Records", "/zones/{id}/dns_records/{r}"),
            endpoint("DNS Records", "/zones/{id}/dns_settings"),
            endpoint("Tie", "/accounts/{a}/zeta"),
            endpoint("Tie", "/accounts/{a}/alpha"),
            endpoint("Fully", "/accounts/{a}/full/x"),
        ];
        let features = Features::assign(&endpoints, &Features::default());
        let expected = [("dns-records", "dns-records"), ("fully", "full-api"), ("tie", "alpha")];
        assert_eq!(features.tags.iter().map(|(t, f)| (t.as_str(), f.as_str())).collect::<Vec<_>>(), expected);

        let recorded = Features::parse("tie  zeta\n").unwrap();
        assert_eq!(Features::assign(&endpoints, &recorded).tags["tie"], "zeta");
        assert_eq!(Features::parse(&features.render()).unwrap(), features);
    }

    #[test]
    fn a_bad_line_is_an_error_naming_it() {
        assert!(Features::parse("a b c\n").unwrap_err().starts_with("line 1:"));
        assert!(Features::parse("# x\ntag  Full Name\n").unwrap_err().starts_with("line 2:"));
        assert!(Features::parse("tag  full\n").unwrap_err().contains("crate's own"));
        assert!(Features::parse("tag  a\ntag  b\n").unwrap_err().contains("twice"));
    }
}

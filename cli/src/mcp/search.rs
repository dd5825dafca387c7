//! `search`: words to the operations that match them, best first.
//!
//! Each operation is a small document of fields, each with a weight: its call (the resource
//! tree's words: `zone dns records list`) 3, its summary and group 2, its path's literal
//! segments and its operation id 1, its description ½. A query word scores the weight of the
//! best field it is found in (as a word, or the start of one), times how rare the word is
//! across the table (inverse document frequency), so `dns` counts for more than `list`. Ties
//! go to reads (GET) before writes, then to a `list` call, then to the shorter call: a search
//! for a resource finds its list first.

use std::collections::HashMap;

use crate::catalog::Operation;

/// Fields of an operation and their weights.
const CALL: f64 = 3.0;
const SUMMARY: f64 = 2.0;
const GROUP: f64 = 2.0;
const PATH: f64 = 1.0;
const ID: f64 = 1.0;
const DESCRIPTION: f64 = 0.5;
/// A query word that is only the start of an operation's word counts this much of a whole one.
const PREFIX: f64 = 0.5;

/// The table, ready to be searched.
pub struct Index {
    documents: Vec<Vec<(Vec<String>, f64)>>,
    /// word -> how many operations have it in any field.
    frequency: HashMap<String, usize>,
}

impl Index {
    pub fn new(operations: &[Operation]) -> Index {
        let documents: Vec<Vec<(Vec<String>, f64)>> = operations
            .iter()
            .map(|o| {
                let path: String = o.path.split('/').filter(|s| !s.starts_with('{')).collect::<Vec<_>>().join(" ");
                let call: String = o.words().into_iter().map(|w| w.word).collect::<Vec<_>>().join(" ");
                vec![
                    (words(&call), CALL),
                    (words(o.summary.as_deref().unwrap_or_default()), SUMMARY),
                    (words(&o.group), GROUP),
                    (words(&path), PATH),
                    (words(&o.id), ID),
                    (words(o.description.as_deref().unwrap_or_default()), DESCRIPTION),
                ]
            })
            .collect();
        let mut frequency = HashMap::new();
        for document in &documents {
            let mut seen: Vec<&String> = document.iter().flat_map(|(w, _)| w).collect();
            seen.sort();
            seen.dedup();
            for word in seen {
                *frequency.entry(word.clone()).or_insert(0) += 1;
            }
        }
        Index { documents, frequency }
    }

    /// Indexes into `operations` (the table this index was made from) of the operations
    /// `query` matches, best first, at most `limit`; `keep` says which may be answered.
    pub fn search(&self, operations: &[Operation], query: &str, limit: usize, keep: impl Fn(&Operation) -> bool) -> Vec<usize> {
        let query = words(query);
        if query.is_empty() {
            return Vec::new();
        }
        let total = self.documents.len() as f64;
        let rarity: Vec<f64> = query.iter().map(|q| (total / (1.0 + *self.frequency.get(q).unwrap_or(&0) as f64)).ln().max(0.1)).collect();
        let mut scored = Vec::new();
        for (index, document) in self.documents.iter().enumerate() {
            if !keep(&operations[index]) {
                continue;
            }
            let score: f64 = query.iter().zip(&rarity).map(|(q, rare)| rare * best_field(document, q)).sum();
            if score > 0.0 {
                scored.push((score, index));
            }
        }
        let rank = |o: &Operation| {
            let words = o.words();
            (!o.method.eq_ignore_ascii_case("GET"), words.last().is_none_or(|w| w.word != "list"), words.len(), o.call.clone())
        };
        let mut ranked: Vec<(f64, _, usize)> = scored.into_iter().map(|(score, i)| (score, rank(&operations[i]), i)).collect();
        ranked.sort_by(|(a, x, _), (b, y, _)| b.total_cmp(a).then_with(|| x.cmp(y)));
        ranked.into_iter().take(limit).map(|(_, _, i)| i).collect()
    }
}

/// The weight of the best field `word` is found in.
fn best_field(document: &[(Vec<String>, f64)], word: &str) -> f64 {
    document
        .iter()
        .map(|(words, weight)| {
            if words.iter().any(|w| w == word) {
                *weight
            } else if words.iter().any(|w| w.starts_with(word)) {
                weight * PREFIX
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max)
}

/// Lower-case words of `text`, split at anything not a letter or digit and where a capital
/// follows a small letter (`listDnsRecords`), each in its singular form.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let starts = c.is_uppercase() && previous.is_some_and(char::is_lowercase);
        if (!c.is_alphanumeric() || starts) && !word.is_empty() {
            out.push(singular(&std::mem::take(&mut word)));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    if !word.is_empty() {
        out.push(singular(&word));
    }
    out
}

/// `records` -> `record`, `policies` -> `policy`; short words and `-ss` words as they are.
fn singular(word: &str) -> String {
    if word.len() <= 3 || word.ends_with("ss") || word.ends_with("us") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_lowered_and_singular() {
        assert_eq!(words("List DNS Records"), ["list", "dns", "record"]);
        assert_eq!(words("zone(zone_id).dns_records().list()"), ["zone", "zone", "id", "dns", "record", "list"]);
        assert_eq!(words("listAccessPolicies"), ["list", "access", "policy"]);
        assert_eq!(words("address status"), ["address", "status"]);
    }

    #[test]
    fn dns_records_finds_the_zones_dns_record_list_first() {
        let operations = crate::catalog::load();
        let index = Index::new(&operations);
        let found = index.search(&operations, "dns records", 20, |_| true);
        assert_eq!(operations[found[0]].call, "zone(zone_id).dns_records().list()");
        assert!(found.len() <= 20);
        let calls: Vec<&str> = found.iter().map(|&i| operations[i].call.as_str()).collect();
        assert!(calls.contains(&"zone(zone_id).dns_records().create()"), "{calls:?}");
    }

    #[test]
    fn a_rare_word_counts_for_more_than_a_common_one() {
        let operations = crate::catalog::load();
        let index = Index::new(&operations);
        // `list` is in hundreds of calls, `hyperdrive` in a few: every answer is Hyperdrive's.
        let found = index.search(&operations, "list hyperdrive", 5, |_| true);
        assert!(!found.is_empty());
        for i in found {
            assert_eq!(operations[i].group, "hyperdrive", "{}", operations[i].call);
        }
    }

    #[test]
    fn only_the_operations_kept_are_answered() {
        let operations = crate::catalog::load();
        let index = Index::new(&operations);
        let found = index.search(&operations, "dns records", 20, |o| o.group == "zones");
        assert!(found.iter().all(|&i| operations[i].group == "zones"));
    }
}

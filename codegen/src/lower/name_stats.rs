//! Figures of the names a lowering gives, for `cargo xtask stats` and the naming tests.

use std::collections::{BTreeMap, BTreeSet};

use super::{names, Lowered, Output, RustType};

#[derive(Debug, Clone, PartialEq)]
pub struct NameStats {
    pub operations: usize,
    pub unique_calls: usize,
    /// Mean length of the verb a call ends in (`list`, `purge_cache`).
    pub mean_verb_length: f64,
    /// Median length of the names of all generated types (components).
    pub median_type_name_length: f64,
    pub type_count: usize,
    /// Operations returning a named type, and how many of those types start with the Pascal
    /// case of an operation id (the old naming).
    pub named_returns: usize,
    pub returns_named_after_operation_ids: usize,
    /// Named return types that fit their call's path ([`names::fits`]).
    pub returns_sharing_a_domain_word: usize,
    /// The others: (type name, method and path of the call returning it).
    pub misfit_returns: Vec<(String, String)>,
    /// Type names holding a hash (`SchemaRef70f2c6ccd8a405358ac7ef8fc3d6751c`).
    pub hashed_names: Vec<String>,
    /// Types an answer holds but named as a request body (`...Body...`), and the reverse.
    pub answers_named_as_bodies: Vec<String>,
    pub requests_named_as_results: Vec<String>,
    /// Places inside answers and bodies (a field, an item, a kind), and those whose type's name
    /// does not fit them ([`names::fits_field`]): (type name, place).
    pub field_places: usize,
    pub misfit_field_places: Vec<(String, String)>,
    /// Request bodies (a call's `body` or `form` as a whole), and those whose type's name does
    /// not fit their call: (type name, place).
    pub bodies: usize,
    pub misfit_bodies: Vec<(String, String)>,
    /// Where the types live among the groups (the Cargo features), which placing them in
    /// crates reads: each group's count of the types only it uses, and each type several groups
    /// use with how many.
    pub own_types_by_group: BTreeMap<String, usize>,
    pub shared_types: BTreeMap<String, usize>,
}

impl NameStats {
    pub fn of(lowered: &Lowered) -> NameStats {
        let operations = lowered.operations.len();
        let unique_calls = lowered.operations.iter().map(|o| o.call.to_string()).collect::<BTreeSet<_>>().len();
        let verbs: Vec<usize> = lowered.operations.iter().map(|o| o.call.verb().name.len()).collect();
        let mean_verb_length = verbs.iter().sum::<usize>() as f64 / verbs.len().max(1) as f64;
        let mut lengths: Vec<usize> = lowered.openapi.components.iter().flat_map(|c| c.schemas.keys()).map(String::len).collect();
        lengths.sort_unstable();
        let median_type_name_length = match lengths.len() {
            0 => 0.0,
            n if n % 2 == 1 => lengths[n / 2] as f64,
            n => (lengths[n / 2 - 1] + lengths[n / 2]) as f64 / 2.0,
        };
        let ids: Vec<String> = lowered.operations.iter().map(|o| names::pascal(&o.operation_id)).collect();
        let returned: Vec<&str> = lowered.operations.iter().filter_map(|o| named(&o.output)).collect();
        let after_ids = returned.iter().filter(|name| ids.iter().any(|id| name.starts_with(id.as_str()))).count();
        let (fitting, misfits): (Vec<_>, Vec<_>) = lowered.operations.iter().filter_map(|o| Some((named(&o.output)?, o))).partition(|(name, o)| names::fits(name, &o.path));
        let returns_sharing_a_domain_word = fitting.len();
        let misfit_returns = misfits.into_iter().map(|(name, o)| (name.to_string(), format!("{} {}", o.method, o.path))).collect();
        let type_names = lowered.openapi.components.iter().flat_map(|c| c.schemas.keys());
        let hashed_names = type_names.filter(|name| names::holds_a_hash(name)).cloned().collect();
        // Where each type is used: in answers, in requests.
        let mut places: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (place, name) in &lowered.shared_names.places {
            places.entry(name.as_str()).or_default().push(place);
        }
        // A type an answer holds named `..Body..`, or one a request holds named `..Result..`,
        // whatever else holds it.
        let named_as = |answer: bool| -> Vec<String> {
            places.iter().filter(|(name, places)| super::shapes::Side::of(places.iter().copied()).only(answer).names_the_other_side(name)).map(|(name, _)| name.to_string()).collect()
        };
        let Fit { field_places, misfit_field_places, bodies, misfit_bodies } = field_fit(lowered);
        let (own_types_by_group, shared_types) = group_spread(lowered);
        NameStats {
            own_types_by_group,
            shared_types,
            bodies,
            misfit_bodies,
            field_places,
            misfit_field_places,
            operations,
            unique_calls,
            mean_verb_length,
            median_type_name_length,
            type_count: lengths.len(),
            named_returns: returned.len(),
            returns_named_after_operation_ids: after_ids,
            returns_sharing_a_domain_word,
            misfit_returns,
            hashed_names,
            answers_named_as_bodies: named_as(true),
            requests_named_as_results: named_as(false),
        }
    }
}

/// How the names of the types inside answers and bodies, and of bodies, fit their places.
#[derive(Default)]
struct Fit {
    field_places: usize,
    misfit_field_places: Vec<(String, String)>,
    bodies: usize,
    misfit_bodies: Vec<(String, String)>,
}

/// How many places inside answers and bodies there are and where the type does not fit, and
/// the same for request bodies ([`names::fits_place`], the rule the naming follows).
fn field_fit(lowered: &Lowered) -> Fit {
    let places = &lowered.shared_names.places;
    let schemas = lowered.openapi.components.iter().flat_map(|c| &c.schemas);
    let own: BTreeMap<&String, Vec<String>> = schemas.map(|(name, schema)| (name, serde_json::to_value(schema).map(|schema| super::shapes::own_words(&schema)).unwrap_or_default())).collect();
    let mut fit = Fit::default();
    for (place, name) in places {
        let Some((_, fields)) = names::place_fields(place) else { continue };
        let part = place.splitn(3, ' ').nth(2).unwrap_or_default();
        // A whole answer is a return, which the return rule counts.
        let (count, misfits) = match (fields.is_empty(), part) {
            (false, _) => (&mut fit.field_places, &mut fit.misfit_field_places),
            (true, "body" | "form") => (&mut fit.bodies, &mut fit.misfit_bodies),
            (true, _) => continue,
        };
        *count += 1;
        let parent = names::enclosing_places(place).find_map(|p| places.get(p)).map(String::as_str);
        if !names::fits_place(name, place, parent, own.get(name).map(Vec::as_slice).unwrap_or_default()) {
            misfits.push((name.clone(), place.clone()));
        }
    }
    fit
}

/// Each group's count of the types only its calls reach, and the types several groups reach
/// with how many: the placement of types in parts ([`super::placement`]).
fn group_spread(lowered: &Lowered) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let placement = super::placement::Placement::of(lowered);
    (placement.own.iter().map(|(group, types)| (group.clone(), types.len())).collect(), placement.reach)
}

fn named(output: &Output) -> Option<&str> {
    let (Output::Envelope { result: ty, .. } | Output::Json(ty)) = output else { return None };
    match ty {
        RustType::Named(name) => Some(name),
        RustType::Vec(inner) | RustType::Option(inner) => match &**inner {
            RustType::Named(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_words_leave_out_the_generic_ones_and_read_plurals_as_singular() {
        assert_eq!(names::domain_words("DnsRecordListResult"), ["dns", "record"]);
        assert_eq!(names::domain_words("dns_records"), ["dns", "record"]);
        assert!(names::domain_words("DeleteResult").is_empty());
        assert_eq!(names::domain_words("ai-gateway"), ["ai", "gateway"]);
    }

    #[test]
    fn a_hash_is_a_long_run_of_hex_digits() {
        assert!(names::holds_a_hash("SchemaRef70f2c6ccd8a405358ac7ef8fc3d6751c"));
        assert!(!names::holds_a_hash("DeadBeefCafeFacadeAddedBead"), "words of hex letters only");
        assert!(!names::holds_a_hash("Ipv6Address"));
    }
}

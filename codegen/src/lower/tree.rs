//! The resource tree: where each operation sits in the public API, derived from its HTTP
//! method and URL path only, the parts of an operation Cloudflare keeps stable (operation
//! ids and path parameter names it renames often).
//!
//! The rule, applied to every operation at once:
//!
//! - **Path parameters** are named after the segment before them, singular, plus `_id`:
//!   `/zones/{zone_identifier}` -> `zone_id`, `/dns_records/{id}` -> `dns_record_id`. A
//!   parameter that follows another one keeps its upstream name (no segment names it).
//! - **Handles.** A static segment is a method returning a handle (`settings()`); a segment
//!   followed by a parameter and more segments is an item handle named in the singular,
//!   taking the parameter (`zones/{zone_id}/...` -> `zone(zone_id)`; `_item` is appended when
//!   the segment is not a plural: `stream/{id}/...` -> `stream_item(id)`). So the account,
//!   zone and user scopes are `client.account(id)`, `client.zone(id)`, `client.user()`.
//! - **Verbs.** An operation on a collection item (`dns_records/{id}`) is a verb on the
//!   collection handle taking the id: `get`, `update` (PUT), `edit` (PATCH), `delete`,
//!   `create` (POST). An operation on a static segment is a verb on its handle: `list` for a
//!   GET of a collection (the segment has items, or the answer is a list), else `get`;
//!   `create`, `update`, `edit`, `delete` for the others. A segment that is only a POST, with
//!   nothing below it, is an action: a verb named after it (`zone(id).purge_cache()`).
//! - **Collisions.** When a collection and its items both take PUT, PATCH or DELETE, the
//!   collection's is the bulk verb (`update_many`, `edit_many`, `delete_many`); when both take
//!   POST, the item's is `post`. Whatever still collides gets a numbered name (`get_2`),
//!   in order of method and path, so a newer document resolves the same way.
//! - **Recorded calls win.** `generated/calls.txt` records the call of every operation by
//!   method and path; a recorded call is kept while its operation exists, so a newer upstream
//!   renames nothing a user wrote. Editing a line there is how a human chooses a name.
//!
//! Rust keywords get a trailing `_` (`type_()`); names starting with a digit get an `x`.
//!
//! **Groups.** The top level of the tree below the scopes (the first static segment after
//! `accounts/{id}`, `zones/{id}` or `user`: `dns_records`, `access`, `workers`) is an
//! operation's [`group`]; Cargo features are made of groups (`workspace::Features`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::names;
use crate::spec::Method;

/// One method of a call: a handle (or the final verb), with the path parameter it takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Step {
    pub name: String,
    /// The canonical name of the path parameter this step takes.
    pub arg: Option<String>,
}

/// Where an operation sits in the tree: `zone(zone_id).dns_records().get(dns_record_id)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Call {
    /// The handles from the client down, then the verb.
    pub steps: Vec<Step>,
}

impl Call {
    pub fn handles(&self) -> &[Step] {
        &self.steps[..self.steps.len().saturating_sub(1)]
    }

    pub fn verb(&self) -> &Step {
        self.steps.last().expect("a call has a verb")
    }

    /// The handles and the verb's name, as a user writes them: `zone(zone_id).dns_records().get`.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for step in self.handles() {
            out.push_str(&step.name);
            out.push('(');
            out.push_str(step.arg.as_deref().unwrap_or(""));
            out.push_str(").");
        }
        out.push_str(&self.verb().name);
        out
    }

    /// One flat name for the call (`zone_dns_records_get`): the hidden client method and,
    /// in Pascal case, the request builder.
    pub fn flat_name(&self) -> String {
        self.steps.iter().map(|s| s.name.trim_end_matches('_')).collect::<Vec<_>>().join("_")
    }

    /// Names for the types of the call, best first: what it acts on, in Pascal case, then
    /// qualified by the handles above it (`Location`, `TopLocation`, `HttpTopLocation`, ...),
    /// each followed by `suffix` (`CreateBody`).
    pub fn type_names(&self, suffix: &str) -> Vec<String> {
        let handles: Vec<String> = self.handles().iter().map(|s| names::pascal(s.name.trim_end_matches('_'))).collect();
        let Some((last, outer)) = handles.split_last() else {
            // A call on the client itself: the suffix names it, or else the verb.
            return vec![if suffix.is_empty() { self.verb_pascal() } else { suffix.to_string() }];
        };
        let resource = names::pascal(&names::singular(&names::snake(last)));
        (0..=outer.len()).map(|k| format!("{}{resource}{suffix}", outer[outer.len() - k..].concat())).collect()
    }

    /// The verb in Pascal case (`Create`, `PurgeCache`).
    pub fn verb_pascal(&self) -> String {
        names::pascal(self.verb().name.trim_end_matches('_'))
    }

    /// Parses the text [`fmt::Display`] writes: `zone(zone_id).dns_records().get(dns_record_id)`
    /// (the grammar of [`cloudflare_sdk_rules::call`]).
    pub fn parse(text: &str) -> Option<Call> {
        let steps = cloudflare_sdk_rules::call::parse(text)?;
        Some(Call { steps: steps.into_iter().map(|step| Step { name: step.name.to_string(), arg: step.arg.map(str::to_string) }).collect() })
    }
}

impl Step {
    /// The step as the call text's grammar reads it.
    pub fn as_text_step(&self) -> cloudflare_sdk_rules::call::Step<'_> {
        cloudflare_sdk_rules::call::Step { name: &self.name, arg: self.arg.as_deref() }
    }
}

impl fmt::Display for Call {
    /// `zone(zone_id).dns_records().get(dns_record_id)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cloudflare_sdk_rules::call::text(self.steps.iter().map(Step::as_text_step)))
    }
}

/// What the rule reads of an operation.
#[derive(Debug, Clone)]
pub struct Route<'a> {
    pub method: Method,
    /// The spec's path template, with upstream parameter names.
    pub path: &'a str,
    /// Whether the success answer is a list (a GET of it is `list`).
    pub returns_list: bool,
}

/// An operation's place: its call and its path with canonical parameter names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub call: Call,
    /// `/zones/{zone_id}/dns_records/{dns_record_id}`.
    pub path: String,
    /// Upstream path parameter name -> canonical name, in path order.
    pub parameters: Vec<(String, String)>,
    /// The Rust name of a last parameter sent with its slashes, a [spelled value](spelled_values).
    pub slashes_kept: Option<String>,
}

/// `METHOD /canonical/path`: what a recorded call is keyed by.
pub fn route_key(method: Method, canonical_path: &str) -> String {
    format!("{} {canonical_path}", method.as_str().to_ascii_uppercase())
}

/// The recorded calls (`generated/calls.txt`): route key -> call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallNames {
    pub calls: BTreeMap<String, Call>,
}

impl CallNames {
    /// Parses `METHOD /path  call` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<CallNames, String> {
        let mut calls = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(method), Some(path), Some(call), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                return Err(format!("line {}: expected `METHOD /path call`", number + 1));
            };
            let method = Method::parse(&method.to_ascii_lowercase()).ok_or_else(|| format!("line {}: `{method}` is not an HTTP method", number + 1))?;
            let call = Call::parse(call).ok_or_else(|| format!("line {}: `{call}` is not a call such as `zone(zone_id).dns_records().list()`", number + 1))?;
            calls.insert(route_key(method, path), call);
        }
        Ok(CallNames { calls })
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "# The call of every operation, by method and path. Written by `cargo xtask generate`;\n\
             # a call stays as recorded while its method and path exist. Edit a call here to choose\n\
             # another name (the rule that names new ones is in codegen/src/lower/tree.rs).\n",
        );
        for (key, call) in &self.calls {
            out.push_str(&format!("{key}  {call}\n"));
        }
        out
    }
}

/// The top-level group of an operation below the scopes, in kebab case:
/// `/zones/{zone_id}/dns_records/{id}` -> `dns-records`, `/accounts/{id}/access/apps` ->
/// `access`, `/user/tokens` -> `tokens`. A scope with nothing below it is its own group
/// (`/zones/{zone_id}` -> `zones`).
pub fn group(path: &str) -> String {
    let segments = segments(path);
    let mut rest = segments.as_slice();
    loop {
        rest = match rest {
            [Segment::Static("accounts" | "zones"), Segment::Parameter(..), more @ ..] if !more.is_empty() => more,
            [Segment::Static("user"), more @ ..] if !more.is_empty() => more,
            _ => break,
        };
    }
    let first = rest.iter().chain(&segments).find_map(|s| match s {
        Segment::Static(name) => Some(*name),
        Segment::Parameter(..) => None,
    });
    names::snake(first.unwrap_or("root")).replace('_', "-")
}

/// A segment of a path template. A segment that holds text beside its parameter
/// (`{scan_id}.png`, `{event_t}.{event_n}`) is a parameter segment too: the tree passes its
/// first parameter like any other and leaves the rest to the request builder's setters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment<'a> {
    Static(&'a str),
    /// The first parameter's name, and the whole segment as written.
    Parameter(&'a str, &'a str),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    crate::spec::template::segments(path)
        .map(|s| match crate::spec::template::parameter_names(s).first() {
            Some(name) => Segment::Parameter(name, s),
            None => Segment::Static(s),
        })
        .collect()
}

/// The names of the `{parameters}` the tree passes, in path order: one per segment, the first
/// of a segment that holds several or text beside it (`{scan_id}.png`); the request builder's
/// setters take the rest.
pub fn tree_parameters(path: &str) -> Vec<&str> {
    segments(path)
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Parameter(name, _) => Some(name),
            Segment::Static(_) => None,
        })
        .collect()
}

/// The path with parameters as `{}`: two operations on the same resource have the same shape
/// whatever upstream calls their parameters.
fn shape(path: &str) -> Vec<Option<&str>> {
    segments(path)
        .into_iter()
        .map(|s| match s {
            Segment::Static(s) => Some(s),
            Segment::Parameter(..) => None,
        })
        .collect()
}

/// A Rust method name for a path segment: snake case, keywords with a trailing `_`.
pub fn method_ident(segment: &str) -> String {
    names::unkeyworded(names::snake(segment))
}

/// The canonical names of the path parameters of `path`, in order (see the module docs).
pub fn canonical_parameters(path: &str) -> Vec<(String, String)> {
    canonical_parameters_of(path, false)
}

/// [`canonical_parameters`], where a last parameter that is a [spelled value](spelled_values)
/// keeps its upstream name: it names a value (`model_name`), not an item of the segment
/// before it.
fn canonical_parameters_of(path: &str, last_is_a_value: bool) -> Vec<(String, String)> {
    let segments = segments(path);
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let Segment::Parameter(upstream, _) = segment else { continue };
        let is_value = last_is_a_value && i + 1 == segments.len();
        let wanted = match i.checked_sub(1).map(|j| &segments[j]) {
            Some(Segment::Static(before)) if !is_value => format!("{}_id", names::singular(&names::snake(before))),
            _ => names::snake(upstream),
        };
        let name = std::iter::once(wanted.clone()).chain(names::numbered(&wanted, "_")).find(|candidate| !out.iter().any(|(_, taken)| taken == candidate)).unwrap_or_default();
        out.push((upstream.to_string(), name));
    }
    out
}

/// `path` with its parameters renamed as [`canonical_parameters`] says.
pub fn canonical_path(path: &str, parameters: &[(String, String)]) -> String {
    let mut renamed = parameters.iter();
    let mut out = String::new();
    for segment in segments(path) {
        out.push('/');
        match segment {
            Segment::Static(s) => out.push_str(s),
            Segment::Parameter(name, written) => {
                let canonical = renamed.next().map(|(_, c)| c.as_str()).unwrap_or(name);
                out.push_str(&written.replacen(&format!("{{{name}}}"), &format!("{{{canonical}}}"), 1));
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Places every route in the tree; `recorded` calls are kept where their route still exists
/// and their parameters match. The result is in the order of `routes`.
pub fn place(routes: &[Route<'_>], recorded: &CallNames) -> Vec<Placed> {
    let shapes: Vec<Vec<Option<&str>>> = routes.iter().map(|r| shape(r.path)).collect();
    // What the rule needs to know of a node: which methods it has, whether it has children
    // and whether one of them is an item.
    let mut methods_at: BTreeMap<&[Option<&str>], Vec<Method>> = BTreeMap::new();
    let mut has_children: BTreeSet<&[Option<&str>]> = BTreeSet::new();
    let mut has_items: BTreeSet<&[Option<&str>]> = BTreeSet::new();
    for (route, shape) in routes.iter().zip(&shapes) {
        methods_at.entry(shape.as_slice()).or_default().push(route.method);
        for end in 0..shape.len() {
            has_children.insert(&shape[..end]);
            if shape[end].is_none() {
                has_items.insert(&shape[..end]);
            }
        }
    }

    let values = spelled_values(routes, &shapes);
    let parameters: Vec<Vec<(String, String)>> = routes.iter().zip(&values).map(|(r, &value)| canonical_parameters_of(r.path, value)).collect();
    let paths: Vec<String> = routes.iter().zip(&parameters).map(|(r, p)| canonical_path(r.path, p)).collect();

    // First the calls the rule gives, then the collision rules over each handle.
    let mut calls: Vec<Option<Call>> = vec![None; routes.len()];
    let mut from_rule = Vec::new();
    for (i, route) in routes.iter().enumerate() {
        let names: Vec<&str> = parameters[i].iter().map(|(_, c)| c.as_str()).collect();
        match recorded.calls.get(&route_key(route.method, &paths[i])) {
            Some(call) if call.steps.iter().filter_map(|s| s.arg.as_deref()).eq(names.iter().copied()) => calls[i] = Some(call.clone()),
            _ => from_rule.push(i),
        }
    }
    let mut wanted: Vec<(usize, Call, bool)> = from_rule
        .iter()
        .map(|&i| {
            let (mut call, on_item) = rule_call(&routes[i], &shapes[i], &parameters[i], &methods_at, &has_children, &has_items);
            // A spelled value is what the call acts with, not an item: the verb says what it
            // is (`ai().run().model(model_name)`).
            if let Some(noun) = values[i].then(|| parameters[i].last().map(|(_, name)| value_noun(name))).flatten().filter(|n| !n.is_empty()) {
                call.steps.last_mut().expect("a call has a verb").name = method_ident(&noun);
            }
            (i, call, on_item)
        })
        .collect();
    resolve_bulk_verbs(&mut wanted, routes);

    // Insert recorded calls first so they keep their names, then the rest in route order.
    let mut tree = Tree::default();
    for call in calls.iter().flatten() {
        tree.insert(call);
    }
    wanted.sort_by(|a, b| (&paths[a.0], routes[a.0].method).cmp(&(&paths[b.0], routes[b.0].method)));
    for (i, call, _) in wanted {
        calls[i] = Some(tree.insert_resolving(call));
    }

    calls
        .into_iter()
        .zip(paths)
        .zip(parameters)
        .zip(values)
        .map(|(((call, path), parameters), value)| {
            let slashes_kept = if value { parameters.last().map(|(_, name)| names::snake(name)) } else { None };
            Placed { call: call.expect("every route is placed"), path, parameters, slashes_kept }
        })
        .collect()
}

/// Which routes end in a spelled value: a last parameter whose value the API's own paths spell
/// with slashes. Workers AI runs a model by name at `/ai/run/{model_name}`, and the same method
/// has a path per model under it, `/ai/run/@cf/meta/llama-3.1-8b-instruct`, which shows the
/// name's slashes are the path's. So the parameter is a value sent as several segments (as one
/// declared `allowReserved` is), and the verb is named after it. The rule: the other paths of
/// its method under its prefix are two or more, and each is literal text of two or more
/// segments. One that has a parameter under the prefix (`/events/dataset/{dataset_id}` beside
/// `/events/{event_id}`) or a one-segment sibling (`/requests/quota`) names resources, not
/// values.
fn spelled_values(routes: &[Route<'_>], shapes: &[Vec<Option<&str>>]) -> Vec<bool> {
    routes
        .iter()
        .zip(shapes)
        .map(|(route, shape)| {
            let Some((None, prefix)) = shape.split_last() else { return false };
            let under: Vec<&[Option<&str>]> = routes
                .iter()
                .zip(shapes)
                .filter(|(other, other_shape)| other.method == route.method && other_shape.len() > prefix.len() && *other_shape != shape && other_shape.starts_with(prefix))
                .map(|(_, other_shape)| &other_shape[prefix.len()..])
                .collect();
            under.len() >= 2 && under.iter().all(|rest| rest.len() >= 2 && rest.iter().all(Option::is_some))
        })
        .collect()
}

/// What a value parameter names: its name without `_name`, `_id` or `_key` (`model_name` ->
/// `model`).
fn value_noun(parameter: &str) -> String {
    let snake = names::snake(parameter);
    ["_name", "_id", "_key"].iter().find_map(|end| snake.strip_suffix(end)).unwrap_or(&snake).to_string()
}

/// The call the rule gives one route, and whether its verb acts on a collection item.
fn rule_call(
    route: &Route<'_>,
    shape: &[Option<&str>],
    parameters: &[(String, String)],
    methods_at: &BTreeMap<&[Option<&str>], Vec<Method>>,
    has_children: &BTreeSet<&[Option<&str>]>,
    has_items: &BTreeSet<&[Option<&str>]>,
) -> (Call, bool) {
    let mut args = parameters.iter().map(|(_, c)| c.clone());
    let mut steps = Vec::new();
    let mut i = 0;
    while i < shape.len() {
        let last = i + 1 == shape.len();
        match shape[i] {
            None if last => {
                steps.push(Step { name: item_verb(route.method).into(), arg: args.next() });
                return (Call { steps }, true);
            }
            // A parameter after a parameter: an item handle of the item before.
            None => {
                steps.push(Step { name: "item".into(), arg: args.next() });
                i += 1;
            }
            Some(segment) => {
                let name = method_ident(segment);
                let next_is_parameter = shape.get(i + 1).is_some_and(Option::is_none);
                if next_is_parameter && i + 2 < shape.len() {
                    let singular = names::singular(&names::snake(segment));
                    let item = if singular == names::snake(segment) { format!("{singular}_item") } else { singular };
                    let item = names::unkeyworded(item);
                    steps.push(Step { name: item, arg: args.next() });
                    i += 2;
                } else if next_is_parameter {
                    steps.push(Step { name, arg: None });
                    steps.push(Step { name: item_verb(route.method).into(), arg: args.next() });
                    return (Call { steps }, true);
                } else if last {
                    let node = &shape[..=i];
                    let only_a_post = methods_at.get(node).is_some_and(|m| m == &[Method::Post]) && !has_children.contains(node);
                    if only_a_post {
                        steps.push(Step { name, arg: None });
                    } else {
                        let collection = has_items.contains(node) || route.returns_list;
                        steps.push(Step { name, arg: None });
                        steps.push(Step { name: node_verb(route.method, collection).into(), arg: None });
                    }
                    return (Call { steps }, false);
                } else {
                    steps.push(Step { name, arg: None });
                    i += 1;
                }
            }
        }
    }
    // The root path itself.
    steps.push(Step { name: node_verb(route.method, route.returns_list).into(), arg: None });
    (Call { steps }, false)
}

fn item_verb(method: Method) -> &'static str {
    node_verb(method, false)
}

fn node_verb(method: Method, collection: bool) -> &'static str {
    match method {
        Method::Get if collection => "list",
        Method::Get => "get",
        Method::Post => "create",
        Method::Put => "update",
        Method::Patch => "edit",
        Method::Delete => "delete",
        Method::Head => "head",
        Method::Options => "options",
        Method::Trace => "trace",
    }
}

/// A collection and its items wanting the same verb: PUT, PATCH and DELETE of the collection
/// are bulk (`*_many`); a POST on the item is `post`.
fn resolve_bulk_verbs(wanted: &mut [(usize, Call, bool)], routes: &[Route<'_>]) {
    let mut by_verb: BTreeMap<(Vec<Step>, String), Vec<usize>> = BTreeMap::new();
    for (index, (_, call, _)) in wanted.iter().enumerate() {
        by_verb.entry((call.handles().to_vec(), call.verb().name.clone())).or_default().push(index);
    }
    for indices in by_verb.values().filter(|v| v.len() > 1) {
        let on_items = indices.iter().filter(|&&k| wanted[k].2).count();
        if on_items == 0 || on_items == indices.len() {
            continue;
        }
        for &k in indices {
            let (route, on_item) = (&routes[wanted[k].0], wanted[k].2);
            let verb = wanted[k].1.steps.last_mut().expect("a call has a verb");
            match (route.method, on_item) {
                (Method::Put | Method::Patch | Method::Delete, false) => verb.name = format!("{}_many", verb.name),
                (Method::Post, true) => verb.name = "post".into(),
                _ => {}
            }
        }
    }
}

/// The names taken on each handle, for collision checks.
#[derive(Default)]
struct Tree {
    /// Handle (the steps to it) -> member name -> what it is.
    members: BTreeMap<Vec<Step>, BTreeMap<String, Member>>,
    /// The flat names taken ([`Call::flat_name`]): two calls whose steps join to the same
    /// words (`targets().batch().delete()`, `targets().batch_delete()`) would share a builder.
    flat: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Member {
    /// A handle method, taking an argument or not.
    Handle { takes_arg: bool },
    /// A verb: one operation.
    Verb,
}

impl Tree {
    /// Records `call` as it is (a recorded call); a clash is left for generation to report.
    fn insert(&mut self, call: &Call) {
        for (depth, step) in call.steps.iter().enumerate() {
            let member = if depth + 1 == call.steps.len() { Member::Verb } else { Member::Handle { takes_arg: step.arg.is_some() } };
            self.members.entry(call.steps[..depth].to_vec()).or_default().entry(step.name.clone()).or_insert(member);
        }
        self.flat.insert(call.flat_name());
    }

    /// Inserts `call`, numbering any step whose name is taken by something else.
    fn insert_resolving(&mut self, mut call: Call) -> Call {
        let count = call.steps.len();
        for depth in 0..count {
            let member = if depth + 1 == count { Member::Verb } else { Member::Handle { takes_arg: call.steps[depth].arg.is_some() } };
            let members = self.members.entry(call.steps[..depth].to_vec()).or_default();
            let wanted = call.steps[depth].name.clone();
            let fits = |name: &String| match members.get(name) {
                None => true,
                Some(existing) => member != Member::Verb && *existing == member,
            };
            let is_verb = depth + 1 == count;
            let flat_free = |name: &String| {
                let mut steps = call.steps.clone();
                steps[depth].name = name.clone();
                !is_verb || !self.flat.contains(&Call { steps }.flat_name())
            };
            let name = std::iter::once(wanted.clone()).chain(names::numbered(&wanted, "_")).find(|n| fits(n) && flat_free(n)).expect("some number is free");
            self.members.entry(call.steps[..depth].to_vec()).or_default().entry(name.clone()).or_insert(member);
            call.steps[depth].name = name;
        }
        self.flat.insert(call.flat_name());
        call
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_all(routes: &[(Method, &str, bool)]) -> Vec<String> {
        let routes: Vec<Route> = routes.iter().map(|&(method, path, returns_list)| Route { method, path, returns_list }).collect();
        place(&routes, &CallNames::default()).into_iter().map(|p| p.call.to_string()).collect()
    }

    #[test]
    fn groups_are_the_first_segment_below_the_scopes() {
        for (path, group) in [
            ("/zones/{zone_id}/dns_records/{id}", "dns-records"),
            ("/accounts/{account_identifier}/access/apps", "access"),
            ("/user/tokens/{id}", "tokens"),
            ("/zones/{zone_id}", "zones"),
            ("/zones", "zones"),
            ("/user", "user"),
            ("/accounts/{a}/workers/scripts", "workers"),
            ("/radar/http/top/locations", "radar"),
            ("/{odd}", "root"),
        ] {
            assert_eq!(super::group(path), group, "{path}");
        }
    }

    #[test]
    fn collections_items_and_scopes() {
        let calls = place_all(&[
            (Method::Get, "/zones", true),
            (Method::Get, "/zones/{identifier}", false),
            (Method::Get, "/zones/{zone_identifier}/dns_records", true),
            (Method::Post, "/zones/{zone_id}/dns_records", false),
            (Method::Get, "/zones/{zone_id}/dns_records/{dns_record_id}", false),
            (Method::Put, "/zones/{zone_id}/dns_records/{id}", false),
            (Method::Patch, "/zones/{zone_id}/dns_records/{id}", false),
            (Method::Delete, "/zones/{zone_id}/dns_records/{id}", false),
            (Method::Post, "/zones/{zone_id}/purge_cache", false),
            (Method::Get, "/user", false),
            (Method::Get, "/zones/{zone_id}/settings/always_online", false),
        ]);
        assert_eq!(
            calls,
            [
                "zones().list()",
                "zones().get(zone_id)",
                "zone(zone_id).dns_records().list()",
                "zone(zone_id).dns_records().create()",
                "zone(zone_id).dns_records().get(dns_record_id)",
                "zone(zone_id).dns_records().update(dns_record_id)",
                "zone(zone_id).dns_records().edit(dns_record_id)",
                "zone(zone_id).dns_records().delete(dns_record_id)",
                "zone(zone_id).purge_cache()",
                "user().get()",
                "zone(zone_id).settings().always_online().get()",
            ]
        );
    }

    #[test]
    fn a_segment_with_text_beside_its_parameters_is_an_item_taking_the_first() {
        let calls = place_all(&[(Method::Get, "/accounts/{a}/urlscanner/screenshots/{scan_id}.png", false), (Method::Get, "/accounts/{a}/events/{event_t}.{event_n}", false)]);
        assert_eq!(calls, ["account(account_id).urlscanner().screenshots().get(screenshot_id)", "account(account_id).events().get(event_id)"]);
        let path = "/accounts/{a}/events/{event_t}.{event_n}";
        assert_eq!(canonical_path(path, &canonical_parameters(path)), "/accounts/{account_id}/events/{event_id}.{event_n}");
    }

    #[test]
    fn calls_whose_steps_join_to_the_same_words_get_apart() {
        let calls = place_all(&[(Method::Delete, "/a/{x}/targets/batch", false), (Method::Post, "/a/{x}/targets/batch_delete", false)]);
        assert_eq!(calls, ["a_item(a_id).targets().batch().delete()", "a_item(a_id).targets().batch_delete_2()"]);
    }

    #[test]
    fn parameter_names_follow_the_path_not_upstream() {
        let a = canonical_path("/accounts/{identifier}/access/apps/{app_id}/policies/{uuid}", &canonical_parameters("/accounts/{identifier}/access/apps/{app_id}/policies/{uuid}"));
        assert_eq!(a, "/accounts/{account_id}/access/apps/{app_id}/policies/{policy_id}");
        let b = canonical_parameters("/zones/{z}/hostnames/settings/{tls_setting}/{hostname}");
        assert_eq!(b.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>(), ["zone_id", "setting_id", "hostname"]);
        let c = canonical_parameters("/accounts/{a}/rules/{b}/rules/{c}");
        assert_eq!(c.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>(), ["account_id", "rule_id", "rule_id_2"]);
    }

    #[test]
    fn a_segment_that_is_not_a_plural_makes_an_item_handle_of_its_own() {
        let calls = place_all(&[(Method::Get, "/accounts/{a}/stream", true), (Method::Get, "/accounts/{a}/stream/{id}/captions", true)]);
        assert_eq!(calls, ["account(account_id).stream().list()", "account(account_id).stream_item(stream_id).captions().list()"]);
    }

    #[test]
    fn bulk_verbs_and_item_posts_resolve_collisions() {
        let calls = place_all(&[
            (Method::Delete, "/zones/{z}/filters", false),
            (Method::Delete, "/zones/{z}/filters/{id}", false),
            (Method::Post, "/accounts/{a}/stream", false),
            (Method::Post, "/accounts/{a}/stream/{id}", false),
        ]);
        assert_eq!(
            calls,
            ["zone(zone_id).filters().delete_many()", "zone(zone_id).filters().delete(filter_id)", "account(account_id).stream().create()", "account(account_id).stream().post(stream_id)"]
        );
    }

    #[test]
    fn what_still_collides_is_numbered_in_route_order() {
        // A static segment named like the verb its parent gets.
        let calls = place_all(&[(Method::Get, "/things", true), (Method::Post, "/things/list", false), (Method::Get, "/things/{id}", false)]);
        assert_eq!(calls, ["things().list()", "things().list_2()", "things().get(thing_id)"]);
    }

    #[test]
    fn recorded_calls_win_and_survive_renamed_parameters() {
        let recorded = CallNames::parse("GET /zones/{zone_id}/dns_records  zone(zone_id).records().all()\n").unwrap();
        let routes = [Route { method: Method::Get, path: "/zones/{zone_identifier}/dns_records", returns_list: true }];
        assert_eq!(place(&routes, &recorded)[0].call.to_string(), "zone(zone_id).records().all()");
        assert_eq!(CallNames::parse(&recorded.render()).unwrap(), recorded);
    }

    #[test]
    fn a_recorded_call_whose_parameters_no_longer_match_is_replaced() {
        let recorded = CallNames::parse("GET /zones/{zone_id}  zones().get(other)\n").unwrap();
        let routes = [Route { method: Method::Get, path: "/zones/{zone_identifier}", returns_list: false }];
        assert_eq!(place(&routes, &recorded)[0].call.to_string(), "zones().get(zone_id)");
    }

    #[test]
    fn keywords_and_digits_make_valid_names() {
        assert_eq!(method_ident("type"), "type_");
        assert_eq!(method_ident("0rtt"), "x_0rtt");
        assert_eq!(method_ident("traceroute-tests"), "traceroute_tests");
    }

    #[test]
    fn malformed_records_are_errors_naming_the_line() {
        assert!(CallNames::parse("GET /zones\n").unwrap_err().contains("line 1"));
        assert!(CallNames::parse("# c\nFETCH /zones  zones().list()\n").unwrap_err().contains("line 2"));
        assert!(CallNames::parse("GET /zones  zones(.list\n").unwrap_err().contains("line 1"));
    }
}

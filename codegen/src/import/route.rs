//! Rules that turn an upstream operation's path and parameters into operations the spec can
//! hold, for shapes OpenAPI allows but a typed tree cannot take as they are. Each rule is
//! general: it reads the template and the declarations, never an operation id.
//!
//! - **Dual scope.** A template whose first segment is a parameter named `<a>_or_<b>`
//!   (`/{accounts_or_zones}/{account_or_zone_id}/rulesets`), where other paths of the document
//!   start with `/<a>/` and `/<b>/`, stands for two paths, one under the static segment `<a>`
//!   and one under `<b>`: it becomes two operations
//!   (`/accounts/{account_or_zone_id}/rulesets`, `/zones/{account_or_zone_id}/rulesets`), and
//!   the `<a>_or_<b>` parameter is gone. The tree then names the id after its scope
//!   (`account(account_id)`, `zone(zone_id)`), so each stays typed by scope.
//! - **A declaration under another name.** When exactly one name of the template has no
//!   declaration and exactly one declared path parameter is not in the template, that
//!   declaration is the template's parameter, misnamed (upstream declares `account_id` for
//!   `{account_or_zone_id}`).
//! - **A repeated name.** A template that names a parameter twice
//!   (`/accounts/{account_id}/address_maps/{address_map_id}/accounts/{account_id}`) gets a
//!   name of its own for each repetition (`{account_id_2}`), declared like the first.
//! - **No operation id.** The id is derived from the method and the path: `get` +
//!   `/accounts/{account_id}/brand-protection/alerts` ->
//!   `get-accounts-account_id-brand-protection-alerts`. A dual-scope operation that has an id
//!   keeps it with its scope appended (`<id>-accounts`).
//! - **No tag.** The tag is the operation's group: the first static segment below the
//!   account, zone and user scopes in kebab case (`custom-pages`), or else the first static
//!   segment.

use crate::spec::{Endpoint, ParameterLocation};

/// What the rules read of the whole document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The static first segments of its paths (`accounts`, `zones`, `user`, ...).
    pub first_segments: std::collections::BTreeSet<String>,
}

impl Document {
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a String>) -> Document {
        let first_segments = paths.into_iter().filter_map(|p| p.split('/').nth(1)).filter(|s| !s.is_empty() && !s.contains('{')).map(str::to_string).collect();
        Document { first_segments }
    }
}

/// The operations `endpoint` stands for, each with a template whose path parameters are
/// declared once each, an id and a tag. `has_id` and `has_tag` say whether upstream gave them
/// (when not, `endpoint`'s are placeholders).
pub fn normalize(mut endpoint: Endpoint, has_id: bool, has_tag: bool, document: &Document) -> Result<Vec<Endpoint>, String> {
    adopt_misnamed_declaration(&mut endpoint);
    split_repeated_names(&mut endpoint)?;
    let mut out = Vec::new();
    for (mut endpoint, scope) in fan_out_scopes(endpoint, document) {
        if !has_id {
            endpoint.operation_id = derived_operation_id(&endpoint);
        } else if let Some(scope) = scope {
            endpoint.operation_id = format!("{}-{scope}", endpoint.operation_id);
        }
        if !has_tag {
            endpoint.tag = crate::lower::tree::group(&endpoint.path);
        }
        out.push(endpoint);
    }
    Ok(out)
}

fn adopt_misnamed_declaration(endpoint: &mut Endpoint) {
    let template: Vec<String> = endpoint.path_template_names().into_iter().map(str::to_string).collect();
    let declared = |name: &str| endpoint.parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == name);
    let undeclared: Vec<&String> = template.iter().filter(|name| !declared(name)).collect();
    let strays: Vec<usize> = (0..endpoint.parameters.len()).filter(|&i| endpoint.parameters[i].location == ParameterLocation::Path && !template.contains(&endpoint.parameters[i].name)).collect();
    if let ([name], [stray]) = (undeclared.as_slice(), strays.as_slice()) {
        endpoint.parameters[*stray].name = (*name).clone();
    }
}

fn split_repeated_names(endpoint: &mut Endpoint) -> Result<(), String> {
    use crate::spec::template::{parameter_names, pieces, Piece};
    let original = endpoint.path.clone();
    let written = parameter_names(&original);
    let mut seen: Vec<String> = Vec::new();
    let mut path = String::with_capacity(original.len() + 4);
    for piece in pieces(&original) {
        let name = match piece {
            Piece::Text(text) => {
                path.push_str(text);
                continue;
            }
            Piece::Parameter(name) => name,
        };
        let unique = if seen.iter().any(|s| s == name) {
            let fresh = crate::lower::names::numbered(name, "_").find(|c| !seen.contains(c) && !written.contains(&c.as_str())).expect("an unused name");
            let declaration = endpoint
                .parameters
                .iter()
                .find(|p| p.location == ParameterLocation::Path && p.name == name)
                .ok_or_else(|| format!("the path `{original}` names `{{{name}}}` twice and declares it nowhere"))?;
            let mut copy = declaration.clone();
            copy.name = fresh.clone();
            endpoint.parameters.push(copy);
            fresh
        } else {
            name.to_string()
        };
        path.push('{');
        path.push_str(&unique);
        path.push('}');
        seen.push(unique);
    }
    endpoint.path = path;
    Ok(())
}

/// The operations of a dual-scope template, each with the static segment it stands under;
/// any other template is itself, under no new scope.
fn fan_out_scopes(endpoint: Endpoint, document: &Document) -> Vec<(Endpoint, Option<String>)> {
    let scopes = endpoint.path.strip_prefix("/{").and_then(|p| p.split_once('}')).and_then(|(name, rest)| {
        let (a, b) = name.split_once("_or_")?;
        let scope = |s: &str| document.first_segments.contains(s);
        (scope(a) && scope(b)).then(|| (name.to_string(), [a.to_string(), b.to_string()], rest.to_string()))
    });
    let Some((parameter, scopes, rest)) = scopes else { return vec![(endpoint, None)] };
    scopes
        .into_iter()
        .map(|scope| {
            let mut one = endpoint.clone();
            one.path = format!("/{scope}{rest}");
            one.parameters.retain(|p| !(p.location == ParameterLocation::Path && p.name == parameter));
            (one, Some(scope))
        })
        .collect()
}

/// `get` + `/accounts/{account_id}/brand-protection/alerts` ->
/// `get-accounts-account_id-brand-protection-alerts`: letters and digits lower-cased, `_` and
/// `.` kept, anything else one `-`.
pub fn derived_operation_id(endpoint: &Endpoint) -> String {
    let mut id = endpoint.method.as_str().to_string();
    for c in endpoint.path.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => id.push(c.to_ascii_lowercase()),
            '_' | '.' => id.push(c),
            _ if !id.ends_with('-') => id.push('-'),
            _ => {}
        }
    }
    id.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Method, Parameter};

    fn parameter(name: &str) -> Parameter {
        serde_json::from_value(serde_json::json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})).unwrap()
    }

    fn endpoint(method: Method, path: &str, parameters: &[&str]) -> Endpoint {
        let mut endpoint: Endpoint = serde_json::from_value(serde_json::json!({
            "operation_id": "x", "method": method, "path": path, "tag": "x", "responses": {}, "security": [],
        }))
        .unwrap();
        endpoint.parameters = parameters.iter().map(|p| parameter(p)).collect();
        endpoint
    }

    fn scoped() -> Document {
        Document::of(&["/accounts/{account_id}".to_string(), "/zones/{zone_id}".to_string(), "/{accounts_or_zones}/{id}/x".to_string()])
    }

    fn names(endpoint: &Endpoint) -> Vec<&str> {
        endpoint.parameters.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn a_dual_scope_template_is_one_operation_per_scope_without_the_scope_parameter() {
        let dual = endpoint(Method::Get, "/{accounts_or_zones}/{account_or_zone_id}/rulesets", &["accounts_or_zones", "account_or_zone_id"]);
        let out = normalize(dual, false, false, &scoped()).unwrap();
        let paths: Vec<&str> = out.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["/accounts/{account_or_zone_id}/rulesets", "/zones/{account_or_zone_id}/rulesets"]);
        assert!(out.iter().all(|e| names(e) == ["account_or_zone_id"]));
        let ids: Vec<&str> = out.iter().map(|e| e.operation_id.as_str()).collect();
        assert_eq!(ids, ["get-accounts-account_or_zone_id-rulesets", "get-zones-account_or_zone_id-rulesets"]);
        assert!(out.iter().all(|e| e.tag == "rulesets"), "untagged: the group is the tag");
    }

    #[test]
    fn a_leading_a_or_b_parameter_is_a_dual_scope_only_where_the_document_has_both_scopes() {
        let other = endpoint(Method::Get, "/{name_or_id}/things", &["name_or_id"]);
        let out = normalize(other, true, true, &scoped()).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "/{name_or_id}/things");
    }

    #[test]
    fn a_dual_scope_operation_with_an_id_keeps_it_with_its_scope() {
        let dual = endpoint(Method::Get, "/{accounts_or_zones}/{account_or_zone_id}/x", &["accounts_or_zones", "account_or_zone_id"]);
        let ids: Vec<String> = normalize(dual, true, true, &scoped()).unwrap().into_iter().map(|e| e.operation_id).collect();
        assert_eq!(ids, ["x-accounts", "x-zones"]);
    }

    #[test]
    fn a_declaration_under_another_name_is_the_one_the_template_lacks() {
        let misnamed = endpoint(Method::Get, "/{accounts_or_zones}/{account_or_zone_id}/logs", &["accounts_or_zones", "account_id"]);
        let out = normalize(misnamed, true, true, &scoped()).unwrap();
        assert_eq!(names(&out[0]), ["account_or_zone_id"]);
        // Two strays are ambiguous: nothing is guessed, validation reports them.
        let ambiguous = endpoint(Method::Get, "/a/{x}/b/{y}", &["p", "q"]);
        assert_eq!(names(&normalize(ambiguous, true, true, &scoped()).unwrap()[0]), ["p", "q"]);
    }

    #[test]
    fn a_repeated_path_parameter_gets_a_name_and_a_declaration_of_its_own() {
        let repeated = endpoint(Method::Put, "/accounts/{account_id}/address_maps/{address_map_id}/accounts/{account_id}", &["account_id", "address_map_id"]);
        let out = normalize(repeated, true, true, &scoped()).unwrap();
        assert_eq!(out[0].path, "/accounts/{account_id}/address_maps/{address_map_id}/accounts/{account_id_2}");
        assert_eq!(names(&out[0]), ["account_id", "address_map_id", "account_id_2"]);
        assert_eq!(out[0].path_template_names(), ["account_id", "address_map_id", "account_id_2"]);
    }

    #[test]
    fn an_operation_without_an_id_is_named_by_its_method_and_path() {
        let e = endpoint(Method::Patch, "/accounts/{account_id}/brand-protection/alerts/clear", &["account_id"]);
        assert_eq!(derived_operation_id(&e), "patch-accounts-account_id-brand-protection-alerts-clear");
        assert_eq!(derived_operation_id(&endpoint(Method::Get, "/live", &[])), "get-live");
    }
}

//! Names of generated items.
//!

//! They follow typify's own conversion (heck's, after replacing what cannot be in an
//! identifier), so that a name computed here is exactly the name progenitor and typify
//! generate.

use heck::{ToPascalCase, ToSnakeCase};

/// `organization-invites-list-invitations` -> `OrganizationInvitesListInvitations`.
pub fn pascal(text: &str) -> String {
    let out = identifier_words(text).to_pascal_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        format!("X{out}")
    } else {
        out
    }
}

/// `organization-invites-list-invitations` -> `organization_invites_list_invitations`;
/// `httpProtocol` -> `http_protocol`.
pub fn snake(text: &str) -> String {
    let out = identifier_words(text).to_snake_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        format!("x_{out}")
    } else {
        out
    }
}

/// Whether a name holds a run of 16 or more hexadecimal digits with a digit among them: a hash,
/// which names nothing a person could read (`SchemaRef70f2c6ccd8a405358ac7ef8fc3d6751c`).
pub fn holds_a_hash(name: &str) -> bool {
    let mut run = String::new();
    for c in name.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() >= 16 && run.chars().any(|c| c.is_ascii_digit()) {
            return true;
        }
        run.clear();
    }
    false
}

/// The lowercase words of a name in any case: `visibility_timeout_ms` and
/// `visibilityTimeoutMs` -> `[visibility, timeout, ms]`.
pub fn words(name: &str) -> Vec<String> {
    snake(name).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The words of a Pascal-case name: `DnsRecordEditBody` -> `[Dns, Record, Edit, Body]`.
pub fn pascal_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        match out.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// The singular of the last word of a snake-case name, by English spelling rules:
/// `policies` -> `policy`, `addresses` -> `address`, `dns_records` -> `dns_record`. Words
/// that end in `s` without being plurals (`dns`, `access`, `status`, `analytics`) stay.
pub fn singular(name: &str) -> String {
    const SUFFIXES: [(&str, &str); 6] = [("ies", "y"), ("sses", "ss"), ("xes", "x"), ("tches", "tch"), ("shes", "sh"), ("uses", "us")];
    const NOT_PLURALS: [&str; 9] = ["dns", "status", "analytics", "news", "series", "https", "tls", "sms", "cors"];
    let (head, word) = match name.rfind('_') {
        Some(i) => name.split_at(i + 1),
        None => ("", name),
    };
    let singular = if NOT_PLURALS.contains(&word) || word.len() <= 2 {
        word.to_string()
    } else if let Some((stem, ending)) = SUFFIXES.iter().find_map(|(plural, ending)| word.strip_suffix(plural).map(|stem| (stem, ending))) {
        format!("{stem}{ending}")
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    };
    format!("{head}{singular}")
}

/// The field name typify gives a property (its `sanitize` in snake case): what two properties
/// must not share. `<=1d` and `>1d` are both `x1d`.
pub fn typify_field(property: &str) -> String {
    let out = match property {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => property.replace('\'', "").replace(|c| !unicode_ident::is_xid_continue(c), "-").to_snake_case(),
    };
    let out = match out.chars().next() {
        None => "x".to_string(),
        Some(c) if unicode_ident::is_xid_start(c) => out,
        Some(_) => format!("x{out}"),
    };
    if out == "_" {
        return "__".into();
    }
    unkeyworded(out)
}

/// `name`, or `name_` when it is a Rust keyword: the one rule progenitor and typify name
/// setters, fields and methods by, which every name the tree writes follows.
pub fn unkeyworded(name: String) -> String {
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// `wanted2`, `wanted3`, ... with `separator` before the number (`_` between snake-case
/// words, none in Pascal case): the one way a name that is taken gets a number.
pub fn numbered<'a>(wanted: &'a str, separator: &'a str) -> impl Iterator<Item = String> + 'a {
    (2..).map(move |n| format!("{wanted}{separator}{n}"))
}

/// Whether `name` is a Rust keyword (strict or reserved), which a method cannot be named.
pub fn is_keyword(name: &str) -> bool {
    const KEYWORDS: [&str; 51] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
        "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override",
        "priv", "typeof", "unsized", "virtual", "yield", "try",
    ];
    KEYWORDS.contains(&name) || name == "gen"
}

/// Words of a name that say what it is about, singular: all its words but those any call or
/// type may have (`Body`, `Result`, `Item`, the verbs, ...). `DnsRecordListResult` ->
/// `[dns, record]`; `dns_records` -> `[dns, record]`.
pub fn domain_words(name: &str) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "body", "result", "item", "value", "create", "update", "get", "list", "delete", "edit", "post", "put", "patch", "new", "response", "request", "data", "object", "info", "detail", "schema",
        "ref", "by", "for", "of", "the", "and", "to", "a", "an",
    ];
    // A number ending a word numbers the name (`Bot2` is a `Bot`), unless the word is short
    // (`v2`, `ai3`).
    let unnumbered = |word: String| match word.trim_end_matches(|c: char| c.is_ascii_digit()) {
        stem if stem.len() >= 3 => stem.to_string(),
        _ => word,
    };
    words(name).into_iter().map(unnumbered).map(|word| singular(&word)).filter(|word| !GENERIC.contains(&word.as_str()) && !word.chars().all(|c| c.is_ascii_digit())).collect()
}

/// Whether a type's name fits a call's path: the rule types returned by calls are named by
/// ([`super::shapes`]). It fits when it shares a [domain word](domain_words) with the path's
/// segments (parameters aside), or spells a segment's words run together
/// (`Waitingroom` for `waiting_rooms`, `Zonelockdown` for `lockdowns`, `PageRule` for
/// `pagerules`).
pub fn fits(name: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty() && !segment.contains('{')).collect();
    let name_words = domain_words(name);
    if segments.iter().flat_map(|segment| domain_words(segment)).any(|word| name_words.contains(&word)) {
        return true;
    }
    let letters = |words: &[String]| -> String { words.concat().chars().filter(char::is_ascii_alphanumeric).collect() };
    let name_letters = letters(&words(name).into_iter().map(|w| singular(&w)).collect::<Vec<_>>());
    // A run-together spelling: a segment's words, joined, within the name's (four letters at
    // least, so that `ai` is not found in `email`).
    segments.iter().filter(|segment| !domain_words(segment).is_empty()).any(|segment| {
        let joined = letters(&words(segment).into_iter().map(|w| singular(&w)).collect::<Vec<_>>());
        joined.len() >= 4 && name_letters.contains(&joined)
    })
}

/// Whether a type's name fits a field it is the type of: it shares a [domain word](domain_words)
/// with a field along the place (`fields`, outermost first), with the name of the type holding
/// it (`parent`), or [fits](fits) the call's path. Looser than the test for returns, since a
/// field's type is often named after what holds it (`Rule` for an Access policy's `exclude[]`).
pub fn fits_field(name: &str, path: &str, fields: &[&str], parent: Option<&str>) -> bool {
    let name_words = domain_words(name);
    let around = fields.iter().copied().chain(parent).flat_map(domain_words);
    name_words.is_empty() || around.into_iter().any(|word| name_words.contains(&word)) || fits(name, path)
}

/// Whether a type's name fits a place it is used at (`GET /zones/{zone_id} result.account`,
/// as `generated/type-places.txt` writes them): the rule every type is named by
/// ([`super::shapes`]). Where the place is what a call returns or takes as a whole (`result`,
/// `result[]`, `body`), the name [fits](fits) the call's path; inside it, the name
/// [fits the field](fits_field). A name that says what the shape itself holds fits anywhere
/// (`IdRef` for `{id}`): `own_words` are the domain words of the shape's fields and values.
pub fn fits_place(name: &str, place: &str, parent: Option<&str>, own_words: &[String]) -> bool {
    let Some((path, fields)) = place_fields(place) else { return true };
    // A union's kind is named after its union and its tag's value.
    if place.rsplit(['.', '[', '{', ' ']).next().is_some_and(|last| last.contains('|')) {
        return true;
    }
    let name_words = domain_words(name);
    if !name_words.is_empty() && name_words.iter().all(|word| own_words.contains(word)) {
        return true;
    }
    if fields.is_empty() {
        fits(name, path)
    } else {
        fits_field(name, path, &fields, parent)
    }
}

/// The call's path of a place and the fields along it after its role (`result`, `body`,
/// `parameter`, ...): `GET /zones/{zone_id} result[].account` -> `/zones/{zone_id}`, `[account]`.
/// A union's kind names no field.
pub fn place_fields(place: &str) -> Option<(&str, Vec<&str>)> {
    let mut parts = place.splitn(3, ' ');
    let (_method, path, part) = (parts.next()?, parts.next()?, parts.next()?);
    let fields = part.split(['.', ' ', '[', ']', '{', '}']).skip(1).map(|field| field.split('|').next().unwrap_or_default()).filter(|field| !field.is_empty()).collect();
    Some((path, fields))
}

/// The place holding `place` (`.. result[]` of `.. result[].account`), for the name of its
/// type.
pub fn enclosing_places(place: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(place), |p| p.rfind(['.', '[', '{', '|']).map(|at| &p[..at])).skip(1)
}

/// The first segments of paths, which say what a call is about (an account, a zone, the user)
/// rather than what it does.
pub const SCOPES: [&str; 3] = ["accounts", "zones", "user"];

/// The part of the API a call's path is in: its first segment after the account, zone or
/// user it is about (`access` for `/accounts/{account_id}/access/apps`, `radar` for
/// `/radar/http/summary`), else its last segment (`zones` for `/zones/{zone_id}`).
pub fn area(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty() && !segment.contains('{')).collect();
    segments.iter().find(|segment| !SCOPES.contains(segment)).or(segments.last()).map(|segment| segment.to_string()).unwrap_or_default()
}

/// A name with a run of words said twice in a row told once, where more words follow it: the
/// stutter of a field named after its parent (`DeploymentDeploymentTriggerType`, the
/// `deployment_trigger` of a `Deployment`, is `DeploymentTriggerType`). A run holding `Item`
/// or `Value` is a level of nesting (`ClausesItemClausesItem`), and a name ending in its repeat
/// (`GraphGraph`, the `graph` of a `Graph`) would lose what tells it from its parent: both stay.
pub fn without_stutter(name: &str) -> String {
    let mut words = pascal_words(name);
    'again: loop {
        for length in 1..=words.len() / 2 {
            for start in 0..words.len().saturating_sub(2 * length) {
                let (run, repeat) = (&words[start..start + length], &words[start + length..start + 2 * length]);
                let nesting = run.iter().any(|word| word == "Item" || word == "Value");
                if run == repeat && !nesting {
                    words.drain(start + length..start + 2 * length);
                    continue 'again;
                }
            }
        }
        return words.concat();
    }
}

/// Drops apostrophes and turns anything that cannot continue an identifier into `-`.
fn identifier_words(text: &str) -> String {
    text.replace('\'', "").chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_joins_lowercase_words() {
        assert_eq!(super::snake("organization-invites-list-invitations"), "organization_invites_list_invitations");
        assert_eq!(super::snake("secondary-dns-(-acl)-list-ac-ls"), "secondary_dns_acl_list_ac_ls");
        assert_eq!(super::snake("httpProtocol"), "http_protocol");
        assert_eq!(super::snake("user's-organizations"), "users_organizations");
    }

    #[test]
    fn singular_follows_spelling_rules() {
        for (plural, singular) in [
            ("dns_records", "dns_record"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("access", "access"),
            ("dns", "dns"),
            ("boxes", "box"),
            ("caches", "cache"),
            ("batches", "batch"),
            ("statuses", "status"),
            ("ips", "ip"),
            ("v2", "v2"),
            ("analytics", "analytics"),
        ] {
            assert_eq!(super::singular(plural), singular, "{plural}");
        }
    }

    #[test]
    fn a_name_fits_a_path_by_a_domain_word_or_a_segment_run_together() {
        assert!(super::fits("DnsRecord", "/zones/{zone_id}/dns_records/{dns_record_id}"));
        assert!(super::fits("Waitingroom", "/zones/{zone_id}/waiting_rooms"));
        assert!(super::fits("Zonelockdown", "/zones/{zone_id}/firewall/lockdowns"));
        assert!(super::fits("PageRule", "/zones/{zone_id}/pagerules"));
        assert!(super::fits("Bot2", "/radar/bots"), "a numbered name");
        assert!(!super::fits("DeleteResult", "/accounts/{account_id}/access/apps/{app_id}"), "generic words name nothing");
        assert!(!super::fits("ManagedRule", "/radar/http/summary/bot_class"));
        assert!(!super::fits("Detail", "/accounts/{account_id}/email/routing"), "`ai` is not a word of `email`");
        assert!(!super::fits("Aiml", "/accounts/{account_id}/email/routing"), "nor a segment of four letters or more");
    }

    #[test]
    fn a_stutter_is_told_once_unless_it_is_nesting_or_the_end() {
        assert_eq!(super::without_stutter("DeploymentDeploymentTriggerType"), "DeploymentTriggerType");
        assert_eq!(super::without_stutter("AccountRequestTracerTraceRequestTracerTraceItem"), "AccountRequestTracerTraceItem");
        assert_eq!(super::without_stutter("FlagClausesItemClausesItemLogicalOperator"), "FlagClausesItemClausesItemLogicalOperator");
        assert_eq!(super::without_stutter("ConditionsItemClausesItemClausesItem"), "ConditionsItemClausesItemClausesItem", "whichever word the run starts at");
        assert_eq!(super::without_stutter("GraphGraph"), "GraphGraph");
        assert_eq!(super::without_stutter("DnsRecord"), "DnsRecord");
    }

    #[test]
    fn a_fields_type_fits_by_the_field_its_holder_or_the_path() {
        let path = "/accounts/{account_id}/access/apps";
        // Stricter than a person: an Access policy's `exclude[]` is rightly a `Rule`, which a
        // list of names that fit anywhere they are used is to exempt.
        assert!(!super::fits_field("Rule", path, &["policies", "exclude"], Some("Policy")));
        assert!(super::fits_field("PolicyDecision", path, &["policies", "decision"], Some("AppPolicy")), "by the field");
        assert!(super::fits_field("ZoneOwner", "/zones/{zone_id}", &["owner"], Some("Zone")), "by the holder");
        assert!(!super::fits_field("Service", "/zones/{zone_id}", &["account"], Some("Zone")), "a zone's account is no service");
        assert!(!super::fits_field("BrowserTop0Item", "/accounts/{account_id}/urlscanner/scan/{scan_id}", &["scan", "page", "headers"], Some("ScanPage")));
    }

    #[test]
    fn a_name_fits_a_place_by_its_call_its_field_or_what_the_shape_holds() {
        let zone = "GET /zones/{zone_id}";
        let id_name = ["id".to_string(), "name".to_string()];
        assert!(super::fits_place("IdRef", &format!("{zone} result.tenant_unit"), Some("Zone"), &id_name[..1]), "says what it holds");
        assert!(!super::fits_place("Service", &format!("{zone} result.account"), Some("Zone"), &id_name));
        assert!(super::fits_place("ZoneAccount", &format!("{zone} result.account"), Some("Zone"), &id_name));
        assert!(super::fits_place("Brotli", "GET /zones/{zone_id}/settings result[]|Brotli", None, &[]), "a union's kind, by its tag");
        let entrypoint = "PUT /zones/{zone_id}/rulesets/phases/{phase_id}/entrypoint body";
        assert!(!super::fits_place("UpdateBody", entrypoint, None, &[]), "a whole body, by its call");
        assert!(super::fits_place("EntrypointUpdateBody", entrypoint, None, &[]));
        assert!(!super::fits_place("MicrosoftPhi2Body", "POST /accounts/{account_id}/ai/run/@cf/meta/llama-3-8b body", None, &[]));
    }

    #[test]
    fn the_area_is_the_first_segment_after_the_scope() {
        assert_eq!(super::area("/accounts/{account_id}/access/apps/{app_id}"), "access");
        assert_eq!(super::area("/radar/http/summary/bot_class"), "radar");
        assert_eq!(super::area("/zones/{zone_id}"), "zones");
        assert_eq!(super::area("/user/tokens"), "tokens");
    }

    #[test]
    fn pascal_joins_words() {
        assert_eq!(super::pascal("organization-invites-list-invitations"), "OrganizationInvitesListInvitations");
        assert_eq!(super::pascal("secondary-dns-(-acl)-list-ac-ls"), "SecondaryDnsAclListAcLs");
        assert_eq!(super::pascal("get_accounts-account_identifier"), "GetAccountsAccountIdentifier");
        assert_eq!(super::pascal("zone-settings-change-HTTP3-setting"), "ZoneSettingsChangeHttp3Setting");
    }
}

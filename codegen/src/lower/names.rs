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
    fn pascal_joins_words() {
        assert_eq!(super::pascal("organization-invites-list-invitations"), "OrganizationInvitesListInvitations");
        assert_eq!(super::pascal("secondary-dns-(-acl)-list-ac-ls"), "SecondaryDnsAclListAcLs");
        assert_eq!(super::pascal("get_accounts-account_identifier"), "GetAccountsAccountIdentifier");
        assert_eq!(super::pascal("zone-settings-change-HTTP3-setting"), "ZoneSettingsChangeHttp3Setting");
    }
}

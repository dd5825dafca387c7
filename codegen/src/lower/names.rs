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
    fn pascal_joins_words() {
        assert_eq!(super::pascal("organization-invites-list-invitations"), "OrganizationInvitesListInvitations");
        assert_eq!(super::pascal("secondary-dns-(-acl)-list-ac-ls"), "SecondaryDnsAclListAcLs");
        assert_eq!(super::pascal("get_accounts-account_identifier"), "GetAccountsAccountIdentifier");
        assert_eq!(super::pascal("zone-settings-change-HTTP3-setting"), "ZoneSettingsChangeHttp3Setting");
    }
}

//! Names of generated items.

/// `organization-invites-list-invitations` -> `OrganizationInvitesListInvitations`.
/// Anything that is not an ASCII letter or digit separates words.
pub fn pascal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `organization-invites-list-invitations` -> `organization_invites_list_invitations`: the
/// client method's name. Already in the form progenitor's own conversion leaves unchanged, so
/// the name we compute is the name it generates.
pub fn snake(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut out = words.join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "op_");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_joins_lowercase_words() {
        assert_eq!(super::snake("organization-invites-list-invitations"), "organization_invites_list_invitations");
        assert_eq!(super::snake("secondary-dns-(-acl)-list-ac-ls"), "secondary_dns_acl_list_ac_ls");
    }

    #[test]
    fn pascal_joins_words() {
        assert_eq!(super::pascal("organization-invites-list-invitations"), "OrganizationInvitesListInvitations");
        assert_eq!(super::pascal("secondary-dns-(-acl)-list-ac-ls"), "SecondaryDnsAclListAcLs");
        assert_eq!(super::pascal("get_accounts-account_identifier"), "GetAccountsAccountIdentifier");
    }
}

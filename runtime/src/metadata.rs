//! Static facts about each operation, taken from the spec at build time.

/// One API operation as the spec describes it. Every generated operation has one in
/// `cloudflare_sdk::operations`; `cloudflare_sdk::operations::ALL` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// Cloudflare's operation id, e.g. `organization-invites-list-invitations`.
    pub id: &'static str,
    /// Where it sits in the resource tree, as a user writes it:
    /// `organization(organization_id).invites().list()`.
    pub call: &'static str,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template below the base URL, with the SDK's parameter names, e.g.
    /// `/organizations/{organization_id}/invites`.
    pub path: &'static str,
    /// The tag (API area) the operation belongs to.
    pub tag: &'static str,
    /// The Cargo feature that enables it: its tag's group (`generated/features.txt`).
    pub feature: &'static str,
    /// Permissions the credentials need, e.g. `#organization:read`.
    pub required_permissions: &'static [&'static str],
    /// Which plans may call it, when the spec says.
    pub plan_availability: Option<PlanAvailability>,
    pub deprecated: bool,
    /// What Cloudflare says of the deprecation (what to use instead, when it ends).
    pub deprecation: Option<&'static str>,
    /// `beta` or `internal` when Cloudflare marks the operation so; `None` when stable.
    pub stability: Option<&'static str>,
    /// The API token permission groups any one of which allows the call, e.g. `DNS Write`
    /// (what the dashboard offers when creating a token).
    pub token_groups: &'static [&'static str],
    /// Accepted ways to authenticate: each alternative lists the schemes sent together.
    pub security: &'static [&'static [&'static str]],
    /// The media type of a body sent as raw bytes (`multipart/form-data`,
    /// `application/javascript`, ...) or as a flavour of JSON (`application/scim+json`);
    /// `None` for plain JSON, form and body-less operations.
    pub request_media_type: Option<&'static str>,
    /// The spec requires a JSON body it does not describe; `{}` is sent.
    pub empty_json_body: bool,
    /// The `Accept` header sent: `application/json`, or the media types of an operation that
    /// answers with something else (CSV, scripts, ...).
    pub accept: &'static str,
}

/// The Cloudflare plans an operation is available on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanAvailability {
    pub free: bool,
    pub pro: bool,
    pub business: bool,
    pub enterprise: bool,
}

/// A Cloudflare plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plan {
    Free,
    Pro,
    Business,
    Enterprise,
}

impl PlanAvailability {
    pub fn includes(&self, plan: Plan) -> bool {
        match plan {
            Plan::Free => self.free,
            Plan::Pro => self.pro,
            Plan::Business => self.business,
            Plan::Enterprise => self.enterprise,
        }
    }
}

impl Operation {
    /// Whether the operation is available on `plan`; `None` when the spec does not say.
    pub fn available_on(&self, plan: Plan) -> Option<bool> {
        self.plan_availability.map(|plans| plans.includes(plan))
    }

    /// The permissions credentials need to call every one of `operations`, sorted, each once.
    ///
    /// ```
    /// # #[cfg(feature = "organizations")] {
    /// use cloudflare_sdk::{operations, Operation};
    /// let needed = Operation::permissions_for([&operations::ORGANIZATION_INVITES_LIST_INVITATIONS]);
    /// assert_eq!(needed, vec!["#organization:read"]);
    /// # }
    /// ```
    pub fn permissions_for<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> Vec<&'static str> {
        let all: std::collections::BTreeSet<&'static str> = operations.into_iter().flat_map(|o| o.required_permissions.iter().copied()).collect();
        all.into_iter().collect()
    }

    /// The API token permission groups of `operations`, sorted, each once: a token holding
    /// these groups can make every one of the calls (Cloudflare names, for each operation, the
    /// groups that allow it, read or write).
    pub fn token_groups_for<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> Vec<&'static str> {
        let all: std::collections::BTreeSet<&'static str> = operations.into_iter().flat_map(|o| o.token_groups.iter().copied()).collect();
        all.into_iter().collect()
    }
}

//! Credentials: the environment as the SDK reads it, or a named profile of
//! `$XDG_CONFIG_HOME/cloudflare/config.toml` (`~/.config/...` when it is unset):
//!
//! ```toml
//! [profiles.default]
//! api_token = "..."
//!
//! [profiles.legacy]
//! email = "me@example.com"
//! api_key = "..."
//! base_url = "https://api.cloudflare.com/client/v4"
//! # what `cloudflare mcp` may search and call, unless --groups says
//! groups = ["dns-records", "zones"]
//! ```
//!
//! `--profile NAME` (or `CLOUDFLARE_PROFILE`) picks a profile; without one the environment is
//! used, and the `default` profile when the environment has no credentials. Secrets are never
//! printed: a dry run names the variable or the profile key that holds them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
struct Config {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

#[derive(Default, Deserialize)]
struct Profile {
    api_token: Option<String>,
    email: Option<String>,
    api_key: Option<String>,
    user_service_key: Option<String>,
    base_url: Option<String>,
    /// The groups `cloudflare mcp` may search and call, unless `--groups` says.
    groups: Option<Vec<String>>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile").field("email", &self.email).field("base_url", &self.base_url).field("groups", &self.groups).finish_non_exhaustive()
    }
}

/// The profile key of each variable the SDK reads.
const KEYS: [(&str, &str); 5] = [
    ("CLOUDFLARE_API_TOKEN", "api_token"),
    ("CLOUDFLARE_EMAIL", "email"),
    ("CLOUDFLARE_API_KEY", "api_key"),
    ("CLOUDFLARE_API_USER_SERVICE_KEY", "user_service_key"),
    ("CLOUDFLARE_BASE_URL", "base_url"),
];

/// Where the settings come from: a lookup of the SDK's variable names.
pub struct Source {
    profile: Option<(String, Profile)>,
}

impl Source {
    /// The source `--profile` names, or the environment (then the `default` profile).
    pub fn choose(profile: Option<&str>) -> Result<Source, String> {
        let env_has_credentials = KEYS[..4].iter().any(|(var, _)| std::env::var(var).is_ok_and(|v| !v.trim().is_empty()));
        if profile.is_none() && env_has_credentials {
            return Ok(Source { profile: None });
        }
        let path = config_path();
        let config = match &path {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
                toml::from_str::<Config>(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))?
            }
            _ => Config::default(),
        };
        let mut profiles = config.profiles;
        if let Some(name) = profile {
            let known: Vec<String> = profiles.keys().cloned().collect();
            let shown = path.as_ref().map_or("config.toml".into(), |p| p.display().to_string());
            let Some(found) = profiles.remove(name) else { return Err(format!("no profile `{name}` in {shown} (its profiles: {known:?})")) };
            return Ok(Source { profile: Some((name.to_string(), found)) });
        }
        Ok(Source { profile: profiles.remove("default").map(|p| ("default".to_string(), p)) })
    }

    /// The value of one of the SDK's variables.
    pub fn lookup(&self, variable: &str) -> Option<String> {
        match &self.profile {
            Some((_, profile)) => {
                let value = match variable {
                    "CLOUDFLARE_API_TOKEN" => &profile.api_token,
                    "CLOUDFLARE_EMAIL" => &profile.email,
                    "CLOUDFLARE_API_KEY" => &profile.api_key,
                    "CLOUDFLARE_API_USER_SERVICE_KEY" => &profile.user_service_key,
                    "CLOUDFLARE_BASE_URL" => &profile.base_url,
                    _ => &None,
                };
                // A profile without a base URL uses the environment's (a test server, a proxy).
                value.clone().or_else(|| (variable == "CLOUDFLARE_BASE_URL").then(|| std::env::var(variable).ok()).flatten())
            }
            None => std::env::var(variable).ok(),
        }
    }

    /// The profile's `groups`, for `cloudflare mcp`.
    pub fn groups(&self) -> Option<&[String]> {
        self.profile.as_ref().and_then(|(_, p)| p.groups.as_deref())
    }

    /// The client these settings make.
    pub fn client(&self) -> Result<cloudflare_sdk::Client, cloudflare_sdk::Error> {
        cloudflare_sdk::ClientBuilder::from_lookup(|name| self.lookup(name))?.user_agent_suffix(concat!("cloudflare-cli/", env!("CARGO_PKG_VERSION"))).build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.lookup("CLOUDFLARE_BASE_URL").filter(|v| !v.trim().is_empty()).unwrap_or_else(|| cloudflare_sdk::DEFAULT_BASE_URL.to_string())
    }

    /// The credential headers a dry run shows: each names what holds its value (`$VARIABLE`,
    /// which a shell expands when the command is run, or the profile's key), in the SDK's
    /// order of preference; never the value.
    pub fn auth_headers(&self) -> Vec<String> {
        let holder = |variable: &str| match &self.profile {
            Some((name, _)) => format!("<redacted: profile {name}, {}>", KEYS.iter().find(|(v, _)| *v == variable).map_or("?", |(_, k)| k)),
            None => format!("${variable}"),
        };
        let set = |variable: &str| self.lookup(variable).is_some_and(|v| !v.trim().is_empty());
        if set("CLOUDFLARE_API_TOKEN") || !(set("CLOUDFLARE_API_KEY") || set("CLOUDFLARE_API_USER_SERVICE_KEY")) {
            vec![format!("Authorization: Bearer {}", holder("CLOUDFLARE_API_TOKEN"))]
        } else if set("CLOUDFLARE_API_KEY") {
            vec![format!("X-Auth-Email: {}", holder("CLOUDFLARE_EMAIL")), format!("X-Auth-Key: {}", holder("CLOUDFLARE_API_KEY"))]
        } else {
            vec![format!("X-Auth-User-Service-Key: {}", holder("CLOUDFLARE_API_USER_SERVICE_KEY"))]
        }
    }
}

/// `$XDG_CONFIG_HOME/cloudflare/config.toml`, or `$HOME/.config/cloudflare/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("cloudflare").join("config.toml"))
}

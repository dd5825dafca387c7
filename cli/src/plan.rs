//! What an operation sends: the method, the path's segments, the query and the body, from
//! values by parameter name; shown as a `curl` command by a dry run, sent through the SDK's raw
//! call otherwise. The command line and the MCP server each gather the values their own way.

use std::collections::BTreeMap;

use cloudflare_sdk::{Client, RawRequest};
use cloudflare_sdk_rules::template;

use crate::catalog::Operation;

/// A request, ready to be shown or sent (as many times as a walk asks).
#[derive(Debug, Clone)]
pub struct Plan {
    pub method: reqwest::Method,
    /// Each is sent as one path segment, percent-encoded.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    /// The bytes and their media type.
    pub body: Option<(Vec<u8>, String)>,
}

/// Values that cannot make a request: what is wrong, for the user or agent who gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

impl Plan {
    /// The request of `operation` with these path parameter values (by their names in its
    /// path), query pairs and body.
    pub fn new(operation: &Operation, path: &BTreeMap<String, String>, query: Vec<(String, String)>, body: Option<(Vec<u8>, String)>) -> Result<Plan, Usage> {
        let mut segments = Vec::new();
        for segment in template::segments(&operation.path) {
            let Some(name) = template::whole_parameter(segment) else {
                segments.push(template::fill(segment, |name| path.get(name).cloned().ok_or_else(|| missing(name)))?);
                continue;
            };
            let value = path.get(name).ok_or_else(|| missing(name))?;
            if operation.reserved.iter().any(|r| r == name) {
                // A reserved parameter (an object key) may hold `/`: it spans segments.
                segments.extend(value.split('/').map(str::to_string));
            } else {
                segments.push(value.clone());
            }
        }
        let method = reqwest::Method::from_bytes(operation.method.to_uppercase().as_bytes()).map_err(|_| Usage(format!("`{}` is not an HTTP method", operation.method)))?;
        Ok(Plan { method, segments, query, body })
    }

    /// `METHOD /path`, for messages.
    pub fn described(&self) -> String {
        format!("{} /{}", self.method, self.segments.join("/"))
    }

    /// This request as the SDK's raw call, with `more` query pairs (a walk's position).
    pub fn raw<'a>(&self, client: &'a Client, more: &[(&str, String)]) -> RawRequest<'a> {
        let mut request = client.request(self.method.clone(), &self.segments);
        for (name, value) in &self.query {
            if !more.iter().any(|(m, _)| m == name) {
                request = request.query(name, value);
            }
        }
        for (name, value) in more {
            request = request.query(*name, value);
        }
        if let Some((bytes, media_type)) = &self.body {
            request = request.body(bytes.clone(), media_type);
        }
        request
    }

    /// The URL it goes to under `base_url`, without any user or password the base URL holds.
    pub fn url(&self, base_url: &str) -> reqwest::Url {
        let mut url = reqwest::Url::parse(base_url).unwrap_or_else(|_| reqwest::Url::parse(cloudflare_sdk::DEFAULT_BASE_URL).expect("the default base URL parses"));
        // A user or password in the base URL is a secret too (the SDK refuses such a URL).
        let _ = url.set_username("");
        let _ = url.set_password(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(&self.segments);
        }
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        url
    }

    /// The request as a `curl` command line; `auth_headers` name what holds the credentials
    /// ([`crate::profile::Source::auth_headers`]), never their values.
    pub fn curl(&self, base_url: &str, auth_headers: &[String]) -> String {
        let mut out = format!("curl -X {} {}", self.method, quote(self.url(base_url).as_str()));
        for header in auth_headers {
            out.push_str(&format!(" \\\n  -H \"{header}\""));
        }
        if let Some((bytes, media_type)) = &self.body {
            out.push_str(&format!(" \\\n  -H {}", quote(&format!("Content-Type: {media_type}"))));
            match std::str::from_utf8(bytes) {
                Ok(text) => out.push_str(&format!(" \\\n  --data-binary {}", quote(text))),
                Err(_) => out.push_str(&format!(" \\\n  --data-binary @-  # {} bytes of {media_type}", bytes.len())),
            }
        }
        out
    }
}

fn missing(name: &str) -> Usage {
    Usage(format!("the path parameter `{name}` has no value"))
}

/// A value in single quotes for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

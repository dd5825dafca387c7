//! Building a [`Client`]: credentials, base URL, timeouts, retries.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::Client;

/// Cloudflare's API root; `CLOUDFLARE_BASE_URL` or [`ClientBuilder::base_url`] replace it.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// How long one attempt may take: from connecting to the end of the body for `send()`, to
/// the answer's headers for `send_http()` and `send_raw()`, whose body the caller reads.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a body the caller streams (`send_http()`, `send_raw()`) may go without a byte,
/// unless [`ClientBuilder::idle_timeout`] says. A download may take as long as it needs while
/// data keeps coming.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The most bytes `send()` reads of an answer, unless [`ClientBuilder::max_response_bytes`]
/// says: far above any JSON answer of the API (a full page of the largest lists is a few
/// megabytes), low enough that a runaway or hostile answer cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;

/// The `User-Agent` the SDK sends (with [`ClientBuilder::user_agent_suffix`] after it).
const SDK_USER_AGENT: &str = concat!("cloudflare-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Time allowed to open a connection, unless [`ClientBuilder::connect_timeout`] says.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The headers of the spec's `api_email`, `api_key` and `user_service_key` schemes (the
/// generator checks that every spec file declares them so).
const API_EMAIL_HEADER: &str = "x-auth-email";
const API_KEY_HEADER: &str = "x-auth-key";
const USER_SERVICE_KEY_HEADER: &str = "x-auth-user-service-key";

/// How the client authenticates. `Debug` never shows a secret.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// `Authorization: Bearer <token>` (`CLOUDFLARE_API_TOKEN`).
    ApiToken(String),
    /// `X-Auth-Email` + `X-Auth-Key` (`CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`).
    ApiKey { email: String, key: String },
    /// `X-Auth-User-Service-Key` (`CLOUDFLARE_API_USER_SERVICE_KEY`), for Origin CA.
    UserServiceKey(String),
}

impl Credentials {
    /// Reads the credentials from the process environment; see [`Credentials::from_lookup`].
    pub fn from_env() -> Result<Credentials, Error> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the credentials through `lookup` (a variable name -> its value), in this order:
    /// `CLOUDFLARE_API_TOKEN`; `CLOUDFLARE_EMAIL` with `CLOUDFLARE_API_KEY`;
    /// `CLOUDFLARE_API_USER_SERVICE_KEY`. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Credentials, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        if let Some(token) = get("CLOUDFLARE_API_TOKEN") {
            return Ok(Credentials::ApiToken(token));
        }
        match (get("CLOUDFLARE_EMAIL"), get("CLOUDFLARE_API_KEY")) {
            (Some(email), Some(key)) => return Ok(Credentials::ApiKey { email, key }),
            (Some(_), None) => return Err(Error::Config("CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not; set both, or use CLOUDFLARE_API_TOKEN".into())),
            (None, Some(_)) => return Err(Error::Config("CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not; set both, or use CLOUDFLARE_API_TOKEN".into())),
            (None, None) => {}
        }
        if let Some(key) = get("CLOUDFLARE_API_USER_SERVICE_KEY") {
            return Ok(Credentials::UserServiceKey(key));
        }
        Err(Error::Config("no Cloudflare credentials: set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY, or CLOUDFLARE_API_USER_SERVICE_KEY".into()))
    }

    /// The headers to send, each marked sensitive so that `Debug` of a request hides it.
    pub(crate) fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        let secret = |value: String, what: &str| {
            let mut header = HeaderValue::try_from(value).map_err(|_| format!("the {what} contains characters not allowed in an HTTP header"))?;
            header.set_sensitive(true);
            Ok::<_, String>(header)
        };
        Ok(match self {
            Credentials::ApiToken(token) => vec![(reqwest::header::AUTHORIZATION, secret(format!("Bearer {token}"), "API token")?)],
            Credentials::ApiKey { email, key } => {
                vec![(HeaderName::from_static(API_EMAIL_HEADER), secret(email.clone(), "email")?), (HeaderName::from_static(API_KEY_HEADER), secret(key.clone(), "API key")?)]
            }
            Credentials::UserServiceKey(key) => {
                vec![(HeaderName::from_static(USER_SERVICE_KEY_HEADER), secret(key.clone(), "user service key")?)]
            }
        })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            Credentials::ApiKey { email, .. } => f.debug_struct("ApiKey").field("email", email).field("key", &"<redacted>").finish(),
            Credentials::UserServiceKey(_) => f.write_str("UserServiceKey(<redacted>)"),
        }
    }
}

/// When and how often to send a request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `2` means at most 3 attempts).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, with jitter.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` waited for; an answer asking for longer ends the call (with
    /// that answer, an `Error::Api` whose headers hold the `Retry-After`).
    pub max_retry_after: Duration,
    /// Whether POST and PATCH are retried like the idempotent methods. Off by default: a
    /// write the server may have carried out (a 502 after it committed) would be carried out
    /// twice (a second token, a second record). See the README's retry table.
    pub retry_writes: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8), max_retry_after: Duration::from_secs(60), retry_writes: false }
    }
}

/// Settings for one call, overriding the client's: `builder.send_with(options)`, or
/// `builder.paginate().with_options(options)` for every page of a list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestOptions {
    /// Time allowed for each attempt of this call.
    pub timeout: Option<Duration>,
    /// Time a streamed body of this call may go without a byte ([`ClientBuilder::idle_timeout`]).
    pub idle_timeout: Option<Duration>,
    /// Retries after the first attempt, for this call.
    pub max_retries: Option<u32>,
    /// Whether this call is retried like an idempotent one even if it is a POST or PATCH
    /// ([`RetryPolicy::retry_writes`]).
    pub retry_writes: Option<bool>,
    /// Time allowed for the whole call: every attempt, and the waits between them.
    pub deadline: Option<Duration>,
    /// Headers added to the request, or replacing the SDK's (`User-Agent`, `Accept`); values
    /// marked sensitive, so `Debug` does not show them.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Query parameters appended to the request's.
    pub(crate) query: Vec<(String, String)>,
    /// Fields merged into the top level of a JSON body.
    pub(crate) extra_body: Option<serde_json::Map<String, serde_json::Value>>,
    /// What was wrong with an option given, reported by the call before anything is sent.
    pub(crate) invalid: Option<String>,
}

impl RequestOptions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time the body of this call may go without a byte, when the caller streams it
    /// (`send_http_with`); [`ClientBuilder::idle_timeout`].
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Retries this call on every retryable failure even if it is a write: for a write that
    /// is safe to repeat (an idempotency key, a PUT-like POST).
    pub fn retry_writes(mut self, retry: bool) -> Self {
        self.retry_writes = Some(retry);
        self
    }

    /// Time allowed for this whole call ([`ClientBuilder::deadline`]).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sends this header too, replacing one of the same name the SDK sets (`User-Agent`,
    /// `Accept`): for a header newer than the SDK. The credential headers cannot be set this
    /// way, nor can a name or value that is not valid in HTTP: the call fails before sending,
    /// saying which (without the value).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match extra_header(name, value) {
            Ok(header) => self.headers.push(header),
            Err(problem) => self.invalid = self.invalid.or(Some(problem)),
        }
        self
    }

    /// Appends `name=value` to the query: for a parameter newer than the SDK.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Merges the fields of `fields` (a JSON object) into the top level of the request's JSON
    /// body, replacing fields of the same name: for a field newer than the SDK. A call without
    /// a body sends the object alone; a call whose body is not a JSON object fails before
    /// sending. Given twice, the fields add up.
    pub fn extra_body(mut self, fields: serde_json::Value) -> Self {
        match fields {
            serde_json::Value::Object(fields) => self.extra_body.get_or_insert_with(Default::default).extend(fields),
            other => self.invalid = self.invalid.or(Some(format!("extra_body takes a JSON object, not {}", json_kind(&other)))),
        }
        self
    }
}

/// The headers the credentials travel in, which no extra header may replace.
const CREDENTIAL_HEADERS: [&str; 4] = ["authorization", "x-auth-email", "x-auth-key", "x-auth-user-service-key"];

/// A header a caller adds: a valid name that is not a credential's, and a valid value, marked
/// sensitive.
fn extra_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{}` is not a valid header name", name.escape_debug()))?;
    if CREDENTIAL_HEADERS.contains(&name.as_str()) {
        return Err(format!("`{name}` carries the credentials, which only `Credentials` sets"));
    }
    let mut value = HeaderValue::from_str(value).map_err(|_| format!("the value of `{name}` is not a valid header value"))?;
    value.set_sensitive(true);
    Ok((name, value))
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The client's settings; progenitor keeps it as the client's `inner` value.
#[derive(Debug, Clone)]
pub struct Config {
    /// The credential headers, built once: every request sends the same ones.
    pub(crate) auth_headers: Vec<(HeaderName, HeaderValue)>,
    /// The time allowed for one attempt (headers and body for `send()`, headers for a body
    /// the caller streams); the SDK applies it, whichever HTTP client sends.
    pub(crate) timeout: Duration,
    /// The time a streamed body may go without a byte.
    pub(crate) idle_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    /// The most bytes `send()` reads of a body.
    pub(crate) max_response_bytes: usize,
    /// Time allowed for a whole call, if any.
    pub(crate) deadline: Option<Duration>,
    /// Headers every request sends ([`ClientBuilder::default_header`]).
    pub(crate) default_headers: Vec<(HeaderName, HeaderValue)>,
}

/// Configures a [`Client`]. `C` is the client it builds: the SDK's `cloudflare_sdk::Client`
/// (whose `ClientBuilder` names this with `C` set) wraps this crate's.
pub struct ClientBuilder<C = Client> {
    settings: Settings,
    builds: PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] was told.
#[derive(Clone, Default)]
struct Settings {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    retry: RetryPolicy,
    deadline: Option<Duration>,
    default_headers: Vec<(String, String)>,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
    configure_http: Option<ConfigureHttp>,
}

// By hand: derived, they would ask `C` for `Clone` and `Default`, which a builder does not need.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder { settings: self.settings.clone(), builds: PhantomData }
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder { settings: Settings::default(), builds: PhantomData }
    }
}

/// What [`ClientBuilder::configure_http`] was given.
#[derive(Clone)]
struct ConfigureHttp(std::sync::Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>);

impl std::fmt::Debug for ConfigureHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfigureHttp(..)")
    }
}

/// By hand, so that a base URL given with a password (which `build` refuses) is not printed.
impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.settings.credentials)
            .field("base_url", &self.settings.base_url.as_deref().map(without_userinfo))
            .field("allow_insecure_http", &self.settings.allow_insecure_http)
            .field("timeout", &self.settings.timeout)
            .field("idle_timeout", &self.settings.idle_timeout)
            .field("connect_timeout", &self.settings.connect_timeout)
            .field("max_response_bytes", &self.settings.max_response_bytes)
            .field("retry", &self.settings.retry)
            .field("deadline", &self.settings.deadline)
            .field("default_headers", &self.settings.default_headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("user_agent_suffix", &self.settings.user_agent_suffix)
            .field("http", &self.settings.http)
            .field("configure_http", &self.settings.configure_http)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Credentials and base URL from the process environment; see [`ClientBuilder::from_lookup`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Credentials ([`Credentials::from_lookup`]) and `CLOUDFLARE_BASE_URL` through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let base_url = lookup("CLOUDFLARE_BASE_URL").filter(|v| !v.trim().is_empty());
        let credentials = Credentials::from_lookup(lookup)?;
        Ok(ClientBuilder { settings: Settings { credentials: Some(credentials), base_url, ..Settings::default() }, builds: PhantomData })
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.settings.credentials = Some(credentials);
        self
    }

    /// An API token, sent as `Authorization: Bearer <token>`: the official SDKs'
    /// `api_token` / `apiToken`. Same as `.credentials(Credentials::ApiToken(token))`.
    pub fn api_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::ApiToken(token.into()))
    }

    /// A global API key with its account's email, sent as `X-Auth-Email` and `X-Auth-Key`:
    /// the official SDKs' `api_email` + `api_key`.
    pub fn api_key(self, email: impl Into<String>, key: impl Into<String>) -> Self {
        self.credentials(Credentials::ApiKey { email: email.into(), key: key.into() })
    }

    /// Replaces [`DEFAULT_BASE_URL`], e.g. with a test server's address.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = Some(url.into());
        self
    }

    /// Lets the base URL be plain `http` to a host other than loopback (a trusted network, a
    /// proxy that adds TLS). Off by default: one missing "s" in `CLOUDFLARE_BASE_URL` would
    /// otherwise send the credentials in clear text. Loopback (`localhost`, `127.0.0.0/8`,
    /// `[::1]`) may always be `http`.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.settings.allow_insecure_http = allow;
        self
    }

    /// Time allowed for one attempt; [`DEFAULT_TIMEOUT`] unless set. It covers the whole
    /// answer that `send()` reads, and the answer's headers for `send_http()` and
    /// `send_raw()`, whose body [`idle_timeout`](Self::idle_timeout) bounds instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// Time a body streamed by the caller (`send_http()`, `send_raw()`, event streams) may go
    /// without a byte before reading it fails with a timeout (`reqwest::Error::is_timeout`);
    /// [`DEFAULT_IDLE_TIMEOUT`] unless set, `Duration::MAX` for none. There is no limit on the
    /// whole transfer: a large download takes as long as it needs while data keeps coming.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.settings.idle_timeout = Some(timeout);
        self
    }

    /// Time allowed to open a connection, within the attempt's timeout;
    /// [`DEFAULT_CONNECT_TIMEOUT`] unless set. A dead address fails after it, not after the
    /// whole attempt. Applies to the HTTP client the SDK builds, not to one given to
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// The most bytes `send()` reads of an answer; [`DEFAULT_MAX_RESPONSE_BYTES`] unless set.
    /// A longer one is [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), read no
    /// further. `send_http` streams any size. `0` means no limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings.max_response_bytes = Some(limit);
        self
    }

    /// Time allowed for a whole call: its attempts, and the waits between them (backoff,
    /// `Retry-After`). Each attempt gets at most what is left; a wait that would end past it
    /// is not made, and the call ends with its last answer or error. None by default: then a
    /// call takes at most (retries + 1) attempt timeouts plus the waits, 3 x 60 s + 2 x 60 s =
    /// 5 minutes with the defaults, when every attempt times out and the server asks for the
    /// longest `Retry-After`. Reading the body that `send()` decodes is within the attempt.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// A header every request of the client sends (as [`RequestOptions::header`], which may
    /// replace it for one call). `build` refuses a credential header or an invalid one.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.default_headers.push((name.into(), value.into()));
        self
    }

    /// Text appended to the SDK's `User-Agent` (`cloudflare-sdk-rust/0.1.0 my-tool/2.3`), so
    /// that Cloudflare's logs name your program.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.settings.user_agent_suffix = Some(suffix.into());
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.retry.max_retries = retries;
        self
    }

    /// Uses this `reqwest::Client` (a connection pool shared with other code). The SDK cannot
    /// change its redirect policy, and reqwest strips only `Authorization` when a redirect
    /// leaves the origin: with an API key or a user service key (`X-Auth-*` headers),
    /// [`build`](Self::build) refuses such a client. Prefer [`configure_http`](Self::configure_http),
    /// which takes every setting of reqwest and keeps the credentials safe.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.settings.http = Some(client);
        self
    }

    /// Configures the `reqwest::Client` the SDK builds (proxies, TLS roots, HTTP versions,
    /// pool settings): `f` gets reqwest's builder with the SDK's connect timeout set, and the
    /// SDK then sets the redirect policy to none, so that no credential follows a redirect.
    pub fn configure_http(mut self, f: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static) -> Self {
        self.settings.configure_http = Some(ConfigureHttp(std::sync::Arc::new(f)));
        self
    }

    /// The client; fails on credentials, a base URL or headers that cannot be sent safely.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        let credentials = self.settings.credentials.ok_or_else(|| Error::Config("no credentials given to the client builder".into()))?;
        let auth_headers = credentials.headers().map_err(Error::Config)?;
        let base_url = self.settings.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim_end_matches('/').to_string();
        let shown = without_userinfo(&base_url);
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL `{shown}` is not a URL: {e}")))?;
        // reqwest would turn a URL's userinfo into a Basic `Authorization` header, sent beside
        // the credentials, and it would show wherever the URL does.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Config(format!("base URL `{shown}` holds a user name or password; credentials go in `Credentials`, never in the URL")));
        }
        match parsed.scheme() {
            "https" => {}
            "http" if self.settings.allow_insecure_http || is_loopback(&parsed) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL `{shown}` is plain http to a host that is not loopback: the credentials would cross the network in clear text; use https (or `ClientBuilder::allow_insecure_http(true)` on a trusted network)"
                )))
            }
            _ => return Err(Error::Config(format!("base URL `{shown}` must be http or https"))),
        }
        let http = match (self.settings.http, self.settings.configure_http) {
            (Some(_), Some(_)) => return Err(Error::Config("give either `http_client` or `configure_http`, not both".into())),
            (Some(_), None) if !matches!(credentials, Credentials::ApiToken(_)) => {
                return Err(Error::Config(
                    "a `reqwest::Client` given to `http_client` may follow a redirect, and reqwest would carry the `X-Auth-*` credential headers to its origin; use `configure_http`, whose client never follows one".into(),
                ))
            }
            (Some(client), None) => client,
            // No operation of the API answers with a redirect; following one would send the
            // credentials wherever it points (reqwest keeps all but `Authorization` across
            // hosts). A 3xx is an `Error::Api`, its `Location` in the headers. The policy is
            // set after the caller's configuration, so that it cannot be undone.
            (None, configure) => {
                let builder = reqwest::Client::builder().connect_timeout(self.settings.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
                let builder = match configure {
                    Some(ConfigureHttp(f)) => f(builder),
                    None => builder,
                };
                builder.redirect(reqwest::redirect::Policy::none()).build().map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?
            }
        };
        let config = Config {
            auth_headers,
            timeout: self.settings.timeout.unwrap_or(DEFAULT_TIMEOUT),
            idle_timeout: self.settings.idle_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT),
            retry: self.settings.retry,
            user_agent: match &self.settings.user_agent_suffix {
                None => HeaderValue::from_static(SDK_USER_AGENT),
                Some(suffix) => HeaderValue::from_str(&format!("{SDK_USER_AGENT} {suffix}")).map_err(|_| Error::Config("the User-Agent suffix is not a valid header value".into()))?,
            },
            default_headers: self.settings.default_headers.iter().map(|(name, value)| extra_header(name, value)).collect::<Result<_, _>>().map_err(Error::Config)?,
            max_response_bytes: self.settings.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            deadline: self.settings.deadline,
        };
        Ok(Client::new_with_client(&base_url, http, config).into())
    }
}

/// Whether the URL's host is this machine: `localhost` or a loopback address.
fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `url` with its userinfo (`user:secret@`), if any, replaced by `***@`: what messages and
/// `Debug` show of a base URL. Works on text that does not parse as a URL too.
fn without_userinfo(url: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[authority_start..].find(['/', '?', '#']).map_or(url.len(), |i| authority_start + i);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..authority_start], &url[authority_start + at + 1..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    /// The generator's schemes (which it exports in the OpenAPI document) and the headers the
    /// runtime sends are the same.
    #[test]
    fn the_credential_headers_are_the_spec_schemes_headers() {
        let sent = [("api_email", super::API_EMAIL_HEADER), ("api_key", super::API_KEY_HEADER), ("user_service_key", super::USER_SERVICE_KEY_HEADER)];
        assert_eq!(sent, cloudflare_sdk_codegen::spec::SECURITY_HEADERS);
    }
}

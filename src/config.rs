//! Building a [`Client`]: credentials, base URL, timeouts, retries.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::Client;

/// Cloudflare's API root; `CLOUDFLARE_BASE_URL` or [`ClientBuilder::base_url`] replace it.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// How long one attempt may take, from connecting to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The most bytes `send()` reads of an answer, unless [`ClientBuilder::max_response_bytes`]
/// says: far above any JSON answer of the API (a full page of the largest lists is a few
/// megabytes), low enough that a runaway or hostile answer cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;

/// Time allowed to open a connection, unless [`ClientBuilder::connect_timeout`] says.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
        Err(Error::Config(
            "no Cloudflare credentials: set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY, or CLOUDFLARE_API_USER_SERVICE_KEY".into(),
        ))
    }

    /// The headers to send, each marked sensitive so that `Debug` of a request hides it.
    pub(crate) fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        use crate::generated::security_headers;
        let secret = |value: String, what: &str| {
            let mut header = HeaderValue::try_from(value).map_err(|_| format!("the {what} contains characters not allowed in an HTTP header"))?;
            header.set_sensitive(true);
            Ok::<_, String>(header)
        };
        Ok(match self {
            Credentials::ApiToken(token) => vec![(reqwest::header::AUTHORIZATION, secret(format!("Bearer {token}"), "API token")?)],
            Credentials::ApiKey { email, key } => vec![
                (HeaderName::from_static(security_headers::API_EMAIL), secret(email.clone(), "email")?),
                (HeaderName::from_static(security_headers::API_KEY), secret(key.clone(), "API key")?),
            ],
            Credentials::UserServiceKey(key) => {
                vec![(HeaderName::from_static(security_headers::USER_SERVICE_KEY), secret(key.clone(), "user service key")?)]
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
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
    /// Whether POST and PATCH are retried like the idempotent methods. Off by default: a
    /// write the server may have carried out (a 502 after it committed) would be carried out
    /// twice (a second token, a second record). See the README's retry table.
    pub retry_writes: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_writes: false,
        }
    }
}

/// Settings for one call, overriding the client's: `builder.send_with(options)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Time allowed for each attempt of this call.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt, for this call.
    pub max_retries: Option<u32>,
    /// Whether this call is retried like an idempotent one even if it is a POST or PATCH
    /// ([`RetryPolicy::retry_writes`]).
    pub retry_writes: Option<bool>,
}

impl RequestOptions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
}

/// The client's settings; progenitor keeps it as the client's `inner` value.
#[derive(Debug, Clone)]
pub struct Config {
    /// The credential headers, built once: every request sends the same ones.
    pub(crate) auth_headers: Vec<(HeaderName, HeaderValue)>,
    /// The time allowed for one attempt, headers and body; the SDK applies it, whichever HTTP
    /// client sends.
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    /// The most bytes `send()` reads of a body.
    pub(crate) max_response_bytes: usize,
}

/// Configures a [`Client`].
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
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
        Ok(ClientBuilder { credentials: Some(credentials), base_url, ..Self::default() })
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Replaces [`DEFAULT_BASE_URL`], e.g. with a test server's address.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time allowed for one attempt; [`DEFAULT_TIMEOUT`] unless set.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to open a connection, within the attempt's timeout;
    /// [`DEFAULT_CONNECT_TIMEOUT`] unless set. A dead address fails after it, not after the
    /// whole attempt. Applies to the HTTP client the SDK builds, not to one given to
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The most bytes `send()` reads of an answer; [`DEFAULT_MAX_RESPONSE_BYTES`] unless set.
    /// A longer one is [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), read no
    /// further. `send_http` streams any size.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Uses this `reqwest::Client` (proxies, TLS roots, connection pool settings). Build it
    /// with `.redirect(reqwest::redirect::Policy::none())`: the client the SDK builds never
    /// follows a redirect, so that credentials never reach another origin, but the SDK
    /// cannot change the policy of a client given here.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| Error::Config("no credentials given to the client builder".into()))?;
        let auth_headers = credentials.headers().map_err(Error::Config)?;
        let base_url = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim_end_matches('/').to_string();
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL `{base_url}` is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("base URL `{base_url}` must be http or https")));
        }
        let http = match self.http {
            Some(client) => client,
            // No operation of the API answers with a redirect; following one would send the
            // credentials wherever it points (reqwest keeps all but `Authorization` across
            // hosts). A 3xx is an `Error::Api`, its `Location` in the headers.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?,
        };
        let config = Config {
            auth_headers,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            retry: self.retry,
            user_agent: HeaderValue::from_static(concat!("cloudflare-sdk-rust/", env!("CARGO_PKG_VERSION"))),
            max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        };
        Ok(Client::new_with_client(&base_url, http, config))
    }
}

impl Client {
    /// A client configured from the environment: credentials (see
    /// [`Credentials::from_lookup`]) and `CLOUDFLARE_BASE_URL`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        progenitor_client::ClientInfo::baseurl(self)
    }
}

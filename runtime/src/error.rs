//! The one error type of the SDK. Nothing the server said is dropped.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::response::{cf_ray, Message};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Cloudflare answered with a failure: an HTTP 4xx/5xx status, or `"success": false`
    /// even on a 2xx status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The client is not configured right (for example, no credentials in the environment).
    #[error("{0}")]
    Config(String),
    /// The request could not be built: a required parameter is missing, a value is not
    /// valid in a header, or a path parameter would change the request path.
    #[error("invalid request for {operation}: {message}")]
    InvalidRequest { operation: &'static str, message: String },
    /// The request did not get a complete response (connection refused, reset, TLS, ...).
    #[error("{operation}: request failed after {attempts} attempt(s): {}", causes(source))]
    Transport {
        operation: &'static str,
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },
    /// No complete response within the timeout of an attempt. `source` is the HTTP client's
    /// error when its own timeout fired first (a client given to `http_client` may set one).
    #[error("{operation}: timed out after {attempts} attempt(s)")]
    Timeout {
        operation: &'static str,
        attempts: u32,
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The answer is longer than the client reads (`ClientBuilder::max_response_bytes`); it
    /// was not read further. Of an event stream, one event is.
    #[error("{operation}: the answer (of a stream, one event) is longer than the {limit} bytes the client reads (ClientBuilder::max_response_bytes)")]
    ResponseTooLarge { operation: &'static str, limit: usize },
    /// A success status whose body is not what the spec describes.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            _ => None,
        }
    }

    /// Cloudflare's error codes, in order (empty unless this is [`Error::Api`]).
    pub fn codes(&self) -> Vec<i64> {
        match self {
            Error::Api(api) => api.errors.iter().map(|e| e.code).collect(),
            _ => Vec::new(),
        }
    }

    /// The API failure, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The status of a failure answer ([`Error::Api`]); a success that did not decode has none.
    fn failed_with(&self) -> Option<StatusCode> {
        self.as_api().map(|api| api.status)
    }

    /// Cloudflare answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.failed_with() == Some(StatusCode::NOT_FOUND)
    }

    /// Cloudflare answered `429 Too Many Requests` (after the retries the policy allows);
    /// [`retry_after`](Self::retry_after) says how long it asked to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.failed_with() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Cloudflare refused the credentials or their permissions: `401` or `403`.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.failed_with(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
    }

    /// Cloudflare answered `409 Conflict` (the resource exists, or changed meanwhile).
    pub fn is_conflict(&self) -> bool {
        self.failed_with() == Some(StatusCode::CONFLICT)
    }

    /// Cloudflare answered with a `5xx` status.
    pub fn is_server_error(&self) -> bool {
        self.failed_with().is_some_and(|status| status.is_server_error())
    }

    /// No complete answer came within the time allowed.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// No connection could be made, or it broke before an answer came.
    pub fn is_connection(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if !source.is_timeout())
    }

    /// How long a failure answer asked to wait before trying again (`Retry-After-Ms`, else
    /// `Retry-After`), as a `429` or `503` says it.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.as_api().and_then(|api| crate::rt::hooks::retry_after(&api.headers))
    }
}

/// A failure answer from Cloudflare.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id of the call.
    pub operation: &'static str,
    pub status: StatusCode,
    /// Every `{code, message}` of the envelope's `errors`.
    pub errors: Vec<Message>,
    pub messages: Vec<Message>,
    /// The `cf-ray` response header, to quote to Cloudflare support.
    pub cf_ray: Option<String>,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// Whether the body was a Cloudflare envelope; when not, `body` is all there is.
    pub envelope: bool,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl ApiError {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes, attempts: u32) -> Self {
        let failure = serde_json::from_slice::<Failure>(&body).unwrap_or_default();
        ApiError {
            operation,
            status,
            envelope: failure.success.is_some() || failure.errors.is_some(),
            errors: failure.errors.unwrap_or_default(),
            messages: failure.messages.unwrap_or_default(),
            cf_ray: cf_ray(&headers).map(str::to_owned),
            headers,
            body,
            attempts,
        }
    }

    /// The body as text (lossy), e.g. the HTML page of a proxy error.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: HTTP {}", self.operation, self.status)?;
        for error in &self.errors {
            write!(f, "; [{}] {}", error.code, error.message)?;
        }
        if !self.envelope {
            write!(f, "; body: {}", excerpt(&self.body))?;
        }
        if let Some(ray) = &self.cf_ray {
            write!(f, " (cf-ray {ray})")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

/// A success status whose body could not be decoded as the spec describes.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: could not decode the HTTP {} response: {}", self.operation, self.status, self.source)?;
        if let Some(ray) = cf_ray(&self.headers) {
            write!(f, " (cf-ray {ray})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The failure envelope, read leniently: whatever part of it is there is kept.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Failure {
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default)]
    pub errors: Option<Vec<Message>>,
    #[serde(default)]
    pub messages: Option<Vec<Message>>,
}

/// An error and its sources, `: `-separated (reqwest keeps "connection refused" in a source).
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

/// At most 200 characters of a body, for messages.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if text.is_empty() => "(empty)".into(),
        None => text.to_string(),
    }
}

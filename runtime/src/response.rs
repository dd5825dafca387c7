//! What a successful call returns.

use std::ops::Deref;

use bytes::Bytes;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::{Deserialize, Deserializer};

/// A decoded success: the envelope's `result`, and the rest of what came with it.
///
/// Derefs to the result, so `response.iter()` works on a list result;
/// [`Response::into_result`] takes it out. The body it was decoded from is kept (shared, not
/// copied): [`Response::json`] reads it again, so what the types have no field for (a field
/// newer than the spec) stays reachable.
#[derive(Clone)]
pub struct Response<T> {
    pub(crate) result: T,
    pub(crate) result_info: Option<ResultInfo>,
    pub(crate) messages: Vec<Message>,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    /// The body by its length: the result shows what it holds.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("result", &self.result)
            .field("result_info", &self.result_info)
            .field("messages", &self.messages)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl<T> Response<T> {
    pub fn result(&self) -> &T {
        &self.result
    }

    pub fn into_result(self) -> T {
        self.result
    }

    /// Paging information, for list operations.
    pub fn result_info(&self) -> Option<&ResultInfo> {
        self.result_info.as_ref()
    }

    /// Informational messages Cloudflare sent with the result.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as it came.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body read as JSON, whole: the envelope and everything in it, including what the
    /// result's type has no field for.
    pub fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
    }

    /// The `cf-ray` id Cloudflare support asks for.
    pub fn cf_ray(&self) -> Option<&str> {
        cf_ray(&self.headers)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { result: f(self.result), result_info: self.result_info, messages: self.messages, status: self.status, headers: self.headers, body: self.body }
    }
}

impl<T> Response<Option<T>> {
    /// The response with its result when there is one, else the response as it was.
    // Both sides are the same response, moved, never a failure carried up the stack.
    #[allow(clippy::result_large_err)]
    pub(crate) fn present(self) -> Result<Response<T>, Response<Option<T>>> {
        match self.result {
            Some(result) => Ok(Response { result, result_info: self.result_info, messages: self.messages, status: self.status, headers: self.headers, body: self.body }),
            None => Err(self),
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.result
    }
}

/// An entry of `errors` or `messages`. Some operations declare their messages as plain
/// strings; such a message has code 0.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(from = "MessageForm")]
pub struct Message {
    /// Cloudflare's code, e.g. `7003` or `81057`. The spec types it as any integer.
    pub code: i64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Where in the request the problem is (`{"pointer": "/name"}`), when Cloudflare says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<serde_json::Value>,
}

/// The forms a message comes in.
#[derive(Deserialize)]
#[serde(untagged)]
enum MessageForm {
    Full {
        #[serde(default, deserialize_with = "code")]
        code: i64,
        #[serde(default, deserialize_with = "text")]
        message: String,
        #[serde(default)]
        documentation_url: Option<String>,
        #[serde(default)]
        source: Option<serde_json::Value>,
    },
    Text(String),
}

impl From<MessageForm> for Message {
    fn from(form: MessageForm) -> Message {
        match form {
            MessageForm::Full { code, message, documentation_url, source } => Message { code, message, documentation_url, source },
            MessageForm::Text(message) => Message { code: 0, message, documentation_url: None, source: None },
        }
    }
}

/// A code as Cloudflare sends it: a number, or at times a numeric string (`"1003"`); anything
/// else is 0, so that a failure's other codes and messages are never lost over one.
fn code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18).map(|f| f as i64)).unwrap_or(0),
        serde_json::Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A message as text; one sent as another JSON value is kept as its JSON text.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// `result_info` of list operations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ResultInfo {
    #[serde(default, deserialize_with = "count")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub per_page: Option<u64>,
    /// Items on this page.
    #[serde(default, deserialize_with = "count")]
    pub count: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub total_count: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub total_pages: Option<u64>,
    /// Cursor of the next page, for cursor-paginated operations.
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub cursors: Option<Cursors>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Cursors {
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

/// Counts are typed `number` upstream; accept `20` and `20.0`, and treat anything else as absent
/// rather than failing the call over paging metadata.
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| v.as_u64().or_else(|| v.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))))
}

pub(crate) fn cf_ray(headers: &HeaderMap) -> Option<&str> {
    headers.get("cf-ray").and_then(|v| v.to_str().ok())
}

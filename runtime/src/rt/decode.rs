//! Turning the HTTP answer of a builder's `send_http` into a [`Response`] or an [`Error`].
//! The generated `send` of every operation calls exactly one of these.

use std::future::Future;

use bytes::Bytes;
use progenitor_client::ByteStream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{ApiError, DecodeError, Error};
use crate::metadata::Operation;
use crate::response::{Message, Response, ResultInfo};

pub type Raw = Result<reqwest::Response, progenitor_client::Error<ByteStream>>;

/// An answer, read to the end.
pub struct Body {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Bytes,
    attempts: u32,
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    errors: Option<Vec<Message>>,
    #[serde(default)]
    messages: Option<Vec<Message>>,
    #[serde(default = "none")]
    result: Option<T>,
    #[serde(default)]
    result_info: Option<ResultInfo>,
}

fn none<T>() -> Option<T> {
    None
}

/// A list result; `null` is an empty list.
pub async fn envelope_list<T: DeserializeOwned>(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<Vec<T>>, Error> {
    read(raw, op).await.and_then(|body| list(body, op))
}

/// A result the spec says may be `null`.
pub async fn envelope_optional<T: DeserializeOwned>(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<Option<T>>, Error> {
    read(raw, op).await.and_then(|body| optional(body, op))
}

/// A result that must be present (see [`required`]).
pub async fn envelope_required<T: DeserializeOwned>(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<T>, Error> {
    read(raw, op).await.and_then(|body| required(body, op))
}

/// A result of no particular shape.
pub async fn envelope_json(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<serde_json::Value>, Error> {
    read(raw, op).await.and_then(|body| json(body, op))
}

/// A result that carries nothing (`null` by design); whatever came is ignored.
pub async fn envelope_unit(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<()>, Error> {
    read(raw, op).await.and_then(|body| unit(body, op))
}

/// JSON the spec declares without an envelope (see [`bare`]).
pub async fn bare_json<T: DeserializeOwned>(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<T>, Error> {
    read(raw, op).await.and_then(|body| bare(body, op))
}

/// Bytes as they came (CSV, images, scripts).
pub async fn bytes(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<Bytes>, Error> {
    read(raw, op).await.map(as_bytes)
}

/// No body expected.
pub async fn empty(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Response<()>, Error> {
    read(raw, op).await.map(nothing)
}

// What each kind of result makes of a success answer read whole: the async decoders above
// are [`read`] then one of these, and the conformance driver calls them directly.

/// A list result; `null` is an empty list.
pub fn list<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<Response<Vec<T>>, Error> {
    parse_envelope::<Vec<T>>(body, op).map(|r| r.map(Option::unwrap_or_default))
}

/// A result the spec says may be `null`.
pub fn optional<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<Response<Option<T>>, Error> {
    parse_envelope::<T>(body, op)
}

/// A result that must be present. A success whose `result` is `null` or missing where an
/// object is declared is that object with nothing in it (every answer field is optional):
/// Cloudflare answers so for lists of nothing and for deletes, and neither is a failure.
pub fn required<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<Response<T>, Error> {
    match parse_envelope::<T>(body, op)?.present() {
        Ok(response) => Ok(response),
        Err(absent) => match serde_json::from_slice::<T>(b"{}") {
            Ok(empty) => Ok(absent.map(|_| empty)),
            Err(_) => {
                let Response { status, headers, body: bytes, .. } = absent;
                Err(decode_error(Body { status, headers, bytes, attempts: 1 }, op, serde::de::Error::custom("`result` is null or missing")))
            }
        },
    }
}

/// A result of no particular shape.
pub fn json(body: Body, op: &'static Operation) -> Result<Response<serde_json::Value>, Error> {
    parse_envelope::<serde_json::Value>(body, op).map(|r| r.map(Option::unwrap_or_default))
}

/// A result that carries nothing (`null` by design); whatever came is ignored.
pub fn unit(body: Body, op: &'static Operation) -> Result<Response<()>, Error> {
    parse_envelope::<serde::de::IgnoredAny>(body, op).map(|r| r.map(|_| ()))
}

/// JSON the spec declares without an envelope. Cloudflare wraps some of those answers in the
/// envelope all the same; then the envelope is read (a failure is an error) and `result` is
/// the value.
pub fn bare<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<Response<T>, Error> {
    if looks_like_envelope(&body.bytes) {
        let copy = || Body { headers: body.headers.clone(), bytes: body.bytes.clone(), ..body };
        if let Ok(Ok(response)) = parse_envelope::<T>(copy(), op).map(Response::present) {
            return Ok(response);
        }
        if let Err(failure @ Error::Api(_)) = parse_envelope::<serde::de::IgnoredAny>(copy(), op) {
            return Err(failure);
        }
    }
    // An empty body is JSON's `null`: whatever `T` makes of nothing (`Value::Null`, `None`).
    let text: &[u8] = if body.bytes.iter().all(u8::is_ascii_whitespace) { b"null" } else { &body.bytes };
    match crate::rt::lenient::from_slice::<T>(text, op.id) {
        Ok(result) => Ok(response(result, body, None, Vec::new())),
        Err(err) => Err(decode_error(body, op, err)),
    }
}

/// A JSON object with the envelope's keys ([`cloudflare_sdk_rules::envelope::MARKERS`]).
fn looks_like_envelope(bytes: &[u8]) -> bool {
    let keys = serde_json::from_slice::<std::collections::HashMap<String, serde::de::IgnoredAny>>(bytes);
    keys.is_ok_and(|keys| cloudflare_sdk_rules::envelope::is_envelope(|key| keys.contains_key(key)))
}

/// Bytes as they came.
pub fn as_bytes(body: Body) -> Response<Bytes> {
    let bytes = body.bytes.clone();
    response(bytes, body, None, Vec::new())
}

/// No body expected; whatever came is kept in the response only.
pub fn nothing(body: Body) -> Response<()> {
    response((), body, None, Vec::new())
}

impl<T> Envelope<T> {
    /// What an empty or `null` success body says: nothing, which is no failure.
    fn nothing() -> Self {
        Envelope { success: None, errors: None, messages: None, result: None, result_info: None }
    }
}

fn parse_envelope<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<Response<Option<T>>, Error> {
    // Checked apart rather than parsed as `Option<Envelope>`: cheaper for the usual object.
    let text = body.bytes.trim_ascii();
    let parsed = if text.is_empty() || text == b"null" {
        Ok(Envelope::nothing())
    } else if text.starts_with(b"{") {
        // Mended where the answer deviates from the spec (`lenient.rs`).
        crate::rt::lenient::from_slice::<Envelope<T>>(text, op.id)
    } else {
        serde_json::from_slice::<Envelope<T>>(text)
    };
    match parsed {
        // `success: false` is a failure whatever the status; so are errors without `success`.
        Ok(envelope) if envelope.success == Some(false) || (envelope.success.is_none() && envelope.errors.as_ref().is_some_and(|e| !e.is_empty())) => Err(api_error(body, op)),
        Ok(envelope) => Ok(response(envelope.result, body, envelope.result_info, envelope.messages.unwrap_or_default())),
        Err(err) => {
            // A failure envelope whose `result` does not fit the success type is still a failure.
            let failure = serde_json::from_slice::<crate::error::Failure>(&body.bytes);
            if failure.is_ok_and(|f| f.success == Some(false)) {
                Err(api_error(body, op))
            } else {
                Err(decode_error(body, op, err))
            }
        }
    }
}

/// Decodes an envelope body as a call of `operation` would: for bodies kept from `send_raw`,
/// or read from elsewhere. `success: false` and failure statuses give [`Error::Api`].
pub fn decode_envelope<T: DeserializeOwned>(operation: &'static Operation, status: StatusCode, headers: HeaderMap, body: Bytes) -> Result<Response<Option<T>>, Error> {
    let body = Body { status, headers, bytes: body, attempts: 1 };
    if !status.is_success() {
        return Err(api_error(body, operation));
    }
    parse_envelope::<T>(body, operation)
}

fn response<T>(result: T, body: Body, result_info: Option<ResultInfo>, messages: Vec<Message>) -> Response<T> {
    Response { result, result_info, messages, status: body.status, headers: body.headers, body: body.bytes }
}

fn api_error(body: Body, op: &'static Operation) -> Error {
    Error::Api(Box::new(ApiError::new(op.id, body.status, body.headers, body.bytes, body.attempts)))
}

fn decode_error(body: Body, op: &'static Operation, source: serde_json::Error) -> Error {
    Error::Decode(Box::new(DecodeError { operation: op.id, status: body.status, headers: body.headers, body: body.bytes, source }))
}

/// Sends (through the client hooks, which start the attempts) and reads the whole body of a
/// 2xx answer, within the deadline of the last attempt; any other status becomes
/// [`Error::Api`].
pub async fn read(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<Body, Error> {
    use progenitor_client::Error as Raw;
    let (outcome, attempts) = crate::rt::call::run(async {
        let mut response = raw.await?;
        // Moved, not copied: the body is read without them.
        let headers = std::mem::take(response.headers_mut());
        let limit = crate::rt::call::body_limit();
        Ok((response.status(), headers, limit, read_limited(response, limit).await))
    })
    .await;
    match outcome {
        Ok(Ok((status, headers, limit, bytes))) => {
            let bytes = match bytes {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return Err(Error::ResponseTooLarge { operation: op.id, limit }),
                Err(e) => return Err(transport(e, op, attempts)),
            };
            let body = Body { status, headers, bytes, attempts };
            if status.is_success() {
                Ok(body)
            } else {
                Err(api_error(body, op))
            }
        }
        Ok(Err(Raw::CommunicationError(err) | Raw::ResponseBodyError(err))) => Err(transport(err, op, attempts)),
        Ok(Err(Raw::InvalidRequest(message) | Raw::Custom(message))) => Err(Error::InvalidRequest { operation: op.id, message }),
        Ok(Err(other)) => Err(Error::InvalidRequest { operation: op.id, message: other.to_string() }),
        Err(crate::rt::call::TimedOut) => Err(Error::Timeout { operation: op.id, attempts, source: None }),
    }
}

/// The answer of a builder's `send_http` (which bounds the attempts up to the headers, and the
/// body's reading by the idle timeout), unread when it is a success, for streaming; a failure
/// status is read whole (up to the client's size limit) and is [`Error::Api`].
pub async fn success_unread(raw: impl Future<Output = Raw>, op: &'static Operation) -> Result<reqwest::Response, Error> {
    let mut response = raw.await.map_err(|err| unanswered(err, op))?;
    if response.status().is_success() {
        return Ok(response);
    }
    let limit = crate::rt::stream::BodyLimit::of(&response);
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    match read_limited(response, limit).await {
        Ok(Some(bytes)) => Err(api_error(Body { status, headers, bytes, attempts: 1 }, op)),
        Ok(None) => Err(Error::ResponseTooLarge { operation: op.id, limit }),
        Err(err) => Err(transport(err, op, 1)),
    }
}

/// A builder's `send_http` (and the raw call's): the answer of the hooks unread, whatever its
/// status, or the SDK's error for what kept it from coming. Not generic: one body for every
/// operation.
pub async fn unread(raw: std::pin::Pin<Box<dyn Future<Output = Raw> + Send + '_>>, op: &'static Operation) -> Result<reqwest::Response, Error> {
    raw.await.map_err(|err| unanswered(err, op))
}

/// The SDK's error for progenitor's, when the hooks gave no answer outside `send()`: the
/// transport's, the call's timeout (which the hooks can only say in words), or a request that
/// could not be made.
fn unanswered(err: progenitor_client::Error<ByteStream>, op: &'static Operation) -> Error {
    use progenitor_client::Error as Raw;
    match err {
        Raw::CommunicationError(err) | Raw::ResponseBodyError(err) => transport(err, op, 1),
        Raw::Custom(message) => match crate::rt::hooks::attempts_of_timeout(&message) {
            Some(attempts) => Error::Timeout { operation: op.id, attempts, source: None },
            None => Error::InvalidRequest { operation: op.id, message },
        },
        Raw::InvalidRequest(message) => Error::InvalidRequest { operation: op.id, message },
        other => Error::InvalidRequest { operation: op.id, message: other.to_string() },
    }
}

/// The whole body, or `None` once it passes `limit` bytes (by its `Content-Length` or as it
/// arrives; nothing more is read).
async fn read_limited(mut response: reqwest::Response, limit: usize) -> reqwest::Result<Option<Bytes>> {
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Ok(None);
    }
    if limit == usize::MAX {
        return response.bytes().await.map(Some);
    }
    let length = response.content_length();
    let Some(first) = response.chunk().await? else { return Ok(Some(Bytes::new())) };
    // A body that came in one piece is kept as it came, without a copy.
    if length == Some(first.len() as u64) {
        return Ok(Some(first));
    }
    if first.len() > limit {
        return Ok(None);
    }
    let mut body = bytes::BytesMut::with_capacity(length.map_or(first.len(), |l| l as usize));
    body.extend_from_slice(&first);
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

pub fn transport(err: reqwest::Error, op: &'static Operation, attempts: u32) -> Error {
    // The URL may hold a query with secrets of the caller's; the operation says enough.
    let err = err.without_url();
    if err.is_timeout() {
        Error::Timeout { operation: op.id, attempts, source: Some(err) }
    } else {
        Error::Transport { operation: op.id, attempts, source: err }
    }
}

//! Cross-cutting behaviour of every request: authentication, headers, timeouts, retries and
//! tracing. Every builder's `send_http` (and the raw call) goes through [`send_through_hooks`],
//! handing it the operation's metadata; nothing here reads generated code.

use std::future::Future;
use std::time::{Duration, SystemTime};

use progenitor_client::{ByteStream, Error as RawError, ResponseValue};
use reqwest::header::{HeaderMap, ACCEPT, RETRY_AFTER, USER_AGENT};
use reqwest::StatusCode;
use tokio::time::Instant;
use tracing::Instrument;

use crate::config::{RequestOptions, RetryPolicy};
use crate::metadata::Operation;
use crate::rt::call;
use crate::Client;

/// Builds the request at the first poll, as progenitor's `send` did, and runs it through the
/// hooks: `pre` (credentials, headers), `exec` (retries, timeouts). Generic over the
/// builder, so it is checked once and compiled per operation.
pub async fn send_through_hooks<B>(
    client: &Client,
    builder: B,
    build: fn(B) -> Result<reqwest::Request, RawError<ByteStream>>,
    operation: &'static Operation,
) -> Result<reqwest::Response, RawError<ByteStream>> {
    let mut request = build(builder)?;
    pre(client, &mut request, operation).await.map_err(RawError::Custom)?;
    // `exec`, with the timeouts of a body the caller streams when not inside `send()`.
    let result = exec(client, request, operation).await.map_err(RawError::Custom)?;
    // As `send()`'s errors: the URL may hold a query with secrets of the caller's.
    result.map_err(|e| RawError::CommunicationError(e.without_url()))
}

/// Progenitor's answer: the body unread, an error for a status outside 2xx.
pub async fn stream_response(response: impl Future<Output = Result<reqwest::Response, RawError<ByteStream>>>) -> Result<ResponseValue<ByteStream>, RawError<ByteStream>> {
    let response = response.await?;
    match response.status().as_u16() {
        200..=299 => Ok(ResponseValue::stream(response)),
        _ => Err(RawError::ErrorResponse(ResponseValue::stream(response))),
    }
}

tokio::task_local! {
    /// Per-call settings of the call in progress on this task.
    static OPTIONS: RequestOptions;
}

/// Runs `call` with `options` overriding the client's settings. A plain function returning
/// tokio's future, not an `async fn`: no state machine of its own for each operation's
/// `send_with` and `send_http_with`.
pub fn with_options<F: Future>(options: RequestOptions, call: F) -> impl Future<Output = F::Output> {
    OPTIONS.scope(options, call)
}

/// The `exec` hook as every builder's `send_http` runs it. Inside `send()`, which reads the
/// body within the call's deadline, it is `exec` alone. Otherwise the caller streams the body:
/// the attempts' timeouts end with the answer's headers, and the body then gets the idle
/// timeout ([`crate::ClientBuilder::idle_timeout`]). `Err` is the call timing out before the
/// headers, said in words, as progenitor's error type has no timeout of its own.
async fn exec(client: &Client, request: reqwest::Request, operation: &'static Operation) -> Result<reqwest::Result<reqwest::Response>, String> {
    if call::in_call() {
        return Ok(attempts(client, request, operation).await);
    }
    let idle = OPTIONS.try_with(|o| o.idle_timeout).ok().flatten().unwrap_or(client.config().idle_timeout);
    match call::run(attempts(client, request, operation)).await {
        (Ok(Ok(response)), _) => {
            let mut response = crate::rt::stream::with_idle_timeout(response, idle);
            let limit = Some(client.config().max_response_bytes).filter(|limit| *limit > 0).unwrap_or(usize::MAX);
            response.extensions_mut().insert(crate::rt::stream::BodyLimit(limit));
            Ok(Ok(response))
        }
        (Ok(Err(err)), _) => Ok(Err(err)),
        (Err(call::TimedOut), attempts) => Err(format!("{}: timed out after {attempts} attempt(s){NO_ANSWER}", operation.id)),
    }
}

const NO_ANSWER: &str = " with no answer";

/// The attempts of a call `exec` gave up on before the answer's headers, from its message.
pub fn attempts_of_timeout(message: &str) -> Option<u32> {
    let attempts = message.strip_suffix(NO_ANSWER)?.rsplit_once(": timed out after ")?.1.strip_suffix(" attempt(s)")?;
    attempts.parse().ok()
}

fn options() -> RequestOptions {
    OPTIONS.try_with(RequestOptions::clone).unwrap_or_default()
}

/// Credentials, headers and the body's media type, as the operation and the call's options
/// say. `Err` says what is wrong with the request.
async fn pre(client: &Client, request: &mut reqwest::Request, operation: &'static Operation) -> Result<(), String> {
    let config = client.config();
    let mut accept = reqwest::header::HeaderValue::from_static("application/json");
    if let Some(media_type) = operation.request_media_type {
        set_content_type(request, media_type).await?;
    }
    if operation.empty_json_body && request.body().is_none() {
        *request.body_mut() = Some(reqwest::Body::from("{}"));
        request.headers_mut().insert(reqwest::header::CONTENT_TYPE, accept.clone());
    }
    if operation.accept != "application/json" {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(operation.accept) {
            accept = value;
        }
    }
    let options = options();
    if let Some(problem) = options.invalid {
        return Err(problem);
    }
    if let Some(fields) = options.extra_body {
        merge_into_body(request, fields)?;
    }
    if !options.query.is_empty() {
        request.url_mut().query_pairs_mut().extend_pairs(&options.query);
    }
    let headers = request.headers_mut();
    headers.insert(ACCEPT, accept);
    headers.insert(USER_AGENT, config.user_agent.clone());
    // The client's, then the call's: each replaces what came before. The credentials come
    // last; no extra header may carry their names.
    for (name, value) in config.default_headers.iter().chain(&options.headers) {
        headers.insert(name.clone(), value.clone());
    }
    for (name, value) in &config.auth_headers {
        headers.insert(name.clone(), value.clone());
    }
    Ok(())
}

/// The attempts of one call: each sent with its timeout, retried by the policy as the answer
/// or the failure allows, within the call's deadline.
async fn attempts(client: &Client, mut request: reqwest::Request, operation: &'static Operation) -> reqwest::Result<reqwest::Response> {
    let options = options();
    let mut policy = client.config().retry;
    if let Some(retries) = options.max_retries {
        policy.max_retries = retries;
    }
    if let Some(retry_writes) = options.retry_writes {
        policy.retry_writes = retry_writes;
    }
    let repeatable = policy.retry_writes || is_idempotent(request.method());
    let attempt_timeout = options.timeout.unwrap_or(client.config().timeout);
    // The whole call's: every attempt, wait and retry within it.
    let deadline = options.deadline.or(client.config().deadline).and_then(|d| Instant::now().checked_add(d));
    // Cloudflare's operation id, which its docs use.
    let operation = operation.id;
    let span = tracing::info_span!(
        "cloudflare.request",
        operation,
        method = %request.method(),
        path = request.url().path(),
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let timeout = deadline.map_or(attempt_timeout, |end| attempt_timeout.min(end.saturating_duration_since(Instant::now())));
        if !call::start_attempt(attempt, timeout, client.config().max_response_bytes) {
            // Outside every call (no deadline of the SDK's running): reqwest keeps the time.
            *request.timeout_mut() = Some(timeout);
        }
        span.record("attempt", attempt);
        // A streamed body cannot be sent twice; such requests get one attempt.
        let again = if attempt <= policy.max_retries { request.try_clone() } else { None };
        let started = Instant::now();
        let sent = client.client.execute(request).instrument(span.clone());
        // An idempotent attempt that gets no answer in time is given up for the next one;
        // the last attempt, and a write, run into the call's deadline instead.
        let (result, again) = match again {
            Some(next) if repeatable => match call::attempt(sent).await {
                Ok(result) => (result, Some(next)),
                Err(call::TimedOut) => {
                    tracing::debug!(parent: &span, "attempt timed out; retrying");
                    request = next;
                    call::end_attempt();
                    // Past the deadline, the next attempt has no time and ends the call.
                    let delay = backoff(&policy, attempt);
                    if deadline.is_none_or(|end| Instant::now() + delay < end) {
                        tokio::time::sleep(delay).await;
                    }
                    continue;
                }
            },
            again => (sent.await, again),
        };
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let delay = match &result {
            Ok(response) => {
                span.record("status", response.status().as_u16());
                match (should_retry(response.status(), response.headers(), repeatable), retry_after(response.headers())) {
                    (false, _) => None,
                    // The server asks for a longer wait than the policy allows: the call
                    // ends now with its answer rather than retry before it is ready.
                    (true, Some(wait)) if wait > policy.max_retry_after => None,
                    (true, Some(wait)) => Some(wait),
                    (true, None) => Some(backoff(&policy, attempt)),
                }
            }
            // A failed connection sent nothing: safe to retry whatever the method. A timed-out
            // one may have been processed: only a repeatable request goes again.
            Err(err) => (err.is_connect() || (repeatable && err.is_timeout())).then(|| backoff(&policy, attempt)),
        };
        let (Some(delay), Some(next)) = (delay, again) else {
            return result;
        };
        // No wait that would end past the call's deadline: its last answer is the call's.
        if deadline.is_some_and(|end| Instant::now() + delay >= end) {
            return result;
        }
        request = next;
        tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying");
        call::end_attempt();
        tokio::time::sleep(delay).await;
    }
}

/// [`RequestOptions::extra_body`]: `fields` merged into the top level of the JSON object the
/// request sends, or sent alone when it sends no body.
fn merge_into_body(request: &mut reqwest::Request, fields: serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    let is_json = |request: &reqwest::Request| cloudflare_sdk_rules::media::is_json(request.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default());
    let mut body = match request.body() {
        None => serde_json::Map::new(),
        Some(body) if is_json(request) => match body.as_bytes().map(serde_json::from_slice::<serde_json::Value>) {
            Some(Ok(serde_json::Value::Object(object))) => object,
            _ => return Err("extra_body merges into a JSON object, and this request's body is not one".into()),
        },
        Some(_) => return Err("extra_body merges into a JSON body, and this request's body is not JSON".into()),
    };
    body.extend(fields);
    let bytes = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
    let had_body = request.body().is_some();
    *request.body_mut() = Some(reqwest::Body::from(bytes));
    if !had_body {
        request.headers_mut().insert(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static("application/json"));
    }
    request.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
    Ok(())
}

/// Raw bodies go out as `application/octet-stream` from progenitor; give them their real
/// media type. A multipart body carries its boundary on its first line, which is where the
/// `boundary` parameter comes from.
async fn set_content_type(request: &mut reqwest::Request, media_type: &str) -> Result<(), String> {
    let value = if cloudflare_sdk_rules::media::is_multipart(media_type) {
        let streamed_start;
        let body = match request.body().map(reqwest::Body::as_bytes) {
            Some(Some(bytes)) => bytes,
            Some(None) => {
                streamed_start = first_chunk_put_back(request).await?;
                &streamed_start[..]
            }
            None => &[],
        };
        let first_line = body.split(|b| *b == b'\r' || *b == b'\n').next().unwrap_or_default();
        let boundary =
            first_line.strip_prefix(b"--").filter(|b| !b.is_empty()).ok_or_else(|| format!("a {media_type} body must start with `--<boundary>`; build it with `cloudflare_sdk::multipart::Form`"))?;
        format!("{media_type}; boundary={}", String::from_utf8_lossy(boundary))
    } else {
        media_type.to_string()
    };
    let value = reqwest::header::HeaderValue::try_from(value).map_err(|e| format!("content type: {e}"))?;
    request.headers_mut().insert(reqwest::header::CONTENT_TYPE, value);
    Ok(())
}

/// A streamed body's first chunk, read now and put back in front of the rest.
async fn first_chunk_put_back(request: &mut reqwest::Request) -> Result<bytes::Bytes, String> {
    use futures::StreamExt;
    use http_body_util::BodyExt;
    let Some(mut body) = request.body_mut().take() else { return Ok(bytes::Bytes::new()) };
    let first = loop {
        match body.frame().await {
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => break data,
                Err(_trailers) => continue,
            },
            Some(Err(err)) => return Err(format!("reading the request body: {err}")),
            None => break bytes::Bytes::new(),
        }
    };
    let rest = http_body_util::BodyDataStream::new(body);
    let whole = futures::stream::once(std::future::ready(Ok(first.clone()))).chain(rest);
    *request.body_mut() = Some(reqwest::Body::wrap_stream(whole));
    Ok(first)
}

/// Whether an answer is worth another attempt (the README's retry table):
/// - never a success or a redirect: the server acted on the request, or answered where it
///   is, so sending it again could only repeat what was done;
/// - the server's `x-should-retry: true|false` first;
/// - 429 always: the request was refused before it was processed;
/// - 408, 409 and 5xx only for a request that is safe to repeat (`repeatable`: an
///   idempotent method, or writes opted in), since the server may have acted on it.
fn should_retry(status: StatusCode, headers: &HeaderMap, repeatable: bool) -> bool {
    if !status.is_client_error() && !status.is_server_error() {
        return false;
    }
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()).map(str::trim) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    status.as_u16() == 429 || (repeatable && (matches!(status.as_u16(), 408 | 409) || status.is_server_error()))
}

/// GET, HEAD, PUT, DELETE, OPTIONS and TRACE: sending one twice has the effect of once.
fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// `Retry-After-Ms` (milliseconds, which Cloudflare's SDKs read first), else `Retry-After` in
/// seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let millis = headers.get("retry-after-ms").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<f64>().ok());
    if let Some(wait) = millis.and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok()) {
        return Some(wait);
    }
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => httpdate::parse_http_date(value).ok()?.duration_since(SystemTime::now()).unwrap_or_default(),
    };
    Some(wait)
}

/// Exponential backoff with full jitter: a random time up to `initial * 2^(attempt-1)`.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let ceiling = policy.initial_backoff.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(policy.max_backoff);
    ceiling.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod properties {
    use std::time::{Duration, SystemTime};

    use proptest::prelude::*;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    use super::{backoff, retry_after};
    use crate::config::RetryPolicy;

    fn duration() -> impl Strategy<Value = Duration> {
        prop_oneof![Just(Duration::ZERO), Just(Duration::MAX), (any::<u64>(), 0..1_000_000_000u32).prop_map(|(s, n)| Duration::new(s, n)), (0..10_000u64).prop_map(Duration::from_millis)]
    }

    /// What a server may put in `Retry-After`: seconds, any number, HTTP dates from 1970 to
    /// 9999, and any text.
    fn retry_after_value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<u64>().prop_map(|n| n.to_string()),
            "-?[0-9]{1,30}(\\.[0-9]+)?",
            (0..253_402_300_799u64).prop_map(|s| httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(s))),
            "\\PC{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn retry_after_never_panics_and_reads_seconds_as_given(value in retry_after_value()) {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(RETRY_AFTER, value);
            }
            let wait = retry_after(&headers);
            if let Ok(seconds) = value.trim().parse::<u64>() {
                prop_assert_eq!(wait, Some(Duration::from_secs(seconds)));
            }
            // Milliseconds come first, whatever `Retry-After` says.
            if let Ok(millis) = HeaderValue::from_str(&value) {
                headers.insert("retry-after-ms", millis);
                if let Ok(ms) = value.trim().parse::<u32>() {
                    prop_assert_eq!(retry_after(&headers), Some(Duration::from_millis(ms.into())));
                }
            }
        }

        #[test]
        fn backoff_never_panics_and_keeps_to_its_bounds(initial in duration(), max in duration(), attempt in prop_oneof![Just(0u32), 1..20u32, any::<u32>()]) {
            let policy = RetryPolicy { initial_backoff: initial, max_backoff: max, ..RetryPolicy::default() };
            prop_assert!(backoff(&policy, attempt) <= max.min(initial.saturating_mul(1 << 16)));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn extra_body_fields_merge_into_a_json_flavour_body_and_not_into_another_media_type() {
        let request = |media_type: &str| {
            let mut request = reqwest::Request::new(reqwest::Method::POST, "https://api.cloudflare.com/client/v4/x".parse().unwrap());
            request.headers_mut().insert(reqwest::header::CONTENT_TYPE, media_type.parse().unwrap());
            *request.body_mut() = Some(reqwest::Body::from(r#"{"userName":"a"}"#));
            request
        };
        let fields = || serde_json::json!({"active": true}).as_object().unwrap().clone();
        let mut scim = request("application/scim+json");
        super::merge_into_body(&mut scim, fields()).unwrap();
        let body: serde_json::Value = serde_json::from_slice(scim.body().unwrap().as_bytes().unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"userName": "a", "active": true}));
        assert_eq!(scim.headers()[reqwest::header::CONTENT_TYPE], "application/scim+json");
        assert!(super::merge_into_body(&mut request("text/plain"), fields()).is_err());
    }
}

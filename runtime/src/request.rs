//! `Client::request`: a call to any path below the API root, for an endpoint newer than the
//! spec or in beta, with everything a generated call has: the credentials, retries by method,
//! timeouts, per-call options, error decoding, lenient reading of the envelope and the
//! tracing span. Its segments are encoded as path parameters are (`rt/path.rs`).

use bytes::Bytes;
use progenitor_client::ByteStream;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::metadata::Operation;
use crate::{Client, Error, RequestOptions, Response};

/// What a raw call's errors, logs and span name as its operation.
const RAW_ID: &str = "raw-request";

/// The metadata of every raw call: the operation it is not.
static RAW: Operation = Operation {
    id: RAW_ID,
    call: "request(method, segments)",
    method: "",
    path: "",
    tag: "",
    feature: "",
    required_permissions: &[],
    plan_availability: None,
    deprecated: false,
    deprecation: None,
    stability: None,
    token_groups: &[],
    security: &[],
    request_media_type: None,
    empty_json_body: false,
    accept: "application/json",
};

impl Client {
    /// A call of `method` to the path made of `segments` below the API root:
    /// `client.request(Method::GET, ["zones", zone_id, "dns_records"])`. Each segment is
    /// percent-encoded into exactly one path segment, as path parameters are (`/` included);
    /// an empty one, `.` or `..` fails the call before sending.
    pub fn request<S: AsRef<str>>(&self, method: reqwest::Method, segments: impl IntoIterator<Item = S>) -> RawRequest<'_> {
        let path = segments.into_iter().map(|s| crate::rt::path::segment(s.as_ref()).map(|s| s.into_owned())).collect::<Result<Vec<_>, _>>().map(|s| s.join("/"));
        RawRequest { client: self, method, path, query: Vec::new(), body: None }
    }
}

/// A raw call being built; see [`Client::request`].
#[derive(Debug)]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: reqwest::Method,
    path: Result<String, String>,
    query: Vec<(String, String)>,
    body: Option<Result<(Bytes, HeaderValue), String>>,
}

impl<'a> RawRequest<'a> {
    /// Appends `name=value` to the query.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map(|bytes| (Bytes::from(bytes), HeaderValue::from_static("application/json"))).map_err(|e| format!("the JSON body does not serialise: {e}")));
        self
    }

    /// Sends `bytes` with this media type (`multipart::Form::into_bytes` for a form, with
    /// its boundary in the media type).
    pub fn body(mut self, bytes: impl Into<Bytes>, media_type: &str) -> Self {
        self.body = Some(HeaderValue::from_str(media_type).map(|value| (bytes.into(), value)).map_err(|_| format!("`{}` is not a media type", media_type.escape_debug())));
        self
    }

    // Progenitor's error type, which the shared hooks path (`send_through_hooks`) takes.
    #[allow(clippy::result_large_err)]
    fn http_request(self) -> Result<reqwest::Request, progenitor_client::Error<ByteStream>> {
        let path = self.path.map_err(progenitor_client::Error::InvalidRequest)?;
        let mut request = self.client.client.request(self.method, format!("{}/{path}", self.client.baseurl)).query(&self.query).build()?;
        if let Some(body) = self.body {
            let (bytes, media_type) = body.map_err(progenitor_client::Error::InvalidRequest)?;
            request.headers_mut().insert(CONTENT_TYPE, media_type);
            *request.body_mut() = Some(reqwest::Body::from(bytes));
        }
        Ok(request)
    }

    /// The call through the hooks, with progenitor's error, for the decoders to read.
    async fn send_hooked(self) -> Result<reqwest::Response, progenitor_client::Error<ByteStream>> {
        let client = self.client;
        crate::rt::hooks::send_through_hooks(client, self, Self::http_request, &RAW).await
    }

    /// Sends the call and returns the HTTP response unread, whatever its status, as a
    /// builder's `send_http` does; the error is what kept an answer from coming.
    pub async fn send_http(self) -> Result<reqwest::Response, Error> {
        crate::rt::decode::unread(Box::pin(self.send_hooked()), &RAW).await
    }

    /// [`send_http`](Self::send_http) with per-call settings (timeouts, idle timeout, retries).
    pub async fn send_http_with(self, options: RequestOptions) -> Result<reqwest::Response, Error> {
        crate::rt::hooks::with_options(options, self.send_http()).await
    }

    /// Sends the call and reads the envelope: its `result` as `T` (leniently, as every call's;
    /// `serde_json::Value` for any), or the error with every Cloudflare code and message.
    pub async fn send<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        crate::rt::decode::envelope_required::<T>(Box::pin(self.send_hooked()), &RAW).await
    }

    /// [`send`](Self::send) for a `result` that may be `null` or missing (a delete, an
    /// action): `None` then, where `send` gives `T`'s empty object.
    pub async fn send_optional<T: DeserializeOwned>(self) -> Result<Response<Option<T>>, Error> {
        crate::rt::decode::envelope_optional::<T>(Box::pin(self.send_hooked()), &RAW).await
    }

    /// Sends the call and returns a successful answer's body as it came, JSON or not (for an
    /// endpoint that does not answer with the envelope), or the error with every Cloudflare
    /// code and message.
    pub async fn send_bytes(self) -> Result<Response<Bytes>, Error> {
        crate::rt::decode::bytes(Box::pin(self.send_hooked()), &RAW).await
    }

    /// [`send`](Self::send) with per-call settings.
    pub async fn send_with<T: DeserializeOwned>(self, options: RequestOptions) -> Result<Response<T>, Error> {
        crate::rt::hooks::with_options(options, self.send()).await
    }

    /// Sends the call asking for server-sent events (`Accept: text/event-stream`) and returns
    /// them as they come, each event's `data` read as `T` (`serde_json::Value` for any), as a
    /// builder's `send_events` does: see [`crate::events`]. A body that asks for a stream
    /// (Workers AI's `"stream": true`) is the caller's to send.
    pub async fn send_events<T>(self) -> Result<crate::events::EventStream<T>, Error> {
        self.send_events_with(RequestOptions::new()).await
    }

    /// [`send_events`](Self::send_events) with per-call settings.
    pub async fn send_events_with<T>(self, options: RequestOptions) -> Result<crate::events::EventStream<T>, Error> {
        let options = options.header("accept", "text/event-stream");
        crate::events::open::<T>(Box::pin(crate::rt::hooks::with_options(options, self.send_hooked())), &RAW).await
    }
}

//! The mock Cloudflare's server and expectations (the `mock` feature), under
//! `cloudflare_sdk::mock`, whose `MockCloudflare` wraps this one with the mock's tree
//! (`mock.zone("z1").dns_records().list()`), generated beside the client's. See that module
//! for how a test uses it.
//!
//! An expectation does nothing until it is mounted: [`respond`](Expectation::respond) (the
//! answer, in its envelope), [`fails`](Expectation::fails) (a failure envelope with Cloudflare's
//! codes), [`pages`](Expectation::pages) (a list over several pages) or
//! [`respond_with`](Expectation::respond_with) (any answer, for one that deviates from the
//! spec). Mounting returns a [`Mounted`] expectation that tells what it received.
//!
//! A request matches an expectation by method and path (path parameters as given, encoded as
//! the client encodes them). A request no expectation matches is answered `404` with
//! Cloudflare's "No route for that URI" (code 7000), naming the call it was, and listed by
//! [`MockCloudflare::unexpected_calls`]. Failures are answered as Cloudflare answers them, so
//! the client retries a `429` or `5xx` as its policy says.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
/// wiremock's answer template, for [`Expectation::respond_with`].
pub use wiremock::ResponseTemplate;
use wiremock::{Match, Mock, MockServer, Request, Respond};

use crate::metadata::Operation;
use crate::{Client, ClientBuilder, Credentials};

/// The API token the mock's client sends.
pub const TEST_TOKEN: &str = "mock-api-token";

/// Where the API sits on the mock server, as on Cloudflare's.
const API_ROOT: &str = "/client/v4";

/// Cloudflare's code for a request no route matches.
const NO_ROUTE: i64 = 7000;

/// The kinds of answer an operation has, which decide what [`Expectation::respond`] takes.
pub mod kind {
    /// `result` in an envelope.
    pub struct Envelope;
    /// A list in an envelope, paged by `page` (and `per_page`).
    pub struct PagedByNumber;
    /// A list in an envelope, paged by `cursor`.
    pub struct PagedByCursor;
    /// A list in an envelope, paged by `offset`.
    pub struct PagedByOffset;
    /// A JSON body without an envelope.
    pub struct Json;
    /// A body that is not JSON (CSV, a script, an archive, ...).
    pub struct Bytes;
    /// No body.
    pub struct Empty;
}

/// A mock Cloudflare API on loopback. Start one per test; it stops when dropped.
pub struct MockCloudflare {
    server: MockServer,
    unexpected: Arc<Mutex<Vec<String>>>,
    rays: Arc<AtomicU64>,
}

impl fmt::Debug for MockCloudflare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockCloudflare").field("base_url", &self.base_url()).finish_non_exhaustive()
    }
}

impl MockCloudflare {
    /// Starts a server on a free loopback port; a call no expectation matches is named by
    /// its operation among `operations` (`cloudflare_sdk::mock::MockCloudflare::start` hands
    /// those of its build).
    pub async fn start_with(operations: &'static [&'static Operation]) -> MockCloudflare {
        let server = MockServer::start().await;
        let unexpected = Arc::new(Mutex::new(Vec::new()));
        let rays = Arc::new(AtomicU64::new(0));
        // Lowest priority: it answers only what no expectation matched.
        Mock::given(Anything)
            .respond_with(Unexpected { calls: unexpected.clone(), rays: rays.clone(), operations })
            .with_priority(u8::MAX)
            .named("a call no expectation was set up for")
            .mount(&server)
            .await;
        MockCloudflare { server, unexpected, rays }
    }

    /// The API root on the mock server (`http://127.0.0.1:<port>/client/v4`).
    pub fn base_url(&self) -> String {
        format!("{}{API_ROOT}", self.server.uri())
    }

    /// A client of the mock: its base URL, the API token [`TEST_TOKEN`], defaults otherwise.
    pub fn client<C: From<Client>>(&self) -> C {
        self.client_builder().build().expect("a loopback base URL and a token make a valid client")
    }

    /// A client builder set up for the mock, to change timeouts or retries before `build()`.
    pub fn client_builder<C>(&self) -> ClientBuilder<C> {
        ClientBuilder::new().base_url(self.base_url()).credentials(Credentials::ApiToken(TEST_TOKEN.into()))
    }

    /// The calls no expectation matched, as `METHOD /path?query`, in the order received.
    pub fn unexpected_calls(&self) -> Vec<String> {
        self.unexpected.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The underlying wiremock server, for what the helpers do not cover.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    fn next_ray(&self) -> String {
        ray(&self.rays)
    }
}

/// A `cf-ray` id such as Cloudflare sends, unique per answer of one mock.
fn ray(counter: &AtomicU64) -> String {
    format!("{:016x}-MOCK", counter.fetch_add(1, Ordering::Relaxed) + 1)
}

/// An operation's expected call, not yet answered; made by the mock's tree.
///
/// `R` is what the operation answers (the `result` of its envelope), `B` its request body
/// (`()` when it has none, or one sent as raw bytes), `K` the [`kind`] of its answer.
#[must_use = "an expectation does nothing until `respond`, `fails` or `pages` mounts it"]
pub struct Expectation<'m, R, B, K> {
    mock: &'m MockCloudflare,
    operation: &'static Operation,
    /// The path below the API root, as a pattern.
    path: String,
    times: Option<u64>,
    types: PhantomData<fn(B) -> (R, K)>,
}

impl<R, B, K> fmt::Debug for Expectation<'_, R, B, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation").field("operation", &self.operation.id).field("method", &self.operation.method).field("path", &self.path).field("times", &self.times).finish()
    }
}

impl<'m, R, B, K> Expectation<'m, R, B, K> {
    /// The expectation of `operation` with these path parameters (in path order; `reserved`
    /// names those whose values may hold `/`). Generated code calls it.
    #[doc(hidden)]
    pub fn new(mock: &'m MockCloudflare, operation: &'static Operation, arguments: &[&str], reserved: &[&str]) -> Self {
        let path = match path_pattern(operation.path, arguments, reserved) {
            Ok(path) => path,
            Err(message) => panic!("mock of `{}`: {message}", operation.call),
        };
        Expectation { mock, operation, path, times: None, types: PhantomData }
    }

    /// Expects exactly `n` calls; the mock panics when dropped if it got another number
    /// (each page counts as one call for [`pages`](Expectation::pages)).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with a failure: `status`, and an envelope with these `(code, message)` errors
    /// and a `cf-ray` header, as Cloudflare sends them.
    pub async fn fails<M: Into<String>>(self, status: u16, errors: impl IntoIterator<Item = (i64, M)>) -> Mounted<B> {
        let errors: Vec<Value> = errors.into_iter().map(|(code, message)| json!({ "code": code, "message": message.into() })).collect();
        let body = json!({ "success": false, "errors": errors, "messages": [], "result": null });
        let template = ResponseTemplate::new(status).set_body_json(body).insert_header("cf-ray", self.mock.next_ray().as_str());
        self.respond_with(template).await
    }

    /// Answers with `template` as it is: for an answer that deviates from the spec, a header,
    /// a delay.
    pub async fn respond_with(self, template: ResponseTemplate) -> Mounted<B> {
        let received = Arc::new(Mutex::new(Vec::new()));
        self.mount(None, template, &received).await;
        Mounted { operation: self.operation, received, body: PhantomData }
    }

    async fn mount(&self, query: Option<QueryIs>, template: ResponseTemplate, received: &Arc<Mutex<Vec<Request>>>) {
        let mut mock = Mock::given(wiremock::matchers::method(self.operation.method)).and(wiremock::matchers::path_regex(format!("^{}{}$", regex::escape(API_ROOT), self.path)));
        if let Some(query) = query {
            mock = mock.and(query);
        }
        let mut mock = mock.respond_with(Answer { template, received: received.clone() }).named(self.operation.call);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(&self.mock.server).await;
    }

    fn envelope(&self, result: Value, result_info: Option<Value>) -> ResponseTemplate {
        let mut body = json!({ "success": true, "errors": [], "messages": [], "result": result });
        if let Some(info) = result_info {
            body["result_info"] = info;
        }
        ResponseTemplate::new(200).set_body_json(body).insert_header("cf-ray", self.mock.next_ray().as_str())
    }

    async fn mounted(self, template: ResponseTemplate) -> Mounted<B> {
        self.respond_with(template).await
    }
}

fn to_json<T: Serialize>(value: &T, operation: &Operation) -> Value {
    serde_json::to_value(value).unwrap_or_else(|err| panic!("mock of `{}`: the answer does not serialize: {err}", operation.call))
}

impl<R: Serialize, B> Expectation<'_, R, B, kind::Envelope> {
    /// Answers `200` with `result` in a successful envelope.
    pub async fn respond(self, result: impl Into<R>) -> Mounted<B> {
        let template = self.envelope(to_json(&result.into(), self.operation), None);
        self.mounted(template).await
    }
}

impl<R: Serialize, B> Expectation<'_, R, B, kind::Json> {
    /// Answers `200` with `body` as JSON (this operation's answer has no envelope).
    pub async fn respond(self, body: impl Into<R>) -> Mounted<B> {
        let template = ResponseTemplate::new(200).set_body_json(to_json(&body.into(), self.operation)).insert_header("cf-ray", self.mock.next_ray().as_str());
        self.mounted(template).await
    }
}

impl<B> Expectation<'_, bytes::Bytes, B, kind::Bytes> {
    /// Answers `200` with `body` as it is, in the first media type the operation accepts.
    pub async fn respond(self, body: impl Into<bytes::Bytes>) -> Mounted<B> {
        let media_type = self.operation.accept.split(',').next().unwrap_or("application/octet-stream").trim();
        let template = ResponseTemplate::new(200).set_body_raw(body.into().to_vec(), media_type).insert_header("cf-ray", self.mock.next_ray().as_str());
        self.mounted(template).await
    }
}

impl<B> Expectation<'_, (), B, kind::Empty> {
    /// Answers `200` with no body.
    pub async fn respond(self, _: ()) -> Mounted<B> {
        let template = ResponseTemplate::new(200).insert_header("cf-ray", self.mock.next_ray().as_str());
        self.mounted(template).await
    }
}

/// The pages of a list, and how the next one is asked for.
trait Paging {
    /// The query that asks for page `n` (from 1) of pages holding `counts` items each, and
    /// whether its absence asks for it too.
    fn asks_for(n: usize, counts: &[usize]) -> QueryIs;
    /// `result_info` of page `n` of `total` pages holding `counts` items each.
    fn result_info(n: usize, counts: &[usize]) -> Value;
}

impl Paging for kind::PagedByNumber {
    fn asks_for(n: usize, _: &[usize]) -> QueryIs {
        QueryIs { name: "page", value: n.to_string(), or_absent: n == 1 }
    }
    fn result_info(n: usize, counts: &[usize]) -> Value {
        let per_page = counts.iter().copied().max().unwrap_or(0).max(1);
        json!({ "page": n, "per_page": per_page, "count": counts[n - 1], "total_count": counts.iter().sum::<usize>(), "total_pages": counts.len() })
    }
}

impl Paging for kind::PagedByCursor {
    fn asks_for(n: usize, _: &[usize]) -> QueryIs {
        QueryIs { name: "cursor", value: cursor(n), or_absent: n == 1 }
    }
    fn result_info(n: usize, counts: &[usize]) -> Value {
        let per_page = counts.iter().copied().max().unwrap_or(0).max(1);
        let next = if n < counts.len() { cursor(n + 1) } else { String::new() };
        json!({ "per_page": per_page, "count": counts[n - 1], "cursor": next })
    }
}

impl Paging for kind::PagedByOffset {
    fn asks_for(n: usize, counts: &[usize]) -> QueryIs {
        QueryIs { name: "offset", value: counts[..n - 1].iter().sum::<usize>().to_string(), or_absent: n == 1 }
    }
    fn result_info(n: usize, counts: &[usize]) -> Value {
        let per_page = counts.iter().copied().max().unwrap_or(0).max(1);
        json!({ "per_page": per_page, "count": counts[n - 1], "total_count": counts.iter().sum::<usize>() })
    }
}

/// The cursor the mock hands out for page `n`.
fn cursor(n: usize) -> String {
    format!("mock-cursor-{n}")
}

macro_rules! paged {
    ($kind:ty) => {
        impl<T: Serialize, B> Expectation<'_, Vec<T>, B, $kind> {
            /// Answers `200` with `items` as the only page (`result_info` says so).
            pub async fn respond(self, items: impl Into<Vec<T>>) -> Mounted<B> {
                self.pages(vec![items.into()]).await
            }

            /// Answers each page of the list where the client asks for it, with `result_info`
            /// filled in, so `paginate()` walks them all and stops after the last; an empty
            /// list answers one empty page.
            pub async fn pages(self, pages: Vec<Vec<T>>) -> Mounted<B> {
                let pages = if pages.is_empty() { vec![Vec::new()] } else { pages };
                let counts: Vec<usize> = pages.iter().map(Vec::len).collect();
                let received = Arc::new(Mutex::new(Vec::new()));
                for (index, page) in pages.iter().enumerate() {
                    let n = index + 1;
                    let template = self.envelope(to_json(page, self.operation), Some(<$kind as Paging>::result_info(n, &counts)));
                    self.mount(Some(<$kind as Paging>::asks_for(n, &counts)), template, &received).await;
                }
                Mounted { operation: self.operation, received, body: PhantomData }
            }
        }
    };
}

paged!(kind::PagedByNumber);
paged!(kind::PagedByCursor);
paged!(kind::PagedByOffset);

/// An expectation once mounted: what it received.
pub struct Mounted<B> {
    operation: &'static Operation,
    received: Arc<Mutex<Vec<Request>>>,
    body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for Mounted<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mounted").field("operation", &self.operation.id).field("calls", &self.calls()).finish()
    }
}

impl<B> Mounted<B> {
    /// How many calls it answered.
    pub fn calls(&self) -> usize {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The calls it answered, in order.
    pub fn received(&self) -> Vec<Received<B>> {
        let requests = self.received.lock().unwrap_or_else(|e| e.into_inner()).clone();
        requests.into_iter().map(|request| Received { operation: self.operation, request, body: PhantomData }).collect()
    }
}

/// One call an expectation answered.
pub struct Received<B> {
    operation: &'static Operation,
    request: Request,
    body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for Received<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received").field("operation", &self.operation.id).field("method", &self.request.method.as_str()).field("url", &self.request.url.as_str()).finish_non_exhaustive()
    }
}

impl<B> Received<B> {
    /// The path as sent, below the API root (`/zones/z1/dns_records`).
    pub fn path(&self) -> &str {
        self.request.url.path().strip_prefix(API_ROOT).unwrap_or(self.request.url.path())
    }

    /// The first value of the query parameter `name`, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.request.url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    /// A request header, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as sent.
    pub fn raw_body(&self) -> &[u8] {
        &self.request.body
    }

    /// The body as JSON.
    ///
    /// # Panics
    /// When the body is not JSON.
    pub fn body_json(&self) -> Value {
        serde_json::from_slice(&self.request.body).unwrap_or_else(|err| panic!("mock of `{}`: the request body is not JSON: {err}", self.operation.call))
    }
}

impl<B: DeserializeOwned> Received<B> {
    /// The body, decoded into the operation's request body type.
    ///
    /// # Panics
    /// When it does not decode: the client sent what its own type does not read.
    pub fn body(&self) -> B {
        serde_json::from_slice(&self.request.body).unwrap_or_else(|err| panic!("mock of `{}`: the request body does not decode into its type: {err}", self.operation.call))
    }
}

/// The pattern of an operation's path below the API root: `template` with its parameters
/// filled in order, as the tree passes them (the first of each segment; the rest, which the
/// builder's setters take, match any text).
fn path_pattern(template: &str, arguments: &[&str], reserved: &[&str]) -> Result<String, String> {
    use cloudflare_sdk_rules::template::{pieces, segments, Piece};
    let mut arguments = arguments.iter();
    let mut pattern = String::new();
    for segment in segments(template) {
        pattern.push('/');
        let mut first = true;
        for piece in pieces(segment) {
            match piece {
                Piece::Text(text) => pattern.push_str(&regex::escape(text)),
                Piece::Parameter(name) => {
                    match arguments.next().filter(|_| first) {
                        Some(value) => {
                            let encoded = if reserved.contains(&name) { crate::rt::path::segments(value) } else { crate::rt::path::segment(value) };
                            pattern.push_str(&regex::escape(&encoded.map_err(|err| format!("`{name}`: {err}"))?));
                        }
                        None => pattern.push_str("[^/]+"),
                    }
                    first = false;
                }
            }
        }
    }
    Ok(pattern)
}

/// Matches every request.
struct Anything;

impl Match for Anything {
    fn matches(&self, _: &Request) -> bool {
        true
    }
}

/// Matches a query parameter's value, or (for a list's first page) its absence.
struct QueryIs {
    name: &'static str,
    value: String,
    or_absent: bool,
}

impl Match for QueryIs {
    fn matches(&self, request: &Request) -> bool {
        match request.url.query_pairs().find(|(key, _)| key == self.name) {
            Some((_, value)) => value == self.value.as_str(),
            None => self.or_absent,
        }
    }
}

/// Answers with a template and keeps the request.
struct Answer {
    template: ResponseTemplate,
    received: Arc<Mutex<Vec<Request>>>,
}

impl Respond for Answer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).push(request.clone());
        self.template.clone()
    }
}

/// Answers a call no expectation matched as Cloudflare answers an unknown route, naming it.
struct Unexpected {
    calls: Arc<Mutex<Vec<String>>>,
    rays: Arc<AtomicU64>,
    operations: &'static [&'static Operation],
}

impl Respond for Unexpected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let method = request.method.as_str();
        let path = request.url.path().strip_prefix(API_ROOT).unwrap_or(request.url.path());
        let call = match request.url.query() {
            Some(query) => format!("{method} {path}?{query}"),
            None => format!("{method} {path}"),
        };
        let operation = self.operations.iter().find(|o| o.method == method && cloudflare_sdk_rules::template::matches(o.path, path));
        let message = match operation {
            Some(operation) => format!("No route for that URI: the mock has no expectation for `{}` ({call})", operation.call),
            None => format!("No route for that URI: the mock has no expectation for {call}, and no operation has this method and path"),
        };
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).push(call);
        let body = json!({ "success": false, "errors": [{ "code": NO_ROUTE, "message": message }], "messages": [], "result": null });
        ResponseTemplate::new(404).set_body_json(body).insert_header("cf-ray", ray(&self.rays).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::path_pattern;

    #[test]
    fn a_path_pattern_fills_the_first_parameter_of_each_segment_and_encodes_it() {
        assert_eq!(path_pattern("/zones/{zone_id}/dns_records", &["z 1"], &[]).unwrap(), "/zones/z%201/dns_records");
        assert_eq!(path_pattern("/a/{scan_id}.{n}/b", &["s1"], &[]).unwrap(), "/a/s1\\.[^/]+/b");
        assert_eq!(path_pattern("/buckets/{key}", &["logs/a.txt"], &["key"]).unwrap(), "/buckets/logs/a\\.txt");
        assert!(path_pattern("/zones/{zone_id}", &[".."], &[]).unwrap_err().contains("zone_id"));
    }

    #[test]
    fn an_offset_page_is_asked_for_after_the_items_of_the_pages_before() {
        use super::{kind, Paging};
        let counts = [2, 3, 1];
        let asked: Vec<(String, bool)> = (1..=3).map(|n| kind::PagedByOffset::asks_for(n, &counts)).map(|q| (q.value, q.or_absent)).collect();
        assert_eq!(asked, [("0".to_string(), true), ("2".to_string(), false), ("5".to_string(), false)]);
        assert_eq!(kind::PagedByOffset::result_info(3, &counts)["total_count"], 6);
    }
}

//! A mock Cloudflare for users' tests (the `mock` feature): a loopback server whose
//! expectations follow the client's resource tree.
//!
//! ```no_run
//! # #[cfg(feature = "dns-records")]
//! # async fn run(record: cloudflare_sdk::types::DnsRecord) -> Result<(), cloudflare_sdk::Error> {
//! use cloudflare_sdk::mock::MockCloudflare;
//!
//! let mock = MockCloudflare::start().await;
//! mock.zone("z1").dns_records().list().respond(vec![record]).await;
//! let client = mock.client();
//! let records = client.zone("z1").dns_records().list().send().await?;
//! assert_eq!(records.len(), 1);
//! # Ok(()) }
//! ```
//!
//! Each verb of the mock's tree (`mock.zone("z1").dns_records().list()`) is generated beside
//! the client's, by the same rule, and returns an [`Expectation`] typed by the operation's
//! answer and request body: a test stops compiling when the operation changes. An expectation
//! does nothing until it is mounted: [`respond`](Expectation::respond) (the answer, in its
//! envelope), [`fails`](Expectation::fails) (a failure envelope with Cloudflare's codes),
//! [`pages`](Expectation::pages) (a list over several pages) or
//! [`respond_with`](Expectation::respond_with) (any answer, for one that deviates from the
//! spec). Mounting returns a [`Mounted`] expectation that tells what it received.
//!
//! A request matches an expectation by method and path (path parameters as given, encoded as
//! the client encodes them). A request no expectation matches is answered `404` with
//! Cloudflare's "No route for that URI" (code 7000), naming the call it was, and listed by
//! [`unexpected_calls`](cloudflare_sdk_runtime::mock::MockCloudflare::unexpected_calls).
//! Failures are answered as Cloudflare answers them, so the client retries a `429` or `5xx`
//! as its policy says; build the client with [`MockCloudflare::client_builder`] to change that.

use std::ops::Deref;

pub use cloudflare_sdk_runtime::mock::{kind, Expectation, Mounted, Received, ResponseTemplate, TEST_TOKEN};

use crate::{Client, ClientBuilder};

/// A mock Cloudflare API on loopback, the root of the mock's tree. Start one per test
/// (`MockCloudflare::start().await`); it stops when dropped. Its server (base URL, the calls
/// no expectation matched) is the runtime's mock, reached through `Deref`.
#[derive(Debug)]
pub struct MockCloudflare(cloudflare_sdk_runtime::mock::MockCloudflare);

impl MockCloudflare {
    /// Starts the server with the operations of this build, by which it names a call no
    /// expectation matched; `start()` (generated) hands them.
    pub(crate) async fn start_with(operations: &'static [&'static crate::Operation]) -> MockCloudflare {
        MockCloudflare(cloudflare_sdk_runtime::mock::MockCloudflare::start_with(operations).await)
    }

    /// A client of the mock: its base URL, the API token [`TEST_TOKEN`], defaults otherwise.
    pub fn client(&self) -> Client {
        self.0.client()
    }

    /// A client builder set up for the mock, to change timeouts or retries before `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        self.0.client_builder()
    }
}

impl Deref for MockCloudflare {
    type Target = cloudflare_sdk_runtime::mock::MockCloudflare;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

//! The client every call goes through: the base URL, the HTTP client and the configuration.
//! The generated builders borrow it; `cloudflare_sdk::Client` wraps it with the resource tree.

use crate::config::{ClientBuilder, Config};
use crate::error::Error;

/// A client of the Cloudflare API: made by [`Client::from_env`] or [`Client::builder`], cheap
/// to clone (the HTTP client's connections are shared). `cloudflare_sdk::Client` holds one
/// and adds the resource tree (`client.zone(zone_id).dns_records().list()`).
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: Config,
}

impl Client {
    /// Made by [`ClientBuilder::build`] alone, which checks the base URL and configures the
    /// HTTP client (no redirects followed with the credentials).
    pub(crate) fn new_with_client(baseurl: &str, client: reqwest::Client, inner: Config) -> Self {
        Client { baseurl: baseurl.to_string(), client, inner }
    }

    /// A client configured from the environment: credentials (see
    /// [`Credentials::from_lookup`](crate::Credentials::from_lookup)) and `CLOUDFLARE_BASE_URL`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::<Client>::from_env()?.build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The HTTP client requests are sent with (its connection pool); it adds no credentials.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }

    /// The configuration every call reads.
    pub(crate) fn config(&self) -> &Config {
        &self.inner
    }
}

/// What progenitor's builders read of their client.
impl progenitor_client::ClientInfo<Config> for Client {
    fn api_version() -> &'static str {
        "4"
    }
    fn baseurl(&self) -> &str {
        &self.baseurl
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &Config {
        &self.inner
    }
}

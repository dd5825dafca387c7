//! The client a program holds: the runtime's client, with the resource tree (generated) on it.

use std::ops::Deref;

use crate::{ClientBuilder, Error};

/// A client of the Cloudflare API: made by [`Client::from_env`] or [`Client::builder`], cheap
/// to clone (the HTTP client's connections are shared), and the root of the resource tree
/// (`client.zone(zone_id).dns_records().list()`). What it does besides the tree (its base URL,
/// [`request`](cloudflare_sdk_runtime::Client::request) for a raw call) is the runtime's
/// client's, reached through `Deref`.
#[derive(Clone, Debug)]
pub struct Client(cloudflare_sdk_runtime::Client);

impl Client {
    /// A client configured from the environment: credentials (see
    /// [`Credentials::from_lookup`](crate::Credentials::from_lookup)) and `CLOUDFLARE_BASE_URL`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
}

impl Deref for Client {
    type Target = cloudflare_sdk_runtime::Client;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// What [`ClientBuilder::build`] makes.
impl From<cloudflare_sdk_runtime::Client> for Client {
    fn from(client: cloudflare_sdk_runtime::Client) -> Self {
        Client(client)
    }
}

impl AsRef<cloudflare_sdk_runtime::Client> for Client {
    fn as_ref(&self) -> &cloudflare_sdk_runtime::Client {
        &self.0
    }
}

//! A blocking client (the `blocking` feature): the async client's calls, waited for on a
//! runtime of its own, for build scripts, command-line tools and tests without async.
//!
//! ```no_run
//! # fn run() -> Result<(), cloudflare_sdk::Error> {
//! let client = cloudflare_sdk::blocking::Client::from_env()?;
//! # #[cfg(feature = "accounts")]
//! # {
//! let accounts = client.call(|c| c.accounts().list().send())?;
//! println!("{} accounts", accounts.len());
//! for account in client.items(|c| c.accounts().list().paginate())? {
//!     println!("{:?}", account?.name);
//! }
//! # }
//! # Ok(()) }
//! ```
//!
//! A call is written with the async client's tree and builders, inside a closure
//! (`|c| c.zone(id).dns_records().list().send()`); [`Client::call`] waits for it and returns
//! what it returns, and [`Client::items`] turns a `paginate()` walk into an iterator. It is
//! implemented once, over the async client: no second generated tree, and retries, timeouts,
//! lenient decoding and tracing are the async client's.
//!
//! Inside an async runtime, waiting would block one of its threads (and tokio refuses to run a
//! runtime inside another): there, [`Client::new`] and every call are [`Error::Config`], which
//! says to use the async client.

use std::future::Future;

use futures::StreamExt;

use crate::pagination::{Items, Paginator};
use crate::Error;

/// The async [`crate::Client`] with a runtime to wait on. Cheap to share by reference across
/// threads.
#[derive(Debug)]
pub struct Client {
    client: crate::Client,
    runtime: tokio::runtime::Runtime,
}

impl Client {
    /// Wraps `client`. Fails inside an async runtime.
    pub fn new(client: crate::Client) -> Result<Client, Error> {
        outside_any_runtime()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|err| Error::Config(format!("the blocking client could not start its runtime: {err}")))?;
        Ok(Client { client, runtime })
    }

    /// A client configured from the environment, as [`crate::Client::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        Client::new(crate::Client::from_env()?)
    }

    /// The async client inside.
    pub fn async_client(&self) -> &crate::Client {
        &self.client
    }

    /// Makes the call `call` writes with the async client and waits for its result:
    /// `client.call(|c| c.zone(id).dns_records().get(record_id).send())`.
    pub fn call<'a, F, T>(&'a self, call: impl FnOnce(&'a crate::Client) -> F) -> Result<T, Error>
    where
        F: Future<Output = Result<T, Error>>,
    {
        outside_any_runtime()?;
        self.runtime.block_on(call(&self.client))
    }

    /// The items of every page of the walk `walk` starts, fetched as the iterator is read:
    /// `client.items(|c| c.zone(id).dns_records().list().paginate())`. An error is the last
    /// item.
    pub fn items<'a, T>(&'a self, walk: impl FnOnce(&'a crate::Client) -> Paginator<'a, T>) -> Result<Iter<'a, T>, Error>
    where
        T: PartialEq + Clone + Send + 'a,
    {
        outside_any_runtime()?;
        Ok(Iter { runtime: &self.runtime, items: Some(walk(&self.client).items()) })
    }
}

/// The items of a walk, one page fetched at a time; made by [`Client::items`].
pub struct Iter<'a, T> {
    runtime: &'a tokio::runtime::Runtime,
    /// `None` once done.
    items: Option<Items<'a, T>>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let items = self.items.as_mut()?;
        if let Err(err) = outside_any_runtime() {
            self.items = None;
            return Some(Err(err));
        }
        let item = self.runtime.block_on(items.next());
        if !matches!(item, Some(Ok(_))) {
            self.items = None;
        }
        item
    }
}

fn outside_any_runtime() -> Result<(), Error> {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => Err(Error::Config("the blocking client cannot wait inside an async runtime (it would block one of the runtime's threads); use the async `cloudflare_sdk::Client` there".into())),
        Err(_) => Ok(()),
    }
}

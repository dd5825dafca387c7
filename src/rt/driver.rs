//! The runtime's half of the conformance driver (`crate::conformance`): the row type of the
//! generated table, the one path every row is sent by ([`Call::run`]), and what the rows call
//! to fill their arguments.

use progenitor_client::ByteStream;

// `argument` is for rows generated whole (another document's); the family's groups read
// their own arguments.
#[allow(unused_imports)]
pub use cloudflare_sdk_runtime::rt::driver::{argument, text, Failure};

use crate::rt::decode::Body;
use crate::{Client, Credentials, Error, Operation};

/// A driven call's request, built by its row: the builder's own outcome inside (a missing
/// parameter is the call's error, as in `send`), an argument the spec's example cannot give
/// outside.
pub type Built = Result<Result<reqwest::Request, progenitor_client::Error<ByteStream>>, Failure>;

/// One operation the driver can call: a row of the table.
#[derive(Clone, Copy)]
pub struct Call {
    pub operation: &'static Operation,
    /// The request, built through the tree and the builder's setters.
    #[doc(hidden)]
    pub build: fn(&Client) -> Built,
    /// The operation's decoder, the one its `send` reads the answer with.
    #[doc(hidden)]
    pub decode: fn(Body, &'static Operation) -> Result<(), Error>,
}

impl Call {
    /// Builds the request, sends it through the client's hooks and decodes the answer, as the
    /// operation's `send` does.
    // Progenitor's error type is what `send_through_hooks` takes.
    #[allow(clippy::result_large_err)]
    pub async fn run(&self, client: &Client) -> Result<(), Failure> {
        let built = (self.build)(client)?;
        let sent = crate::rt::hooks::send_through_hooks(client, built, |built| built, self.operation);
        let body = crate::rt::decode::read(Box::pin(sent), self.operation).await?;
        (self.decode)(body, self.operation)?;
        Ok(())
    }
}

/// The runtime's decoders as the driver's rows hold them: each what the `send` of an
/// operation with that kind of result does once the answer is read, the result dropped.
/// Over the family of crates a typed answer's row holds its group's decoder instead (compiled
/// with the group's types), so the generic ones serve a crate generated whole (another
/// document's, `cargo xtask conformance --spec`).
#[allow(dead_code)]
pub mod decode {
    use serde::de::DeserializeOwned;

    use crate::rt::decode::{self as rt, Body};
    use crate::{Error, Operation};

    pub fn list<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::list::<T>(body, op).map(drop)
    }
    pub fn optional<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::optional::<T>(body, op).map(drop)
    }
    pub fn required<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::required::<T>(body, op).map(drop)
    }
    pub fn json(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::json(body, op).map(drop)
    }
    pub fn unit(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::unit(body, op).map(drop)
    }
    pub fn bare<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::bare::<T>(body, op).map(drop)
    }
    pub fn as_bytes(body: Body, _: &'static Operation) -> Result<(), Error> {
        drop(rt::as_bytes(body));
        Ok(())
    }
    pub fn nothing(body: Body, _: &'static Operation) -> Result<(), Error> {
        drop(rt::nothing(body));
        Ok(())
    }
}

/// Credentials of the operation's first declared security alternative, with placeholder
/// secrets: a mock server checks that they are sent the declared way, not what they are.
pub fn credentials_for(operation: &Operation) -> Credentials {
    let first = operation.security.first().copied().unwrap_or_default();
    if first.contains(&"api_token") {
        Credentials::ApiToken("conformance-token".into())
    } else if first.contains(&"user_service_key") {
        Credentials::UserServiceKey("v1.0-conformance-service-key".into())
    } else {
        Credentials::ApiKey { email: "user@example.com".into(), key: "conformance-api-key".into() }
    }
}

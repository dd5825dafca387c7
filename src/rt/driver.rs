//! The runtime's half of the conformance driver (`crate::conformance`): the row type of the
//! generated table, the one path every row is sent by ([`Call::run`]), and what the rows call
//! to fill their arguments.

use progenitor_client::ByteStream;

use crate::rt::decode::Body;
use crate::{Client, Credentials, Error, Operation};

/// A driven call's request, built by its row: the builder's own outcome inside (a missing
/// parameter is the call's error, as in `send`), an argument the spec's example cannot give
/// outside.
pub(crate) type Built = Result<Result<reqwest::Request, progenitor_client::Error<ByteStream>>, Failure>;

/// One operation the driver can call: a row of the table.
#[derive(Clone, Copy)]
pub struct Call {
    pub operation: &'static Operation,
    /// The request, built through the tree and the builder's setters.
    pub(crate) build: fn(&Client) -> Built,
    /// The operation's decoder, the one its `send` reads the answer with.
    pub(crate) decode: fn(Body, &'static Operation) -> Result<(), Error>,
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
pub(crate) mod decode {
    use serde::de::DeserializeOwned;

    use crate::rt::decode::{self as rt, Body};
    use crate::{Error, Operation};

    pub(crate) fn list<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::list::<T>(body, op).map(drop)
    }
    pub(crate) fn optional<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::optional::<T>(body, op).map(drop)
    }
    pub(crate) fn required<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::required::<T>(body, op).map(drop)
    }
    pub(crate) fn json(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::json(body, op).map(drop)
    }
    pub(crate) fn unit(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::unit(body, op).map(drop)
    }
    pub(crate) fn bare<T: DeserializeOwned>(body: Body, op: &'static Operation) -> Result<(), Error> {
        rt::bare::<T>(body, op).map(drop)
    }
    pub(crate) fn as_bytes(body: Body, _: &'static Operation) -> Result<(), Error> {
        drop(rt::as_bytes(body));
        Ok(())
    }
    pub(crate) fn nothing(body: Body, _: &'static Operation) -> Result<(), Error> {
        drop(rt::nothing(body));
        Ok(())
    }
}

/// Why a driven call did not return a decoded result.
#[derive(Debug)]
pub enum Failure {
    /// A spec example does not convert to the argument's Rust type.
    Argument { what: String, message: String },
    /// The call failed: rejected by the server, not decodable, or not sent.
    Call(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Call(error)
    }
}

/// The argument `what` from its JSON text, in the setter's type. A scalar given where text is
/// expected (an example `1` for a string parameter) is passed as its text, as on the wire.
pub fn argument<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, Failure> {
    let failure = |message: String| Failure::Argument { what: what.to_string(), message };
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| failure(e.to_string()))?;
    match serde_json::from_value::<T>(value.clone()) {
        Ok(typed) => Ok(typed),
        Err(first) => {
            let text = match &value {
                serde_json::Value::String(_) => return Err(failure(first.to_string())),
                other => other.to_string(),
            };
            serde_json::from_value::<T>(serde_json::Value::String(text)).map_err(|_| failure(first.to_string()))
        }
    }
}

/// A path parameter `what` from its JSON text, as the text that goes in the URL: a string as
/// it is, a number or boolean as written.
pub fn text(what: &str, json: &str) -> Result<String, Failure> {
    let failure = |message: String| Failure::Argument { what: what.to_string(), message };
    match serde_json::from_str(json).map_err(|e| failure(e.to_string()))? {
        serde_json::Value::String(text) => Ok(text),
        value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => Ok(value.to_string()),
        other => Err(failure(format!("`{other}` is not a value a URL segment can hold"))),
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

//! Support for the conformance driver that the `conformance` feature generates: one call per
//! operation, with arguments from the spec's examples, made through the generated builders.
//! `cargo xtask conformance` runs it against a mock server of the spec. Not for applications.

use std::future::Future;
use std::pin::Pin;

use crate::{Client, Credentials, Error, Operation};

pub use crate::generated::driver::{CALLS, UNFILLED};

/// The future of one driven call.
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + 'a>>;

/// One operation the driver can call.
#[derive(Clone, Copy)]
pub struct Call {
    pub operation: &'static Operation,
    pub run: for<'a> fn(&'a Client) -> CallFuture<'a>,
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

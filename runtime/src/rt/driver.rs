//! What the conformance driver's rows call in a group's crate (behind its `conformance`
//! feature) and in `cloudflare-sdk`: each argument read from the spec's example into the
//! setter's own type, and why a driven call failed.

use crate::Error;

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

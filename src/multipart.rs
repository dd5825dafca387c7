//! Building `multipart/form-data` bodies for the operations that take them (Workers script
//! uploads, Stream captions, ...). Their builders take the body as bytes; the client sends it
//! with the right `Content-Type`, boundary included.
//!
//! ```
//! let body = cloudflare_sdk::multipart::Form::new()
//!     .text("metadata", r#"{"main_module": "worker.js"}"#)
//!     .file("worker.js", "worker.js", "application/javascript+module", "export default {}")?
//!     .into_bytes();
//! assert!(body.starts_with(b"--"));
//! # Ok::<(), cloudflare_sdk::multipart::InvalidMediaType>(())
//! ```

use bytes::{BufMut, Bytes, BytesMut};

/// A multipart form, encoded in memory.
#[derive(Debug, Clone)]
pub struct Form {
    boundary: String,
    body: BytesMut,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    pub fn new() -> Self {
        Form { boundary: format!("cloudflare-sdk-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..)), body: BytesMut::new() }
    }

    /// A text field.
    pub fn text(self, name: &str, value: impl AsRef<str>) -> Self {
        self.part(&format!("form-data; name=\"{}\"", escape(name)), None, value.as_ref().as_bytes())
    }

    /// A file field. Its media type goes into a part header as it is, so one that could end
    /// the header (CR, LF or another control character) is refused.
    pub fn file(self, name: &str, file_name: &str, media_type: &str, contents: impl AsRef<[u8]>) -> Result<Self, InvalidMediaType> {
        if media_type.is_empty() || media_type.chars().any(|c| c.is_control()) {
            return Err(InvalidMediaType(media_type.escape_debug().to_string()));
        }
        let disposition = format!("form-data; name=\"{}\"; filename=\"{}\"", escape(name), escape(file_name));
        Ok(self.part(&disposition, Some(media_type), contents.as_ref()))
    }

    fn part(mut self, disposition: &str, media_type: Option<&str>, contents: &[u8]) -> Self {
        self.body.put_slice(format!("--{}\r\nContent-Disposition: {disposition}\r\n", self.boundary).as_bytes());
        if let Some(media_type) = media_type {
            self.body.put_slice(format!("Content-Type: {media_type}\r\n").as_bytes());
        }
        self.body.put_slice(b"\r\n");
        self.body.put_slice(contents);
        self.body.put_slice(b"\r\n");
        self
    }

    /// The `Content-Type` to send the form with: `multipart/form-data; boundary=...`.
    pub fn media_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The encoded body, closing boundary included.
    pub fn into_bytes(mut self) -> Bytes {
        self.body.put_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.body.freeze()
    }
}

/// A media type that cannot be a part header: empty, or holding a control character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a media type a multipart part can carry")]
pub struct InvalidMediaType(pub String);

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

//! `multipart/form-data` bodies for the operations that take them (Workers script uploads,
//! Images, Stream captions, ...).
//!
//! Each such operation has a typed form in `cloudflare_sdk::forms`, set with the builder's `.form(..)`:
//! a field per part, JSON parts typed (a Worker's `metadata`), file parts a [`File`] made from
//! bytes, a path (read by tokio while the request is sent) or a stream:
//!
//! ```ignore
//! use cloudflare_sdk::{forms, multipart::File, types};
//! let metadata = types::ScriptUpdateFormMetadata::builder().main_module("worker.js");
//! client.account(account_id).workers().scripts().update("my-worker")
//!     .form(forms::AccountWorkersScriptsUpdate {
//!         metadata: metadata.try_into()?,
//!         files: vec![File::path("dist/worker.js").media_type("application/javascript+module")],
//!     })
//!     .send().await?;
//! ```
//!
//! [`Form`] builds any form in memory; the builders' `.body(..)` takes its bytes:
//!
//! ```
//! let body = cloudflare_sdk::multipart::Form::new()
//!     .text("metadata", r#"{"main_module": "worker.js"}"#)
//!     .file("worker.js", "worker.js", "application/javascript+module", "export default {}")?
//!     .into_bytes();
//! assert!(body.starts_with(b"--"));
//! # Ok::<(), cloudflare_sdk::multipart::InvalidMediaType>(())
//! ```

use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;

use bytes::{BufMut, Bytes, BytesMut};
use futures::{Stream, StreamExt, TryStreamExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

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
    pub fn text(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.head(name, None, None);
        self.body.put_slice(value.as_ref().as_bytes());
        self.body.put_slice(b"\r\n");
        self
    }

    /// A file field. Its media type goes into a part header as it is, so one that could end
    /// the header (CR, LF or another control character) is refused.
    pub fn file(mut self, name: &str, file_name: &str, media_type: &str, contents: impl AsRef<[u8]>) -> Result<Self, InvalidMediaType> {
        check_media_type(media_type)?;
        self.head(name, Some(file_name), Some(media_type));
        self.body.put_slice(contents.as_ref());
        self.body.put_slice(b"\r\n");
        Ok(self)
    }

    /// The boundary line and headers of a part.
    fn head(&mut self, name: &str, file_name: Option<&str>, media_type: Option<&str>) {
        let mut disposition = format!("form-data; name=\"{}\"", escape(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", escape(file_name)));
        }
        self.body.put_slice(format!("--{}\r\nContent-Disposition: {disposition}\r\n", self.boundary).as_bytes());
        if let Some(media_type) = media_type {
            self.body.put_slice(format!("Content-Type: {media_type}\r\n").as_bytes());
        }
        self.body.put_slice(b"\r\n");
    }

    /// The `Content-Type` to send the form with: `multipart/form-data; boundary=...`.
    pub fn media_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The encoded body, closing boundary included.
    pub fn into_bytes(mut self) -> Bytes {
        self.close();
        self.body.freeze()
    }

    fn close(&mut self) {
        self.body.put_slice(format!("--{}--\r\n", self.boundary).as_bytes());
    }
}

/// A media type that cannot be a part header: empty, or holding a control character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a media type a multipart part can carry")]
pub struct InvalidMediaType(pub String);

fn check_media_type(media_type: &str) -> Result<(), InvalidMediaType> {
    if media_type.is_empty() || media_type.chars().any(|c| c.is_control()) {
        return Err(InvalidMediaType(media_type.escape_debug().to_string()));
    }
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

/// A file part of a typed form: its contents, its file name and its media type
/// (`application/octet-stream` unless set).
///
/// ```
/// use cloudflare_sdk::multipart::File;
/// let in_memory = File::bytes("worker.js", "export default {}").media_type("application/javascript+module");
/// let on_disk = File::path("dist/worker.wasm").media_type("application/wasm");
/// let streamed = File::stream("big.csv", futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from("a,b\n"))]));
/// # let _ = (in_memory, on_disk, streamed);
/// ```
pub struct File {
    file_name: String,
    media_type: String,
    contents: Contents,
}

enum Contents {
    Bytes(Bytes),
    /// Opened and read by tokio while the request is sent.
    Path(PathBuf),
    Stream(ByteStream),
}

impl File {
    /// Contents already in memory.
    pub fn bytes(file_name: impl Into<String>, contents: impl Into<Bytes>) -> Self {
        File { file_name: file_name.into(), media_type: DEFAULT_MEDIA_TYPE.into(), contents: Contents::Bytes(contents.into()) }
    }

    /// The file at `path`, read while the request is sent (its file name is the path's last
    /// component). A file that cannot be read fails the call with the path and the reason.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        File { file_name, media_type: DEFAULT_MEDIA_TYPE.into(), contents: Contents::Path(path) }
    }

    /// Contents from a stream of chunks, sent as they come. A request with a streamed part is
    /// sent once: it cannot be retried.
    pub fn stream<S, B, E>(file_name: impl Into<String>, stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let stream = stream.map_ok(Into::into).map_err(Into::into);
        File { file_name: file_name.into(), media_type: DEFAULT_MEDIA_TYPE.into(), contents: Contents::Stream(Box::pin(stream)) }
    }

    /// The part's media type (`application/javascript+module`, `application/wasm`, ...).
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = media_type.into();
        self
    }

    /// The part's file name, replacing the one given or taken from the path.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }
}

const DEFAULT_MEDIA_TYPE: &str = "application/octet-stream";

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let contents = match &self.contents {
            Contents::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Contents::Path(path) => format!("path {}", path.display()),
            Contents::Stream(_) => "a stream".to_string(),
        };
        f.debug_struct("File").field("file_name", &self.file_name).field("media_type", &self.media_type).field("contents", &contents).finish()
    }
}

/// Why a typed form could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("part `{part}`: {source}")]
    MediaType { part: String, source: InvalidMediaType },
    #[error("part `{part}`: not JSON: {source}")]
    Json { part: String, source: serde_json::Error },
}

/// Encodes a typed form (the generated forms call it): parts in memory are written into one
/// buffer; a path or a stream becomes a chunk of the body read when it is sent.
#[doc(hidden)]
#[derive(Default)]
pub struct Encoder {
    form: Form,
    /// What comes before `form.body`: buffers and streamed files, in order.
    chunks: Vec<Chunk>,
}

enum Chunk {
    Bytes(Bytes),
    Path(PathBuf),
    Stream(ByteStream),
}

impl Encoder {
    /// A text part: a string as it is, any other JSON value as JSON text (`true`, `30`).
    pub fn text<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        let text = match serde_json::to_value(value).map_err(|source| FormError::Json { part: name.into(), source })? {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        };
        self.form.head(name, None, None);
        self.form.body.put_slice(text.as_bytes());
        self.form.body.put_slice(b"\r\n");
        Ok(())
    }

    /// A JSON part (`Content-Type: application/json`).
    pub fn json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        let json = serde_json::to_vec(value).map_err(|source| FormError::Json { part: name.into(), source })?;
        self.form.head(name, None, Some("application/json"));
        self.form.body.put_slice(&json);
        self.form.body.put_slice(b"\r\n");
        Ok(())
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: File) -> Result<(), FormError> {
        check_media_type(&file.media_type).map_err(|source| FormError::MediaType { part: name.into(), source })?;
        self.form.head(name, Some(&file.file_name), Some(&file.media_type));
        match file.contents {
            Contents::Bytes(bytes) => self.form.body.put_slice(&bytes),
            Contents::Path(path) => self.streamed(Chunk::Path(path)),
            Contents::Stream(stream) => self.streamed(Chunk::Stream(stream)),
        }
        self.form.body.put_slice(b"\r\n");
        Ok(())
    }

    fn streamed(&mut self, chunk: Chunk) {
        let written = self.form.body.split().freeze();
        self.chunks.push(Chunk::Bytes(written));
        self.chunks.push(chunk);
    }

    /// The body: one buffer (which a retry can send again) when every part is in memory, else
    /// a stream.
    pub fn finish(mut self) -> reqwest::Body {
        self.form.close();
        let last = self.form.body.freeze();
        if self.chunks.is_empty() {
            return reqwest::Body::from(last);
        }
        self.chunks.push(Chunk::Bytes(last));
        let chunks = futures::stream::iter(self.chunks).flat_map(|chunk| -> ByteStream {
            match chunk {
                Chunk::Bytes(bytes) => Box::pin(futures::stream::once(async move { Ok(bytes) })),
                Chunk::Stream(stream) => stream,
                Chunk::Path(path) => Box::pin(read_file(path)),
            }
        });
        reqwest::Body::wrap_stream(chunks)
    }
}

/// The file at `path`, in chunks; an error names the path.
fn read_file(path: PathBuf) -> impl Stream<Item = Result<Bytes, BoxError>> + Send {
    let named = move |path: &std::path::Path, err: std::io::Error| -> BoxError { format!("{}: {err}", path.display()).into() };
    let path_for_reads = path.clone();
    futures::stream::once(async move { tokio::fs::File::open(&path).await.map_err(|e| named(&path, e)) })
        .map_ok(move |file| {
            let path = path_for_reads.clone();
            tokio_util::io::ReaderStream::new(file).map_err(move |e| named(&path, e))
        })
        .try_flatten()
}

//! Streamed answers: the operations that can answer with server-sent events
//! (`text/event-stream`: Workers AI text generation, AI Gateway, ...) have `send_events()`,
//! which asks for the stream and returns an [`EventStream`] of typed events:
//!
//! ```ignore
//! use futures::TryStreamExt;
//! let mut events = client.account(account_id).queue(queue_id).metrics().get().send_events().await?;
//! while let Some(event) = events.try_next().await? {
//!     println!("{:?} messages waiting", event.data.backlog_count);
//! }
//! ```
//!
//! The call's attempts (and retries) end with the answer's headers; reading the events is
//! bounded by the idle timeout ([`crate::ClientBuilder::idle_timeout`]), not by the attempt's
//! timeout. A failure status is an [`Error::Api`] before any event. An
//! event is dispatched at its blank line, as the HTML standard's parsing rules say (`data:`
//! lines joined by `\n`, `event:`, `id:`, comments and `retry:` skipped); `data: [DONE]`, which
//! these APIs send last, ends the stream. One event (or line) longer than the client's
//! [`max_response_bytes`](crate::ClientBuilder::max_response_bytes) ends the stream with
//! [`Error::ResponseTooLarge`]: the stream as a whole is not
//! bounded, but what it holds at once is.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error};
use crate::metadata::Operation;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Its `data`, decoded with the lenient rules of every answer.
    pub data: T,
    /// Its `data` as sent.
    pub raw_data: String,
    /// Its `event:` name, when it has one.
    pub event: Option<String>,
    /// Its `id:`, when it has one.
    pub id: Option<String>,
}

/// The events of a streamed answer, in order; the status and headers of the answer stay at
/// hand. An event whose data does not decode is an `Err` ([`Error::Decode`], holding the
/// data), and the stream goes on; a transport failure or the idle timeout ends it with an
/// `Err`.
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    operation: &'static Operation,
    body: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    parser: Parser,
    /// The most bytes one event, or its line being read, may hold.
    limit: usize,
    done: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("operation", &self.operation.id).field("status", &self.status).field("done", &self.done).finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `cf-ray` id of the answer.
    pub fn cf_ray(&self) -> Option<&str> {
        self.headers.get("cf-ray").and_then(|v| v.to_str().ok())
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(event) = this.parser.next_event() {
                if event.data == "[DONE]" {
                    this.done = true;
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(this.decode(event)));
            }
            // All complete lines are read: what is left is the event and the line under way.
            if this.parser.pending() > this.limit {
                this.done = true;
                return Poll::Ready(Some(Err(Error::ResponseTooLarge { operation: this.operation.id, limit: this.limit })));
            }
            match this.body.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.parser.push(&chunk),
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(crate::rt::decode::transport(err, this.operation, 1))));
                }
                // An event not ended by its blank line is not dispatched.
                Poll::Ready(None) => this.done = true,
            }
        }
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    fn decode(&self, event: RawEvent) -> Result<Event<T>, Error> {
        match crate::rt::lenient::from_slice::<T>(event.data.as_bytes(), self.operation.id) {
            Ok(data) => Ok(Event { data, raw_data: event.data, event: event.event, id: event.id }),
            Err(source) => Err(Error::Decode(Box::new(DecodeError { operation: self.operation.id, status: self.status, headers: self.headers.clone(), body: Bytes::from(event.data), source }))),
        }
    }
}

/// Opens the stream of a builder's `send_http`: a failure status is read whole and is
/// [`Error::Api`]; a success is read event by event.
#[doc(hidden)]
pub async fn open<T>(raw: impl std::future::Future<Output = crate::rt::decode::Raw>, operation: &'static Operation) -> Result<EventStream<T>, Error> {
    let response = crate::rt::decode::success_unread(raw, operation).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let limit = crate::rt::stream::BodyLimit::of(&response);
    Ok(EventStream { status, headers, operation, body: Box::pin(response.bytes_stream()), parser: Parser::default(), limit, done: false, item: std::marker::PhantomData })
}

#[derive(Debug, Default, PartialEq)]
struct RawEvent {
    data: String,
    event: Option<String>,
    id: Option<String>,
}

/// The event-stream format, line by line (CR, LF or CRLF ends a line).
#[derive(Default)]
struct Parser {
    buffer: BytesMut,
    /// The event being read: its data lines so far, and whether it has any.
    data: String,
    has_data: bool,
    event: Option<String>,
    id: Option<String>,
    /// A CR ended the last line: an LF right after it is part of that line's end.
    after_cr: bool,
}

impl Parser {
    fn push(&mut self, chunk: &[u8]) {
        self.buffer.extend_from_slice(chunk);
    }

    /// The bytes held for the event being read: its data so far and its unfinished line.
    fn pending(&self) -> usize {
        self.data.len() + self.buffer.len()
    }

    /// The next complete event of what was pushed.
    fn next_event(&mut self) -> Option<RawEvent> {
        loop {
            if self.after_cr && self.buffer.first() == Some(&b'\n') {
                self.buffer.advance(1);
            }
            self.after_cr = false;
            let end = self.buffer.iter().position(|b| *b == b'\n' || *b == b'\r')?;
            self.after_cr = self.buffer[end] == b'\r';
            let line = self.buffer.split_to(end);
            self.buffer.advance(1);
            if let Some(event) = self.line(&String::from_utf8_lossy(&line)) {
                return Some(event);
            }
        }
    }

    fn line(&mut self, line: &str) -> Option<RawEvent> {
        if line.is_empty() {
            if !self.has_data {
                self.event = None;
                return None;
            }
            self.has_data = false;
            return Some(RawEvent { data: std::mem::take(&mut self.data), event: self.event.take(), id: self.id.clone() });
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.id = Some(value.to_string()),
            // Comments (`: ...`), `retry` and unknown fields.
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&str]) -> Vec<RawEvent> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk.as_bytes());
            while let Some(event) = parser.next_event() {
                out.push(event);
            }
        }
        out
    }

    fn event(data: &str, event: Option<&str>, id: Option<&str>) -> RawEvent {
        RawEvent { data: data.into(), event: event.map(str::to_string), id: id.map(str::to_string) }
    }

    #[test]
    fn an_event_ends_at_its_blank_line_and_its_data_lines_are_joined() {
        assert_eq!(events(&["data: a\ndata: b\n\ndata:c\n\n"]), [event("a\nb", None, None), event("c", None, None)]);
    }

    #[test]
    fn lines_end_with_cr_lf_or_crlf_even_split_across_chunks() {
        assert_eq!(events(&["data: a\r", "\n\r", "\ndata: b\r\r"]), [event("a", None, None), event("b", None, None)]);
    }

    #[test]
    fn names_and_ids_are_kept_comments_and_retry_are_skipped_and_an_event_without_data_is_none() {
        let got = events(&[": keep-alive\nretry: 10\nevent: delta\nid: 7\ndata: {\"x\":1}\n\nevent: ping\n\ndata: 2\n\n"]);
        assert_eq!(got, [event("{\"x\":1}", Some("delta"), Some("7")), event("2", None, Some("7"))]);
    }

    #[test]
    fn an_event_not_ended_by_a_blank_line_is_not_dispatched() {
        assert_eq!(events(&["data: a\n\ndata: b\n"]), [event("a", None, None)]);
    }
}

//! A body the caller streams (`send_http`, `send_raw`, event streams). The attempt's timeout
//! ends with the answer's headers; from then on the body is bounded by an idle timeout: the
//! reader waits at most that long for each frame, so a download may take as long as it
//! needs while data keeps coming. The deadline wakes the reader as a call's does
//! (`alarm.rs`).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use reqwest::ResponseBuilderExt;
use tokio::time::Instant;

use crate::rt::alarm::Alarm;

/// `response` with its body failing with a timeout (`reqwest::Error::is_timeout`) once no
/// frame has come for `idle`; as it was for an endless `idle`. Status, headers, URL, length
/// and extensions are kept.
/// The client's `max_response_bytes` (`usize::MAX` for none), carried by a streamed answer for
/// readers that bound what they hold of it at once (an event of [`crate::events`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit(pub(crate) usize);

impl BodyLimit {
    pub(crate) fn of(response: &reqwest::Response) -> usize {
        response.extensions().get::<BodyLimit>().map_or(crate::DEFAULT_MAX_RESPONSE_BYTES, |limit| limit.0)
    }
}

pub(crate) fn with_idle_timeout(response: reqwest::Response, idle: Duration) -> reqwest::Response {
    if Instant::now().checked_add(idle).is_none() {
        return response;
    }
    let url = response.url().clone();
    let (mut parts, body) = http::Response::from(response).into_parts();
    // `reqwest::Response::from` takes its URL from an extension of reqwest's own.
    if let Ok(with_url) = http::Response::builder().url(url).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    let body = IdleTimeout { inner: body, idle, waiting_since: None, alarm: Alarm::default() };
    reqwest::Response::from(http::Response::from_parts(parts, reqwest::Body::wrap(body)))
}

/// What a body that went quiet fails with, inside an `io::Error` of kind `TimedOut`.
#[derive(Debug, thiserror::Error)]
#[error("no data for {0:?} while reading the body (the client's idle timeout)")]
struct Idle(Duration);

pin_project_lite::pin_project! {
    struct IdleTimeout {
        #[pin]
        inner: reqwest::Body,
        idle: Duration,
        // Since when the reader has waited for the next frame, if it is waiting.
        waiting_since: Option<Instant>,
        // Kept from one wait to the next (its deadline moved), withdrawn at the end.
        alarm: Alarm,
    }
}

impl http_body::Body for IdleTimeout {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.project();
        if let Poll::Ready(frame) = this.inner.poll_frame(cx) {
            *this.waiting_since = None;
            if frame.is_none() {
                this.alarm.clear();
            }
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        // Idle is the time the reader has waited, not the time it took over the last frame.
        let since = *this.waiting_since.get_or_insert_with(Instant::now);
        let Some(deadline) = since.checked_add(*this.idle) else { return Poll::Pending };
        if Instant::now() >= deadline {
            this.alarm.clear();
            return Poll::Ready(Some(Err(Box::new(std::io::Error::new(std::io::ErrorKind::TimedOut, Idle(*this.idle))))));
        }
        this.alarm.set(deadline, cx.waker());
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

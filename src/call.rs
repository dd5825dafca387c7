//! One call of `send()` in progress: how many attempts it has made, and the deadline of the
//! attempt under way. The `exec` hook starts each attempt; [`run`] enforces its deadline over
//! the whole attempt, headers and body alike, with one timer for the call.
//!
//! The SDK keeps the time itself rather than leaving it to reqwest, whose timeout is polled
//! before the request at every wake-up and wraps the body in one more layer: on loopback, a
//! raw call with reqwest's timeout took about 5% longer than one without, and one inside
//! `tokio::time::timeout` about 2% (see BENCHMARKS.md). A caller of `send_http`, who reads
//! the body alone, still gets reqwest's.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

tokio::task_local! {
    static CALL: Call;
}

#[derive(Default)]
struct Call {
    attempts: Cell<u32>,
    /// `None` before the first attempt, while waiting to retry, and for an endless timeout.
    deadline: Cell<Option<Instant>>,
}

/// Why [`run`] gave up: the attempt under way outlived its timeout.
pub(crate) struct TimedOut;

/// Runs `call` as one call: the attempts the hooks start are counted (and returned), and
/// `call` stops when the attempt under way passes its deadline.
pub(crate) async fn run<F: Future>(call: F) -> (Result<F::Output, TimedOut>, u32) {
    CALL.scope(Call::default(), async {
        let output = Deadline { call, timer: None }.await;
        (output, CALL.with(|c| c.attempts.get()))
    })
    .await
}

/// Marks the start of attempt number `attempt`, which may take `timeout` (a timeout past the
/// end of time, such as `Duration::MAX`, is none). Returns false
/// outside [`run`] (a caller of `send_http`, who reads the body on their own): then the
/// request must carry its timeout itself.
pub(crate) fn start_attempt(attempt: u32, timeout: Duration) -> bool {
    CALL.try_with(|c| {
        c.attempts.set(attempt);
        c.deadline.set(Instant::now().checked_add(timeout));
    })
    .is_ok()
}

/// The attempt is over; no deadline runs while waiting to retry.
pub(crate) fn end_attempt() {
    let _ = CALL.try_with(|c| c.deadline.set(None));
}

pin_project_lite::pin_project! {
    /// `call`, stopped at the deadline of the attempt under way. The timer is made the first
    /// time `call` has to wait, and reset only when a retry moves the deadline.
    struct Deadline<F> {
        #[pin]
        call: F,
        #[pin]
        timer: Option<Sleep>,
    }
}

impl<F: Future> Future for Deadline<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if let Poll::Ready(output) = this.call.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let Some(deadline) = CALL.with(|c| c.deadline.get()) else {
            return Poll::Pending;
        };
        match this.timer.as_mut().as_pin_mut() {
            Some(timer) if timer.deadline() != deadline => timer.reset(deadline),
            Some(_) => {}
            None => this.timer.set(Some(tokio::time::sleep_until(deadline))),
        }
        match this.timer.as_pin_mut().map(|timer| timer.poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(Err(TimedOut)),
            _ => Poll::Pending,
        }
    }
}

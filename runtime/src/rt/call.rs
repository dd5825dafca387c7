//! One call in progress: how many attempts it has made, and the deadline of the attempt under
//! way. The `exec` hook starts each attempt; [`run`] enforces its deadline over what it runs:
//! for `send()` the whole attempt, headers and body alike; for `send_http()`, whose body the
//! caller streams, up to the answer's headers (`stream.rs` bounds the body).
//!
//! A deadline costs a clock check at each poll and, the first time the call has to wait, a
//! timer of the runtime (`alarm.rs`): the timer only wakes the task, and the poll decides.
//! An attempt's timeout is not a timer of its own (BENCHMARKS.md, "what the timer costs").

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use crate::rt::alarm::Alarm;

tokio::task_local! {
    static CALL: Call;
}

#[derive(Default)]
struct Call {
    attempts: Cell<u32>,
    /// `None` before the first attempt, while waiting to retry, and for an endless timeout.
    deadline: Cell<Option<Instant>>,
    /// The most bytes a body may have, from the client's settings.
    body_limit: Cell<usize>,
}

/// Why [`run`] gave up: the attempt under way outlived its timeout.
pub(crate) struct TimedOut;

/// Runs `call` as one call: the attempts the hooks start are counted (and returned), and
/// `call` stops when the attempt under way passes its deadline.
pub(crate) async fn run<F: Future>(call: F) -> (Result<F::Output, TimedOut>, u32) {
    CALL.scope(Call::default(), async {
        let output = Deadline { call, alarm: Alarm::default() }.await;
        (output, CALL.with(|c| c.attempts.get()))
    })
    .await
}

/// Whether this task is inside [`run`].
pub(crate) fn in_call() -> bool {
    CALL.try_with(|_| ()).is_ok()
}

/// Marks the start of attempt number `attempt`, which may take `timeout` (a timeout past the
/// end of time, such as `Duration::MAX`, is none). Returns false outside [`run`] (the `exec`
/// hook called directly): then the request must carry its timeout itself.
pub(crate) fn start_attempt(attempt: u32, timeout: Duration, body_limit: usize) -> bool {
    CALL.try_with(|c| {
        c.attempts.set(attempt);
        c.deadline.set(Instant::now().checked_add(timeout));
        c.body_limit.set(body_limit);
    })
    .is_ok()
}

/// The most bytes the body of this call may have (none set: no limit).
pub(crate) fn body_limit() -> usize {
    CALL.try_with(|c| c.body_limit.get()).ok().filter(|limit| *limit > 0).unwrap_or(usize::MAX)
}

/// `attempt`, stopped when the attempt under way passes its deadline, so that the hooks may
/// try again. Outside [`run`] there is no deadline here (the request carries its own).
///
/// Inside [`run`], whose alarm is set for the deadline already, the task is woken at the
/// deadline and polls through here first: a check of the clock is all it takes.
pub(crate) async fn attempt<F: Future>(attempt: F) -> Result<F::Output, TimedOut> {
    Checked { attempt }.await
}

pin_project_lite::pin_project! {
    struct Checked<F> {
        #[pin]
        attempt: F,
    }
}

impl<F: Future> Future for Checked<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(output) = self.project().attempt.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match CALL.try_with(|c| c.deadline.get()).ok().flatten() {
            Some(deadline) if Instant::now() >= deadline => Poll::Ready(Err(TimedOut)),
            _ => Poll::Pending,
        }
    }
}

/// The attempt is over; no deadline runs while waiting to retry.
pub(crate) fn end_attempt() {
    let _ = CALL.try_with(|c| c.deadline.set(None));
}

pin_project_lite::pin_project! {
    /// `call`, stopped at the deadline of the attempt under way. The alarm is set the first
    /// time `call` has to wait, and withdrawn when it is done or dropped.
    struct Deadline<F> {
        #[pin]
        call: F,
        alarm: Alarm,
    }
}

impl<F: Future> Future for Deadline<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.call.poll(cx) {
            this.alarm.clear();
            return Poll::Ready(Ok(output));
        }
        match CALL.with(|c| c.deadline.get()) {
            Some(deadline) if Instant::now() >= deadline => {
                this.alarm.clear();
                Poll::Ready(Err(TimedOut))
            }
            Some(deadline) => {
                this.alarm.set(deadline, cx.waker());
                Poll::Pending
            }
            None => {
                this.alarm.clear();
                Poll::Pending
            }
        }
    }
}

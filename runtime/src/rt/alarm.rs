//! Waking a task at a deadline, on the runtime's timer. One `Sleep` per call (or streamed
//! body), made the first time it has to wait and moved, not made again, when its deadline
//! moves. Deadlines are on tokio's clock, so `tokio::time::pause` holds them as it holds
//! every other timer.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};

use tokio::time::{Instant, Sleep};

/// A wake-up asked for; withdrawn by [`clear`](Alarm::clear) or when dropped.
#[derive(Default)]
pub(crate) struct Alarm {
    timer: Option<Pin<Box<Sleep>>>,
}

impl Alarm {
    /// Asks for `waker` to be woken once `deadline` has passed, instead of what was asked
    /// before. A deadline already past wakes it at once.
    pub(crate) fn set(&mut self, deadline: Instant, waker: &Waker) {
        // Asked of the clock, not of the timer: tokio's driver fires a deadline it has not
        // yet reached in its own time (it advances when it runs) only on its next turn.
        if deadline <= Instant::now() {
            self.timer = None;
            waker.wake_by_ref();
            return;
        }
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        if timer.as_mut().poll(&mut Context::from_waker(waker)).is_ready() {
            waker.wake_by_ref();
        }
    }

    /// Withdraws the wake-up, if any.
    pub(crate) fn clear(&mut self) {
        self.timer = None;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::Wake;
    use std::time::Duration;

    use super::*;

    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn woken(count: &Arc<Count>) -> usize {
        count.0.load(Ordering::SeqCst)
    }

    // On a paused clock, which only the sleeps below move: the test cannot depend on load.
    #[tokio::test(start_paused = true)]
    async fn a_task_is_woken_after_its_deadline_and_not_before_and_a_moved_or_cleared_one_wakes_nobody() {
        let ms = Duration::from_millis;
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let mut alarm = Alarm::default();
        alarm.set(Instant::now() + ms(300), &waker);
        tokio::time::sleep(ms(100)).await;
        assert_eq!(woken(&count), 0, "woken early");
        tokio::time::sleep(ms(400)).await;
        assert_eq!(woken(&count), 1, "not woken");

        // Moved later: not woken at the old deadline.
        alarm.set(Instant::now() + ms(100), &waker);
        alarm.set(Instant::now() + ms(60_000), &waker);
        tokio::time::sleep(ms(300)).await;
        assert_eq!(woken(&count), 1, "woken at the old deadline");
        alarm.set(Instant::now() + ms(100), &waker);
        alarm.clear();
        tokio::time::sleep(ms(300)).await;
        assert_eq!(woken(&count), 1, "woken after clearing");

        // A deadline already past wakes at once.
        alarm.set(Instant::now() - ms(1), &waker);
        assert_eq!(woken(&count), 2);
    }
}

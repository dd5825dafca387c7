//! The deadlines of calls in progress, watched by one thread for the whole process: it sleeps
//! until the earliest deadline it knows of and wakes the calls whose deadline has passed.
//!
//! A call writes its deadline and waker into a table under a mutex, and takes them out when it
//! is done. The thread is only told of a new deadline when it is earlier than the time it
//! already means to look; as every call of a client adds the same timeout to the time it
//! starts, that is seldom. Should the thread fail to start, calls fall back on a tokio timer.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::task::{Context, Waker};
use std::time::Instant;

struct Watchdog {
    table: Mutex<Table>,
    changed: Condvar,
}

#[derive(Default)]
struct Table {
    entries: Vec<Option<Entry>>,
    free: Vec<usize>,
    /// When the thread looks next; `None` while it waits to be told.
    next_look: Option<Instant>,
}

struct Entry {
    deadline: Instant,
    /// Taken when the deadline passes and the call is woken.
    waker: Option<Waker>,
}

fn watchdog() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
    *WATCHDOG.get_or_init(|| {
        let watchdog: &'static Watchdog = Box::leak(Box::new(Watchdog { table: Mutex::default(), changed: Condvar::new() }));
        let thread = std::thread::Builder::new().name("cloudflare-sdk-deadlines".into()).spawn(move || watchdog.watch());
        thread.ok().map(|_| watchdog)
    })
}

impl Watchdog {
    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn watch(&self) {
        let mut table = self.lock();
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            let mut next: Option<Instant> = None;
            for entry in table.entries.iter_mut().flatten() {
                if entry.deadline <= now {
                    due.extend(entry.waker.take());
                } else if entry.waker.is_some() {
                    next = Some(next.map_or(entry.deadline, |n| n.min(entry.deadline)));
                }
            }
            table.next_look = next;
            if !due.is_empty() {
                // Woken without the lock: a woken call may run and clear its entry at once. A
                // waker that panics must not take the thread, and every later deadline, with it.
                drop(table);
                for waker in due {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| waker.wake()));
                }
                table = self.lock();
                continue;
            }
            table = match next {
                None => self.changed.wait(table).unwrap_or_else(PoisonError::into_inner),
                Some(at) => self.changed.wait_timeout(table, at.saturating_duration_since(now)).unwrap_or_else(PoisonError::into_inner).0,
            };
        }
    }
}

/// A call's place in the watchdog's table; cleared when dropped.
#[derive(Default)]
pub(crate) struct Registration {
    slot: Option<usize>,
    fallback: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Registration {
    /// Asks for `waker` to be woken once `deadline` has passed, instead of what was asked
    /// before.
    pub(crate) fn set(&mut self, deadline: Instant, waker: &Waker) {
        let Some(watchdog) = watchdog() else {
            return self.set_fallback(deadline, waker);
        };
        let mut table = watchdog.lock();
        let table = &mut *table;
        let entry = match self.slot.and_then(|slot| table.entries.get_mut(slot)).and_then(Option::as_mut) {
            Some(entry) => entry,
            None => {
                let slot = table.free.pop().unwrap_or_else(|| {
                    table.entries.push(None);
                    table.entries.len() - 1
                });
                self.slot = Some(slot);
                table.entries[slot].insert(Entry { deadline, waker: None })
            }
        };
        entry.deadline = deadline;
        match &mut entry.waker {
            Some(known) if known.will_wake(waker) => {}
            other => *other = Some(waker.clone()),
        }
        if table.next_look.is_none_or(|at| deadline < at) {
            table.next_look = Some(deadline);
            watchdog.changed.notify_one();
        }
    }

    /// Withdraws the deadline, if any.
    pub(crate) fn clear(&mut self) {
        self.fallback = None;
        // Checked first: a call that never waited has no slot, and starts no thread here.
        let Some(slot) = self.slot.take() else { return };
        let Some(watchdog) = watchdog() else { return };
        let mut table = watchdog.lock();
        let entry = table.entries.get_mut(slot).and_then(Option::take);
        table.free.push(slot);
        drop(table);
        // The waker is dropped without the lock.
        drop(entry);
    }

    fn set_fallback(&mut self, deadline: Instant, waker: &Waker) {
        let deadline = tokio::time::Instant::from_std(deadline);
        let timer = self.fallback.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        if timer.as_mut().poll(&mut Context::from_waker(waker)).is_ready() {
            waker.wake_by_ref();
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::Arc;
    use std::task::Wake;
    use std::time::Duration;

    use super::*;

    struct Signal(Mutex<mpsc::Sender<()>>);

    impl Wake for Signal {
        fn wake(self: Arc<Self>) {
            let _ = self.0.lock().unwrap().send(());
        }
    }

    fn signal() -> (Waker, mpsc::Receiver<()>) {
        let (sender, receiver) = mpsc::channel();
        (Waker::from(Arc::new(Signal(Mutex::new(sender)))), receiver)
    }

    #[test]
    fn a_call_is_woken_after_its_deadline_and_not_before() {
        let (waker, woken) = signal();
        let mut registration = Registration::default();
        registration.set(Instant::now() + Duration::from_millis(300), &waker);
        assert!(woken.recv_timeout(Duration::from_millis(100)).is_err(), "woken early");
        assert!(woken.recv_timeout(Duration::from_secs(5)).is_ok(), "not woken");
    }

    #[test]
    fn a_moved_deadline_and_a_cleared_one_wake_nobody_early() {
        let (waker, woken) = signal();
        let mut moved = Registration::default();
        moved.set(Instant::now() + Duration::from_millis(100), &waker);
        moved.set(Instant::now() + Duration::from_secs(60), &waker);
        let (other, other_woken) = signal();
        let mut cleared = Registration::default();
        cleared.set(Instant::now() + Duration::from_millis(100), &other);
        cleared.clear();
        assert!(woken.recv_timeout(Duration::from_millis(400)).is_err(), "woken at the old deadline");
        assert!(other_woken.recv_timeout(Duration::from_millis(100)).is_err(), "woken after clearing");
        // An earlier deadline set after a later one is still met.
        let (early, early_woken) = signal();
        let mut sooner = Registration::default();
        sooner.set(Instant::now() + Duration::from_millis(50), &early);
        assert!(early_woken.recv_timeout(Duration::from_secs(5)).is_ok(), "the earlier deadline was missed");
    }

    struct Panics;

    impl Wake for Panics {
        fn wake(self: Arc<Self>) {
            panic!("a waker that panics");
        }
    }

    #[test]
    fn a_waker_that_panics_does_not_stop_the_watch() {
        let mut bad = Registration::default();
        bad.set(Instant::now() + Duration::from_millis(20), &Waker::from(Arc::new(Panics)));
        let (waker, woken) = signal();
        let mut good = Registration::default();
        good.set(Instant::now() + Duration::from_millis(200), &waker);
        assert!(woken.recv_timeout(Duration::from_secs(5)).is_ok(), "the watchdog stopped");
    }
}

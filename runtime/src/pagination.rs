//! Auto-pagination: every page of a list, or every item across pages.
//!
//! List operations that take `page` (and `per_page`) get `pages()` and `items()` on their
//! builder; those that take a `cursor` get the same, following `result_info.cursor` (or
//! `cursors.after`); those that take an `offset`, asking each time for the items after those
//! sent so far. All stop on their own:
//!
//! - when `result_info` says the last page was reached (`page >= total_pages`, or
//!   `page * per_page >= total_count`; for an offset, `offset + items >= total_count`);
//! - on an empty page, or a page shorter than `per_page` (counting the items the server sent:
//!   a page whose items lenient decoding left out does not end the walk, and is warned of);
//! - when a page repeats the previous one (a server that ignores `page` would otherwise be
//!   asked forever), or a cursor comes again (a cycle of cursors would be followed forever);
//! - page numbers only go forward: a server that reports an earlier page than the one asked
//!   for cannot lead the walk back to it;
//! - after [`MAX_PAGES`] pages, or the cap given with [`Paginator::max_pages`].
//!
//! ```no_run
//! # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
//! use futures::TryStreamExt;
//! let accounts: Vec<_> = client.accounts().list().per_page(50).paginate().items().try_collect().await?;
//! # Ok(()) }
//! ```

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

use futures::future::BoxFuture;
use futures::{FutureExt, Stream, StreamExt};

use crate::{Error, Response};

/// Pages fetched at most unless a cap is given; a guard, not a limit anyone should meet.
pub const MAX_PAGES: u32 = 10_000;

/// A stream of pages; each is the decoded [`Response`] of one call.
pub type Pages<'a, T> = Pin<Box<dyn Stream<Item = Result<Response<Vec<T>>, Error>> + Send + 'a>>;

/// A stream of items across pages.
pub type Items<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

type Fetch<'a, T> = Box<dyn FnMut(Position) -> BoxFuture<'a, Result<Response<Vec<T>>, Error>> + Send + 'a>;

/// Walks the pages of one list call; made by the `paginate()` of a list operation's builder.
pub struct Paginator<'a, T> {
    fetch: Fetch<'a, T>,
    first: Position,
    max_pages: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    Page(u64),
    Cursor(Option<String>),
    /// Items to skip.
    Offset(u64),
}

impl<'a, T: PartialEq + Clone + Send + 'a> Paginator<'a, T> {
    /// Pages by number, from 1: `fetch(n)` sends the request for page `n`.
    pub fn by_page<F, Fut>(mut fetch: F) -> Self
    where
        F: FnMut(u64) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Response<Vec<T>>, Error>> + Send + 'a,
    {
        // A walk only ever asks for positions of its own kind.
        Paginator::starting_at(Position::Page(1), Box::new(move |position| fetch(if let Position::Page(n) = position { n } else { 1 }).boxed()))
    }

    /// Pages by cursor: `fetch(None)` sends the first request, `fetch(Some(cursor))` the next.
    pub fn by_cursor<F, Fut>(mut fetch: F) -> Self
    where
        F: FnMut(Option<String>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Response<Vec<T>>, Error>> + Send + 'a,
    {
        Paginator::starting_at(Position::Cursor(None), Box::new(move |position| fetch(if let Position::Cursor(cursor) = position { cursor } else { None }).boxed()))
    }

    /// Pages by offset, from 0: `fetch(n)` sends the request for the items after the first
    /// `n`; the next offset adds the items the server sent.
    pub fn by_offset<F, Fut>(mut fetch: F) -> Self
    where
        F: FnMut(u64) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Response<Vec<T>>, Error>> + Send + 'a,
    {
        Paginator::starting_at(Position::Offset(0), Box::new(move |position| fetch(if let Position::Offset(n) = position { n } else { 0 }).boxed()))
    }

    fn starting_at(first: Position, fetch: Fetch<'a, T>) -> Self {
        Paginator { fetch, first, max_pages: MAX_PAGES }
    }

    /// Sends every page with these per-call settings (timeout, retries, deadline, extra
    /// headers, query and body fields), as `send_with` sends one call.
    pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
        let mut fetch = self.fetch;
        self.fetch = Box::new(move |position| crate::rt::hooks::with_options(options.clone(), fetch(position)).boxed());
        self
    }

    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// Every page, fetched as the stream is read; an error is the last item.
    pub fn pages(self) -> Pages<'a, T> {
        let state = State { fetch: self.fetch, next: Some(self.first), previous: None, cursors: HashSet::new(), fetched: 0, cap: self.max_pages };
        futures::stream::unfold(state, |mut state| async move {
            let position = state.next.take()?;
            if state.fetched >= state.cap {
                return None;
            }
            state.fetched += 1;
            let page = match (state.fetch)(position.clone()).await {
                Ok(page) => page,
                Err(err) => return Some((Err(err), state)),
            };
            // A page whose every item was left out by lenient decoding was not empty: the
            // walk goes on, and says so.
            let empty = page.is_empty() && items_sent(&page) == 0;
            if page.is_empty() && !empty {
                tracing::warn!(sent = items_sent(&page), "every item of a page was left out (it does not fit the spec); the walk goes on");
            }
            if empty || (!page.is_empty() && state.previous.as_ref() == Some(page.result())) {
                return None;
            }
            state.next = next_position(&position, &page).filter(|next| match next {
                Position::Cursor(Some(cursor)) => state.cursors.insert(cursor.clone()),
                _ => true,
            });
            state.previous = Some(page.result().clone());
            Some((Ok(page), state))
        })
        .boxed()
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<'a, T> {
        self.pages()
            .flat_map(|page| {
                let items: Vec<Result<T, Error>> = match page {
                    Ok(page) => page.into_result().into_iter().map(Ok).collect(),
                    Err(err) => vec![Err(err)],
                };
                futures::stream::iter(items)
            })
            .boxed()
    }
}

struct State<'a, T> {
    fetch: Fetch<'a, T>,
    /// The next request's page or cursor; `None` once done.
    next: Option<Position>,
    previous: Option<Vec<T>>,
    /// Every cursor followed so far.
    cursors: HashSet<String>,
    fetched: u32,
    cap: u32,
}

/// How many items the server sent on `page`, those lenient decoding left out included: the
/// length of the body's `result` list (read only when a page looks empty or short).
fn items_sent<T>(page: &Response<Vec<T>>) -> usize {
    #[derive(serde::Deserialize)]
    struct Sent {
        #[serde(default)]
        result: Option<Vec<serde::de::IgnoredAny>>,
    }
    serde_json::from_slice::<Sent>(page.body()).ok().and_then(|sent| sent.result).map_or(page.len(), |items| items.len().max(page.len()))
}

/// Where the page after `page` is, if anywhere.
fn next_position<T>(position: &Position, page: &Response<Vec<T>>) -> Option<Position> {
    let info = page.result_info();
    match position {
        Position::Page(n) => {
            let info = info?;
            // The number the server reports, but never one before the page asked for.
            let number = info.page.unwrap_or(*n).max(*n);
            let per_page = info.per_page.filter(|p| *p > 0);
            let last = info.total_pages.is_some_and(|total| number >= total)
                || matches!((per_page, info.total_count), (Some(per), Some(total)) if number.saturating_mul(per) >= total)
                || per_page.is_some_and(|per| (page.len() as u64) < per && (items_sent(page) as u64) < per);
            // A number at the end of the range has no next page.
            (!last).then(|| number.checked_add(1).map(Position::Page)).flatten()
        }
        Position::Offset(offset) => {
            // Counted from the body: items lenient decoding left out were sent all the same.
            let sent = (items_sent(page) as u64).max(page.len() as u64);
            let next = offset.checked_add(sent)?;
            let last = info.is_some_and(|info| info.total_count.is_some_and(|total| next >= total) || info.per_page.filter(|p| *p > 0).is_some_and(|per| sent < per));
            (!last).then_some(Position::Offset(next))
        }
        Position::Cursor(current) => {
            let info = info?;
            let next = info.cursor.clone().or_else(|| info.cursors.as_ref().and_then(|c| c.after.clone())).filter(|c| !c.is_empty())?;
            (current.as_ref() != Some(&next)).then_some(Position::Cursor(Some(next)))
        }
    }
}

/// A page of a list that a field of the result holds (Radar's `{"asns": [...], "meta": ..}`):
/// the response with that list as its result. Called by generated code only where an enabled
/// group has such a list.
#[doc(hidden)]
pub async fn list_in<R, T>(page: impl Future<Output = Result<Response<R>, Error>>, take: impl FnOnce(R) -> Vec<T>) -> Result<Response<Vec<T>>, Error> {
    Ok(page.await?.map(take))
}

#[cfg(test)]
mod properties {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use proptest::prelude::*;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    use super::Paginator;
    use crate::response::{Cursors, ResultInfo};
    use crate::{Error, Response};

    type Page = (Vec<u8>, Option<ResultInfo>);

    fn response((items, info): &Page) -> Result<Response<Vec<u8>>, Error> {
        Ok(Response { result: items.clone(), result_info: info.clone(), messages: Vec::new(), status: StatusCode::OK, headers: HeaderMap::new(), body: bytes::Bytes::new() })
    }

    /// `result_info` as any server might fill it: small numbers, the end of the range, any
    /// number; cursors from a small set, so that they come again.
    fn result_info() -> impl Strategy<Value = Option<ResultInfo>> {
        let number = || proptest::option::weighted(0.7, prop_oneof![6 => 0..4u64, 1 => Just(u64::MAX), 1 => any::<u64>()]);
        let cursor = || proptest::option::weighted(0.8, prop_oneof![1 => Just(String::new()), 6 => "[abc]"]);
        let info = (number(), number(), number(), number(), number(), cursor(), proptest::option::of(cursor()));
        proptest::option::weighted(
            0.9,
            info.prop_map(|(page, per_page, count, total_count, total_pages, cursor, after)| ResultInfo {
                page,
                per_page,
                count,
                total_count,
                total_pages,
                cursor,
                cursors: after.map(|after| Cursors { before: None, after }),
            }),
        )
    }

    fn pages() -> impl Strategy<Value = Vec<Page>> {
        proptest::collection::vec((proptest::collection::vec(0..3u8, 0..4), result_info()), 1..8)
    }

    /// Walks every page; returns how many requests were sent.
    fn walk<'a>(paginator: Paginator<'a, u8>, sent: &AtomicUsize) -> usize {
        futures::executor::block_on(futures::StreamExt::count(paginator.pages()));
        sent.load(Ordering::SeqCst)
    }

    proptest! {
        /// A server with `n` pages that answers any later number with its last page: the
        /// walk ends by itself (the 10,000-page guard aside) within `n + 1` requests,
        /// whatever `result_info` says.
        #[test]
        fn a_walk_by_page_number_ends(pages in pages()) {
            let sent = AtomicUsize::new(0);
            let paginator = Paginator::by_page(|n: u64| {
                sent.fetch_add(1, Ordering::SeqCst);
                let index = n.saturating_sub(1).min(pages.len() as u64 - 1) as usize;
                futures::future::ready(response(&pages[index]))
            });
            prop_assert!(walk(paginator, &sent) <= pages.len() + 1);
        }

        /// Cursors `a`, `b`, `c` lead to pages 1 to 3 (the last page for any beyond); each
        /// cursor is followed at most once, so at most four requests are sent.
        #[test]
        fn a_walk_by_cursor_ends(pages in pages()) {
            let sent = AtomicUsize::new(0);
            let paginator = Paginator::by_cursor(|cursor: Option<String>| {
                sent.fetch_add(1, Ordering::SeqCst);
                let index = cursor.map_or(0, |c| usize::from(c.as_bytes()[0] - b'a') + 1).min(pages.len() - 1);
                futures::future::ready(response(&pages[index]))
            });
            prop_assert!(walk(paginator, &sent) <= 4);
        }

        /// A server whose pages start at the offsets their lengths add up to, and that answers
        /// any other offset with its last page: the walk ends within `n + 2` requests
        /// (the last page, then its repeat), whatever `result_info` says.
        #[test]
        fn a_walk_by_offset_ends(pages in pages()) {
            let sent = AtomicUsize::new(0);
            let starts: Vec<u64> = pages.iter().scan(0u64, |at, (items, _)| { let start = *at; *at += items.len() as u64; Some(start) }).collect();
            let paginator = Paginator::by_offset(|offset: u64| {
                sent.fetch_add(1, Ordering::SeqCst);
                let index = starts.iter().position(|start| *start == offset).unwrap_or(pages.len() - 1);
                futures::future::ready(response(&pages[index]))
            });
            prop_assert!(walk(paginator, &sent) <= pages.len() + 2);
        }

        /// A server with endless distinct pages is stopped by the cap.
        #[test]
        fn the_cap_ends_an_endless_walk(cap in 0..40u32, per_page in proptest::option::of(1..3u64)) {
            let sent = AtomicUsize::new(0);
            let paginator = Paginator::by_page(|n: u64| {
                sent.fetch_add(1, Ordering::SeqCst);
                let info = ResultInfo { page: Some(n), per_page, ..ResultInfo::default() };
                futures::future::ready(response(&(vec![n as u8, (n >> 8) as u8], Some(info))))
            });
            prop_assert_eq!(walk(paginator.max_pages(cap), &sent), cap as usize);
        }
    }
}

//! Streams over paged list operations: pages fetched lazily, one after the other, until the
//! server says there is no next page.
//!
//! A generated paged method supplies one closure that fetches a page for a [`PageRequest`]
//! and says where the next one is ([`NextPage`], worked out with [`next_position`],
//! [`next_token`], [`next_link`] or [`link_header_next`]). [`pages`] drives it; [`items`]
//! flattens the pages into their items. What the stream guards against, whatever the
//! server sends:
//!
//! - a loop: a next page already asked for (a cursor or link the server repeats), or a page
//!   whose body is byte for byte the one before it (a server that ignores the offset), ends
//!   the stream with [`Error::Pagination`] after the page that revealed it;
//! - a link elsewhere: a next-page URL on another origin (scheme, host, port) than the
//!   first request is refused, since the client's credentials would go with it;
//! - an error: the stream yields it and ends.
//!
//! Lives in its own file, copied into a generated crate only when some operation is paged.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};

use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::header::{HeaderMap, LINK};
use reqwest::Url;

use super::error::{Error, RuntimeError};

/// Where the next page is, as the page before it says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NextPage {
    /// A position to ask for: the index of the next item, or the number of the next page.
    Position(u64),
    /// A cursor or token to send back as a query parameter.
    Token(String),
    /// A URL to fetch as it is (a `Link` header, a HAL `next` link).
    Url(Url),
}

/// What a paged method is asked to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// `None` for the first page (the caller's parameters as they are).
    pub next: Option<NextPage>,
    /// Items received on the pages before this one.
    pub received: u64,
}

/// One page, as a paged method's fetch closure returns it.
#[derive(Debug)]
pub struct Page<P> {
    pub value: P,
    /// How many items it holds.
    pub items: usize,
    /// Where the next page is; `None` on the last page; an error when the page names a next
    /// page the stream must not follow (it still yields this page, then the error).
    pub next: Result<Option<NextPage>, RuntimeError>,
    /// The body as received, to tell a page the server repeats.
    pub body: bytes::Bytes,
}

/// The pages of a paged operation, fetched one after the other by `fetch` as the stream is
/// polled. The stream ends after the last page, after an error, or (with
/// [`Error::Pagination`]) when the server leads it in a circle.
pub fn pages<P, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<P, Error<E>>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error<E>>>,
{
    let state = State {
        fetch,
        next: Some(PageRequest {
            next: None,
            received: 0,
        }),
        asked: HashSet::new(),
        last_body: None,
        pending: None,
    };
    stream::unfold(state, |mut state| async move {
        if let Some(error) = state.pending.take() {
            return Some((Err(error), state));
        }
        let request = state.next.take()?;
        let page = match (state.fetch)(request.clone()).await {
            Ok(page) => page,
            Err(error) => return Some((Err(error), state)),
        };
        let fingerprint = fingerprint(&page.body);
        if page.items > 0 && state.last_body == Some(fingerprint) {
            let error = pagination_error("the server sent the same page twice in a row");
            return Some((Err(error), state));
        }
        state.last_body = Some(fingerprint);
        match page.next {
            Ok(None) => {}
            Ok(Some(next)) if state.asked.insert(next.clone()) => {
                state.next = Some(PageRequest {
                    next: Some(next),
                    received: request.received + page.items as u64,
                });
            }
            // This page is new; what is wrong with its next one is reported after it.
            Ok(Some(_)) => {
                state.pending = Some(pagination_error(
                    "the server named a next page it had named before",
                ));
            }
            Err(error) => state.pending = Some(error.into()),
        }
        Some((Ok(page.value), state))
    })
}

/// The items of `pages`, one by one: `items` takes each page apart.
pub fn items<P, T, E, I>(
    pages: impl Stream<Item = Result<P, Error<E>>>,
    items: impl Fn(P) -> I,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    I: IntoIterator<Item = T>,
{
    pages
        .map_ok(move |page| stream::iter(items(page).into_iter().map(Ok)))
        .try_flatten()
}

struct State<F, E> {
    fetch: F,
    /// The page to fetch on the next poll; `None` once the stream is over.
    next: Option<PageRequest>,
    /// Every next page asked for so far.
    asked: HashSet<NextPage>,
    last_body: Option<u64>,
    /// What was wrong with the next page the last page named: reported, then the end.
    pending: Option<Error<E>>,
}

fn fingerprint(body: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

fn pagination_error<E>(reason: impl Into<String>) -> Error<E> {
    Error::Pagination {
        reason: reason.into(),
    }
}

/// How an offset-paged operation counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// The position is the index of the first item: it advances by the items received.
    Index,
    /// The position is the page number: it advances by one.
    Page,
}

/// The next page of an offset-paged operation: none after an empty page, or once the items
/// reach the `total` the body announces (for an index: the position after this page; for a
/// page number: all items received since the stream started).
pub fn next_position(
    counting: Counting,
    position: u64,
    items: usize,
    received_before: u64,
    total: Option<u64>,
) -> Option<NextPage> {
    if items == 0 {
        return None;
    }
    let items = items as u64;
    let (next, reached) = match counting {
        Counting::Index => (position + items, position + items),
        Counting::Page => (position + 1, received_before + items),
    };
    match total {
        Some(total) if reached >= total => None,
        _ => Some(NextPage::Position(next)),
    }
}

/// A number type a spec gives a position parameter or a page total: the stream counts in
/// `u64` and converts at the edges (a negative or fractional value counts as the integer
/// part, at least 0; a count too large for the type saturates).
pub trait Number: Copy {
    fn to_count(self) -> u64;
    fn from_count(count: u64) -> Self;
}

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        // `try_from` u64 into u64 cannot fail; it is one line for all four types.
        #[allow(clippy::unnecessary_fallible_conversions)]
        impl Number for $ty {
            fn to_count(self) -> u64 {
                u64::try_from(self).unwrap_or(0)
            }
            fn from_count(count: u64) -> Self {
                <$ty>::try_from(count).unwrap_or(<$ty>::MAX)
            }
        }
    )*};
}
numbers!(i32, i64, u32, u64);

impl Number for f32 {
    fn to_count(self) -> u64 {
        self as u64
    }
    fn from_count(count: u64) -> Self {
        count as f32
    }
}

impl Number for f64 {
    fn to_count(self) -> u64 {
        self as u64
    }
    fn from_count(count: u64) -> Self {
        count as f64
    }
}

/// The next page of a cursor-paged operation: the cursor the page gives, unless it is
/// absent or empty.
pub fn next_token(cursor: Option<&str>) -> Option<NextPage> {
    cursor
        .filter(|cursor| !cursor.is_empty())
        .map(|cursor| NextPage::Token(cursor.to_owned()))
}

/// The next page named by a link in the body (`_links.next.href`), resolved against the
/// URL of the page that holds it, and refused when it leads to another origin.
pub fn next_link(href: Option<&str>, page_url: &Url) -> Result<Option<NextPage>, RuntimeError> {
    let Some(href) = href.filter(|href| !href.is_empty()) else {
        return Ok(None);
    };
    let url = page_url.join(href).map_err(|e| {
        RuntimeError(pagination_error(format!(
            "the next-page link is not a URL: {e}"
        )))
    })?;
    if url.origin() != page_url.origin() {
        return Err(RuntimeError(pagination_error(format!(
            "the next-page link leads to another origin ({}), where the client's \
             credentials must not go",
            url.origin().ascii_serialization()
        ))));
    }
    Ok(Some(NextPage::Url(url)))
}

/// The next page named by the response's `Link` header (RFC 8288: `<url>; rel="next"`),
/// with the same checks as [`next_link`].
pub fn link_header_next(
    headers: &HeaderMap,
    page_url: &Url,
) -> Result<Option<NextPage>, RuntimeError> {
    let next = headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(rel_next);
    next_link(next, page_url)
}

/// The target of the `rel="next"` link of one `Link` header value, which may list several
/// links (`<a>; rel="prev", <b>; rel="next"`). `rel` may hold several relation types
/// (`rel="next last"`), quoted or not; other parameters are skipped.
fn rel_next(value: &str) -> Option<&str> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        // The parameters run to the next link, which starts after a comma outside quotes.
        let after = &rest[end + 1..];
        let mut in_quotes = false;
        let params_end = after
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == ',' && !in_quotes
            })
            .map_or(after.len(), |(i, _)| i);
        let is_next = after[..params_end].split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target);
        }
        rest = &after[params_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_name_their_next_page() {
        let github = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last""#;
        assert_eq!(
            rel_next(github),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let later = r#"<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=3>; rel=next"#;
        assert_eq!(rel_next(later), Some("https://x.test/a?page=3"));
        let several = r#"<https://x.test/a?page=3>; title="a, b; c"; rel="last next""#;
        assert_eq!(rel_next(several), Some("https://x.test/a?page=3"));
        assert_eq!(rel_next(r#"<https://x.test/a>; rel="last""#), None);
        assert_eq!(rel_next(r#"<https://x.test/a>; rel="nextish""#), None);
        assert_eq!(rel_next("garbage"), None);
        assert_eq!(rel_next("<unterminated; rel=next"), None);
    }

    #[test]
    fn next_links_resolve_and_stay_on_the_origin() {
        let page = Url::parse("http://127.0.0.1:8080/api/things?page=1").unwrap();
        assert_eq!(
            next_link(Some("/api/things?page=2"), &page).unwrap(),
            Some(NextPage::Url(
                Url::parse("http://127.0.0.1:8080/api/things?page=2").unwrap()
            ))
        );
        assert_eq!(next_link(None, &page).unwrap(), None);
        assert_eq!(next_link(Some(""), &page).unwrap(), None);
        for elsewhere in [
            "http://127.0.0.2:8080/api/things?page=2",
            "https://127.0.0.1:8080/api/things?page=2",
            "http://127.0.0.1:8081/api/things?page=2",
            "//evil.test/steal",
        ] {
            let error = next_link(Some(elsewhere), &page).unwrap_err();
            assert!(
                error.to_string().contains("another origin"),
                "{elsewhere}: {error}"
            );
        }
    }

    #[test]
    fn positions_advance_and_stop() {
        use Counting::*;
        assert_eq!(
            next_position(Index, 0, 10, 0, None),
            Some(NextPage::Position(10))
        );
        assert_eq!(next_position(Index, 10, 0, 10, None), None, "empty page");
        assert_eq!(
            next_position(Index, 20, 5, 20, Some(25)),
            None,
            "total reached"
        );
        assert_eq!(
            next_position(Index, 10, 10, 10, Some(25)),
            Some(NextPage::Position(20))
        );
        assert_eq!(
            next_position(Page, 1, 10, 0, None),
            Some(NextPage::Position(2))
        );
        assert_eq!(next_position(Page, 3, 5, 20, Some(25)), None);
    }

    #[test]
    fn numbers_convert_to_counts_and_back() {
        assert_eq!((-5i64).to_count(), 0);
        assert_eq!(7i32.to_count(), 7);
        assert_eq!(99.9f64.to_count(), 99);
        assert_eq!((-1.0f64).to_count(), 0);
        assert_eq!(f64::NAN.to_count(), 0);
        assert_eq!(u32::from_count(u64::MAX), u32::MAX);
        assert_eq!(i64::from_count(12), 12);
        assert_eq!(f64::from_count(12), 12.0);
    }

    #[test]
    fn empty_cursors_end_the_stream() {
        assert_eq!(next_token(None), None);
        assert_eq!(next_token(Some("")), None);
        assert_eq!(next_token(Some("abc")), Some(NextPage::Token("abc".into())));
    }
}

#[cfg(test)]
mod stream_tests {
    use super::*;
    use std::cell::RefCell;

    /// Drives `stream` to its end on the current thread (the fetches here never wait).
    fn collect<T>(stream: impl Stream<Item = T>) -> Vec<T> {
        let mut stream = std::pin::pin!(stream);
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut out = Vec::new();
        loop {
            match stream.as_mut().poll_next(&mut cx) {
                std::task::Poll::Ready(Some(item)) => out.push(item),
                std::task::Poll::Ready(None) => return out,
                std::task::Poll::Pending => panic!("the test fetches never wait"),
            }
        }
    }

    /// A server as a list of pages: each request gets the page its cursor names.
    fn cursor_pages(
        script: &'static [(&'static str, Option<&'static str>)],
    ) -> (Vec<Result<Vec<u8>, Error>>, Vec<PageRequest>) {
        let asked = RefCell::new(Vec::new());
        let stream = pages(|request: PageRequest| {
            asked.borrow_mut().push(request.clone());
            let index = match &request.next {
                None => 0,
                Some(NextPage::Token(t)) => {
                    script.iter().position(|(body, _)| body == t).unwrap() + 1
                }
                Some(other) => panic!("{other:?}"),
            };
            let (body, next) = script[index.min(script.len() - 1)];
            std::future::ready(Ok::<_, Error>(Page {
                value: body.as_bytes().to_vec(),
                items: 1,
                next: Ok(next_token(next)),
                body: bytes::Bytes::from(body),
            }))
        });
        let got = collect(stream);
        (got, asked.into_inner())
    }

    #[test]
    fn pages_follow_cursors_to_the_end() {
        static SCRIPT: &[(&str, Option<&str>)] = &[("a", Some("a")), ("b", Some("b")), ("c", None)];
        let (got, asked) = cursor_pages(SCRIPT);
        let bodies: Vec<_> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(bodies, [b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        assert_eq!(asked.len(), 3);
        assert_eq!(asked[2].received, 2, "items received before the third page");
    }

    #[test]
    fn a_repeated_cursor_ends_the_stream_with_an_error() {
        // The third page names the first cursor again.
        static SCRIPT: &[(&str, Option<&str>)] =
            &[("a", Some("a")), ("b", Some("b")), ("c", Some("a"))];
        let (got, asked) = cursor_pages(SCRIPT);
        assert_eq!(got.len(), 4, "three pages, then the error: {got:?}");
        assert!(got[..3].iter().all(Result::is_ok));
        let error = got[3].as_ref().unwrap_err();
        assert!(matches!(error, Error::Pagination { .. }), "{error}");
        assert!(error.to_string().contains("named before"), "{error}");
        assert_eq!(asked.len(), 3, "the repeated page is not fetched");
    }

    #[test]
    fn the_same_page_twice_ends_the_stream() {
        // A server that ignores the position: every page is the same.
        let fetched = RefCell::new(0);
        let stream = pages(|request: PageRequest| {
            *fetched.borrow_mut() += 1;
            let position = match request.next {
                Some(NextPage::Position(p)) => p,
                _ => 0,
            };
            std::future::ready(Ok::<_, Error>(Page {
                value: position,
                items: 10,
                next: Ok(next_position(
                    Counting::Index,
                    position,
                    10,
                    request.received,
                    None,
                )),
                body: bytes::Bytes::from_static(b"[1,2,3,4,5,6,7,8,9,10]"),
            }))
        });
        let got = collect(stream);
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("same page twice"));
        assert_eq!(*fetched.borrow(), 2);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_stream() {
        let stream = pages(|request: PageRequest| {
            std::future::ready(match request.next {
                None => Ok(Page {
                    value: 1,
                    items: 1,
                    next: Ok(Some(NextPage::Position(1))),
                    body: bytes::Bytes::from_static(b"1"),
                }),
                Some(_) => Err(Error::<std::convert::Infallible>::NoBaseUrl),
            })
        });
        let got = collect(stream);
        assert_eq!(got.len(), 2);
        assert!(matches!(got[1], Err(Error::NoBaseUrl)));
    }

    #[test]
    fn items_flatten_pages_in_order() {
        let stream = pages(|request: PageRequest| {
            let position = match request.next {
                Some(NextPage::Position(p)) => p,
                _ => 0,
            };
            let page: Vec<u64> = (position..(position + 2).min(5)).collect();
            let items = page.len();
            std::future::ready(Ok::<_, Error>(Page {
                body: bytes::Bytes::from(format!("{page:?}")),
                value: page,
                items,
                next: Ok(next_position(
                    Counting::Index,
                    position,
                    items,
                    request.received,
                    Some(5),
                )),
            }))
        });
        let all: Vec<u64> = collect(items(stream, |page| page))
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(all, [0, 1, 2, 3, 4]);
    }
}

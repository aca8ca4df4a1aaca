//! `GET /cases/{reference}/live?token=…`: server-sent events for an open
//! status page. Each event's `id` is the case's version and its data is
//! `{"version": n}`; the page then fetches what changed.
//!
//! Catch-up: a client that says which version it has (the `Last-Event-ID`
//! header that browsers send when they reconnect, or `since=` for the first
//! connection) gets the current version at once if it is newer; a client
//! that says nothing gets it at once too. Versions missed in between are
//! folded into one event: the page only needs the latest state.

use crate::channels::api::ApiError;
use crate::startup::AppState;
use app::service::Portal;
use app::service::live::{self, Feed};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use std::convert::Infallible;
use std::time::Duration;

/// Comments on an idle stream, so proxies do not close it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(serde::Deserialize)]
pub struct LiveQuery {
    #[serde(default)]
    token: String,
    /// The version the page was rendered at.
    since: Option<i64>,
}

pub async fn stream(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(query): Query<LiveQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let feed = live::open(&state.portal, &reference, &query.token).await?;
    let seen = last_event_id(&headers).or(query.since).unwrap_or(-1);
    Ok(sse(&state, feed.into(), seen))
}

/// `GET /staff/incidents/{reference}/live`: the war room's events, for
/// signed-in staff; the same stream as a status page's, following the
/// incident's timeline version.
pub async fn incident_stream(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(query): Query<SinceQuery>,
    headers: HeaderMap,
) -> Response {
    for_staff(&state, &headers, query.since, async || {
        live::open_incident(&state.portal, &reference).await
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct SinceQuery {
    since: Option<i64>,
}

/// `GET /staff/cases/{reference}/live`: the case workspace's events, for
/// signed-in staff; the same stream as the customer's, without the token.
pub async fn staff_case_stream(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(query): Query<SinceQuery>,
    headers: HeaderMap,
) -> Response {
    for_staff(&state, &headers, query.since, async || {
        live::open_for_staff(&state.portal, &reference).await
    })
    .await
}

/// `GET /staff/queue/live`: one event whenever any case changes (its `id`
/// is the newest case event's number), so an open queue refreshes.
pub async fn queue_stream(
    State(state): State<AppState>,
    Query(query): Query<SinceQuery>,
    headers: HeaderMap,
) -> Response {
    for_staff(&state, &headers, query.since, async || {
        live::open_queue(&state.portal).await
    })
    .await
}

/// A console stream: 401 without a staff session, else `open`'s feed.
async fn for_staff(
    state: &AppState,
    headers: &HeaderMap,
    since: Option<i64>,
    open: impl AsyncFnOnce() -> Result<Feed, app::error::AppError>,
) -> Response {
    if crate::channels::web::signed_in_member(state, headers)
        .await
        .is_err()
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match open().await {
        Ok(feed) => {
            let seen = last_event_id(headers).or(since).unwrap_or(-1);
            sse(state, feed, seen)
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

fn sse(state: &AppState, feed: Feed, seen: i64) -> Response {
    let events = events(state.portal.clone(), feed, seen);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    // Tells nginx and friends not to hold events back in a buffer.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers
        .get("last-event-id")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// One event per newer version: at once if the client is behind, then on
/// every change this process hears of, and after each periodic re-check.
/// When the server stops, a last event tells the browser to come back soon
/// (`retry`), to whichever process still serves.
fn events(portal: Portal, feed: Feed, seen: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(Some((feed, seen, true)), move |state| {
        let portal = portal.clone();
        async move {
            let (mut feed, mut seen, first) = state?;
            // The first turn looks at the version read when the feed opened.
            let mut latest = if first {
                Next::Version(feed.version)
            } else {
                next_version(&portal, &mut feed).await
            };
            loop {
                match latest {
                    Next::Version(version) if version <= seen => {
                        latest = next_version(&portal, &mut feed).await;
                    }
                    Next::Version(version) => {
                        seen = version;
                        return Some((Ok(version_event(version)), Some((feed, seen, false))));
                    }
                    Next::Stopping => return Some((Ok(come_back_soon()), None)),
                }
            }
        }
    })
}

/// What an open feed waits for.
enum Next {
    Version(i64),
    /// The server is stopping.
    Stopping,
}

/// Waits for the hub's next word. An open page keeps no timer of its own:
/// the hub re-reads each watched case's version once per `RECHECK` for all
/// its pages (see `jobs::cluster`), so ten thousand idle pages cost no work.
async fn next_version(portal: &Portal, feed: &mut Feed) -> Next {
    tokio::select! {
        () = portal.live.closed() => Next::Stopping,
        changed = feed.changes.changed() => match changed {
            Ok(()) => Next::Version(*feed.changes.borrow_and_update()),
            // The hub itself is gone: the server is stopping.
            Err(_) => Next::Stopping,
        },
    }
}

/// The stream ends because this process stops: reconnect in a second.
fn come_back_soon() -> Event {
    Event::default()
        .retry(Duration::from_secs(1))
        .comment("this server is restarting")
}

fn version_event(version: i64) -> Event {
    Event::default()
        .id(version.to_string())
        .data(format!("{{\"version\":{version}}}"))
}

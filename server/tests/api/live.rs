//! Live status over server-sent events: an open status page hears of changes.

use crate::helpers::{TestApp, spawn_app_with_demo};
use app::service::{now, staff_accounts};
use reqwest::Response;
use serde_json::{Value, json};
use std::time::Duration;

/// An open event stream and what has arrived of it so far.
pub(crate) struct Stream {
    response: Response,
    buffer: String,
}

/// One event: its `id` and `data` lines.
#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) id: i64,
    pub(crate) data: Value,
}

impl Stream {
    pub(crate) async fn open(app: &TestApp, path: &str, last_event_id: Option<i64>) -> Response {
        let mut request = app.client.get(format!("{}{path}", app.url));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        request.send().await.unwrap()
    }

    pub(crate) fn new(response: Response) -> Self {
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "an event stream"
        );
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The next event, skipping keep-alive comments; `None` after `wait`.
    pub(crate) async fn next(&mut self, wait: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = None;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        id = value.trim().parse().ok();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data = serde_json::from_str(value.trim()).ok();
                    }
                }
                if let (Some(id), Some(data)) = (id, data) {
                    return Some(Event { id, data });
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .unwrap()?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }
}

pub(crate) async fn post_public_update(app: &TestApp, reference: &str, body: &str) {
    let token = staff_accounts::issue_token(&app.portal, "agent@baton.example", now())
        .await
        .unwrap();
    let response = app
        .client
        .post(format!(
            "{}/api/v1/staff/cases/{reference}/replies",
            app.url
        ))
        .bearer_auth(token)
        .json(&json!({"body": body, "public": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

const SOON: Duration = Duration::from_secs(5);

#[tokio::test]
async fn an_open_stream_hears_of_a_public_update_with_the_new_version() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports fail").await;
    let path = format!("/cases/{reference}/live?token={token}");
    let mut stream = Stream::new(Stream::open(&app, &path, None).await);
    let first = stream
        .next(SOON)
        .await
        .expect("the current version at once");
    assert_eq!(first.data["version"], first.id);

    post_public_update(&app, &reference, "We found the cause.").await;
    let update = stream.next(SOON).await.expect("an event for the update");
    assert!(update.id > first.id, "{update:?} after {first:?}");
    assert_eq!(update.data["version"], update.id);
}

#[tokio::test]
async fn a_reconnect_with_an_old_last_event_id_catches_up_at_once() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports fail").await;
    let path = format!("/cases/{reference}/live?token={token}");
    let mut stream = Stream::new(Stream::open(&app, &path, None).await);
    let seen = stream.next(SOON).await.unwrap().id;
    drop(stream);

    post_public_update(&app, &reference, "We found the cause.").await;
    let mut again = Stream::new(Stream::open(&app, &path, Some(seen)).await);
    let caught_up = again.next(SOON).await.expect("the missed change at once");
    assert!(caught_up.id > seen);

    // A client that is up to date hears nothing until something changes.
    let mut current = Stream::new(Stream::open(&app, &path, Some(caught_up.id)).await);
    assert!(current.next(Duration::from_millis(500)).await.is_none());
    let since = format!("{path}&since={}", caught_up.id);
    let mut by_query = Stream::new(Stream::open(&app, &since, None).await);
    assert!(by_query.next(Duration::from_millis(500)).await.is_none());
}

#[tokio::test]
async fn a_wrong_token_is_the_same_404_as_a_missing_case() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Exports fail").await;
    let wrong = Stream::open(
        &app,
        &format!("/cases/{reference}/live?token=0000000000000000000000000000000000000000"),
        None,
    )
    .await;
    let missing = Stream::open(
        &app,
        "/cases/ESC-ZZZZZZ/live?token=0000000000000000000000000000000000000000",
        None,
    )
    .await;
    assert_eq!(wrong.status(), 404);
    assert_eq!(missing.status(), 404);
    assert_eq!(
        wrong.text().await.unwrap(),
        missing.text().await.unwrap(),
        "nothing tells the two apart"
    );
}

#[tokio::test]
async fn the_status_page_carries_its_version_and_the_regions_the_island_swaps() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports fail").await;
    let page = app.get(&format!("/cases/{reference}?token={token}")).await;
    let html = page.text().await.unwrap();
    assert!(html.contains("data-live-version=\"0\""), "{html}");
    for region in ["summary", "forms", "timeline"] {
        assert!(
            html.contains(&format!("data-live=\"{region}\"")),
            "{region}"
        );
    }

    post_public_update(&app, &reference, "We found the cause.").await;
    let page = app.get(&format!("/cases/{reference}?token={token}")).await;
    let html = page.text().await.unwrap();
    assert!(!html.contains("data-live-version=\"0\""), "a newer version");
}

#[tokio::test]
async fn open_streams_end_when_the_server_stops_so_shutdown_can_finish() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports fail").await;
    let path = format!("/cases/{reference}/live?token={token}");
    let mut stream = Stream::new(Stream::open(&app, &path, None).await);
    stream.next(SOON).await.unwrap();
    app.portal.live.close();
    // A last word tells the browser to come back in a second (to whichever
    // process still serves), then the stream ends.
    let mut last_words = String::new();
    loop {
        let chunk = tokio::time::timeout(SOON, stream.response.chunk())
            .await
            .expect("the stream ends soon")
            .unwrap();
        match chunk {
            Some(bytes) => last_words.push_str(std::str::from_utf8(&bytes).unwrap()),
            None => break,
        }
    }
    assert!(last_words.contains("retry: 1000"), "{last_words:?}");
}

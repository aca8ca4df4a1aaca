//! Keeps an open status page current without a reload. The island listens to
//! the case's live events (server-sent events); when a newer version arrives
//! it fetches the same page again and swaps the regions marked `data-live`
//! whose `data-live-key` changed, then wakes any island inside them. Without
//! JavaScript the page is as before: a reload shows the news.
//!
//! The browser's EventSource reconnects by itself and sends the last version
//! it saw (`Last-Event-ID`); the first connection says `since=` the version
//! the page was rendered at. Either way the server sends what was missed.

use leptos::prelude::*;

/// A status page's live feed: the case's events, for the holder of its link.
#[component]
pub fn LiveStatus(
    reference: String,
    /// The case's private token, already in the page's address.
    token: String,
    /// The case's version when the server rendered the page.
    version: i64,
) -> impl IntoView {
    let url = format!("/cases/{reference}/live?token={token}&since={version}");
    view! { <LiveFeed url version/> }
}

/// The war room's live feed: the same stream and the same swap, following
/// the incident's version; the session cookie says who is watching.
#[component]
pub fn LiveWarRoom(reference: String, version: i64) -> impl IntoView {
    let url = format!("/staff/incidents/{reference}/live?since={version}");
    view! { <LiveFeed url version/> }
}

/// A page's live feed from `url`, at `version`: where the island finds its
/// stream and the version shown, in the markup rather than as island props,
/// which travel as JSON (see `countdown.rs`).
#[component]
pub fn LiveFeed(url: String, version: i64) -> impl IntoView {
    view! {
        <span hidden data-live-url=url data-live-version=version.to_string()>
            <FeedListener/>
        </span>
    }
}

/// The one island behind every live page: one export in the wasm.
#[island]
pub fn FeedListener() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        // A closed case has no countdown; its page still learns the zone.
        super::browser_zone::tell_server();
        // The marker's parent is the island; the island's, the feed.
        if let Some(feed) = marker
            .get()
            .and_then(|m| m.parent_element())
            .and_then(|island| island.parent_element())
        {
            browser::follow(feed);
        }
    });
    view! { <span node_ref=marker></span> }
}

mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DomParser, Element, EventSource, MessageEvent, Response, SupportedType};

    /// Listens to the feed's stream and refreshes the page's live regions on
    /// each newer version; the feed's `data-live-version` is the one shown.
    pub fn follow(feed: Element) {
        let Some(url) = feed.get_attribute("data-live-url") else {
            return;
        };
        listen(&url, move |newer| {
            let shown: i64 = feed
                .get_attribute("data-live-version")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if newer > shown {
                let _ = feed.set_attribute("data-live-version", &newer.to_string());
                wasm_bindgen_futures::spawn_local(refresh());
            }
        });
    }

    /// Opens the event stream; `on_version` hears each event's version. The
    /// stream lives as long as the page.
    fn listen(url: &str, on_version: impl Fn(i64) + 'static) {
        let Ok(source) = EventSource::new(url) else {
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(version) = event.last_event_id().parse() {
                on_version(version);
            }
        });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }

    /// Fetches this page again and swaps the regions that changed. A failure
    /// leaves the page as it was; the next event tries again.
    async fn refresh() {
        let _ = try_refresh().await;
    }

    async fn try_refresh() -> Option<()> {
        let window = web_sys::window()?;
        let href = window.location().href().ok()?;
        let response: Response = JsFuture::from(window.fetch_with_str(&href))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let html = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        let fresh = DomParser::new()
            .ok()?
            .parse_from_string(&html, SupportedType::TextHtml)
            .ok()?;
        let regions = window.document()?.query_selector_all("[data-live]").ok()?;
        for i in 0..regions.length() {
            let Some(old) = regions.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let name = old.get_attribute("data-live").unwrap_or_default();
            let selector = format!("[data-live=\"{name}\"]");
            let Some(new) = fresh.query_selector(&selector).ok().flatten() else {
                continue;
            };
            // Unchanged regions stay as they are: a half-written reply and a
            // ticking countdown are kept.
            let key = new.get_attribute("data-live-key");
            if key == old.get_attribute("data-live-key") {
                continue;
            }
            // A region the reader is working in (a ticked row marked
            // `data-hold`) waits: the next event after it is free swaps it.
            if old
                .query_selector("[data-hold]:checked")
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            old.set_inner_html(&new.inner_html());
            let _ = old.set_attribute("data-live-key", &key.unwrap_or_default());
            wake_islands(&window, &old);
        }
        Some(())
    }

    /// Hydrates the islands in swapped markup through the loader's own hook.
    fn wake_islands(window: &web_sys::Window, region: &Element) {
        let Ok(hydrate) = js_sys::Reflect::get(window, &"__hydrateIsland".into()) else {
            return;
        };
        let Ok(hydrate) = hydrate.dyn_into::<js_sys::Function>() else {
            return;
        };
        let Ok(islands) = region.query_selector_all("leptos-island") else {
            return;
        };
        for i in 0..islands.length() {
            if let Some(island) = islands.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let id = island.get_attribute("data-component").unwrap_or_default();
                let _ = hydrate.call2(&wasm_bindgen::JsValue::NULL, &island, &id.into());
            }
        }
    }
}

//! The one piece of the status page that runs in the browser: the guarantee's
//! due time in the customer's own zone, and a countdown that ticks.
//!
//! The server renders the words; the island under them carries no props and
//! reads the due time from its container's `data-due-at-ms`. Island props
//! travel as JSON, and parsing them is what brought serde_json and float
//! formatting into every customer's wasm (see BENCHMARKS.md).

use leptos::prelude::*;

/// The guarantee's due time and the countdown, as the server renders them.
#[component]
pub fn Countdown(
    /// When the promise falls due, in milliseconds since the epoch.
    due_at_ms: i64,
    /// The due time as the server wrote it, e.g. "Thu 26 Nov, 14:00".
    due_label: String,
    /// The zone of `due_label`, e.g. "UTC".
    zone_label: String,
    /// The countdown as of the server's render.
    remaining: String,
) -> impl IntoView {
    view! {
        <div class="countdown-clock" data-due-at-ms=due_at_ms.to_string()>
            <strong class="guarantee-when">{format!("{due_label} ({zone_label})")}</strong>
            <span class="countdown" role="timer">{remaining}</span>
            <CountdownClock/>
        </div>
    }
}

/// Wakes the countdown around it: the due time in the browser's zone, then a
/// tick every second.
#[island]
pub fn CountdownClock() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        super::browser_zone::tell_server();
        // The marker's parent is the island; the island's, the clock.
        let clock = marker
            .get()
            .and_then(|m| m.parent_element())
            .and_then(|island| island.parent_element());
        if let Some(handle) = clock.and_then(|clock| browser::start(&clock)) {
            on_cleanup(move || handle.clear());
        }
    });
    view! { <span hidden node_ref=marker></span> }
}

mod browser {
    use crate::domain::countdown;
    use leptos::prelude::{IntervalHandle, set_interval_with_handle};
    use std::time::Duration;
    use wasm_bindgen::JsValue;
    use web_sys::Element;

    /// Writes the local due time and starts the ticking; `None` when the
    /// clock's markup is not what `Countdown` renders.
    pub fn start(clock: &Element) -> Option<IntervalHandle> {
        let due_at_ms: i64 = clock.get_attribute("data-due-at-ms")?.parse().ok()?;
        let when = clock.query_selector(".guarantee-when").ok()??;
        let left = clock.query_selector(".countdown").ok()??;
        when.set_text_content(Some(&local_label(due_at_ms)));
        let tick = move || {
            let words = countdown::describe((due_at_ms - now_ms()) / 1000);
            left.set_text_content(Some(&words));
        };
        tick();
        set_interval_with_handle(tick, Duration::from_secs(1)).ok()
    }

    fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }

    /// "Thu 26 Nov, 15:00 (your time)" in the browser's own time zone.
    fn local_label(at_ms: i64) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let date = js_sys::Date::new(&JsValue::from_f64(at_ms as f64));
        format!(
            "{} {} {}, {:02}:{:02} (your time)",
            DAYS[date.get_day() as usize % 7],
            date.get_date(),
            MONTHS[date.get_month() as usize % 12],
            date.get_hours(),
            date.get_minutes()
        )
    }
}

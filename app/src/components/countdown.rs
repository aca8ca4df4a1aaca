//! The one piece of the status page that runs in the browser: the guarantee's
//! due time in the customer's own zone, and a countdown that ticks.

use crate::domain::countdown;
use leptos::prelude::*;
use std::time::Duration;

#[island]
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
    let when = RwSignal::new(format!("{due_label} ({zone_label})"));
    let left = RwSignal::new(remaining);
    Effect::new(move |_| {
        super::browser_zone::tell_server();
        when.set(browser::local_label(due_at_ms));
        let tick = move || left.set(countdown::describe((due_at_ms - browser::now_ms()) / 1000));
        tick();
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <strong class="guarantee-when">{move || when.get()}</strong>
        <span class="countdown" role="timer">{move || left.get()}</span>
    }
}

mod browser {
    use wasm_bindgen::JsValue;

    pub fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }

    /// "Thu 26 Nov, 15:00 (your time)" in the browser's own time zone.
    pub fn local_label(at_ms: i64) -> String {
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

//! Tells the server the browser's time zone, in a cookie, so the pages it
//! renders next show every time in the customer's own zone (named), not the
//! server's. Called by the customer pages' islands once they wake.

use crate::views::ZONE_COOKIE;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

pub fn tell_server() {
    let options =
        js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    let Some(zone) = Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
    else {
        return;
    };
    let plausible = (1..=64).contains(&zone.len())
        && zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let cookie = JsValue::from_str("cookie");
    let pair = format!("{ZONE_COOKIE}={zone}");
    let known = Reflect::get(&document, &cookie)
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|all| all.split("; ").any(|c| c == pair));
    if plausible && !known {
        let value = format!("{pair}; Path=/; Max-Age=31536000; SameSite=Lax");
        let _ = Reflect::set(&document, &cookie, &JsValue::from_str(&value));
    }
}

//! Tells the server the browser's time zone, in a cookie, so the pages it
//! renders next show every time in the customer's own zone (named), not the
//! server's. Called by the customer pages' islands once they wake.

use crate::views::ZONE_COOKIE;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub fn tell_server() {
    let Some(zone) = browser_zone() else {
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

/// `Intl.DateTimeFormat().resolvedOptions().timeZone`, through `Reflect`
/// (already in the wasm) rather than typed `Intl` bindings, which cost
/// every customer page kilobytes.
fn browser_zone() -> Option<String> {
    let get = |target: &JsValue, name: &str| Reflect::get(target, &JsValue::from_str(name)).ok();
    let intl = get(&js_sys::global(), "Intl")?;
    let format: Function = get(&intl, "DateTimeFormat")?.dyn_into().ok()?;
    let formatter = format.call0(&intl).ok()?;
    let resolved: Function = get(&formatter, "resolvedOptions")?.dyn_into().ok()?;
    let options = resolved.call0(&formatter).ok()?;
    get(&options, "timeZone")?.as_string()
}

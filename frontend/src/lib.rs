//! The browser entry point: wakes the islands of a server-rendered page.

// Linking the app crate is what registers its islands; without it none hydrate.
#[allow(unused_extern_crates)]
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}

//! Where a page finds its script, wasm and stylesheet. The server names them
//! at start-up from what the site folder holds (hashed, so browsers keep them),
//! not from how the server binary was compiled.

use leptos::prelude::*;

/// The addresses of the browser's files, as the page announces them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetUrls {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl Default for AssetUrls {
    /// The names cargo-leptos writes, for a server that found no site folder.
    fn default() -> Self {
        Self {
            js: "/pkg/baton.js".into(),
            wasm: "/pkg/baton.wasm".into(),
            css: "/pkg/baton.css".into(),
        }
    }
}

const ISLAND_LOADER: &str = include_str!("assets/islands.js");

/// The stylesheet, the preload hints and the loader that wakes the islands.
/// Leptos's `HydrationScripts` would derive the wasm's name from variables set
/// when Leptos was compiled, which plain `cargo build` leaves unset.
#[component]
pub fn AssetLinks(urls: AssetUrls) -> impl IntoView {
    // Islands hydrate only inside `<leptos-island>`, as `HydrationScripts` says.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let loader = format!("{ISLAND_LOADER}({:?}, {:?});", urls.js, urls.wasm);
    view! {
        <link rel="stylesheet" href=urls.css/>
        <link rel="modulepreload" href=urls.js crossorigin="anonymous"/>
        <link rel="preload" href=urls.wasm r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{loader}</script>
    }
}

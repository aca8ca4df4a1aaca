//! Answers from the help centre while a customer describes their problem on
//! the raise form: the island reads the subject and description as they
//! type (after a pause), asks `/api/v1/help/suggestions`, and lists what it
//! finds. Without JavaScript the form is as before, and `/help` searches.

use leptos::prelude::*;
use std::time::Duration;

/// One suggestion: title, link, a few words.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    title: String,
    url: String,
    snippet: String,
}

#[island]
pub fn HelpSuggestions() -> impl IntoView {
    let found = RwSignal::new(Vec::<Found>::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        browser::on_typing(move || {
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let ask = move || {
                leptos::task::spawn_local(async move {
                    if let Some(list) = browser::suggestions().await {
                        found.set(list);
                    }
                });
            };
            pending.set_value(set_timeout_with_handle(ask, Duration::from_millis(400)).ok());
        });
    });
    view! {
        <div class="help-suggestions" aria-live="polite">
            {move || {
                let list = found.get();
                (!list.is_empty()).then(|| view! {
                    <aside class="notice">
                        <p><strong>"These answers may help"</strong></p>
                        <ul class="suggestions">
                            {list.into_iter().map(|f| view! {
                                <li><a href=f.url target="_blank" rel="noopener">{f.title}</a>
                                    <span class="muted">" " {f.snippet}</span></li>
                            }).collect_view()}
                        </ul>
                        <p class="muted">"Still stuck? Send your case below and a person will help."</p>
                    </aside>
                })
            }}
        </div>
    }
}

mod browser {
    use super::Found;
    use js_sys::{Array, Reflect};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::Response;

    const FIELDS: [&str; 2] = ["field-subject", "field-description"];

    /// Calls `typed` on every keystroke in the subject or description.
    pub fn on_typing(typed: impl Fn() + 'static) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let typed = Closure::<dyn Fn()>::new(typed);
        for id in FIELDS {
            if let Some(field) = document.get_element_by_id(id) {
                let _ =
                    field.add_event_listener_with_callback("input", typed.as_ref().unchecked_ref());
            }
        }
        typed.forget();
    }

    fn typed_text() -> String {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return String::new();
        };
        let text: Vec<String> = FIELDS
            .iter()
            .filter_map(|id| document.get_element_by_id(id))
            .filter_map(|field| Reflect::get(&field, &"value".into()).ok()?.as_string())
            .collect();
        text.join(" ").chars().take(200).collect()
    }

    /// What the help centre suggests for the text typed so far.
    pub async fn suggestions() -> Option<Vec<Found>> {
        let text = typed_text();
        let window = web_sys::window()?;
        let query = js_sys::encode_uri_component(&text);
        let url = format!("/api/v1/help/suggestions?q={query}");
        let response: Response = JsFuture::from(window.fetch_with_str(&url))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let json = JsFuture::from(response.json().ok()?).await.ok()?;
        let field = |item: &wasm_bindgen::JsValue, name: &str| {
            Reflect::get(item, &name.into()).ok()?.as_string()
        };
        Some(
            Array::from(&json)
                .iter()
                .filter_map(|item| {
                    let url = field(&item, "url")?;
                    // Only our own help pages, whatever the answer says.
                    url.starts_with("/help/").then_some(())?;
                    Some(Found {
                        title: field(&item, "title")?,
                        url,
                        snippet: field(&item, "snippet").unwrap_or_default(),
                    })
                })
                .collect(),
        )
    }
}

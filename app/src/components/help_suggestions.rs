//! Answers from the help centre while a customer describes their problem on
//! the raise form. The raise page carries an empty box and a small script
//! of its own (`/help-suggest.js`), which asks `/help-suggestions?q=…` after
//! a pause in typing; the server renders the list (escaped, like any page).
//! Not an island: the wasm every status page downloads stays within its
//! budget. Without JavaScript the form is as before, and `/help` searches.

use crate::views::Suggestion;
use leptos::prelude::*;

/// The box the suggestions appear in, and the script that fills it.
#[component]
pub fn HelpSuggestions() -> impl IntoView {
    view! {
        <div id="help-suggestions" class="help-suggestions" aria-live="polite"></div>
        <script src="/help-suggest.js" defer></script>
    }
}

/// What `/help-suggestions` renders: the articles that may help.
#[component]
pub fn SuggestionsAside(items: Vec<Suggestion>) -> impl IntoView {
    view! {
        <aside class="notice">
            <p><strong>"These answers may help"</strong></p>
            <ul class="suggestions">
                {items.into_iter().map(|s| view! {
                    <li><a href=s.url target="_blank" rel="noopener">{s.title}</a>
                        <span class="muted">" " {s.snippet}</span></li>
                }).collect_view()}
            </ul>
            <p class="muted">"Still stuck? Send your case below and a person will help."</p>
        </aside>
    }
}

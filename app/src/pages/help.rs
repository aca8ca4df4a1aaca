use super::not_found::SorryCard;
use crate::api::knowledge::get_help_page;
use crate::components::layout::CustomerFrame;
use crate::views::{HelpPage as HelpData, Suggestion};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// `/help`: the help centre. Search public articles (full-text, on the
/// server, no JavaScript needed); without a search, the newest articles.
#[component]
pub fn HelpPage() -> impl IntoView {
    let query = use_query_map()
        .read_untracked()
        .get("q")
        .unwrap_or_default();
    let page = OnceResource::new(get_help_page(query));
    let load = move || {
        Suspend::new(async move {
            match page.await {
                Ok(data) => view! { <Results data/> }.into_any(),
                Err(error) => view! { <SorryCard error/> }.into_any(),
            }
        })
    };
    view! {
        <Title text="Help"/>
        <Meta name="description" content="Answers to common questions, from our support team."/>
        <CustomerFrame>
            <Suspense fallback=|| view! { <p class="card">"Loading…"</p> }>{load}</Suspense>
        </CustomerFrame>
    }
}

#[component]
fn Results(data: HelpData) -> impl IntoView {
    let searched = !data.query.trim().is_empty();
    let heading = if searched {
        format!("Answers for “{}”", data.query)
    } else {
        "Answers to common questions".to_owned()
    };
    let empty = data.results.is_empty();
    view! {
        <section class="card" aria-labelledby="help-title">
            <h1 id="help-title">"Help"</h1>
            <form method="get" action="/help" role="search" class="inline-form">
                <label for="help-q">"Search our answers"</label>
                <input id="help-q" type="search" name="q" value=data.query.clone() maxlength="200"/>
                <button type="submit" class="button">"Search"</button>
            </form>
        </section>
        <section class="card" aria-labelledby="results-title">
            <h2 id="results-title">{heading}</h2>
            {empty.then(|| view! {
                <p>"We have no answer for that yet. "
                    <a href="/">"Tell us what's wrong"</a>" and a person on our team will help."</p>
            })}
            <SuggestionList items=data.results/>
        </section>
    }
}

/// Article links with a few words from each; the raise form uses it too.
#[component]
pub fn SuggestionList(items: Vec<Suggestion>) -> impl IntoView {
    view! {
        <ul class="suggestions">
            {items.into_iter().map(|s| view! {
                <li>
                    <a href=s.url>{s.title}</a>
                    <p class="muted">{s.snippet}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

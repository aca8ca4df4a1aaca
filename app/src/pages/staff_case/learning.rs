use crate::views::{RecurrenceNote, Suggestion};
use leptos::prelude::*;

/// What we learnt before: reviewed cases this one looks like ("this came
/// back after the fix") and articles that may answer it; and a start on an
/// article from this case.
#[component]
pub fn Learning(
    reference: String,
    came_back: Vec<RecurrenceNote>,
    articles: Vec<Suggestion>,
) -> impl IntoView {
    view! {
        {(!came_back.is_empty()).then(|| view! {
            <section class="card came-back" role="status" aria-labelledby="came-back-title">
                <h2 id="came-back-title">"This may have come back"</h2>
                <ul>
                    {came_back.into_iter().map(|note| view! {
                        <li>
                            <a href=format!("/staff/reviews/{}", note.reference)>{note.reference.clone()}</a>
                            " was reviewed: " {note.root_cause.clone()} ". "
                            {format!("{} of its actions done, {} open.", note.actions_done, note.actions_open)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card" aria-labelledby="articles-title">
            <h2 id="articles-title">"Knowledge base"</h2>
            {articles.is_empty().then(|| view! { <p class="muted">"No article matches this case yet."</p> })}
            <ul class="suggestions">
                {articles.into_iter().map(|a| view! {
                    <li><a href=a.url>{a.title}</a><p class="muted">{a.snippet}</p></li>
                }).collect_view()}
            </ul>
            <p><a href=format!("/staff/articles?case={reference}")>"Write an article from this case"</a></p>
        </section>
    }
}

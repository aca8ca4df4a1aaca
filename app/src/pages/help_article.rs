use super::not_found::failure_view;
use crate::api::knowledge::get_public_article;
use crate::components::layout::CustomerFrame;
use crate::views::ArticleView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/help/{slug}`: one public article, and "did this answer it?" (a yes is
/// counted as an escalation that did not need raising).
#[component]
pub fn HelpArticlePage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let page = OnceResource::new(get_public_article(slug));
    let load = move || {
        Suspend::new(async move {
            match page.await {
                Ok(article) => view! { <Article article/> }.into_any(),
                Err(error) => failure_view(error),
            }
        })
    };
    view! {
        <CustomerFrame>
            <Suspense fallback=|| view! { <p class="card">"Loading…"</p> }>{load}</Suspense>
        </CustomerFrame>
    }
}

#[component]
fn Article(article: ArticleView) -> impl IntoView {
    let answered = use_query_map().read_untracked().get("answered").is_some();
    let action = format!("{}/answered", article.url);
    // Paragraphs as written: text only, so the article can carry no markup.
    let paragraphs: Vec<String> = article
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    // leptos_meta does not escape <title>: keep markup characters out.
    let title: String = article
        .title
        .chars()
        .filter(|c| !"<>&".contains(*c))
        .collect();
    view! {
        <Title text=title/>
        <article class="card help-article" aria-labelledby="article-title">
            <p class="eyebrow"><a href="/help">"Help"</a></p>
            <h1 id="article-title">{article.title.clone()}</h1>
            {paragraphs.into_iter().map(|p| view! { <p class="article-text">{p}</p> }).collect_view()}
        </article>
        <section class="card narrow" aria-labelledby="answered-title">
            <h2 id="answered-title">"Did this answer your question?"</h2>
            {if answered {
                view! { <p class="acknowledgement" role="status">"Thank you. We're glad it helped."</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=action class="inline-form">
                        <button type="submit" class="button primary">"Yes, I don't need to raise a case"</button>
                    </form>
                    <p>"No? " <a href="/">"Tell us what's wrong"</a> " and a person on our team will help."</p>
                }
                .into_any()
            }}
        </section>
    }
}

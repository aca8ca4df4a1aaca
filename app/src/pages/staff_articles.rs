use crate::api::knowledge::get_articles_page;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::domain::article::Visibility;
use crate::views::{ArticleView, ArticlesPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staff/articles`: the knowledge base. Write an article (from a solved
/// case: `?case=ESC-…` fills it in from what we told the customer), edit
/// one (`?edit=slug`, a new version), search them all.
#[component]
pub fn StaffArticlesPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let get = |name: &str| query.get(name).unwrap_or_default();
    let page = OnceResource::new(get_articles_page(get("q"), get("case"), get("edit")));
    let saved = get("saved");
    let load = move || {
        let saved = saved.clone();
        Suspend::new(async move {
            staff_page(page.await, |page| {
                view! { <Articles page saved/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Knowledge base"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn Articles(page: ArticlesPage, saved: String) -> impl IntoView {
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"Knowledge base"</h1>
                <p class="muted">"Public articles answer customers at " <a href="/help">"/help"</a>
                    " and on the raise form while they type. Internal ones are for us. "
                    {format!("In the last 30 days, customers said an article answered them {} times.", page.deflections_30_days)}</p>
                {(!saved.is_empty()).then(|| view! {
                    <p class="acknowledgement" role="status">"Saved. " <a href=format!("/help/{saved}")>"Open it"</a></p>
                })}
                <form method="get" action="/staff/articles" role="search" class="inline-form">
                    <label for="articles-q">"Search articles"</label>
                    <input id="articles-q" type="search" name="q" maxlength="200"/>
                    <button type="submit" class="button">"Search"</button>
                </form>
            </section>
            <ArticleEditor page=page.clone()/>
            <section class="card" aria-labelledby="articles-title">
                <h2 id="articles-title">"Articles"</h2>
                {page.articles.is_empty().then(|| view! { <p>"None yet."</p> })}
                <ul class="article-list">
                    {page.articles.into_iter().map(|a| view! { <ArticleRow article=a/> }).collect_view()}
                </ul>
            </section>
        </StaffFrame>
    }
}

#[component]
fn ArticleRow(article: ArticleView) -> impl IntoView {
    let public = article.visibility == Visibility::Public;
    view! {
        <li>
            {if public {
                view! { <a href=article.url.clone()>{article.title.clone()}</a> }.into_any()
            } else {
                view! { <strong>{article.title.clone()}</strong> }.into_any()
            }}
            " · " {article.visibility.code()} " · v" {article.version} " · " {article.updated_label.clone()}
            {article.source_case.clone().map(|r| view! {
                " · from " <a href=format!("/staff/cases/{r}")>{r.clone()}</a>
            })}
            " · " <a href=format!("/staff/articles?edit={}", article.slug)>"Edit"</a>
        </li>
    }
}

#[component]
fn ArticleEditor(page: ArticlesPage) -> impl IntoView {
    let form = page.form;
    let feedback = FormFeedback::for_form("article");
    let typed = |field: &str, stored: String| {
        feedback
            .as_ref()
            .map(|f| f.value(field))
            .filter(|v| !v.is_empty())
            .unwrap_or(stored)
    };
    let error = |field: &str| feedback.as_ref().and_then(|f| f.error(field));
    let message = feedback.as_ref().and_then(|f| f.message.clone());
    let (heading, action) = match &form.slug {
        Some(slug) => (
            "Edit the article".to_owned(),
            format!("/staff/articles/{slug}"),
        ),
        None => ("Write an article".to_owned(), "/staff/articles".to_owned()),
    };
    let visibility = typed("visibility", form.visibility.code().to_owned());
    view! {
        <section class="card" aria-labelledby="editor-title">
            <h2 id="editor-title">{heading}</h2>
            {form.from_case.clone().map(|r| view! { <p class="muted">"From case " {r}</p> })}
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <form method="post" action=action class="stack" novalidate>
                <TextField name="title" label="Title: the customer's question" required=true
                    maxlength=crate::domain::article::MAX_TITLE
                    value=typed("title", form.title.clone()) error=error("title")/>
                <TextField name="body" label="The answer" multiline=true required=true
                    hint="Plain words, what to do step by step. A blank line starts a new paragraph."
                    value=typed("body", form.body.clone()) error=error("body")/>
                <fieldset>
                    <legend>"Who may read it"</legend>
                    <label class="choice"><input type="radio" name="visibility" value="internal"
                        checked=visibility == "internal"/>" Staff only"</label>
                    <label class="choice"><input type="radio" name="visibility" value="public"
                        checked=visibility == "public"/>" Everyone (help centre and suggestions)"</label>
                    {error("visibility").map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <input type="hidden" name="from_case" value=form.from_case.clone().unwrap_or_default()/>
                <input type="hidden" name="version" value=form.version.map(|v| v.to_string()).unwrap_or_default()/>
                <button type="submit" class="button primary">"Save"</button>
            </form>
        </section>
    }
}

use crate::api::jargon::get_jargon;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::JargonPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/jargon`: the internal words every template preview warns about.
#[component]
pub fn OpsJargonPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_jargon().await, |page| {
                view! { <JargonEditor page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Jargon list"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn JargonEditor(page: JargonPage) -> impl IntoView {
    let feedback = FormFeedback::for_form("jargon");
    let source = feedback.as_ref().map_or(page.source, |f| f.value("source"));
    let error = feedback.as_ref().and_then(|f| f.error("source"));
    let invalid = error.is_some();
    view! {
        <StaffFrame>
            <p><a href="/ops/templates">"← Message templates"</a></p>
            <section class="card">
                <h1>"Jargon list"</h1>
                <p class="muted">"Words customers should not meet in our messages. Every template preview warns about them. "
                    "One word or phrase per line; add " <code>"-> words"</code> " for what customers read instead. "
                    "Lines starting with # are notes."</p>
                <p class="muted">{page.words} " words on the list."
                    {page.updated.map(|u| format!(" Last changed {u}."))}</p>
                <form method="post" action="/ops/jargon" class="source-form">
                    <div class="field" class:field-invalid=invalid>
                        <label for="jargon-source">"Words to avoid"</label>
                        <textarea id="jargon-source" name="source" rows="18" spellcheck="false"
                            aria-invalid=invalid.then_some("true")
                            aria-describedby=invalid.then_some("jargon-source-error")
                            inner_html=textarea_text(&source)></textarea>
                        {error.map(|e| view! { <p class="field-error" id="jargon-source-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button">"Save the list"</button>
                </form>
            </section>
        </StaffFrame>
    }
}

//! The member's saved queue views: a link each (with a remove button), and
//! a form that saves the filters now shown under a name.

use crate::components::form_feedback::FormFeedback;
use crate::views::{QueueQuery, SavedView};
use leptos::prelude::*;

#[component]
pub fn SavedViews(views: Vec<SavedView>, current: QueueQuery) -> impl IntoView {
    let feedback = FormFeedback::for_form("saved-view").unwrap_or_default();
    let error = feedback.error("name").or(feedback.message.clone());
    let filters = current
        .pairs()
        .into_iter()
        .map(|(k, v)| view! { <input type="hidden" name=k value=v.to_owned()/> })
        .collect_view();
    view! {
        <nav class="saved-views" aria-label="Your views">
            <strong>"Your views: "</strong>
            {views.is_empty().then(|| view! { <span class="muted">"none yet"</span> })}
            <ul>
                {views.into_iter().map(|v| view! {
                    <li data-view=v.name.clone()>
                        <a href=v.href.clone()>{v.name.clone()}</a>
                        <form method="post" action=format!("/staff/views/{}/removal", v.id) class="inline-form">
                            <button type="submit" class="link-button" aria-label=format!("Remove the view {}", v.name)>"×"</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/staff/views" class="inline-form">
                {filters}
                <label for="saved-view-name">"Save these filters as"</label>
                <input id="saved-view-name" type="text" name="name" maxlength="60" required
                    placeholder="My breached" value=feedback.value("name")/>
                <button type="submit" class="button">"Save view"</button>
            </form>
            {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </nav>
    }
}

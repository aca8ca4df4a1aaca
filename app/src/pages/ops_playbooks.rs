use crate::api::playbooks::get_playbooks;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::PlaybookPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/playbooks`: the role cards incident staff read on taking a role,
/// and the playbooks whose tasks become an incident's checklist.
#[component]
pub fn OpsPlaybooksPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_playbooks().await, |page| {
                view! { <PlaybookEditor page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Incident role cards and playbooks"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn PlaybookEditor(page: PlaybookPage) -> impl IntoView {
    let feedback = FormFeedback::for_form("playbooks");
    let error = feedback.as_ref().and_then(|f| f.error("json"));
    let json = feedback
        .as_ref()
        .map(|f| f.value("json"))
        .filter(|typed| !typed.is_empty())
        .unwrap_or(page.json);
    let empty = page.kinds.is_empty();
    view! {
        <StaffFrame>
            <p><a href="/staff/incidents">"← Major incidents"</a></p>
            <section class="card">
                <h1>"Incident role cards and playbooks"</h1>
                <p class="muted">"Whoever takes an incident role reads its card first: what to do now, next, and never. "
                    "A playbook's tasks become the checklist of every incident declared as its kind, owned by the commander until handed on."</p>
                {page.updated.map(|u| view! { <p class="muted">"Last changed " {u} "."</p> })}
                {empty.then(|| view! { <p>"No playbooks yet."</p> })}
                <table class="queue playbooks">
                    <thead><tr><th scope="col">"Kind"</th><th scope="col">"Name"</th><th scope="col">"Tasks"</th></tr></thead>
                    <tbody>
                        {page.kinds.into_iter().map(|(kind, name, tasks)| view! {
                            <tr><td>{kind}</td><td>{name}</td><td>{tasks}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <form method="post" action="/ops/playbooks" class="card stack">
                <h2>"Role cards and playbooks"</h2>
                <p class="muted">"role_cards: commander, comms_lead and scribe, each with now, next and never (a role left out reads Baton's own card). "
                    "playbooks: each with a kind (lowercase, such as outage), a name and its tasks."</p>
                <label for="playbooks-json">"Settings (JSON)"</label>
                <textarea id="playbooks-json" name="json" rows="22" class="code" spellcheck="false" inner_html=textarea_text(&json)></textarea>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Save"</button>
            </form>
        </StaffFrame>
    }
}

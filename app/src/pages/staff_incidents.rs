use crate::api::incidents::get_incidents;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::IncidentsPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff/incidents`: major incidents, open ones first, and the form that
/// declares one.
#[component]
pub fn StaffIncidentsPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_incidents().await, |page| {
                view! { <IncidentList page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Major incidents"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn IncidentList(page: IncidentsPage) -> impl IntoView {
    let IncidentsPage {
        incidents,
        playbooks,
    } = page;
    let empty = incidents.is_empty();
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"Major incidents"</h1>
                <p class="muted">"One problem that hits many customers: one commander, one war room, and updates to every affected customer on a promised cadence."</p>
                {empty.then(|| view! { <p>"No major incidents."</p> })}
                <ul class="incidents">
                    {incidents.into_iter().map(|i| {
                        let state = i.state.clone();
                        view! {
                        <li class="incident-line" data-state=state>
                            <a href=format!("/staff/incidents/{}", i.reference)>
                                <strong>{i.reference.clone()}</strong> " " {i.title}
                            </a>
                            {i.drill.then(|| view! { " " <span class="badge">"drill"</span> })}
                            " · " {i.state} " · " {i.linked_cases} " linked cases · declared " {i.declared_label}
                            {i.next_update_label.map(|next| view! { " · next update by " {next} })}
                            {i.promise_missed.then(|| view! { " " <span class="badge badge-late">"update overdue"</span> })}
                        </li>
                    }}).collect_view()}
                </ul>
            </section>
            <DeclareForm playbooks/>
        </StaffFrame>
    }
}

#[component]
fn DeclareForm(playbooks: Vec<(String, String)>) -> impl IntoView {
    let feedback = FormFeedback::for_form("incident-declare").unwrap_or_default();
    let chosen = feedback.value("kind");
    let kind_error = feedback.error("kind");
    view! {
        <section class="card">
            <h2>"Declare a major incident"</h2>
            {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <form method="post" action="/staff/incidents" class="stack">
                <TextField form="incident-declare" name="title" label="Title, in customers' words" required=true
                    maxlength=160 hint="Customers read this on their case: \"Card payments fail\"."
                    value=feedback.value("title") error=feedback.error("title")/>
                <TextField form="incident-declare" name="impact" label="What customers cannot do" multiline=true
                    required=true maxlength=4000 value=feedback.value("impact") error=feedback.error("impact")/>
                <TextField form="incident-declare" name="commander_email" label="Incident commander's email" kind="email"
                    hint="Leave empty to command it yourself."
                    value=feedback.value("commander_email") error=feedback.error("commander_email")/>
                <label for="incident-kind">"Playbook"</label>
                <select id="incident-kind" name="kind">
                    <option value="">"None: start with an empty checklist"</option>
                    {playbooks.into_iter().map(|(kind, name)| view! {
                        <option value=kind.clone() selected=chosen == kind>{name}</option>
                    }).collect_view()}
                </select>
                {kind_error.map(|e| view! { <p class="field-error">{e}</p> })}
                <label class="check"><input type="checkbox" name="drill" value="on"/>
                    " A drill: run the whole protocol, send nothing"</label>
                <button type="submit" class="button primary">"Declare"</button>
            </form>
        </section>
    }
}

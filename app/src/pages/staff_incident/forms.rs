//! The war room's forms. Each posts plainly and comes back with what was
//! typed and what was wrong.

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::views::{IncidentTaskView, ReviewView};
use leptos::prelude::*;

fn alert(feedback: &FormFeedback) -> Option<impl IntoView + use<>> {
    feedback
        .message
        .clone()
        .map(|m| view! { <p class="form-alert" role="alert">{m}</p> })
}

#[component]
pub fn RoleForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-role").unwrap_or_default();
    let role_error = f.error("role");
    view! {
        <form method="post" action=format!("{base}/roles") class="stack">
            {alert(&f)}
            <label for="incident-role">"Role"</label>
            <select id="incident-role" name="role">
                <option value="commander">"Incident commander"</option>
                <option value="comms_lead">"Communications lead"</option>
                <option value="scribe">"Scribe"</option>
            </select>
            {role_error.map(|e| view! { <p class="field-error">{e}</p> })}
            <TextField form="incident-role" name="email" label="Give it to (email)" kind="email" required=true
                value=f.value("email") error=f.error("email")/>
            <button type="submit" class="button">"Hand over"</button>
        </form>
    }
}

#[component]
pub fn UpdateForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-update").unwrap_or_default();
    view! {
        <section class="card">
            <h2>"Publish a situation update"</h2>
            <p class="muted">"Every linked case's page shows it, and each customer gets one email, however many of their cases are linked."</p>
            {alert(&f)}
            <form method="post" action=format!("{base}/updates") class="stack">
                <TextField form="incident-update" name="affected" label="What is affected" multiline=true required=true
                    maxlength=4000 value=f.value("affected") error=f.error("affected")/>
                <TextField form="incident-update" name="known" label="What we know" multiline=true required=true
                    maxlength=4000 value=f.value("known") error=f.error("known")/>
                <TextField form="incident-update" name="doing" label="What we are doing" multiline=true required=true
                    maxlength=4000 value=f.value("doing") error=f.error("doing")/>
                <TextField form="incident-update" name="next_update_at" label="Next update by" required=true
                    hint="A time with its zone, within a day, e.g. 2026-12-06T14:30:00Z."
                    value=f.value("next_update_at") error=f.error("next_update_at")/>
                <div class="actions">
                    <button type="submit" name="action" value="preview" class="button">"Preview"</button>
                    <button type="submit" name="action" value="publish" class="button primary">"Publish update"</button>
                </div>
            </form>
            {(!f.value("preview_web").is_empty()).then(|| view! {
                <div class="update-preview" aria-live="polite">
                    <h3>"As customers will read it"</h3>
                    <p class="muted">"On their case page:"</p>
                    <blockquote class="preview-web">{f.value("preview_web")}</blockquote>
                    <p class="muted">"By email (for Sam Customer):"</p>
                    <p class="preview-subject"><strong>{f.value("preview_subject")}</strong></p>
                    <pre class="preview-body">{f.value("preview_body")}</pre>
                    <p class="muted">"Nothing has been sent. Publish when it reads right."</p>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn LinkForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-link").unwrap_or_default();
    view! {
        <form method="post" action=format!("{base}/cases") class="stack">
            {alert(&f)}
            <TextField form="incident-link" name="references" label="Link cases" multiline=true required=true
                hint="Case references, separated by spaces, commas or lines."
                value=f.value("references") error=f.error("references")/>
            <button type="submit" class="button">"Link cases"</button>
        </form>
    }
}

#[component]
pub fn EntryForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-entry").unwrap_or_default();
    let kind_error = f.error("kind");
    view! {
        <form method="post" action=format!("{base}/entries") class="stack">
            {alert(&f)}
            <TextField form="incident-entry" name="body" label="Decision or note" multiline=true required=true
                maxlength=4000 value=f.value("body") error=f.error("body")/>
            {kind_error.map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="actions">
                <button type="submit" name="kind" value="decision" class="button">"Record decision"</button>
                <button type="submit" name="kind" value="note" class="button">"Post note"</button>
            </div>
        </form>
    }
}

#[component]
pub fn ResolveForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-resolve").unwrap_or_default();
    view! {
        <section class="card">
            <h2>"Resolve"</h2>
            <p class="muted">"Writes the resolution into every linked case still open; each customer confirms or reopens their own case."</p>
            {alert(&f)}
            <form method="post" action=format!("{base}/resolution") class="stack">
                <TextField form="incident-resolve" name="summary" label="What fixed it, for customers" multiline=true
                    required=true value=f.value("summary") error=f.error("summary")/>
                <button type="submit" class="button primary">"Resolve incident"</button>
            </form>
        </section>
    }
}

#[component]
pub fn ReviewForm(
    base: String,
    review: Option<ReviewView>,
    /// The timeline, the first draft of "what happened".
    draft: String,
) -> impl IntoView {
    let f = FormFeedback::for_form("incident-review").unwrap_or_default();
    let value = |field: &str, saved: Option<String>| {
        let typed = f.value(field);
        if typed.is_empty() {
            saved.unwrap_or_default()
        } else {
            typed
        }
    };
    let happened = value(
        "what_happened",
        Some(review.as_ref().map_or(draft, |r| r.what_happened.clone())),
    );
    let well = value("went_well", review.as_ref().map(|r| r.went_well.clone()));
    let change = value("we_change", review.as_ref().map(|r| r.we_change.clone()));
    view! {
        <section class="card">
            <h2>"Post-incident review"</h2>
            <p class="muted">"Blameless: what happened, not who is at fault. \"What happened\" starts as the war room's timeline; edit it into the story."</p>
            {alert(&f)}
            <form method="post" action=format!("{base}/review") class="stack">
                <TextField form="incident-review" name="what_happened" label="What happened" multiline=true
                    required=true value=happened error=f.error("what_happened")/>
                <TextField form="incident-review" name="went_well" label="What went well" multiline=true
                    required=true value=well error=f.error("went_well")/>
                <TextField form="incident-review" name="we_change" label="What we change" multiline=true
                    required=true value=change error=f.error("we_change")/>
                <button type="submit" class="button">"Save review"</button>
            </form>
        </section>
    }
}

#[component]
pub fn CloseForm(base: String) -> impl IntoView {
    let f = FormFeedback::for_form("incident-close").unwrap_or_default();
    view! {
        <section class="card">
            <h2>"Close"</h2>
            {alert(&f)}
            <form method="post" action=format!("{base}/closure")>
                <button type="submit" class="button primary">"Close incident"</button>
            </form>
        </section>
    }
}

/// The checklist: each task with its owner and state, and (for those who
/// run the incident) forms to tick it, hand it on, or add one.
#[component]
pub fn TaskForms(
    base: String,
    tasks: Vec<IncidentTaskView>,
    can_run: bool,
    key: String,
) -> impl IntoView {
    let f = FormFeedback::for_form("incident-task").unwrap_or_default();
    let empty = tasks.is_empty();
    view! {
        {alert(&f)}
        <ul class="incident-tasks" data-live="tasks" data-live-key=key>
            {empty.then(|| view! { <li class="muted">"No tasks yet."</li> })}
            {tasks.into_iter().map(|t| {
                let action = format!("{base}/tasks/{}", t.id);
                let owner = t.owner.clone().unwrap_or_else(|| "nobody yet".to_owned());
                view! {
                    <li class="incident-task" class:done=t.done data-task=t.id>
                        <span class="task-title">{if t.done { "✓ " } else { "" }}{t.title.clone()}</span>
                        <span class="muted">" · " {owner}</span>
                        {t.done_label.clone().map(|d| view! { <span class="muted">" · " {d}</span> })}
                        {can_run.then(|| view! {
                            <form method="post" action=action.clone() class="inline-form task-form">
                                <input type="hidden" name="done" value=if t.done { "false" } else { "true" }/>
                                <button type="submit" class="button">{if t.done { "Open again" } else { "Mark done" }}</button>
                            </form>
                            <form method="post" action=action class="inline-form task-form">
                                <label class="visually-hidden" for=format!("task-owner-{}", t.id)>"New owner's email"</label>
                                <input id=format!("task-owner-{}", t.id) type="email" name="owner_email" placeholder="owner's email" required/>
                                <button type="submit" class="button">"Hand on"</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {can_run.then(|| view! {
            <form method="post" action=format!("{base}/tasks") class="stack">
                <TextField form="incident-task" name="title" label="Add a task" required=true
                    maxlength=crate::domain::incident_playbook::MAX_TASK
                    value=f.value("title") error=f.error("title")/>
                <TextField form="incident-task" name="owner_email" label="Owner (email, optional)" kind="email"
                    value=f.value("owner_email") error=f.error("owner_email")/>
                <button type="submit" class="button">"Add task"</button>
            </form>
        })}
    }
}

/// Whether the raise form tells customers we know about it.
#[component]
pub fn NoticeForm(base: String, shown: bool, drill: bool) -> impl IntoView {
    let f = FormFeedback::for_form("incident-notice").unwrap_or_default();
    (!drill).then(|| view! {
        <form method="post" action=format!("{base}/notice") class="stack">
            {alert(&f)}
            <p class="muted">{if shown {
                "The raise form tells customers we know about this problem and are working on it."
            } else {
                "Customers raising a case do not see this problem mentioned yet."
            }}</p>
            <input type="hidden" name="shown" value=if shown { "false" } else { "true" }/>
            <button type="submit" class="button">{if shown { "Stop telling customers on the raise form" } else { "Tell customers on the raise form" }}</button>
        </form>
    })
}

use crate::api::reviews::get_review;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{ActionView, ReviewPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/staff/reviews/{reference}`: the blameless template, its timeline from
/// the case's own events, the root cause from the taxonomy ops keep, and
/// the action items that follow it up.
#[component]
pub fn StaffReviewPage() -> impl IntoView {
    let reference = use_params_map()
        .read_untracked()
        .get("reference")
        .unwrap_or_default();
    let page = OnceResource::new(get_review(reference));
    let load = move || {
        Suspend::new(
            async move { staff_page(page.await, |page| view! { <Review page/> }.into_any()) },
        )
    };
    view! {
        <Title text="Review"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn Review(page: ReviewPage) -> impl IntoView {
    let reference = page.item.reference.clone();
    let feedback = FormFeedback::for_form("review");
    let draft = page.draft.clone();
    let value = |field: &str, stored: Option<String>| {
        feedback
            .as_ref()
            .map(|f| f.value(field))
            .filter(|v| !v.is_empty())
            .or(stored)
            .unwrap_or_default()
    };
    let error = |field: &str| feedback.as_ref().and_then(|f| f.error(field));
    let message = feedback.as_ref().and_then(|f| f.message.clone());
    let chosen_cause = value("root_cause", draft.as_ref().map(|d| d.root_cause.clone()));
    let factors = draft
        .as_ref()
        .map(|d| d.factors.clone())
        .unwrap_or_default();
    let written = page.item.state == "written";
    let prompts = page.prompts.clone();
    let summary_value = value("summary", draft.as_ref().map(|d| d.summary.clone()));
    let summary_error = error("summary");
    let impact_value = value("impact", draft.as_ref().map(|d| d.impact.clone()));
    let impact_error = error("impact");
    let went_well_value = value("went_well", draft.as_ref().map(|d| d.went_well.clone()));
    let went_well_error = error("went_well");
    let went_wrong_value = value("went_wrong", draft.as_ref().map(|d| d.went_wrong.clone()));
    let went_wrong_error = error("went_wrong");
    let got_lucky_value = value("got_lucky", draft.as_ref().map(|d| d.got_lucky.clone()));
    let got_lucky_error = error("got_lucky");
    let root_cause_error = error("root_cause");
    let factors_error = error("factors");
    view! {
        <StaffFrame>
            <p><a href="/staff/reviews">"← Reviews"</a></p>
            <section class="card">
                <p class="eyebrow"><a href=format!("/staff/cases/{reference}")>{reference.clone()}</a>
                    " · " {page.item.reason_words.clone()}</p>
                <h1>{format!("Review: {}", page.item.subject)}</h1>
                <p class="muted">{if written { "Written. You can improve it; the latest words count.".to_owned() }
                    else { format!("Due {}. Owner: {}.", page.item.due_label, page.item.owner.clone().unwrap_or_else(|| "nobody yet".to_owned())) }}</p>
                <p class="muted">"Blameless: describe what happened and what let it happen. Names of people are refused."</p>
            </section>
            <section class="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">"Timeline, from the case"</h2>
                <ol class="review-timeline">
                    {page.timeline.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
                </ol>
            </section>
            <section class="card" aria-labelledby="template-title">
                <h2 id="template-title">"The review"</h2>
                {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <form method="post" action=format!("/staff/reviews/{reference}") class="stack" novalidate>
                    <Prompt text=prompts.summary.clone()/>
                    <TextField name="summary" label="Summary: what happened" multiline=true required=true
                        value=summary_value error=summary_error/>
                    <Prompt text=prompts.impact.clone()/>
                    <TextField name="impact" label="Impact on the customer" multiline=true required=true
                        value=impact_value error=impact_error/>
                    <Prompt text=prompts.root_cause.clone()/>
                    <div class="field">
                        <label for="field-root_cause">"Root cause"</label>
                        <select id="field-root_cause" name="root_cause">
                            <option value="">"Choose…"</option>
                            {page.root_causes.iter().map(|(code, label)| view! {
                                <option value=code.clone() selected=*code == chosen_cause>{label.clone()}</option>
                            }).collect_view()}
                        </select>
                        {root_cause_error.map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <fieldset>
                        <legend>"Contributing factors"</legend>
                        {page.root_causes.iter().map(|(code, label)| view! {
                            <label class="choice"><input type="checkbox" name="factors" value=code.clone()
                                checked=factors.contains(code)/>" " {label.clone()}</label>
                        }).collect_view()}
                        {factors_error.map(|e| view! { <p class="field-error">{e}</p> })}
                    </fieldset>
                    <Prompt text=prompts.went_well.clone()/>
                    <TextField name="went_well" label="What went well" multiline=true required=true
                        value=went_well_value error=went_well_error/>
                    <Prompt text=prompts.went_wrong.clone()/>
                    <TextField name="went_wrong" label="What went wrong" multiline=true required=true
                        value=went_wrong_value error=went_wrong_error/>
                    <Prompt text=prompts.got_lucky.clone()/>
                    <TextField name="got_lucky" label="Where we got lucky (optional)" multiline=true
                        value=got_lucky_value error=got_lucky_error/>
                    <button type="submit" class="button primary">"Save the review"</button>
                </form>
            </section>
            <Actions reference=reference.clone() actions=page.actions/>
            <section class="card">
                <p><a href=format!("/staff/articles?case={reference}")>"Write a knowledge-base article from this case"</a></p>
            </section>
        </StaffFrame>
    }
}

#[component]
fn Actions(reference: String, actions: Vec<ActionView>) -> impl IntoView {
    let feedback = FormFeedback::for_form("action").unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            <p class="muted">"Each action has an owner and a due date; the owner is alerted when it falls due."</p>
            <ul class="review-actions">
                {actions.into_iter().map(|a| view! {
                    <li class:done=a.done class:overdue=a.overdue>
                        <strong>{a.title.clone()}</strong> " · " {a.owner_email.clone()} " · due " {a.due_label.clone()}
                        {a.overdue.then_some(" (overdue)")}
                        <form method="post" action=format!("/staff/review-actions/{}", a.id) class="inline-form">
                            <input type="hidden" name="reference" value=reference.clone()/>
                            <input type="hidden" name="done" value=if a.done { "false" } else { "true" }/>
                            <button type="submit" class="button">{if a.done { "Open again" } else { "Done" }}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <form method="post" action=format!("/staff/reviews/{reference}/actions") class="stack" novalidate>
                <TextField name="title" label="Action" form="action" required=true
                    value=feedback.value("title") error=feedback.error("title")/>
                <TextField name="owner_email" label="Owner (staff email)" kind="email" form="action" required=true
                    value=feedback.value("owner_email") error=feedback.error("owner_email")/>
                <TextField name="due" label="Due date" kind="date" form="action" required=true
                    value=feedback.value("due") error=feedback.error("due")/>
                <button type="submit" class="button">"Add the action"</button>
            </form>
        </section>
    }
}

/// Ops' guidance for the part of the review below it, if any.
#[component]
fn Prompt(text: String) -> impl IntoView {
    (!text.trim().is_empty()).then(|| view! { <p class="hint review-prompt">{text}</p> })
}

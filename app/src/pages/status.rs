mod incident;
mod worse;

use super::not_found::failure_view;
use crate::api::status::get_case_status;
use crate::components::countdown::Countdown;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::CustomerFrame;
use crate::components::live_status::LiveStatus;
use crate::domain::Stage;
use crate::views::{CaseStatus, GuaranteeView, TimelineItem};
use incident::IncidentSection;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use worse::WorseForm;

/// The case reference and private token of a customer's link
/// (`…/{reference}?token=…`), as the status and chat pages read them.
pub fn case_link() -> (String, String) {
    let reference = use_params_map()
        .read_untracked()
        .get("reference")
        .unwrap_or_default();
    let token = use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    (reference, token)
}

/// `/cases/{reference}?token=…`: the customer's private status page.
#[component]
pub fn StatusPage() -> impl IntoView {
    let (reference, token) = case_link();
    // Fetched once per page: `Suspense` may build its children more than
    // once while rendering, and a fetch started inside them would be started
    // (and dropped half-way) each time.
    let page = OnceResource::new(get_case_status(reference, token.clone()));
    let load = move || {
        let token = token.clone();
        Suspend::new(async move {
            match page.await {
                Ok(status) => {
                    let version = status.version;
                    view! { <StatusView status token version/> }.into_any()
                }
                Err(error) => failure_view(error),
            }
        })
    };
    view! {
        <CustomerFrame>
            <Suspense fallback=|| view! { <p class="card">"Loading your case…"</p> }>{load}</Suspense>
        </CustomerFrame>
    }
}

#[component]
fn StatusView(status: CaseStatus, token: String, version: i64) -> impl IntoView {
    // Only our own words in <title>: leptos_meta does not escape it.
    let title = format!("Your case {}", status.reference);
    let message = use_context::<FormFeedback>().and_then(|f| f.message);
    let can_write = status.stage.is_open() && !status.awaiting_answer;
    let waiting = status.stage == Stage::WaitingOnYou;
    let reply = can_write.then(|| {
        view! {
            <ReplyForm reference=status.reference.clone() token=token.clone() waiting/>
            <WorseForm reference=status.reference.clone() token=token.clone() current=status.severity/>
        }
    });
    let answer = status.awaiting_answer.then(|| {
        view! { <AnswerForms reference=status.reference.clone() token=token.clone()/> }
    });
    // What each live region shows; the live island swaps a region only when
    // its key changes, so typed text and the ticking countdown survive.
    let summary_key = format!(
        "{}-{}-{}-{}",
        status.stage.code(),
        status
            .guarantee
            .as_ref()
            .map(|g| g.due_at.as_millisecond())
            .unwrap_or_default(),
        status.acknowledgement.is_some(),
        status.next_step,
    );
    let forms_key = format!(
        "{can_write}-{waiting}-{}-{}-{}",
        status.awaiting_answer,
        status.severity,
        status.invited.join(",")
    );
    let invited = (!status.invited.is_empty()).then(|| {
        view! {
            <InvitedPeople reference=status.reference.clone() token=token.clone()
                invited=status.invited.clone()/>
        }
    });
    let timeline_key = status.timeline.len().to_string();
    view! {
        <Title text=title/>
        <LiveStatus reference=status.reference.clone() token version/>
        {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        <section class="card status" aria-labelledby="case-title" data-live="summary" data-live-key=summary_key>
            <p class="eyebrow">"Your case " <span class="reference">{status.reference.clone()}</span></p>
            <h1 id="case-title">{status.subject.clone()}</h1>
            <p class="muted">{status.severity_words.clone()}</p>
            // Templated words arrive as text, so the view escapes them: a
            // template can never put markup on a customer's page.
            {status.acknowledgement.clone().map(|a| view! { <p class="acknowledgement">{a}</p> })}
            <StageProgress stage=status.stage/>
            <div class="stage-now" data-stage=status.stage.code()>
                <h2>{status.stage_label.clone()}</h2>
                <p>{status.stage_explanation.clone()}</p>
            </div>
            {match status.guarantee.clone() {
                Some(guarantee) => view! { <GuaranteeCard guarantee/> }.into_any(),
                None => view! { <p class="next-step">{status.next_step.clone()}</p> }.into_any(),
            }}
        </section>
        <IncidentSection incident=status.incident.clone()/>
        <div class="live-region" data-live="forms" data-live-key=forms_key>
            {answer}
            {invited}
            {reply}
        </div>
        <Timeline items=status.timeline key=timeline_key/>
    }
}

#[component]
fn StageProgress(stage: Stage) -> impl IntoView {
    const STEPS: [&str; 4] = ["Received", "Being worked on", "Solved", "Closed"];
    let current = stage.step();
    view! {
        <ol class="progress" aria-label="Progress of your case">
            {STEPS.into_iter().enumerate().map(|(i, label)| {
                let state = if i < current { "done" } else if i == current { "current" } else { "todo" };
                view! {
                    <li class=format!("progress-step {state}")
                        aria-current=(i == current).then_some("step")>{label}</li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The promise and its countdown; the chat panel shows it too.
#[component]
pub fn GuaranteeCard(guarantee: GuaranteeView) -> impl IntoView {
    view! {
        <div class="guarantee" data-kind=guarantee.kind.code()>
            <span class="guarantee-lead">{guarantee.lead}</span>
            <Countdown
                due_at_ms=guarantee.due_at.as_millisecond()
                due_label=guarantee.due_label
                zone_label=guarantee.zone_label
                remaining=guarantee.remaining
            />
        </div>
    }
}

#[component]
fn AnswerForms(reference: String, token: String) -> impl IntoView {
    let action = format!("/cases/{reference}/answer");
    let confirm = FormFeedback::for_form("confirm").unwrap_or_default();
    let reopen = FormFeedback::for_form("reopen").unwrap_or_default();
    let chosen = confirm.value("rating");
    view! {
        <section class="card answer" id="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"Is this solved for you?"</h2>
            <div class="answer-grid">
                <form method="post" action=action.clone() class="stack">
                    <input type="hidden" name="token" value=token.clone()/>
                    <input type="hidden" name="resolved" value="true"/>
                    <fieldset class="field rating" class:field-invalid=confirm.error("rating").is_some()>
                        <legend>"How did we do? (optional)"</legend>
                        <div class="rating-scale">
                            {(1..=5).map(|n| view! {
                                <label class="rating-choice">
                                    <input type="radio" name="rating" value=n.to_string()
                                        checked=chosen == n.to_string()/>
                                    <span>{n}</span>
                                </label>
                            }).collect_view()}
                        </div>
                        <p class="hint">"1 is poor, 5 is excellent."</p>
                        {confirm.error("rating").map(|e| view! { <p class="field-error">{e}</p> })}
                    </fieldset>
                    <TextField name="comment" label="Anything you'd like to tell us? (optional)" multiline=true
                        value=confirm.value("comment") error=confirm.error("comment")/>
                    <button type="submit" class="button primary">"Yes, it's solved"</button>
                </form>
                <form method="post" action=action class="stack">
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="resolved" value="false"/>
                    <TextField name="reason" label="What is still wrong?" multiline=true required=true
                        value=reopen.value("reason") error=reopen.error("reason")/>
                    <button type="submit" class="button">"No, it's still a problem"</button>
                </form>
            </div>
        </section>
    }
}

/// People the customer copied in on an email: they hear nothing until the
/// customer says yes here.
#[component]
fn InvitedPeople(reference: String, token: String, invited: Vec<String>) -> impl IntoView {
    let action = format!("/cases/{reference}/followers");
    view! {
        <section class="card" id="followers" aria-labelledby="followers-title">
            <h2 id="followers-title">"People you copied in"</h2>
            <p>"They will get our updates and can write to us about this case only if you say yes."</p>
            <ul class="invited">
                {invited
                    .into_iter()
                    .map(|email| {
                        view! {
                            <li>
                                <form method="post" action=action.clone() class="inline-form">
                                    <input type="hidden" name="token" value=token.clone()/>
                                    <input type="hidden" name="email" value=email.clone()/>
                                    <span class="invited-email">{email.clone()}</span>
                                    <button type="submit" name="decision" value="agree" class="button">
                                        "Yes, keep them updated"
                                    </button>
                                    <button type="submit" name="decision" value="decline" class="button quiet">
                                        "No"
                                    </button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ReplyForm(reference: String, token: String, waiting: bool) -> impl IntoView {
    let feedback = FormFeedback::for_form("reply").unwrap_or_default();
    let title = if waiting {
        "Answer our question"
    } else {
        "Write to us"
    };
    view! {
        <section class="card" id="reply" aria-labelledby="reply-title">
            <h2 id="reply-title">{title}</h2>
            <form method="post" action=format!("/cases/{reference}/messages") class="stack">
                <input type="hidden" name="token" value=token/>
                <TextField name="body" label="Your message" multiline=true required=true
                    value=feedback.value("body") error=feedback.error("body")/>
                <button type="submit" class="button primary">"Send"</button>
            </form>
        </section>
    }
}

#[component]
fn Timeline(items: Vec<TimelineItem>, key: String) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="timeline-title" data-live="timeline" data-live-key=key>
            <h2 id="timeline-title">"What has happened"</h2>
            <ol class="timeline">
                {items.into_iter().map(|item| view! {
                    <li class="timeline-item" data-kind=item.kind>
                        <time datetime=item.at.to_string()>{item.at_label}</time>
                        <p class="timeline-title">{item.title}</p>
                        {item.body.map(|body| view! { <p class="timeline-body">{body}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

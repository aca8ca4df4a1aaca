use super::status::{GuaranteeCard, case_link};
use crate::api::status::get_case_status;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::http_status::HttpStatus;
use crate::components::layout::ChatFrame;
use crate::components::live_status::LiveStatus;
use crate::error::AppError;
use crate::views::{CaseStatus, TimelineItem};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/chat/{reference}?token=…`: the chat panel's view of a case: where it
/// stands, our promise, the conversation, and a box to write to us. The same
/// data as the status page, kept current by the same live island; a wrong
/// token looks like a missing case.
#[component]
pub fn ChatCasePage() -> impl IntoView {
    let (reference, token) = case_link();
    let load = move || {
        let (reference, token) = (reference.clone(), token.clone());
        Suspend::new(async move {
            match get_case_status(reference, token.clone()).await {
                Ok(status) => {
                    let version = status.version;
                    view! { <ChatCaseView status token version/> }.into_any()
                }
                Err(AppError::NotFound) => view! {
                    <HttpStatus code=404/>
                    <Title text="Not found"/>
                    <section class="chat-note">
                        <h1 class="chat-title">"We can't find that chat"</h1>
                        <p>"The link may be incomplete. You can start a new chat."</p>
                        <p><a class="button" href="/chat">"Start a new chat"</a></p>
                    </section>
                }
                .into_any(),
                Err(error) => view! {
                    <HttpStatus code=error.http_status()/>
                    <p class="form-alert" role="alert">{error.to_string()}</p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <ChatFrame>
            <Suspense fallback=|| view! { <p>"Loading your chat…"</p> }>{load}</Suspense>
        </ChatFrame>
    }
}

#[component]
fn ChatCaseView(status: CaseStatus, token: String, version: i64) -> impl IntoView {
    // Only our own words in <title>: leptos_meta does not escape it.
    let title = format!("Your case {}", status.reference);
    let message = use_context::<FormFeedback>().and_then(|f| f.message);
    let can_write = status.stage.is_open() && !status.awaiting_answer;
    let page = format!("/cases/{}?token={token}", status.reference);
    let answer = status.awaiting_answer.then(|| {
        view! {
            <p class="chat-answer">
                <a class="button primary" href=page.clone() target="_blank" rel="noopener">"Tell us if it's solved"</a>
            </p>
        }
    });
    let write = can_write.then(|| {
        view! { <MessageBox reference=status.reference.clone() token=token.clone()/> }
    });
    // The live island swaps a region only when its key changes, so a
    // half-written message and the ticking countdown survive.
    let summary_key = format!(
        "{}-{}-{}",
        status.stage.code(),
        status
            .guarantee
            .as_ref()
            .map(|g| g.due_at.as_millisecond())
            .unwrap_or_default(),
        status.next_step,
    );
    let log_key = status.timeline.len().to_string();
    let forms_key = format!("{can_write}-{}", status.awaiting_answer);
    view! {
        <Title text=title/>
        <LiveStatus reference=status.reference.clone() token version/>
        <section class="chat-case" aria-labelledby="case-title" data-live="summary" data-live-key=summary_key>
            <p class="eyebrow">"Your case " <span class="reference">{status.reference.clone()}</span></p>
            <h1 id="case-title" class="chat-title">{status.subject.clone()}</h1>
            <p class="chat-stage" data-stage=status.stage.code()>
                <strong>{status.stage_label.clone()}</strong> " " {status.stage_explanation.clone()}
            </p>
            {match status.guarantee.clone() {
                Some(guarantee) => view! { <GuaranteeCard guarantee/> }.into_any(),
                None => view! { <p class="next-step">{status.next_step.clone()}</p> }.into_any(),
            }}
        </section>
        {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        <div class="chat-log-region" data-live="timeline" data-live-key=log_key>
            <Conversation items=status.timeline/>
        </div>
        <div class="chat-forms" data-live="forms" data-live-key=forms_key>
            {answer}
            {write}
        </div>
        <p class="chat-more">
            <a href=page target="_blank" rel="noopener">"Open your full case page"</a>
        </p>
    }
}

/// The public history as a conversation, oldest first: the customer's words
/// on one side, ours on the other, everything else as a quiet line between.
#[component]
fn Conversation(items: Vec<TimelineItem>) -> impl IntoView {
    view! {
        <ol class="chat-log" aria-label="Conversation">
            {items.into_iter().rev().map(|item| {
                let (class, who) = match item.kind.as_str() {
                    "customer_message" | "reopened" | "confirmed" => ("chat-bubble chat-mine", Some("You")),
                    "public_update" | "solved" => ("chat-bubble chat-theirs", Some("Support")),
                    _ => ("chat-event", None),
                };
                let text = item.body.clone().unwrap_or_else(|| item.title.clone());
                view! {
                    <li class=class data-kind=item.kind>
                        {who.map(|who| view! { <span class="chat-who">{who}</span> })}
                        <p class="chat-text">{text}</p>
                        <time datetime=item.at.to_string()>{item.at_label}</time>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn MessageBox(reference: String, token: String) -> impl IntoView {
    let feedback = FormFeedback::for_form("chat-message").unwrap_or_default();
    view! {
        <form method="post" action=format!("/chat/{reference}/messages") class="stack chat-send" id="message">
            <input type="hidden" name="token" value=token/>
            <TextField name="body" label="Your message" multiline=true required=true
                value=feedback.value("body") error=feedback.error("body")/>
            <button type="submit" class="button primary">"Send"</button>
        </form>
    }
}

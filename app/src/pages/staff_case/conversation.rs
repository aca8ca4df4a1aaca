//! The workspace's centre: the conversation, oldest first so the newest is
//! right above the one composer (a reply to the customer or a note for the
//! team, one control), as in the agent workspaces staff know.

use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::views::HistoryItem;
use leptos::prelude::*;

/// The customer's description, then every event: words as messages, what
/// happened to the case as one quiet line. Live: the region follows the
/// case's version (`data-live-key`), so a customer's message appears without
/// a reload, and a half-written reply below it is kept.
#[component]
pub fn Conversation(
    customer: String,
    raised_label: String,
    description: String,
    history: Vec<HistoryItem>,
    version: i64,
) -> impl IntoView {
    view! {
        <section class="conversation" aria-labelledby="conversation-title">
            <h2 id="conversation-title" class="visually-hidden">"Conversation"</h2>
            // A scroll region of its own at desktop widths: focusable, so it
            // scrolls by keyboard too.
            <ol class="timeline conversation-log" tabindex="0" aria-label="Conversation, oldest first"
                data-live="conversation" data-live-key=version.to_string()>
                <li class="message message-customer" data-kind="description">
                    <p class="message-meta"><strong>{customer}</strong>" · "<time>{raised_label}</time></p>
                    <p class="message-body description">{description}</p>
                </li>
                {history.into_iter().map(|item| {
                    if item.message {
                        let side = if item.by_customer {
                            "message message-customer"
                        } else if item.public {
                            "message message-public"
                        } else {
                            "message message-internal"
                        };
                        view! {
                            <li class=side data-kind=item.kind>
                                <p class="message-meta">
                                    <strong>{item.who}</strong>" · "<time>{item.at_label}</time>
                                    {(!item.public).then(|| view! { <span class="badge">"Internal"</span> })}
                                </p>
                                <p class="message-body timeline-body">{item.text}</p>
                            </li>
                        }.into_any()
                    } else {
                        view! {
                            <li class="activity" data-kind=item.kind>
                                <time>{item.at_label}</time>" · "{item.who}": "
                                <span class="timeline-body">{item.text}</span>
                            </li>
                        }.into_any()
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// One composer: a reply the customer reads, or a note only the team reads,
/// with "we need their answer" for a reply. Posts `/replies`; without
/// JavaScript it is an ordinary form.
#[component]
pub fn Composer(action: String, open: bool) -> impl IntoView {
    let feedback = FormFeedback::for_form("reply").unwrap_or_default();
    let internal = feedback.value("visibility") == "internal";
    let error = feedback.error("body");
    let invalid = error.is_some();
    open.then(|| view! {
        <form method="post" action=action class="composer" id="composer" aria-labelledby="composer-title">
            <h2 id="composer-title" class="visually-hidden">"Reply or note"</h2>
            <fieldset class="composer-kind">
                <legend class="visually-hidden">"Who reads it"</legend>
                <label class="segment">
                    <input type="radio" name="visibility" value="public" checked=!internal/>
                    <span>"Reply to the customer"</span>
                </label>
                <label class="segment">
                    <input type="radio" name="visibility" value="internal" checked=internal/>
                    <span>"Internal note"</span>
                </label>
            </fieldset>
            <label for="composer-body" class="visually-hidden">"Message"</label>
            <textarea id="composer-body" name="body" rows="4" required=true
                placeholder="Write to the customer, or a note for the team"
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some("composer-body-error")
                inner_html=textarea_text(&feedback.value("body"))></textarea>
            {error.map(|e| view! { <p class="field-error" id="composer-body-error">{e}</p> })}
            <div class="composer-foot">
                <label class="check">
                    <input type="checkbox" name="waits_for_customer" value="true"/>
                    " We need the customer's answer (pauses our promise; replies only)"
                </label>
                <button type="submit" class="button primary">"Send"</button>
            </div>
        </form>
    })
}

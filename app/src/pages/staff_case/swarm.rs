//! The staff case page's swarm: start one (suggested for S1 cases and
//! repeated breaches), pull people in, write notes and decisions, close it
//! with a summary; afterwards the summary and the time in swarm.

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::views::{SwarmEntryView, SwarmMemberView, SwarmPanel, SwarmView};
use leptos::prelude::*;

#[component]
pub fn SwarmSection(
    panel: SwarmPanel,
    /// `/staff/cases/{reference}`.
    base: String,
    /// Whether the case is still open (closed cases take no new swarm).
    case_open: bool,
) -> impl IntoView {
    let open = panel.swarm.clone().filter(|s| s.open);
    let closed = panel.swarm.clone().filter(|s| !s.open);
    let can_start = case_open && open.is_none();
    // A closed case that never swarmed has nothing to show here.
    let shown = case_open || panel.swarm.is_some();
    shown.then(|| view! {
        <section class="card swarm" id="swarm" aria-labelledby="swarm-title">
            <h2 id="swarm-title">"Swarm"</h2>
            {panel.suggestion.filter(|_| can_start).map(|reason| view! {
                <p class="swarm-suggestion" role="note">
                    <strong>"Swarm suggested: "</strong>{reason}
                    ". Bring the right people together on this case instead of passing it up tier by tier."
                </p>
            })}
            {open.map(|swarm| view! { <OpenSwarm swarm base=base.clone()/> })}
            {closed.map(|swarm| view! { <ClosedSwarm swarm/> })}
            {can_start.then(|| view! { <StartForm action=format!("{base}/swarm")/> })}
        </section>
    })
}

#[component]
fn StartForm(action: String) -> impl IntoView {
    let feedback = FormFeedback::for_form("swarm-start").unwrap_or_default();
    view! {
        <form method="post" action=action class="stack swarm-start">
            <h3>"Start a swarm"</h3>
            <TextField form="swarm-start" name="facilitator_email" label="Facilitator's email" kind="email"
                hint="Leave empty to facilitate it yourself."
                value=feedback.value("facilitator_email") error=feedback.error("facilitator_email")/>
            <button type="submit" class="button primary">"Start a swarm"</button>
        </form>
    }
}

#[component]
fn OpenSwarm(swarm: SwarmView, base: String) -> impl IntoView {
    let member = FormFeedback::for_form("swarm-member").unwrap_or_default();
    let entry = FormFeedback::for_form("swarm-entry").unwrap_or_default();
    let close = FormFeedback::for_form("swarm-close").unwrap_or_default();
    let kind_error = entry.error("kind");
    view! {
        <p class="swarm-status">
            <strong>"Open"</strong> " · started " {swarm.started_label.clone()} " by " {swarm.started_by.clone()}
            " · facilitator " <strong class="swarm-facilitator">{swarm.facilitator.name.clone()}</strong>
        </p>
        <Members members=swarm.members.clone() facilitator=swarm.facilitator.email.clone()/>
        <form method="post" action=format!("{base}/swarm/members") class="stack swarm-add-member">
            <TextField form="swarm-member" name="email" label="Pull in a member of staff (email)" kind="email"
                required=true value=member.value("email") error=member.error("email")/>
            <button type="submit" class="button">"Add to swarm"</button>
        </form>
        <Entries entries=swarm.entries.clone()/>
        <form method="post" action=format!("{base}/swarm/entries") class="stack swarm-add-entry">
            <TextField form="swarm-entry" name="body" label="Note or decision" multiline=true required=true
                maxlength=4000 value=entry.value("body") error=entry.error("body")/>
            {kind_error.map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="actions">
                <button type="submit" name="kind" value="note" class="button">"Post note"</button>
                <button type="submit" name="kind" value="decision" class="button">"Record decision"</button>
            </div>
        </form>
        <form method="post" action=format!("{base}/swarm/closure") class="stack swarm-close">
            <TextField form="swarm-close" name="summary" label="Summary (what the swarm found and decided)"
                multiline=true required=true maxlength=4000
                value=close.value("summary") error=close.error("summary")/>
            <button type="submit" class="button">"Close swarm"</button>
        </form>
    }
}

#[component]
fn ClosedSwarm(swarm: SwarmView) -> impl IntoView {
    let closure = swarm.closure.clone();
    view! {
        {closure.map(|c| view! {
            <div class="swarm-closed">
                <p class="swarm-status"><strong>"Swarm closed"</strong> " " {c.closed_label} " by " {c.closed_by}
                    " · facilitator " {swarm.facilitator.name.clone()}</p>
                <p class="swarm-time"><strong>"Time in swarm: "</strong>{c.time_in_swarm}</p>
                <h3>"Summary"</h3>
                <p class="swarm-summary">{c.summary}</p>
            </div>
        })}
        <Members members=swarm.members.clone() facilitator=swarm.facilitator.email.clone()/>
        <Entries entries=swarm.entries.clone()/>
    }
}

#[component]
fn Members(members: Vec<SwarmMemberView>, facilitator: String) -> impl IntoView {
    view! {
        <h3>"Members"</h3>
        <ul class="swarm-members">
            {members.into_iter().map(|m| {
                let leads = m.email == facilitator;
                view! {
                    <li>{m.name} " <" {m.email} ">" {leads.then_some(" · facilitator")}
                        <span class="muted">" · since " {m.added_label}</span></li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Entries(entries: Vec<SwarmEntryView>) -> impl IntoView {
    view! {
        <h3>"Notes and decisions"</h3>
        {entries.is_empty().then(|| view! { <p class="muted">"Nothing written yet."</p> })}
        <ol class="swarm-entries">
            {entries.into_iter().map(|e| {
                let label = if e.kind == "decision" { "Decision" } else { "Note" };
                view! {
                    <li class="swarm-entry" data-kind=e.kind>
                        <p class="eyebrow">{label} " · " {e.author} " · " {e.at_label}</p>
                        <p class="swarm-entry-body">{e.body}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

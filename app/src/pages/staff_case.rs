use crate::api::staff::get_staff_case;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::components::live_status::LiveFeed;
use crate::domain::Stage;
use crate::views::StaffCaseView;
use actions::ActionBar;
use conversation::{Composer, Conversation};
use learning::Learning;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use side_panel::{CaseFacts, OwnerForms};
use swarm::SwarmSection;
use tier_moves::HandoffCard;
use triage::{RaciCard, TriageForms};

mod actions;
mod authority_acts;
mod conversation;
mod learning;
mod side_panel;
mod swarm;
mod tier_moves;
mod triage;

/// `/staff/cases/{reference}`: the case workspace. The latest handoff note
/// first; the conversation in the centre with one composer under it; the
/// customer, properties, clocks, RACI and swarm beside it; the acts in a bar.
#[component]
pub fn StaffCasePage() -> impl IntoView {
    let reference = use_params_map()
        .read_untracked()
        .get("reference")
        .unwrap_or_default();
    let load = move || {
        let reference = reference.clone();
        Suspend::new(async move {
            staff_page(get_staff_case(reference).await, |view| {
                view! { <CaseView view/> }.into_any()
            })
        })
    };
    view! { <Suspense fallback=|| "Loading…">{load}</Suspense> }
}

#[component]
fn CaseView(view: StaffCaseView) -> impl IntoView {
    let case = view.case;
    let base = format!("/staff/cases/{}", case.reference);
    let message = use_context::<FormFeedback>().and_then(|f| f.message);
    let open = case.stage != Stage::Closed;
    // Agents read the type's name; a type since removed shows its code.
    let type_label = case
        .raci
        .as_ref()
        .map_or_else(|| case.escalation_type.clone(), |r| r.type_label.clone());
    let live_url = format!("{base}/live?since={}", case.version);
    let raised_label = case
        .history
        .first()
        .map(|item| item.at_label.clone())
        .unwrap_or_default();
    view! {
        <Title text=format!("Case {}", case.reference)/>
        <StaffFrame who=view.me.name.clone()>
            {case.latest_handoff.clone().map(|handoff| view! { <HandoffCard handoff/> })}
            <header class="ws-head">
                <p class="ws-back"><a href="/staff" id="back-to-queue">"← Open cases"</a></p>
                <p class="eyebrow"><span class="reference">{case.reference.clone()}</span>
                    " · " {case.severity.code()} " · via " {case.channel.clone()}</p>
                <h1>{case.subject.clone()}</h1>
                {case.major_incident_since.clone().map(|since| view! {
                    <p class="major-incident" role="status">"Major incident since " {since}</p>
                })}
                {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <ActionBar case=case.clone() base=base.clone()/>
            </header>
            <div class="workspace">
                <div class="ws-main">
                    <Conversation customer=case.customer_name.clone() raised_label
                        description=case.description.clone() history=case.history.clone()
                        version=case.version/>
                    <Composer action=format!("{base}/replies") open/>
                </div>
                <aside class="ws-side" aria-label="About this case">
                    <CaseFacts case=case.clone() type_label/>
                    <OwnerForms base=base.clone() my_email=view.me.email.clone()/>
                    {open.then(|| view! {
                        <TriageForms base=base.clone() severity=case.severity
                            escalation_type=case.escalation_type.clone() types=view.types/>
                    })}
                    {case.raci.clone().map(|raci| view! { <RaciCard raci/> })}
                    <SwarmSection panel=view.swarm base=base.clone() case_open=open/>
                    <Learning reference=case.reference.clone() came_back=view.came_back articles=view.articles/>
                    <Invited base=base.clone() invited=case.invited.clone()/>
                </aside>
            </div>
            <LiveFeed url=live_url version=case.version/>
        </StaffFrame>
    }
}

/// People the customer copied in, waiting for a yes.
#[component]
fn Invited(base: String, invited: Vec<String>) -> impl IntoView {
    (!invited.is_empty()).then(|| view! {
        <section class="side-block" id="followers" aria-labelledby="followers-title">
            <h2 id="followers-title">"Copied in, waiting for a yes"</h2>
            <p class="muted">"The customer copied these people in on an email. They hear nothing until the customer or you agree."</p>
            <ul class="invited">
                {invited.into_iter().map(|email| view! {
                    <li>
                        <form method="post" action=format!("{base}/followers") class="inline-form">
                            <input type="hidden" name="email" value=email.clone()/>
                            <span class="invited-email">{email.clone()}</span>
                            <button type="submit" name="decision" value="agree" class="button">"Let them follow"</button>
                            <button type="submit" name="decision" value="decline" class="button quiet">"Decline"</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

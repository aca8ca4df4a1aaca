use crate::api::staff::get_staff_case;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::domain::Stage;
use crate::views::StaffCaseView;
use authority_acts::AuthorityActs;
use learning::Learning;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use swarm::SwarmSection;
use tier_moves::{HandoffCard, InternalNoteForm, TierMoveForm};
use triage::{RaciCard, TriageForms};

mod authority_acts;
mod learning;
mod swarm;
mod tier_moves;
mod triage;

/// `/staff/cases/{reference}`: one case, the latest handoff note first, its
/// history, and the console's actions: post a public update, mark solved,
/// escalate, hand back, add an internal note.
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
    let swarm = view.swarm;
    let types = view.types;
    let base = format!("/staff/cases/{}", case.reference);
    let update = FormFeedback::for_form("update").unwrap_or_default();
    let solve = FormFeedback::for_form("solve").unwrap_or_default();
    let message = use_context::<FormFeedback>().and_then(|f| f.message);
    let open = case.stage != Stage::Closed;
    let can_solve = open && case.stage != Stage::Resolved;
    let pairs = |codes: &[String]| {
        codes
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect::<Vec<_>>()
    };
    let (above, below) = (pairs(&case.tiers_above), pairs(&case.tiers_below));
    let management_above = case.management_above.clone();
    let managed = case.management.is_some();
    let moves = view! {
        {(open && !above.is_empty()).then(|| view! {
            <TierMoveForm form="escalate" title="Escalate to a higher tier" action=format!("{base}/escalations")
                choices=above button="Escalate"/>
        })}
        {(open && !below.is_empty()).then(|| view! {
            <TierMoveForm form="hand-back" title="Hand back to a lower tier" action=format!("{base}/de-escalations")
                choices=below button="Hand back" folded=true/>
        })}
        {(open && !management_above.is_empty()).then(|| view! {
            <TierMoveForm form="management-up" title="Bring in management" action=format!("{base}/management-escalations")
                target=("to_level", "Who oversees the case") choices=management_above button="Bring in management" folded=true
                intro="The management path: the case stays with its tier while a manager or the executives oversee it. They are told at once, with your note."/>
        })}
        {managed.then(|| view! {
            <TierMoveForm form="management-down" title="Step management back" action=format!("{base}/management-de-escalations")
                target=("to_level", "Who oversees the case") choices=Vec::new() button="Step back one level" folded=true/>
        })}
        <InternalNoteForm action=format!("{base}/notes")/>
    };
    view! {
        <Title text=format!("Case {}", case.reference)/>
        <StaffFrame who=view.me.name>
            {case.latest_handoff.clone().map(|handoff| view! { <HandoffCard handoff/> })}
            <p><a href="/staff">"← Open cases"</a></p>
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <section class="card">
                <p class="eyebrow"><span class="reference">{case.reference.clone()}</span>
                    " · " {case.severity.code()} " · via " {case.channel.clone()}</p>
                <h1>{case.subject.clone()}</h1>
                {case.major_incident_since.clone().map(|since| view! {
                    <p class="major-incident" role="status">"Major incident since " {since}</p>
                })}
                <p class="muted">{case.customer_name.clone()} " <" {case.customer_email.clone()} ">"</p>
                <p class="description">{case.description.clone()}</p>
                <p><strong>"Stage: "</strong>{case.stage.code().replace('_', " ")}</p>
                <p><strong>"Tier: "</strong>{case.tier.clone()}</p>
                {case.management.clone().map(|(_, label)| view! {
                    <p><strong>"Overseen by: "</strong>{label}</p>
                })}
                <p><strong>"Type: "</strong>{case.raci.as_ref().map_or_else(|| case.escalation_type.clone(), |r| r.type_label.clone())}</p>
                <p><strong>"Assigned to: "</strong>{case.assignee_name.clone().unwrap_or_else(|| "nobody yet".to_owned())}</p>
                <p><strong>"Customer sees: "</strong>{case.next_step.clone()}</p>
            </section>
            <Learning reference=case.reference.clone() came_back=view.came_back articles=view.articles/>
            {case.raci.clone().map(|raci| view! { <RaciCard raci/> })}
            {open.then(|| view! {
                <TriageForms base=base.clone() severity=case.severity
                    escalation_type=case.escalation_type.clone() types=types/>
            })}
            <SwarmSection panel=swarm base=base.clone() case_open=open/>
            <AuthorityActs base=base.clone() major_incident_since=case.major_incident_since.clone()/>
            <section class="card">
                <h2>"SLA clocks"</h2>
                <table class="queue clocks">
                    <thead><tr>
                        <th scope="col">"Target"</th><th scope="col">"State"</th>
                        <th scope="col">"Due"</th><th scope="col">"Risk"</th>
                    </tr></thead>
                    <tbody>
                        {case.clocks.iter().map(|clock| view! {
                            <tr>
                                <td>{clock.target.clone()}</td>
                                <td>{clock.state.clone()}</td>
                                <td>{clock.due_label.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                <td>{if clock.breached { "breached" } else if clock.warned { "at risk" } else if clock.state == "stopped" { "done" } else { "on track" }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            {open.then(|| view! {
                <section class="card">
                    <h2>"Post an update to the customer"</h2>
                    <form method="post" action=format!("{base}/updates") class="stack">
                        <TextField name="body" label="Update" multiline=true required=true
                            value=update.value("body") error=update.error("body")/>
                        <label class="check">
                            <input type="checkbox" name="waits_for_customer" value="true"/>
                            " We need the customer's answer (pauses our promise)"
                        </label>
                        <button type="submit" class="button primary">"Send update"</button>
                    </form>
                </section>
            })}
            {can_solve.then(|| view! {
                <section class="card">
                    <h2>"Mark solved"</h2>
                    <form method="post" action=format!("{base}/resolution") class="stack">
                        <TextField name="summary" label="What fixed it (the customer reads this)" multiline=true
                            required=true value=solve.value("summary") error=solve.error("summary")/>
                        <button type="submit" class="button">"Mark solved and ask the customer"</button>
                    </form>
                </section>
            })}
            {moves}
            {(!case.invited.is_empty()).then(|| view! {
                <section class="card" id="followers">
                    <h2>"Copied in, waiting for a yes"</h2>
                    <p class="muted">"The customer copied these people in on an email. They hear nothing until the customer or you agree."</p>
                    <ul class="invited">
                        {case.invited.iter().map(|email| view! {
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
            })}
            <section class="card">
                <h2>"Emailed links"</h2>
                <p class="muted">"Each email to the customer carries its own private link. If one reached the wrong person, revoke them all: later emails carry new links."</p>
                <form method="post" action=format!("{base}/link-revocations")>
                    <button type="submit" class="button">"Revoke emailed links"</button>
                </form>
            </section>
            <section class="card">
                <h2>"History"</h2>
                <ol class="timeline">
                    {case.history.into_iter().rev().map(|item| view! {
                        <li class="timeline-item" data-kind=item.kind>
                            <time>{item.at_label}</time>
                            <p class="timeline-title">{item.who}</p>
                            <p class="timeline-body">{item.text}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </StaffFrame>
    }
}

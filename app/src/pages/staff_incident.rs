mod forms;

use crate::api::incidents::get_incident;
use crate::components::layout::{StaffFrame, staff_page};
use crate::components::live_status::LiveWarRoom;
use crate::views::{IncidentView, RoleHolderView};
use forms::{
    CloseForm, EntryForm, LinkForm, NoticeForm, ResolveForm, ReviewForm, RoleForm, TaskForms,
    UpdateForm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/staff/incidents/{reference}`: the war room. Roles with their cards,
/// the promised next update, the checklist, one timeline, every update and
/// linked case, and the forms that run the incident (all plain posts).
/// Live: the regions marked `data-live` follow the incident's version, so
/// everyone in the room sees each change without losing what they type.
/// Those who only follow it (executives, sponsors) read it without forms.
#[component]
pub fn StaffIncidentPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let load = move || {
        let reference = reference();
        Suspend::new(async move {
            staff_page(get_incident(reference).await, |incident| {
                view! { <WarRoom incident/> }.into_any()
            })
        })
    };
    view! { <Suspense fallback=|| "Loading…">{load}</Suspense> }
}

#[component]
fn WarRoom(incident: IncidentView) -> impl IntoView {
    let base = format!("/staff/incidents/{}", incident.reference);
    let open = incident.state == "open" && incident.can_run;
    let live = incident.state != "closed" && incident.can_run;
    let key = incident.version.to_string();
    let current: Vec<RoleHolderView> = incident
        .roles
        .iter()
        .filter(|r| r.until.is_none())
        .cloned()
        .collect();
    let title = format!("{} · {}", incident.reference, incident.title);
    view! {
        <Title text=title/>
        <StaffFrame>
            <LiveWarRoom reference=incident.reference.clone() version=incident.version/>
            <section class="card incident-head" data-state=incident.state.clone() data-live="head" data-live-key=key.clone()>
                <p class="eyebrow">{incident.reference.clone()} " · " {incident.state.clone()}
                    {incident.drill.then(|| view! { " · " <span class="badge">"drill: nothing is sent"</span> })}</p>
                <h1>{incident.title.clone()}</h1>
                <p>{incident.impact.clone()}</p>
                <p class="muted">"Declared " {incident.declared_label.clone()} " by " {incident.declared_by.clone()}
                    {incident.kind.clone().map(|k| view! { " · playbook " {k} })}</p>
                {(!incident.can_run).then(|| view! {
                    <p class="muted read-only">"You are following this incident: its role holders, and those who may declare one, run it."</p>
                })}
                {incident.next_update_label.clone().filter(|_| open).map(|next| view! {
                    <p class="incident-promise" class:late=incident.promise_missed>
                        "Next update promised by " <strong>{next}</strong>
                        {incident.promise_missed.then(|| view! { " · " <span class="badge badge-late">"overdue"</span> })}
                    </p>
                })}
            </section>
            <section class="card">
                <h2>"Roles"</h2>
                <ul class="incident-roles" data-live="roles" data-live-key=key.clone()>
                    {current.into_iter().map(|r| view! {
                        <li class="role-card" data-role=r.role.clone()>
                            <strong>{r.label}</strong> ": " {r.name}
                            <dl>
                                <dt>"Now"</dt><dd>{r.card_now}</dd>
                                <dt>"Next"</dt><dd>{r.card_next}</dd>
                                <dt>"Never"</dt><dd>{r.card_never}</dd>
                            </dl>
                        </li>
                    }).collect_view()}
                </ul>
                {live.then(|| view! { <RoleForm base=base.clone()/> })}
            </section>
            <section class="card">
                <h2>"Checklist"</h2>
                <TaskForms base=base.clone() tasks=incident.tasks.clone() can_run=live key=key.clone()/>
            </section>
            {open.then(|| view! { <UpdateForm base=base.clone()/> })}
            <section class="card">
                <h2>"Situation updates"</h2>
                <ol class="incident-updates" data-live="updates" data-live-key=key.clone()>
                    {incident.updates.iter().rev().map(|u| view! {
                        <li>
                            <p class="muted">{u.published_label.clone()} " · " {u.published_by.clone()}</p>
                            <p><strong>"Affected: "</strong>{u.affected.clone()}</p>
                            <p><strong>"Known: "</strong>{u.known.clone()}</p>
                            <p><strong>"Doing: "</strong>{u.doing.clone()}</p>
                            <p class="muted">"Next update promised by " {u.next_update_label.clone()}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <section class="card">
                <h2>"Linked cases (" {incident.cases.len()} ")"</h2>
                <ul class="incident-cases" data-live="cases" data-live-key=key.clone()>
                    {incident.cases.iter().map(|c| view! {
                        <li><a href=format!("/staff/cases/{}", c.reference)>{c.reference.clone()}</a>
                            " " {c.subject.clone()} " · " {c.stage.clone()} " · " {c.customer_email.clone()}</li>
                    }).collect_view()}
                </ul>
                {open.then(|| view! { <LinkForm base=base.clone()/> })}
                {open.then(|| view! { <NoticeForm base=base.clone() shown=incident.raise_notice drill=incident.drill/> })}
            </section>
            {(open && !incident.suggestions.is_empty()).then(|| {
                let all: Vec<String> = incident.suggestions.iter().map(|s| s.reference.clone()).collect();
                view! {
                    <section class="card incident-suggestions">
                        <h2>"Suggested cases"</h2>
                        <p class="muted">"Open cases raised around the incident that share its words. Link them once you have checked."</p>
                        <ul>
                            {incident.suggestions.iter().map(|s| view! {
                                <li><a href=format!("/staff/cases/{}", s.reference)>{s.reference.clone()}</a>
                                    " " {s.subject.clone()} " · " {s.customer_email.clone()} " · " {s.channel.clone()}
                                    <span class="muted">" (" {s.why.clone()} ")"</span></li>
                            }).collect_view()}
                        </ul>
                        <form method="post" action=format!("{base}/cases")>
                            <input type="hidden" name="references" value=all.join(" ")/>
                            <button type="submit" class="button">"Link all suggested cases"</button>
                        </form>
                    </section>
                }
            })}
            <section class="card">
                <h2>"Timeline"</h2>
                <ol class="timeline" data-live="timeline" data-live-key=key.clone()>
                    {incident.timeline.iter().map(|e| view! {
                        <li class="timeline-item" data-kind=e.kind.clone()>
                            <time datetime=e.at.to_string()>{e.at_label.clone()}</time>
                            <p class="timeline-title">{e.body.clone()}</p>
                            {e.author.clone().map(|a| view! { <p class="muted">{a}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
                {live.then(|| view! { <EntryForm base=base.clone()/> })}
            </section>
            {open.then(|| view! { <ResolveForm base=base.clone()/> })}
            {incident.resolution.clone().map(|r| view! {
                <section class="card"><h2>"Resolution"</h2><p>{r}</p></section>
            })}
            {live.then(|| view! { <ReviewForm base=base.clone() review=incident.review.clone() draft=incident.review_draft.clone()/> })}
            {(live && incident.state == "resolved").then(|| view! { <CloseForm base=base.clone()/> })}
            {incident.drill.then(|| view! {
                <section class="card drill-report">
                    <h2>"Drill report"</h2>
                    <ul>{incident.drill_report.iter().map(|s| view! {
                        <li>{s.step.clone()} ": " {s.minutes_from_declaration} " min after declaring"</li>
                    }).collect_view()}</ul>
                    <p>{incident.rehearsed.len()} " emails rendered and kept, none sent."</p>
                </section>
            })}
        </StaffFrame>
    }
}

use crate::api::staff::get_staff_queue;
use crate::components::layout::{SignInPrompt, StaffFrame};
use crate::domain::Stage;
use crate::error::AppError;
use crate::views::StaffQueue;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use queue_filters::{Chosen, QueueFilters};

mod queue_filters;
mod saved_views;

/// `/staff`: every open case, the soonest due first; `?tier=&stage=&severity=
/// &sla=&q=` filter and search.
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let chosen = Chosen {
        tier: query.get("tier").unwrap_or_default(),
        stage: query.get("stage").unwrap_or_default(),
        severity: query.get("severity").unwrap_or_default(),
        sla: query.get("sla").unwrap_or_default(),
        q: query.get("q").unwrap_or_default(),
        escalation_type: query.get("escalation_type").unwrap_or_default(),
        account: query.get("account").unwrap_or_default(),
        team: query.get("team").unwrap_or_default(),
        oversight: query.get("oversight").unwrap_or_default(),
        owner: query.get("owner").unwrap_or_default(),
    };
    let load = move || {
        let chosen = chosen.clone();
        let query = chosen.query();
        Suspend::new(async move {
            match get_staff_queue(query).await {
                Ok(queue) => view! { <QueueView queue chosen/> }.into_any(),
                Err(AppError::SignInRequired) => view! { <SignInPrompt/> }.into_any(),
                Err(error) => {
                    // A bad filter names what to use instead.
                    let text = error
                        .field_errors()
                        .and_then(|e| e.first())
                        .map_or_else(|| error.to_string(), |e| e.message.clone());
                    view! {
                        <StaffFrame>
                            <p class="card">{text} " " <a href="/staff">"Show all open cases"</a></p>
                        </StaffFrame>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <Title text="Open cases"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn QueueView(queue: StaffQueue, chosen: Chosen) -> impl IntoView {
    let empty = queue.cases.is_empty();
    // With an incident open, each row can be picked to link in bulk.
    let incidents = queue.open_incidents.clone();
    let picking = !incidents.is_empty() && !empty;
    // Agents read the type's name; a type since removed shows its code.
    let labels = queue.types.clone();
    let type_label = move |code: &str| {
        labels
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, label)| label.clone())
    };
    view! {
        <StaffFrame who=queue.me.name>
            <section class="card">
                <div class="card-head">
                    <h1>"Open cases"</h1>
                    <a class="button" href="/staff/calls/new">"Log a phone call"</a>
                </div>
                <saved_views::SavedViews views=queue.views.clone() current=chosen.query()/>
                <QueueFilters chosen types=queue.types.clone() teams=queue.teams.clone() tiers=queue.tiers.clone()/>
                {empty.then(|| view! { <p class="muted">"No open cases. Nice."</p> })}
                <table class="queue">
                    <thead>
                        <tr>
                            {picking.then(|| view! { <th scope="col"><span class="visually-hidden">"Pick"</span></th> })}
                            <th scope="col">"Case"</th>
                            <th scope="col">"Subject"</th>
                            <th scope="col">"Customer"</th>
                            <th scope="col">"Severity"</th>
                            <th scope="col">"Tier"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Owner"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col">"Promise due"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {queue.cases.into_iter().map(|case| {
                            let href = format!("/staff/cases/{}", case.reference);
                            view! {
                                <tr class:overdue=case.overdue>
                                    {picking.then(|| view! {
                                        <td><input type="checkbox" form="bulk-link" name="references" value=case.reference.clone()
                                            aria-label=format!("Pick {}", case.reference)/></td>
                                    })}
                                    <td><a href=href>{case.reference.clone()}</a></td>
                                    <td>
                                        {case.subject}
                                        {(case.reopen_count > 0).then(|| view! {
                                            <span class="badge badge-warn">"Reopened by customer"</span>
                                        })}
                                        {case.major_incident.then(|| view! {
                                            <span class="badge badge-late">"Major incident"</span>
                                        })}
                                        {case.overseen_by.clone().map(|by| view! {
                                            <span class="badge badge-warn">{format!("Overseen: {by}")}</span>
                                        })}
                                    </td>
                                    <td>{case.customer_name}</td>
                                    <td><span class=format!("sev sev-{}", case.severity.code())>{case.severity.code()}</span></td>
                                    <td>{case.tier.clone()}</td>
                                    <td>{type_label(&case.escalation_type)}</td>
                                    <td>{case.assignee_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{case.stage.code().replace('_', " ")}</td>
                                    <td>
                                        {case.due_label.unwrap_or_else(|| waiting_for(case.stage).to_owned())}
                                        {case.overdue.then(|| view! { <span class="badge badge-late">"late"</span> })}
                                        {case.breached.iter().map(|t| view! {
                                            <span class="badge badge-late">"breached: " {t.clone()}</span>
                                        }).collect_view()}
                                        {case.at_risk.iter().map(|t| view! {
                                            <span class="badge badge-warn">"at risk: " {t.clone()}</span>
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {picking.then(|| view! { <BulkLink incidents/> })}
            </section>
        </StaffFrame>
    }
}

/// Links the picked rows to an open major incident in one go.
#[component]
fn BulkLink(incidents: Vec<(String, String)>) -> impl IntoView {
    let feedback = crate::components::form_feedback::FormFeedback::for_form("bulk-link");
    let message = feedback.and_then(|f| {
        f.message
            .or_else(|| f.errors.first().map(|e| e.message.clone()))
    });
    view! {
        <form id="bulk-link" method="post" action="/staff/incidents/links" class="inline-form bulk-link">
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <label for="bulk-link-incident">"Link the picked cases to"</label>
            <select id="bulk-link-incident" name="incident">
                {incidents.into_iter().map(|(reference, title)| view! {
                    <option value=reference.clone()>{reference.clone()} " · " {title}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button">"Link picked cases"</button>
        </form>
    }
}

/// What a case without a due promise is waiting for.
fn waiting_for(stage: Stage) -> &'static str {
    match stage {
        Stage::Resolved => "customer to confirm",
        Stage::WaitingOnYou => "customer's reply (paused)",
        _ => "nothing due",
    }
}

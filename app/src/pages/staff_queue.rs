use crate::api::staff::get_staff_queue;
use crate::components::layout::{SignInPrompt, StaffFrame};
use crate::components::live_status::LiveFeed;
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
    // Each row can be picked for the bulk acts below the table.
    let incidents = queue.open_incidents.clone();
    let picking = !empty;
    let back = chosen.query().href();
    // The live region changes only when what it shows does, so a refresh
    // for some other case leaves the table (and a ticked box) alone.
    let key = rows_key(&queue.cases);
    let live_url = format!("/staff/queue/live?since={}", queue.version);
    let bulk_types = queue.types.clone();
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
                <div class="queue-live" data-live="queue" data-live-key=key>
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
                                        <td><input type="checkbox" form="bulk" name="references" data-hold="" value=case.reference.clone()
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
                </div>
                {picking.then(|| view! { <BulkActs incidents types=bulk_types back/> })}
            </section>
            <LiveFeed url=live_url version=queue.version/>
        </StaffFrame>
    }
}

/// What to do to the picked rows: take them, give them to someone, change
/// their type, or link them to an open major incident. One form, one button
/// per act (`formaction`), so it all works without JavaScript.
#[component]
fn BulkActs(
    incidents: Vec<(String, String)>,
    types: Vec<(String, String)>,
    back: String,
) -> impl IntoView {
    use crate::components::form_feedback::FormFeedback;
    let feedback = FormFeedback::for_form("bulk").or_else(|| FormFeedback::for_form("bulk-link"));
    let email = feedback
        .as_ref()
        .map(|f| f.value("email"))
        .unwrap_or_default();
    let message = feedback.and_then(|f| {
        f.message
            .or_else(|| f.errors.first().map(|e| e.message.clone()))
    });
    view! {
        <form id="bulk" method="post" action="/staff/bulk/assignment" class="bulk-acts" aria-label="Picked cases">
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <input type="hidden" name="back" value=back/>
            <div class="inline-form">
                <button type="submit" class="button" name="to_me" value="yes" formaction="/staff/bulk/assignment">
                    "Assign picked to me"</button>
                <label for="bulk-email">"or to"</label>
                <input id="bulk-email" type="email" name="email" placeholder="their staff email" value=email/>
                <button type="submit" class="button quiet" formaction="/staff/bulk/assignment">"Assign picked"</button>
            </div>
            <div class="inline-form">
                <label for="bulk-type">"Change the type of picked cases to"</label>
                <select id="bulk-type" name="escalation_type">
                    {types.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                </select>
                <button type="submit" class="button quiet" formaction="/staff/bulk/type">"Change type"</button>
            </div>
            {(!incidents.is_empty()).then(|| view! {
                <div class="inline-form bulk-link">
                    <label for="bulk-link-incident">"Link the picked cases to"</label>
                    <select id="bulk-link-incident" name="incident">
                        {incidents.into_iter().map(|(reference, title)| view! {
                            <option value=reference.clone()>{reference.clone()} " · " {title}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button quiet" formaction="/staff/incidents/links">"Link picked cases"</button>
                </div>
            })}
        </form>
    }
}

/// A short digest of what the rows show: the live region's key.
fn rows_key(cases: &[crate::views::QueueItem]) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    format!("{cases:?}").hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// What a case without a due promise is waiting for.
fn waiting_for(stage: Stage) -> &'static str {
    match stage {
        Stage::Resolved => "customer to confirm",
        Stage::WaitingOnYou => "customer's reply (paused)",
        _ => "nothing due",
    }
}

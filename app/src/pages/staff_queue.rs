use crate::api::staff::{StaffQueue, get_staff_queue};
use crate::components::layout::{SignInPrompt, StaffFrame};
use crate::domain::Stage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff`: every open case, the soonest due first.
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            match get_staff_queue().await {
                Ok(queue) => view! { <QueueView queue/> }.into_any(),
                Err(AppError::SignInRequired) => view! { <SignInPrompt/> }.into_any(),
                Err(error) => {
                    view! { <StaffFrame><p class="card">{error.to_string()}</p></StaffFrame> }
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
fn QueueView(queue: StaffQueue) -> impl IntoView {
    let empty = queue.cases.is_empty();
    view! {
        <StaffFrame who=queue.me.name>
            <section class="card">
                <h1>"Open cases"</h1>
                {empty.then(|| view! { <p class="muted">"No open cases. Nice."</p> })}
                <table class="queue">
                    <thead>
                        <tr>
                            <th scope="col">"Case"</th>
                            <th scope="col">"Subject"</th>
                            <th scope="col">"Customer"</th>
                            <th scope="col">"Severity"</th>
                            <th scope="col">"Tier"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col">"Promise due"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {queue.cases.into_iter().map(|case| {
                            let href = format!("/staff/cases/{}", case.reference);
                            view! {
                                <tr class:overdue=case.overdue>
                                    <td><a href=href>{case.reference.clone()}</a></td>
                                    <td>
                                        {case.subject}
                                        {(case.reopen_count > 0).then(|| view! {
                                            <span class="badge badge-warn">"Reopened by customer"</span>
                                        })}
                                    </td>
                                    <td>{case.customer_name}</td>
                                    <td><span class=format!("sev sev-{}", case.severity.code())>{case.severity.code()}</span></td>
                                    <td>{case.tier.clone()}</td>
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
            </section>
        </StaffFrame>
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

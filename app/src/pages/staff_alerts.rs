use crate::api::alerts::get_staff_alerts;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::AlertView;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff/alerts`: SLA warnings and breaches for me and my role, newest first.
#[component]
pub fn StaffAlertsPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_staff_alerts().await, |alerts| {
                view! { <AlertList alerts/> }.into_any()
            })
        })
    };
    view! {
        <Title text="SLA alerts"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn AlertList(alerts: Vec<AlertView>) -> impl IntoView {
    let empty = alerts.is_empty();
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"SLA alerts"</h1>
                <p class="muted">"Warnings at three quarters of a target and breaches, for cases assigned to you and for your role."</p>
                {empty.then(|| view! { <p>"No alerts. Every promise is on track."</p> })}
                <ul class="alerts">
                    {alerts.into_iter().map(|alert| {
                        let breach = alert.kind == "sla_breach";
                        view! {
                            <li class="alert" class:alert-breach=breach>
                                <span class=if breach { "badge badge-late" } else { "badge badge-warn" }>
                                    {if breach { "breached" } else { "at risk" }}
                                </span>
                                " " {alert.message}
                                <time>{alert.at_label}</time>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </StaffFrame>
    }
}

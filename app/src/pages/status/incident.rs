//! The wider problem a case is part of (a major incident): its name, what
//! it stops customers doing, and every update, newest first. Always present
//! as a live region, so a case linked while its page is open shows it.

use crate::views::IncidentNotice;
use leptos::prelude::*;

#[component]
pub fn IncidentSection(incident: Option<IncidentNotice>) -> impl IntoView {
    let key = incident.as_ref().map_or_else(String::new, |i| {
        format!(
            "{}:{}:{}",
            i.updates.len(),
            i.next_update_at.map(|at| at.as_millisecond()).unwrap_or(0),
            i.resolved
        )
    });
    let body = incident.map(|incident| {
        view! {
            <section class="card incident" aria-labelledby="incident-title">
                <h2 id="incident-title">{incident.title}</h2>
                <p class="incident-impact">{incident.impact}</p>
                {incident.next_update_by.map(|by| view! { <p class="incident-next">{by}</p> })}
                <ol class="incident-updates">
                    {incident.updates.into_iter().map(|update| view! {
                        <li class="incident-update">
                            <time datetime=update.at.to_string()>{update.at_label}</time>
                            <p>{update.text}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    });
    view! { <div class="live-region" data-live="incident" data-live-key=key>{body}</div> }
}

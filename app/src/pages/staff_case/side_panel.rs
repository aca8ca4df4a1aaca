//! The workspace's side panel: who the customer is, the case's properties
//! and owner, the SLA clocks counting down, then who does what (RACI) and
//! the swarm. The facts follow the case live; the small forms stay put.

use crate::components::form_feedback::FormFeedback;
use crate::domain::wording::url_component;
use crate::views::{ClockView, StaffCase};
use leptos::prelude::*;

/// Customer, account, sponsor, stage, tier, type and owner, then the clocks.
#[component]
pub fn CaseFacts(case: StaffCase, type_label: String) -> impl IntoView {
    let account_href = format!("/staff?account={}", url_component(&case.account));
    view! {
        <div class="side-facts" data-live="facts" data-live-key=case.version.to_string()>
            <section class="side-block" aria-labelledby="customer-title">
                <h2 id="customer-title">"Customer"</h2>
                <p><strong>{case.customer_name.clone()}</strong></p>
                <p class="muted break">{case.customer_email.clone()}</p>
                <dl class="facts">
                    <dt>"Account"</dt>
                    <dd><a href=account_href>{case.account.clone()}</a></dd>
                    <dt>"Sponsor"</dt>
                    <dd>{case.sponsor.clone().unwrap_or_else(|| "none called in".to_owned())}</dd>
                    <dt>"Came in by"</dt>
                    <dd>{case.channel.clone()}</dd>
                </dl>
            </section>
            <section class="side-block" aria-labelledby="case-facts-title">
                <h2 id="case-facts-title">"Case"</h2>
                <dl class="facts">
                    <dt>"Stage"</dt><dd>{case.stage.code().replace('_', " ")}</dd>
                    <dt>"Severity"</dt><dd><span class=format!("sev sev-{}", case.severity.code())>{case.severity.code()}</span></dd>
                    <dt>"Type"</dt><dd>{type_label}</dd>
                    <dt>"Tier"</dt><dd class="case-tier">{case.tier.clone()}</dd>
                    {case.management.clone().map(|(_, label)| view! {
                        <dt>"Overseen by"</dt><dd class="overseen-by">{label}</dd>
                    })}
                    <dt>"Owner"</dt>
                    <dd class="case-owner">{case.assignee_name.clone().unwrap_or_else(|| "nobody yet".to_owned())}</dd>
                    <dt>"Customer sees"</dt><dd>{case.next_step.clone()}</dd>
                </dl>
            </section>
            <Clocks clocks=case.clocks/>
        </div>
    }
}

/// Each SLA clock with its due time and, while it runs, a countdown that
/// `/staff.js` ticks (the server's words until then).
#[component]
fn Clocks(clocks: Vec<ClockView>) -> impl IntoView {
    view! {
        <section class="side-block" aria-labelledby="clocks-title">
            <h2 id="clocks-title">"SLA clocks"</h2>
            <ul class="clocks">
                {clocks.into_iter().map(|clock| {
                    let risk = if clock.breached {
                        "breached"
                    } else if clock.warned {
                        "at risk"
                    } else if clock.state == "stopped" {
                        "done"
                    } else {
                        "on track"
                    };
                    view! {
                        <li class="clock" data-risk=risk>
                            <span class="clock-target">{clock.target}</span>
                            <span class="badge">{risk}</span>
                            <span class="clock-state muted">{clock.state}</span>
                            {clock.due_label.map(|due| view! { <span class="clock-due">"Due " {due}</span> })}
                            {clock.due_at_ms.map(|ms| view! {
                                <span class="clock-left" role="timer" data-due-ms=ms.to_string()>
                                    {clock.left.clone().unwrap_or_default()}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Take the case, or give it to someone by email.
#[component]
pub fn OwnerForms(base: String, my_email: String) -> impl IntoView {
    let feedback = FormFeedback::for_form("assign").unwrap_or_default();
    let error = feedback.error("email");
    view! {
        <section class="side-block owner-forms" aria-label="Owner">
            <form method="post" action=format!("{base}/assignment") class="inline-form">
                <input type="hidden" name="email" value=my_email/>
                <button type="submit" class="button" id="assign-to-me">"Assign to me"</button>
            </form>
            <form method="post" action=format!("{base}/assignment") class="inline-form">
                <label for="assign-email">"Give it to"</label>
                <input id="assign-email" type="email" name="email" placeholder="their staff email" required
                    value=feedback.value("email") aria-invalid=error.is_some().then_some("true")/>
                <button type="submit" class="button quiet">"Assign"</button>
            </form>
            {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}

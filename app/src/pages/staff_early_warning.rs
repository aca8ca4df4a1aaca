use crate::api::rules::get_early_warning;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{EarlyWarningDesk, RiskEntry};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff/early-warning`: open cases and accounts ranked by risk, every
/// point explained; act on a case here, no sign-off needed. Below, the
/// escalations the desk prevented, week by week, and how that is counted.
#[component]
pub fn StaffEarlyWarningPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_early_warning().await, |desk| {
                view! { <Desk desk/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Early warning"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn Desk(desk: EarlyWarningDesk) -> impl IntoView {
    let feedback = FormFeedback::for_form("early-warning").unwrap_or_default();
    let empty = desk.cases.is_empty();
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"Early warning"</h1>
                <p class="muted">"Customers heading for an escalation, most at risk first. Every point says where it comes from. "
                    "Act now: call, send a proactive update, raise the severity or bring in the sponsor. No sign-off needed."</p>
                {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                {empty.then(|| view! { <p>"No open case shows a warning sign."</p> })}
                {(!desk.approvals.is_empty()).then(|| view! {
                    <section class="approvals" aria-labelledby="approvals-title">
                        <h2 id="approvals-title">"Waiting for a person"</h2>
                        <p class="muted">"An active rule asks for these. Managers decide; each decision teaches the rule's score."</p>
                        <ul>
                            {desk.approvals.iter().map(|a| {
                                let action = format!("/staff/rule-approvals/{}", a.id);
                                view! {
                                    <li class="approval" data-approval=a.id>
                                        <strong>{a.action.replace('_', " ")}</strong> " on "
                                        <a href=format!("/staff/cases/{}", a.reference)>{a.reference.clone()}</a>
                                        " · rule " {a.rule.clone()} " · " {a.asked_label.clone()}
                                        <form method="post" action=action.clone() class="inline-form">
                                            <button type="submit" name="decision" value="approve" class="button primary">"Approve"</button>
                                            <button type="submit" name="decision" value="reject" class="button">"Reject"</button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <ol class="risk-list">
                    {desk.cases.into_iter().map(|entry| view! { <RiskCase entry threshold=desk.threshold/> }).collect_view()}
                </ol>
            </section>
            <section class="card">
                <h2>"Accounts"</h2>
                <table class="queue">
                    <thead><tr><th scope="col">"Account"</th><th scope="col">"Risk"</th><th scope="col">"Cases"</th><th scope="col">"Signs"</th></tr></thead>
                    <tbody>
                        {desk.accounts.into_iter().map(|a| view! {
                            <tr><td>{a.account}</td><td>{a.score}</td><td>{a.cases}</td><td>{a.reasons.join(", ")}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card prevented">
                <h2>"Prevented escalations: " {format!("{:.1}", desk.prevented_total)}</h2>
                <p class="muted">{desk.method}</p>
                <table class="queue">
                    <thead><tr><th scope="col">"Week of"</th><th scope="col">"Flagged"</th><th scope="col">"Acted on (went bad)"</th><th scope="col">"Left alone (went bad)"</th><th scope="col">"Prevented"</th></tr></thead>
                    <tbody>
                        {desk.prevented.into_iter().map(|w| view! {
                            <tr><td>{w.week.to_string()}</td><td>{w.flagged}</td>
                                <td>{w.acted_on} " (" {w.acted_on_went_bad} ")"</td>
                                <td>{w.left_alone} " (" {w.left_alone_went_bad} ")"</td>
                                <td>{format!("{:.1}", w.prevented)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </StaffFrame>
    }
}

#[component]
fn RiskCase(entry: RiskEntry, threshold: u32) -> impl IntoView {
    let action = format!("/staff/early-warning/{}", entry.reference);
    let id = |what: &str| format!("ew-{what}-{}", entry.reference);
    view! {
        <li class="risk-case" class:flagged=entry.flagged data-reference=entry.reference.clone()>
            <p><strong class="risk-score">{entry.score}</strong>
                {entry.flagged.then(|| view! { " " <span class="badge badge-warn">{format!("at or over {threshold}")}</span> })}
                " · " <a href=format!("/staff/cases/{}", entry.reference)>{entry.reference.clone()}</a>
                " " {entry.subject} " · " {entry.account}</p>
            <ul class="risk-reasons">
                {entry.reasons.into_iter().map(|r| view! { <li>"+" {r.points} " " {r.why}</li> }).collect_view()}
            </ul>
            {entry.last_intervention.map(|l| view! { <p class="muted">"Last action: " {l}</p> })}
            <form method="post" action=action class="inline-form">
                <label for=id("kind")>"Act"</label>
                <select id=id("kind") name="kind">
                    <option value="call">"I called the customer"</option>
                    <option value="message">"Send a proactive update"</option>
                    <option value="severity">"Raise the severity"</option>
                    <option value="sponsor">"Bring in the sponsor"</option>
                </select>
                <label for=id("severity") class="visually-hidden">"New severity"</label>
                <select id=id("severity") name="severity">
                    <option value="">"severity…"</option>
                    {["S1", "S2", "S3", "S4"].into_iter().map(|s| view! { <option value=s>{s}</option> }).collect_view()}
                </select>
                <label for=id("note") class="visually-hidden">"What you did, or the update's words"</label>
                <input id=id("note") name="note" placeholder="What you did, or the update's words" required/>
                <button type="submit" class="button">"Record"</button>
            </form>
        </li>
    }
}

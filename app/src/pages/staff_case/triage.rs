//! The staff case page's triage: who the RACI matrix names where the case
//! stands, and the forms that re-rate the case or change its type.

use crate::components::form_feedback::FormFeedback;
use crate::domain::Severity;
use crate::views::RaciView;
use leptos::prelude::*;

/// Responsible, Accountable, Consulted and Informed for the current step.
#[component]
pub fn RaciCard(raci: RaciView) -> impl IntoView {
    let list = |roles: Vec<String>| {
        if roles.is_empty() {
            "nobody".to_owned()
        } else {
            roles.join(", ")
        }
    };
    view! {
        <section class="card raci" aria-labelledby="raci-title">
            <h2 id="raci-title">{format!("Who does what: {}, {}", raci.type_label, raci.step.to_lowercase())}</h2>
            <dl class="raci-lines">
                <dt>"Responsible"</dt><dd>{list(raci.responsible)}</dd>
                <dt>"Accountable"</dt><dd>{raci.accountable}</dd>
                <dt>"Consulted"</dt><dd>{list(raci.consulted)}</dd>
                <dt>"Informed"</dt><dd>{list(raci.informed)}</dd>
            </dl>
        </section>
    }
}

/// Re-rate the case or change its escalation type, one small form each.
#[component]
pub fn TriageForms(
    base: String,
    severity: Severity,
    escalation_type: String,
    types: Vec<(String, String)>,
) -> impl IntoView {
    let severity_feedback = FormFeedback::for_form("severity").unwrap_or_default();
    let type_feedback = FormFeedback::for_form("type").unwrap_or_default();
    view! {
        <section class="card triage">
            <h2>"Triage"</h2>
            <div class="triage-forms">
                <form method="post" action=format!("{base}/severity") class="inline-form">
                    <label for="triage-severity">"Severity"</label>
                    <select id="triage-severity" name="severity">
                        {Severity::ALL.iter().map(|s| {
                            let code = s.code();
                            view! { <option value=code selected=*s == severity>{code}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">"Change severity"</button>
                    {severity_feedback.error("severity").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </form>
                <form method="post" action=format!("{base}/type") class="inline-form">
                    <label for="triage-type">"Escalation type"</label>
                    <select id="triage-type" name="escalation_type">
                        {types.into_iter().map(|(code, label)| {
                            let selected = code == escalation_type;
                            view! { <option value=code selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">"Change type"</button>
                    {type_feedback.error("escalation_type").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </form>
            </div>
        </section>
    }
}

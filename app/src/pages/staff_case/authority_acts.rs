use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use leptos::prelude::*;

/// Acts the authority matrix guards: a goodwill credit and declaring a
/// major incident. Anyone sees the forms; a refusal says who may instead.
#[component]
pub fn AuthorityActs(base: String, major_incident_since: Option<String>) -> impl IntoView {
    let credit = FormFeedback::for_form("credit").unwrap_or_default();
    let major = FormFeedback::for_form("major_incident").unwrap_or_default();
    view! {
        <div class="authority-acts">
            <form method="post" action=format!("{base}/credits") class="stack">
                <h3>"Grant a credit"</h3>
                <label for="credit-amount">"Amount (whole units of your billing currency)"</label>
                <input id="credit-amount" type="number" name="amount" min="1" step="1" required
                    value=credit.value("amount")/>
                {credit.error("amount").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <label for="credit-reason">"Why (for the team)"</label>
                <textarea id="credit-reason" name="reason" rows="2" required
                    inner_html=textarea_text(&credit.value("reason"))></textarea>
                {credit.error("reason").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Grant credit"</button>
            </form>
            {match major_incident_since {
                Some(since) => view! {
                    <p class="muted">"Declared a major incident " {since} "."</p>
                }.into_any(),
                None => view! {
                    <form method="post" action=format!("{base}/major-incident") class="stack">
                        <h3>"Declare a major incident"</h3>
                        <label for="major-summary">"What is happening (for the team)"</label>
                        <textarea id="major-summary" name="summary" rows="2" required
                            inner_html=textarea_text(&major.value("summary"))></textarea>
                        {major.error("summary").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        <button type="submit" class="button">"Declare a major incident"</button>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}

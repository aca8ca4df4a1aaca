//! "It got worse": the customer says what changed and how bad it is now,
//! from the same choices as when they raised the case.

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::domain::Severity;
use leptos::prelude::*;

#[component]
pub fn WorseForm(reference: String, token: String, current: Severity) -> impl IntoView {
    let feedback = FormFeedback::for_form("worse").unwrap_or_default();
    let chosen = feedback.value("severity");
    let severity_error = feedback.error("severity");
    let open = feedback.message.is_some() || !feedback.errors.is_empty();
    view! {
        <details class="card worse" id="worse" open=open>
            <summary>"It got worse"</summary>
            {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <form method="post" action=format!("/cases/{reference}/worse") class="stack">
                <input type="hidden" name="token" value=token/>
                <TextField form="worse" name="what_changed" label="What changed?" multiline=true required=true
                    maxlength=5000 value=feedback.value("what_changed") error=feedback.error("what_changed")/>
                <fieldset>
                    <legend>"How bad is it for you now?"</legend>
                    // Only as bad or worse than now: we never lower it on a report.
                    {Severity::ALL.into_iter().filter(|s| *s <= current).map(|s| {
                        let id = format!("worse-{}", s.code());
                        let label_for = id.clone();
                        view! {
                            <label class="choice" for=label_for>
                                <input type="radio" id=id name="severity" value=s.code()
                                    checked=chosen == s.code()/>
                                " " {s.customer_words()}
                            </label>
                        }
                    }).collect_view()}
                    {severity_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <button type="submit" class="button">"Tell us it got worse"</button>
            </form>
        </details>
    }
}

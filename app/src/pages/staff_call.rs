use crate::api::staff::get_signed_in_staff;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::domain::Severity;
use crate::domain::customer::{CustomerName, Description, Subject};
use crate::views::StaffIdentity;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff/calls/new`: staff log a phone call on the caller's behalf. The
/// case is raised on the phone channel by the web form's rules, with a note
/// of who took the call.
#[component]
pub fn StaffCallPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_signed_in_staff().await, |me| {
                view! { <CallForm me/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Log a phone call"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn CallForm(me: StaffIdentity) -> impl IntoView {
    let feedback = FormFeedback::for_form("call").unwrap_or_default();
    let chosen = feedback.value("severity");
    let severity_error = feedback.error("severity");
    let has_errors = !feedback.errors.is_empty();
    let message = feedback.message.clone();
    view! {
        <StaffFrame who=me.name>
            <section class="card call">
                <h1>"Log a phone call"</h1>
                <p class="lede">
                    "The caller gets the same acknowledgement and private case link as a web case."
                </p>
                {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                {has_errors.then(|| view! {
                    <p class="form-alert" role="alert">"Please check the fields marked below."</p>
                })}
                <form method="post" action="/staff/calls" novalidate class="stack">
                    <TextField name="name" label="Caller's name" required=true
                        maxlength=CustomerName::MAX_CHARS
                        value=feedback.value("name") error=feedback.error("name")/>
                    <TextField name="email" label="Caller's email" kind="email" required=true
                        hint="The case link and our replies go here."
                        value=feedback.value("email") error=feedback.error("email")/>
                    <TextField name="subject" label="Subject" required=true
                        maxlength=Subject::MAX_CHARS
                        value=feedback.value("subject") error=feedback.error("subject")/>
                    <TextField name="description" label="What the caller said" multiline=true required=true
                        hint="In the caller's words where you can: what they expected, what happened, since when."
                        maxlength=Description::MAX_CHARS
                        value=feedback.value("description") error=feedback.error("description")/>
                    <fieldset class="field choices" class:field-invalid=severity_error.is_some()
                        aria-describedby=severity_error.is_some().then_some("field-severity-error")>
                        <legend>"Severity"</legend>
                        {Severity::ALL.into_iter().map(|severity| view! {
                            <label class="choice">
                                <input type="radio" name="severity" value=severity.code()
                                    checked=chosen == severity.code() required=true/>
                                <span><strong>{severity.code()}</strong> " " {severity.customer_words()}</span>
                            </label>
                        }).collect_view()}
                        {severity_error.clone().map(|e| view! { <p class="field-error" id="field-severity-error">{e}</p> })}
                    </fieldset>
                    <button type="submit" class="button primary">"Raise the case"</button>
                </form>
            </section>
        </StaffFrame>
    }
}

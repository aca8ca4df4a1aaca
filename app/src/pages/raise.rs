use crate::api::playbooks::get_known_problems;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::help_suggestions::HelpSuggestions;
use crate::components::layout::CustomerFrame;
use crate::domain::Severity;
use crate::domain::customer::{CustomerName, Description, Subject};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: where a customer raises an escalation. A plain form, so it works
/// without JavaScript; errors come back beside their fields.
#[component]
pub fn RaisePage() -> impl IntoView {
    let feedback = FormFeedback::for_form("raise").unwrap_or_default();
    let chosen = feedback.value("severity");
    let severity_error = feedback.error("severity");
    let has_errors = !feedback.errors.is_empty();
    view! {
        <Title text="Raise an escalation"/>
        <CustomerFrame>
            <section class="card">
                <h1>"Tell us what's wrong"</h1>
                <p class="lede">
                    "We'll tell you at once when we'll reply, and give you a private page to follow your case."
                </p>
                <p class="muted">"Already wrote to us? "<a href="/my-cases">"See all your cases"</a>"."</p>
                <KnownProblems/>
                {has_errors.then(|| view! {
                    <p class="form-alert" role="alert">"Please check the fields marked below."</p>
                })}
                {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <form method="post" action="/" novalidate class="stack">
                    <TextField name="name" label="Your name" autocomplete="name" required=true
                        maxlength=CustomerName::MAX_CHARS
                        value=feedback.value("name") error=feedback.error("name")/>
                    <TextField name="email" label="Your email" kind="email" autocomplete="email" required=true
                        hint="We send your case link and our replies here."
                        value=feedback.value("email") error=feedback.error("email")/>
                    <TextField name="subject" label="What is the problem, in a few words?" required=true
                        maxlength=Subject::MAX_CHARS
                        value=feedback.value("subject") error=feedback.error("subject")/>
                    <TextField name="description" label="What is happening?" multiline=true required=true
                        hint="What you expected, what happened instead, and since when."
                        maxlength=Description::MAX_CHARS
                        value=feedback.value("description") error=feedback.error("description")/>
                    <HelpSuggestions/>
                    <fieldset class="field choices" class:field-invalid=severity_error.is_some()
                        aria-describedby=severity_error.is_some().then_some("field-severity-error")>
                        <legend>"How bad is it for you?"</legend>
                        {Severity::ALL.into_iter().map(|severity| view! {
                            <label class="choice">
                                <input type="radio" name="severity" value=severity.code()
                                    checked=chosen == severity.code() required=true/>
                                <span>{severity.customer_words()}</span>
                            </label>
                        }).collect_view()}
                        {severity_error.clone().map(|e| view! { <p class="field-error" id="field-severity-error">{e}</p> })}
                    </fieldset>
                    <button type="submit" class="button primary">"Send to our team"</button>
                </form>
            </section>
        </CustomerFrame>
    }
}

/// A problem we already know about, in plain words, so a customer who has
/// it knows we are on it; they may still raise a case to hear from us.
#[component]
fn KnownProblems() -> impl IntoView {
    let problems = Resource::new_blocking(|| (), |()| get_known_problems());
    let shown = move || {
        Suspend::new(async move {
            let problems = problems.await.unwrap_or_default();
            problems
                .into_iter()
                .map(|p| {
                    view! {
                        <aside class="notice known-problem" role="status">
                            <p><strong>"We know about a problem: " {p.title}</strong></p>
                            <p>{p.impact}</p>
                            <p>"We're working on it. If this is what you're seeing, you can still tell us below and we'll keep you posted."
                                {p.next_update_label.map(|at| view! { " Our next update is due by " {at} "." })}</p>
                        </aside>
                    }
                })
                .collect_view()
        })
    };
    view! { <Suspense fallback=|| ()>{shown}</Suspense> }
}

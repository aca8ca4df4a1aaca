use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::ChatFrame;
use crate::domain::Severity;
use crate::domain::customer::{CustomerName, Description};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/chat`: the chat panel's first step, a compact raise form made to sit in
/// an iframe on a customer's website (see `/widget.js`). A plain form, so it
/// works without JavaScript.
#[component]
pub fn ChatPage() -> impl IntoView {
    let feedback = FormFeedback::for_form("chat").unwrap_or_default();
    let chosen = feedback.value("severity");
    let severity_error = feedback.error("severity");
    let severity_invalid = severity_error.is_some();
    let has_errors = !feedback.errors.is_empty();
    let message = feedback.message.clone();
    view! {
        <Title text="Chat with us"/>
        <ChatFrame>
            <h1 class="chat-title">"How can we help?"</h1>
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            {has_errors.then(|| view! {
                <p class="form-alert" role="alert">"Please check the fields marked below."</p>
            })}
            <form method="post" action="/chat" novalidate class="stack chat-form">
                <TextField name="description" label="What's wrong?" multiline=true required=true
                    hint="What you expected, what happened instead, and since when."
                    maxlength=Description::MAX_CHARS
                    value=feedback.value("description") error=feedback.error("description")/>
                <div class="field" class:field-invalid=severity_invalid>
                    <label for="field-severity">"How bad is it for you?"</label>
                    <select id="field-severity" name="severity" required=true
                        aria-invalid=severity_invalid.then_some("true")
                        aria-describedby=severity_invalid.then_some("field-severity-error")>
                        <option value="" selected=chosen.is_empty()>"Choose one"</option>
                        {Severity::ALL.into_iter().map(|severity| view! {
                            <option value=severity.code() selected=chosen == severity.code()>
                                {severity.customer_words()}
                            </option>
                        }).collect_view()}
                    </select>
                    {severity_error.map(|e| view! { <p class="field-error" id="field-severity-error">{e}</p> })}
                </div>
                <TextField name="name" label="Your name" autocomplete="name" required=true
                    maxlength=CustomerName::MAX_CHARS
                    value=feedback.value("name") error=feedback.error("name")/>
                <TextField name="email" label="Your email" kind="email" autocomplete="email" required=true
                    hint="We send your case link and our replies here too."
                    value=feedback.value("email") error=feedback.error("email")/>
                <button type="submit" class="button primary">"Start the chat"</button>
            </form>
        </ChatFrame>
    }
}

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::StaffFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/staff/sign-in`: the support team's way in.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let feedback = FormFeedback::for_form("sign-in").unwrap_or_default();
    view! {
        <Title text="Staff sign-in"/>
        <StaffFrame>
            <section class="card narrow">
                <h1>"Sign in"</h1>
                {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <form method="post" action="/staff/sign-in" novalidate class="stack">
                    <TextField name="email" label="Email" kind="email" autocomplete="username" required=true
                        value=feedback.value("email") error=feedback.error("email")/>
                    <TextField name="password" label="Password" kind="password"
                        autocomplete="current-password" required=true
                        value=String::new() error=feedback.error("password")/>
                    <button type="submit" class="button primary">"Sign in"</button>
                </form>
            </section>
        </StaffFrame>
    }
}

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::CustomerFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/links`: a customer whose emailed link stopped working (their case
/// closed a while ago, or we revoked it) asks for a fresh one by email. The
/// answer is the same whoever asks, so it tells nobody who follows a case.
#[component]
pub fn FreshLinkPage() -> impl IntoView {
    let sent = use_query_map().read_untracked().get("sent").is_some();
    let feedback = FormFeedback::for_form("fresh-link").unwrap_or_default();
    let message = feedback.message.clone();
    view! {
        <Title text="A new link to your case"/>
        <CustomerFrame>
            <section class="card narrow">
                <h1>"A new link to your case"</h1>
                {if sent {
                    view! {
                        <p class="acknowledgement" role="status">
                            "If that address gets our emails about this case, we've sent it a new link. \
                             It should arrive within a few minutes."
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p>"Give us your case reference and your email. We'll email you a new private link."</p>
                    }
                    .into_any()
                }}
                {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <form method="post" action="/links" novalidate class="stack">
                    <TextField name="reference" label="Case reference, like ESC-7Q4K2M" required=true
                        value=feedback.value("reference") error=feedback.error("reference")/>
                    <TextField name="email" label="Your email" kind="email" autocomplete="email" required=true
                        value=feedback.value("email") error=feedback.error("email")/>
                    <button type="submit" class="button primary">"Email me a new link"</button>
                </form>
            </section>
        </CustomerFrame>
    }
}

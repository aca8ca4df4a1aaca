use crate::api::sla_settings::get_sla_settings;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::SlaSettingsPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/sla`: the business calendar and SLA policies, edited as TOML with
/// errors that name the line, exported and imported as files.
#[component]
pub fn OpsSlaPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_sla_settings().await, |page| {
                view! { <SettingsView page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="SLA calendar and policies"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn SettingsView(page: SlaSettingsPage) -> impl IntoView {
    let calendar = FormFeedback::for_form("calendar");
    let policies = FormFeedback::for_form("policies");
    let value = |feedback: &Option<FormFeedback>, saved: String| {
        feedback.as_ref().map_or(saved, |f| f.value("source"))
    };
    let calendar_source = value(&calendar, page.calendar_source);
    let policies_source = value(&policies, page.policies_source);
    let calendar_error = calendar.as_ref().and_then(|f| f.error("source"));
    let policies_error = policies.as_ref().and_then(|f| f.error("source"));
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"SLA calendar and policies"</h1>
                <p class="muted">"Changes apply to every deadline Baton works out from the moment you save. "
                    {page.changes} " changes are on record."</p>
            </section>
            <SettingForm
                name="calendar"
                title="Business calendar"
                help="Time zone, opening hours per weekday (e.g. mon = [\"09:00-12:30\", \"13:30-17:00\"]), holidays and exceptions. Days not listed are closed."
                source=calendar_source
                error=calendar_error
                updated=page.calendar_updated
            />
            <SettingForm
                name="policies"
                title="SLA policies"
                help="Targets per severity in business minutes (first_response, next_update, resolution), each tier's response objective, and when to warn."
                source=policies_source
                error=policies_error
                updated=page.policies_updated
            />
        </StaffFrame>
    }
}

#[component]
fn SettingForm(
    name: &'static str,
    title: &'static str,
    help: &'static str,
    source: String,
    error: Option<String>,
    updated: Option<String>,
) -> impl IntoView {
    let id = format!("{name}-source");
    let error_id = format!("{name}-source-error");
    let invalid = error.is_some();
    view! {
        <section class="card" id=name>
            <h2>{title}</h2>
            <p class="hint">{help}</p>
            {updated.map(|u| view! { <p class="muted">"Last changed " {u}</p> })}
            <form method="post" action=format!("/ops/sla/{name}") class="stack">
                <div class="field" class:field-invalid=invalid>
                    <label for=id.clone()>"TOML"</label>
                    <textarea id=id name="source" rows="14" class="code" spellcheck="false"
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then(|| error_id.clone())
                        inner_html=textarea_text(&source)></textarea>
                    {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
                </div>
                <div class="actions">
                    <button type="submit" class="button primary">"Check and save"</button>
                    <a class="button" href=format!("/ops/sla/{name}.toml") download>"Export as a file"</a>
                </div>
            </form>
        </section>
    }
}

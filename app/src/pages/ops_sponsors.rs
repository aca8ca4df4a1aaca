use crate::api::sponsors::get_sponsors;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::SponsorPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/sponsors`: key accounts, who sponsors each today, the rules that
/// call a sponsor in, and the whole setting to edit.
#[component]
pub fn OpsSponsorsPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_sponsors().await, |page| {
                view! { <SponsorEditor page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Key accounts and sponsors"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn SponsorEditor(page: SponsorPage) -> impl IntoView {
    let feedback = FormFeedback::for_form("sponsors");
    let error = feedback.as_ref().and_then(|f| f.error("json"));
    let json = feedback
        .as_ref()
        .map(|f| f.value("json"))
        .filter(|typed| !typed.is_empty())
        .unwrap_or(page.json);
    let empty = page.accounts.is_empty();
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"Key accounts and executive sponsors"</h1>
                <p class="muted">"A key account is a customer email domain. When one of its cases is S1, or its customer had to reopen a case as often as the rules say, "
                    "Baton calls in the sponsor on duty that day, once: a note in the case history, a console alert, and a briefing by email "
                    "(edit its words in Message templates, kind sponsor_briefing)."</p>
                {page.updated.map(|u| view! { <p class="muted">"Last changed " {u} "."</p> })}
                {empty.then(|| view! { <p>"No key accounts yet."</p> })}
                <table class="queue sponsors">
                    <thead><tr><th scope="col">"Account"</th><th scope="col">"Domain"</th><th scope="col">"Sponsor today"</th></tr></thead>
                    <tbody>
                        {page.accounts.into_iter().map(|a| view! {
                            <tr>
                                <td>{a.name}</td>
                                <td>{a.domain}</td>
                                <td>{a.on_duty.unwrap_or_else(|| "nobody on duty".to_owned())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <form method="post" action="/ops/sponsors" class="card stack">
                <h2>"Accounts, rotations and rules"</h2>
                <p class="muted">"Each account: domain, name, and sponsors with from and until dates (inclusive; until may be left out); one sponsor per day. "
                    "Rules: on_s1 (true or false) and reopened_times (0 turns it off). Ask: what the briefing asks of the sponsor."</p>
                <label for="sponsors-json">"Settings (JSON)"</label>
                <textarea id="sponsors-json" name="json" rows="18" class="code" spellcheck="false" inner_html=textarea_text(&json)></textarea>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Save"</button>
            </form>
        </StaffFrame>
    }
}

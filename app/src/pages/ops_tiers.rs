use crate::api::dto::{PlacedMemberView, TiersPage};
use crate::api::tiers::get_tiers;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/tiers`: the tiers from the front line up, with what customers read
/// for each, its response objective and its members; and every member of
/// staff, to move between tiers and teams.
#[component]
pub fn OpsTiersPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_tiers().await, |page| {
                view! { <TiersView page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Tiers and teams"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn TiersView(page: TiersPage) -> impl IntoView {
    let feedback = FormFeedback::for_form("place").unwrap_or_default();
    let problem = ["email", "tier", "team"]
        .into_iter()
        .find_map(|field| feedback.error(field));
    let teams = page.teams;
    let codes: Vec<String> = page.tiers.iter().map(|t| t.code.clone()).collect();
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"Tiers and teams"</h1>
                <p class="muted">"Anyone may move a case up or down at once, with a handoff note. A case that lands on a tier goes to the least busy member "
                    "the RACI matrix names Responsible there."</p>
                <p class="muted">"The ladder itself (which tiers there are, their order, names, what customers read and response objectives) is the "
                    <code>"[[ladder]]"</code>" list in the "<a href="/ops/sla#policies">"SLA policies"</a>"."</p>
                <table class="queue tiers">
                    <thead><tr>
                        <th scope="col">"Tier"</th><th scope="col">"Who works there"</th><th scope="col">"Customers read"</th>
                        <th scope="col">"Responds within"</th><th scope="col">"Members"</th>
                    </tr></thead>
                    <tbody>
                        {page.tiers.into_iter().map(|t| view! {
                            <tr>
                                <th scope="row">{t.code}</th>
                                <td>{t.name}</td>
                                <td>{t.customer_words}</td>
                                <td>{t.respond_within}</td>
                                <td>{if t.members.is_empty() { "nobody yet".to_owned() } else { t.members.join(", ") }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>"Staff"</h2>
                {problem.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <datalist id="team-names">
                    {teams.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
                </datalist>
                <table class="queue staff-places">
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Role"</th>
                        <th scope="col">"Tier and team"</th>
                    </tr></thead>
                    <tbody>
                        {page.staff.into_iter().map(|m| view! { <PlaceRow m codes=codes.clone()/> }).collect_view()}
                    </tbody>
                </table>
            </section>
        </StaffFrame>
    }
}

/// One member, with a small form to move them.
#[component]
fn PlaceRow(m: PlacedMemberView, codes: Vec<String>) -> impl IntoView {
    let tier = m.tier.clone().unwrap_or_default();
    let label = format!("Tier for {}", m.name);
    let team_label = format!("Team for {}", m.name);
    view! {
        <tr>
            <td>{m.name.clone()} <span class="muted">" " {m.email.clone()}</span></td>
            <td>{m.role.clone()}</td>
            <td>
                <form method="post" action="/ops/tiers/members" class="inline-form">
                    <input type="hidden" name="email" value=m.email.clone()/>
                    <select name="tier" aria-label=label>
                        <option value="" selected=tier.is_empty()>"No tier"</option>
                        {codes.into_iter().map(|code| {
                            let selected = code == tier;
                            view! { <option value=code.clone() selected=selected>{code.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <input type="text" name="team" list="team-names" maxlength="60" placeholder="Team"
                        value=m.team.clone().unwrap_or_default() aria-label=team_label/>
                    <button type="submit" class="button">"Save"</button>
                </form>
            </td>
        </tr>
    }
}

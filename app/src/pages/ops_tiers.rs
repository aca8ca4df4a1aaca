use crate::api::tiers::get_tiers;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{PlacedMemberView, TierView, TiersPage};
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
    let ladder = page.tiers.clone();
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"Tiers and teams"</h1>
                <p class="muted">"Anyone may move a case up or down at once, with a handoff note. A case that lands on a tier goes to the least busy member "
                    "the RACI matrix names Responsible there."</p>

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
            <LadderForm tiers=ladder/>
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

/// The ladder as a grid: order, code, staff name, customer words and the
/// response objective of each tier, and a blank row to add one. Blanking a
/// row removes its tier. Saved with the SLA policies (the `[[ladder]]` list).
#[component]
fn LadderForm(tiers: Vec<TierView>) -> impl IntoView {
    let feedback = FormFeedback::for_form("ladder");
    let error = feedback
        .as_ref()
        .and_then(|f| f.error("ladder").or_else(|| f.error("source")));
    let rows = tiers.len() + 1;
    let cell = move |field: &str, row: usize, shown: String| match &feedback {
        Some(typed) => typed.value(&format!("{field}.{row}")),
        None => shown,
    };
    view! {
        <section class="card">
            <h2>"The ladder"</h2>
            <p class="muted">"The tiers from the front line up. Change the order with the numbers, blank a row to remove its tier "
                "(not while cases or staff are at it), fill the last row to add one. Customers read only the words in "
                "\"Customers read\"; numbered codes such as L2 may not appear there. This is the "
                <code>"[[ladder]]"</code>" list of the "<a href="/ops/sla#policies">"SLA policies"</a>"."</p>
            {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <form method="post" action="/ops/tiers/ladder">
                <table class="queue ladder">
                    <thead><tr>
                        <th scope="col">"Order"</th><th scope="col">"Code"</th><th scope="col">"Who works there"</th>
                        <th scope="col">"Customers read"</th><th scope="col">"Responds within (business minutes)"</th>
                    </tr></thead>
                    <tbody>
                        {(0..rows).map(|row| {
                            let tier = tiers.get(row).cloned();
                            let shown = |f: fn(&TierView) -> String| tier.as_ref().map(f).unwrap_or_default();
                            let position = cell("position", row, (row + 1).to_string());
                            let code = cell("code", row, shown(|t| t.code.clone()));
                            let name = cell("name", row, shown(|t| t.name.clone()));
                            let words = cell("customer_words", row, shown(|t| t.customer_words.clone()));
                            let minutes = cell("respond_within", row, shown(|t| if t.respond_minutes > 0 { t.respond_minutes.to_string() } else { String::new() }));
                            let label = |what: &str| format!("{what}, row {}", row + 1);
                            view! {
                                <tr>
                                    <td><input type="number" class="ladder-order" name=format!("position.{row}") value=position min="1" aria-label=label("Order")/></td>
                                    <td><input type="text" name=format!("code.{row}") value=code maxlength="16" aria-label=label("Code")/></td>
                                    <td><input type="text" name=format!("name.{row}") value=name maxlength="60" aria-label=label("Who works there")/></td>
                                    <td><input type="text" name=format!("customer_words.{row}") value=words maxlength="60" aria-label=label("Customers read")/></td>
                                    <td><input type="number" name=format!("respond_within.{row}") value=minutes min="1" aria-label=label("Responds within")/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button">"Save the ladder"</button>
            </form>
        </section>
    }
}

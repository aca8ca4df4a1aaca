use crate::api::authority::get_authority;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::AuthorityPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin/authority`: which role may do what at which tier, as a grid of
/// checkboxes. Escalating is not in it: everyone may escalate.
#[component]
pub fn AdminAuthorityPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_authority().await, |page| {
                view! { <Grid page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Authority matrix"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn Grid(page: AuthorityPage) -> impl IntoView {
    let feedback = FormFeedback::for_form("authority");
    let error = feedback.as_ref().and_then(|f| f.error("grants"));
    let saved = use_context::<FormFeedback>().and_then(|f| f.message);
    let AuthorityPage {
        powers,
        roles,
        tiers,
        granted,
        credit_limits,
        updated,
        ..
    } = page;
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"Authority matrix"</h1>
                <p class="muted">"What each role may do to a case at each tier. The console and the staff API refuse anything not ticked, with a message that says who may. "
                    "Anyone may escalate or hand back, at once and without approval; admins may do everything."</p>
                <p class="muted">"Credits are whole amounts in your billing currency: each box is the most one credit may be; leave it empty for none."</p>
                {updated.map(|u| view! { <p class="muted">"Last changed " {u} "."</p> })}
                {saved.map(|m| view! { <p class="notice" role="status">{m}</p> })}
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </section>
            <form method="post" action="/admin/authority" class="card authority">
                {powers.into_iter().map(|power| {
                    let (tiers, roles, granted) = (tiers.clone(), roles.clone(), granted.clone());
                    let credit_limits = credit_limits.clone();
                    let is_credit = power.code == "grant_credit";
                    view! {
                        <fieldset>
                            <legend>{power.label.clone()}</legend>
                            <table class="authority-grid">
                                <thead><tr><th scope="col">"Role"</th>
                                    {tiers.iter().map(|t| view! { <th scope="col">{t.clone()}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {roles.into_iter().map(|role| {
                                        let cells = tiers.iter().map(|tier| {
                                            let key = format!("{}.{}.{}", power.code, role, tier);
                                            if is_credit {
                                                let limit = credit_limits.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string()).unwrap_or_default();
                                                let label = format!("Most a {} may credit at {}", role, tier);
                                                return view! { <td><input type="number" min="0" step="1" class="credit-limit" name=key value=limit aria-label=label/></td> }.into_any();
                                            }
                                            let checked = granted.contains(&key);
                                            let label = format!("{} may {} at {}", role, power.label.to_lowercase(), tier);
                                            view! { <td><input type="checkbox" name=key checked=checked aria-label=label/></td> }.into_any()
                                        }).collect_view();
                                        view! { <tr><th scope="row">{role}</th>{cells}</tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button">"Save the matrix"</button>
            </form>
        </StaffFrame>
    }
}

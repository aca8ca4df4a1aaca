use crate::api::authority::get_authority;
use crate::api::dto::AuthorityPage;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
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
                {updated.map(|u| view! { <p class="muted">"Last changed " {u} "."</p> })}
                {saved.map(|m| view! { <p class="notice" role="status">{m}</p> })}
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </section>
            <form method="post" action="/admin/authority" class="card authority">
                {powers.into_iter().map(|power| {
                    let (tiers, roles, granted) = (tiers.clone(), roles.clone(), granted.clone());
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
                                            let checked = granted.contains(&key);
                                            let label = format!("{} may {} at {}", role, power.label.to_lowercase(), tier);
                                            view! { <td><input type="checkbox" name=key checked=checked aria-label=label/></td> }
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

use crate::api::raci::get_raci;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{RaciPage, RaciTypeView};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/raci`: escalation types and, for each, who is Responsible,
/// Accountable, Consulted and Informed at each step, as a grid.
#[component]
pub fn OpsRaciPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_raci().await, |page| {
                view! { <RaciEditor page/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Escalation types and RACI"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn RaciEditor(page: RaciPage) -> impl IntoView {
    let grid_error = FormFeedback::for_form("raci").and_then(|f| f.error("grid"));
    let types_feedback = FormFeedback::for_form("raci-types");
    let json_error = types_feedback.as_ref().and_then(|f| f.error("json"));
    let json = types_feedback
        .as_ref()
        .map(|f| f.value("json"))
        .filter(|typed| !typed.is_empty())
        .unwrap_or(page.json);
    let roles = page.roles;
    view! {
        <StaffFrame>
            <p><a href="/staff">"← Open cases"</a></p>
            <section class="card">
                <h1>"Escalation types and RACI"</h1>
                <p class="muted">"For each type of escalation and each step: who is Responsible (does the work; a case that moves tier goes to the least busy of them at that tier), "
                    "who is Accountable (exactly one; gets the SLA alerts), who is Consulted (asked for input) and who is Informed (told). Baton applies it by itself."</p>
                {page.updated.map(|u| view! { <p class="muted">"Last changed " {u} "."</p> })}
                {grid_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </section>
            <form method="post" action="/ops/raci" class="card raci-grid-form">
                {page.types.into_iter().map(|t| view! { <TypeGrid t roles=roles.clone()/> }).collect_view()}
                <button type="submit" class="button">"Save the grid"</button>
            </form>
            <form method="post" action="/ops/raci/types" class="card stack">
                <h2>"Add, rename or remove types"</h2>
                <p class="muted">"The whole matrix as JSON. A new type needs all four steps (triage, fix, customer_update, closure); cases of a removed type follow the first type's matrix."</p>
                <label for="raci-json">"Matrix (JSON)"</label>
                <textarea id="raci-json" name="json" rows="16" class="code" spellcheck="false" inner_html=textarea_text(&json)></textarea>
                {json_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Save types"</button>
            </form>
        </StaffFrame>
    }
}

/// One type's rows: a step per row, a role per column, R/A/C/I per cell.
#[component]
fn TypeGrid(t: RaciTypeView, roles: Vec<String>) -> impl IntoView {
    let code = t.code.clone();
    view! {
        <fieldset>
            <legend>{format!("{} ({})", t.label, t.code)}</legend>
            <table class="raci-grid">
                <thead><tr><th scope="col">"Step"</th>
                    {roles.iter().map(|r| view! { <th scope="col">{r.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {t.rows.into_iter().map(|row| {
                        let prefix = format!("{}.{}", code, row.step);
                        let cells = row.cells.into_iter().map(|cell| {
                            let letter = |l: char| {
                                let name = format!("{prefix}.{l}.{}", cell.role);
                                let label = format!("{} {} at {}: {}", cell.role, l, t.label, row.step_label);
                                let checked = cell.letters.contains(l);
                                view! {
                                    <label class="raci-letter">
                                        <input type="checkbox" name=name checked=checked aria-label=label/>{l.to_string()}
                                    </label>
                                }
                            };
                            let a_label = format!("{} accountable at {}: {}", cell.role, t.label, row.step_label);
                            view! {
                                <td>
                                    {letter('R')}
                                    <label class="raci-letter">
                                        <input type="radio" name=format!("{prefix}.A") value=cell.role.clone()
                                            checked=cell.letters.contains('A') aria-label=a_label/>"A"
                                    </label>
                                    {letter('C')}
                                    {letter('I')}
                                </td>
                            }
                        }).collect_view();
                        view! { <tr><th scope="row">{row.step_label.clone()}</th>{cells}</tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </fieldset>
    }
}

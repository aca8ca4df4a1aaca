//! The workspace's acts, compact in one bar: escalate, hand back, solve,
//! management, credit and major incident, and the rarer ones under "More".
//! Each is a disclosure holding its ordinary form with the required handoff
//! fields, so it works without JavaScript; one that came back with an error
//! opens by itself with what was typed.

use super::authority_acts::AuthorityActs;
use super::tier_moves::TierMoveForm;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::domain::Stage;
use crate::views::StaffCase;
use leptos::prelude::*;

/// One act: a button-like summary and its form in a panel below it.
#[component]
pub fn ActMenu(
    /// The summary's words, e.g. "Escalate".
    label: &'static str,
    /// The panel's heading, e.g. "Escalate to a higher tier".
    title: &'static str,
    /// Set for shortcuts (`/staff.js` opens it by id).
    id: &'static str,
    /// The forms (by name) whose errors open it.
    forms: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    let open = forms.iter().any(|f| FormFeedback::for_form(f).is_some());
    view! {
        <details class="act-menu" id=id open=open>
            <summary class="button">{label}</summary>
            <div class="act-panel">
                <h2>{title}</h2>
                {children()}
            </div>
        </details>
    }
}

/// The bar of acts for a case, given what its state allows.
#[component]
pub fn ActionBar(case: StaffCase, base: String) -> impl IntoView {
    let open = case.stage != Stage::Closed;
    let can_solve = open && case.stage != Stage::Resolved;
    let pairs = |codes: &[String]| {
        codes
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect::<Vec<_>>()
    };
    let (above, below) = (pairs(&case.tiers_above), pairs(&case.tiers_below));
    let management_above = case.management_above.clone();
    let managed = case.management.is_some();
    let solve = FormFeedback::for_form("solve").unwrap_or_default();
    let url = |path: &str| format!("{base}/{path}");
    let (escalations, de_escalations, resolution) =
        (url("escalations"), url("de-escalations"), url("resolution"));
    let (management_up, management_down) = (
        url("management-escalations"),
        url("management-de-escalations"),
    );
    let revocations = url("link-revocations");
    view! {
        <nav class="action-bar" aria-label="Case actions">
            {(open && !above.is_empty()).then(|| view! {
                <ActMenu label="Escalate" title="Escalate to a higher tier" id="act-escalate" forms=&["escalate"]>
                    <TierMoveForm form="escalate" action=escalations choices=above button="Escalate"/>
                </ActMenu>
            })}
            {(open && !below.is_empty()).then(|| view! {
                <ActMenu label="Hand back" title="Hand back to a lower tier" id="act-hand-back" forms=&["hand-back"]>
                    <TierMoveForm form="hand-back" action=de_escalations choices=below button="Hand back"/>
                </ActMenu>
            })}
            {can_solve.then(|| view! {
                <ActMenu label="Solve" title="Mark solved" id="act-solve" forms=&["solve"]>
                    <form method="post" action=resolution class="stack">
                        <TextField name="summary" label="What fixed it (the customer reads this)" multiline=true
                            required=true value=solve.value("summary") error=solve.error("summary")/>
                        <button type="submit" class="button primary">"Mark solved and ask the customer"</button>
                    </form>
                </ActMenu>
            })}
            {(open && (managed || !management_above.is_empty())).then(|| view! {
                <ActMenu label="Management" title="Bring in management" id="act-management"
                    forms=&["management-up", "management-down"]>
                    {(!management_above.is_empty()).then(|| view! {
                        <p class="muted">"The management path: the case stays with its tier while a manager or the executives oversee it. They are told at once, with your note."</p>
                        <TierMoveForm form="management-up" action=management_up
                            target=("to_level", "Who oversees the case") choices=management_above button="Bring in management"/>
                    })}
                    {managed.then(|| view! {
                        <h3>"Step management back"</h3>
                        <TierMoveForm form="management-down" action=management_down
                            target=("to_level", "Who oversees the case") choices=Vec::new() button="Step back one level"/>
                    })}
                </ActMenu>
            })}
            <ActMenu label="Credit or major incident" title="Credit and major incident" id="act-authority"
                forms=&["credit", "major_incident"]>
                <AuthorityActs base=base.clone() major_incident_since=case.major_incident_since.clone()/>
            </ActMenu>
            <ActMenu label="More" title="Emailed links" id="act-more" forms=&[]>
                <p class="muted">"Each email to the customer carries its own private link. If one reached the wrong person, revoke them all: later emails carry new links."</p>
                <form method="post" action=revocations>
                    <button type="submit" class="button">"Revoke emailed links"</button>
                </form>
            </ActMenu>
        </nav>
    }
}

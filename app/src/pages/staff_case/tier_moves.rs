//! The staff case page's tier moves: the latest handoff note for the team
//! that holds the case, and the escalate and hand-back forms.

use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::views::HandoffView;
use leptos::prelude::*;

/// The newest handoff note, above everything else on the page.
#[component]
pub fn HandoffCard(handoff: HandoffView) -> impl IntoView {
    view! {
        <section class="card handoff" aria-labelledby="handoff-title">
            <p class="eyebrow">{handoff.movement.clone()} " " {handoff.from} " → " {handoff.to}
                " by " {handoff.by} " · " {handoff.at_label}</p>
            <h2 id="handoff-title">"Handoff note"</h2>
            <p><strong>"Why: "</strong>{handoff.reason}</p>
            <dl class="handoff-lines">
                {handoff.lines.into_iter().map(|(label, text)| view! {
                    <dt>{label}</dt>
                    <dd>{text}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Escalate (up) or hand back (down), on the technical path (a tier) or the
/// management path (a level): the target, why, and the note. With no
/// choices the move is one step, and no target is asked.
#[component]
pub fn TierMoveForm(
    /// "escalate", "hand-back", "management-up"...: the form's name for errors.
    form: &'static str,
    action: String,
    /// The target's field, `to_tier` or `to_level`, and its label.
    #[prop(default = ("to_tier", "To tier"))]
    target: (&'static str, &'static str),
    /// (value, label) of each target, the usual one first.
    choices: Vec<(String, String)>,
    button: &'static str,
) -> impl IntoView {
    let feedback = FormFeedback::for_form(form).unwrap_or_default();
    let (field, field_label) = target;
    let chosen = feedback.value(field);
    let select_id = format!("{form}-{field}");
    let target_error = feedback.error(field);
    let target_invalid = target_error.is_some();
    let select = (!choices.is_empty()).then(|| {
        view! {
            <div class="field" class:field-invalid=target_invalid>
                <label for=select_id.clone()>{field_label}</label>
                <select id=select_id name=field required=true>
                    {choices.into_iter().map(|(value, label)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                {target_error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    });
    view! {
        <form method="post" action=action class="stack">
            {select}
            <TextField form=form name="reason" label="Why (for the team only)" required=true
                value=feedback.value("reason") error=feedback.error("reason")/>
            <TextField form=form name="handoff_note.tried" label="What was tried" multiline=true required=true
                value=feedback.value("handoff_note.tried") error=feedback.error("handoff_note.tried")/>
            <TextField form=form name="handoff_note.known" label="What is known" multiline=true required=true
                value=feedback.value("handoff_note.known") error=feedback.error("handoff_note.known")/>
            <TextField form=form name="handoff_note.told_customer" label="What the customer was told"
                multiline=true required=true value=feedback.value("handoff_note.told_customer")
                error=feedback.error("handoff_note.told_customer")/>
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

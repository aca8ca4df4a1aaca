use crate::components::form_feedback::FormFeedback;
use crate::domain::rule::form::{FACTS, FormRow, PLAIN_ACTIONS, ROWS, RuleForm};
use leptos::prelude::*;

/// The form's fields as the server reads them back.
pub fn fact_field(i: usize) -> String {
    format!("fact_{i}")
}
pub fn op_field(i: usize) -> String {
    format!("op_{i}")
}
pub fn value_field(i: usize) -> String {
    format!("value_{i}")
}
pub fn action_field(i: usize) -> String {
    format!("act_{i}")
}

/// The rule as rows and ticks: what was typed after a mistake, else the
/// source above read into the form, else an empty form.
fn shown(feedback: &FormFeedback, source: &str) -> Result<RuleForm, &'static str> {
    if feedback.values.iter().any(|(k, _)| k == "form_any") {
        let role = feedback.value("alert_role");
        let mut actions: Vec<String> = (0..PLAIN_ACTIONS.len())
            .map(|i| feedback.value(&action_field(i)))
            .filter(|a| !a.is_empty())
            .collect();
        if !role.trim().is_empty() {
            actions.push(format!("alert {}", role.trim()));
        }
        return Ok(RuleForm {
            any: feedback.value("form_any") == "any",
            rows: (0..ROWS)
                .map(|i| FormRow {
                    fact: feedback.value(&fact_field(i)),
                    op: feedback.value(&op_field(i)),
                    value: feedback.value(&value_field(i)),
                })
                .collect(),
            actions,
        });
    }
    if source.trim().is_empty() {
        return Ok(RuleForm::default());
    }
    match crate::domain::rule::Rule::parse(source) {
        Ok(rule) => RuleForm::from_rule(&rule)
            .ok_or("This rule nests and, or and not; edit it as text above."),
        Err(_) => Err("The text above does not parse yet; fix it there, or start over here."),
    }
}

/// The rule editor's form: conditions as rows, actions as ticks. "Write it
/// as a rule" puts the rule's text in the editor above (nothing is saved).
#[component]
pub fn RuleFormEditor(
    feedback: FormFeedback,
    name: String,
    source: String,
    mode: String,
    days: String,
) -> impl IntoView {
    let form_error = feedback.error("form");
    let (form, note) = match shown(&feedback, &source) {
        Ok(form) => (form, None),
        Err(note) => (RuleForm::default(), Some(note)),
    };
    let alert_role = form
        .actions
        .iter()
        .find_map(|a| a.strip_prefix("alert ").map(str::to_owned))
        .unwrap_or_default();
    let ops = ["", ">=", ">", "<=", "<", "=", "!="];
    view! {
        <form method="post" action="/ops/rules" class="card stack rule-form" aria-labelledby="rule-form-title">
            <h2 id="rule-form-title">"Or build it with the form"</h2>
            <p class="hint">"One condition per row: a fact, how it compares, and a value (flags such as breached, or \"not breached\", need neither; \"text contains\" needs the words). Empty rows are left out."</p>
            {note.map(|n| view! { <p class="muted" role="note">{n}</p> })}
            {form_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <input type="hidden" name="name" value=name/>
            <input type="hidden" name="mode" value=mode/>
            <input type="hidden" name="days" value=days/>
            <label for="form-any">"Fire when"</label>
            <select id="form-any" name="form_any">
                <option value="all" selected=!form.any>"all of these hold"</option>
                <option value="any" selected=form.any>"any of these holds"</option>
            </select>
            <datalist id="rule-facts">
                {FACTS.into_iter().map(|f| view! { <option value=f></option> }).collect_view()}
            </datalist>
            <table class="rule-rows">
                <thead><tr><th scope="col">"Fact"</th><th scope="col">"Compares"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>
                    {(0..ROWS).map(|i| {
                        let row = form.rows.get(i).cloned().unwrap_or_default();
                        let number = i + 1;
                        view! {
                            <tr>
                                <td><input type="text" list="rule-facts" name=fact_field(i) value=row.fact
                                    aria-label=format!("Condition {number}: fact")/></td>
                                <td><select name=op_field(i) aria-label=format!("Condition {number}: comparison")>
                                    {ops.into_iter().map(|op| view! {
                                        <option value=op selected=row.op == op>{if op.is_empty() { "—" } else { op }}</option>
                                    }).collect_view()}
                                </select></td>
                                <td><input type="text" name=value_field(i) value=row.value
                                    aria-label=format!("Condition {number}: value")/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset>
                <legend>"Then"</legend>
                {PLAIN_ACTIONS.into_iter().enumerate().map(|(i, action)| view! {
                    <label class="check">
                        <input type="checkbox" name=action_field(i) value=action
                            checked=form.actions.iter().any(|a| a == action)/>
                        " " {action.replace('_', " ")}
                    </label>
                }).collect_view()}
                <label for="form-alert">"Alert a role (e.g. manager)"</label>
                <input id="form-alert" type="text" name="alert_role" value=alert_role/>
            </fieldset>
            <div class="actions">
                <button type="submit" name="action" value="from_form" class="button">"Write it as a rule"</button>
            </div>
        </form>
    }
}

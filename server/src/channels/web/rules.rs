//! `POST /ops/rules`: the rule editor. "Backtest" shows the page again with
//! the draft as typed and its findings; "Save" stores a new version and
//! opens it; "Write it as a rule" turns the form's rows and ticks into the
//! rule's text, shown in the editor (nothing saved). A draft that does not
//! parse comes back with its line (or the form's row) named.

use super::{render_again, render_with, signed_in_member};
use crate::startup::AppState;
use app::components::form_feedback::FormFeedback;
use app::error::AppError;
use app::service::{now, rules};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

const PAGE: &str = "/ops/rules";
const FORM: &str = "rule";

/// The editor's own fields; the form's rows come as `fact_0`, `op_0`, ….
#[derive(Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    action: String,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let form = RuleForm {
        name: field("name"),
        source: field("source"),
        mode: field("mode"),
        days: field("days"),
        action: field("action"),
    };
    if form.action == "from_form" {
        return from_form(&state, &headers, &fields).await;
    }
    let mut values = vec![
        ("name", form.name.clone()),
        ("source", form.source.clone()),
        ("mode", form.mode.clone()),
        ("days", form.days.clone()),
    ];
    if form.action == "backtest" {
        let days = form.days.trim().parse::<i64>().map_err(|_| {
            AppError::from(app::domain::FieldErrors(vec![
                app::domain::FieldError::new("days", "Give the days as a whole number, 1 to 365."),
            ]))
        });
        let result = match days {
            Ok(days) => rules::backtest(&state.portal, &member, &form.source, days, now()).await,
            Err(error) => Err(error),
        };
        return match result {
            Ok(result) => {
                values.push((
                    "backtest",
                    serde_json::to_string(&result).unwrap_or_default(),
                ));
                let feedback = FormFeedback {
                    form: FORM.to_owned(),
                    values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                    ..Default::default()
                };
                render_with(&state, PAGE, &headers, Some(feedback)).await
            }
            Err(error) => render_again(&state, PAGE, &headers, FORM, values, error).await,
        };
    }
    match rules::save(
        &state.portal,
        &member,
        &form.name,
        &form.source,
        &form.mode,
        now(),
    )
    .await
    {
        Ok(saved) => Redirect::to(&format!("{PAGE}?rule={}", saved.name)).into_response(),
        Err(error) => render_again(&state, PAGE, &headers, FORM, values, error).await,
    }
}

/// The form's rows and ticks as the rule's text, shown in the editor; or
/// the form again with the row at fault named.
async fn from_form(
    state: &AppState,
    headers: &HeaderMap,
    fields: &HashMap<String, String>,
) -> Response {
    use app::domain::rule::form::{FormRow, PLAIN_ACTIONS, ROWS, RuleForm as Rows};
    use app::pages::ops_rules::form::{action_field, fact_field, op_field, value_field};
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut actions: Vec<String> = (0..PLAIN_ACTIONS.len())
        .map(|i| field(&action_field(i)))
        .filter(|a| PLAIN_ACTIONS.contains(&a.as_str()))
        .collect();
    let role = field("alert_role");
    if !role.trim().is_empty() {
        actions.push(format!("alert {}", role.trim()));
    }
    let rows = Rows {
        any: field("form_any") == "any",
        rows: (0..ROWS)
            .map(|i| FormRow {
                fact: field(&fact_field(i)),
                op: field(&op_field(i)),
                value: field(&value_field(i)),
            })
            .collect(),
        actions,
    };
    // Everything typed comes back, so nothing is lost on a mistake.
    let mut values: Vec<(&str, String)> =
        ["name", "mode", "days", "source", "form_any", "alert_role"]
            .into_iter()
            .map(|k| (k, field(k)))
            .collect();
    let typed: Vec<(String, String)> = (0..ROWS)
        .flat_map(|i| [fact_field(i), op_field(i), value_field(i)])
        .chain((0..PLAIN_ACTIONS.len()).map(action_field))
        .map(|k| {
            let v = field(&k);
            (k, v)
        })
        .collect();
    match rows.to_source() {
        Ok(source) => {
            values.retain(|(k, _)| *k != "source" && *k != "form_any");
            values.push(("source", source));
            let feedback = FormFeedback {
                form: FORM.to_owned(),
                values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                ..Default::default()
            };
            render_with(state, PAGE, headers, Some(feedback)).await
        }
        Err(error) => {
            let message = match error.row {
                Some(row) => format!("Condition {row}: {}", error.message),
                None => error.message,
            };
            values.extend(typed.iter().map(|(k, v)| (k.as_str(), v.clone())));
            let error = AppError::from(app::domain::FieldErrors(vec![
                app::domain::FieldError::new("form", &message),
            ]));
            render_again(state, PAGE, headers, FORM, values, error).await
        }
    }
}

//! `POST /ops/rules`: the rule editor. "Backtest" shows the page again with
//! the draft as typed and its findings; "Save" stores a new version and
//! opens it. A draft that does not parse comes back with its line named.

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

const PAGE: &str = "/ops/rules";
const FORM: &str = "rule";

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
    Form(form): Form<RuleForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
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

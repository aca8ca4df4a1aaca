//! The status page's "It got worse" form, as a plain post: back to the
//! page on success, the page again with what was typed on a refusal.

use super::{not_found, render_again};
use crate::startup::AppState;
use app::domain::CaseReference;
use app::error::AppError;
use app::service::{escalations, got_worse, now};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct WorseForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    what_changed: String,
    #[serde(default)]
    severity: String,
}

pub async fn report(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<WorseForm>,
) -> Response {
    let Some(reference) = CaseReference::parse(&reference) else {
        return not_found(&state, &headers).await;
    };
    let result = got_worse::report(
        &state.portal,
        reference.as_str(),
        &form.token,
        &form.what_changed,
        &form.severity,
        now(),
    )
    .await;
    let page = escalations::status_path(&reference, &form.token);
    match result {
        Ok(()) => Redirect::to(&format!("{page}#case-title")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let values = vec![
                ("what_changed", form.what_changed),
                ("severity", form.severity),
            ];
            render_again(&state, &page, &headers, "worse", values, error).await
        }
    }
}

//! `POST /staff/early-warning/{reference}`: acting on a case from the desk.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::early_warning::{self, Intervention};
use app::service::now;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const PAGE: &str = "/staff/early-warning";

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    severity: Option<String>,
}

pub async fn act(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ActForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let intervention = Intervention {
        kind: form.kind,
        note: form.note.clone(),
        severity: form.severity,
    };
    match early_warning::intervene(&state.portal, &member, &reference, intervention, now()).await {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => {
            render_again(
                &state,
                PAGE,
                &headers,
                "early-warning",
                vec![("note", form.note)],
                error,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

/// `POST /staff/rule-approvals/{id}`: approve or reject what a rule asks.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let decided = match (id.parse::<i64>(), form.decision.as_str()) {
        (Ok(id), "approve" | "reject") => {
            app::service::rules::decide(
                &state.portal,
                &member,
                id,
                form.decision == "approve",
                now(),
            )
            .await
        }
        (Err(_), _) => Err(app::error::AppError::NotFound),
        _ => Err(app::domain::FieldErrors(vec![app::domain::FieldError::new(
            "decision",
            "Approve or reject.",
        )])
        .into()),
    };
    match decided {
        Ok(_) => Redirect::to(PAGE).into_response(),
        Err(error) => {
            render_again(&state, PAGE, &headers, "early-warning", Vec::new(), error).await
        }
    }
}

//! The early-warning desk in the staff API: the ranked list, and acting on
//! a case from it.

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::early_warning::{self, Intervention};
use app::service::now;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

/// `GET /early-warning`: cases and accounts ranked by risk, each with its
/// `score` and `reasons`, and the prevented-escalations report.
pub(super) async fn desk(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Json<Value>, ApiError> {
    let desk = early_warning::desk(&state.portal, now()).await?;
    Ok(Json(
        serde_json::to_value(&desk).unwrap_or_else(|_| json!({})),
    ))
}

#[derive(Deserialize)]
pub(super) struct Act {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    severity: Option<String>,
}

/// `POST /early-warning/{reference}/interventions` `{kind, note, severity?}`
/// → 201: call, message (the note is the customer's update), severity, or
/// sponsor; no sign-off, and recorded.
pub(super) async fn intervene(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Act>,
) -> Result<Response, ApiError> {
    let intervention = Intervention {
        kind: request.kind,
        note: request.note,
        severity: request.severity,
    };
    early_warning::intervene(&state.portal, &member, &reference, intervention, now()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "reference": reference }))).into_response())
}

#[derive(Deserialize)]
pub(super) struct Decision {
    #[serde(default)]
    decision: String,
}

/// `POST /rule-approvals/{id}` `{decision: approve|reject}` → 200
/// `{outcome}`: what Baton did, in words. 409 when someone decided first.
pub(super) async fn decide(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<Decision>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::from(app::error::AppError::NotFound))?;
    let approve = match request.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(ApiError::from(app::error::AppError::from(
                app::domain::FieldErrors(vec![app::domain::FieldError::new(
                    "decision",
                    "Use approve or reject.",
                )]),
            )));
        }
    };
    let outcome = app::service::rules::decide(&state.portal, &member, id, approve, now()).await?;
    Ok(Json(json!({ "outcome": outcome })))
}

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

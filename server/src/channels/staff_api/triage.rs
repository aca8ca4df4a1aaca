//! The staff API's triage on a case: re-rate it, or change its escalation
//! type (which picks its RACI matrix). Each answers with the case as it is
//! now; 422 names the field, 409 means it already has that value.

use super::{Staff, act};
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::staff_desk::StaffAction;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub(super) struct SeverityRequest {
    #[serde(default)]
    severity: String,
}

/// `POST /cases/{reference}/severity` `{severity}`: S1..S4.
pub(super) async fn severity(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<SeverityRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::ChangeSeverity {
        severity: request.severity,
    };
    act(&state, &member, &reference, action).await
}

#[derive(Deserialize)]
pub(super) struct TypeRequest {
    #[serde(default)]
    escalation_type: String,
}

/// `POST /cases/{reference}/type` `{escalation_type}`: a code the matrix knows.
pub(super) async fn escalation_type(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<TypeRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::ChangeType {
        escalation_type: request.escalation_type,
    };
    act(&state, &member, &reference, action).await
}

//! The staff API's acts the authority matrix guards, with the console's
//! rules: 403 with who may instead, 422 naming the field.

use super::{Staff, act};
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::staff_desk::StaffAction;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub(super) struct CreditRequest {
    /// A whole amount; a number or a string of digits.
    #[serde(default)]
    amount: Value,
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{reference}/credits` `{amount, reason}`.
pub(super) async fn grant_credit(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<CreditRequest>,
) -> Result<Json<Value>, ApiError> {
    let amount = match request.amount {
        Value::String(text) => text,
        Value::Null => String::new(),
        // `250.0` is the whole number 250 in JSON, as in the document's `integer`.
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    };
    let action = StaffAction::GrantCredit {
        amount,
        reason: request.reason,
    };
    act(&state, &member, &reference, action).await
}

#[derive(Deserialize)]
pub(super) struct MajorIncidentRequest {
    #[serde(default)]
    summary: String,
}

/// `POST /cases/{reference}/major-incident` `{summary}`; 409 when it already is one.
pub(super) async fn declare_major_incident(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<MajorIncidentRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::DeclareMajorIncident {
        summary: request.summary,
    };
    act(&state, &member, &reference, action).await
}

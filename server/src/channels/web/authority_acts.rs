//! The case page's acts the authority matrix guards: a goodwill credit and
//! declaring a major incident. Refusals come back on the page, saying who may.

use super::staff_act;
use crate::startup::AppState;
use app::service::staff_desk::StaffAction;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CreditForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// `POST /staff/cases/{reference}/credits`.
pub async fn grant_credit(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CreditForm>,
) -> Response {
    let action = StaffAction::GrantCredit {
        amount: form.amount.clone(),
        reason: form.reason.clone(),
    };
    let values = vec![("amount", form.amount), ("reason", form.reason)];
    staff_act(&state, &reference, &headers, action, "credit", values).await
}

#[derive(Deserialize)]
pub struct MajorIncidentForm {
    #[serde(default)]
    summary: String,
}

/// `POST /staff/cases/{reference}/major-incident`.
pub async fn declare_major_incident(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<MajorIncidentForm>,
) -> Response {
    let action = StaffAction::DeclareMajorIncident {
        summary: form.summary.clone(),
    };
    let values = vec![("summary", form.summary)];
    staff_act(
        &state,
        &reference,
        &headers,
        action,
        "major_incident",
        values,
    )
    .await
}

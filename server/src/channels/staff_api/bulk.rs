//! The staff API's bulk acts, as the queue offers them: one owner or one
//! escalation type for many cases. 200 `{done: [reference], refused:
//! [{reference, reason}]}`; a wrong owner or type is a 422 before any case
//! changes.

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::bulk::{self, BulkAct, BulkOutcome};
use app::service::now;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignRequest {
    references: Vec<String>,
    email: String,
}

/// `POST /bulk/assignment` `{references, email}`.
pub(super) async fn assign(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<AssignRequest>,
) -> Result<Json<Value>, ApiError> {
    let act = BulkAct::Assign {
        email: request.email,
    };
    let outcome = bulk::apply(&state.portal, &member, &request.references, act, now()).await?;
    Ok(Json(answer(outcome)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TypeRequest {
    references: Vec<String>,
    escalation_type: String,
}

/// `POST /bulk/type` `{references, escalation_type}`.
pub(super) async fn retype(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<TypeRequest>,
) -> Result<Json<Value>, ApiError> {
    let act = BulkAct::Retype {
        escalation_type: request.escalation_type,
    };
    let outcome = bulk::apply(&state.portal, &member, &request.references, act, now()).await?;
    Ok(Json(answer(outcome)))
}

fn answer(outcome: BulkOutcome) -> Value {
    json!({
        "done": outcome.done,
        "refused": outcome.refused.into_iter()
            .map(|(reference, reason)| json!({ "reference": reference, "reason": reason }))
            .collect::<Vec<_>>(),
    })
}

//! The staff API's swarm actions on a case. Each answers with the case as
//! it is now, its `swarm` included: 422 names the field at fault, 409 means
//! the swarm is not in a state for this (already open, closed, none open).

use super::{Staff, case_answer};
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::now;
use app::service::swarms::{self, SwarmAction};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct StartRequest {
    #[serde(default)]
    facilitator_email: Option<String>,
}

/// Starts a swarm; the facilitator defaults to the caller. 201.
pub(super) async fn start(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    let action = SwarmAction::Start {
        facilitator_email: request.facilitator_email,
    };
    act(&state, &member, &reference, action, StatusCode::CREATED).await
}

#[derive(Deserialize)]
pub(super) struct MemberRequest {
    #[serde(default)]
    email: String,
}

pub(super) async fn add_member(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<MemberRequest>,
) -> Result<Response, ApiError> {
    let action = SwarmAction::AddMember {
        email: request.email,
    };
    act(&state, &member, &reference, action, StatusCode::CREATED).await
}

#[derive(Deserialize)]
pub(super) struct EntryRequest {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
}

pub(super) async fn add_entry(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<EntryRequest>,
) -> Result<Response, ApiError> {
    let action = SwarmAction::AddEntry {
        kind: request.kind,
        body: request.body,
    };
    act(&state, &member, &reference, action, StatusCode::CREATED).await
}

#[derive(Deserialize)]
pub(super) struct ClosureRequest {
    #[serde(default)]
    summary: String,
}

pub(super) async fn close(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ClosureRequest>,
) -> Result<Response, ApiError> {
    let action = SwarmAction::Close {
        summary: request.summary,
    };
    act(&state, &member, &reference, action, StatusCode::OK).await
}

async fn act(
    state: &AppState,
    member: &app::domain::StaffMember,
    reference: &str,
    action: SwarmAction,
    status: StatusCode,
) -> Result<Response, ApiError> {
    swarms::act(&state.portal, member, reference, action, now()).await?;
    let answer = case_answer(state, reference).await?;
    Ok((status, answer).into_response())
}

//! Reviews in the staff API: the queue, one review, writing it, and its
//! action items.

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::domain::review::ReviewInput;
use app::error::AppError;
use app::service::{now, reviews};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(super) struct StateQuery {
    #[serde(default)]
    state: String,
}

/// `GET /reviews?state=due|written|all`: soonest due first.
pub(super) async fn list(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<StateQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let items = reviews::list(&state.portal, &query.state, now()).await?;
    Ok(Json(json!({ "reviews": items })).into_response())
}

/// `GET /reviews/{reference}`: the review with its timeline and actions.
pub(super) async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    Path(reference): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(reviews::page(&state.portal, &reference, now()).await?).into_response())
}

/// `POST /reviews/{reference}`: writes (or rewrites) the review.
pub(super) async fn write(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Response, ApiError> {
    reviews::write(&state.portal, &member, &reference, &input, now()).await?;
    Ok(Json(reviews::page(&state.portal, &reference, now()).await?).into_response())
}

#[derive(Deserialize)]
pub(super) struct NewAction {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner_email: String,
    /// A date, like 2026-12-31.
    #[serde(default)]
    due: String,
}

/// `POST /reviews/{reference}/actions` → 201.
pub(super) async fn add_action(
    State(state): State<AppState>,
    _staff: Staff,
    Path(reference): Path<String>,
    ApiJson(action): ApiJson<NewAction>,
) -> Result<Response, ApiError> {
    let added = reviews::add_action(
        &state.portal,
        &reference,
        &action.title,
        &action.owner_email,
        &action.due,
        now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}

#[derive(Deserialize)]
pub(super) struct ActionChange {
    done: bool,
}

/// `POST /review-actions/{id}` `{done}`.
pub(super) async fn set_action(
    State(state): State<AppState>,
    _staff: Staff,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<ActionChange>,
) -> Result<Response, ApiError> {
    // An id that cannot be one is answered like a missing action.
    let id: i64 = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    Ok(Json(reviews::set_action(&state.portal, id, change.done, now()).await?).into_response())
}

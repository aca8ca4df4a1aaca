//! The staff API for major incidents, under `/api/v1/staff/incidents`.
//! Every answer carries the incident as the war room shows it: 422 names the
//! field at fault, 403 says who may instead, 409 means the incident is not
//! in a state for this (resolved, closed, review missing, cases still open).

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::service::incidents::{self, DeclareRequest, UpdateRequest};
use app::service::now;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub(super) struct Declare {
    #[serde(default)]
    title: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    commander_email: Option<String>,
    #[serde(default)]
    drill: bool,
    #[serde(default)]
    kind: Option<String>,
}

/// `{title, impact, commander_email?, drill?, kind?}` → 201 with `reference`;
/// a kind brings its playbook's tasks.
pub(super) async fn declare(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<Declare>,
) -> Result<Response, ApiError> {
    let request = DeclareRequest {
        title: request.title,
        impact: request.impact,
        commander_email: request.commander_email,
        drill: request.drill,
        kind: request.kind,
    };
    let reference = incidents::declare(&state.portal, &member, request, now()).await?;
    let answer = answer(&state, &member, reference.as_str()).await?;
    Ok((StatusCode::CREATED, answer).into_response())
}

pub(super) async fn show(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    answer(&state, &member, &reference).await
}

#[derive(Deserialize)]
pub(super) struct Role {
    #[serde(default)]
    role: String,
    #[serde(default)]
    email: String,
}

/// `{role: commander|comms_lead|scribe, email}`: hands the role over.
pub(super) async fn hand_role(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Role>,
) -> Result<Json<Value>, ApiError> {
    incidents::hand_role(
        &state.portal,
        &member,
        &reference,
        &request.role,
        &request.email,
        now(),
    )
    .await?;
    answer(&state, &member, &reference).await
}

#[derive(Deserialize)]
pub(super) struct EntryRequest {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
}

/// `{kind: decision|note|task, body}` → 201.
pub(super) async fn add_entry(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<EntryRequest>,
) -> Result<Response, ApiError> {
    incidents::add_entry(
        &state.portal,
        &member,
        &reference,
        &request.kind,
        &request.body,
        now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        answer(&state, &member, &reference).await?,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct Links {
    #[serde(default)]
    references: Vec<String>,
}

/// `{references: ["ESC-…"]}`: links the cases; linking one twice changes nothing.
pub(super) async fn link(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Links>,
) -> Result<Json<Value>, ApiError> {
    let linked = incidents::link(
        &state.portal,
        &member,
        &reference,
        &request.references,
        now(),
    )
    .await?;
    let Json(mut answer) = answer(&state, &member, &reference).await?;
    answer["linked"] = linked.linked.into();
    answer["already_linked"] = linked.already.into();
    Ok(Json(answer))
}

#[derive(Deserialize)]
pub(super) struct Update {
    #[serde(default)]
    affected: String,
    #[serde(default)]
    known: String,
    #[serde(default)]
    doing: String,
    #[serde(default)]
    next_update_at: String,
}

impl From<Update> for UpdateRequest {
    fn from(update: Update) -> Self {
        UpdateRequest {
            affected: update.affected,
            known: update.known,
            doing: update.doing,
            next_update_at: update.next_update_at,
        }
    }
}

/// `{affected, known, doing, next_update_at}` → 201, with how many
/// addresses were emailed (or, in a drill, how many emails were kept).
pub(super) async fn publish(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Update>,
) -> Result<Response, ApiError> {
    let request = UpdateRequest::from(request);
    let reached = incidents::publish(&state.portal, &member, &reference, request, now()).await?;
    let Json(mut answer) = answer(&state, &member, &reference).await?;
    answer["recipients"] = reached.into();
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

#[derive(Deserialize)]
pub(super) struct Resolution {
    #[serde(default)]
    summary: String,
}

/// `{summary}`: resolves the incident and every linked case still open.
pub(super) async fn resolve(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Resolution>,
) -> Result<Json<Value>, ApiError> {
    incidents::resolve(&state.portal, &member, &reference, &request.summary, now()).await?;
    answer(&state, &member, &reference).await
}

#[derive(Deserialize)]
pub(super) struct ReviewRequest {
    #[serde(default)]
    what_happened: String,
    #[serde(default)]
    went_well: String,
    #[serde(default)]
    we_change: String,
}

/// `{what_happened, went_well, we_change}`: the blameless review.
pub(super) async fn review(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ReviewRequest>,
) -> Result<Json<Value>, ApiError> {
    incidents::review(
        &state.portal,
        &member,
        &reference,
        &request.what_happened,
        &request.went_well,
        &request.we_change,
        now(),
    )
    .await?;
    answer(&state, &member, &reference).await
}

/// Closes the incident: 409 until it is resolved and reviewed.
pub(super) async fn close(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    incidents::close(&state.portal, &member, &reference, now()).await?;
    answer(&state, &member, &reference).await
}

/// `{affected, known, doing, next_update_at}` → 200 `{web, email_subject,
/// email_body}`: the update as customers will read it; nothing is sent.
pub(super) async fn preview_update(
    State(state): State<AppState>,
    _staff: Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Update>,
) -> Result<Json<Value>, ApiError> {
    let request = UpdateRequest::from(request);
    let preview = incidents::preview(&state.portal, &reference, &request, now()).await?;
    Ok(Json(
        serde_json::to_value(&preview).unwrap_or_else(|_| json!({})),
    ))
}

#[derive(Deserialize)]
pub(super) struct NewTask {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner_email: Option<String>,
}

/// `{title, owner_email?}` → 201 with the war room; the task's `id` is in `tasks`.
pub(super) async fn add_task(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<NewTask>,
) -> Result<Response, ApiError> {
    incidents::add_task(
        &state.portal,
        &member,
        &reference,
        &request.title,
        request.owner_email.as_deref(),
        now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        answer(&state, &member, &reference).await?,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct TaskChange {
    #[serde(default)]
    owner_email: Option<String>,
    #[serde(default)]
    done: Option<bool>,
}

/// `{owner_email?, done?}`: hands the task on, ticks it, or opens it again.
pub(super) async fn change_task(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path((reference, task)): Path<(String, String)>,
    ApiJson(request): ApiJson<TaskChange>,
) -> Result<Json<Value>, ApiError> {
    // Any other path is a task that does not exist, like a missing incident.
    let task: i64 = task
        .parse()
        .map_err(|_| ApiError::from(app::error::AppError::NotFound))?;
    let change = incidents::TaskChange {
        owner_email: request.owner_email,
        done: request.done,
    };
    incidents::change_task(&state.portal, &member, &reference, task, change, now()).await?;
    answer(&state, &member, &reference).await
}

#[derive(Deserialize)]
pub(super) struct Notice {
    /// Required: leaving it out is not a choice.
    shown: bool,
}

/// `{shown}`: whether the raise form tells customers about this incident.
pub(super) async fn raise_notice(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<Notice>,
) -> Result<Json<Value>, ApiError> {
    incidents::show_on_raise_form(&state.portal, &member, &reference, request.shown, now()).await?;
    answer(&state, &member, &reference).await
}

async fn answer(
    state: &AppState,
    member: &StaffMember,
    reference: &str,
) -> Result<Json<Value>, ApiError> {
    let view = incidents::war_room(&state.portal, member, reference, now()).await?;
    Ok(Json(
        serde_json::to_value(&view).unwrap_or_else(|_| json!({ "reference": reference })),
    ))
}

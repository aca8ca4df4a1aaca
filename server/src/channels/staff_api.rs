//! The staff API under `/api/v1/staff`: the queue, a case with its whole
//! history, and the console's actions. Every request carries a personal
//! staff token (`Authorization: Bearer`, from `baton admin issue-token`);
//! without a valid one the answer is 401. Errors have the public API's shape.

use super::api::{ApiError, ApiJson};
use super::signed_in::Staff;
use crate::startup::AppState;
use app::domain::StaffMember;
use app::domain::{Case, Event, EventKind};
use app::error::AppError;
use app::service::staff_desk::{self, StaffAction};
use app::service::{now, phone_calls};
use app::views::{ManagementMoveRequest, QueueItem, QueueQuery, RaiseRequest, TierMoveRequest};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

mod articles;
mod authority_acts;
mod bulk;
mod early_warning;
mod incidents;
pub(crate) mod reports;
mod reviews;
mod swarm;
mod triage;
mod views;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases", get(queue))
        .route("/cases/{reference}", get(case))
        .route("/cases/{reference}/escalations", post(escalate))
        .route("/cases/{reference}/de-escalations", post(deescalate))
        .route("/cases/{reference}/replies", post(reply))
        .route("/cases/{reference}/assignment", post(assign))
        .route("/cases/{reference}/resolution", post(resolve))
        .route("/cases/{reference}/link-revocations", post(revoke_links))
        .route("/cases/{reference}/followers", post(answer_follower))
        .route("/cases/{reference}/swarm", post(swarm::start))
        .route("/cases/{reference}/swarm/members", post(swarm::add_member))
        .route("/cases/{reference}/swarm/entries", post(swarm::add_entry))
        .route("/cases/{reference}/swarm/closure", post(swarm::close))
        .route("/cases/{reference}/severity", post(triage::severity))
        .route("/cases/{reference}/type", post(triage::escalation_type))
        .route(
            "/cases/{reference}/management-escalations",
            post(escalate_management),
        )
        .route(
            "/cases/{reference}/management-de-escalations",
            post(deescalate_management),
        )
        .route(
            "/cases/{reference}/credits",
            post(authority_acts::grant_credit),
        )
        .route(
            "/cases/{reference}/major-incident",
            post(authority_acts::declare_major_incident),
        )
        .route("/bulk/assignment", post(bulk::assign))
        .route("/bulk/type", post(bulk::retype))
        .route("/calls", post(log_call))
        .route("/views", get(views::list).post(views::save))
        .route("/views/{id}/removal", post(views::remove))
        .route("/articles", get(articles::list).post(articles::create))
        .route("/reviews", get(reviews::list))
        .route(
            "/reviews/{reference}",
            get(reviews::show).post(reviews::write),
        )
        .route("/reviews/{reference}/actions", post(reviews::add_action))
        .route("/review-actions/{id}", post(reviews::set_action))
        .route("/articles/{slug}", put(articles::update))
        // Every table of the reports page, as JSON or CSV (`reports::table`).
        .route("/reports/sla", get(reports::table))
        .route("/reports/sla.csv", get(reports::table))
        .route("/reports/outcomes", get(reports::table))
        .route("/reports/outcomes.csv", get(reports::table))
        .route("/reports/time-in-tier", get(reports::table))
        .route("/reports/time-in-tier.csv", get(reports::table))
        .route("/reports/paths", get(reports::table))
        .route("/reports/paths.csv", get(reports::table))
        .route("/reports/repeat-causes", get(reports::table))
        .route("/reports/repeat-causes.csv", get(reports::table))
        .route("/reports/repeat-accounts", get(reports::table))
        .route("/reports/repeat-accounts.csv", get(reports::table))
        .route("/reports/prevented", get(reports::table))
        .route("/reports/prevented.csv", get(reports::table))
        .route("/reports/rule-firings", get(reports::table))
        .route("/reports/rule-firings.csv", get(reports::table))
        .route("/incidents", post(incidents::declare))
        .route("/incidents/{reference}", get(incidents::show))
        .route("/incidents/{reference}/roles", post(incidents::hand_role))
        .route("/incidents/{reference}/entries", post(incidents::add_entry))
        .route("/incidents/{reference}/cases", post(incidents::link))
        .route("/incidents/{reference}/updates", post(incidents::publish))
        .route(
            "/incidents/{reference}/updates/preview",
            post(incidents::preview_update),
        )
        .route(
            "/incidents/{reference}/resolution",
            post(incidents::resolve),
        )
        .route("/incidents/{reference}/review", post(incidents::review))
        .route("/incidents/{reference}/closure", post(incidents::close))
        .route("/incidents/{reference}/tasks", post(incidents::add_task))
        .route(
            "/incidents/{reference}/tasks/{task}",
            post(incidents::change_task),
        )
        .route(
            "/incidents/{reference}/notice",
            post(incidents::raise_notice),
        )
        .route("/early-warning", get(early_warning::desk))
        .route(
            "/early-warning/{reference}/interventions",
            post(early_warning::intervene),
        )
        .route("/rule-approvals/{id}", post(early_warning::decide))
        .fallback(|| async { ApiError::from(AppError::NotFound) })
}

async fn queue(
    State(state): State<AppState>,
    Staff(member): Staff,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    // A query that cannot be read (a filter given twice) is a 400 like a bad body.
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let selection =
        staff_desk::parse_queue_filter(&query, &state.portal.rules().tiers, member.staff_id)
            .map_err(AppError::Invalid)?;
    let cases = staff_desk::queue_filtered(&state.portal, &selection, now()).await?;
    Ok(Json(
        json!({ "cases": cases.iter().map(queue_json).collect::<Vec<_>>() }),
    ))
}

async fn case(
    State(state): State<AppState>,
    _staff: Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    case_answer(&state, &reference).await
}

async fn escalate(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<TierMoveRequest>,
) -> Result<Json<Value>, ApiError> {
    act(&state, &member, &reference, StaffAction::Escalate(request)).await
}

async fn deescalate(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<TierMoveRequest>,
) -> Result<Json<Value>, ApiError> {
    act(
        &state,
        &member,
        &reference,
        StaffAction::Deescalate(request),
    )
    .await
}

/// The management path: `{to_level?, reason, handoff_note}`.
async fn escalate_management(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ManagementMoveRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::EscalateManagement(request);
    act(&state, &member, &reference, action).await
}

async fn deescalate_management(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ManagementMoveRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::DeescalateManagement(request);
    act(&state, &member, &reference, action).await
}

#[derive(Deserialize)]
struct ReplyRequest {
    #[serde(default)]
    body: String,
    /// `true`: an update the customer reads; `false`: an internal note.
    public: bool,
    #[serde(default)]
    waits_for_customer: bool,
}

async fn reply(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ReplyRequest>,
) -> Result<Response, ApiError> {
    let action = if request.public {
        StaffAction::PostUpdate {
            body: request.body,
            waits_for_customer: request.waits_for_customer,
        }
    } else {
        StaffAction::AddInternalNote { body: request.body }
    };
    let answer = act(&state, &member, &reference, action).await?;
    Ok((StatusCode::CREATED, answer).into_response())
}

#[derive(Deserialize)]
struct AssignRequest {
    #[serde(default)]
    email: String,
}

async fn assign(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<AssignRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::Assign {
        email: request.email,
    };
    act(&state, &member, &reference, action).await
}

#[derive(Deserialize)]
struct ResolutionRequest {
    #[serde(default)]
    summary: String,
}

async fn resolve(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<ResolutionRequest>,
) -> Result<Json<Value>, ApiError> {
    let action = StaffAction::MarkSolved {
        summary: request.summary,
    };
    act(&state, &member, &reference, action).await
}

#[derive(serde::Deserialize)]
struct FollowerRequest {
    email: String,
    agree: bool,
}

/// Agrees to (or declines) someone copied in following the case; 200
/// `{"email", "following"}`, 409 when they wait for no answer.
async fn answer_follower(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<FollowerRequest>,
) -> Result<Json<Value>, ApiError> {
    staff_desk::answer_invitation(
        &state.portal,
        &member,
        &reference,
        &request.email,
        request.agree,
        now(),
    )
    .await?;
    Ok(Json(
        json!({ "email": request.email.trim().to_lowercase(), "following": request.agree }),
    ))
}

/// Revokes every emailed link of the case; 200 `{"revoked": n}`.
async fn revoke_links(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let revoked =
        app::service::subscriptions::revoke_links(&state.portal, &member, &reference, now())
            .await?;
    Ok(Json(json!({ "revoked": revoked })))
}

/// A phone call logged for the caller: the same fields and rules as the web
/// form (severity required); 201 with the new case's reference.
async fn log_call(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<RaiseRequest>,
) -> Result<Response, ApiError> {
    let raised = phone_calls::log_call(&state.portal, &member, &request, now()).await?;
    let answer = Json(json!({ "reference": raised.reference }));
    Ok((StatusCode::CREATED, answer).into_response())
}

/// Does `action` and answers with the case as it is now.
pub(super) async fn act(
    state: &AppState,
    member: &StaffMember,
    reference: &str,
    action: StaffAction,
) -> Result<Json<Value>, ApiError> {
    staff_desk::act(&state.portal, member, reference, action, now()).await?;
    case_answer(state, reference).await
}

async fn case_answer(state: &AppState, reference: &str) -> Result<Json<Value>, ApiError> {
    let (case, events) = staff_desk::case_record(&state.portal, reference).await?;
    let mut answer = case_json(&case, &events);
    let panel = app::service::swarms::panel(&state.portal, reference).await?;
    answer["swarm"] = serde_json::to_value(&panel.swarm).unwrap_or(Value::Null);
    answer["swarm_suggestion"] = panel.suggestion.into();
    Ok(Json(answer))
}

fn queue_json(item: &QueueItem) -> Value {
    json!({
        "reference": item.reference,
        "subject": item.subject,
        "customer": item.customer_name,
        "severity": item.severity.code(),
        "stage": item.stage.code(),
        "tier": item.tier,
        "assignee": item.assignee_name,
        "due_at": item.due_at.map(|at| at.to_string()),
        "at_risk": item.at_risk,
        "breached": item.breached,
        "major_incident": item.major_incident,
    })
}

fn case_json(case: &Case, events: &[Event]) -> Value {
    json!({
        "reference": case.reference.as_str(),
        "subject": case.subject,
        "description": case.description,
        "customer": { "name": case.customer_name, "email": case.customer_email },
        "channel": case.channel.code(),
        "severity": case.severity.code(),
        "stage": case.stage.code(),
        "tier": case.tier.code(),
        "escalation_type": case.escalation_type,
        "assignee": case.assignee.as_ref().map(|a| json!({ "staff_id": a.staff_id, "name": a.name })),
        "reopen_count": case.reopen_count,
        "major_incident_at": case.major_incident_at.map(|at| at.to_string()),
        "management": case.management.map(|l| l.code()),
        "created_at": case.created_at.to_string(),
        "events": events.iter().map(event_json).collect::<Vec<_>>(),
    })
}

/// `{kind, at, actor, public, ...payload}`; tiers as their codes.
fn event_json(event: &Event) -> Value {
    let mut value = serde_json::to_value(&event.kind).unwrap_or_else(|_| json!({}));
    if let Value::Object(fields) = &mut value {
        fields.remove("type");
        if let EventKind::Escalated { from, to, .. } | EventKind::Deescalated { from, to, .. } =
            &event.kind
        {
            fields.insert("from".into(), from.code().into());
            fields.insert("to".into(), to.code().into());
        }
        fields.insert("kind".into(), event.kind.code().into());
        fields.insert("at".into(), event.at.to_string().into());
        fields.insert("public".into(), event.kind.is_public().into());
        fields.insert(
            "actor".into(),
            serde_json::to_value(&event.actor).unwrap_or(Value::Null),
        );
    }
    value
}

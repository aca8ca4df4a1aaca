//! The staff API under `/api/v1/admin`: the template studio and the other
//! settings for support ops, and staff access for admins.
//! Every request carries a personal staff token (`Authorization: Bearer`);
//! a browser's session cookie is not enough. Errors have the shape of the
//! public API's, with `line` when a template is broken.

use super::api::{ApiError, ApiJson};
use super::signed_in::Staff;
use crate::startup::AppState;
use app::domain::authority::AuthorityMatrix;
use app::domain::template::{JargonList, Locale, PUBLISH_AT, TemplateChannel, TemplateKind};
use app::error::AppError;
use app::service::incidents::playbooks;
use app::service::now;
use app::service::sla_settings::{self, SaveError, SlaFile};
use app::service::staff_access::{self, AccessError, ChangedBy, MemberAccess};
use app::service::templates::{self, StudioError};
use app::service::{authority, jargon, raci, rules, sponsors};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/templates", get(list))
        .route("/templates/preview", post(preview))
        .route("/templates/{kind}/{channel}/{locale}", put(publish))
        .route(
            "/authority",
            get(authority_matrix).put(set_authority_matrix),
        )
        .route("/jargon", get(jargon_list).put(set_jargon_list))
        .route("/raci", get(raci_matrix).put(set_raci_matrix))
        .route("/sponsors", get(sponsor_settings).put(set_sponsor_settings))
        .route(
            "/playbooks",
            get(playbook_settings).put(set_playbook_settings),
        )
        .route("/reviews", get(review_settings).put(set_review_settings))
        .route(
            "/risk-signals",
            get(risk_signal_settings).put(set_risk_signal_settings),
        )
        .route("/rules", get(rule_list))
        .route("/rules/backtest", post(rule_backtest))
        .route("/rules/{name}", get(rule_history).put(save_rule))
        .route("/sla/{name}", get(sla_setting).put(set_sla_setting))
        .route("/tiers", get(tiers_page))
        .route("/set-aside", get(set_aside))
        .route("/staff/{email}/place", put(place_staff))
        .route("/staff/{email}/disable", post(disable_staff))
        .route("/staff/{email}/enable", post(enable_staff))
        .route("/staff/{email}/token-revocations", post(revoke_tokens))
}

/// `GET /jargon`: `{"source", "words": [{"term", "instead"}]}`; ops and admins.
async fn jargon_list(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = jargon::page(&state.portal, &member).await?;
    let words = JargonList::parse_text(&page.source)
        .map(|l| l.0)
        .unwrap_or_default();
    Ok(Json(json!({ "source": page.source, "words": words })))
}

#[derive(Deserialize)]
struct JargonRequest {
    source: String,
}

/// `PUT /jargon` `{"source"}`: replaces the list; 422 names the line.
async fn set_jargon_list(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<JargonRequest>,
) -> Result<Json<Value>, ApiError> {
    let list = jargon::save(&state.portal, &member, &request.source, now()).await?;
    Ok(Json(json!({ "source": list.to_text(), "words": list.0 })))
}

/// `GET /authority`: `{"grants": [{"power", "role", "tier"}]}`; admins only.
async fn authority_matrix(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = authority::page(&state.portal, &member).await?;
    let grants: Value = serde_json::from_str(&page.json).unwrap_or_else(|_| json!([]));
    Ok(Json(json!({ "grants": grants })))
}

#[derive(Deserialize)]
struct MatrixRequest {
    grants: Value,
}

/// `PUT /authority`: replaces the matrix; 422 names the bad grant.
async fn set_authority_matrix(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<MatrixRequest>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_admin(authority::CONFIGURING)
        .map_err(AppError::from)?;
    let matrix = AuthorityMatrix::from_json(&request.grants.to_string())
        .map_err(|message| ApiError::unprocessable("invalid_matrix", message, None))?;
    authority::save(&state.portal, &member, &matrix, now()).await?;
    Ok(Json(json!({ "grants": request.grants })))
}

/// `GET /raci`: `{"types": [{code, label, steps: {step: {responsible,
/// accountable, consulted, informed}}}]}`; ops and admins.
async fn raci_matrix(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = raci::page(&state.portal, &member).await?;
    let types: Value = serde_json::from_str(&page.json).unwrap_or_else(|_| json!([]));
    Ok(Json(json!({ "types": types })))
}

#[derive(Deserialize)]
struct RaciRequest {
    types: Value,
}

/// `PUT /raci`: replaces the escalation types and their matrices; 422 names
/// the bad type and step.
async fn set_raci_matrix(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<RaciRequest>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(raci::CONFIGURING)
        .map_err(AppError::from)?;
    let matrix = app::domain::raci::RaciMatrix::from_json(&request.types.to_string())
        .map_err(|message| ApiError::unprocessable("invalid_matrix", message, None))?;
    raci::save(&state.portal, &member, &matrix, now()).await?;
    let types: Value = serde_json::from_str(&matrix.to_json()).unwrap_or_else(|_| json!([]));
    Ok(Json(json!({ "types": types })))
}

/// `GET /sponsors`: `{"accounts": [...], "rules": {...}, "ask"}`; ops and admins.
async fn sponsor_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = sponsors::page(&state.portal, &member, now()).await?;
    Ok(Json(
        serde_json::from_str(&page.json).unwrap_or_else(|_| json!({})),
    ))
}

/// `PUT /sponsors`: replaces key accounts, rotations, rules and the ask;
/// 422 names the bad entry.
async fn set_sponsor_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(sponsors::CONFIGURING)
        .map_err(AppError::from)?;
    let settings = app::domain::sponsor::SponsorSettings::from_json(&request.to_string())
        .map_err(|message| ApiError::unprocessable("invalid_sponsors", message, None))?;
    sponsors::save(&state.portal, &member, &settings, now()).await?;
    Ok(Json(
        serde_json::from_str(&settings.to_json()).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /playbooks`: `{"role_cards": {...}, "playbooks": [...]}`; ops and admins.
async fn playbook_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = playbooks::page(&state.portal, &member).await?;
    Ok(Json(
        serde_json::from_str(&page.json).unwrap_or_else(|_| json!({})),
    ))
}

/// `PUT /playbooks`: replaces the role cards and playbooks; 422 names the
/// bad entry.
async fn set_playbook_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(playbooks::CONFIGURING)
        .map_err(AppError::from)?;
    let settings =
        app::domain::incident_playbook::PlaybookSettings::from_json(&request.to_string())
            .map_err(|message| ApiError::unprocessable("invalid_playbooks", message, None))?;
    playbooks::save(&state.portal, &member, &settings, now()).await?;
    Ok(Json(
        serde_json::from_str(&settings.to_json()).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /reviews`: `{"required": {...}, "root_causes": [...]}`; ops and admins.
async fn review_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(app::service::reviews::CONFIGURING)
        .map_err(AppError::from)?;
    let settings: app::domain::review::ReviewSettings =
        app::service::json_setting::current(&state.portal).await?;
    Ok(Json(
        serde_json::from_str(&settings.to_json()).unwrap_or_else(|_| json!({})),
    ))
}

/// `PUT /reviews`: which cases need a review and the root-cause taxonomy;
/// ops and admins. 422 names what is wrong.
async fn set_review_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(app::service::reviews::CONFIGURING)
        .map_err(AppError::from)?;
    let settings = app::domain::review::ReviewSettings::from_json(&request.to_string())
        .map_err(|message| ApiError::unprocessable("invalid_review_settings", message, None))?;
    app::service::json_setting::save(&state.portal, &member, &settings, now()).await?;
    Ok(Json(
        serde_json::from_str(&settings.to_json()).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /risk-signals`: `{"signals": [{name, above, points, why}]}`, the
/// external signals that add to a case's risk on the early-warning desk;
/// ops and admins.
async fn risk_signal_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    use app::service::early_warning as desk;
    member
        .require_configurer(desk::CONFIGURING)
        .map_err(AppError::from)?;
    let signals: app::domain::risk::RiskSignals =
        app::service::json_setting::current(&state.portal).await?;
    Ok(Json(
        serde_json::to_value(&signals).unwrap_or_else(|_| json!({})),
    ))
}

/// `PUT /risk-signals`: replaces the desk's signals; 422 names the entry at
/// fault.
async fn set_risk_signal_settings(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    use app::service::early_warning as desk;
    member
        .require_configurer(desk::CONFIGURING)
        .map_err(AppError::from)?;
    let signals = app::domain::risk::RiskSignals::from_json(&request.to_string())
        .map_err(|message| ApiError::unprocessable("invalid_risk_signals", message, None))?;
    app::service::json_setting::save(&state.portal, &member, &signals, now()).await?;
    Ok(Json(
        serde_json::to_value(&signals).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /rules`: `{rules: [{name, source, mode, version, ...}], firings}`;
/// the shipped examples show at version 0, off, until saved.
async fn rule_list(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = rules::page(&state.portal, &member).await?;
    Ok(Json(
        serde_json::to_value(&page).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /rules/{name}`: every version, newest first (the audit trail).
async fn rule_history(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let versions = rules::history(&state.portal, &member, &name).await?;
    Ok(Json(json!({ "versions": versions })))
}

#[derive(serde::Deserialize)]
struct RuleRequest {
    #[serde(default)]
    source: String,
    #[serde(default)]
    mode: String,
}

/// `PUT /rules/{name}` `{source, mode}`: a new version; 422 with `line` when
/// the source does not parse.
async fn save_rule(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(name): Path<String>,
    ApiJson(request): ApiJson<RuleRequest>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(rules::CONFIGURING)
        .map_err(AppError::from)?;
    rules::parse(&request.source)
        .map_err(|e| ApiError::unprocessable("invalid_rule", e.message.clone(), Some(e.line)))?;
    let saved = rules::save(
        &state.portal,
        &member,
        &name,
        &request.source,
        &request.mode,
        now(),
    )
    .await?;
    Ok(Json(
        serde_json::to_value(&saved).unwrap_or_else(|_| json!({})),
    ))
}

#[derive(serde::Deserialize)]
struct BacktestRequest {
    #[serde(default)]
    source: String,
    #[serde(default)]
    days: Option<i64>,
}

/// `POST /rules/backtest` `{source, days}`: what the draft would have done
/// over the last `days` (30 if left out); 422 with `line` for a bad source.
async fn rule_backtest(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<BacktestRequest>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(rules::CONFIGURING)
        .map_err(AppError::from)?;
    rules::parse(&request.source)
        .map_err(|e| ApiError::unprocessable("invalid_rule", e.message.clone(), Some(e.line)))?;
    let days = request.days.unwrap_or(30);
    let result = rules::backtest(&state.portal, &member, &request.source, days, now()).await?;
    Ok(Json(
        serde_json::to_value(&result).unwrap_or_else(|_| json!({})),
    ))
}

/// `GET /sla/{calendar|policies}`: `{"name", "source"}` (TOML); ops and admins.
async fn sla_setting(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(sla_settings::CONFIGURING)
        .map_err(AppError::from)?;
    let file = SlaFile::parse(&name).ok_or(AppError::NotFound)?;
    let source = sla_settings::export(&state.portal, file)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(json!({ "name": name, "source": source })))
}

#[derive(Deserialize)]
struct SlaSourceRequest {
    source: String,
}

/// `PUT /sla/{calendar|policies}` `{"source"}`: checks, saves and puts the
/// setting in force at once; 422 names the line.
async fn set_sla_setting(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<SlaSourceRequest>,
) -> Result<Json<Value>, ApiError> {
    member
        .require_configurer(sla_settings::CONFIGURING)
        .map_err(AppError::from)?;
    let file = SlaFile::parse(&name).ok_or(AppError::NotFound)?;
    sla_settings::save(&state.portal, &member, file, &request.source, now())
        .await
        .map_err(|error| match error {
            SaveError::Source(e) => ApiError::unprocessable("invalid_setting", e.message, e.line),
            SaveError::App(error) => error.into(),
        })?;
    Ok(Json(json!({ "name": name, "source": request.source })))
}

/// `GET /tiers`: each tier with what customers read, its response
/// objective and its members, and every member's tier and team.
/// `GET /set-aside`: work the background jobs could not do, with its error
/// (newest first); ops and admins.
async fn set_aside(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let items = app::service::set_aside::recent(&state.portal, &member).await?;
    let items: Vec<Value> = items
        .into_iter()
        .map(|item| {
            json!({
                "kind": item.kind,
                "reference": item.reference,
                "error": item.error,
                "at": item.at.to_string(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

async fn tiers_page(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let page = app::service::tiers::page(&state.portal, &member).await?;
    Ok(Json(
        serde_json::to_value(page).unwrap_or_else(|_| json!({})),
    ))
}

#[derive(Deserialize)]
struct PlaceRequest {
    #[serde(default)]
    tier: Option<String>,
    #[serde(default)]
    team: Option<String>,
}

/// `PUT /staff/{email}/place` `{tier?, team?}`: puts a member in a tier and
/// team (missing or blank: none); 422 names the field.
async fn place_staff(
    State(state): State<AppState>,
    Path(email): Path<String>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<PlaceRequest>,
) -> Result<Json<Value>, ApiError> {
    let tier = request.tier.unwrap_or_default();
    let team = request.team.unwrap_or_default();
    app::service::tiers::place(&state.portal, &member, &email, &tier, &team).await?;
    Ok(Json(json!({ "email": email, "tier": tier, "team": team })))
}

/// `POST /staff/{email}/disable`: ends the member's sessions and revokes
/// their tokens at once; admins only, and not themselves.
async fn disable_staff(
    State(state): State<AppState>,
    Path(email): Path<String>,
    Staff(admin): Staff,
) -> Result<Json<Value>, Response> {
    let by = ChangedBy::Admin(&admin);
    let access = staff_access::disable(&state.portal, by, &email, now())
        .await
        .map_err(access_error)?;
    Ok(Json(access_json(&access)))
}

/// `POST /staff/{email}/enable`: lets a disabled member sign in again (old
/// sessions and tokens stay ended); admins only.
async fn enable_staff(
    State(state): State<AppState>,
    Path(email): Path<String>,
    Staff(admin): Staff,
) -> Result<Json<Value>, Response> {
    let access = staff_access::enable(&state.portal, ChangedBy::Admin(&admin), &email)
        .await
        .map_err(access_error)?;
    Ok(Json(access_json(&access)))
}

#[derive(Deserialize)]
struct RevocationRequest {
    #[serde(default)]
    token_id: Option<String>,
    #[serde(default)]
    all: bool,
}

/// `POST /staff/{email}/token-revocations` `{"token_id"}` or `{"all": true}`:
/// the tokens stop working from the next request; admins only.
async fn revoke_tokens(
    State(state): State<AppState>,
    Path(email): Path<String>,
    Staff(admin): Staff,
    ApiJson(request): ApiJson<RevocationRequest>,
) -> Result<Json<Value>, Response> {
    let revocation = staff_access::parse_revocation(request.token_id.as_deref(), request.all)
        .map_err(|e| ApiError::from(AppError::Invalid(e)).into_response())?;
    let by = ChangedBy::Admin(&admin);
    let access = staff_access::revoke_tokens(&state.portal, by, &email, &revocation, now())
        .await
        .map_err(access_error)?;
    Ok(Json(access_json(&access)))
}

fn access_json(access: &MemberAccess) -> Value {
    json!({
        "email": access.email,
        "disabled": access.disabled_at.is_some(),
        "disabled_at": access.disabled_at.map(|at| at.to_string()),
        "sessions_ended": access.sessions_ended,
        "tokens_revoked": access.tokens_revoked,
    })
}

/// An unknown member is a 404 that names the email; the rest as usual.
fn access_error(error: AccessError) -> Response {
    match error {
        AccessError::UnknownMember(_) => {
            let body = json!({ "error": { "code": "not_found", "message": error.to_string() } });
            (StatusCode::NOT_FOUND, Json(body)).into_response()
        }
        AccessError::App(error) => ApiError::from(error).into_response(),
    }
}

async fn list(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let templates = templates::list(&state.portal, &member, now()).await?;
    Ok(Json(json!({ "templates": templates })))
}

#[derive(Deserialize)]
struct PreviewRequest {
    kind: String,
    channel: String,
    #[serde(default)]
    locale: Option<String>,
    source: String,
    /// Render with this case's values instead of the examples.
    #[serde(default)]
    case_reference: Option<String>,
}

async fn preview(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> Result<Json<Value>, ApiError> {
    let kind = TemplateKind::parse(&request.kind).ok_or_else(|| unknown("kind"))?;
    let channel = TemplateChannel::parse(&request.channel).ok_or_else(|| unknown("channel"))?;
    if let Some(raw) = request.locale.as_deref() {
        Locale::parse(raw).ok_or_else(|| unknown("locale"))?;
    }
    let jargon = app::service::jargon::list(&state.portal).await;
    let preview = match request.case_reference.as_deref() {
        Some(reference) => {
            templates::preview_with_case(
                &state.portal,
                &member,
                kind,
                channel,
                &request.source,
                &jargon,
                reference,
                now(),
            )
            .await
        }
        None => templates::preview(&member, kind, channel, &request.source, &jargon),
    }
    .map_err(studio_error)?;
    Ok(Json(json!(preview)))
}

#[derive(Deserialize)]
struct PublishRequest {
    source: String,
    /// RFC 3339; when given, the version goes live then instead of now.
    #[serde(default)]
    publish_at: Option<String>,
}

async fn publish(
    State(state): State<AppState>,
    Path((kind, channel, locale)): Path<(String, String, String)>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<PublishRequest>,
) -> Result<Json<Value>, ApiError> {
    let key = templates::parse_key(&kind, &channel, &locale)?;
    let Some(raw) = request.publish_at.as_deref() else {
        let version = templates::publish(&state.portal, &member, &key, &request.source, now())
            .await
            .map_err(studio_error)?;
        return Ok(Json(json!({ "version": version })));
    };
    let at = raw.trim().parse::<Timestamp>().map_err(|_| {
        invalid(
            PUBLISH_AT,
            "Give the go-live time in RFC 3339, like 2026-11-30T09:00:00Z.",
        )
    })?;
    let version = templates::schedule(&state.portal, &member, &key, &request.source, at, now())
        .await
        .map_err(studio_error)?;
    Ok(Json(
        json!({ "version": version, "publish_at": at.to_string() }),
    ))
}

fn studio_error(error: StudioError) -> ApiError {
    match error {
        StudioError::Broken(broken) => {
            ApiError::unprocessable(broken.code.as_str(), broken.message, broken.line)
        }
        StudioError::App(error) => error.into(),
    }
}

fn unknown(field: &str) -> ApiError {
    invalid(field, &format!("Unknown {field}."))
}

fn invalid(field: &str, message: &str) -> ApiError {
    AppError::Invalid(app::domain::FieldErrors(vec![
        app::domain::FieldError::new(field, message),
    ]))
    .into()
}

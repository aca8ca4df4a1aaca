//! The JSON API under `/api/v1`: the same use cases and rules as the web
//! forms. Every error is `{"error": {"code", "message", "field"?}}`.

use super::client::ClientIp;
use crate::startup::AppState;
use app::api::context::bearer;
use app::domain::Channel;
use app::domain::customer::CustomerEmail;
use app::error::AppError;
use app::service::idempotency::{self, IdempotencyError, IdempotencyKey, MAX_KEY_LEN};
use app::service::{escalations, got_worse, knowledge, my_cases, now};
use app::views::{CaseStatus, RaiseRequest, ResolutionAnswer};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/escalations", post(raise))
        .route("/escalations/{reference}", get(status))
        .route("/escalations/{reference}/confirmation", post(confirm))
        .route("/escalations/{reference}/messages", post(add_message))
        .route("/escalations/{reference}/links", post(fresh_link))
        .route("/escalations/{reference}/worse", post(got_worse))
        .route("/known-problems", get(known_problems))
        .route("/customer/sign-in-links", post(sign_in_link))
        .route("/help/suggestions", get(help_suggestions))
        .route("/signals", post(signals))
        .route("/openapi.json", get(super::openapi::document))
        .fallback(|| async { ApiError::from(AppError::NotFound) })
}

/// An API failure, rendered as JSON with the status that fits.
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
    /// The line of a broken template, for the staff API.
    line: Option<usize>,
    /// Seconds for `Retry-After` (429).
    retry_after: Option<u64>,
}

impl ApiError {
    /// A 400 for a request that cannot be read, e.g. a malformed query string.
    pub fn bad_request(code: &'static str, message: String) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            ..ApiError::unprocessable(code, message, None)
        }
    }

    /// A 422 with its own code, e.g. for a template that does not validate.
    pub fn unprocessable(code: &'static str, message: String, line: Option<usize>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message,
            field: None,
            line,
            retry_after: None,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let field = error
            .field_errors()
            .and_then(|e| e.first())
            .map(|e| e.field.clone());
        let message = match error.field_errors().and_then(|e| e.first()) {
            Some(first) => first.message.clone(),
            None => error.to_string(),
        };
        ApiError {
            status: StatusCode::from_u16(error.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code: error.code(),
            message,
            field,
            line: None,
            retry_after: error.retry_after_secs(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(field) = self.field {
            error["field"] = Value::String(field);
        }
        if let Some(line) = self.line {
            error["line"] = Value::from(line);
        }
        let mut response = (self.status, Json(json!({ "error": error }))).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        response
    }
}

/// `Json` whose rejections (bad JSON, wrong content type, too large) are API errors too.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Every body is an object: serde would read a struct from an array too.
        match Json::<Value>::from_request(request, state).await {
            Ok(Json(value)) if !value.is_object() => Err(ApiError::unprocessable(
                "invalid_input",
                "The request body must be a JSON object.".to_owned(),
                None,
            )),
            Ok(Json(value)) => serde_json::from_value(value).map(ApiJson).map_err(|e| {
                ApiError::unprocessable(
                    "invalid_input",
                    format!("Failed to deserialize the JSON body into the target type: {e}"),
                    None,
                )
            }),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let (code, message) = match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "The request body is larger than 1 MiB.".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Send JSON with Content-Type: application/json.".to_owned(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid_input", rejection.body_text()),
        _ => (
            "bad_request",
            "The request body is not valid JSON.".to_owned(),
        ),
    };
    ApiError {
        status: rejection.status(),
        code,
        message,
        field: None,
        line: None,
        retry_after: None,
    }
}

/// Raises a case. With an `Idempotency-Key` header, a retry gets the first
/// answer again (see `app::service::idempotency`).
async fn raise(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<RaiseRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let new = escalations::parse_raise(&state.portal, &request, Channel::Api, now())
        .await
        .map_err(AppError::Invalid)?;
    state
        .limits
        .intake(client, Some(new.email.as_str()))
        .map_err(AppError::from)?;
    let raised = match key {
        None => escalations::raise(&state.portal, new, now()).await?,
        Some(key) => idempotency::raise(&state.portal, &key, &request, new, now())
            .await
            .map_err(|error| match error {
                IdempotencyError::KeyReused => {
                    ApiError::unprocessable("idempotency_key_reused", error.to_string(), None)
                }
                IdempotencyError::App(error) => error.into(),
            })?,
    };
    let body = json!({
        "reference": raised.reference,
        "token": raised.token,
        "status_url": format!("{}{}", state.public_url, raised.status_path),
        "guarantee": raised.guarantee.map(|g| json!({ "kind": g.kind.code(), "due_at": g.due_at.to_string() })),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(serde::Deserialize)]
struct LinkRequest {
    email: String,
}

/// A new emailed link for a customer whose link stopped working: 202
/// whether or not the address follows the case, so nobody learns who does.
async fn fresh_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<LinkRequest>,
) -> Result<Response, ApiError> {
    // A reference that cannot be one is answered like an unknown case.
    let email = CustomerEmail::parse(&request.email)
        .map_err(|e| AppError::Invalid(app::domain::FieldErrors(vec![e])))?;
    state
        .limits
        .intake(client, Some(email.as_str()))
        .map_err(AppError::from)?;
    escalations::send_fresh_link(&state.portal, &reference, email.as_str(), now()).await?;
    let body = json!({ "message": "If that address gets our emails about this case, we've sent it a new link." });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// A sign-in link to "my cases": 202 whether or not the address has
/// cases, so nobody learns who is a customer.
async fn sign_in_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(request): ApiJson<LinkRequest>,
) -> Result<Response, ApiError> {
    let email = CustomerEmail::parse(&request.email)
        .map_err(|e| AppError::Invalid(app::domain::FieldErrors(vec![e])))?;
    state
        .limits
        .intake(client, Some(email.as_str()))
        .map_err(AppError::from)?;
    my_cases::request_link(&state.portal, &email, now()).await?;
    let body = json!({ "message": "If we have cases from that address, we've emailed it a link to see them all." });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

#[derive(serde::Deserialize)]
struct HelpQuery {
    #[serde(default)]
    q: String,
}

/// Public articles for what a customer is typing: `[{title, url, snippet}]`,
/// best first (none for a query of only common words).
async fn help_suggestions(
    State(state): State<AppState>,
    query: Result<axum::extract::Query<HelpQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let axum::extract::Query(query) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let q = knowledge::checked_query(&query.q)?;
    let found = knowledge::suggestions(&state.portal, q).await?;
    Ok(Json(found).into_response())
}

/// The `Idempotency-Key` header, if sent; a malformed one is a 400.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(IdempotencyKey::parse)
        .map(Some)
        .ok_or_else(|| ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_idempotency_key",
            message: format!(
                "The Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters, such as a UUID."
            ),
            field: None,
            line: None,
            retry_after: None,
        })
}

async fn status(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let token = bearer(&headers).ok_or(AppError::NotFound)?;
    let status = escalations::status(&state.portal, &reference, token, now()).await?;
    Ok(Json(status_json(&status)))
}

/// `GET /known-problems`: the problems we are working on that staff chose
/// to tell people about before they raise a case (customer words only).
async fn known_problems(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let problems = app::service::incidents::known_problems(&state.portal, now()).await?;
    Ok(Json(json!({ "problems": problems })))
}

/// `POST /signals`: readings from a monitoring tool, signed with the
/// instance's signal key in `Baton-Signature`; 202 `{accepted}`. Without a
/// valid, fresh signature: 401, and nothing is read.
async fn signals(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = std::str::from_utf8(&body).map_err(|_| {
        ApiError::bad_request("bad_request", "The body is not UTF-8 JSON.".to_owned())
    })?;
    let signature = headers.get("baton-signature").and_then(|v| v.to_str().ok());
    let accepted = app::service::signals::receive(&state.portal, body, signature, now()).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "accepted": accepted }))).into_response())
}

async fn confirm(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    ApiJson(answer): ApiJson<ResolutionAnswer>,
) -> Result<Json<Value>, ApiError> {
    let token = bearer(&headers).ok_or(AppError::NotFound)?;
    let command = escalations::parse_answer(&answer).map_err(AppError::Invalid)?;
    escalations::answer(&state.portal, &reference, token, command, now()).await?;
    let status = escalations::status(&state.portal, &reference, token, now()).await?;
    Ok(Json(status_json(&status)))
}

#[derive(serde::Deserialize)]
struct NewMessage {
    #[serde(default)]
    body: String,
}

async fn add_message(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    ApiJson(message): ApiJson<NewMessage>,
) -> Result<Response, ApiError> {
    let token = bearer(&headers).ok_or(AppError::NotFound)?;
    escalations::reply(&state.portal, &reference, token, &message.body, now()).await?;
    let status = escalations::status(&state.portal, &reference, token, now()).await?;
    Ok((StatusCode::CREATED, Json(status_json(&status))).into_response())
}

#[derive(serde::Deserialize)]
struct Worse {
    #[serde(default)]
    what_changed: String,
    #[serde(default)]
    severity: String,
}

/// "It got worse": `{what_changed, severity}` with the case's token; 200
/// with the case as it is now (its severity and promise), 429 with
/// `Retry-After` when the last report is too recent.
async fn got_worse(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    ApiJson(worse): ApiJson<Worse>,
) -> Result<Json<Value>, ApiError> {
    let token = bearer(&headers).ok_or(AppError::NotFound)?;
    got_worse::report(
        &state.portal,
        &reference,
        token,
        &worse.what_changed,
        &worse.severity,
        now(),
    )
    .await?;
    let status = escalations::status(&state.portal, &reference, token, now()).await?;
    Ok(Json(status_json(&status)))
}

fn status_json(status: &CaseStatus) -> Value {
    json!({
        "reference": status.reference,
        "subject": status.subject,
        "stage": status.stage.code(),
        "stage_label": status.stage_label,
        "severity": status.severity.code(),
        "next_step": status.next_step,
        "guarantee": status.guarantee.as_ref().map(|g| json!({
            "kind": g.kind.code(),
            "due_at": g.due_at.to_string(),
            "text": format!("{} {} ({})", g.lead, g.due_label, g.zone_label),
        })),
        "timeline": status.timeline.iter().map(|item| json!({
            "at": item.at.to_string(),
            "kind": item.kind,
            "title": item.title,
            "body": item.body,
        })).collect::<Vec<_>>(),
        // A wider problem this case is part of, in customer words only.
        "incident": status.incident.as_ref().map(|incident| json!({
            "title": incident.title,
            "impact": incident.impact,
            "updates": incident.updates.iter().map(|u| json!({
                "at": u.at.to_string(),
                "affected": u.affected,
                "known": u.known,
                "doing": u.doing,
                "text": u.text,
            })).collect::<Vec<_>>(),
            "next_update_by": incident.next_update_by,
            "next_update_at": incident.next_update_at.map(|at| at.to_string()),
            "resolved": incident.resolved,
        })),
    })
}

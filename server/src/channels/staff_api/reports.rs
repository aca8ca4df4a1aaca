//! Reports in the staff API: every table as JSON, or as CSV when asked for
//! with `Accept: text/csv` or a `.csv` path.

use super::Staff;
use crate::channels::api::ApiError;
use crate::startup::AppState;
use app::error::AppError;
use app::service::now;
use app::service::reports::{self, ReportQuery};
use app::views::SlaReport;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `GET /reports/sla?from=&to=&by=&key=`
pub(super) async fn sla(
    State(state): State<AppState>,
    _staff: Staff,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let report = read(&state, query).await?;
    Ok(if wants_csv(&headers) {
        csv_response(&report)
    } else {
        Json(report).into_response()
    })
}

/// `GET /reports/outcomes?from=&to=&by=`: escalation and reopen rates,
/// CSAT, and times to first reply and to resolution per group.
pub(super) async fn outcomes(
    State(state): State<AppState>,
    _staff: Staff,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let report = read(&state, query).await?;
    Ok(if wants_csv(&headers) {
        csv_file(reports::outcomes_csv(&report), "outcomes", &report)
    } else {
        Json(serde_json::json!({
            "from": report.from, "to": report.to, "zone": report.zone,
            "by": report.by, "rows": report.outcomes,
        }))
        .into_response()
    })
}

/// `GET /reports/outcomes.csv`
pub(super) async fn outcomes_csv(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let report = read(&state, query).await?;
    Ok(csv_file(
        reports::outcomes_csv(&report),
        "outcomes",
        &report,
    ))
}

/// `GET /reports/sla.csv?from=&to=&by=&key=`
pub(super) async fn sla_csv(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    Ok(csv_response(&read(&state, query).await?))
}

/// `Accept: text/csv` asks for the table as CSV.
fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

pub(crate) async fn read(
    state: &AppState,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<SlaReport, ApiError> {
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let period = reports::parse(&query, &state.portal.zone, now()).map_err(AppError::Invalid)?;
    let key = query
        .key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    Ok(reports::sla(&state.portal, &period, key).await?)
}

/// The table (or, with a key, the cases behind it) as a CSV download.
pub(crate) fn csv_response(report: &SlaReport) -> Response {
    match report.key {
        Some(_) => csv_file(reports::cases_csv(report), "sla-cases", report),
        None => csv_file(reports::sla_csv(report), "sla", report),
    }
}

/// `body` as a CSV download named for `what` and the report's period.
pub(crate) fn csv_file(body: String, what: &str, report: &SlaReport) -> Response {
    let name = format!(
        "attachment; filename=\"{what}-{}-{}-{}.csv\"",
        report.by.code(),
        report.from,
        report.to
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

//! Reports in the staff API: every table as JSON, or as CSV when asked for
//! with `Accept: text/csv` or a `.csv` path.

use super::Staff;
use crate::channels::api::ApiError;
use crate::startup::AppState;
use app::error::AppError;
use app::service::now;
use app::service::reports::tables::Table;
use app::service::reports::{self, ReportQuery};
use app::views::ReportPage;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `GET /reports/{table}` and `/reports/{table}.csv` for every table; the
/// table is the path's last segment.
pub(super) async fn table(
    State(state): State<AppState>,
    _staff: Staff,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (table, csv) = table_of(uri.path()).ok_or(AppError::NotFound)?;
    let page = read(&state, query).await?;
    Ok(if csv || wants_csv(&headers) {
        csv_file(table, &page)
    } else {
        Json(table.json(&page)).into_response()
    })
}

/// The table a path names, and whether it ends in `.csv`.
pub(crate) fn table_of(path: &str) -> Option<(Table, bool)> {
    let last = path.rsplit('/').next()?;
    match last.strip_suffix(".csv") {
        Some(code) => Table::parse(code).map(|t| (t, true)),
        None => Table::parse(last).map(|t| (t, false)),
    }
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
) -> Result<ReportPage, ApiError> {
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let now = now();
    let period = reports::parse(&query, &state.portal.zone, now).map_err(AppError::Invalid)?;
    Ok(reports::page(&state.portal, &period, now).await?)
}

/// A table (or, for the SLA table with a key, the cases behind it) as a
/// CSV download named for the table and the report's period.
pub(crate) fn csv_file(table: Table, page: &ReportPage) -> Response {
    let mut response = table.csv(page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let name = format!("attachment; filename=\"{}\"", table.file_name(page));
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

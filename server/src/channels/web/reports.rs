//! `GET /staff/reports/{table}.csv`: the reports page's CSV downloads, for
//! the signed-in browser (the staff API serves the same with a token).

use super::signed_in_member;
use crate::channels::staff_api::reports::{csv_file, read, table_of};
use crate::startup::AppState;
use app::service::reports::ReportQuery;
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn table_csv(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    if let Err(to_sign_in) = signed_in_member(&state, &headers).await {
        return to_sign_in;
    }
    let Some((table, true)) = table_of(uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match read(&state, query).await {
        Ok(page) => csv_file(table, &page),
        Err(error) => error.into_response(),
    }
}

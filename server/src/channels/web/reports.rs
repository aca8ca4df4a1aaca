//! `GET /staff/reports/{sla,outcomes}.csv`: the reports page's CSV downloads, for the
//! signed-in browser (the staff API serves the same with a token).

use super::signed_in_member;
use crate::channels::staff_api::reports::{csv_file, csv_response, read};
use crate::startup::AppState;
use app::service::reports::{self, ReportQuery};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

pub async fn sla_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    if let Err(to_sign_in) = signed_in_member(&state, &headers).await {
        return to_sign_in;
    }
    match read(&state, query).await {
        Ok(report) => csv_response(&report),
        Err(error) => error.into_response(),
    }
}

/// `GET /staff/reports/outcomes.csv`
pub async fn outcomes_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    if let Err(to_sign_in) = signed_in_member(&state, &headers).await {
        return to_sign_in;
    }
    match read(&state, query).await {
        Ok(report) => csv_file(reports::outcomes_csv(&report), "outcomes", &report),
        Err(error) => error.into_response(),
    }
}

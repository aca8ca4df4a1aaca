//! `POST /admin/authority`: the grid's ticked boxes become the matrix in force.

use super::{render_again, session_token};
use crate::startup::AppState;
use app::error::AppError;
use app::service::{authority, now, staff_desk};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(ticked): Form<HashMap<String, String>>,
) -> Response {
    let Ok(member) =
        staff_desk::member_for_session(&state.portal, session_token(&headers).as_deref(), now())
            .await
    else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    if let Err(refusal) = authority::require_admin(&member) {
        return (StatusCode::FORBIDDEN, refusal.to_string()).into_response();
    }
    let saved = match authority::parse_keys(ticked.keys().map(String::as_str)) {
        Ok(matrix) => authority::save(&state.portal, &member, &matrix, now()).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(()) => Redirect::to("/admin/authority").into_response(),
        Err(error @ AppError::Invalid(_)) => {
            render_again(
                &state,
                "/admin/authority",
                &headers,
                "authority",
                vec![],
                error,
            )
            .await
        }
        Err(error) => (
            StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            error.to_string(),
        )
            .into_response(),
    }
}

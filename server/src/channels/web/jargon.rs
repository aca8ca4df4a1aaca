//! `POST /ops/jargon`: checks and saves the jargon list, or shows the line
//! that is wrong with everything typed kept.

use super::{render_again, session_token};
use crate::startup::AppState;
use app::error::AppError;
use app::service::{jargon, now, staff_desk};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    source: String,
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let Ok(member) =
        staff_desk::member_for_session(&state.portal, session_token(&headers).as_deref(), now())
            .await
    else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    match jargon::save(&state.portal, &member, &form.source, now()).await {
        Ok(_) => Redirect::to("/ops/jargon").into_response(),
        Err(error @ AppError::Invalid(_)) => {
            render_again(
                &state,
                "/ops/jargon",
                &headers,
                "jargon",
                vec![("source", form.source)],
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

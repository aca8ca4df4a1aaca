//! `POST /unsubscribe`: from the confirmation page's button (token in the
//! form) or a mail client's one-click request (RFC 8058: token in the URL).

use super::not_found;
use crate::startup::AppState;
use app::error::AppError;
use app::service::{now, subscriptions};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct TokenField {
    #[serde(default)]
    token: String,
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TokenField>,
    form: Result<Form<TokenField>, FormRejection>,
) -> Response {
    let token = match form {
        Ok(Form(field)) if !field.token.is_empty() => field.token,
        _ => query.token,
    };
    match subscriptions::unsubscribe(&state.portal, &token, now()).await {
        Ok(()) => Redirect::to(&format!("/unsubscribe?token={token}")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            tracing::error!(?error, "unsubscribe failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "We couldn't stop the emails just now. Please try again in a minute.",
            )
                .into_response()
        }
    }
}

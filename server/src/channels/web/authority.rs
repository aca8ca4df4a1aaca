//! `POST /admin/authority`: the grid's ticked boxes become the matrix in force.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{authority, now};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(ticked): Form<HashMap<String, String>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let fields = ticked.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let saved = match authority::parse_form(fields) {
        Ok(matrix) => authority::save(&state.portal, &member, &matrix, now()).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(()) => Redirect::to("/admin/authority").into_response(),
        // A refusal, a bad box or a failure: the page again, with its status.
        Err(error) => {
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
    }
}

//! `POST /ops/jargon`: checks and saves the jargon list, or shows the line
//! that is wrong with everything typed kept.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{jargon, now};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
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
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match jargon::save(&state.portal, &member, &form.source, now()).await {
        Ok(_) => Redirect::to("/ops/jargon").into_response(),
        Err(error) => {
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
    }
}

//! `POST /ops/tiers/members`: puts a member of staff in a tier and team.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::tiers;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const PAGE: &str = "/ops/tiers";

#[derive(Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    tier: String,
    #[serde(default)]
    team: String,
}

pub async fn place(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<PlaceForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match tiers::place(&state.portal, &member, &form.email, &form.tier, &form.team).await {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => render_again(&state, PAGE, &headers, "place", vec![], error).await,
    }
}

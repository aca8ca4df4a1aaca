//! `POST /ops/sponsors`: key accounts, rotations and rules, as JSON.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{now, sponsors};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const PAGE: &str = "/ops/sponsors";

#[derive(Deserialize)]
pub struct SponsorsForm {
    #[serde(default)]
    json: String,
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SponsorsForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let saved = match sponsors::parse(&form.json) {
        Ok(settings) => sponsors::save(&state.portal, &member, &settings, now()).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => {
            let values = vec![("json", form.json)];
            render_again(&state, PAGE, &headers, "sponsors", values, error).await
        }
    }
}

//! `POST /ops/sponsors`: key accounts, rotations and rules, as JSON.

use super::json_setting::{self, JsonForm};
use crate::startup::AppState;
use app::service::{now, sponsors};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<JsonForm>,
) -> Response {
    let portal = state.portal.clone();
    let act = async |member: &_, json: &str| {
        let settings = sponsors::parse(json)?;
        sponsors::save(&portal, member, &settings, now()).await
    };
    json_setting::save(
        &state,
        &headers,
        "/ops/sponsors",
        "sponsors",
        form.json,
        act,
    )
    .await
}

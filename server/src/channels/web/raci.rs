//! `POST /ops/raci` (the grid's letters) and `POST /ops/raci/types` (the
//! whole matrix as JSON, to add, rename or remove types).

use super::json_setting::{self, JsonForm};
use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{now, raci};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

const PAGE: &str = "/ops/raci";

pub async fn save_grid(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(cells): Form<HashMap<String, String>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let saved = async {
        member.require_configurer(raci::CONFIGURING)?;
        let current = {
            let mut conn = state.portal.store.read().await?;
            raci::matrix(&mut conn).await?
        };
        let matrix = raci::parse_grid(&current, &cells)?;
        raci::save(&state.portal, &member, &matrix, now()).await
    }
    .await;
    match saved {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => render_again(&state, PAGE, &headers, "raci", vec![], error).await,
    }
}

pub async fn save_types(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<JsonForm>,
) -> Response {
    let portal = state.portal.clone();
    let act = async |member: &_, json: &str| {
        let matrix = raci::parse_json(json)?;
        raci::save(&portal, member, &matrix, now()).await
    };
    json_setting::save(&state, &headers, PAGE, "raci-types", form.json, act).await
}

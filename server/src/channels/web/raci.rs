//! `POST /ops/raci` (the grid's letters) and `POST /ops/raci/types` (the
//! whole matrix as JSON, to add, rename or remove types).

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{now, raci};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
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

#[derive(Deserialize)]
pub struct TypesForm {
    #[serde(default)]
    json: String,
}

pub async fn save_types(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<TypesForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let saved = match raci::parse_json(&form.json) {
        Ok(matrix) => raci::save(&state.portal, &member, &matrix, now()).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => {
            let values = vec![("json", form.json)];
            render_again(&state, PAGE, &headers, "raci-types", values, error).await
        }
    }
}

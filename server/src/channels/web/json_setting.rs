//! A setting ops post as one JSON document (sponsors, RACI types,
//! playbooks): saved, then back to its page; refused, the page again with
//! what was typed and the error beside it.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::error::AppError;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct JsonForm {
    #[serde(default)]
    pub json: String,
}

pub async fn save(
    state: &AppState,
    headers: &HeaderMap,
    page: &str,
    form_name: &str,
    json: String,
    save: impl AsyncFnOnce(&StaffMember, &str) -> Result<(), AppError>,
) -> Response {
    let member = match signed_in_member(state, headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match save(&member, &json).await {
        Ok(()) => Redirect::to(page).into_response(),
        Err(error) => {
            let values = vec![("json", json)];
            render_again(state, page, headers, form_name, values, error).await
        }
    }
}

//! The SLA settings forms of the ops console, and their export as files.

use super::api::ApiError;
use super::web::{render_again, signed_in_member};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::domain::{FieldError, FieldErrors};
use app::error::AppError;
use app::service::now;
use app::service::sla_settings::{self, SaveError, SlaFile};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    source: String,
}

/// `POST /ops/sla/{calendar|policies}`: check, save and put in force.
pub async fn save(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let member = match configurer(&state, &headers).await {
        Ok(member) => member,
        Err(response) => return response,
    };
    let Some(file) = SlaFile::parse(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match sla_settings::save(&state.portal, &member, file, &form.source, now()).await {
        Ok(()) => Redirect::to(&format!("/ops/sla#{name}")).into_response(),
        Err(error) => {
            let error = match error {
                SaveError::Source(error) => AppError::Invalid(FieldErrors(vec![FieldError::new(
                    "source",
                    &error.to_string(),
                )])),
                SaveError::App(error) => error,
            };
            render_again(
                &state,
                "/ops/sla",
                &headers,
                &name,
                vec![("source", form.source)],
                error,
            )
            .await
        }
    }
}

/// `GET /ops/sla/{calendar|policies}.toml`: the setting in force, as a file.
pub async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = configurer(&state, &headers).await {
        return response;
    }
    let Some(name) = file.strip_suffix(".toml") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(setting) = SlaFile::parse(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = match sla_settings::export(&state.portal, setting).await {
        Ok(Some(body)) => body,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let disposition = format!("attachment; filename=\"baton-{file}\"");
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// The signed-in member when they may change SLA settings, or the answer to send.
async fn configurer(state: &AppState, headers: &HeaderMap) -> Result<StaffMember, Response> {
    let member = signed_in_member(state, headers).await?;
    match member.require_configurer(sla_settings::CONFIGURING) {
        Ok(()) => Ok(member),
        Err(refusal) => Err((StatusCode::FORBIDDEN, refusal.to_string()).into_response()),
    }
}

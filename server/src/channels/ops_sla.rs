//! The SLA settings forms of the ops console, and their export as files.

use super::web::{render_again, signed_in_member};
use crate::sla_files::{parse_policies, policies_toml};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::error::AppError;
use app::service::sla_settings::{self, CALENDAR, POLICIES};
use app::service::{SlaSettings, now};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;

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
    let Some(checked) = check(&state, &name, &form.source) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let settings = match checked {
        Ok(settings) => settings,
        Err(error) => {
            let message = match error.line {
                Some(line) => format!("Line {line}: {}", error.message),
                None => error.message,
            };
            let invalid = AppError::Invalid(app::domain::FieldErrors(vec![
                app::domain::FieldError::new("source", &message),
            ]));
            return render_again(
                &state,
                "/ops/sla",
                &headers,
                &name,
                vec![("source", form.source)],
                invalid,
            )
            .await;
        }
    };
    match sla_settings::save(
        &state.portal,
        &member,
        &name,
        &form.source,
        &settings.rules,
        now(),
    )
    .await
    {
        Ok(()) => {
            state.portal.set_settings(SlaSettings { ..settings });
            Redirect::to(&format!("/ops/sla#{name}")).into_response()
        }
        Err(error) => {
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

/// The settings in force with `source` put in for `name` (calendar or
/// policies); `None` for another name, an error naming the line for a bad
/// source. Shared by the ops form and the admin API.
pub(crate) fn check(
    state: &AppState,
    name: &str,
    source: &str,
) -> Option<Result<SlaSettings, crate::cli::CalendarFileError>> {
    let mut settings = state.portal.settings();
    let checked = match name {
        CALENDAR => crate::cli::parse_calendar(source).map(|c| settings.calendar = Arc::new(c)),
        POLICIES => parse_policies(source).map(|rules| settings.rules = rules),
        _ => return None,
    };
    Some(checked.map(|()| settings))
}

/// The saved source of a setting: the calendar as ops wrote it, the
/// policies as TOML. `None` for another name or no calendar saved yet.
pub(crate) async fn source_of(state: &AppState, name: &str) -> Option<String> {
    match name {
        CALENDAR => {
            let mut conn = state.portal.store.read().await.ok()?;
            app::store::sla_settings::get(&mut conn, CALENDAR)
                .await
                .ok()
                .flatten()
                .map(|s| s.source)
        }
        POLICIES => Some(policies_toml(&state.portal.rules())),
        _ => None,
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
    let Some(body) = source_of(&state, name).await else {
        return StatusCode::NOT_FOUND.into_response();
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

//! The SLA settings forms of the ops console, and their export as files.

use super::web::{render_again, signed_in_member};
use crate::sla_files::{parse_policies, policies_toml};
use crate::startup::AppState;
use app::error::AppError;
use app::service::sla_settings::{self, CALENDAR, POLICIES};
use app::service::{SlaSettings, now};
use app::store::staff::StaffMember;
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
    let mut settings = state.portal.settings();
    let checked = match name.as_str() {
        CALENDAR => {
            crate::cli::parse_calendar(&form.source).map(|c| settings.calendar = Arc::new(c))
        }
        POLICIES => parse_policies(&form.source).map(|rules| settings.rules = rules),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if let Err(error) = checked {
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
    match sla_settings::save(&state.portal, &member, &name, &form.source, now()).await {
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

/// `GET /ops/sla/{calendar|policies}.toml`: the setting in force, as a file.
pub async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = configurer(&state, &headers).await {
        return response;
    }
    let body = match file.as_str() {
        "calendar.toml" => match state.portal.store.read().await {
            Ok(mut conn) => app::store::sla_settings::get(&mut conn, CALENDAR)
                .await
                .ok()
                .flatten()
                .map(|s| s.source),
            Err(_) => None,
        },
        "policies.toml" => Some(policies_toml(&state.portal.rules())),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(body) = body else {
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
    match sla_settings::require_configurer(&member) {
        Ok(()) => Ok(member),
        Err(refusal) => Err((StatusCode::FORBIDDEN, refusal.to_string()).into_response()),
    }
}

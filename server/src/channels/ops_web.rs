//! The template studio's form posts: Preview (with the examples or a real
//! case), Publish, Schedule, Cancel schedule, Save draft and Roll back. Like the
//! other web forms they work without JavaScript: success redirects (303) to
//! the editor, a preview or a refused publish renders the editor again with
//! the source as typed.

use crate::startup::AppState;
use app::domain::FieldErrors;
use app::domain::StaffMember;
use app::domain::template::{TemplateKey, highlight_html, parse_publish_at};
use app::error::AppError;
use app::service::now;
use app::service::templates::{self, StudioError};
use app::views::{StudioFeedback, TemplateProblem};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/preview",
            post(preview),
        )
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/publish",
            post(publish),
        )
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/draft",
            post(save_draft),
        )
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/rollback",
            post(roll_back),
        )
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/schedule",
            post(schedule),
        )
        .route(
            "/ops/templates/{kind}/{channel}/{locale}/cancel",
            post(cancel_schedule),
        )
}

type TemplatePath = Path<(String, String, String)>;

#[derive(Default, Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    source: String,
    /// Preview with this case's values instead of the examples.
    #[serde(default)]
    case_reference: String,
    /// When a scheduled version goes live (local time, or with an offset).
    #[serde(default)]
    publish_at: String,
}

#[derive(Deserialize)]
pub struct RollBackForm {
    #[serde(default)]
    version: String,
}

pub async fn preview(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let jargon = app::service::jargon::list(&state.portal).await;
    let result = if form.case_reference.trim().is_empty() {
        templates::preview(&member, key.kind, key.channel, &form.source, &jargon)
    } else {
        templates::preview_with_case(
            &state.portal,
            &member,
            key.kind,
            key.channel,
            &form.source,
            &jargon,
            &form.case_reference,
            now(),
        )
        .await
    };
    answer(&state, &page, &headers, form, result.map(Some)).await
}

pub async fn publish(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let result = templates::publish(&state.portal, &member, &key, &form.source, now()).await;
    done(&state, &page, &headers, form, result).await
}

pub async fn schedule(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let result = match parse_publish_at(&form.publish_at, &state.portal.zone) {
        Ok(at) => templates::schedule(&state.portal, &member, &key, &form.source, at, now()).await,
        Err(error) => Err(StudioError::App(AppError::Invalid(FieldErrors(vec![
            error,
        ])))),
    };
    done(&state, &page, &headers, form, result).await
}

pub async fn cancel_schedule(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<RollBackForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return status_page(&state, &page, &headers, AppError::NotFound).await;
    };
    let result = templates::cancel_schedule(&state.portal, &member, &key, version, now()).await;
    done(&state, &page, &headers, SourceForm::default(), result).await
}

pub async fn save_draft(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let result = templates::save_draft(&state.portal, &member, &key, &form.source, now()).await;
    done(&state, &page, &headers, form, result).await
}

pub async fn roll_back(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<RollBackForm>,
) -> Response {
    let (member, key, page) = match editing(&state, &headers, &kind, &channel, &locale).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return status_page(&state, &page, &headers, AppError::NotFound).await;
    };
    let result = templates::roll_back(&state.portal, &member, &key, version, now()).await;
    done(&state, &page, &headers, SourceForm::default(), result).await
}

/// After a studio action: back to the editor, or the editor again with
/// what was wrong and what was typed.
async fn done<T>(
    state: &AppState,
    page: &str,
    headers: &HeaderMap,
    form: SourceForm,
    result: Result<T, StudioError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(page).into_response(),
        Err(error) => answer(state, page, headers, form, Err(error)).await,
    }
}

/// The signed-in member, the template they edit and its page, or the answer
/// to send instead (the sign-in page, or the page with what was wrong).
async fn editing(
    state: &AppState,
    headers: &HeaderMap,
    kind: &str,
    channel: &str,
    locale: &str,
) -> Result<(StaffMember, TemplateKey, String), Response> {
    let member = super::web::signed_in_member(state, headers).await?;
    let page = format!("/ops/templates/{kind}/{channel}/{locale}");
    match templates::parse_key(kind, channel, locale) {
        Ok(key) => Ok((member, key, page)),
        Err(error) => Err(status_page(state, &page, headers, error).await),
    }
}

/// Renders the editor with a preview, a problem in the template or in a
/// field (the case, the go-live time), or (for other errors) the page's own
/// error answer. What was typed is kept.
async fn answer(
    state: &AppState,
    page: &str,
    headers: &HeaderMap,
    form: SourceForm,
    result: Result<Option<app::views::PreviewView>, StudioError>,
) -> Response {
    let mut feedback = StudioFeedback {
        highlighted: highlight_html(&form.source),
        source: form.source,
        case_reference: form.case_reference,
        publish_at: form.publish_at,
        ..StudioFeedback::default()
    };
    let status = match result {
        Ok(preview) => {
            feedback.preview = preview;
            StatusCode::OK
        }
        Err(StudioError::Broken(broken)) => {
            feedback.problem = Some(TemplateProblem::from(&broken));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(StudioError::App(AppError::Invalid(errors))) => {
            feedback.field_errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(StudioError::App(error)) => return status_page(state, page, headers, error).await,
    };
    let mut response = render(state, page, headers, Some(feedback)).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// The page answers a plain GET itself with the right status (403, 404...).
async fn status_page(
    state: &AppState,
    page: &str,
    headers: &HeaderMap,
    error: AppError,
) -> Response {
    let mut response = render(state, page, headers, None).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() =
            StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    response
}

/// Server-renders `path` as a GET would, with the studio's feedback as context.
async fn render(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    feedback: Option<StudioFeedback>,
) -> Response {
    super::web::render_with(state, path, headers, feedback).await
}

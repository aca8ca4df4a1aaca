//! The template studio's form posts: Preview, Publish, Save draft and Roll back. Like the
//! other web forms they work without JavaScript: success redirects (303) to
//! the editor, a preview or a refused publish renders the editor again with
//! the source as typed.

use crate::startup::AppState;
use app::api::context::{STAFF_COOKIE, cookie};
use app::api::studio::{StudioFeedback, TemplateProblem};
use app::error::AppError;
use app::service::templates::{self, StudioError};
use app::service::{Portal, now, staff_desk};
use app::shell;
use app::store::staff::StaffMember;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use leptos::prelude::provide_context;
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
}

type TemplatePath = Path<(String, String, String)>;

#[derive(Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    source: String,
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
    let Some(member) = signed_in(&state, &headers).await else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    let page = format!("/ops/templates/{kind}/{channel}/{locale}");
    let key = match templates::parse_key(&kind, &channel, &locale) {
        Ok(key) => key,
        Err(error) => return status_page(&state, &page, &headers, error).await,
    };
    let result = templates::preview(&member, key.kind, key.channel, &form.source);
    answer(&state, &page, &headers, form.source, result.map(Some)).await
}

pub async fn publish(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let Some(member) = signed_in(&state, &headers).await else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    let page = format!("/ops/templates/{kind}/{channel}/{locale}");
    let key = match templates::parse_key(&kind, &channel, &locale) {
        Ok(key) => key,
        Err(error) => return status_page(&state, &page, &headers, error).await,
    };
    match templates::publish(&state.portal, &member, &key, &form.source, now()).await {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(error) => answer(&state, &page, &headers, form.source, Err(error)).await,
    }
}

pub async fn save_draft(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<SourceForm>,
) -> Response {
    let Some(member) = signed_in(&state, &headers).await else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    let page = format!("/ops/templates/{kind}/{channel}/{locale}");
    let key = match templates::parse_key(&kind, &channel, &locale) {
        Ok(key) => key,
        Err(error) => return status_page(&state, &page, &headers, error).await,
    };
    match templates::save_draft(&state.portal, &member, &key, &form.source, now()).await {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(error) => answer(&state, &page, &headers, form.source, Err(error)).await,
    }
}

pub async fn roll_back(
    State(state): State<AppState>,
    Path((kind, channel, locale)): TemplatePath,
    headers: HeaderMap,
    Form(form): Form<RollBackForm>,
) -> Response {
    let Some(member) = signed_in(&state, &headers).await else {
        return Redirect::to("/staff/sign-in").into_response();
    };
    let page = format!("/ops/templates/{kind}/{channel}/{locale}");
    let key = match templates::parse_key(&kind, &channel, &locale) {
        Ok(key) => key,
        Err(error) => return status_page(&state, &page, &headers, error).await,
    };
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return status_page(&state, &page, &headers, AppError::NotFound).await;
    };
    match templates::roll_back(&state.portal, &member, &key, version, now()).await {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(error) => answer(&state, &page, &headers, String::new(), Err(error)).await,
    }
}

async fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<StaffMember> {
    let header = headers.get(header::COOKIE)?.to_str().ok()?;
    staff_desk::member_for_session(&state.portal, cookie(header, STAFF_COOKIE), now())
        .await
        .ok()
}

/// Renders the editor with a preview, a problem in the template, or (for
/// other errors) the page's own error answer.
async fn answer(
    state: &AppState,
    page: &str,
    headers: &HeaderMap,
    source: String,
    result: Result<Option<app::api::studio::PreviewView>, StudioError>,
) -> Response {
    let (feedback, status) = match result {
        Ok(preview) => (
            StudioFeedback {
                source,
                preview,
                problem: None,
            },
            StatusCode::OK,
        ),
        Err(StudioError::Broken(broken)) => (
            StudioFeedback {
                source,
                preview: None,
                problem: Some(TemplateProblem::from(&broken)),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
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
    let portal: Portal = state.portal.clone();
    let options = state.leptos_options.clone();
    let context_options = options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(portal.clone());
            provide_context(context_options.clone());
            if let Some(feedback) = feedback.clone() {
                provide_context(feedback);
            }
        },
        move || shell(options.clone()),
    );
    let mut request = Request::get(path).body(Body::empty()).unwrap_or_default();
    if let Some(cookie) = headers.get(header::COOKIE) {
        request.headers_mut().insert(header::COOKIE, cookie.clone());
    }
    handler(request).await.into_response()
}

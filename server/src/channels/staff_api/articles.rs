//! The knowledge base in the staff API: search, write, and new versions.

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::service::{knowledge, now};
use app::views::ArticleRequest;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct Search {
    #[serde(default)]
    q: String,
}

/// `GET /articles?q=`: internal and public articles, best match first (the
/// newest without a query).
pub(super) async fn list(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<Search>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(search) =
        query.map_err(|rejection| ApiError::bad_request("bad_request", rejection.body_text()))?;
    let q = knowledge::checked_query(&search.q)?;
    let page = knowledge::staff_page(&state.portal, q, "", "", now()).await?;
    Ok(Json(serde_json::json!({ "articles": page.articles })).into_response())
}

/// `POST /articles`: a new article → 201 with its URL and plain-language advice.
pub(super) async fn create(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<ArticleRequest>,
) -> Result<Response, ApiError> {
    let article = knowledge::create(&state.portal, &member, &request, now()).await?;
    Ok((StatusCode::CREATED, Json(article)).into_response())
}

/// `PUT /articles/{slug}`: a new version (409 if `version` is not the stored one).
pub(super) async fn update(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<ArticleRequest>,
) -> Result<Response, ApiError> {
    let article = knowledge::update(&state.portal, &member, &slug, &request, now()).await?;
    Ok(Json(article).into_response())
}

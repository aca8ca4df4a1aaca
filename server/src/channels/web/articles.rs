//! Knowledge-base forms: staff write and edit articles; a customer says an
//! article answered their question.

use super::{not_found, render_again, signed_in_member};
use crate::channels::client::ClientIp;
use crate::startup::AppState;
use app::components::help_suggestions::SuggestionsAside;
use app::error::AppError;
use app::service::{knowledge, now};
use app::views::ArticleRequest;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    from_case: String,
    /// Empty for a new article.
    #[serde(default)]
    version: String,
}

impl ArticleForm {
    fn request(&self) -> ArticleRequest {
        ArticleRequest {
            title: self.title.clone(),
            body: self.body.clone(),
            visibility: self.visibility.clone(),
            from_case: Some(self.from_case.clone()).filter(|c| !c.trim().is_empty()),
            version: self.version.trim().parse().ok(),
        }
    }

    fn values(self) -> Vec<(&'static str, String)> {
        vec![
            ("title", self.title),
            ("body", self.body),
            ("visibility", self.visibility),
        ]
    }
}

/// `POST /staff/articles`
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ArticleForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match knowledge::create(&state.portal, &member, &form.request(), now()).await {
        Ok(saved) => Redirect::to(&format!("/staff/articles?saved={}", saved.slug)).into_response(),
        Err(error) => {
            let page = match form.from_case.trim() {
                "" => "/staff/articles".to_owned(),
                case => format!("/staff/articles?case={case}"),
            };
            render_again(&state, &page, &headers, "article", form.values(), error).await
        }
    }
}

/// `POST /staff/articles/{slug}`: a new version.
pub async fn update(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ArticleForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match knowledge::update(&state.portal, &member, &slug, &form.request(), now()).await {
        Ok(saved) => Redirect::to(&format!("/staff/articles?saved={}", saved.slug)).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let page = format!("/staff/articles?edit={slug}");
            render_again(&state, &page, &headers, "article", form.values(), error).await
        }
    }
}

/// `POST /help/{slug}/answered`: counted as an escalation that did not need
/// raising.
pub async fn answered(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = state.limits.intake(client, None) {
        return render_again(
            &state,
            &format!("/help/{slug}"),
            &headers,
            "answered",
            Vec::new(),
            refused.into(),
        )
        .await;
    }
    match knowledge::answered(&state.portal, &slug, now()).await {
        Ok(()) => Redirect::to(&format!("/help/{slug}?answered=1")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            tracing::error!(?error, "recording an answered article failed");
            Redirect::to(&format!("/help/{slug}")).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct SuggestionQuery {
    #[serde(default)]
    q: String,
}

/// `GET /help-suggestions?q=`: the raise form's suggestions as a fragment
/// of HTML (the island puts it in place); empty when nothing matches.
pub async fn suggestions_fragment(
    State(state): State<AppState>,
    Query(query): Query<SuggestionQuery>,
) -> Response {
    let q: String = query.q.chars().take(knowledge::MAX_QUERY).collect();
    let html = match knowledge::suggestions(&state.portal, &q).await {
        Ok(items) if !items.is_empty() => {
            use leptos::prelude::*;
            view! { <SuggestionsAside items/> }.to_html()
        }
        Ok(_) => String::new(),
        Err(error) => {
            tracing::error!(?error, "help suggestions failed");
            String::new()
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// The raise page's little script that asks for suggestions while the
/// customer types.
const HELP_SUGGEST_JS: &str = include_str!("../help_suggest.js");

/// `GET /help-suggest.js`
pub async fn suggest_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        HELP_SUGGEST_JS,
    )
        .into_response()
}

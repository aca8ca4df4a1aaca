//! Knowledge-base forms: staff write and edit articles; a customer says an
//! article answered their question.

use super::{not_found, render_again, signed_in_member};
use crate::channels::client::ClientIp;
use crate::startup::AppState;
use app::error::AppError;
use app::service::{knowledge, now};
use app::views::ArticleRequest;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
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
